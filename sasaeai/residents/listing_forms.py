"""The forms of an organiser's proposal (the organiser's page) and of the coordinator's decision."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from .constants import MESSAGE_MAX, ProposedState
from .proposal_services import FEE_KINDS, FEE_MOST, LABELS

NO_NUL = gettext_lazy("%(field)sに使えない文字が入っています。")


def text_field(name: str, **kwargs: Any) -> forms.CharField:
    """An optional text box for one of the proposal's fields, its messages naming it (the
    lengths are counted by the service, which says how long the text is)."""
    return forms.CharField(
        label=LABELS[name],
        required=False,
        error_messages={"null_characters_not_allowed": NO_NUL % {"field": LABELS[name]}},
        **kwargs,
    )


def listing_fields(names: list[str] | tuple[str, ...]) -> dict[str, forms.Field]:
    """The form fields for the proposal's fields `names` (those the listing has)."""
    made: dict[str, forms.Field] = {
        "status": forms.ChoiceField(
            label=LABELS["status"],
            choices=ProposedState.choices,
            widget=forms.RadioSelect,
            error_messages={
                "required": gettext_lazy("活動の状況を選んでください。"),
                "invalid_choice": gettext_lazy("活動の状況を選び直してください。"),
            },
        ),
        "schedule": text_field(
            "schedule",
            widget=forms.Textarea(attrs={"rows": 3, "cols": 40}),
            help_text=gettext_lazy(
                "1行に1つずつ。例: 「毎週火曜 10時〜12時」「第1・第3水曜 13時半〜15時」"
            ),
        ),
        "fee_kind": forms.ChoiceField(
            label=LABELS["fee_kind"],
            choices=list(FEE_KINDS.items()),
            widget=forms.RadioSelect,
            required=False,
            error_messages={"invalid_choice": gettext_lazy("参加費を選び直してください。")},
        ),
        "fee_amount": forms.IntegerField(
            label=LABELS["fee_amount"],
            required=False,
            min_value=0,
            max_value=FEE_MOST,
            help_text=gettext_lazy("有料のとき、1回あたりの金額を数字で。"),
            error_messages={
                "invalid": gettext_lazy("参加費の金額は数字で入力してください。"),
                "min_value": gettext_lazy("参加費の金額は0円以上で入力してください。"),
                "max_value": format_lazy(
                    gettext_lazy("参加費の金額は{most}円までで入力してください。"),
                    most=f"{FEE_MOST:,}",
                ),
            },
        ),
        "fee_note": text_field("fee_note", help_text=gettext_lazy("例: お茶代として")),
        "phone": text_field("phone", help_text=gettext_lazy("例: 042-123-4567")),
        "email": text_field("email", widget=forms.EmailInput),
    }
    return {name: made[name] for name in names}


class ProposalForm(forms.Form):
    """The organiser's page: the listing's facts as they stand, to change what is wrong."""

    note = forms.CharField(
        label=gettext_lazy("ほかに伝えたいこと"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 40}),
        help_text=format_lazy(
            gettext_lazy("例: 「代表が山田さんから佐藤さんに替わりました」。{most}文字まで。"),
            most=MESSAGE_MAX,
        ),
        error_messages={"null_characters_not_allowed": NO_NUL % {"field": "ほかに伝えたいこと"}},
    )

    def __init__(self, *args: Any, names: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = listing_fields(names)
        # The listing's facts first, the note last.
        self.fields = {**fields, "note": self.fields["note"]}

    def values(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name != "note"}


class DecisionForm(forms.Form):
    """The coordinator's decision: the organiser's new values, to edit before applying."""

    decision_note = forms.CharField(
        label=gettext_lazy("対応のメモ"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 40}),
        help_text=gettext_lazy("反映しないときは、その理由を書いておくと後でわかります。"),
        error_messages={"null_characters_not_allowed": NO_NUL % {"field": "対応のメモ"}},
    )

    def __init__(self, *args: Any, names: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = listing_fields(names)
        for field in fields.values():
            field.required = False
        self.fields = {**fields, "decision_note": self.fields["decision_note"]}

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "decision_note"}
