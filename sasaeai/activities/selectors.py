"""Reads of the activity log: the filtered list, and the monthly and 年度 summaries (件数 and
時間 per 年度 / 月 × 活動種別 × 圏域)."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from sasaeai.areas.models import Municipality
from sasaeai.utils.fiscal_year import fiscal_year_range

from .models import Activity, Connection

# 年度 months in order: April … March.
FISCAL_MONTHS = (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)
NO_AREA = "（圏域なし）"


@dataclass(frozen=True)
class ActivityFilters:
    fiscal_year: int | None = None
    month: int | None = None
    kind: str = ""
    area_id: int | None = None
    coordinator_id: int | None = None
    query: str = ""


def activity_list(municipality: Municipality, filters: ActivityFilters) -> QuerySet[Activity]:
    activities = Activity.objects.filter(municipality=municipality)
    if filters.fiscal_year is not None:
        start, end = fiscal_year_range(filters.fiscal_year)
        activities = activities.filter(done_on__range=(start, end))
        if filters.month is not None:
            activities = activities.filter(done_on__month=filters.month)
    if filters.kind:
        activities = activities.filter(kind=filters.kind)
    if filters.area_id is not None:
        activities = activities.filter(areas=filters.area_id)
    if filters.coordinator_id is not None:
        activities = activities.filter(coordinator_id=filters.coordinator_id)
    if filters.query:
        activities = activities.filter(
            Q(summary__icontains=filters.query)
            | Q(outcome__icontains=filters.query)
            | Q(people__icontains=filters.query)
        )
    return (
        activities.select_related("coordinator")
        .prefetch_related("areas", "organizations", "resources", "connections")
        .order_by("-done_on", "-pk")
    )


@dataclass(frozen=True)
class Tally:
    count: int = 0
    minutes: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.count + other.count, self.minutes + other.minutes)

    @property
    def hours(self) -> str:
        return f"{self.minutes / 60:.1f}"


@dataclass(frozen=True)
class Summary:
    """A 年度's activities: per month × kind (each activity once), per area × kind (an
    activity in two areas counts in both), and the totals."""

    fiscal_year: int
    by_month: dict[tuple[int, str], Tally]
    by_area: dict[tuple[str, str], Tally]
    by_month_area: dict[tuple[int, str, str], Tally]
    areas: list[str]
    total: Tally
    connections: int

    def month_total(self, month: int) -> Tally:
        return sum((t for (m, _k), t in self.by_month.items() if m == month), Tally())

    def kind_total(self, kind: str) -> Tally:
        return sum((t for (_m, k), t in self.by_month.items() if k == kind), Tally())


def summary(municipality: Municipality, fiscal_year: int) -> Summary:
    start, end = fiscal_year_range(fiscal_year)
    rows = Activity.objects.filter(municipality=municipality, done_on__range=(start, end))
    by_month: dict[tuple[int, str], Tally] = defaultdict(Tally)
    by_area: dict[tuple[str, str], Tally] = defaultdict(Tally)
    by_month_area: dict[tuple[int, str, str], Tally] = defaultdict(Tally)
    area_names: dict[int, list[str]] = defaultdict(list)
    for activity_id, name in Activity.areas.through.objects.filter(
        activity__in=rows.values("pk")
    ).values_list("activity_id", "area__name"):
        area_names[activity_id].append(name)
    seen_areas: Counter[str] = Counter()
    total = Tally()
    for pk, done_on, kind, minutes in rows.values_list("pk", "done_on", "kind", "minutes"):
        one = Tally(1, minutes)
        total = total + one
        by_month[(done_on.month, kind)] = by_month[(done_on.month, kind)] + one
        for area in area_names.get(pk) or [NO_AREA]:
            seen_areas[area] += 1
            by_area[(area, kind)] = by_area[(area, kind)] + one
            key = (done_on.month, kind, area)
            by_month_area[key] = by_month_area[key] + one
    connections = Connection.objects.filter(
        municipality=municipality, made_on__range=(start, end)
    ).count()
    return Summary(
        fiscal_year=fiscal_year,
        by_month=dict(by_month),
        by_area=dict(by_area),
        by_month_area=dict(by_month_area),
        areas=sorted(a for a in seen_areas if a != NO_AREA)
        + ([NO_AREA] if NO_AREA in seen_areas else []),
        total=total,
        connections=connections,
    )


def follow_ups(municipality: Municipality, user: Any, today: datetime.date) -> QuerySet[Activity]:
    """The user's activities whose 次の対応日 has come (within a week ahead included)."""
    return Activity.objects.filter(
        municipality=municipality,
        coordinator=user,
        follow_up_on__isnull=False,
        follow_up_on__lte=today + datetime.timedelta(days=7),
        follow_up_on__gte=today - datetime.timedelta(days=30),
    ).order_by("follow_up_on")
