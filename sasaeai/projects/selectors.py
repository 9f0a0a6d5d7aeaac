"""Reads of the projects app: whether a municipality runs any project, and the pure
arithmetic the screens share (the board's columns, budget totals per 年度)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from sasaeai.areas.models import Municipality

from .constants import Stage
from .models import Project


def runs_projects(municipality: Municipality) -> bool:
    """Whether the municipality records 官民連携 projects (any not 中止)."""
    return Project.objects.filter(municipality=municipality).exclude(stage=Stage.CANCELLED).exists()


# --- the board -----------------------------------------------------------------------------


class HasStage(Protocol):
    stage: str


@dataclass
class Column:
    """One column of the board: a stage and its projects."""

    stage: str
    label: str
    projects: list[Any] = field(default_factory=list)


def board_columns(projects: Iterable[HasStage]) -> list[Column]:
    """Projects grouped by stage, one column per stage in path order (empty ones too)."""
    columns = {value: Column(value, str(label)) for value, label in Stage.choices}
    for project in projects:
        columns[project.stage].projects.append(project)
    return list(columns.values())


# --- budget --------------------------------------------------------------------------------


class BudgetRow(Protocol):
    fiscal_year: int
    planned: int
    actual: int | None
    subsidy_planned: int
    subsidy_actual: int | None


@dataclass
class BudgetTotal:
    """Sums of one 年度 (or of all), in 千円; an actual stays None until one is entered."""

    fiscal_year: int | None
    planned: int = 0
    actual: int | None = None
    subsidy_planned: int = 0
    subsidy_actual: int | None = None

    def add(self, row: BudgetRow) -> None:
        self.planned += row.planned
        self.subsidy_planned += row.subsidy_planned
        if row.actual is not None:
            self.actual = (self.actual or 0) + row.actual
        if row.subsidy_actual is not None:
            self.subsidy_actual = (self.subsidy_actual or 0) + row.subsidy_actual


def budget_totals(rows: Iterable[BudgetRow]) -> tuple[list[BudgetTotal], BudgetTotal]:
    """Totals per 年度 (oldest first) and the grand total, from any projects' budget rows."""
    by_year: dict[int, BudgetTotal] = {}
    grand = BudgetTotal(None)
    for row in rows:
        by_year.setdefault(row.fiscal_year, BudgetTotal(row.fiscal_year)).add(row)
        grand.add(row)
    return [by_year[year] for year in sorted(by_year)], grand
