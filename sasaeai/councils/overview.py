"""The layer-1 overview across its layer-2 councils (issue #23, build point 5): per council the
last meeting that has started and the next planned one (joint meetings included), open and overdue actions, the latest decisions, 地域課題
by status and members by sector. Each figure is one aggregate query over all the councils
(about ten queries whatever their number: a city has up to 150 layer-2 councils)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.expressions import Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from sasaeai.resources.constants import Sector

from .constants import OPEN_ACTION_STATUSES, ChallengeStatus, MeetingStatus
from .models import ActionItem, Challenge, Council, Decision, Meeting, Membership
from .services import councils_below

RECENT_DECISIONS = 3


@dataclass
class CouncilOverview:
    """One layer-2 council's line of the overview."""

    council: Council
    last_meeting: Meeting | None = None
    next_meeting: Meeting | None = None
    open_actions: int = 0
    overdue_actions: int = 0
    decisions: list[Decision] = field(default_factory=list)
    # Every status (提起 … 継続) and every sector, in their order, zeros included: the table's
    # columns line up and a test can read any figure.
    challenges: dict[str, int] = field(default_factory=dict)
    members: dict[str, int] = field(default_factory=dict)

    @property
    def members_total(self) -> int:
        return sum(self.members.values())

    @property
    def members_by_sector(self) -> list[tuple[str, int]]:
        """(sector label, count) of the sectors with anyone, in the sectors' order."""
        return [(str(Sector(s).label), n) for s, n in self.members.items() if n]


def overview(council: Council, today: datetime.date | None = None) -> list[CouncilOverview]:
    """The overview of the layer-2 councils below a layer-1 council, in the areas' order.
    Overdue: an open action (未着手・進行中) due before today; members: those whose term
    covers today."""
    today = today or timezone.localdate()
    now = timezone.now()
    # The council's own meetings and those it holds jointly, as on its home and its list.
    joint = Meeting.joint_councils.through.objects.filter(council=OuterRef(OuterRef("pk")))
    its = Meeting.objects.filter(Q(council=OuterRef("pk")) | Q(pk__in=joint.values("meeting_id")))
    # The last one that has started and was not called off, whether recorded yet or not: the
    # one layer 1 wants to see most is the one still waiting for its record.
    held = its.filter(starts_at__lte=now).exclude(status=MeetingStatus.CANCELLED)
    planned = its.filter(status=MeetingStatus.PLANNED, starts_at__gt=now)
    councils: list[Council] = list(
        councils_below(council)
        .annotate(
            last_id=Subquery(held.order_by("-starts_at", "-pk").values("pk")[:1]),
            next_id=Subquery(planned.order_by("starts_at", "pk").values("pk")[:1]),
        )
        .order_by("area__kana_key", "area__name", "name")
    )
    rows = {c.pk: CouncilOverview(council=c) for c in councils}
    if not rows:
        return []
    add_meetings(rows, councils)
    add_actions(rows, today)
    add_decisions(rows)
    add_challenges(rows)
    add_members(rows, today)
    return list(rows.values())


def add_meetings(rows: dict[int, CouncilOverview], councils: list[Council]) -> None:
    wanted = {c.last_id for c in councils} | {c.next_id for c in councils}  # type: ignore[attr-defined]
    meetings = Meeting.objects.in_bulk([pk for pk in wanted if pk is not None])
    for c in councils:
        rows[c.pk].last_meeting = meetings.get(c.last_id)  # type: ignore[attr-defined]
        rows[c.pk].next_meeting = meetings.get(c.next_id)  # type: ignore[attr-defined]


def add_actions(rows: dict[int, CouncilOverview], today: datetime.date) -> None:
    counts = (
        ActionItem.objects.filter(council_id__in=rows, status__in=OPEN_ACTION_STATUSES)
        .values("council_id")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
        .order_by()
    )
    for line in counts:
        row = rows[line["council_id"]]
        row.open_actions, row.overdue_actions = line["open"], line["overdue"]


def add_decisions(rows: dict[int, CouncilOverview]) -> None:
    # why: the latest three per council in one query (a window numbering each council's
    # decisions newest first), not one query per council.
    latest = (
        Decision.objects.filter(council_id__in=rows)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("council_id")],
                order_by=[F("decided_on").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=RECENT_DECISIONS)
        .order_by("council_id", "rank")
    )
    for decision in latest:
        rows[decision.council_id].decisions.append(decision)


def add_challenges(rows: dict[int, CouncilOverview]) -> None:
    for row in rows.values():
        row.challenges = dict.fromkeys(ChallengeStatus.values, 0)
    counts = (
        Challenge.objects.filter(council_id__in=rows)
        .values("council_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for line in counts:
        rows[line["council_id"]].challenges[line["status"]] = line["n"]


def add_members(rows: dict[int, CouncilOverview], today: datetime.date) -> None:
    for row in rows.values():
        row.members = dict.fromkeys(Sector.values, 0)
    counts = (
        Membership.objects.filter(council_id__in=rows, term_start__lte=today)
        .exclude(term_end__lt=today)
        .values("council_id", "sector")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for line in counts:
        rows[line["council_id"]].members[line["sector"]] = line["n"]


def statuses() -> list[tuple[str, str]]:
    """The challenge statuses as the table's columns (value, label)."""
    return [(value, str(label)) for value, label in ChallengeStatus.choices]


@dataclass(frozen=True)
class Totals:
    """The sums over the councils of the counting columns (the table's 合計 row)."""

    open_actions: int
    overdue_actions: int
    challenges: list[int]  # in the order of ChallengeStatus
    members: int


def totals(rows: list[CouncilOverview]) -> Totals:
    return Totals(
        open_actions=sum(r.open_actions for r in rows),
        overdue_actions=sum(r.overdue_actions for r in rows),
        challenges=[sum(r.challenges[s] for r in rows) for s in ChallengeStatus.values],
        members=sum(r.members_total for r in rows),
    )
