"""Reads of the councils app: a council's home, a meeting's whole record, a member's actions,
and the layer-1 inbox of escalated challenges."""

from __future__ import annotations

import calendar
import datetime
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sasaeai.areas.models import Municipality
from sasaeai.resources.constants import Sector
from sasaeai.utils.fiscal_year import fiscal_year

from .constants import OPEN_ACTION_STATUSES, OPEN_CHALLENGE_STATUSES, MeetingStatus
from .models import (
    ActionItem,
    Advice,
    AgendaItem,
    Attendance,
    Challenge,
    Council,
    CouncilMessage,
    Decision,
    Escalation,
    Meeting,
    MeetingGuest,
    Membership,
    MessageReceipt,
    ReflectionItem,
)
from .services import layer1_bodies, layer1_bodies_above

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
        .select_related("council", "resource")
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
    return CouncilHome(
        next_meeting=meetings_of(council)
        .filter(status=MeetingStatus.PLANNED, starts_at__gte=timezone.now())
        .order_by("starts_at")
        .first(),
        actions_by_owner=list(by_owner.items()),
        overdue_count=sum(1 for a in actions if a.due_on is not None and a.due_on < today),
        challenges=list(
            council.challenges.filter(status__in=OPEN_CHALLENGE_STATUSES)
            .select_related("escalation__answer", "escalation__to_council")
            .prefetch_related(
                "status_changes", "evidence", *(f"escalation__{path}" for path in HANDOVERS)
            )
        ),
        decisions=list(council.decisions.all()[:RECENT]),
        messages=messages_received(council),
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
        .select_related("challenge", "from_council__area", "to_council", "group")
        .prefetch_related(*HANDOVERS)
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
                queryset=ActionItem.objects.select_related(
                    "team", "resource", "challenge"
                ).prefetch_related("owners"),
            ),
            "reflections__action",
            "teams_formed__members",
            "guests__organization",
            Prefetch("joint_councils", queryset=Council.objects.select_related("area")),
        )
        .get(council=council, pk=pk)
    )


def meetings_of(council: Council) -> QuerySet[Meeting]:
    """The meetings the council holds or holds jointly with others, newest first, each with
    the state of its record (with_record_state)."""
    joint = Meeting.joint_councils.through.objects.filter(council=council).values("meeting_id")
    return with_record_state(
        Meeting.objects.filter(Q(council=council) | Q(pk__in=joint)).select_related("council")
    )


