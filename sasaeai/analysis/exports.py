"""The analysis as one xlsx: indicators per area (with the municipality), per town, the
area × category matrix and the priority ranking. Figures only: nothing personal."""

from __future__ import annotations

from sasaeai.resources.constants import FrequencyBand
from sasaeai.utils.tabular import Cell, Sheet, xlsx_book

from .indicators import AreaIndicators
from .matrix import LEVEL_LABELS
from .report import Analysis

BANDS = (FrequencyBand.WEEKLY_OR_MORE, FrequencyBand.TWO_OR_THREE_MONTHLY, FrequencyBand.MONTHLY)
INDICATOR_HEADER = [
    "総人口", "65歳以上", "75歳以上", "85歳以上", "高齢化率（％）",
    "通いの場（月1回以上）", "65歳以上千人あたり",
    *(f"うち{band.label}" for band in BANDS),
    "参加者（実人数）", "参加率（％）",
]  # fmt: skip


def indicator_cells(figures: AreaIndicators, with_population: bool = True) -> list[Cell]:
    """One row's figures; the population left blank where it is unknown (an area or town of a
    date with only the whole municipality's row), since 0 would read as nobody living there."""
    population = figures.population
    known = [
        population.total,
        population.age65,
        population.age75,
        population.age85,
        population.aging_rate,
    ]
    return [
        *(known if with_population else [None] * len(known)),
        figures.kayoi,
        figures.kayoi_per_1000,
        *(figures.by_band.get(band, 0) for band in BANDS),
        figures.registered,
        figures.participation,
    ]


def analysis_xlsx(analysis: Analysis) -> bytes:
    radii = [f"{r}m圏内（％）" for r in analysis.radii]
    area_rows: list[list[Cell]] = [
        [
            area.name,
            *indicator_cells(area.indicators, analysis.population_by_town),
            *(c.share for c in area.coverage),
            len(area.indicators.missing_supports),
            "、".join(area.indicators.missing_support_labels),
        ]
        for area in analysis.areas
    ]
    area_rows.append(
        [
            f"{analysis.municipality.name}全体",
            *indicator_cells(analysis.whole),
            *(c.share for c in analysis.whole_coverage),
            None,
            "",
        ]
    )
    names = {a.area_id: a.name for a in analysis.areas}
    town_rows: list[list[Cell]] = [
        [
            town.indicators.name,
            names.get(town.area_id or 0, ""),
            *indicator_cells(town.indicators, analysis.population_by_town),
            town.covered.share,
        ]
        for area in analysis.areas
        for town in area.towns
    ]
    matrix_rows: list[list[Cell]] = []
    for area in analysis.areas:
        for category, cell in zip(analysis.categories, area.cells, strict=True):
            matrix_rows.append(
                [
                    area.name,
                    category.group,
                    category.label,
                    cell.count,
                    cell.rate,
                    cell.median,
                    str(LEVEL_LABELS[cell.level]),
                ]
            )
    ranking_rows: list[list[Cell]] = [
        [position, r.name, r.score, r.sentence]
        for position, r in enumerate(analysis.ranking, start=1)
    ]
    when = [f"{analysis.when.label}・{analysis.population_label}"]
    return xlsx_book(
        [
            Sheet(
                "圏域別の指標",
                ["圏域", *INDICATOR_HEADER, *radii, "ない生活支援（種類）", "ない生活支援"],
                area_rows,
            ),
            Sheet(
                "町丁目別の指標",
                ["町丁目", "圏域", *INDICATOR_HEADER, f"{analysis.key_radius}m圏内（％）"],
                town_rows,
            ),
            Sheet(
                "圏域×分類",
                ["圏域", "区分", "分類", "件数", "65歳以上千人あたり", "市町村の中央値", "判定"],
                matrix_rows,
            ),
            Sheet("優先順位", ["順位", "圏域", "得点", "理由"], ranking_rows),
            Sheet("この表について", ["項目"], [when, [f"迂回係数 {analysis.detour}"]]),
        ]
    )
