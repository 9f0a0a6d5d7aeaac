"""Forms of the 日常生活圏域 screens: register, rename, assign towns, retire. They only read
the input; the services check it and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sasaeai.areas.models import Area, Municipality, Town
from sasaeai.areas.services import BOUNDARY_MAX_CHARS, boundary_parse
from sasaeai.utils.forms import ModelMultipleIdsField, WarekiDateField


class BoundaryMixin(forms.Form):
    """A GeoJSON boundary pasted into the text box or chosen as a file (not both)."""

    boundary = forms.CharField(
        label=_("境界（GeoJSON・貼り付け）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        help_text=_("任意。Polygon か MultiPolygon の GeoJSON（座標は経度, 緯度の順）。"),
    )
    boundary_file = forms.FileField(
        label=_("境界（GeoJSON・ファイル）"),
        required=False,
        help_text=_("任意。.geojson・.json ファイル（UTF-8）。エラーのときは選び直してください。"),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        upload = data.get("boundary_file")
        if upload:
            if data.get("boundary", "").strip():
                self.add_error(
                    "boundary_file",
                    _("境界は、貼り付けかファイルのどちらか一方にしてください。"),
                )
                return data
            if upload.size > BOUNDARY_MAX_CHARS:
                self.add_error("boundary_file", _("境界のファイルが大きすぎます（5MBまで）。"))
                return data
            try:
                data["boundary"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                self.add_error("boundary_file", _("境界のファイルは UTF-8 で保存してください。"))
                return data
        # Checked here too so the message sits on the field the user filled in.
        field = "boundary_file" if upload else "boundary"
        try:
            boundary_parse(data.get("boundary", ""), field=field)
        except ValidationError as error:
            self.add_error(field, error.message_dict[field])
        return data


class AreaCreateForm(BoundaryMixin):
    name = forms.CharField(label=_("名称"), max_length=100, required=False)
    kana = forms.CharField(label=_("ふりがな"), max_length=200, required=False)
    parent = forms.ModelChoiceField(
        label=_("第1層（区・市全域など）"), queryset=Area.objects.none(), required=False
    )
    valid_from = WarekiDateField(
        label=_("設定日"),
        required=False,
        help_text=_("空欄なら今日。例: 令和8年4月1日、2026-04-01"),
    )
    field_order = ["name", "kana", "parent", "valid_from", "boundary", "boundary_file"]

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parents = Area.objects.current().layer1().filter(municipality=municipality)
        self.fields["parent"].queryset = parents.order_by("kana_key", "name")  # type: ignore[attr-defined]
        # One layer-1 area (most municipalities): chosen for the user, not asked.
        self.single_parent = parents.first() if parents.count() == 1 else None
        if self.single_parent is not None:
            self.fields["parent"].widget = forms.HiddenInput()
            self.fields["parent"].initial = self.single_parent.pk


class AreaEditForm(BoundaryMixin):
    name = forms.CharField(label=_("名称"), max_length=100, required=False)
    kana = forms.CharField(label=_("ふりがな"), max_length=200, required=False)
    clear_boundary = forms.BooleanField(label=_("登録済みの境界を消す"), required=False)
    field_order = ["name", "kana", "boundary", "boundary_file", "clear_boundary"]


class TownChoiceField(ModelMultipleIdsField):
    def label_from_instance(self, obj: Town) -> str:
        return obj.name


class AreaTownsForm(forms.Form):
    towns = TownChoiceField(
        label=_("この圏域の町丁目"),
        queryset=Town.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        towns = Town.objects.filter(municipality=municipality)
        self.fields["towns"].queryset = towns  # type: ignore[attr-defined]


class AreaRetireForm(forms.Form):
    retire_on = WarekiDateField(
        label=_("廃止日"),
        required=False,
        help_text=_("この日から圏域がなくなります（今日以前）。例: 令和8年4月1日"),
    )
    successor = forms.ModelChoiceField(
        label=_("町丁目を移す先の日常生活圏域"), queryset=Area.objects.none(), required=False
    )

    def __init__(self, *args: Any, area: Area, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = (
            Area.objects.current()
            .layer2()
            .filter(municipality_id=area.municipality_id)
            .exclude(pk=area.pk)
            .order_by("kana_key", "name")
        )
        self.fields["successor"].queryset = others  # type: ignore[attr-defined]
