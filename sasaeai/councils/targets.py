"""Reads of the councils' targets per 圏域 (AreaTarget): a council's own, and those of a 年度
that the analysis shows beside each area's figures."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from sasaeai.areas.models import Municipality
from sasaeai.utils.fiscal_year import current_fiscal_year, format_fiscal_year

from .constants import TargetIndicator
from .models import AreaTarget, Council

# How each target reads beside its figure (「目標 8％」, 「目標 12か所」).
TARGET_UNITS: dict[str, str] = {
    TargetIndicator.KAYOI: "か所",
    TargetIndicator.KAYOI_PER_1000: "か所",
    TargetIndicator.PARTICIPATION: "％",
}


@dataclass(frozen=True)
class AreaTargets:
    """One area's targets of one 年度 (None: no target for that figure)."""

    fiscal_year: int
    kayoi: Decimal | None = None
    kayoi_per_1000: Decimal | None = None
    participation: Decimal | None = None

    @property
    def year_label(self) -> str:
        return format_fiscal_year(self.fiscal_year)

    def __bool__(self) -> bool:
        return any(v is not None for v in (self.kayoi, self.kayoi_per_1000, self.participation))


def plain(value: Decimal) -> Decimal:
    """8.00 → 8, 2.50 → 2.5: a target reads as it was meant, not with the column's zeros."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def targets_of(council: Council) -> QuerySet[AreaTarget]:
    """The council's targets, newest 年度 first, then by area and indicator."""
    return (
        AreaTarget.objects.filter(council=council)
        .select_related("area")
        .order_by("-fiscal_year", "area__layer", "area__kana_key", "area__name", "indicator")
    )


def area_targets(municipality: Municipality, fiscal_year: int) -> dict[int, AreaTargets]:
    """Every area's targets of the 年度, by area id (areas without a target are absent)."""
    values: dict[int, dict[str, Decimal]] = {}
    rows = AreaTarget.objects.filter(
        area__municipality=municipality, fiscal_year=fiscal_year
    ).values_list("area_id", "indicator", "value")
    for area_id, indicator, value in rows:
        if indicator in TargetIndicator.values:
            values.setdefault(area_id, {})[indicator] = plain(value)
    return {
        area_id: AreaTargets(fiscal_year=fiscal_year, **by_indicator)
        for area_id, by_indicator in values.items()
    }


def shown_year(fiscal_year: int | None, day: datetime.date | None) -> int:
    """The 年度 whose targets go beside figures of a moment: the closed 年度 shown, the 年度
    of a chosen past day, else the current one."""
    if fiscal_year is not None:
        return fiscal_year
    return current_fiscal_year(day)
