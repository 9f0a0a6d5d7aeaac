"""Indicators per 日常生活圏域 from the registry and the population on a date: residents 65+,
75+, 85+ and the aging rate; 通いの場 meeting 月1回 or more, per 1,000 residents 65+, by
frequency band and by main activity; 参加率 (registered participants ÷ residents 65+); and
which kinds of daily-life support exist. A place meeting in two areas counts in both."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from sasaeai.areas.models import Area, Municipality
from sasaeai.areas.selectors import PopulationFigures, area_population, percentage
from sasaeai.resources.constants import KAYOI_COUNTED_BANDS, ResourceKind, ResourceStatus
from sasaeai.resources.models import Resource, ResourceTag, TagCategory

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


def area_indicators(municipality: Municipality, as_of: datetime.date) -> list[AreaIndicators]:
    """Every layer-2 area's indicators in 50音順 (population of `as_of`, today's registry)."""
    areas = list(Area.objects.layer2().filter(municipality=municipality).order_by("kana_key"))
    population = area_population(municipality, as_of)
    active = Resource.objects.filter(municipality=municipality, status=ResourceStatus.ACTIVE)
    placed = active.values_list("pk", "service_locations__location__area_id").distinct()
    areas_of: dict[int, set[int]] = defaultdict(set)
    for pk, area_id in placed:
        if area_id is not None:
            areas_of[pk].add(area_id)
    kayoi: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
    rows = active.filter(kind=ResourceKind.KAYOI, frequency_band__in=KAYOI_COUNTED_BANDS)
    for pk, band, activity, registered in rows.values_list(
        "pk", "frequency_band", "primary_activity", "registered_total"
    ):
        for area_id in areas_of[pk]:
            kayoi[area_id].append((band, activity, registered or 0))
    supports: dict[int, set[str]] = defaultdict(set)
    tags = ResourceTag.objects.filter(resource__in=active, category=TagCategory.SUPPORT)
    for pk, value in tags.values_list("resource_id", "value"):
        for area_id in areas_of[pk]:
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