def with_record_state(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Annotate what of each meeting's record is saved (read by RecordState.of): attendance
    (members ticked, or participants recorded), minutes (the 議事録 or an agenda item's notes),
    and outcomes (a decision, an action, a reflection, or 「記録なし」 said on purpose)."""
    here = OuterRef("pk")
    return meetings.annotate(
        has_attendance=Exists(Attendance.objects.filter(meeting=here))
        | Exists(MeetingGuest.objects.filter(meeting=here))
        | Q(guests_count__gt=0),
        has_minutes=~Q(minutes="")
        | Exists(AgendaItem.objects.filter(meeting=here).exclude(notes="")),
        has_outcomes=Q(no_outcomes=True)
        | Exists(Decision.objects.filter(meeting=here))
        | Exists(ActionItem.objects.filter(meeting=here))
        | Exists(ReflectionItem.objects.filter(meeting=here)),
    )


@dataclass(frozen=True)
class RecordState:
    """What of a meeting's record is saved. It is complete with attendance, minutes and at
    least one of decisions / actions / reflection (or an explicit 「記録なし」)."""

    attendance: bool
    minutes: bool
    outcomes: bool

    @classmethod
    def of(cls, meeting: Meeting) -> RecordState:
        """From a meeting annotated by with_record_state."""
        return cls(
            attendance=bool(meeting.has_attendance),  # type: ignore[attr-defined]
            minutes=bool(meeting.has_minutes),  # type: ignore[attr-defined]
            outcomes=bool(meeting.has_outcomes),  # type: ignore[attr-defined]
        )

    @property
    def complete(self) -> bool:
        return self.attendance and self.minutes and self.outcomes

    @property
    def missing(self) -> list[str]:
        """The parts still to record, as the meeting page names them."""
        parts = [
            (self.attendance, _("出欠")),
            (self.minutes, _("議事録")),
            (self.outcomes, _("決定事項・実践・振り返り")),
        ]
        return [str(label) for saved, label in parts if not saved]


def record_state(meeting: Meeting) -> RecordState:
    return RecordState.of(with_record_state(Meeting.objects.filter(pk=meeting.pk)).get())


def to_record(council: Council, now: datetime.datetime | None = None) -> list[Meeting]:
    """Meetings whose start has passed, not called off, with their record not yet complete:
    the council home shows 「記録する」 for each until it is (oldest first)."""
    now = now or timezone.now()
    meetings = (
        meetings_of(council).filter(starts_at__lte=now).exclude(status=MeetingStatus.CANCELLED)
    )
    waiting = [m for m in meetings.order_by("starts_at", "pk") if not RecordState.of(m).complete]
    for meeting in waiting:
        meeting.record = RecordState.of(meeting)  # type: ignore[attr-defined]
    return waiting


@dataclass(frozen=True)
class MeetingYear:
    """One 年度 of a council's meeting list: its meetings newest first."""

    fiscal_year: int
    meetings: list[Meeting]


def meeting_years(council: Council) -> list[MeetingYear]:
    """Every meeting of the council by 年度 (newest 年度 first, newest meeting first), each
    with its record state as `record`."""
    years: dict[int, list[Meeting]] = {}
    for meeting in meetings_of(council).order_by("-starts_at", "-pk"):
        meeting.record = RecordState.of(meeting)  # type: ignore[attr-defined]
        day = timezone.localtime(meeting.starts_at).date()
        years.setdefault(fiscal_year(day), []).append(meeting)
    return [MeetingYear(year, meetings) for year, meetings in years.items()]


@dataclass(frozen=True)
class CalendarDay:
    day: datetime.date | None  # None: a blank cell before the 1st or after the last day
    meetings: list[Meeting]


def month_calendar(council: Council, year: int, month: int) -> list[list[CalendarDay]]:
    """The month as weeks from Monday to Sunday, each day with the council's meetings."""
    first = datetime.date(year, month, 1)
    days_in = calendar.monthrange(year, month)[1]
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(first, datetime.time(), tzinfo=zone)
    end = start + datetime.timedelta(days=days_in)
    by_day: dict[datetime.date, list[Meeting]] = {}
    found = meetings_of(council).filter(starts_at__gte=start, starts_at__lt=end)
    for meeting in found.order_by("starts_at", "pk"):
        by_day.setdefault(timezone.localtime(meeting.starts_at).date(), []).append(meeting)
    cells = [CalendarDay(None, [])] * first.weekday()
    cells += [
        CalendarDay(day, by_day.get(day, []))
        for day in (first + datetime.timedelta(days=n) for n in range(days_in))
    ]
    cells += [CalendarDay(None, [])] * (-len(cells) % 7)
    return [cells[i : i + 7] for i in range(0, len(cells), 7)]


@dataclass(frozen=True)
class SectorCount:
    """How many of one sector took part: members present and other participants."""

    sector: str
    label: str
    members: int
    guests: int

    @property
    def total(self) -> int:
        return self.members + self.guests


def participants_by_sector(meeting: Meeting) -> list[SectorCount]:
    """The meeting's participants by sector, in the sectors' order, sectors with nobody
    left out (the head count of people not recorded one by one is `meeting.guests_count`)."""
    members = Counter(a.membership.sector for a in meeting.attendances.all() if a.present)
    guests = Counter(g.sector for g in meeting.guests.all())
    return [
        SectorCount(value, str(label), members[value], guests[value])
        for value, label in Sector.choices
        if members[value] or guests[value]
    ]


def my_actions(user: Any, municipality: Municipality, today: datetime.date) -> list[ActionItem]:
    """The open actions whose owners include the user (through their memberships)."""
    actions = ActionItem.objects.filter(
        council__municipality=municipality, owners__user=user
    ).distinct()
    return overdue_first(list(open_actions(actions)), today)


def interest_tag_counts(members: list[Membership]) -> list[tuple[str, int]]:
    """「メンバーの関心」: each tag of the members with how many chose it, most chosen first
    (ties in character-code order, so the list reads the same each time)."""
    counts: dict[str, int] = {}
    for member in members:
        for tag in member.interest_tags or []:
            counts[tag] = counts.get(tag, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


# --- layer 1 supports layer 2: messages with read marks, and 助言 -------------------------------


def messages_received(council: Council) -> list[CouncilMessage]:
    """The latest messages addressed to this (layer-2) council, newest first, each with its
    receipt here as `receipt` (read or not, by whom)."""
    here = MessageReceipt.objects.filter(council=council).select_related("read_by")
    messages: list[CouncilMessage] = list(
        CouncilMessage.objects.filter(receipts__council=council)
        .select_related("council")
        .prefetch_related(Prefetch("receipts", queryset=here, to_attr="receipts_here"))[:RECENT]
    )
    for message in messages:
        message.receipt = message.receipts_here[0]  # type: ignore[attr-defined]
    return messages


@dataclass(frozen=True)
class SentMessage:
    """A message a layer-1 council sent, with which of its councils have read it."""

    message: CouncilMessage
    receipts: list[MessageReceipt]

    @property
    def read(self) -> list[MessageReceipt]:
        return [r for r in self.receipts if r.read_at is not None]

    @property
    def read_count(self) -> int:
        return len(self.read)

    @property
    def unread(self) -> list[Council]:
        return [r.council for r in self.receipts if r.read_at is None]


def messages_sent(council: Council) -> list[SentMessage]:
    """The latest messages this (layer-1) council sent, newest first, with each receiving
    council's read mark in the order of the areas."""
    receipts = MessageReceipt.objects.select_related("council__area", "read_by").order_by(
        "council__area__kana_key", "council__name"
    )
    messages = council.messages_sent.prefetch_related(Prefetch("receipts", queryset=receipts))
    return [SentMessage(m, list(m.receipts.all())) for m in messages[:RECENT]]


def advice_on(council: Council, meeting: Meeting | None = None) -> list[Advice]:
    """助言 newest first: all of the council's (on itself or any of its meetings, the
    meeting named), or only those on one meeting."""
    found = Advice.objects.filter(council=council).select_related("written_by", "meeting")
    if meeting is not None:
        found = found.filter(meeting=meeting)
    return list(found.order_by("-written_at", "-pk"))


# --- layer-1 structure: 専門部会 -----------------------------------------------------------------

# The path of an escalation passed on between layer-1 bodies (EscalationHandover, in order).
HANDOVERS = ("handovers__from_council", "handovers__to_council")


def subcommittees_under_parents(councils: QuerySet[Council]) -> list[Council]:
    """The councils in their order, each 専門部会 moved right under its parent council."""
    listed = list(councils)
    shown = {c.pk: c for c in listed}
    by_parent: dict[int, list[Council]] = {}
    for council in listed:
        if council.parent_id in shown:
            council.parent = shown[council.parent_id]  # the list names it: no query per row
            by_parent.setdefault(council.parent_id, []).append(council)
    ordered: list[Council] = []
    for council in listed:
        # A sub-committee whose parent is not in the list keeps its own place.
        if council.parent_id is None or council.parent_id not in shown:
            ordered += [council, *by_parent.get(council.pk, [])]
    return ordered


def council_structure(council: Council) -> dict[str, Any]:
    """For the council's home: its parent (a 専門部会's) or its sub-committees, the layer-1
    bodies a layer-2 council may send a challenge to, and the bodies a layer-1 council may
    pass an escalated challenge on to."""
    parent = council.parent
    if council.layer == 1:
        main = parent or council
        bodies = [b for b in layer1_bodies(main) if b.pk != council.pk]
        above: list[Council] = []
    else:
        bodies, above = [], layer1_bodies_above(council)
    return {
        "parent_council": parent,
        "subcommittees": list(council.subcommittees.order_by("name", "pk")),
        "escalation_bodies": above,
        "handover_bodies": bodies,
    }
