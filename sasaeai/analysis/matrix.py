"""The area × category matrix: per 1,000 residents 65+, the 通いの場 of each MHLW activity
(by main activity) and the resources offering each kind of daily-life support, judged against
the municipal median (不足 below 0.5×, 充実 above 1.5×; the municipality may change both)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from statistics import median

from django.utils.translation import gettext_lazy as _

from sasaeai.resources.constants import Activity, SupportType

from .indicators import AreaIndicators, activity_key, per_thousand, support_key

SHORT, NORMAL, RICH = "short", "normal", "rich"
LEVEL_LABELS = {SHORT: _("不足"), NORMAL: _("標準"), RICH: _("充実")}
DEFAULT_SHORT_BELOW = Decimal("0.5")
DEFAULT_RICH_ABOVE = Decimal("1.5")


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    group: str  # 通いの場（主な活動） or 生活支援


CATEGORIES = tuple(
    Category(activity_key(value), str(label), "通いの場（主な活動）")
    for value, label in Activity.choices
) + tuple(
    Category(support_key(value), str(label), "生活支援") for value, label in SupportType.choices
)
CATEGORY_OF = {c.key: c for c in CATEGORIES}


@dataclass(frozen=True)
class Cell:
    area_id: int
    category: str
    count: int
    rate: Decimal | None  # per 1,000 residents 65+
    median: Decimal | None  # the municipality's median rate for the category
    level: str


def level_of(rate: Decimal | None, middle: Decimal | None, short: Decimal, rich: Decimal) -> str:
    """不足 / 標準 / 充実 of one rate against the median (no population: 標準, not judged)."""
    if rate is None or middle is None:
        return NORMAL
    if rate < short * middle:
        return SHORT
    if rate > rich * middle:
        return RICH
    return NORMAL


def matrix(
    areas: Sequence[AreaIndicators],
    categories: Sequence[str] = tuple(CATEGORY_OF),
    short: Decimal = DEFAULT_SHORT_BELOW,
    rich: Decimal = DEFAULT_RICH_ABOVE,
) -> list[list[Cell]]:
    """One row of cells per area, in the order given; medians over areas with residents 65+."""
    rows: list[list[Cell]] = [[] for _ in areas]
    for category in categories:
        rates = [per_thousand(a.count(category), a.population.age65) for a in areas]
        known = [r for r in rates if r is not None]
        middle = Decimal(median(known)) if known else None
        for row, area, rate in zip(rows, areas, rates, strict=True):
            count = area.count(category)
            row.append(
                Cell(
                    area.area_id, category, count, rate, middle, level_of(rate, middle, short, rich)
                )
            )
    return rows
