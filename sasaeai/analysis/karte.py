"""地域カルテ: what one area's page and its A4 PDF show, built once for both."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from sasaeai.councils.constants import ChallengeStatus
from sasaeai.councils.models import Challenge
from sasaeai.councils.selectors import area_targets, shown_year
from sasaeai.utils.wareki import to_wareki

from .charts import bar_chart, coverage_map
from .matrix import CATEGORY_OF
from .report import Analysis, AreaReport


def karte_context(analysis: Analysis, area: AreaReport) -> dict[str, Any]:
    figures, whole = area.indicators, analysis.whole
    participation = [
        (area.name, figures.participation, False),
        (_("%(city)s全体") % {"city": analysis.municipality.name}, whole.participation, True),
        (_("国の目標"), analysis.national_kpi, True),
    ]
    if analysis.participation_target is not None:
        participation.append((_("市町村の目標"), analysis.participation_target, True))
    # The area's own targets (set by its councils) for the 年度 of the figures shown.
    year = shown_year(analysis.when.fiscal_year, analysis.when.day)
    target = area_targets(analysis.municipality, year).get(area.area_id)
    if target is not None and target.participation is not None:
        participation.append(
            (_("圏域の目標（%(year)s）") % {"year": target.year_label}, target.participation, True)
        )
    coverage_rows: list[tuple[str, Any, bool]] = []
    for mine, city in zip(area.coverage, analysis.whole_coverage, strict=True):
        coverage_rows.append((f"{area.name} {mine.radius_m}m", mine.share, False))
        coverage_rows.append((f"{_('全体')} {city.radius_m}m", city.share, True))
    needs_rows: list[tuple[str, Any, bool]] = []
    for value in area.needs:
        needs_rows.append((value.indicator, value.value, False))
        needs_rows.append((_("（全圏域の平均）"), value.municipal_mean, True))
    ranked = next((r for r in analysis.ranking if r.area_id == area.area_id), None)
    position = next(
        (n for n, r in enumerate(analysis.ranking, start=1) if r.area_id == area.area_id), None
    )
    return {
        "area": area,
        "target": target,
        "ranked": ranked,
        "position": position,
        "area_count": len(analysis.areas),
        "cells": [(CATEGORY_OF[c.category], c) for c in area.cells],
        "participation_chart": bar_chart(_("参加率（％）"), "%", participation),
        "coverage_chart": bar_chart(
            _("週1回以上の通いの場まで歩いて行ける65歳以上の割合（％）"), "%", coverage_rows
        ),
        "needs_chart": bar_chart(_("ニーズ調査（回答者に占める割合、％）"), "%", needs_rows)
        if needs_rows
        else None,
        "map": coverage_map(area, analysis.places, analysis.key_radius, analysis.detour),
        "challenges": Challenge.objects.filter(
            municipality=analysis.municipality, area_id=area.area_id
        )
        .exclude(status=ChallengeStatus.SOLVED)
        .select_related("council")
        .order_by("-created_at"),
        "printed_on": to_wareki(timezone.localdate()),
    }
