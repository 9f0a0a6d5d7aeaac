"""Form fields for Japanese input conventions."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from sasaeai.utils.wareki import parse_date


class WarekiDateField(forms.DateField):
    """A date field that reads 和暦 ("令和7年4月1日", "R7.4.1") as well as Western dates."""

    def to_python(self, value: Any) -> date | None:
        """Return a date, None for an empty value, or raise ValidationError in Japanese."""
        # Spaces alone (including U+3000 from a Japanese IME) mean "left blank", not a bad date.
        if isinstance(value, str):
            value = value.strip()
        if value in self.empty_values:
            return None
        # A datetime is a date subclass, so test it first and drop the time of day.
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        try:
            return parse_date(str(value))
        except ValueError as exc:
            raise ValidationError(str(exc), code="invalid") from exc


# The largest id a database column holds (64-bit signed), so a longer number finds nothing
# instead of overflowing the driver.
MAX_ID = 2**63 - 1


def int_or_none(value: Any, maximum: int = MAX_ID) -> int | None:
    """A whole number typed in ASCII digits (not ² or ３), at most `maximum`; else None."""
    text = str(value).strip() if value is not None else ""
    if not (text.isascii() and text.isdecimal()) or len(text) > 19:
        return None
    number = int(text)
    return number if number <= maximum else None


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's refusal on the form (its field when the form has one)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def decimal_or_none(value: Any) -> Decimal | None:
    """A number typed with ASCII or full-width digits, commas allowed (「1,234.5」「１２」);
    None when blank or unreadable."""
    text = unicodedata.normalize("NFKC", str(value or "")).replace(",", "").strip()
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None
