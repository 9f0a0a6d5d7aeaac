"""Reads: areas in 50音順 and population figures per town, area and municipality."""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import OuterRef, Q, QuerySet, Subquery, Sum

from .constants import Layer
from .models import Area, CoordinatorDesk, Municipality, PopulationBand, PopulationRecord, Town


@dataclass(frozen=True)
class PopulationFigures:
    """Totals for one place; the aging rate's denominator is the total incl. 年齢不詳."""

    total: int = 0
    unknown_age: int = 0
    age65: int = 0
    age75: int = 0
    age85: int = 0
    households: int | None = None

    def __add__(self, other: PopulationFigures) -> PopulationFigures:
        households = None
        if self.households is not None or other.households is not None:
            households = (self.households or 0) + (other.households or 0)
        return PopulationFigures(
            total=self.total + other.total,
            unknown_age=self.unknown_age + other.unknown_age,
            age65=self.age65 + other.age65,
            age75=self.age75 + other.age75,
            age85=self.age85 + other.age85,
            households=households,
        )

    @property
    def aging_rate(self) -> Decimal | None:
        """65歳以上 ÷ 総人口 (年齢不詳を含む) as a percentage with one decimal."""
        return percentage(self.age65, self.total)

    @property
    def late_elderly_rate(self) -> Decimal | None:
        return percentage(self.age75, self.total)


