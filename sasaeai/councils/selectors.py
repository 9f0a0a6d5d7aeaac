"""Reads of the councils app: a council's home, a meeting's whole record, a member's actions,
and the layer-1 inbox of escalated challenges."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from sasaeai.areas.models import Municipality

from .constants import OPEN_ACTION_STATUSES, OPEN_CHALLENGE_STATUSES, MeetingStatus
from .models import (
    ActionItem,
    Challenge,
    Council,
    CouncilMessage,
    Decision,
    Escalation,
    Meeting,
    Membership,
)
from .services import layer1_council_for

RECENT = 5


def councils_of(municipality: Municipality) -> QuerySet[Council]:
    """Layer 1 first, then each 日常生活圏域's council in 50音順."""
    return Council.objects.filter(municipality=municipality).select_related("area")


def council_of(municipality: Municipality, pk: int) -> Council:
    return Council.objects.select_related("area", "municipality").get(
        municipality=municipality, pk=pk
    )


def overdue_first(actions: list[ActionItem], today: datetime.date) -> list[ActionItem]:
    """Overdue (past their due date) first, then by due date; undated last."""
    return sorted(
        actions,
        key=lambda a: (
            not (a.due_on is not None and a.due_on < today),
            a.due_on or datetime.date.max,
            a.pk,
        ),
    )


def open_actions(actions: QuerySet[ActionItem]) -> QuerySet[ActionItem]:
    return (
        actions.filter(status__in=OPEN_ACTION_STATUSES)
        .select_related("council")
        .prefetch_related(Prefetch("owners", queryset=Membership.objects.order_by("kana", "pk")))
    )


@dataclass(frozen=True)
class CouncilHome:
    """Everything the council's home page shows."""

    next_meeting: Meeting | None
    actions_by_owner: list[tuple[str, list[ActionItem]]]
    overdue_count: int
    challenges: list[Challenge]
    decisions: list[Decision]
    messages: list[CouncilMessage]
    answered: list[Escalation]
    inbox: list[Escalation]


def council_home(council: Council, today: datetime.date | None = None) -> CouncilHome:
    today = today or timezone.localdate()
    actions = overdue_first(list(open_actions(council.actions.all())), today)
    by_owner: dict[str, list[ActionItem]] = {}
    for action in actions:
        for owner in action.owners.all():
            by_owner.setdefault(owner.name, []).append(action)
    layer1 = layer1_council_for(council)
    return CouncilHome(
        next_meeting=council.meetings.filter(
            status=MeetingStatus.PLANNED, starts_at__gte=timezone.now()
        )
        .order_by("starts_at")
        .first(),
        actions_by_owner=list(by_owner.items()),
        overdue_count=sum(1 for a in actions if a.due_on is not None and a.due_on < today),
        challenges=list(
            council.challenges.filter(status__in=OPEN_CHALLENGE_STATUSES)
            .select_related("escalation__answer")
            .prefetch_related("status_changes", "evidence")
        ),
        decisions=list(council.decisions.all()[:RECENT]),
        messages=list(layer1.messages_sent.all()[:RECENT]) if layer1 else [],
        answered=list(
            council.escalations_sent.filter(answer__isnull=False)
            .select_related("challenge", "answer")
            .order_by("-answered_at")[:RECENT]
        ),
        inbox=inbox_of(council),
    )


def inbox_of(council: Council) -> list[Escalation]:
    """Challenges escalated to this (layer-1) council and not yet answered, from every area."""
    return list(
        council.escalations_received.filter(answer__isnull=True)
        .select_related("challenge", "from_council__area", "group")
        .order_by("group_id", "-escalated_at")
    )


def meeting_of(council: Council, pk: int) -> Meeting:
    return (
        Meeting.objects.select_related("council__area", "council__municipality")
        .prefetch_related(
            "agenda_items",
            "attendances__membership",
            "materials",
            "decisions",
            Prefetch(
                "actions",
                queryset=ActionItem.objects.select_related("team").prefetch_related("owners"),
            ),
            "reflections__action",
            "teams_formed__members",
        )
        .get(council=council, pk=pk)
    )


def my_actions(user: Any, municipality: Municipality, today: datetime.date) -> list[ActionItem]:
    """The open actions whose owners include the user (through their memberships)."""
    actions = ActionItem.objects.filter(
        council__municipality=municipality, owners__user=user
    ).distinct()
    return overdue_first(list(open_actions(actions)), today)
