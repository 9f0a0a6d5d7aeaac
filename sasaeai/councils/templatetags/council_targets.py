"""The council home's short list of its targets per 圏域 (the current 年度 and later)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import template

from sasaeai.councils.models import Council
from sasaeai.councils.targets import TARGET_UNITS, plain, targets_of
from sasaeai.utils.fiscal_year import current_fiscal_year

register = template.Library()

# How many targets the home lists before 「ほか N件」 (the targets page lists them all).
SHORT_LIST = 5


@register.simple_tag
def council_targets(council: Council, today: datetime.date) -> dict[str, Any]:
    """{"rows": [(target, value, unit), ...], "more": how many more} of the current 年度 on."""
    upcoming = targets_of(council).filter(fiscal_year__gte=current_fiscal_year(today))
    # Oldest 年度 first here: the home's list begins with the year under way.
    found = list(upcoming.order_by("fiscal_year", "area__layer", "area__kana_key", "indicator"))
    rows: list[tuple[Any, Decimal, str]] = [
        (t, plain(t.value), TARGET_UNITS.get(t.indicator, "")) for t in found[:SHORT_LIST]
    ]
    return {"rows": rows, "more": max(len(found) - SHORT_LIST, 0)}
