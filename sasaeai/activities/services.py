"""Writes of the activity log and of つなぎ. Every write is one transaction with history (who,
when); a refused write names the field in Japanese and writes nothing."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NoReturn

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sasaeai.accounts.constants import Perm
from sasaeai.accounts.permissions import has_perm, may_edit_in
from sasaeai.areas.models import Area, Municipality
from sasaeai.core.history import history_user
from sasaeai.core.versioning import claim_version
from sasaeai.resources.models import Organization, Resource
from sasaeai.utils.wareki import to_wareki

from .constants import CONNECTION_TRANSITIONS, ActivityKind, ConnectionPurpose, ConnectionStatus
from .models import Activity, Connection, ConnectionStatusChange

ORGANIZATION, RESOURCE = "org", "res"


def refuse(field_name: str, message: str) -> NoReturn:
    raise ValidationError({field_name: message})


@dataclass(frozen=True)
class Actor:
    """One side of a つなぎ, and a node of the network: an organisation or a resource."""

    organization: Organization | None = None
    resource: Resource | None = None

    @property
    def key(self) -> str:
        if self.organization is not None:
            return f"{ORGANIZATION}:{self.organization.pk}"
        assert self.resource is not None
        return f"{RESOURCE}:{self.resource.pk}"

    @property
    def name(self) -> str:
        return (self.organization or self.resource).name  # type: ignore[union-attr]


def actor_of(municipality: Municipality, key: str, field_name: str) -> Actor:
    """The actor a form's value names ("org:12" or "res:34"), of this municipality only."""
    kind, _sep, number = key.partition(":")
    if not number.isdecimal() or kind not in (ORGANIZATION, RESOURCE):
        refuse(field_name, _("団体か地域資源を選んでください。"))
    model = Organization if kind == ORGANIZATION else Resource
    found = model.objects.filter(municipality=municipality, pk=int(number)).first()
    if found is None:
        refuse(field_name, _("この市町村の団体か地域資源を選んでください。"))
    if kind == ORGANIZATION:
        return Actor(organization=found)  # type: ignore[arg-type]
    return Actor(resource=found)  # type: ignore[arg-type]


@dataclass(frozen=True)
class ActivityInput:
    done_on: datetime.date
    kind: str
    summary: str
    minutes: int = 60
    areas: Sequence[Area] = ()
    organizations: Sequence[Organization] = ()
    resources: Sequence[Resource] = ()
    people: str = ""
    outcome: str = ""
    follow_up_on: datetime.date | None = None


@dataclass(frozen=True)
class ConnectionInput:
    source: Actor
    target: Actor
    purpose: str
    status: str = ConnectionStatus.PROPOSED
    note: str = ""
    made_on: datetime.date | None = None  # the activity's day when empty
    extra: dict[str, Any] = field(default_factory=dict)


def check_activity(municipality: Municipality, values: ActivityInput) -> None:
    if values.kind not in ActivityKind.values:
        refuse("kind", _("活動の種類を選んでください。"))
    if not values.summary.strip():
        refuse("summary", _("内容を入力してください。"))
    if not 0 <= values.minutes <= 24 * 60:
        refuse("minutes", _("時間は0〜1,440分で入力してください。"))
    if values.follow_up_on is not None and values.follow_up_on < values.done_on:
        refuse("follow_up_on", _("次の対応日は活動の日付以降にしてください。"))
    for name, records in (
        ("areas", values.areas),
        ("organizations", values.organizations),
        ("resources", values.resources),
    ):
        if any(r.municipality_id != municipality.pk for r in records):
            refuse(name, _("この市町村のものを選んでください。"))


def check_connection(item: ConnectionInput) -> None:
    if item.purpose not in ConnectionPurpose.values:
        refuse("purpose", _("つなぎの目的を選んでください。"))
    if item.status not in ConnectionStatus.values:
        refuse("status", _("つなぎの状態を選んでください。"))
    if item.source.key == item.target.key:
        refuse("target", _("つなぐ元と同じ相手は選べません。"))


