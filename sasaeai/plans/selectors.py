"""Reads of the plans app: the 標準額 units of a 年度 and what the municipality's records say
about its kind, wards or member municipalities, and areas."""

from __future__ import annotations

from collections.abc import Callable

from sasaeai.areas.constants import MunicipalityKind
from sasaeai.areas.models import Area, Municipality

from .models import StandardAmountUnit
from .standard_amount import Units

# What shows that a municipality runs 住民参画・官民連携推進事業. Plans sits below the apps that
# know (projects adds "any project not 中止" in its ready()), so it imports none of them.
PROGRAMME_SIGNS: list[Callable[[Municipality], bool]] = []


def add_programme_sign(sign: Callable[[Municipality], bool]) -> None:
    """Count `sign` among what shows the programme runs (once, however often ready() runs)."""
    if sign not in PROGRAMME_SIGNS:
        PROGRAMME_SIGNS.append(sign)


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
    """Whether the municipality records 官民連携 projects (any not 中止, as the projects app
    tells through PROGRAMME_SIGNS): then the calculator starts with 住民参画・官民連携推進事業
    ticked, since that is what those projects are."""
    return any(sign(municipality) for sign in PROGRAMME_SIGNS)
