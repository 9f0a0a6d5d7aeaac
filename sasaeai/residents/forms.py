"""The residents' request form (「行ってみたい」「手伝いたい」「相談したい」) and the inbox's forms.
Checks that need the database are the service's (residents.services.request_receive); the form
only reads what was typed."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from sasaeai.utils.forms import WarekiDateField

from .constants import MESSAGE_MAX, NEXT_STATUSES, Outcome, RequestKind, RequestStatus, TimeOfDay
from .spam import HoneypotMixin

WEEKDAYS = ("月", "火", "水", "木", "金", "土", "日")
TRANSPORT_CHOICES = (
    ("", _("わからない・特にない")),
    ("yes", _("送迎が必要")),
    ("no", _("送迎はいらない")),
)


class RequestForm(HoneypotMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("どうしたいですか"), choices=RequestKind.choices, widget=forms.RadioSelect
    )
    name = forms.CharField(
        label=_("お名前（ニックネームでもかまいません）"), max_length=100, required=False
    )
    phone = forms.CharField(
        label=_("電話番号"),
        max_length=30,
        required=False,
        help_text=_("電話かメールのどちらかで連絡がとれるように、どちらかを入力してください。"),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.CharField(
        label=_("メールアドレス"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    preferred_days = forms.MultipleChoiceField(
        label=_("都合のよい曜日"),
        choices=[(str(n), f"{day}曜日") for n, day in enumerate(WEEKDAYS)],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    preferred_times = forms.MultipleChoiceField(
        label=_("都合のよい時間帯"),
        choices=TimeOfDay.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    town = forms.TypedChoiceField(
        label=_("お住まいの地域（町名）"), coerce=int, empty_value=None, required=False
    )
    transport = forms.ChoiceField(
        label=_("送迎"), choices=TRANSPORT_CHOICES, required=False, widget=forms.RadioSelect
    )
    message = forms.CharField(
        label=_("ひとこと（聞きたいこと、伝えたいこと）"),
        max_length=MESSAGE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    consent = forms.BooleanField(label=_("上の内容に同意して送ります"), required=False)

    def __init__(
        self, *args: Any, towns: list[tuple[int, str]], desk: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if desk:
            # At a desk the coordinator ticks it for the person, who heard the sentence.
            self.fields["consent"].label = _("ご本人が上の内容に同意した")
        cast(forms.ChoiceField, self.fields["town"]).choices = [("", _("選ばない")), *towns]

    def transport_needed(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("transport") or "")


class MoveForm(forms.Form):
    """One step of a request in the inbox."""

    status = forms.ChoiceField(label=_("次の状況"), choices=())
    reason = forms.CharField(label=_("つながらなかった理由"), max_length=200, required=False)
    note = forms.CharField(label=_("メモ"), max_length=500, required=False)
    follow_up_on = WarekiDateField(label=_("次に連絡する日"), required=False)

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            (s, RequestStatus(s).label) for s in NEXT_STATUSES.get(current, ())
        ]


class ReferralForm(forms.Form):
    resource = forms.TypedChoiceField(
        label=_("紹介先の地域資源"), coerce=int, empty_value=None, required=False
    )
    organization = forms.TypedChoiceField(
        label=_("または紹介先の団体"), coerce=int, empty_value=None, required=False
    )
    note = forms.CharField(label=_("メモ"), max_length=500, required=False)

    def __init__(
        self,
        *args: Any,
        resources: list[tuple[int, str]],
        organizations: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["organization"]).choices = [
            ("", _("選ばない")),
            *organizations,
        ]
        cast(forms.ChoiceField, self.fields["resource"]).choices = [
            ("", _("選んでください")),
            *resources,
        ]


class AreaForm(forms.Form):
    area = forms.TypedChoiceField(label=_("圏域"), coerce=int)

    def __init__(self, *args: Any, areas: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["area"]).choices = [("", _("選んでください")), *areas]


class SettleForm(forms.Form):
    outcome = forms.ChoiceField(label=_("結果"), choices=Outcome.choices)
