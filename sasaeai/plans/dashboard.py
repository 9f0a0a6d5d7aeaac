"""What the plan's dashboard, its annual report xlsx and its PDF show: for each measure and
indicator, the target and the actual of each 年度 of the plan, and the status as words."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from sasaeai.activities.constants import ActivityKind
from sasaeai.analysis.charts import BarChart, bar_chart
from sasaeai.resources.constants import Sector
from sasaeai.utils.fiscal_year import current_fiscal_year, format_fiscal_year

from . import sources
from .constants import Direction, Source
from .models import AnnualReport, Indicator, IndicatorValue, Measure, Plan

MET, SHORT, NO_ACTUAL, NO_TARGET = "met", "short", "no_actual", "no_target"
RUNNING, UPCOMING = "running", "upcoming"
STATUS_WORDS = {
    MET: _("達成"),
    SHORT: _("未達成"),
    NO_ACTUAL: _("実績なし"),
    NO_TARGET: _("目標なし"),
    RUNNING: _("年度途中"),
    UPCOMING: _("開始前"),
}


def status_of(
    target: Decimal | None, actual: Decimal | None, direction: str, closed: bool,
    begun: bool = True,
) -> str:  # fmt: skip
    """達成 / 未達成 only once the 年度 has ended: while it runs it is 年度途中 even when the
    count already reaches the target (the page promises a judgement after the 年度, and a
    下がるほどよい figure met in May may not be met in March); a 年度 not begun is 開始前."""
    if not begun:
        return UPCOMING
    if target is None:
        return NO_TARGET
    if not closed:
        return RUNNING
    if actual is None:
        return NO_ACTUAL
    met = actual >= target if direction == Direction.UP else actual <= target
    return MET if met else SHORT


def source_label(source: str, activity_kind: str = "", sector: str = "") -> str:
    """Exactly what the actual counts: 活動記録 of one kind say which kind (the demo's
    「コーディネーターの訪問件数」 counts 訪問 only, 72 of 468 records in 令和7年度), and
    meeting participants of one 分野 say which."""
    if source == Source.MEETING_PARTICIPANTS:
        if sector in Sector.values:
            return _("会議の参加者のうち分野「%(sector)s」の人数（年度内）") % {
                "sector": Sector(sector).label
            }
        return _("会議の参加者数（年度内、すべての分野・人数だけの記録を含む）")
    if source == Source.ACTIVITIES:
        if activity_kind in ActivityKind.values:
            return _("コーディネーターの活動記録のうち「%(kind)s」の件数") % {
                "kind": ActivityKind(activity_kind).label
            }
        return _("コーディネーターの活動記録の件数（すべての種類）")
    if source == Source.MANUAL:
        # The choice reads 「入力する」 in the form; next to a figure it says where it came from.
        return _("入力した値")
    return str(Source(source).label)


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
        return source_label(
            self.indicator.source, self.indicator.activity_kind, self.indicator.sector
        )

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
                        analyses, sector=indicator.sector,
                    )  # fmt: skip
                target_value = target.value if target else None
                cells.append(
                    YearCell(
                        fiscal_year=year,
                        target=plain(target_value),
                        actual=plain(actual),
                        status=status_of(
                            target_value,
                            actual,
                            indicator.direction,
                            year < today_year,
                            begun=year <= today_year,
                        ),
                        frozen=bool(actual_value and actual_value.frozen),
                    )
                )
            rows.append(IndicatorRow(indicator, tuple(cells)))
        blocks.append(MeasureBlock(measure, tuple(rows)))
    return blocks


def up_to(blocks: list[MeasureBlock], year: int) -> list[MeasureBlock]:
    """The blocks with the 年度 up to `year` only: a 年度's report never shows a later 年度
    (the 令和7年度 report, printed in 令和8年度, charted 令和8年度's running figures)."""
    return [
        MeasureBlock(
            block.measure,
            tuple(
                IndicatorRow(row.indicator, tuple(c for c in row.cells if c.fiscal_year <= year))
                for row in block.rows
            ),
        )
        for block in blocks
    ]


def issued_years(plan: Plan) -> set[int]:
    return set(AnnualReport.objects.filter(plan=plan).values_list("fiscal_year", flat=True))
