"""Reads of the plans app: the 標準額 units of a 年度 and what the municipality's records say
about its kind, wards or member municipalities, and areas."""

from __future__ import annotations

from sasaeai.areas.constants import MunicipalityKind
from sasaeai.areas.models import Area, Municipality

from .models import Project, StandardAmountUnit
from .projects import Stage
from .standard_amount import Units


def units_for(fiscal_year: int) -> tuple[Units, int] | None:
    """The units of the 年度, or of the newest 年度 before it (with the 年度 they come from)."""
    unit = (
        StandardAmountUnit.objects.filter(fiscal_year__lte=fiscal_year)
        .order_by("-fiscal_year")
        .first()
    )
    if unit is None:
        return None
    return Units(unit.layer1, unit.layer2, unit.programme), unit.fiscal_year


def prefill(municipality: Municipality) -> dict[str, object]:
    """The calculator's inputs from the records: the kind, n (1; the layer-1 areas of a 指定都市,
    taken as its wards; the member municipalities of a union), the current layer-2 areas and
    whether the programme runs."""
    areas = Area.objects.current().filter(municipality=municipality)
    n = 1
    if municipality.kind == MunicipalityKind.DESIGNATED_CITY:
        n = max(1, areas.layer1().count())
    elif municipality.kind == MunicipalityKind.UNION:
        members = areas.exclude(member_municipality=None).values("member_municipality").distinct()
        n = max(2, members.count())
    return {
        "kind": municipality.kind,
        "n": n,
        "areas": areas.layer2().count(),
        "programme": runs_programme(municipality),
    }


def runs_programme(municipality: Municipality) -> bool:
    """Whether the municipality records 官民連携 projects (any not 中止): then the calculator
    starts with 住民参画・官民連携推進事業 ticked, since that is what those projects are."""
    return Project.objects.filter(municipality=municipality).exclude(stage=Stage.CANCELLED).exists()
