"""Contacts' personal data under the retention period (core.retention): a contact's name, phone
number and e-mail address go once its resource has been 終了 for longer than the period, or
once the contact was removed that long ago (then only its history rows hold them)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from sasaeai.core.retention import (
    PURGED_TEXT,
    PurgeKind,
    deleted_pks,
    ended_text,
    register_purge,
    start_of,
)

from .constants import ResourceStatus
from .models import Contact, Organization, Resource


def ended_at(resource_pks: list[int]) -> dict[int, datetime.datetime]:
    """When each resource became 終了 for the last time, from its history (a resource has no
    end date of its own): the first row of its latest run of 終了 rows. A resource ended
    without a history row (none is written that way) is left alone: its end is unknown."""
    ended: dict[int, datetime.datetime] = {}
    rows = (
        Resource.history.filter(id__in=resource_pks)
        .order_by("id", "history_date", "history_id")
        .values_list("id", "status", "history_date")
    )
    for pk, status, at in rows:
        if status == ResourceStatus.ENDED:
            ended.setdefault(pk, at)
        else:
            ended.pop(pk, None)
    return ended


def contacts_due(municipality: Any, cutoff: datetime.date) -> dict[int, str]:
    due: dict[int, str] = {}
    ended_resources = list(
        Resource.objects.filter(municipality=municipality, status=ResourceStatus.ENDED).values_list(
            "pk", flat=True
        )
    )
    over = {
        pk: ended_text(at, _("地域資源が終了"))
        for pk, at in ended_at(ended_resources).items()
        if at < start_of(cutoff)
    }
    # The contacts there now and those that were there once (their history rows).
    for pk, resource in Contact.objects.filter(resource__in=list(over)).values_list(
        "pk", "resource"
    ):
        due[pk] = over[resource]
    for pk, resource in (
        Contact.history.filter(resource_id__in=list(over))
        .values_list("id", "resource_id")
        .distinct()
    ):
        due.setdefault(pk, over[resource])
    # Removed contacts of any resource or organisation of the municipality, deleted or not.
    # Their history rows name the resource and organisation by pk, found in those histories.
    removed = deleted_pks(Contact, Contact.history.filter(of_municipality(municipality)))
    for pk, row in removed.items():
        if row.history_date < start_of(cutoff):
            due.setdefault(pk, ended_text(row.history_date, _("連絡先を削除")))
    return due


def of_municipality(municipality: Any) -> Q:
    """Contact history rows of the municipality's resources and organisations, those deleted
    since included (the Contact table names its municipality only through them)."""
    resources = Resource.history.filter(municipality=municipality).values("id")
    organizations = Organization.history.filter(municipality=municipality).values("id")
    return Q(resource_id__in=resources) | Q(organization_id__in=organizations)


def contact_label(contact: Any) -> str:
    """「地域資源『…』の連絡先（代表者）」, without the person's name."""
    owner = resource_or_organization(contact)
    role = contact.get_role_display()
    return _("%(owner)sの連絡先（%(role)s）") % {"owner": owner, "role": role}


def resource_or_organization(contact: Any) -> str:
    if contact.resource_id:
        resource = Resource.objects.filter(pk=contact.resource_id).values_list("name", flat=True)
        found = resource.first() or latest_name(Resource, contact.resource_id)
        return _("地域資源「%(name)s」") % {"name": found}
    organization = Organization.objects.filter(pk=contact.organization_id)
    found = organization.values_list("name", flat=True).first() or latest_name(
        Organization, contact.organization_id
    )
    return _("運営主体「%(name)s」") % {"name": found}


def latest_name(model: Any, pk: int | None) -> str:
    row = model.history.filter(id=pk).order_by("-history_date", "-history_id").first()
    return row.name if row is not None else _("（不明）")


def register() -> None:
    register_purge(
        PurgeKind(
            key="contacts",
            title=_("連絡先の氏名・電話番号・メールアドレス"),
            model=Contact,
            cleared={"name": PURGED_TEXT, "phone": "", "email": ""},
            due=contacts_due,
            label=contact_label,
            order=10,
        )
    )
