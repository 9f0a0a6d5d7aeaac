"""Template filters for Japanese dates and figures."""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from html import escape

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from sasaeai.core.imports import preview_cell
from sasaeai.utils.csvfile import ENCODING_LABELS
from sasaeai.utils.fiscal_year import fiscal_year, format_fiscal_year
from sasaeai.utils.wareki import to_wareki, to_wareki_with_year

register = template.Library()


@register.filter
def wareki(value: datetime.date | None) -> str:
    """2025-04-01 → 令和7年4月1日."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        # An aware time is shown in Asia/Tokyo: 2026-11-26 22:30 UTC is 令和8年11月27日.
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return to_wareki(value)


@register.filter
def wareki_year(value: datetime.date | None) -> str:
    """2026-12-05 → 令和8年12月5日（2026年）: for documents read next to Western-dated material
    (see sasaeai.utils.wareki.to_wareki_with_year for when; staff screens use `wareki`)."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return to_wareki_with_year(value)


@register.filter
def nendo(value: int | None) -> str:
    """2025 → 令和7年度."""
    return format_fiscal_year(value) if value else ""


@register.filter
def fiscal_year_of(value: datetime.date | None) -> int | None:
    """2026-03-31 → 2025 (the 年度 a day belongs to)."""
    return fiscal_year(value) if value else None


@register.filter
def percent(value: Decimal | None) -> str:
    """A percentage with one decimal, or a dash when it cannot be computed."""
    return "—" if value is None else f"{value}%"


@register.filter
def encoding_label(value: str) -> str:
    """utf-8-sig → UTF-8（BOM付き）."""
    return ENCODING_LABELS.get(value, value)


@register.filter
def import_cell(value: object) -> str:
    """A preview cell: dates in 和暦, counts with thousands separators."""
    return preview_cell(value)


@register.simple_tag
def options(choices: Iterable[tuple[object, object]], selected: object, empty: str = "") -> str:
    """<option>s of a select, the chosen one marked: `{% options town_choices query.town "すべて" %}`.
    One call instead of a template loop per option (a residents' page has a hundred towns)."""
    parts = [f'<option value="">{escape(empty)}</option>'] if empty else []
    for value, label in choices:
        mark = " selected" if value == selected else ""
        parts.append(f'<option value="{escape(str(value))}"{mark}>{escape(str(label))}</option>')
    return mark_safe("".join(parts))


# A message names its field when it opens with the label and a particle: 「日付を…」「次の対応日は…」,
# but not 「PDFファイル（拡張子 .pdf）を…」 under the label 「PDF」.
_PARTICLES = tuple("をはにがとのもや：:、")


def names_field(text: str, label: str) -> bool:
    """Whether a message already opens by naming its field (「日付を入力してください。」)."""
    return (
        bool(label) and text.startswith(label) and text[len(label) : len(label) + 1] in _PARTICLES
    )


@register.filter
def field_error(message: object, label: object) -> str:
    """A field's message in a form's summary, naming the field once: 「日付を入力してください。」
    stays as it is; 「有効な値を…」 becomes 「日付: 有効な値を…」."""
    text, name = str(message), str(label)
    return text if names_field(text, name) else f"{name}: {text}"
