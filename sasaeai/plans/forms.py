from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sasaeai.areas.constants import MunicipalityKind


def whole_number(message: Any) -> dict[str, Any]:
    """One message naming the field for every way a count can be wrong (Django's own say
    「この値は 1 以上でなければなりません。」 without saying which box)."""
    return dict.fromkeys(("required", "invalid", "min_value", "max_value"), message)


class StandardAmountForm(forms.Form):
    fiscal_year = forms.TypedChoiceField(label=_("年度"), coerce=int)
    kind = forms.ChoiceField(label=_("市町村の種別"), choices=MunicipalityKind.choices)
    n = forms.IntegerField(
        label=_("市町村の数"),
        min_value=1,
        max_value=999,
        help_text=_("一般の市町村は1、指定都市は区の数、広域連合・一部事務組合は構成市町村の数。"),
        error_messages=whole_number(_("市町村の数は1〜999の整数で入力してください。")),
    )
    areas = forms.IntegerField(
        label=_("日常生活圏域の数"),
        min_value=0,
        max_value=9999,
        error_messages=whole_number(_("日常生活圏域の数は0〜9999の整数で入力してください。")),
    )
    programme = forms.BooleanField(label=_("住民参画・官民連携推進事業を行う"), required=False)

    def __init__(self, *args: Any, years: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = years  # type: ignore[attr-defined]
