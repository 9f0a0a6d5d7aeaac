"""One municipality's whole gap analysis for a moment (today, or the end of a closed 年度):
indicators per area and per town, walking coverage, the area × category matrix, the
ニーズ調査 values and the priority ranking. Every screen, export and PDF of the analysis
reads this one result."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from statistics import mean
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sasaeai.areas.constants import NO_AREA_FIGURES
from sasaeai.areas.models import Area, Municipality, Town
from sasaeai.areas.selectors import (
    PopulationFigures,
    latest_population_date,
    latest_records,
    population_of,
    population_on,
    sum_figures,
    town_figures,
)
from sasaeai.resources.constants import TagCategory
from sasaeai.resources.models import Resource, ResourceTag, ServiceAtLocation
from sasaeai.utils.fiscal_year import fiscal_year as fiscal_year_of
from sasaeai.utils.fiscal_year import format_fiscal_year
from sasaeai.utils.wareki import to_wareki

from . import services
from .constants import RISK_INDICATORS
from .coverage import RADII_M, Covered, People, covered, walks_m
from .indicators import (
    AREA,
    NATIONAL_PARTICIPATION_KPI,
    RESOURCE_COLUMNS,
    TOKYO,
    TOWN,
    AreaIndicators,
    MapPlace,
    RegistryRows,
    alive_at,
    map_places,
    registry_at,
    registry_now,
    tally,
    weekly_places,
    whole_indicators,
    year_end,
)
from .matrix import CATEGORIES, Category, Cell, matrix
from .models import AnalysisSettings, MeshPopulation, NeedsSurveyValue
from .ranking import (
    LATE_ELDERLY,
    MISSING_SUPPORTS,
    RISK,
    UNCOVERED,
    AreaComponents,
    Ranked,
    rank,
    within_of,
)

# The walk the ranking and the map judge by (the issue's 「800m圏外」).
KEY_RADIUS_M = 800


@dataclass(frozen=True)
class When:
    """The moment analysed: today's registry, or a closed 年度 as it stood on its 31 March."""

    fiscal_year: int | None
    population_date: datetime.date | None
    day: datetime.date | None = None  # a chosen past day (the registry at its end)

    @property
    def moment(self) -> datetime.datetime | None:
        if self.fiscal_year is not None:
            return year_end(self.fiscal_year)
        if self.day is not None:
            return day_end(self.day)
        return None

    @property
    def survey_year(self) -> int | None:
        """The newest ニーズ調査 年度 the moment can see (None: any)."""
        if self.day is not None:
            return fiscal_year_of(self.day)
        return self.fiscal_year

    @property
    def label(self) -> str:
        if self.day is not None:
            return f"{to_wareki(self.day)}現在"
        if self.fiscal_year is None:
            return f"{to_wareki(timezone.localdate())}現在"
        end = year_end(self.fiscal_year).date()
        return f"{format_fiscal_year(self.fiscal_year)}（{to_wareki(end)}現在）"

    @property
    def population_label(self) -> str:
        if self.population_date is None:
            return "人口の登録なし"
        return f"人口は{to_wareki(self.population_date)}現在"


def day_end(day: datetime.date) -> datetime.datetime:
    """The last moment of a day in Tokyo."""
    following = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(0))
    return following.replace(tzinfo=TOKYO) - datetime.timedelta(microseconds=1)


def when_for(
    municipality: Municipality, fiscal_year: int | None, day: datetime.date | None = None
) -> When:
    """Today's analysis, a closed 年度's (as of its 31 March) or a past day's."""
    if day is not None:
        return When(None, latest_population_date(municipality, on=day), day)
    if fiscal_year is None:
        return When(None, latest_population_date(municipality))
    return When(fiscal_year, latest_population_date(municipality, on=year_end(fiscal_year).date()))


@dataclass(frozen=True)
class TownReport:
    indicators: AreaIndicators
    area_id: int | None
    latitude: float | None
    longitude: float | None
    covered: Covered  # within KEY_RADIUS_M

    @property
    def uncovered(self) -> bool:
        """Fewer than half of the town's residents 65+ live within the walk."""
        return bool(self.covered.total) and self.covered.covered * 2 < self.covered.total


