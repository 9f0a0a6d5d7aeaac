"""Forms of the activity log: a quick entry (five fields for a routine visit, the rest
defaulted or folded away) and the つなぎ made in the same step."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sasaeai.areas.models import Area, Municipality
from sasaeai.resources.models import Organization, Resource
from sasaeai.utils.forms import ModelMultipleIdsField, WarekiDateField

from .constants import ActivityKind, ConnectionPurpose, ConnectionStatus
from .services import ORGANIZATION, RESOURCE


def actor_choices(municipality: Municipality) -> list[tuple[Any, Any]]:
    """Organisations and resources as one select, grouped, in 50音順."""
    organizations = Organization.objects.filter(municipality=municipality).order_by("kana_key")
    resources = Resource.objects.filter(municipality=municipality).order_by("kana_key")
    return [
        ("", _("（選ばない）")),
        (_("団体（運営主体）"), [(f"{ORGANIZATION}:{o.pk}", o.name) for o in organizations]),
        (_("地域資源"), [(f"{RESOURCE}:{r.pk}", r.name) for r in resources]),
    ]


# Lists of hundreds (327 つなぐ元 / つなぐ先 and 261 地域資源 in the demo city) become
# type-to-filter comboboxes (static/js/filter-choices.js); without JavaScript they stay selects.
COMBOBOX = {"data-combobox": ""}


class ActivityForm(forms.Form):
    done_on = WarekiDateField(
        label=_("日付"), help_text=_("例：11/27（今年）、令和8年11月27日、R8.11.27、2026-11-27")
    )
    kind = forms.ChoiceField(label=_("活動の種類"), choices=ActivityKind.choices)
    area = forms.ModelChoiceField(
        label=_("圏域"), queryset=Area.objects.none(), required=False, empty_label=_("（市全体）")
    )
    summary = forms.CharField(
        label=_("内容"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    minutes = forms.IntegerField(
        label=_("かかった時間（分）"), min_value=0, max_value=24 * 60, initial=60
    )
    # 詳しく書くとき
    other_areas = ModelMultipleIdsField(
        label=_("ほかの圏域"), queryset=Area.objects.none(), required=False
    )
    organizations = ModelMultipleIdsField(
        label=_("関わった団体"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs=COMBOBOX),
    )
    resources = ModelMultipleIdsField(
        label=_("関わった地域資源"),
        queryset=Resource.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs=COMBOBOX),
    )
    people = forms.CharField(
        label=_("関わった人（自由記述）"),
        max_length=300,
        required=False,
        help_text=_("住民の名前を書くときは、必要な範囲にとどめてください。"),
    )
    outcome = forms.CharField(
        label=_("結果"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    follow_up_on = WarekiDateField(label=_("次の対応日"), required=False)

    QUICK = ("done_on", "kind", "area", "summary", "minutes")

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("done_on", timezone.localdate())
        kwargs["initial"].setdefault("kind", ActivityKind.VISIT)
        super().__init__(*args, **kwargs)
        areas = Area.objects.current().layer2().filter(municipality=municipality)
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]
        self.fields["other_areas"].queryset = areas  # type: ignore[attr-defined]
        self.fields["organizations"].queryset = Organization.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        ).order_by("kana_key")
        self.fields["resources"].queryset = Resource.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        ).order_by("kana_key")

    def quick_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.QUICK]

    def detail_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in self.QUICK]


class ConnectionForm(forms.Form):
    """つなぎ made by this activity (optional: leave both actors empty)."""

    source = forms.ChoiceField(
        label=_("つなぐ元"), required=False, widget=forms.Select(attrs=COMBOBOX)
    )
    target = forms.ChoiceField(
        label=_("つなぐ先"), required=False, widget=forms.Select(attrs=COMBOBOX)
    )
    purpose = forms.ChoiceField(
        label=_("目的"),
        choices=ConnectionPurpose.choices,
        initial=ConnectionPurpose.SUPPORTERS,
        required=False,
    )
    status = forms.ChoiceField(
        label=_("状態"),
        choices=ConnectionStatus.choices[:3],
        initial=ConnectionStatus.PROPOSED,
        required=False,
    )
    note = forms.CharField(label=_("メモ"), max_length=300, required=False)

    prefix = "tsunagi"

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = actor_choices(municipality)
        self.fields["source"].choices = choices  # type: ignore[attr-defined]
        self.fields["target"].choices = choices  # type: ignore[attr-defined]

    def wanted(self) -> bool:
        return bool(self.cleaned_data.get("source") or self.cleaned_data.get("target"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("source")) != bool(data.get("target")):
            missing = "target" if data.get("source") else "source"
            if missing not in self.errors:  # not already refused as an unknown choice
                self.add_error(missing, _("つなぐ元とつなぐ先の両方を選んでください。"))
        if data.get("source") and data.get("target"):
            for name in ("purpose", "status"):
                if not data.get(name):
                    self.add_error(name, _("選んでください。"))
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("新しい状態"), choices=ConnectionStatus.choices)
    changed_on = WarekiDateField(label=_("日付"))
