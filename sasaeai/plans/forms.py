from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sasaeai.areas.constants import MunicipalityKind


class StandardAmountForm(forms.Form):
    fiscal_year = forms.TypedChoiceField(label=_("年度"), coerce=int)
    kind = forms.ChoiceField(label=_("市町村の種別"), choices=MunicipalityKind.choices)
    n = forms.IntegerField(
        label=_("市町村の数"),
        min_value=1,
        max_value=999,
        help_text=_("一般の市町村は1、指定都市は区の数、広域連合・一部事務組合は構成市町村の数。"),
    )
    areas = forms.IntegerField(label=_("日常生活圏域の数"), min_value=0, max_value=9999)
    programme = forms.BooleanField(label=_("住民参画・官民連携推進事業を行う"), required=False)

    def __init__(self, *args: Any, years: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = years  # type: ignore[attr-defined]
