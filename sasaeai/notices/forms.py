from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import NoticeKind


class NoticeSettingsForm(forms.Form):
    digest = forms.BooleanField(
        label=_("毎朝のまとめメールを受け取る"),
        required=False,
        help_text=_(
            "前の日からの未読のお知らせを、毎朝7時に1通のメールにまとめて送ります。"
            "新しいお知らせがない日は送りません。"
        ),
    )
    mail_kinds = forms.MultipleChoiceField(
        label=_("メールに載せるお知らせ"),
        choices=NoticeKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("選ばなかった種類も、この画面の「お知らせ」には届きます。"),
    )
