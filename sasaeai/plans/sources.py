"""Computed actuals of plan indicators, each from its own records for one 年度. A closed 年度
is read as of its 31 March (the registry from history); the current 年度 as of today. None
means "cannot be computed" (e.g. no population for a 参加率), never a made-up number."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils import timezone

from sasaeai.activities.models import Activity, Connection
from sasaeai.analysis.report import analyse
from sasaeai.areas.models import Municipality
from sasaeai.councils.constants import ChallengeStatus, MeetingStatus
from sasaeai.councils.models import (
    Attendance,
    Challenge,
    ChallengeStatusChange,
    Meeting,
    MeetingGuest,
)
from sasaeai.residents.selectors import counts as resident_counts
from sasaeai.resources.models import Resource
from sasaeai.utils.fiscal_year import current_fiscal_year, fiscal_year_moments, fiscal_year_range

from .constants import Source
from .models import Indicator, NewsletterIssue

# The residents' counts (residents.selectors.Counts) behind each source.
RESIDENT_SOURCES: dict[str, str] = {
    Source.REQUESTS_RECEIVED: "requests",
    Source.REFERRALS_MADE: "referrals",
    Source.PEOPLE_JOINED: "joined",
    Source.NEW_HELPERS: "helpers",
}


def registry_year(fiscal_year: int) -> int | None:
    """The analysis moment of a 年度: its 31 March once closed, else today (None)."""
    return fiscal_year if fiscal_year < current_fiscal_year(timezone.localdate()) else None


def meeting_participants(municipality: Municipality, fiscal_year: int, sector: str = "") -> int:
    """People at the held meetings of the 年度: members marked present (by their membership's
    sector) and guests recorded with a sector; without a sector, also the head count of those
    recorded without one (`guests_count`), which no sector can claim."""
    start, end = fiscal_year_moments(fiscal_year)
    meetings = Meeting.objects.filter(
        council__municipality=municipality,
        status=MeetingStatus.HELD,
        starts_at__gte=start,
        starts_at__lt=end,
    )
    members = Attendance.objects.filter(meeting__in=meetings, present=True)
    guests = MeetingGuest.objects.filter(meeting__in=meetings)
    if sector:
        return (
            members.filter(membership__sector=sector).count() + guests.filter(sector=sector).count()
        )
    head_count = meetings.aggregate(n=Sum("guests_count"))["n"] or 0
    return members.count() + guests.count() + head_count


def computed(
    source: str,
    municipality: Municipality,
    fiscal_year: int,
    activity_kind: str = "",
    analyses: dict[int, Any] | None = None,
    *,
    sector: str = "",
) -> Decimal | None:
    """The actual of a computed source for the 年度 (None for MANUAL or when not computable).
    `analyses` keeps one gap analysis per 年度 across calls (a dashboard asks for several);
    `sector` narrows the meeting participants to one 分野."""
    start, end = fiscal_year_range(fiscal_year)
    if source in (Source.KAYOI_ACTIVE, Source.PARTICIPATION):
        cache = analyses if analyses is not None else {}
        if fiscal_year not in cache:
            cache[fiscal_year] = analyse(municipality, registry_year(fiscal_year))
        whole = cache[fiscal_year].whole
        if source == Source.KAYOI_ACTIVE:
            return Decimal(whole.kayoi)
        return whole.participation
    if source == Source.COUNCIL_MEETINGS:
        meetings = Meeting.objects.filter(
            council__municipality=municipality,
            status=MeetingStatus.HELD,
            starts_at__date__range=(start, end),
        )
        return Decimal(meetings.count())
    if source == Source.ACTIVITIES:
        activities = Activity.objects.filter(municipality=municipality, done_on__range=(start, end))
        if activity_kind:
            activities = activities.filter(kind=activity_kind)
        return Decimal(activities.count())
    if source == Source.CONNECTIONS:
        return Decimal(
            Connection.objects.filter(
                municipality=municipality, made_on__range=(start, end)
            ).count()
        )
    if source == Source.NEWSLETTERS:
        return Decimal(
            NewsletterIssue.objects.filter(
                municipality=municipality, issued_on__range=(start, end)
            ).count()
        )
    if source == Source.CHALLENGES_RAISED:
        first, after = fiscal_year_moments(fiscal_year)
        return Decimal(
            Challenge.objects.filter(
                municipality=municipality, created_at__gte=first, created_at__lt=after
            ).count()
        )
    if source == Source.CHALLENGES_SOLVED:
        first, after = fiscal_year_moments(fiscal_year)
        # A challenge solved once counts once, in the 年度 it was marked 解決.
        solved = ChallengeStatusChange.objects.filter(
            challenge__municipality=municipality,
            status=ChallengeStatus.SOLVED,
            changed_at__gte=first,
            changed_at__lt=after,
        )
        return Decimal(solved.values("challenge_id").distinct().count())
    if source == Source.RESOURCES_REGISTERED:
        first, after = fiscal_year_moments(fiscal_year)
        # From the history, not the table: a resource registered and deleted later still
        # counts for the 年度 it was registered in (as analysis.indicators.registry_at reads
        # the registry of a past moment).
        created = Resource.history.filter(
            municipality_id=municipality.pk,
            history_type="+",
            history_date__gte=first,
            history_date__lt=after,
        )
        return Decimal(created.values("id").distinct().count())
    if source == Source.MEETING_PARTICIPANTS:
        return Decimal(meeting_participants(municipality, fiscal_year, sector))
    if source in RESIDENT_SOURCES:
        total = resident_counts(municipality, fiscal_year).total
        return Decimal(getattr(total, RESIDENT_SOURCES[source]))
    return None


def actual_of(indicator: Indicator, municipality: Municipality, fiscal_year: int) -> Decimal | None:
    """The indicator's actual: a stored value (typed in, or frozen by the annual report)
    first, else the computed one."""
    stored = indicator.values.filter(fiscal_year=fiscal_year, kind="actual").first()
    if stored is not None:
        return stored.value
    if indicator.source == Source.MANUAL:
        return None
    return computed(
        indicator.source, municipality, fiscal_year, indicator.activity_kind,
        sector=indicator.sector,
    )  # fmt: skip