def percentage(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def sum_figures(items: Iterable[PopulationFigures]) -> PopulationFigures:
    total = PopulationFigures()
    for item in items:
        total = total + item
    return total


def layer1_areas(municipality: Municipality) -> QuerySet[Area]:
    """Current layer-1 areas in 50音順, with their current layer-2 areas prefetched."""
    from django.db.models import Prefetch

    children = Area.objects.current().order_by("kana_key", "name")
    return (
        Area.objects.current()
        .layer1()
        .filter(municipality=municipality)
        .order_by("kana_key", "name")
        .prefetch_related(Prefetch("children", queryset=children))
    )


def towns_of(area: Area) -> QuerySet[Town]:
    """Towns of a layer-2 area, or of every layer-2 area under a layer-1 area, in 50音順."""
    towns = Town.objects.filter(municipality_id=area.municipality_id)
    if area.layer == 1:
        return towns.filter(area__parent=area).order_by("kana_key", "name")
    return towns.filter(area=area).order_by("kana_key", "name")


def latest_population_date(
    municipality: Municipality, on: datetime.date | None = None, *, by_town: bool = False
) -> datetime.date | None:
    """The newest 調査年月日 on or before `on` when given: of any rows (many municipalities
    publish only the whole municipality's), or with town rows when `by_town`."""
    records = PopulationRecord.objects.filter(municipality=municipality)
    if by_town:
        records = records.filter(town__isnull=False)
    if on is not None:
        records = records.filter(as_of__lte=on)
    return records.order_by("-as_of").values_list("as_of", flat=True).first()


def town_population(
    municipality: Municipality, as_of: datetime.date
) -> dict[int, PopulationFigures]:
    """Figures per town id for one date: two queries whatever the number of towns."""
    records = PopulationRecord.objects.filter(
        municipality=municipality, as_of=as_of, town__isnull=False
    )
    return {town: figures for _m, town, figures in town_figures(records) if town is not None}


@dataclass(frozen=True)
class MunicipalPopulation:
    """A municipality's population on one 調査日: per town, and the whole municipality's
    figures (the towns' sum; its whole-municipality row when no town has figures)."""

    as_of: datetime.date
    towns: dict[int, PopulationFigures]
    whole_row: PopulationFigures | None = None

    @property
    def by_town(self) -> bool:
        return bool(self.towns)

    @property
    def whole(self) -> PopulationFigures | None:
        # With town rows the towns' sum is kept (as before whole-municipality rows were
        # shown), so the areas always add up to it; the import preview names any difference.
        if self.towns:
            return sum_figures(self.towns.values())
        return self.whole_row


def population_on(municipality: Municipality, as_of: datetime.date) -> MunicipalPopulation:
    """The towns' and the whole municipality's rows of one date: two queries."""
    records = PopulationRecord.objects.filter(municipality=municipality, as_of=as_of)
    return population_of(as_of, [(town, f) for _m, town, f in town_figures(records)])


def population_of(
    as_of: datetime.date, rows: Iterable[tuple[int | None, PopulationFigures]]
) -> MunicipalPopulation:
    """Rows of (town id, figures) of one date, the whole municipality's with no town id."""
    towns: dict[int, PopulationFigures] = {}
    whole = None
    for town, figures in rows:
        if town is None:
            whole = figures
        else:
            towns[town] = figures
    return MunicipalPopulation(as_of, towns, whole)


def latest_records() -> QuerySet[PopulationRecord]:
    """Every municipality's rows (towns and whole) of its newest 調査年月日, for nation-wide
    passes."""
    newest = (
        PopulationRecord.objects.filter(municipality=OuterRef("municipality"))
        .order_by("-as_of")
        .values("as_of")[:1]
    )
    return PopulationRecord.objects.filter(as_of=Subquery(newest))


def town_figures(
    records: QuerySet[PopulationRecord],
) -> list[tuple[int, int | None, PopulationFigures]]:
    """(municipality id, town id, figures) of the given rows (no town id: the whole
    municipality's): two queries in all."""
    bands = (
        PopulationBand.objects.filter(record__in=records.values("pk"))
        .values("record_id")
        .annotate(
            age65=Sum("count", filter=Q(age_from__gte=65)),
            age75=Sum("count", filter=Q(age_from__gte=75)),
            age85=Sum("count", filter=Q(age_from__gte=85)),
        )
    )
    by_record = {row["record_id"]: row for row in bands}
    result: list[tuple[int, int | None, PopulationFigures]] = []
    for record in records.values(
        "pk", "municipality_id", "town_id", "total", "unknown_age", "households"
    ):
        band = by_record.get(record["pk"], {})
        figures = PopulationFigures(
            total=record["total"],
            unknown_age=record["unknown_age"],
            age65=band.get("age65") or 0,
            age75=band.get("age75") or 0,
            age85=band.get("age85") or 0,
            households=record["households"],
        )
        result.append((record["municipality_id"], record["town_id"], figures))
    return result


def area_population(
    municipality: Municipality, as_of: datetime.date
) -> dict[int, PopulationFigures]:
    """Figures per area id (layer 2 from its towns, layer 1 from its layer-2 areas)."""
    return area_sums(municipality, town_population(municipality, as_of))


def area_sums(
    municipality: Municipality, per_town: dict[int, PopulationFigures]
) -> dict[int, PopulationFigures]:
    """The towns' figures added up per layer-2 area and per layer-1 area: one query."""
    towns = Town.objects.filter(municipality=municipality).values_list(
        "id", "area_id", "area__parent_id"
    )
    grouped: dict[int, list[PopulationFigures]] = defaultdict(list)
    for town_id, area_id, parent_id in towns:
        if town_id in per_town:
            grouped[area_id].append(per_town[town_id])
            if parent_id is not None:
                grouped[parent_id].append(per_town[town_id])
    return {area_id: sum_figures(items) for area_id, items in grouped.items()}


def municipality_population(municipality: Municipality, as_of: datetime.date) -> PopulationFigures:
    """The whole municipality on the date: the towns' sum, else its whole-municipality row."""
    return population_on(municipality, as_of).whole or PopulationFigures()


@dataclass(frozen=True)
class Place:
    """An area or a town as lists and filters name it (a town with its centre, when known)."""

    pk: int
    name: str
    latitude: float | None = None
    longitude: float | None = None


def areas_and_towns(municipality: Municipality) -> tuple[list[Place], list[Place]]:
    """The municipality's 日常生活圏域 and 町丁目, each in 50音順, read in one statement (the
    residents' search page shows both on every request)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1, id, name, NULL, NULL, kana_key FROM areas_area "
            "WHERE municipality_id = %s AND layer = %s AND valid_to IS NULL "
            "UNION ALL SELECT 2, id, name, latitude, longitude, kana_key FROM areas_town "
            "WHERE municipality_id = %s ORDER BY 1, 6, 3",
            [municipality.pk, Layer.SECOND, municipality.pk],
        )
        rows = cursor.fetchall()
    areas = [Place(pk, name) for kind, pk, name, _, _, _ in rows if kind == 1]
    towns = [Place(pk, name, lat, lng) for kind, pk, name, lat, lng, _ in rows if kind == 2]
    return areas, towns


@dataclass(frozen=True)
class TownGroup:
    """Towns sharing a current 日常生活圏域 (None: towns with none), for the assignment list."""

    area: Area | None
    towns: tuple[Town, ...]


def towns_by_area(towns: Iterable[Town], area: Area) -> list[TownGroup]:
    """Towns (their areas loaded) grouped by area: those without one first, then `area`'s,
    then the other areas in 50音順."""
    groups: dict[int | None, list[Town]] = defaultdict(list)
    areas: dict[int, Area] = {}
    for town in towns:
        groups[town.area_id].append(town)
        if town.area is not None:
            areas[town.area.pk] = town.area
    others = sorted(
        (a for pk, a in areas.items() if pk != area.pk), key=lambda a: (a.kana_key, a.name)
    )
    order: list[Area | None] = [None, area, *others]
    return [
        TownGroup(item, tuple(groups[item.pk if item else None]))
        for item in order
        if groups.get(item.pk if item else None)
    ]


# --- 生活支援コーディネーターの連絡先 (issue #26, point 1) -------------------------------------

# A desk residents may see: marked public *and* with the date its holder agreed. The database
# refuses the one without the other (desk_public_needs_consent_date); the rule is restated here
# so that the public pages never depend on that constraint alone (a copied or restored row).
PUBLIC_DESKS = Q(is_public=True, public_consent_on__isnull=False)
# The columns a PublicDesk is read from, in the order of its fields.
DESK_FIELDS = ("organization", "person_name", "phone", "email", "hours")
# What a tel: link keeps of a typed number (after NFKC: full-width digits become ASCII).
_NOT_DIALLED = re.compile(r"[^0-9+]")


@dataclass(frozen=True)
class PublicDesk:
    """A coordinator's desk as residents see it (the portal's pages, the print list). The
    person's name is in it because a public desk always has its consent date recorded."""

    organization: str
    person_name: str
    phone: str
    email: str
    hours: str

    @property
    def tel(self) -> str:
        """The number for a tel: link: digits and + only (「042-555-0101（代表）」 → 0425550101)."""
        return _NOT_DIALLED.sub("", unicodedata.normalize("NFKC", self.phone))


