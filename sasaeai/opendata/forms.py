"""The form of 「オープンデータの設定」; the service checks the values and writes them."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import ATTRIBUTION_MAX, License


class OpenDataSettingsForm(forms.Form):
    license = forms.ChoiceField(
        label=_("ライセンス"),
        choices=License.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("ライセンスを選んでください。"),
            "invalid_choice": _("ライセンスを一覧から選んでください。"),
        },
    )
    attribution = forms.CharField(
        label=_("出典の表示"),
        max_length=ATTRIBUTION_MAX,
        error_messages={
            "required": _("出典の表示を入力してください。"),
            "max_length": _("出典の表示は%(limit_value)d文字以内で入力してください。"),
        },
        help_text=_("データを使う人に、この文言で出典を示してもらいます。"),
    )
