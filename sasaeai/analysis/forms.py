from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AnalysisSettings

WEIGHT_LABELS = {
    "late_elderly": _("重み：75歳以上人口"),
    "uncovered": _("重み：通いの場から遠い高齢者の割合"),
    "missing_supports": _("重み：ない生活支援の種類"),
    "risk": _("重み：ニーズ調査のリスク指標"),
}


class AnalysisSettingsForm(forms.ModelForm):
    class Meta:
        model = AnalysisSettings
        fields = ["participation_target", "short_below", "rich_above", "detour_factor"]

    def __init__(self, *args: Any, weights: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in WEIGHT_LABELS.items():
            self.fields[f"weight_{name}"] = forms.DecimalField(
                label=label, min_value=0, max_value=10, decimal_places=2, initial=weights[name]
            )


class GapChallengeForm(forms.Form):
    title = forms.CharField(label=_("課題（見出し）"), max_length=200)
    description = forms.CharField(
        label=_("内容（任意）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("表の数字と、数えた地域資源は根拠として自動でつきます。"),
    )
