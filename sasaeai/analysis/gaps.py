"""From a gap to a 地域課題: the evidence a matrix cell or a 地域カルテ gives, and the challenge
made through `councils.services` with that evidence attached. The figures are recomputed on
the server when the challenge is made, never taken from the form."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sasaeai.areas.constants import NO_AREA_FIGURES
from sasaeai.areas.models import Area, Municipality
from sasaeai.councils import services as council_services
from sasaeai.councils.constants import ChallengeCategory, ChallengeSource, EvidenceKind
from sasaeai.councils.models import Challenge, Council
from sasaeai.councils.services import EvidenceInput
from sasaeai.resources.constants import Activity, SupportType
from sasaeai.resources.models import Resource

from .matrix import CATEGORY_OF, LEVEL_LABELS
from .report import Analysis, AreaReport, analyse

SUPPORT_CATEGORIES: dict[str, str] = {
    SupportType.SHOPPING: ChallengeCategory.SHOPPING,
    SupportType.MEAL_DELIVERY: ChallengeCategory.MEALS,
    SupportType.WATCHING: ChallengeCategory.WATCHING,
    SupportType.HOUSEWORK: ChallengeCategory.HOUSEWORK,
    SupportType.GARBAGE: ChallengeCategory.HOUSEWORK,
    SupportType.MOBILITY: ChallengeCategory.MOBILITY,
}


def challenge_category(category: str) -> str:
    """The 地域課題's 分野 for a matrix category."""
    kind, _sep, value = category.partition(":")
    if kind == "support":
        return SUPPORT_CATEGORIES.get(value, ChallengeCategory.OTHER)
    if value == Activity.DEMENTIA_PREVENTION:
        return ChallengeCategory.DEMENTIA
    return ChallengeCategory.PLACES


def rate_text(value: Any, unit: str = "件") -> str:
    return "—" if value is None else f"{value}{unit}"


def percent_text(value: Any) -> str:
    """A percentage, or a dash when it cannot be computed (0.0% is a figure, not a dash)."""
    return "—" if value is None else f"{value}%"


def cell_evidence(analysis: Analysis, area: AreaReport, category: str) -> list[EvidenceInput]:
    """The cell's figure against the municipal median, and each resource counted in it."""
    cell = next(c for c in area.cells if c.category == category)
    label = CATEGORY_OF[category].label
    figure = _(
        "%(count)d件（65歳以上1,000人あたり%(rate)s、市町村の中央値%(median)s）：%(level)s"
    ) % {
        "count": cell.count,
        "rate": rate_text(cell.rate),
        "median": rate_text(cell.median),
        "level": LEVEL_LABELS[cell.level],
    }
    evidence = [
        EvidenceInput(
            EvidenceKind.INDICATOR,
            _("%(area)sの%(label)s（%(when)s）") % {
                "area": area.name, "label": label, "when": analysis.when.label,
            },
            figure,
        )
    ]  # fmt: skip
    resources = Resource.objects.filter(
        pk__in=area.indicators.members.get(category, ()), municipality=analysis.municipality
    ).order_by("kana_key", "name")
    evidence += [EvidenceInput(EvidenceKind.RESOURCE, r.name, resource=r) for r in resources]
    return evidence


def karte_evidence(analysis: Analysis, area: AreaReport) -> list[EvidenceInput]:
    """The カルテ's headline figures."""
    figures = area.indicators
    rows = [
        *population_evidence(analysis, area),
        (
            _("通いの場（月1回以上）"),
            f"{figures.kayoi}か所（65歳以上1,000人あたり{rate_text(figures.kayoi_per_1000, 'か所')}）",
        ),
        (
            _("参加率"),
            f"{percent_text(figures.participation)}（国の目標{analysis.national_kpi}%）",
        ),
        (
            _("週1回以上の通いの場から%(m)sm圏外の高齢者") % {"m": analysis.key_radius},
            "—" if area.uncovered_share is None else f"{area.uncovered_share}%",
        ),
        (
            _("ない生活支援"),
            "、".join(figures.missing_support_labels) or _("なし"),
        ),
    ]
    rows += [(_("ニーズ調査：%(name)s") % {"name": n.indicator}, f"{n.value}%") for n in area.needs]
    ranked = next((r for r in analysis.ranking if r.area_id == area.area_id), None)
    if ranked and ranked.sentence:
        rows.append((_("優先順位の理由"), ranked.sentence))
    prefix = f"{area.name}（{analysis.when.label}）"
    return [
        EvidenceInput(EvidenceKind.INDICATOR, f"{prefix} {label}", value) for label, value in rows
    ]


def population_evidence(analysis: Analysis, area: AreaReport) -> list[tuple[str, str]]:
    """The area's 65+ and 75+, or why there are none (only the whole municipality's row)."""
    population = area.indicators.population
    if not analysis.population_by_town:
        reason = str(NO_AREA_FIGURES)
        return [(_("65歳以上人口"), reason), (_("75歳以上人口"), reason)]
    return [
        (
            _("65歳以上人口"),
            f"{population.age65:,}人（高齢化率{percent_text(population.aging_rate)}）",
        ),
        (_("75歳以上人口"), f"{population.age75:,}人"),
    ]


def suggested_title(area: AreaReport, category: str | None) -> str:
    if category is None:
        return _("%(area)sの地域課題") % {"area": area.name}
    cell = next(c for c in area.cells if c.category == category)
    return _("%(area)sで%(label)sが%(level)s") % {
        "area": area.name,
        "label": CATEGORY_OF[category].label,
        "level": LEVEL_LABELS[cell.level],
    }


def gap_challenge_create(
    *,
    municipality: Municipality,
    area: Area,
    category: str | None,
    fiscal_year: int | None,
    title: str,
    day: datetime.date | None = None,
    description: str,
    user: Any,
) -> Challenge:
    """A 地域課題 (きっかけ: 地域課題の抽出) for the area's council, with the gap's evidence."""
    if category is not None and category not in CATEGORY_OF:
        raise ValidationError({"category": _("分類が正しくありません。")})
    analysis = analyse(municipality, fiscal_year, day)
    report = analysis.area(area.pk)
    if report is None:
        raise ValidationError({"area": _("この市町村の日常生活圏域を選んでください。")})
    evidence = (
        karte_evidence(analysis, report)
        if category is None
        else cell_evidence(analysis, report, category)
    )
    council = Council.objects.filter(municipality=municipality, area=area).order_by("pk").first()
    return council_services.challenge_create(
        municipality=municipality,
        council=council,
        area=area,
        title=title,
        description=description,
        source=ChallengeSource.GAP_ANALYSIS,
        categories=[challenge_category(category)] if category else [],
        evidence=evidence,
        user=user,
    )
