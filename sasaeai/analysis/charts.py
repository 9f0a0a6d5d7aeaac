"""Chart geometry for the 地域カルテ: horizontal bar charts and the coverage map, drawn as SVG
by templates (text stays text, so the page's font — Noto Sans JP in the PDF — draws it).
Every chart is shown with a table of its numbers."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from .indicators import MapPlace
from .report import AreaReport, TownReport

BAR_WIDTH = 320  # the longest bar, in SVG units
LABEL_WIDTH = 220
ROW_HEIGHT = 28


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | None
    text: str  # the figure as printed beside the bar
    y: int
    width: float
    is_reference: bool = False


@dataclass(frozen=True)
class BarChart:
    title: str
    unit: str
    bars: tuple[Bar, ...]
    height: int
    label_width: int = LABEL_WIDTH
    bar_width: int = BAR_WIDTH

    @property
    def width(self) -> int:
        return self.label_width + self.bar_width + 90


def bar_chart(
    title: str, unit: str, rows: Sequence[tuple[str, Decimal | int | None, bool]]
) -> BarChart:
    """Rows of (label, value, is_reference); bars scaled to the largest value."""
    values = [Decimal(v) for _, v, _ in rows if v is not None]
    top = max(values, default=Decimal(0)) or Decimal(1)
    bars = tuple(
        Bar(
            label=label,
            value=None if value is None else Decimal(value),
            text="—" if value is None else f"{value:,}{unit}",
            y=index * ROW_HEIGHT,
            width=0 if value is None else round(float(Decimal(value) / top) * BAR_WIDTH, 1),
            is_reference=reference,
        )
        for index, (label, value, reference) in enumerate(rows)
    )
    return BarChart(title, unit, bars, height=len(bars) * ROW_HEIGHT + 4)


MAP_WIDTH = 560
MAP_MARGIN_M = 1000  # the map shows this much beyond the area's outermost towns
METRES_PER_DEGREE = 111_195.0


@dataclass(frozen=True)
class MapTown:
    name: str
    x: float
    y: float
    uncovered: bool
    report: TownReport


@dataclass(frozen=True)
class MapPoint:
    x: float
    y: float
    at_town: bool


@dataclass(frozen=True)
class CoverageMap:
    width: int
    height: int
    radius: float  # the walk's straight-line radius in SVG units
    towns: tuple[MapTown, ...]
    places: tuple[MapPoint, ...]
    scale_bar: float  # 500 m in SVG units

    @property
    def uncovered_towns(self) -> tuple[MapTown, ...]:
        return tuple(t for t in self.towns if t.uncovered)


def coverage_map(
    area: AreaReport, places: Sequence[MapPlace], walk_m: int, detour: Decimal
) -> CoverageMap | None:
    """The area's towns and the weekly places around them (a private home only at its town's
    centre), with the walk's radius around each place; None when no town has a position."""
    towns = [t for t in area.towns if t.latitude is not None and t.longitude is not None]
    if not towns:
        return None
    middle = sum(t.latitude or 0 for t in towns) / len(towns)
    x_metres = METRES_PER_DEGREE * math.cos(math.radians(middle))
    margin_lat = MAP_MARGIN_M / METRES_PER_DEGREE
    margin_lng = MAP_MARGIN_M / x_metres
    south = min(t.latitude or 0 for t in towns) - margin_lat
    north = max(t.latitude or 0 for t in towns) + margin_lat
    west = min(t.longitude or 0 for t in towns) - margin_lng
    east = max(t.longitude or 0 for t in towns) + margin_lng
    span_x, span_y = (east - west) * x_metres, (north - south) * METRES_PER_DEGREE
    per_metre = MAP_WIDTH / max(span_x, span_y * 0.75)
    height = round(span_y * per_metre)
    width = round(span_x * per_metre)

    def project(latitude: float, longitude: float) -> tuple[float, float]:
        return (
            round((longitude - west) * x_metres * per_metre, 1),
            round((north - latitude) * METRES_PER_DEGREE * per_metre, 1),
        )

    return CoverageMap(
        width=width,
        height=height,
        radius=round(walk_m / float(detour) * per_metre, 1),
        towns=tuple(
            MapTown(t.indicators.name, *project(t.latitude or 0, t.longitude or 0), t.uncovered, t)
            for t in towns
        ),
        places=tuple(
            MapPoint(*project(p.latitude, p.longitude), p.at_town)
            for p in places
            if south <= p.latitude <= north and west <= p.longitude <= east
        ),
        scale_bar=round(500 * per_metre, 1),
    )
