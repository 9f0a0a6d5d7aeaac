"""Reads of the councils app: a council's home, a meeting's whole record, a member's actions,
and the layer-1 inbox of escalated challenges."""

from __future__ import annotations

import calendar
import datetime
import unicodedata
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from sasaeai.areas.constants import Layer
from sasaeai.areas.models import Municipality
from sasaeai.resources.constants import Sector
from sasaeai.utils.fiscal_year import (
    current_fiscal_year,
    fiscal_year,
    fiscal_year_moments,
    format_fiscal_year,
)

from .constants import (
    OPEN_ACTION_STATUSES,
    OPEN_CHALLENGE_STATUSES,
    MeetingStatus,
    Priority,
    TargetIndicator,
)
from .models import (
    ActionItem,
    Advice,
    AgendaItem,
    AreaTarget,
    Attendance,
    Challenge,
    ChallengeEvidence,
    ChallengeStatusChange,
    Council,
    CouncilMessage,
    Decision,
    Escalation,
    EscalationHandover,
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
        next_meeting=upcoming(council).first(),
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


def upcoming(council: Council) -> QuerySet[Meeting]:
    """The planned meetings ahead that the council holds or joins, soonest first."""
    planned = meetings_of(council).filter(status=MeetingStatus.PLANNED)
    return planned.filter(starts_at__gte=timezone.now()).order_by("starts_at", "pk")


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

    @property
    def weekday(self) -> str:
        """「火」: shown beside the day where the calendar is a list (a phone)."""
        return "月火水木金土日"[self.day.weekday()] if self.day else ""


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
    (ties in character-code order, so the list reads the same each time). Tags are counted in
    NFKC (「ＩＣＴ」 and 「ICT」 are one), shown as first typed."""
    counts: dict[str, int] = {}
    shown: dict[str, str] = {}
    for member in members:
        for tag in member.interest_tags or []:
            key = unicodedata.normalize("NFKC", tag)
            shown.setdefault(key, tag)
            counts[key] = counts.get(key, 0) + 1
    return sorted(((shown[k], n) for k, n in counts.items()), key=lambda item: (-item[1], item[0]))


# --- layer 1 supports layer 2: messages with read marks, and 助言 -------------------------------


def messages_received(council: Council) -> list[CouncilMessage]:
    """The messages addressed to this (layer-2) council that it has not read yet, however old
    (each must stay reachable for its 「確認しました」), then the latest read ones, newest
    first; each with its receipt here as `receipt` (read or not, by whom)."""
    here = MessageReceipt.objects.filter(council=council).select_related("read_by")
    addressed = (
        CouncilMessage.objects.filter(receipts__council=council)
        .select_related("council")
        .prefetch_related(Prefetch("receipts", queryset=here, to_attr="receipts_here"))
    )
    unread = addressed.filter(receipts__council=council, receipts__read_at__isnull=True)
    read = addressed.filter(receipts__council=council, receipts__read_at__isnull=False)
    messages: list[CouncilMessage] = [*unread, *read[:RECENT]]
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
    if council.layer == Layer.FIRST:
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


BY_PRIORITY = "priority"


def register_years(municipality: Municipality, today: datetime.date) -> list[int]:
    """The 年度 from this one back to that of the municipality's first challenge."""
    first = Challenge.objects.filter(municipality=municipality).aggregate(first=Min("created_at"))
    current = current_fiscal_year(today)
    oldest = fiscal_year(first["first"]) if first["first"] is not None else current
    return list(range(current, min(oldest, current) - 1, -1))


# Filters that compare one column with the chosen value.
EXACT_FILTERS = {
    "status": "status",
    "source": "source",
    "priority": "priority",
    "area": "area_id",
    "layer": "layer",
}


def challenge_register(municipality: Municipality, chosen: dict[str, Any]) -> QuerySet[Challenge]:
    """The municipality's challenges matching the filters, newest first (or high priority
    first), each with its council, 圏域, escalation and number of linked actions."""
    rows = Challenge.objects.filter(municipality=municipality)
    for key, column in EXACT_FILTERS.items():
        if chosen.get(key) not in (None, ""):
            rows = rows.filter(**{column: chosen[key]})
    if chosen.get("category"):
        # why: JSONField's `contains` does not exist on SQLite; the list's JSON text holds
        # each value in double quotes on SQLite and PostgreSQL alike, and no category's value
        # is part of another's.
        rows = rows.filter(categories__icontains=f'"{chosen["category"]}"')
    if chosen.get("year") is not None:
        start, end = fiscal_year_moments(chosen["year"])
        rows = rows.filter(created_at__gte=start, created_at__lt=end)
    # A subquery, not a join with GROUP BY: the count stays right beside the other joins.
    actions = (
        ActionItem.objects.filter(challenge=OuterRef("pk"))
        .order_by()
        .values("challenge")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = rows.select_related("council", "area", "escalation__to_council").annotate(
        action_count=Coalesce(Subquery(actions, output_field=IntegerField()), 0)
    )
    if chosen.get("order") == BY_PRIORITY:
        rank = Case(
            When(priority=Priority.HIGH, then=Value(0)),
            When(priority=Priority.NORMAL, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
        return rows.annotate(rank=rank).order_by("rank", "-created_at", "-pk")
    return rows.order_by("-created_at", "-pk")


def challenge_of(municipality: Municipality, pk: int) -> Challenge:
    """One challenge with its whole record: history, evidence, escalation, and what answered it
    (actions with the resources they gave birth to, projects)."""
    return (
        Challenge.objects.select_related(
            "municipality",
            "council__area",
            "council__municipality",
            "area",
            "source_meeting",
            "escalation__from_council",
            "escalation__to_council",
            "escalation__answer",
        )
        .prefetch_related(
            Prefetch(
                "status_changes",
                queryset=ChallengeStatusChange.objects.select_related("changed_by"),
            ),
            Prefetch(
                "evidence", queryset=ChallengeEvidence.objects.select_related("resource", "meeting")
            ),
            Prefetch(
                "actions",
                queryset=ActionItem.objects.select_related(
                    "council", "resource", "meeting"
                ).order_by("created_at", "pk"),
            ),
            "projects",
        )
        .get(municipality=municipality, pk=pk)
    )


def handovers_of(challenge: Challenge) -> list[EscalationHandover]:
    """The path of an escalated challenge from one layer-1 body to another, oldest first."""
    return list(
        EscalationHandover.objects.filter(escalation__challenge=challenge).select_related(
            "from_council", "to_council", "handed_by"
        )
    )


# How each target reads beside its figure (「目標 8％」, 「目標 12か所」).
TARGET_UNITS: dict[str, str] = {
    TargetIndicator.KAYOI: "か所",
    TargetIndicator.KAYOI_PER_1000: "か所",
    TargetIndicator.PARTICIPATION: "％",
}


@dataclass(frozen=True)
class AreaTargets:
    """One area's targets of one 年度 (None: no target for that figure)."""

    fiscal_year: int
    kayoi: Decimal | None = None
    kayoi_per_1000: Decimal | None = None
    participation: Decimal | None = None

    @property
    def year_label(self) -> str:
        return format_fiscal_year(self.fiscal_year)

    def __bool__(self) -> bool:
        return any(v is not None for v in (self.kayoi, self.kayoi_per_1000, self.participation))


def plain(value: Decimal) -> Decimal:
    """8.00 → 8, 2.50 → 2.5: a target reads as it was meant, not with the column's zeros."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def targets_of(council: Council) -> QuerySet[AreaTarget]:
    """The council's targets, newest 年度 first, then by area and indicator."""
    return (
        AreaTarget.objects.filter(council=council)
        .select_related("area")
        .order_by("-fiscal_year", "area__layer", "area__kana_key", "area__name", "indicator")
    )


def area_targets(municipality: Municipality, fiscal_year: int) -> dict[int, AreaTargets]:
    """Every area's targets of the 年度, by area id (areas without a target are absent)."""
    values: dict[int, dict[str, Decimal]] = {}
    rows = AreaTarget.objects.filter(
        area__municipality=municipality, fiscal_year=fiscal_year
    ).values_list("area_id", "indicator", "value")
    for area_id, indicator, value in rows:
        if indicator in TargetIndicator.values:
            values.setdefault(area_id, {})[indicator] = plain(value)
    return {
        area_id: AreaTargets(fiscal_year=fiscal_year, **by_indicator)
        for area_id, by_indicator in values.items()
    }


def shown_year(fiscal_year: int | None, day: datetime.date | None) -> int:
    """The 年度 whose targets go beside figures of a moment: the closed 年度 shown, the 年度
    of a chosen past day, else the current one."""
    if fiscal_year is not None:
        return fiscal_year
    return current_fiscal_year(day)


# How many targets the council home lists before 「ほか N件」 (the targets page lists them all).
TARGETS_ON_HOME = 5


@dataclass(frozen=True)
class TargetsSummary:
    """The council home's short list of targets, from the current 年度 on: (target, value,
    unit) rows and how many more there are."""

    rows: list[tuple[AreaTarget, Decimal, str]]
    more: int


def targets_summary(council: Council, today: datetime.date) -> TargetsSummary:
    upcoming = targets_of(council).filter(fiscal_year__gte=current_fiscal_year(today))
    # Oldest 年度 first here: the home's list begins with the year under way.
    found = list(upcoming.order_by("fiscal_year", "area__layer", "area__kana_key", "indicator"))
    rows = [(t, plain(t.value), TARGET_UNITS.get(t.indicator, "")) for t in found[:TARGETS_ON_HOME]]
    return TargetsSummary(rows, max(len(found) - TARGETS_ON_HOME, 0))