@dataclass(frozen=True)
class NeedsValue:
    indicator: str
    value: Decimal
    fiscal_year: int
    municipal_mean: Decimal | None

    @property
    def is_risk(self) -> bool:
        return self.indicator in RISK_INDICATORS


@dataclass(frozen=True)
class AreaReport:
    indicators: AreaIndicators
    coverage: tuple[Covered, ...]
    towns: tuple[TownReport, ...]
    needs: tuple[NeedsValue, ...]
    cells: tuple[Cell, ...]

    @property
    def area_id(self) -> int:
        return self.indicators.area_id

    @property
    def name(self) -> str:
        return self.indicators.name

    @property
    def key_coverage(self) -> Covered:
        return next(c for c in self.coverage if c.radius_m == KEY_RADIUS_M)

    @property
    def uncovered_share(self) -> Decimal | None:
        share = self.key_coverage.share
        return None if share is None else Decimal(100) - share

    @property
    def risk(self) -> Decimal | None:
        """The mean of the area's ニーズ調査 risk figures (None without any)."""
        values = [n.value for n in self.needs if n.is_risk]
        if not values:
            return None
        return Decimal(mean(values)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class Analysis:
    municipality: Municipality
    when: When
    areas: tuple[AreaReport, ...]
    whole: AreaIndicators
    whole_coverage: tuple[Covered, ...]
    categories: tuple[Category, ...]
    ranking: tuple[Ranked, ...]
    places: tuple[MapPlace, ...]
    participation_target: Decimal | None
    detour: Decimal
    people_at: str  # "mesh" or "town": where residents 65+ are placed for coverage
    unplaced: int  # residents 65+ whose town has no position (left out of coverage)
    has_registry: bool  # whether the registry held any record at the moment
    # False when the date has only the whole municipality's row: areas and towns have no
    # figures (0 would read as "nobody lives there"), only `whole` has.
    population_by_town: bool = True

    national_kpi = NATIONAL_PARTICIPATION_KPI
    no_area_figures = NO_AREA_FIGURES
    radii = RADII_M
    key_radius = KEY_RADIUS_M

    def area(self, pk: int) -> AreaReport | None:
        return next((a for a in self.areas if a.area_id == pk), None)

    @property
    def population_label(self) -> str:
        """「人口は令和7年10月1日現在」, saying so when only the whole municipality is known."""
        date = self.when.population_date
        if date is None or self.population_by_town:
            return self.when.population_label
        return _("人口は%(date)s現在の%(unit)s全体の数（町丁目別の数はありません）") % {
            "date": to_wareki(date),
            "unit": self.municipality.suffix,
        }

    @property
    def median_of(self) -> dict[str, Decimal | None]:
        """The municipal median rate of each matrix category."""
        if not self.areas:
            return {}
        return {cell.category: cell.median for cell in self.areas[0].cells}


Position = tuple[float | None, float | None]
# (pk, name, area id, latitude, longitude) of a town; (town id, latitude, longitude, 65+) of a
# mesh; (area id, indicator, 年度, value) of a ニーズ調査 figure.
TownRow = tuple[int, str, int, float | None, float | None]
MeshRow = tuple[int, float, float, int | None]
NeedsRow = tuple[int, str, int, Decimal]


@dataclass
class Inputs:
    """Everything one municipality's analysis reads, loaded before any figure is computed
    (one municipality's queries, or the whole nation's in a few statements)."""

    municipality: Municipality
    when: When
    settings: AnalysisSettings
    rows: RegistryRows
    areas: list[tuple[int, str]]  # layer-2 areas in 50音順
    towns: list[TownRow]  # in 50音順
    town_population: dict[int, PopulationFigures]
    whole_row: PopulationFigures | None  # the whole municipality's row of the date, if any
    meshes: list[MeshRow]
    needs: list[NeedsRow]


def people_points(
    inputs: Inputs, towns: list[AreaIndicators]
) -> tuple[dict[int, list[People]], str, int]:
    """Residents 65+ per town as points: the town's 500 m meshes when the municipality has
    mesh population, else the town's centre with its 65+ on the date."""
    points: dict[int, list[People]] = defaultdict(list)
    for town_id, mesh_lat, mesh_lng, age65 in inputs.meshes:
        points[town_id].append(People(mesh_lat, mesh_lng, age65 or 0))
    if points:
        return points, "mesh", 0
    positions = {pk: (lat, lng) for pk, _name, _area, lat, lng in inputs.towns}
    unplaced = 0
    for town in towns:
        latitude, longitude = positions.get(town.area_id, (None, None))
        if latitude is None or longitude is None:
            unplaced += town.population.age65
        else:
            points[town.area_id].append(People(latitude, longitude, town.population.age65))
    return points, "town", unplaced


def needs_values(rows: list[NeedsRow], fiscal_year: int | None) -> dict[int, list[NeedsValue]]:
    """Per area, the newest value of each ニーズ調査 indicator up to the 年度, with the mean
    over the municipality's areas of the same indicator and 年度."""
    newest: dict[tuple[int, str], tuple[int, Decimal]] = {}
    by_year: dict[tuple[str, int], list[Decimal]] = defaultdict(list)
    for area_id, indicator, year, value in rows:
        if fiscal_year is not None and year > fiscal_year:
            continue
        by_year[(indicator, year)].append(value)
        if (area_id, indicator) not in newest or newest[(area_id, indicator)][0] < year:
            newest[(area_id, indicator)] = (year, value)
    result: dict[int, list[NeedsValue]] = defaultdict(list)
    for (area_id, indicator), (year, value) in sorted(newest.items(), key=lambda i: i[0][1]):
        values = by_year[(indicator, year)]
        middle = Decimal(mean(values)).quantize(Decimal("0.1"), ROUND_HALF_UP)
        result[area_id].append(NeedsValue(indicator, value, year, middle))
    return result


def load(
    municipality: Municipality, fiscal_year: int | None, day: datetime.date | None = None
) -> Inputs:
    """One municipality's inputs (today's registry, or a past moment's from history)."""
    when = when_for(municipality, fiscal_year, day)
    moment = when.moment
    meshes = (
        MeshPopulation.objects.filter(municipality=municipality)
        if moment is None
        else alive_at(MeshPopulation, moment, municipality_id=municipality.pk)
    )
    population = population_on(municipality, when.population_date or timezone.localdate())
    areas, towns = places_now(municipality) if moment is None else places_at(municipality, moment)
    return Inputs(
        municipality=municipality,
        when=when,
        settings=services.analysis_settings(municipality),
        rows=registry_now(municipality) if moment is None else registry_at(municipality, moment),
        areas=areas,
        towns=towns,
        town_population=population.towns,
        whole_row=population.whole_row,
        meshes=list(meshes.values_list("town_id", "latitude", "longitude", "age65")),
        needs=list(
            NeedsSurveyValue.objects.filter(municipality=municipality).values_list(
                "area_id", "indicator", "fiscal_year", "value"
            )
        ),
    )


def places_now(municipality: Municipality) -> tuple[list[tuple[int, str]], list[TownRow]]:
    """Today's 日常生活圏域 (retired ones left out) and towns, each in 50音順."""
    areas = Area.objects.current().layer2().filter(municipality=municipality)
    towns = Town.objects.filter(municipality=municipality).order_by("kana_key", "name")
    return (
        list(areas.order_by("kana_key", "name").values_list("pk", "name")),
        list(towns.values_list("pk", "name", "area_id", "latitude", "longitude")),
    )


def places_at(
    municipality: Municipality, moment: datetime.datetime
) -> tuple[list[tuple[int, str]], list[TownRow]]:
    """The 日常生活圏域 and towns as they stood at a past moment: each town's area from its
    history (a town registered later: its area now), and the areas that then held a town or
    were in force on that day by their dates, so an area retired later stays in a closed 年度
    with its towns and figures, and one retired before it is gone."""
    columns = ("id", "name", "area_id", "latitude", "longitude", "kana_key")
    then = alive_at(Town, moment, municipality_id=municipality.pk).values_list(*columns)
    rows = {row[0]: row for row in then}
    for row in Town.objects.filter(municipality=municipality).values_list(*columns):
        rows.setdefault(row[0], row)
    ordered = sorted(rows.values(), key=lambda row: (row[5], row[1]))
    towns: list[TownRow] = [row[:5] for row in ordered]
    day = moment.astimezone(TOKYO).date()
    in_force = (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gt=day)
    )
    areas = Area.objects.layer2().filter(
        Q(pk__in={row[2] for row in towns}) | in_force, municipality=municipality
    )
    return list(areas.order_by("kana_key", "name").values_list("pk", "name")), towns


