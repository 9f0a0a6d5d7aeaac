"""Forms to write the plan itself: the plan, its measures and indicators, newsletter issues
and the 標準額 unit amounts of a 年度."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sasaeai.activities.constants import ActivityKind
from sasaeai.resources.constants import Sector
from sasaeai.utils.fiscal_year import current_fiscal_year, format_fiscal_year
from sasaeai.utils.forms import DATE_HELP, WarekiDateField

from .models import Indicator, Measure, NewsletterIssue, Plan, StandardAmountUnit
from .services import MAX_PDF_BYTES


def year_choices(before: int = 10, after: int = 6) -> list[tuple[int, str]]:
    """年度 around today, written in 和暦 (令和8年度)."""
    current = current_fiscal_year(timezone.localdate())
    return [(y, format_fiscal_year(y)) for y in range(current - before, current + after + 1)]


class YearField(forms.TypedChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(coerce=int, choices=year_choices, **kwargs)


class PlanForm(forms.ModelForm):
    first_year = YearField(label=_("最初の年度"))
    last_year = YearField(label=_("最後の年度"))

    class Meta:
        model = Plan
        fields = ["name", "first_year", "last_year", "principle", "issues"]
        widgets = {
            "principle": forms.Textarea(attrs={"rows": 2}),
            "issues": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"name": _("例：第9期")}


class MeasureForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = ["order", "name", "content", "target_text"]
        widgets = {
            "content": forms.Textarea(attrs={"rows": 3}),
            "target_text": forms.Textarea(attrs={"rows": 2}),
        }


class IndicatorForm(forms.ModelForm):
    activity_kind = forms.ChoiceField(
        label=_("活動の種類（活動記録の件数のとき）"),
        choices=[("", _("すべての種類")), *ActivityKind.choices],
        required=False,
    )
    sector = forms.ChoiceField(
        label=_("分野（会議の参加者数のとき）"),
        choices=[("", _("すべての分野")), *Sector.choices],
        required=False,
        help_text=_("空欄ならすべての分野を数えます（人数だけ記録した参加者も含みます）。"),
    )

    class Meta:
        model = Indicator
        fields = ["order", "name", "unit", "direction", "source", "activity_kind", "sector"]
        help_texts = {"unit": _("例：回、か所、％、人")}


class NewsletterForm(forms.ModelForm):
    issued_on = WarekiDateField(
        label=_("発行日"),
        help_text=DATE_HELP,
        error_messages={"required": _("発行日を入力してください。")},
    )

    class Meta:
        model = NewsletterIssue
        fields = ["title", "number", "issued_on", "file"]

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "size"):
            if not upload.name.lower().endswith(".pdf"):
                raise forms.ValidationError(_("PDFファイル（拡張子 .pdf）を選んでください。"))
            if upload.size > MAX_PDF_BYTES:
                raise forms.ValidationError(_("ファイルが大きすぎます（20MBまで）。"))
        return upload


class UnitForm(forms.ModelForm):
    fiscal_year = YearField(label=_("年度"))

    class Meta:
        model = StandardAmountUnit
        fields = ["fiscal_year", "layer1", "layer2", "programme"]
