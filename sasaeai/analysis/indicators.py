"""Indicators per 日常生活圏域 from the registry and the population on a date: residents 65+,
75+, 85+ and the aging rate; 通いの場 meeting 月1回 or more, per 1,000 residents 65+, by
frequency band and by main activity; 参加率 (registered participants ÷ residents 65+); and
which kinds of daily-life support exist. A place meeting in two areas counts in both."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import models
from django.db.models import OuterRef, QuerySet, Subquery

from sasaeai.areas.models import Area, Municipality, Town
from sasaeai.areas.selectors import (
    PopulationFigures,
    area_population,
    latest_population_date,
    percentage,
    town_population,
)
from sasaeai.resources.constants import (
    KAYOI_COUNTED_BANDS,
    FrequencyBand,
    ResourceKind,
    ResourceStatus,
    SupportType,
    TagCategory,
    VenueType,
)
from sasaeai.resources.models import (
    Location,
    Resource,
    ResourceTag,
    ServiceAtLocation,
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
    """One area's (or one town's) figures. `members` holds, for each matrix category
    ("activity:<活動>" or "support:<支援>"), the resources counted in it."""

    area_id: int
    name: str
    population: PopulationFigures
    kayoi: int = 0
    registered: int = 0
    by_band: dict[str, int] = field(default_factory=dict)
    by_activity: dict[str, int] = field(default_factory=dict)
    support_types: tuple[str, ...] = ()
    members: dict[str, tuple[int, ...]] = field(default_factory=dict)

    @property
    def kayoi_per_1000(self) -> Decimal | None:
        return per_thousand(self.kayoi, self.population.age65)

    @property
    def participation(self) -> Decimal | None:
        """参加率 in %: registered participants of the area's 通いの場 ÷ residents 65+."""
        return percentage(self.registered, self.population.age65)

    @property
    def missing_supports(self) -> tuple[str, ...]:
        """The kinds of daily-life support no resource of the area offers."""
        return tuple(s for s in SupportType.values if s not in self.support_types)

    @property
    def missing_support_labels(self) -> list[str]:
        return [str(SupportType(s).label) for s in self.missing_supports]

    def count(self, category: str) -> int:
        return len(self.members.get(category, ()))


Placement = tuple[int, int | None, int | None, float | None, float | None, str]


@dataclass(frozen=True)
class RegistryRows:
    """The registry as the indicators read it: resources (pk, status, kind, band, main
    activity, registered), where each meets (resource, area, town, latitude, longitude,
    venue type) and support types (resource, value)."""

    resources: list[tuple[Any, ...]]
    placements: list[Placement]
    supports: list[tuple[int, str]]


RESOURCE_COLUMNS = ("status", "kind", "frequency_band", "primary_activity", "registered_total")


