"""The forms of 「情報がちがう」: the resident's report and the coordinator's answer."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from .constants import MESSAGE_MAX, ReportField, ReportStatus
from .report_services import RESOLVE_METHODS
from .spam import HoneypotMixin


class ReportForm(HoneypotMixin):
    fields_wrong = forms.MultipleChoiceField(
        label=gettext_lazy("ちがうところ"),
        help_text=gettext_lazy("あてはまるものをすべて選んでください。"),
        choices=ReportField.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": gettext_lazy("ちがうところを1つ以上選んでください。"),
            "invalid_choice": gettext_lazy("ちがうところを選び直してください。"),
        },
    )
    message = forms.CharField(
        label=gettext_lazy("どこがどうちがうか"),
        required=False,
        # No max_length: the service counts and says how many characters there are.
        widget=forms.Textarea(attrs={"rows": 5, "cols": 40}),
        help_text=format_lazy(
            gettext_lazy(
                "例: 「開始時刻が10時から10時半に変わりました」。{most}文字まで。"
                "お名前や電話番号は書かないでください（お返事はしていません）。"
            ),
            most=MESSAGE_MAX,
        ),
        error_messages={
            "null_characters_not_allowed": gettext_lazy(
                "どこがどうちがうかに使えない文字が入っています。"
            )
        },
    )


class ResolveForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("対応の結果"),
        choices=[(ReportStatus.FIXED, ReportStatus.FIXED.label),
                 (ReportStatus.CONFIRMED, ReportStatus.CONFIRMED.label)],
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("対応の結果を選んでください。"),
            "invalid_choice": gettext_lazy("対応の結果を選び直してください。"),
        },
    )  # fmt: skip
    method = forms.ChoiceField(
        label=gettext_lazy("確認方法"),
        choices=[
            ("", gettext_lazy("選んでください")),
            *((m.value, m.label) for m in RESOLVE_METHODS),
        ],
        error_messages={
            "required": gettext_lazy("確認方法を選んでください。"),
            "invalid_choice": gettext_lazy("確認方法を選び直してください。"),
        },
    )
    resolution = forms.CharField(
        label=gettext_lazy("対応の内容"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 40}),
        help_text=gettext_lazy("例: 主催者に電話で確かめ、開始時刻を10時半に直した。"),
        error_messages={
            "required": gettext_lazy("対応の内容を入力してください。"),
            "null_characters_not_allowed": gettext_lazy("対応の内容に使えない文字が入っています。"),
        },
    )
