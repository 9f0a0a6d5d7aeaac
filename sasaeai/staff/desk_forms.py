"""The form of a coordinator's desk (生活支援コーディネーターの連絡先) on the 圏域 screens. It only
reads the input; `areas.services.desk_save` checks it (the consent date when public) and writes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sasaeai.areas.models import CoordinatorDesk
from sasaeai.core.versioning import add_version_field
from sasaeai.utils.forms import WarekiDateField

# The fields the service takes, in the order of the form.
DESK_FIELDS = (
    "organization",
    "person_name",
    "phone",
    "email",
    "hours",
    "is_public",
    "public_consent_on",
    "order",
)


class DeskForm(forms.Form):
    # Not required here: the service's refusal names the field (「所属・窓口名を入力してください。」).
    organization = forms.CharField(
        label=_("所属・窓口名"),
        max_length=200,
        required=False,
        help_text=_("例: 中央地域包括支援センター 生活支援コーディネーター"),
    )
    person_name = forms.CharField(
        label=_("担当者名"),
        max_length=100,
        required=False,
        help_text=_("任意。住民向けに公開するときは、本人の同意を得てください。"),
    )
    phone = forms.CharField(
        label=_("電話番号"), max_length=30, required=False, help_text=_("例: 042-555-0101")
    )
    email = forms.EmailField(label=_("メールアドレス"), max_length=254, required=False)
    hours = forms.CharField(
        label=_("受付時間"), max_length=200, required=False, help_text=_("例: 平日 9時〜17時")
    )
    is_public = forms.BooleanField(
        label=_("住民向けのページと印刷用リストに公開する"), required=False
    )
    public_consent_on = WarekiDateField(
        label=_("公開の同意日"),
        required=False,
        help_text=_("公開するときは必ず。担当者（窓口）が公開に同意した日。例: 令和8年4月1日"),
    )
    order = forms.IntegerField(
        label=_("表示順"),
        required=False,
        min_value=0,
        max_value=32767,
        help_text=_("同じ圏域に複数あるとき、小さい順に表示します。空欄は0。"),
    )

    def __init__(self, *args: Any, desk: CoordinatorDesk | None = None, **kwargs: Any) -> None:
        if desk is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(desk, name) for name in DESK_FIELDS}
        super().__init__(*args, **kwargs)
        add_version_field(self, desk)

    def values(self) -> dict[str, Any]:
        """The cleaned values as the service takes them (a blank order is 0)."""
        data = {name: self.cleaned_data.get(name) for name in DESK_FIELDS}
        data["order"] = data["order"] or 0
        return data