def analyse(
    municipality: Municipality, fiscal_year: int | None = None, day: datetime.date | None = None
) -> Analysis:
    """The whole analysis of one municipality: today's, a closed 年度's or a past day's."""
    return compute(load(municipality, fiscal_year, day))


def grouped(rows: Iterable[tuple[Any, ...]]) -> dict[int, list[Any]]:
    """Rows whose first column is a municipality id, per municipality, without that column."""
    result: dict[int, list[Any]] = defaultdict(list)
    for municipality_id, *rest in rows:
        result[municipality_id].append(tuple(rest))
    return result


def analyse_all() -> Iterator[Analysis]:
    """Today's analysis of every municipality, read in one pass: each table once for the
    whole nation (a dozen statements), then computed municipality by municipality."""
    municipalities = list(Municipality.objects.order_by("code"))
    settings = {s.municipality_id: s for s in AnalysisSettings.objects.all()}
    resources = grouped(Resource.objects.values_list("municipality_id", "pk", *RESOURCE_COLUMNS))
    placements = grouped(
        ServiceAtLocation.objects.values_list(
            "resource__municipality_id", "resource_id", "location__area_id",
            "location__town_id", "location__latitude", "location__longitude",
            "location__venue_type",
        )
    )  # fmt: skip
    supports = grouped(
        ResourceTag.objects.filter(category=TagCategory.SUPPORT).values_list(
            "resource__municipality_id", "resource_id", "value"
        )
    )
    areas = grouped(
        Area.objects.current()
        .layer2()
        .order_by("kana_key")
        .values_list("municipality_id", "pk", "name")
    )
    towns = grouped(
        Town.objects.order_by("kana_key", "name").values_list(
            "municipality_id", "pk", "name", "area_id", "latitude", "longitude"
        )
    )
    dates: dict[int, datetime.date] = {}
    rows: dict[int, list[tuple[int | None, PopulationFigures]]] = defaultdict(list)
    records = latest_records()
    for municipality_id, as_of in records.values_list("municipality_id", "as_of").distinct():
        dates[municipality_id] = as_of
    for municipality_id, town_id, figures in town_figures(records):
        rows[municipality_id].append((town_id, figures))
    meshes = grouped(
        MeshPopulation.objects.values_list(
            "municipality_id", "town_id", "latitude", "longitude", "age65"
        )
    )
    needs = grouped(
        NeedsSurveyValue.objects.values_list(
            "municipality_id", "area_id", "indicator", "fiscal_year", "value"
        )
    )
    for municipality in municipalities:
        pk = municipality.pk
        population = population_of(dates.get(pk) or timezone.localdate(), rows[pk])
        yield compute(
            Inputs(
                municipality=municipality,
                when=When(None, dates.get(pk)),
                settings=settings.get(pk) or AnalysisSettings(municipality=municipality),
                rows=RegistryRows(resources[pk], placements[pk], supports[pk]),
                areas=areas[pk],
                towns=towns[pk],
                town_population=population.towns,
                whole_row=population.whole_row,
                meshes=meshes[pk],
                needs=needs[pk],
            )
        )


