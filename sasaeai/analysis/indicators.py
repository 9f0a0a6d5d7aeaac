"""Indicators per 日常生活圏域 from the registry and the population on a date: residents 65+,
75+, 85+ and the aging rate; 通いの場 meeting 月1回 or more, per 1,000 residents 65+, by
frequency band and by main activity; 参加率 (registered participants ÷ residents 65+); and
which kinds of daily-life support exist. A place meeting in two areas counts in both."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import models
from django.db.models import OuterRef, QuerySet, Subquery

from sasaeai.areas.models import Area, Municipality
from sasaeai.areas.selectors import (
    PopulationFigures,
    area_population,
    latest_population_date,
    percentage,
)
from sasaeai.resources.constants import KAYOI_COUNTED_BANDS, ResourceKind, ResourceStatus
from sasaeai.resources.models import (
    Location,
    Resource,
    ResourceTag,
    ServiceAtLocation,
    TagCategory,
)
from sasaeai.utils.fiscal_year import fiscal_year_end

TOKYO = ZoneInfo("Asia/Tokyo")

# The national KPI for participation in 通いの場 (第9期: 8% of residents 65+).
NATIONAL_PARTICIPATION_KPI = Decimal("8.0")


def per_thousand(count: int, population: int) -> Decimal | None:
    """count ÷ population × 1,000, to two decimals (None without population)."""
    if not population:
        return None
    return (Decimal(count * 1000) / population).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class AreaIndicators:
    """One area's figures."""

    area_id: int
    name: str
    population: PopulationFigures
    kayoi: int = 0
    registered: int = 0
    by_band: dict[str, int] = field(default_factory=dict)
    by_activity: dict[str, int] = field(default_factory=dict)
    support_types: tuple[str, ...] = ()

    @property
    def kayoi_per_1000(self) -> Decimal | None:
        return per_thousand(self.kayoi, self.population.age65)

    @property
    def participation(self) -> Decimal | None:
        """参加率 in %: registered participants of the area's 通いの場 ÷ residents 65+."""
        return percentage(self.registered, self.population.age65)


@dataclass(frozen=True)
class RegistryRows:
    """The registry as the indicators read it: resources (pk, status, kind, band, main
    activity, registered), where each meets (resource, area) and support types (resource, value)."""

    resources: list[tuple[Any, ...]]
    placements: list[tuple[int, int | None]]
    supports: list[tuple[int, str]]


RESOURCE_COLUMNS = ("status", "kind", "frequency_band", "primary_activity", "registered_total")


def registry_now(municipality: Municipality) -> RegistryRows:
    return RegistryRows(
        resources=list(
            Resource.objects.filter(municipality=municipality).values_list("pk", *RESOURCE_COLUMNS)
        ),
        placements=list(
            ServiceAtLocation.objects.filter(resource__municipality=municipality).values_list(
                "resource_id", "location__area_id"
            )
        ),
        supports=list(
            ResourceTag.objects.filter(
                resource__municipality=municipality, category=TagCategory.SUPPORT
            ).values_list("resource_id", "value")
        ),
    )


def alive_at(model: type[models.Model], moment: datetime.datetime, **filters: Any) -> QuerySet[Any]:
    """The historical rows of `model` as they stood at `moment`: for each record, its latest
    history row up to then, unless that row is its deletion."""
    history = model.history.model  # type: ignore[attr-defined]
    latest = (
        history.objects.filter(id=OuterRef("id"), history_date__lte=moment)
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    return (
        history.objects.filter(history_date__lte=moment, **filters)
        .filter(history_id=Subquery(latest))
        .exclude(history_type="-")
    )


def registry_at(municipality: Municipality, moment: datetime.datetime) -> RegistryRows:
    """The registry as it stood at `moment`, read from its history (django-simple-history)."""
    resources = list(
        alive_at(Resource, moment, municipality_id=municipality.pk).values_list(
            "id", *RESOURCE_COLUMNS
        )
    )
    ids = {row[0] for row in resources}
    areas = dict(
        alive_at(Location, moment, municipality_id=municipality.pk).values_list("id", "area_id")
    )
    links = alive_at(ServiceAtLocation, moment).values_list("resource_id", "location_id")
    return RegistryRows(
        resources=resources,
        placements=[(r, areas.get(loc)) for r, loc in links if r in ids],
        supports=[
            (r, v)
            for r, v in alive_at(ResourceTag, moment, category=TagCategory.SUPPORT).values_list(
                "resource_id", "value"
            )
            if r in ids
        ],
    )


def year_end(fiscal_year: int) -> datetime.datetime:
    """The last moment of a 年度 (31 March, 24:00 in Tokyo)."""
    end = fiscal_year_end(fiscal_year) + datetime.timedelta(days=1)
    return datetime.datetime.combine(end, datetime.time(0), tzinfo=TOKYO) - datetime.timedelta(
        microseconds=1
    )


def fiscal_year_indicators(municipality: Municipality, fiscal_year: int) -> list[AreaIndicators]:
    """A 年度's indicators as they stood on its 31 March: the registry from history and the
    newest population on or before that day, so later edits never change a closed 年度."""
    moment = year_end(fiscal_year)
    population_date = latest_population_date(municipality, on=moment.date())
    return area_indicators(
        municipality,
        population_date or moment.date(),
        registry_at(municipality, moment),
    )


def area_indicators(
    municipality: Municipality, as_of: datetime.date, registry: RegistryRows | None = None
) -> list[AreaIndicators]:
    """Every layer-2 area's indicators in 50音順: population of `as_of`, and the registry
    given (today's when none)."""
    rows = registry or registry_now(municipality)
    areas = list(Area.objects.layer2().filter(municipality=municipality).order_by("kana_key"))
    population = area_population(municipality, as_of)
    active = {row[0]: row for row in rows.resources if row[1] == ResourceStatus.ACTIVE}
    areas_of: dict[int, set[int]] = defaultdict(set)
    for pk, area_id in rows.placements:
        if area_id is not None and pk in active:
            areas_of[pk].add(area_id)
    kayoi: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
    for pk, _status, kind, band, activity, registered in active.values():
        if kind == ResourceKind.KAYOI and band in KAYOI_COUNTED_BANDS:
            for area_id in areas_of[pk]:
                kayoi[area_id].append((band, activity, registered or 0))
    supports: dict[int, set[str]] = defaultdict(set)
    for pk, value in rows.supports:
        for area_id in areas_of.get(pk, ()):
            supports[area_id].add(value)
    return [
        AreaIndicators(
            area_id=area.pk,
            name=area.name,
            population=population.get(area.pk, PopulationFigures()),
            kayoi=len(kayoi[area.pk]),
            registered=sum(r for _, _, r in kayoi[area.pk]),
            by_band=dict(Counter(b for b, _, _ in kayoi[area.pk])),
            by_activity=dict(Counter(a for _, a, _ in kayoi[area.pk] if a)),
            support_types=tuple(sorted(supports[area.pk])),
        )
        for area in areas
    ]
