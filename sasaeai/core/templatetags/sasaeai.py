"""Template filters for Japanese dates and figures."""

import datetime
from decimal import Decimal

from django import template

from sasaeai.utils.fiscal_year import format_fiscal_year
from sasaeai.utils.wareki import to_wareki

register = template.Library()


@register.filter
def wareki(value: datetime.date | None) -> str:
    """2025-04-01 → 令和7年4月1日."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    return to_wareki(value)


@register.filter
def nendo(value: int | None) -> str:
    """2025 → 令和7年度."""
    return format_fiscal_year(value) if value else ""


@register.filter
def percent(value: Decimal | None) -> str:
    """A percentage with one decimal, or a dash when it cannot be computed."""
    return "—" if value is None else f"{value}%"