@transaction.atomic
def activity_record(
    *,
    municipality: Municipality,
    coordinator: Any,
    values: ActivityInput,
    connections: Sequence[ConnectionInput] = (),
    user: Any,
) -> Activity:
    """An activity, with the つなぎ it made, in one step."""
    check_activity(municipality, values)
    for item in connections:
        check_connection(item)
    with history_user(user):
        activity = Activity.objects.create(
            municipality=municipality,
            done_on=values.done_on,
            coordinator=coordinator,
            kind=values.kind,
            people=values.people.strip(),
            minutes=values.minutes,
            summary=values.summary.strip(),
            outcome=values.outcome.strip(),
            follow_up_on=values.follow_up_on,
            created_by=user,
        )
        activity.areas.set(values.areas)
        activity.organizations.set(values.organizations)
        activity.resources.set(values.resources)
    for item in connections:
        connection_create(
            municipality=municipality, item=item, activity=activity, on=values.done_on, user=user
        )
    return activity


@transaction.atomic
def connection_create(
    *,
    municipality: Municipality,
    item: ConnectionInput,
    user: Any,
    activity: Activity | None = None,
    on: datetime.date | None = None,
) -> Connection:
    """A つなぎ with its first dated status."""
    check_connection(item)
    made_on = item.made_on or on
    if made_on is None:
        refuse("made_on", _("日付を入力してください。"))
    with history_user(user):
        connection = Connection.objects.create(
            municipality=municipality,
            from_organization=item.source.organization,
            from_resource=item.source.resource,
            to_organization=item.target.organization,
            to_resource=item.target.resource,
            made_on=made_on,
            purpose=item.purpose,
            activity=activity,
            status=item.status,
            note=item.note.strip(),
            created_by=user,
        )
        ConnectionStatusChange.objects.create(
            connection=connection, status=item.status, changed_on=made_on, changed_by=user
        )
    return connection


def may_change_connection(connection: Connection, user: Any) -> bool:
    """つなぎ are scoped by their activity's areas: the coordinator who recorded the activity, or
    whoever may edit in one of its areas (the municipal admin and layer 1 everywhere). A つなぎ
    with no activity, or an activity with no area, by whoever may edit somewhere here."""
    activity = connection.activity
    if activity is not None and activity.coordinator_id == getattr(user, "pk", None):
        return True
    areas = list(activity.areas.all()) if activity is not None else []
    return may_edit_in(user, connection.municipality, areas)


def may_correct_activity(activity: Activity, user: Any) -> bool:
    """An activity is corrected by the coordinator who recorded it, or by the municipal admin
    and layer 1 (an edit right not limited to one 圏域)."""
    if activity.coordinator_id == getattr(user, "pk", None):
        return True
    return has_perm(user, Perm.EDIT_AREA, activity.municipality)


@transaction.atomic
def connection_set_status(
    *, connection: Connection, status: str, on: datetime.date, user: Any
) -> Connection:
    """提案 → 実現 → 継続 / 終了, dated; no step back and no date before the last change."""
    locked = Connection.objects.select_for_update().get(pk=connection.pk)
    if not may_change_connection(locked, user):
        raise PermissionDenied(_("担当していない圏域のつなぎは変えられません。"))
    if status not in CONNECTION_TRANSITIONS.get(locked.status, frozenset()):
        refuse(
            "status",
            _("「%(now)s」から「%(next)s」には変えられません。")
            % {
                "now": locked.get_status_display(),
                "next": dict(ConnectionStatus.choices).get(status, status),
            },
        )
    last = locked.status_changes.order_by("-changed_on").values_list("changed_on", flat=True)
    if last and on < last[0]:
        refuse(
            "changed_on",
            _("前の状態の日付（%(day)s）より後にしてください。") % {"day": to_wareki(last[0])},
        )
    with history_user(user):
        locked.status = status
        locked.save(update_fields=["status"])
        ConnectionStatusChange.objects.create(
            connection=locked, status=status, changed_on=on, changed_by=user
        )
    return locked


@transaction.atomic
def activity_update(
    *, activity: Activity, values: ActivityInput, user: Any, expected_version: int | None = None
) -> Activity:
    """Correct an activity (its つなぎ are changed on their own list); refused with
    EditConflictError when it was saved since the form was opened at `expected_version`."""
    if not may_correct_activity(activity, user):
        raise PermissionDenied(_("この活動記録を直す権限がありません。"))
    check_activity(activity.municipality, values)
    claim_version(activity, expected_version, what=_("活動記録"))
    with history_user(user):
        for name in ("done_on", "kind", "minutes", "follow_up_on"):
            setattr(activity, name, getattr(values, name))
        activity.people = values.people.strip()
        activity.summary = values.summary.strip()
        activity.outcome = values.outcome.strip()
        activity.save()
        activity.areas.set(values.areas)
        activity.organizations.set(values.organizations)
        activity.resources.set(values.resources)
    return activity
