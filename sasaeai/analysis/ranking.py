"""Priority ranking of areas: score = Σ weight × (component normalised min–max across the
municipality's areas). Each area's sentence names its two largest weighted components with
their figures, e.g. 「75歳以上人口が市内最多（300人）、週1回以上の通いの場から800m圏外の高齢者が42.0%」."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

LATE_ELDERLY, UNCOVERED, MISSING_SUPPORTS, RISK = (
    "late_elderly",
    "uncovered",
    "missing_supports",
    "risk",
)
DEFAULT_WEIGHTS = {
    LATE_ELDERLY: Decimal(1),
    UNCOVERED: Decimal(1),
    MISSING_SUPPORTS: Decimal(1),
    RISK: Decimal(1),
}


@dataclass(frozen=True)
class AreaComponents:
    """The raw figures of one area (a component left out when None)."""

    area_id: int
    name: str
    values: Mapping[str, Decimal]


@dataclass(frozen=True)
class Ranked:
    area_id: int
    name: str
    score: Decimal
    sentence: str


def normalised(values: Sequence[Decimal]) -> list[Decimal]:
    """(x − min) ÷ (max − min); all 0 when every area has the same figure."""
    low, high = min(values), max(values)
    if high == low:
        return [Decimal(0) for _ in values]
    return [(v - low) / (high - low) for v in values]


def phrase(component: str, value: Decimal, is_max: bool, within: str = "市内") -> str:
    if component == LATE_ELDERLY:
        if is_max:
            return _("75歳以上人口が%(within)s最多（%(n)s人）") % {
                "within": within,
                "n": f"{value:,.0f}",
            }
        return _("75歳以上人口が%(n)s人") % {"n": f"{value:,.0f}"}
    if component == UNCOVERED:
        return _("週1回以上の通いの場から800m圏外の高齢者が%(p)s%%") % {"p": f"{value:.1f}"}
    if component == MISSING_SUPPORTS:
        return _("ない生活支援が%(n)s種類") % {"n": f"{value:.0f}"}
    return _("ニーズ調査のリスク指標が平均%(v)s%%") % {"v": f"{value:.1f}"}


def within_of(municipality_name: str) -> str:
    """「市内」「町内」「村内」「区内」 from the municipality's name (市 when it says none)."""
    last = municipality_name[-1:] if municipality_name else ""
    return f"{last}内" if last in {"市", "町", "村", "区"} else "市内"


def rank(
    areas: Sequence[AreaComponents],
    weights: Mapping[str, Decimal] = DEFAULT_WEIGHTS,
    within: str = "市内",
) -> list[Ranked]:
    """Areas by score, highest first (ties in the order given); `within` names the whole
    (「町内最多」 in a town)."""
    components = [c for c in weights if all(c in a.values for a in areas)]
    scaled = {c: normalised([a.values[c] for a in areas]) for c in components}
    highest = {c: max(a.values[c] for a in areas) for c in components}
    ranked = []
    for index, area in enumerate(areas):
        parts = {c: weights[c] * scaled[c][index] for c in components}
        top = sorted(components, key=lambda c: (-parts[c], components.index(c)))[:2]
        sentence = "、".join(
            phrase(c, area.values[c], area.values[c] == highest[c], within)
            for c in top
            if parts[c] > 0
        )
        score = sum(parts.values(), Decimal(0)).quantize(Decimal("0.001"), ROUND_HALF_UP)
        ranked.append(Ranked(area.area_id, area.name, score, sentence))
    return sorted(ranked, key=lambda r: -r.score)
