"""The annual report of a plan's 年度: every measure's indicators with target, actual and status,
as xlsx and as an A4 PDF in 和暦 (WeasyPrint, Noto Sans JP). A report holds its 年度 and the
ones before it, never a later 年度 (its trend and charts stop at its own 年度)."""

from __future__ import annotations

from django.utils import timezone

from sasaeai.utils.fiscal_year import current_fiscal_year, format_fiscal_year
from sasaeai.utils.pdf import render_pdf
from sasaeai.utils.tabular import Cell, Sheet, xlsx_book
from sasaeai.utils.wareki import to_wareki

from .dashboard import MeasureBlock, up_to
from .models import AnnualReport, Plan


def year_rows(blocks: list[MeasureBlock], year: int) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for block in blocks:
        for row in block.rows:
            cell = next(c for c in row.cells if c.fiscal_year == year)
            rows.append(
                [block.measure.name, row.indicator.name, row.indicator.unit, cell.target,
                 cell.actual, cell.status_word, row.source_label,
                 "確定" if cell.frozen else ""]
            )  # fmt: skip
    return rows


def issued_text(plan: Plan, year: int) -> str:
    issued = AnnualReport.objects.filter(plan=plan, fiscal_year=year).first()
    if issued is None:
        return f"未発行（{to_wareki(timezone.localdate())}時点の値）"
    return f"{to_wareki(timezone.localtime(issued.issued_at).date())}発行（値は確定済み）"


def status_note(year: int) -> str:
    """What the status column means in this 年度's report (judged only once it has ended)."""
    label = format_fiscal_year(year)
    if year >= current_fiscal_year(timezone.localdate()):
        return (
            f"{label}はまだ終わっていないため、状況は「年度途中」としています。"
            "目標に届いたかどうかは、年度が終わったあと（3月31日の記録）で判断します。"
        )
    return f"状況は、目標と年度末（3月31日）の実績を比べたものです。推移は{label}までです。"


def report_xlsx(plan: Plan, blocks: list[MeasureBlock], year: int) -> bytes:
    blocks = up_to(blocks, year)
    header = ["事業", "指標", "単位", "目標", "実績", "状況", "実績の出どころ", "確定"]
    trend: list[list[Cell]] = [
        [block.measure.name, row.indicator.name, format_fiscal_year(cell.fiscal_year),
         cell.target, cell.actual, cell.status_word]
        for block in blocks for row in block.rows for cell in row.cells
    ]  # fmt: skip
    return xlsx_book(
        [
            Sheet(format_fiscal_year(year), header, year_rows(blocks, year)),
            Sheet("計画期間の推移", ["事業", "指標", "年度", "目標", "実績", "状況"], trend),
            Sheet(
                "この報告について",
                ["項目"],
                [
                    [
                        f"{plan.municipality.name} {plan.name}（{format_fiscal_year(plan.first_year)}〜"
                        f"{format_fiscal_year(plan.last_year)}）"
                    ],
                    [f"{format_fiscal_year(year)}の年次報告：{issued_text(plan, year)}"],
                    [status_note(year)],
                ],
            ),
        ]
    )


def report_pdf(plan: Plan, blocks: list[MeasureBlock], year: int) -> bytes:
    context = {
        "plan": plan,
        "blocks": up_to(blocks, year),
        "note": status_note(year),
        "year": year,
        "year_label": format_fiscal_year(year),
        "issued": issued_text(plan, year),
        "municipality": plan.municipality,
    }
    return render_pdf("plans/report_pdf.html", context, "css/plan-print.css")
