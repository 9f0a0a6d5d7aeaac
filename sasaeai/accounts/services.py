"""Writes for accounts: starting a municipality with its first administrator, unions made by
hand, and the one-time 「パスワードを設定する」 link a new account gets instead of a password."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from sasaeai.areas import master
from sasaeai.areas import services as areas
from sasaeai.areas.constants import Layer
from sasaeai.areas.models import Area, Municipality
from sasaeai.core.history import history_user
from sasaeai.utils.lgcode import is_valid_lgcode

from .constants import Role
from .models import RoleAssignment, User

# With this backend nothing leaves the machine: the link is only shown on screen.
NO_MAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"


@dataclass(frozen=True)
class StartResult:
    """A municipality just started: its layer-1 areas and its first administrator."""

    municipality: Municipality
    admin: User
    layer1_areas: int


def started(municipality: Municipality | None) -> bool:
    """Has the municipality been started (a 市町村管理者 assigned, now or before)?"""
    if municipality is None or municipality.pk is None:
        return False
    return RoleAssignment.objects.filter(
        municipality=municipality, role=Role.MUNICIPAL_ADMIN
    ).exists()


@transaction.atomic
def municipality_start(
    *, code: str, username: str, email: str = "", display_name: str = "", user: Any = None
) -> StartResult:
    """「利用を始める」: the municipality from the master when not yet loaded (a 指定都市 with
    its wards as layer-1 areas), and its first 市町村管理者 with no usable password yet."""
    existing = Municipality.objects.filter(code=code).first()
    admin = User(username=username.strip(), email=email.strip(), display_name=display_name)
    admin.set_unusable_password()
    _validate_start(code, existing, admin)
    with history_user(user):
        # From the master even when loaded before: a no-op then, or the layer-1 areas that
        # `load-municipalities` made are checked again. A union made by hand is not in it.
        municipality = existing
        if master_entry(code) is not None:
            municipality = areas.municipality_load_from_master(code=code)
        assert municipality is not None  # validated: in the database or in the master
        admin.save()
        RoleAssignment.objects.create(
            user=admin,
            role=Role.MUNICIPAL_ADMIN,
            municipality=municipality,
            valid_from=timezone.localdate(),
        )
    layer1 = Area.objects.current().filter(municipality=municipality, layer=Layer.FIRST)
    return StartResult(municipality=municipality, admin=admin, layer1_areas=layer1.count())


def _validate_start(code: str, existing: Municipality | None, admin: User) -> None:
    """Every refusal at once, in Japanese and by field, before anything is written."""
    errors: dict[str, list[str]] = {}
    if not is_valid_lgcode(code):
        errors["code"] = [_("全国地方公共団体コードは検査数字つきの6桁で入れてください。")]
    elif existing is None and master_entry(code) is None:
        errors["code"] = [
            _("市町村マスタにコード「%(code)s」の市町村がありません。") % {"code": code}
        ]
    elif started(existing):
        errors["code"] = [
            _("%(name)sは既に利用を始めています（市町村管理者がいます）。") % {"name": existing}
        ]
    errors.update(_user_errors(admin))
    if errors:
        raise ValidationError(errors)


def _user_errors(admin: User) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not admin.username:
        errors["username"] = [_("ユーザー名を入れてください。")]
    elif User.objects.filter(username=admin.username).exists():
        errors["username"] = [
            _("ユーザー名「%(name)s」は既に使われています。") % {"name": admin.username}
        ]
    else:
        try:
            admin.full_clean(exclude=["password", "email"], validate_unique=False)
        except ValidationError as error:
            errors.update(error.message_dict)
    if admin.email:
        try:
            validate_email(admin.email)
        except ValidationError:
            errors["email"] = [_("メールアドレスの形が正しくありません。")]
    return errors


def master_entry(code: str) -> master.MasterEntry | None:
    return next((e for e in master.master_entries() if e.code == code), None)


@transaction.atomic
def union_create_by_codes(
    *, code: str, name: str, kana: str, prefecture: str, member_codes: Sequence[str], user: Any
) -> Municipality:
    """A 広域連合・一部事務組合 made by hand; members not loaded yet come from the master."""
    known = Municipality.objects.in_bulk(list(member_codes), field_name="code")
    unknown = [c for c in member_codes if c not in known and master_entry(c) is None]
    if unknown:
        raise ValidationError(
            {
                "members": _("市町村マスタにないコードです: %(codes)s")
                % {"codes": "、".join(unknown)}
            }
        )
    with history_user(user):
        members = [
            known.get(c) or areas.municipality_load_from_master(code=c) for c in member_codes
        ]
    return areas.union_create(
        code=code, name=name, kana=kana, prefecture=prefecture, members=members, user=user
    )


def password_link(*, user: User, base_url: str) -> str:
    """The one-time 「パスワードを設定する」 address: Django's token hashes the password, so it
    stops working once a password is set, and after settings.PASSWORD_RESET_TIMEOUT."""
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return base_url.rstrip("/") + path


def link_valid_until() -> datetime.datetime:
    """When a link made now expires (Asia/Tokyo)."""
    expiry = timezone.now() + datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    return timezone.localtime(expiry)


def mail_configured() -> bool:
    return settings.EMAIL_BACKEND != NO_MAIL_BACKEND


def password_link_send(*, user: User, link: str, municipality: Municipality) -> bool:
    """Mail the link to the new account when it has an address and mail is set up; True when
    a mail went out (the person who made the account is shown the link either way)."""
    if not user.email or not mail_configured():
        return False
    context = {
        "user": user,
        "link": link,
        "municipality": municipality,
        "valid_until": link_valid_until(),
    }
    subject = render_to_string("accounts/account_created_subject.txt", context).strip()
    body = render_to_string("accounts/account_created_email.txt", context)
    send_mail(subject, body, None, [user.email])
    return True
