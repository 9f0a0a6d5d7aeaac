"""Sign-in, 「パスワードを忘れた」 and the site operator's forms."""

import re

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.validators import MaxLengthValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import User


class LoginForm(AuthenticationForm):
    """Django's login form without `autofocus` on the user name.

    Autofocus jumps past the skip link, the heading and the instructions: a screen-reader user
    starts mid-form, and the first Tab lands on the password field instead of 本文へ移動.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.widget.attrs.pop("autofocus", None)
        # Django sets the user name's max_length after the field is made, so nothing checks
        # it: a 10,000-character name then reached authenticate(), whose failure django-axes
        # records in a 255-character column (a 500 on PostgreSQL). Too long is simply wrong.
        username.validators.append(MaxLengthValidator(self.username_field.max_length or 254))


class NewAccountForm(forms.Form):
    """The fields of a new account: no password, a one-time link sets it (both the operator's
    first 市町村管理者 and the municipal admin's new users)."""

    username = forms.CharField(
        label=_("ユーザー名"),
        max_length=150,
        help_text=_("半角英数字と @ . + - _ が使えます。"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    display_name = forms.CharField(label=_("表示名"), max_length=100, required=False)
    email = forms.EmailField(
        label=_("メールアドレス"),
        required=False,
        help_text=_("入れると、パスワードを設定するリンクをメールでも送ります。"),
    )


class StartForm(NewAccountForm):
    """「利用を始める」: the first 市町村管理者."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["username"].label = _("市町村管理者のユーザー名")


class UnionForm(forms.Form):
    """A 広域連合・一部事務組合 made by hand (it is not in the national master)."""

    code = forms.CharField(
        label=_("全国地方公共団体コード"),
        max_length=6,
        min_length=6,
        help_text=_("検査数字つきの6桁。"),
    )
    name = forms.CharField(label=_("名称"), max_length=100)
    kana = forms.CharField(label=_("ふりがな"), max_length=200, required=False)
    prefecture = forms.CharField(label=_("都道府県"), max_length=10)
    members = forms.CharField(
        label=_("構成市町村の全国地方公共団体コード"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("6桁のコードを改行・空白・読点で区切って、2つ以上。"),
    )

    def clean_members(self) -> list[str]:
        text = self.cleaned_data["members"]
        codes = [c for c in re.split(r"[\s,、，]+", text) if c]
        return list(dict.fromkeys(codes))  # each member once, in the order given


class ForgotPasswordForm(PasswordResetForm):
    """「パスワードを忘れた」 by user name or e-mail address; says nothing about whether an
    account exists (the page after it is the same either way)."""

    email = forms.CharField(
        label=_("ユーザー名またはメールアドレス"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )

    def get_users(self, email: str):
        """Active accounts with an address, found by user name or address; an account whose
        first link has expired (no usable password yet) may ask again too."""
        value = email.strip()
        found = User.objects.filter(Q(username=value) | Q(email__iexact=value), is_active=True)
        return (u for u in found.exclude(email="") if u.email)
