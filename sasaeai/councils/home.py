"""The councils' blocks of the home page (core.home_blocks, issue #24): my actions due soon, the
next meeting of a member's councils, this week's meetings and the records still to complete for
those who run councils, and what came from the other layer (escalations received by layer 1,
answers received by layer 2). Each block asks a fixed few queries, whatever the rows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from sasaeai.accounts.permissions import edit_scope
from sasaeai.areas.constants import Layer
from sasaeai.areas.models import Municipality
from sasaeai.core.home_blocks import SHOWN, HomeBlock, Listed, listed, register_block

from .constants import OPEN_ACTION_STATUSES, MeetingStatus
from .models import ActionItem, Council, Escalation, Meeting, Membership
from .permissions import writable
from .selectors import RecordState, councils_of, with_record_state

# "This week" is today and the six days after it: on a Saturday, next Friday's deadline is
# as near as Monday's, which a calendar week would have hidden until Monday.
WEEK_DAYS = 7
# Answers from layer 1 stay on a layer-2 home this long after they came.
ANSWER_DAYS = 30


def coordinates(user: Any, municipality: Municipality) -> bool:
    """Runs councils here: may edit somewhere (a coordinator, the admin), as opposed to a
    council member, adviser or viewer, who attend and read."""
    scope = edit_scope(user, municipality)
    return scope is None or bool(scope)


def last_day(today: datetime.date) -> datetime.date:
    return today + datetime.timedelta(days=WEEK_DAYS - 1)


def day_start(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day` in Asia/Tokyo."""
    return datetime.datetime.combine(day, datetime.time(), tzinfo=timezone.get_current_timezone())


def meetings_of_councils(ids: list[int]) -> QuerySet[Meeting]:
    """The meetings the councils hold or hold jointly (a subquery, so no row comes twice)."""
    joint = Meeting.joint_councils.through.objects.filter(council_id__in=ids).values("meeting_id")
    return Meeting.objects.filter(Q(council_id__in=ids) | Q(pk__in=joint))


# --- わたしのやること ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MyActions:
    listed: Listed  # overdue or due within the week
    overdue: int
    today: datetime.date
    open: int  # every open one, as 「わたしのやること」 lists them

    @property
    def soon(self) -> int:
        return self.listed.count - self.overdue


def my_actions_block(user: Any, municipality: Municipality, today: datetime.date) -> Any:
    """The user's open actions past their due date or due within the week, overdue first: for
    whoever is on a council here (the owners of actions are memberships)."""
    if not Membership.objects.filter(council__municipality=municipality, user=user).exists():
        return None
    mine = ActionItem.objects.filter(
        council__municipality=municipality, owners__user=user, status__in=OPEN_ACTION_STATUSES
    )
    # Counted in SQL with DISTINCT: an action owned by two of the user's memberships is one.
    counts = mine.aggregate(
        open=Count("pk", distinct=True),
        due=Count("pk", distinct=True, filter=Q(due_on__lte=last_day(today))),
        overdue=Count("pk", distinct=True, filter=Q(due_on__lt=today)),
    )
    due = mine.filter(due_on__lte=last_day(today)).distinct().select_related("council")
    first = list(due.order_by("due_on", "pk")[:SHOWN])
    return MyActions(Listed(first, counts["due"]), counts["overdue"], today, counts["open"])


# --- 次の会議 (a council member's) ----------------------------------------------------------------


@dataclass(frozen=True)
class NextMeetings:
    """Each of the member's councils with its next planned meeting (None: none planned)."""

    rows: list[tuple[Council, Meeting | None]]

    @property
    def any_planned(self) -> bool:
        return any(meeting for _council, meeting in self.rows)


def next_meeting_block(user: Any, municipality: Municipality, today: datetime.date) -> Any:
    """For a council member (not one who runs councils, who has the week's meetings instead):
    the next meeting of each council they sit on today."""
    if coordinates(user, municipality):
        return None
    sits = (
        Membership.objects.filter(council__municipality=municipality, user=user)
        .filter(term_start__lte=today)
        .exclude(term_end__lt=today)
    )
    councils = list(Council.objects.filter(pk__in=sits.values("council_id")).select_related("area"))
    if not councils:
        return None
    ids = [c.pk for c in councils]
    planned = (
        meetings_of_councils(ids)
        .filter(status=MeetingStatus.PLANNED, starts_at__gte=timezone.now())
        .select_related("council")
        .prefetch_related("joint_councils")
        .order_by("starts_at", "pk")
    )
    first: dict[int, Meeting] = {}
    for meeting in planned:
        for council in meeting.all_councils():
            first.setdefault(council.pk, meeting)
    return NextMeetings([(c, first.get(c.pk)) for c in councils])