def is_public_desk(desk: CoordinatorDesk) -> bool:
    """The Python form of PUBLIC_DESKS, for desks already loaded (the staff's area page)."""
    return desk.is_public and desk.public_consent_on is not None


def public_desks(
    municipality: Municipality, area_ids: Iterable[int]
) -> dict[int, tuple[PublicDesk, ...]]:
    """The public desks of each of the municipality's areas asked for, in their order; an area
    with none of its own gets its layer-1 area's (below): two queries whatever the number."""
    parents = dict(
        Area.objects.filter(municipality=municipality, pk__in=set(area_ids)).values_list(
            "pk", "parent_id"
        )
    )
    if not parents:
        return {}
    wanted = set(parents) | {parent for parent in parents.values() if parent is not None}
    rows = (
        CoordinatorDesk.objects.filter(PUBLIC_DESKS, area_id__in=wanted)
        .order_by("order", "pk")
        .values_list("area_id", *DESK_FIELDS)
    )
    own: dict[int, list[PublicDesk]] = defaultdict(list)
    for area_id, *values in rows:
        own[area_id].append(PublicDesk(*values))
    # why the fallback: many municipalities have one coordinator for the whole city (layer 1)
    # and none yet in some 日常生活圏域; a resident of such an area is sent to the city's desk
    # rather than to nobody. An area's own desks, when it has any, replace the city's.
    return {
        pk: tuple(own.get(pk) or (own.get(parent, []) if parent is not None else []))
        for pk, parent in parents.items()
    }


def public_desks_of(municipality: Municipality, area_ids: Iterable[int]) -> tuple[PublicDesk, ...]:
    """The public desks for a place meeting in these areas, each desk once, in the areas' order.
    A place with no area (送迎・配達, no venue) gets the layer-1 area's when the municipality
    has only one: there it is plainly the place's; among a city's wards it would be a guess."""
    ids = list(dict.fromkeys(area_ids))
    if not ids:
        layer1 = list(
            Area.objects.current()
            .layer1()
            .filter(municipality=municipality)
            .values_list("pk", flat=True)[:2]
        )
        ids = layer1 if len(layer1) == 1 else []
    by_area = public_desks(municipality, ids)
    return tuple(dict.fromkeys(desk for pk in ids for desk in by_area.get(pk, ())))