def compute(inputs: Inputs) -> Analysis:
    """The figures from the inputs (no queries)."""
    settings, rows = inputs.settings, inputs.rows
    detour = settings.detour_factor
    area_of_town: dict[int, int] = {}
    position: dict[int, Position] = {}
    area_figures: dict[int, list[PopulationFigures]] = defaultdict(list)
    for pk, _name, area_id, latitude, longitude in inputs.towns:
        area_of_town[pk] = area_id
        position[pk] = (latitude, longitude)
        if pk in inputs.town_population:
            area_figures[area_id].append(inputs.town_population[pk])
    # A venue counts in its town's area of the moment (a town moved to another area, e.g. when
    # its area was retired, takes its venues along); a venue without a town keeps its own.
    rows = replace(
        rows,
        placements=[
            (p[0], area_of_town.get(p[2], p[1]) if p[2] is not None else p[1], *p[2:])
            for p in rows.placements
        ],
    )
    areas = tally(
        inputs.areas,
        {pk: sum_figures(items) for pk, items in area_figures.items()},
        rows,
        AREA,
    )
    towns = tally([t[:2] for t in inputs.towns], inputs.town_population, rows, TOWN)
    points, people_at, unplaced = people_points(inputs, towns)
    places = weekly_places(rows)
    # Each point's walk is computed once; towns and areas add up their points.
    walked: dict[int, list[tuple[int, float]]] = {}
    for town_id, people in points.items():
        walks = walks_m(people, places, detour)
        walked[town_id] = [(p.count, w) for p, w in zip(people, walks, strict=True)]
    key_index = RADII_M.index(KEY_RADIUS_M)
    towns_of: dict[int | None, list[TownReport]] = defaultdict(list)
    for town in towns:
        latitude, longitude = position.get(town.area_id, (None, None))
        report = TownReport(
            indicators=town,
            area_id=area_of_town.get(town.area_id),
            latitude=latitude,
            longitude=longitude,
            covered=covered(walked.get(town.area_id, []))[key_index],
        )
        towns_of[report.area_id].append(report)
    needs = needs_values(inputs.needs, inputs.when.survey_year)
    cells = matrix(areas, short=settings.short_below, rich=settings.rich_above)
    reports = tuple(
        AreaReport(
            indicators=area,
            coverage=tuple(
                covered(
                    [
                        pair
                        for t in towns_of[area.area_id]
                        for pair in walked.get(t.indicators.area_id, [])
                    ]
                )
            ),
            towns=tuple(towns_of[area.area_id]),
            needs=tuple(needs.get(area.area_id, ())),
            cells=tuple(row),
        )
        for area, row in zip(areas, cells, strict=True)
    )
    municipality = inputs.municipality
    by_town = bool(inputs.town_population) or inputs.whole_row is None
    ranking = (
        rank(
            [components_of(r, by_town) for r in reports],
            services.weights_of(settings),
            within_of(municipality.name),
        )
        if reports
        else []
    )
    return Analysis(
        municipality=municipality,
        when=inputs.when,
        areas=reports,
        whole=whole_indicators(municipality.name, whole_population(inputs), rows),
        whole_coverage=tuple(covered([pair for group in walked.values() for pair in group])),
        categories=CATEGORIES,
        ranking=tuple(ranking),
        places=tuple(map_places(rows, position)),
        participation_target=settings.participation_target,
        detour=detour,
        people_at=people_at,
        unplaced=unplaced,
        has_registry=bool(rows.resources),
        population_by_town=by_town,
    )


def whole_population(inputs: Inputs) -> PopulationFigures:
    """The towns' sum, else the whole municipality's row (the only figure some publish)."""
    if inputs.town_population:
        return sum_figures(inputs.town_population.values())
    return inputs.whole_row or PopulationFigures()


def components_of(report: AreaReport, by_town: bool = True) -> AreaComponents:
    """The ranking's raw figures of one area (a figure the area lacks is left out: its 75+
    when the date has only the whole municipality's population)."""
    values = {MISSING_SUPPORTS: Decimal(len(report.indicators.missing_supports))}
    if by_town:
        values[LATE_ELDERLY] = Decimal(report.indicators.population.age75)
    if report.uncovered_share is not None:
        values[UNCOVERED] = report.uncovered_share
    if report.risk is not None:
        values[RISK] = report.risk
    return AreaComponents(report.area_id, report.name, values)
