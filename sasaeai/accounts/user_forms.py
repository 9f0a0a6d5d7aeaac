"""Forms of the municipal admin's 「利用者と役割」 (dates accept 和暦 as every form does)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from sasaeai.areas.models import Area, Municipality
from sasaeai.utils.forms import WarekiDateField

from .constants import Role
from .forms import NewAccountForm
from .models import User
from .user_services import NewAccount, RoleInput, municipality_users, next_april_first

DATE_HELP = _("「令和9年4月1日」「R9.4.1」「2027-04-01」のどれでも入れられます。")


def layer2_areas(municipality: Municipality):
    return Area.objects.current().layer2().filter(municipality=municipality).order_by("kana", "pk")


class RoleForm(forms.Form):
    """A role with its period and, for a layer-2 coordinator, the area it covers."""

    role = forms.ChoiceField(label=_("役割"), choices=[("", "---------"), *Role.choices])
    area = forms.ModelChoiceField(
        label=_("担当圏域"),
        queryset=Area.objects.none(),
        required=False,
        help_text=_("第2層生活支援コーディネーターのときだけ選びます。"),
    )
    valid_from = WarekiDateField(label=_("開始日"), help_text=DATE_HELP)
    valid_to = WarekiDateField(label=_("終了日"), required=False, help_text=_("空欄は期限なし。"))

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("valid_from", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = layer2_areas(municipality)  # type: ignore[attr-defined]

    def role_input(self) -> RoleInput:
        data = self.cleaned_data
        return RoleInput(data["role"], data["valid_from"], data["area"], data["valid_to"])


class UserCreateForm(NewAccountForm, RoleForm):
    """A new account and its first role."""

    field_order = ["username", "display_name", "email", "role", "area", "valid_from", "valid_to"]

    def account(self) -> NewAccount:
        data = self.cleaned_data
        return NewAccount(data["username"], data["display_name"], data["email"])


class RoleEndForm(forms.Form):
    end_on = WarekiDateField(label=_("終了日（この日まで役割を持ちます）"), help_text=DATE_HELP)


class HandoverForm(forms.Form):
    """4月の交代: who hands over, to whom (existing or new), and from which day."""

    outgoing = forms.ModelChoiceField(
        label=_("交代する人（役割を終える人）"), queryset=User.objects.none()
    )
    incoming = forms.ModelChoiceField(
        label=_("引き継ぐ人（登録済みの利用者）"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("新しい利用者に引き継ぐときは空欄にして、下にユーザー名を入れます。"),
    )
    new_username = forms.CharField(
        label=_("新しい利用者のユーザー名"),
        max_length=150,
        required=False,
        help_text=_("半角英数字と @ . + - _ が使えます。"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    new_display_name = forms.CharField(
        label=_("新しい利用者の表示名"), max_length=100, required=False
    )
    new_email = forms.EmailField(label=_("新しい利用者のメールアドレス"), required=False)
    on = WarekiDateField(
        label=_("交代日（引き継ぐ人の役割が始まる日）"),
        help_text=format_lazy("{}{}", _("交代する人の役割は前の日で終わります。"), DATE_HELP),
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("on", next_april_first())
        super().__init__(*args, **kwargs)
        people = municipality_users(municipality).order_by("username")
        self.fields["outgoing"].queryset = people  # type: ignore[attr-defined]
        self.fields["incoming"].queryset = people.filter(is_active=True)  # type: ignore[attr-defined]
        for name in ("outgoing", "incoming"):
            self.fields[name].label_from_instance = label_of  # type: ignore[attr-defined]

    def new_account(self) -> NewAccount | None:
        data = self.cleaned_data
        if not data["new_username"].strip():
            return None
        return NewAccount(data["new_username"], data["new_display_name"], data["new_email"])


def label_of(user: User) -> str:
    """「山田 花子（yamada）」: the name people know, with the user name to tell two apart."""
    return f"{user}（{user.username}）" if str(user) != user.username else user.username
