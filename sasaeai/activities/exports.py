"""The activity summary as xlsx: 年度 / 月 × 活動種別 × 圏域 (件数, 時間)."""

from __future__ import annotations

from sasaeai.utils.fiscal_year import format_fiscal_year
from sasaeai.utils.tabular import Cell, Sheet, xlsx_book

from .constants import ActivityKind
from .selectors import FISCAL_MONTHS, Summary

KIND_LABEL = dict(ActivityKind.choices)


def summary_xlsx(summary: Summary) -> bytes:
    year = format_fiscal_year(summary.fiscal_year)
    by_kind: list[list[Cell]] = [
        [year, f"{month}月", str(KIND_LABEL[kind]), tally.count, tally.minutes,
         round(tally.minutes / 60, 1)]
        for month in FISCAL_MONTHS
        for kind in ActivityKind.values
        if (tally := summary.by_month.get((month, kind)))
    ]  # fmt: skip
    by_kind.append([year, "合計", "", summary.total.count, summary.total.minutes,
                    round(summary.total.minutes / 60, 1)])  # fmt: skip
    by_area: list[list[Cell]] = [
        [year, f"{month}月", str(KIND_LABEL[kind]), area, tally.count, tally.minutes]
        for month in FISCAL_MONTHS
        for kind in ActivityKind.values
        for area in summary.areas
        if (tally := summary.by_month_area.get((month, kind, area)))
    ]
    return xlsx_book(
        [
            Sheet(
                "月×活動種別",
                ["年度", "月", "活動種別", "件数", "時間（分）", "時間（時間）"],
                by_kind,
            ),
            Sheet(
                "月×活動種別×圏域",
                ["年度", "月", "活動種別", "圏域", "件数", "時間（分）"],
                by_area,
            ),
            Sheet(
                "この表について",
                ["項目"],
                [
                    [f"{year}の活動記録 {summary.total.count}件・つなぎ {summary.connections}件"],
                    [
                        "「月×活動種別×圏域」では、2つの圏域にまたがる活動をそれぞれの圏域で数えます。"
                    ],
                ],
            ),
        ]
    )