# --- 今後7日間の会議・記録が済んでいない会議 ---------------------------------------------------------


def written_councils(user: Any, municipality: Municipality) -> list[Council]:
    """The councils whose records the user writes (the municipality joined: can_write reads
    it for every council)."""
    return writable(user, councils_of(municipality).select_related("municipality"))


def meetings_week_block(user: Any, municipality: Municipality, today: datetime.date) -> Any:
    """For those who run councils: the planned meetings of the councils they write from now to
    the end of the week's last day."""
    if not coordinates(user, municipality):
        return None
    ids = [c.pk for c in written_councils(user, municipality)]
    week = meetings_of_councils(ids).filter(
        status=MeetingStatus.PLANNED,
        starts_at__gte=timezone.now(),
        starts_at__lt=day_start(last_day(today) + datetime.timedelta(days=1)),
    )
    return listed(week.select_related("council").order_by("starts_at", "pk"))


def records_block(user: Any, municipality: Municipality, today: datetime.date) -> Any:
    """For those who run councils: the meetings of the councils they write that have started,
    were not called off and whose record is not complete (selectors.RecordState), newest
    first (the one just held is the one to write up now)."""
    if not coordinates(user, municipality):
        return None
    ids = [c.pk for c in written_councils(user, municipality)]
    started = meetings_of_councils(ids).filter(starts_at__lte=timezone.now())
    waiting = (
        with_record_state(started.exclude(status=MeetingStatus.CANCELLED))
        .filter(Q(has_attendance=False) | Q(has_minutes=False) | Q(has_outcomes=False))
        .select_related("council")
        .order_by("-starts_at", "-pk")
    )
    found = listed(waiting)
    for meeting in found.items:
        meeting.record = RecordState.of(meeting)
    return found


# --- 第2層から届いた課題・第1層からの回答 -------------------------------------------------------------


@dataclass(frozen=True)
class Exchange:
    """Layer 1's writers: escalations received and not yet answered; layer 2's: answers that
    came in the last ANSWER_DAYS. `council` is where they are all listed."""

    received: bool
    listed: Listed
    council: Council
    days: int = ANSWER_DAYS


def exchange_block(user: Any, municipality: Municipality, today: datetime.date) -> Any:
    councils = written_councils(user, municipality)
    layer1 = [c for c in councils if c.layer == Layer.FIRST]
    layer2 = [c for c in councils if c.layer == Layer.SECOND]
    if layer1:
        # The main council first (its home holds the inbox), not a 専門部会.
        main = next((c for c in layer1 if c.parent_id is None), layer1[0])
        received = Escalation.objects.filter(to_council__in=layer1, answer__isnull=True)
        received = received.select_related("challenge", "from_council__area")
        return Exchange(True, listed(received.order_by("-escalated_at", "-pk")), main)
    if layer2:
        since = timezone.now() - datetime.timedelta(days=ANSWER_DAYS)
        answered = Escalation.objects.filter(
            from_council__in=layer2, answer__isnull=False, answered_at__gte=since
        ).select_related("challenge", "answer", "to_council")
        return Exchange(False, listed(answered.order_by("-answered_at", "-pk")), layer2[0])
    return None


def register() -> None:
    """Called from CouncilsConfig.ready()."""
    for block in (
        HomeBlock("councils.next_meeting", 5, "councils/home/_next_meeting.html",
                  next_meeting_block, member_order=1),
        HomeBlock("councils.my_actions", 20, "councils/home/_my_actions.html",
                  my_actions_block, member_order=2),
        HomeBlock("councils.meetings_week", 10, "councils/home/_meetings_week.html",
                  meetings_week_block),
        HomeBlock("councils.records", 15, "councils/home/_records.html", records_block),
        HomeBlock("councils.exchange", 30, "councils/home/_exchange.html", exchange_block),
    ):  # fmt: skip
        register_block(block)