def registry_now(municipality: Municipality) -> RegistryRows:
    return RegistryRows(
        resources=list(
            Resource.objects.filter(municipality=municipality).values_list("pk", *RESOURCE_COLUMNS)
        ),
        placements=list(
            ServiceAtLocation.objects.filter(resource__municipality=municipality).values_list(
                "resource_id",
                "location__area_id",
                "location__town_id",
                "location__latitude",
                "location__longitude",
                "location__venue_type",
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
    places = {
        row[0]: row[1:]
        for row in alive_at(Location, moment, municipality_id=municipality.pk).values_list(
            "id", "area_id", "town_id", "latitude", "longitude", "venue_type"
        )
    }
    links = alive_at(ServiceAtLocation, moment).values_list("resource_id", "location_id")
    return RegistryRows(
        resources=resources,
        placements=[
            (r, *places.get(loc, (None, None, None, None, ""))) for r, loc in links if r in ids
        ],
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
    areas = Area.objects.layer2().filter(municipality=municipality).order_by("kana_key")
    return tally(
        [(a.pk, a.name) for a in areas],
        area_population(municipality, as_of),
        registry or registry_now(municipality),
        AREA,
    )


def town_indicators(
    municipality: Municipality, as_of: datetime.date, registry: RegistryRows | None = None
) -> list[AreaIndicators]:
    """The same figures per town (町丁目), in 50音順; a place counts in the town of its venue."""
    towns = Town.objects.filter(municipality=municipality).order_by("kana_key", "name")
    return tally(
        [(t.pk, t.name) for t in towns],
        town_population(municipality, as_of),
        registry or registry_now(municipality),
        TOWN,
    )


# Which column of a placement names the unit counted: the area or the town.
AREA, TOWN = 1, 2


def activity_key(activity: str) -> str:
    return f"activity:{activity}"


def support_key(support: str) -> str:
    return f"support:{support}"


def tally(
    units: list[tuple[int, str]],
    population: dict[int, PopulationFigures],
    rows: RegistryRows,
    column: int,
) -> list[AreaIndicators]:
    """Count the active registry per unit (a place meeting in two units counts in each)."""
    active = {row[0]: row for row in rows.resources if row[1] == ResourceStatus.ACTIVE}
    units_of: dict[int, set[int]] = defaultdict(set)
    for placement in rows.placements:
        unit = placement[2] if column == TOWN else placement[1]
        if unit is not None and placement[0] in active:
            units_of[placement[0]].add(unit)
    kayoi: dict[int, list[tuple[int, str, str, int]]] = defaultdict(list)
    for pk, _status, kind, band, activity, registered in active.values():
        if kind == ResourceKind.KAYOI and band in KAYOI_COUNTED_BANDS:
            for unit in units_of[pk]:
                kayoi[unit].append((pk, band, activity, registered or 0))
    supports: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for pk, value in rows.supports:
        for unit in units_of.get(pk, ()):
            supports[unit][value].append(pk)
    result = []
    for pk, name in units:
        places = kayoi[pk]
        members: dict[str, list[int]] = defaultdict(list)
        for resource, _band, activity, _registered in places:
            if activity:
                members[activity_key(activity)].append(resource)
        for value, resources in supports[pk].items():
            members[support_key(value)] = sorted(set(resources))
        result.append(
            AreaIndicators(
                area_id=pk,
                name=name,
                population=population.get(pk, PopulationFigures()),
                kayoi=len(places),
                registered=sum(p[3] for p in places),
                by_band=dict(Counter(p[1] for p in places)),
                by_activity=dict(Counter(p[2] for p in places if p[2])),
                support_types=tuple(sorted(supports[pk])),
                members={key: tuple(sorted(v)) for key, v in members.items()},
            )
        )
    return result


def whole_indicators(
    name: str, population: PopulationFigures, rows: RegistryRows
) -> AreaIndicators:
    """The municipality as one unit: each place counted once, wherever it meets."""
    placed: list[Placement] = [
        (p[0], 0, 0, None, None, "") for p in rows.placements if p[1] is not None
    ]
    [whole] = tally([(0, name)], {0: population}, replace(rows, placements=placed), AREA)
    return whole


def weekly_ids(rows: RegistryRows) -> set[int]:
    return {
        row[0]
        for row in rows.resources
        if row[1] == ResourceStatus.ACTIVE
        and row[2] == ResourceKind.KAYOI
        and row[3] == FrequencyBand.WEEKLY_OR_MORE
    }


def weekly_places(rows: RegistryRows) -> list[tuple[float, float]]:
    """Where active 通いの場 meeting weekly or more meet (each venue with a position once)."""
    weekly = weekly_ids(rows)
    return sorted(
        {
            (p[3], p[4])
            for p in rows.placements
            if p[0] in weekly and p[3] is not None and p[4] is not None
        }
    )


@dataclass(frozen=True)
class MapPlace:
    """A weekly 通いの場 as a map may show it: a private home only at its town's centre."""

    latitude: float
    longitude: float
    at_town: bool


def map_places(
    rows: RegistryRows, town_positions: dict[int, tuple[float | None, float | None]]
) -> list[MapPlace]:
    weekly = weekly_ids(rows)
    shown = set()
    for pk, _area, town, latitude, longitude, venue in rows.placements:
        if pk not in weekly:
            continue
        if venue == VenueType.PRIVATE_HOME:
            latitude, longitude = town_positions.get(town, (None, None)) if town else (None, None)
            at_town = True
        else:
            at_town = False
        if latitude is not None and longitude is not None:
            shown.add(MapPlace(latitude, longitude, at_town))
    return sorted(shown, key=lambda p: (p.latitude, p.longitude, p.at_town))
