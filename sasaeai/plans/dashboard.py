"""What the plan's dashboard, its annual report xlsx and its PDF show: for each measure and
indicator, the target and the actual of each 年度 of the plan, and the status as words."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from sasaeai.analysis.charts import BarChart, bar_chart
from sasaeai.utils.fiscal_year import current_fiscal_year, format_fiscal_year

from . import sources
from .constants import Direction, Source
from .models import AnnualReport, Indicator, IndicatorValue, Measure, Plan

MET, SHORT, NO_ACTUAL, NO_TARGET, RUNNING = "met", "short", "no_actual", "no_target", "running"
STATUS_WORDS = {
    MET: _("達成"),
    SHORT: _("未達成"),
    NO_ACTUAL: _("実績なし"),
    NO_TARGET: _("目標なし"),
    RUNNING: _("年度途中"),
}


def status_of(target: Decimal | None, actual: Decimal | None, direction: str, closed: bool) -> str:
    """達成 / 未達成 of a closed 年度; 年度途中 while it runs (unless already met upward)."""
    if target is None:
        return NO_TARGET
    if actual is None:
        return NO_ACTUAL if closed else RUNNING
    met = actual >= target if direction == Direction.UP else actual <= target
    if met:
        return MET
    return SHORT if closed else RUNNING


def plain(value: Decimal | None) -> Decimal | None:
    """3.00 → 3, 10.40 → 10.4 (as typed, without the column's trailing zeros)."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


@dataclass(frozen=True)
class YearCell:
    fiscal_year: int
    target: Decimal | None
    actual: Decimal | None
    status: str
    frozen: bool

    @property
    def status_word(self) -> str:
        return str(STATUS_WORDS[self.status])


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    cells: tuple[YearCell, ...]

    @property
    def source_label(self) -> str:
        return str(Source(self.indicator.source).label)

    @property
    def chart(self) -> BarChart:
        unit = self.indicator.unit
        rows: list[tuple[str, Decimal | None, bool]] = []
        for cell in self.cells:
            year = format_fiscal_year(cell.fiscal_year)
            rows.append((_("%(year)s 目標") % {"year": year}, cell.target, True))
            rows.append((_("%(year)s 実績") % {"year": year}, cell.actual, False))
        return bar_chart(self.indicator.name, unit, rows)


@dataclass(frozen=True)
class MeasureBlock:
    measure: Measure
    rows: tuple[IndicatorRow, ...]


def plan_rows(plan: Plan) -> list[MeasureBlock]:
    """Every measure with its indicators' targets, actuals and statuses per 年度."""
    today_year = current_fiscal_year(timezone.localdate())
    stored = {
        (v.indicator_id, v.fiscal_year, v.kind): v
        for v in IndicatorValue.objects.filter(indicator__measure__plan=plan)
    }
    blocks = []
    analyses: dict[int, Any] = {}  # one gap analysis per 年度, however many indicators use it
    for measure in plan.measures.prefetch_related("indicators"):
        rows = []
        for indicator in measure.indicators.all():
            cells = []
            for year in plan.years:
                target = stored.get((indicator.pk, year, IndicatorValue.TARGET))
                actual_value = stored.get((indicator.pk, year, IndicatorValue.ACTUAL))
                actual: Decimal | None = None
                if actual_value is not None:
                    actual = actual_value.value
                elif indicator.source != Source.MANUAL and year <= today_year:
                    actual = sources.computed(
                        indicator.source, plan.municipality, year, indicator.activity_kind,
                        analyses,
                    )  # fmt: skip
                target_value = target.value if target else None
                cells.append(
                    YearCell(
                        fiscal_year=year,
                        target=plain(target_value),
                        actual=plain(actual),
                        status=status_of(
                            target_value, actual, indicator.direction, year < today_year
                        ),
                        frozen=bool(actual_value and actual_value.frozen),
                    )
                )
            rows.append(IndicatorRow(indicator, tuple(cells)))
        blocks.append(MeasureBlock(measure, tuple(rows)))
    return blocks


def issued_years(plan: Plan) -> set[int]:
    return set(AnnualReport.objects.filter(plan=plan).values_list("fiscal_year", flat=True))
