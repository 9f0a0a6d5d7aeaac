"""Form fields for Japanese input conventions."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sasaeai.utils.wareki import parse_date, to_wareki

# The example under every typed date: each way of writing a date the field reads.
DATE_HELP = _("例：令和8年12月5日、R8.12.5、2026/12/5、12/5（今年の12月5日）")


class WarekiDateInput(forms.TextInput):
    """A text box showing a date in 和暦 (「令和8年12月5日」, not 2026-12-05), which the field
    reads back; what was typed (after a refusal) is shown as typed."""

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, date) and not isinstance(value, datetime):
            return to_wareki(value)
        return super().format_value(value)


class WarekiDateField(forms.DateField):
    """A date field that reads 和暦 ("令和7年4月1日", "R7.4.1") as well as Western dates, and
    month/day alone ("12/5", "12月5日") as that day of the current year (in Asia/Tokyo)."""

    widget = WarekiDateInput

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
            return parse_date(str(value), default_year=timezone.localdate().year)
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


class ModelMultipleIdsField(forms.ModelMultipleChoiceField):
    """Several records picked by id (check boxes), refusing a value that is no id before the
    database sees it.

    why: Django checks the picked ids with one `pk__in` query, which passes the numbers as
    they are: SQLite's driver raises OverflowError for 10**30 (a 500), where the single-id
    ModelChoiceField finds nothing. A value that is not a whole number in a column's range
    (10**30, ², -1) is refused here with Django's own message, naming the value."""

    def clean(self, value: Any) -> Any:
        # Only ids are checked (a field choosing by another column compares text).
        if self.to_field_name is None and isinstance(value, list | tuple):
            for pk in value:
                if int_or_none(pk) is None:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super().clean(value)


def apply_errors(form: forms.BaseForm, error: ValidationError) -> None:
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


# Widgets a person picks from rather than types into: their empty message says 「選んでください」.
_PICKED = (forms.Select, forms.RadioSelect, forms.CheckboxSelectMultiple, forms.SelectMultiple)


def required_message(label: object, widget: forms.Widget) -> str:
    """「開催日を入力してください。」: the project's one wording for a field left empty, naming
    the field so the message reads on its own (in the summary, to a screen reader that jumps to
    it, in an export of errors) — Django's 「このフィールドは必須です。」 says which rule, not which box."""
    if isinstance(widget, forms.CheckboxInput):
        return gettext("%(label)sにチェックを入れてください。") % {"label": label}
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return gettext("%(label)sのファイルを選んでください。") % {"label": label}
    if isinstance(widget, _PICKED):
        return gettext("%(label)sを選んでください。") % {"label": label}
    return gettext("%(label)sを入力してください。") % {"label": label}


class LabelledBoundField(BoundField):
    """A bound field whose 'required' message names its label, unless the form chose its own.

    The message is set on the form's own copy of the field (Form.__init__ deep-copies
    base_fields, error_messages included) before the form is cleaned, so form.errors itself
    holds the named message: every template, summary and JSON response shows the same words."""

    def __init__(self, form: forms.BaseForm, field: forms.Field, name: str) -> None:
        super().__init__(form, field, name)
        # Compare texts, not objects: a form that set its own wording keeps it.
        if str(field.error_messages.get("required", "")) == gettext("This field is required."):
            field.error_messages["required"] = required_message(self.label, field.widget)


class FormRenderer(DjangoTemplates):
    """The project's form renderer (settings.FORM_RENDERER): Django's templates, with bound
    fields whose empty-field message names the field (Django 5.2 reads bound_field_class here)."""

    bound_field_class = LabelledBoundField
