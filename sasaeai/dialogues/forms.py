"""Forms of the facilitator's screens (labels and messages in Japanese; services.py writes).

The board holds many forms at once: the card entry, the paste box and the settings each have a
prefix; the small forms on every card and group (move, hide, rename) are written out in the
templates with ids of their own ("move-12", "rename-3-name") and name their card or group in a
hidden field, which these forms look up within the dialogue only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sasaeai.core.versioning import add_version_field
from sasaeai.resources.constants import Sector
from sasaeai.utils.forms import ModelMultipleIdsField, int_or_none

from .constants import QUESTIONS, CardType, DialogueStatus, Method
from .models import Card, CardGroup, Dialogue

OTHER_QUESTION = "other"
# The move select's two values that are not a group.
LEAVE_GROUP = "none"
NEW_GROUP = "new"


def blank_first(choices: Any, blank: Any) -> list[tuple[str, Any]]:
    return [("", blank), *choices]


class DialogueCreateForm(forms.Form):
    method = forms.ChoiceField(
        label=_("対話の方法"),
        choices=Method.choices,
        initial=Method.COMMON_GROUND,
        widget=forms.RadioSelect,
    )
    question = forms.ChoiceField(
        label=_("問い"),
        choices=[*((q, q) for q in QUESTIONS), (OTHER_QUESTION, _("ほかの問い（下の欄に書く）"))],
        initial=QUESTIONS[0],
        widget=forms.RadioSelect,
    )
    # Not limited here: the service says how long a question may be, counting as it stores it.
    question_other = forms.CharField(
        label=_("ほかの問い"),
        required=False,
        help_text=_("「ほかの問い」を選んだときに書きます（200文字まで）。"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("question") == OTHER_QUESTION and not data.get("question_other", "").strip():
            self.add_error("question_other", _("ほかの問いを入力してください。"))
        return data

    def question_text(self) -> str:
        data = self.cleaned_data
        return data["question_other"] if data["question"] == OTHER_QUESTION else data["question"]


class CardEntryForm(forms.Form):
    """One card typed by the facilitator: the text gets the focus, Enter sends it, and the
    sector and kind stay as they were for the next card (the view puts them back)."""

    prefix = "card"

    # No max_length: the service refuses a long card saying how long it is.
    text = forms.CharField(
        label=_("カードの内容"),
        widget=forms.TextInput(
            attrs={"id": "card-entry", "autofocus": True, "autocomplete": "off"}
        ),
    )
    sector = forms.ChoiceField(
        label=_("書いた人の分野"),
        choices=blank_first(Sector.choices, _("（記入なし）")),
        required=False,
    )
    card_type = forms.ChoiceField(
        label=_("種類"), choices=blank_first(CardType.choices, _("（記入なし）")), required=False
    )


class PasteForm(forms.Form):
    prefix = "paste"

    text = forms.CharField(
        label=_("貼り付ける内容"),
        # Kept as pasted: a tab at the end of a line still separates an empty column.
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "1行に1枚です。分野と種類も入れるときは、本文・分野・種類をタブで区切ります"
            "（Excelの3列をそのまま貼り付けられます）。"
        ),
    )


class SettingsForm(forms.Form):
    prefix = "settings"

    cross_sector_min = forms.IntegerField(
        label=_("分野を超えた共通項とみなす分野の数"),
        min_value=2,
        max_value=len(Sector.values),
        help_text=_("この数以上の分野からカードが出たグループに印を付けます。"),
    )
    threshold = forms.FloatField(
        label=_("まとめる近さ"),
        min_value=0.05,
        max_value=0.95,
        widget=forms.NumberInput(attrs={"step": "0.05"}),
        help_text=_(
            "0.05から0.95まで。小さくすると多くのカードがまとまり、"
            "大きくするとよく似たカードだけがまとまります。"
        ),
    )

    def __init__(self, *args: Any, dialogue: Dialogue, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {"cross_sector_min": dialogue.cross_sector_min, "threshold": dialogue.threshold},
        )
        super().__init__(*args, **kwargs)
        add_version_field(self, dialogue)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("状態"), choices=DialogueStatus.choices)


class DialogueRecordForm(forms.Form):
    """A form about one card or group of the dialogue, named in a hidden field."""

    def __init__(self, *args: Any, dialogue: Dialogue, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.dialogue = dialogue
        target = self.target_pk()
        # The ids the templates give each card's and group's fields, so that the summary of
        # errors links to the field shown again with the input.
        if target is not None and self.id_prefix:
            self.auto_id = f"{self.id_prefix}-{target}-%s"

    id_prefix = ""
    target_field = ""

    def target_pk(self) -> int | None:
        """The card or group the posted form names (None when unreadable)."""
        if not self.is_bound:
            return None
        return int_or_none(self.data.get(self.target_field))


def card_field(queryset: Any) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=queryset,
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": _("カードが見つかりません。画面を読み込み直してください。")
        },
    )


def group_field(queryset: Any) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=queryset,
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": _("グループが見つかりません。画面を読み込み直してください。")
        },
    )


class CardMoveForm(DialogueRecordForm):
    target_field = "card"

    to = forms.ChoiceField(label=_("移動先"))

    def __init__(self, *args: Any, dialogue: Dialogue, **kwargs: Any) -> None:
        super().__init__(*args, dialogue=dialogue, **kwargs)
        self.fields["card"] = card_field(Card.objects.filter(dialogue=dialogue, hidden=False))
        groups = [(str(pk), str(pk)) for pk in dialogue.groups.values_list("pk", flat=True)]
        to = self.fields["to"]
        assert isinstance(to, forms.ChoiceField)
        to.choices = [*groups, (LEAVE_GROUP, ""), (NEW_GROUP, "")]
        to.error_messages["invalid_choice"] = _(
            "移動先のグループが見つかりません。画面を読み込み直してください。"
        )

    def wants_new_group(self) -> bool:
        return bool(self.cleaned_data["to"] == NEW_GROUP)

    def chosen_group(self) -> CardGroup | None:
        """The group chosen, or None to leave every group."""
        to = self.cleaned_data["to"]
        return None if to == LEAVE_GROUP else self.dialogue.groups.get(pk=int(to))


class CardHideForm(DialogueRecordForm):
    id_prefix = "hide"
    target_field = "card"

    # Not required here: the service refuses an empty reason with its own words.
    reason = forms.CharField(label=_("非表示にする理由"), max_length=200, required=False)

    def __init__(self, *args: Any, dialogue: Dialogue, **kwargs: Any) -> None:
        super().__init__(*args, dialogue=dialogue, **kwargs)
        self.fields["card"] = card_field(Card.objects.filter(dialogue=dialogue, hidden=False))


class CardShowForm(DialogueRecordForm):
    target_field = "card"

    def __init__(self, *args: Any, dialogue: Dialogue, **kwargs: Any) -> None:
        super().__init__(*args, dialogue=dialogue, **kwargs)
        self.fields["card"] = card_field(Card.objects.filter(dialogue=dialogue, hidden=True))


class GroupRenameForm(DialogueRecordForm):
    id_prefix = "rename"
    target_field = "group"

    name = forms.CharField(label=_("グループ名"), max_length=100, required=False)

    def __init__(self, *args: Any, dialogue: Dialogue, **kwargs: Any) -> None:
        super().__init__(*args, dialogue=dialogue, **kwargs)
        self.fields["group"] = group_field(CardGroup.objects.filter(dialogue=dialogue))


class GroupChallengeForm(DialogueRecordForm):
    target_field = "group"

    def __init__(self, *args: Any, dialogue: Dialogue, **kwargs: Any) -> None:
        super().__init__(*args, dialogue=dialogue, **kwargs)
        self.fields["group"] = group_field(CardGroup.objects.filter(dialogue=dialogue))


class GroupsMergeForm(forms.Form):
    groups = ModelMultipleIdsField(
        label=_("まとめるグループ"),
        queryset=CardGroup.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": _("グループが見つかりません。画面を読み込み直してください。")
        },
    )

    def __init__(self, *args: Any, dialogue: Dialogue, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups = self.fields["groups"]
        assert isinstance(groups, forms.ModelMultipleChoiceField)
        groups.queryset = CardGroup.objects.filter(dialogue=dialogue).order_by("position", "pk")
