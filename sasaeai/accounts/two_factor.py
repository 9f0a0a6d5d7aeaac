"""Two-factor sign-in (issue #21): a TOTP app (django-otp's TOTPDevice) and ten recovery codes
(its StaticDevice, each code usable once).

The password step (two_factor_views.SignInView) does not sign in a user who has set it up: it keeps them
"pending" in the session and asks for the code (two_factor_views.VerifyView), which signs them
in. A wrong code is a failed sign-in for django-axes, counted with wrong passwords; signing in
only after the code keeps the password step from clearing that count (AXES_RESET_ON_SUCCESS),
or a thief with the password could guess four codes, sign in again, and guess on.

When TWO_FACTOR_REQUIRED is on, municipal admins, layer-1 coordinators and site operators must
set it up: TwoFactorMiddleware lets them reach only the setup page until they have."""

from __future__ import annotations

import re
import time
import unicodedata
from base64 import b32encode
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, logout
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sasaeai.core.history import history_user

from .constants import Role
from .permissions import PUBLIC_URL_NAMES, active_assignments

# The roles that must use it when TWO_FACTOR_REQUIRED is on (with superusers): they manage
# users, or see and export every resident's data of the municipality.
REQUIRED_ROLES = frozenset({Role.MUNICIPAL_ADMIN, Role.SC_LAYER1})
RECOVERY_CODE_COUNT = 10
# The password step's result, waiting for the code: user id, backend, where to go next, when.
PENDING_SESSION_KEY = "sasaeai_2fa_pending"
# The password step is good for this long: a code page left open at a shared PC expires.
PENDING_SECONDS = 10 * 60
# New recovery codes, kept in the session only until the page that shows them once.
CODES_SESSION_KEY = "sasaeai_2fa_codes"
WRONG_CODE = "確認コードが正しくありません。認証アプリの6桁の数字か、回復コードを入力してください。"

# What an unverified user may still open: signing out; the setup pages for whoever must set up.
ALWAYS_ALLOWED = frozenset({"accounts:logout"})
SETUP_URL_NAMES = frozenset({"accounts:two_factor", "accounts:two_factor_codes"})


def is_required(user: Any) -> bool:
    """Must this user sign in with a second factor? Superusers, and municipal admins and
    layer-1 coordinators of a real municipality, when TWO_FACTOR_REQUIRED is on. Roles in the
    demo city (Municipality.is_demo, サンプル市 139998, the one the demo banner marks) do not
    count, so `make run`'s printed logins work under production settings."""
    if not settings.TWO_FACTOR_REQUIRED or not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return any(
        a.role in REQUIRED_ROLES and not a.municipality.is_demo for a in active_assignments(user)
    )


def totp_device(user: Any) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if they have set one up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def is_enabled(user: Any) -> bool:
    """Has the user set up two-factor sign-in (an authenticator app confirmed with a code)?

    The flag (kept by the services) and the app itself: a flag left without its app (the row
    deleted in the Django admin or by hand) would ask forever for a code nothing can give.
    Such a user signs in with the password and, when required, is sent to set up again, as
    after the municipal admin's reset (user_services.two_factor_reset). The flag spares the
    query for everyone who never set it up."""
    return bool(getattr(user, "two_factor_enabled", False)) and totp_device(user) is not None


def recovery_codes_left(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def secret_groups(device: TOTPDevice) -> str:
    """The secret as an app asks for it when typed by hand: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def code_display(token: str) -> str:
    """A recovery code as shown: two groups of four (abcd-efgh), easier to copy by hand."""
    return f"{token[:4]}-{token[4:]}"


def normalized(code: str) -> str:
    """What was typed, without the spaces and hyphens people add: "123 456", "ABCD-EFGH", and
    full-width digits as half-width (an IME left on)."""
    return re.sub(r"[\s\-‐ー]", "", unicodedata.normalize("NFKC", code)).lower()


@transaction.atomic
def totp_setup_start(*, user: Any) -> TOTPDevice:
    """The authenticator app being set up: the same secret until confirmed (reloading the page
    must not change the QR code already scanned)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("認証アプリ"), confirmed=False)
    return device


@transaction.atomic
def totp_confirm(*, user: Any, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the app being set up with a code from it; returns the new recovery codes."""
    if device.user_id != user.pk or device.confirmed:
        raise ValidationError({"code": _("この設定はもう使えません。もう一度やり直してください。")})
    if not re.fullmatch(r"[0-9]{6}", normalized(code)) or not device.verify_token(normalized(code)):
        raise ValidationError(
            {
                "code": _(
                    "確認コードが正しくありません。認証アプリに表示中の6桁の数字を入力してください。"
                )
            }
        )
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    with history_user(user):
        user.two_factor_enabled = True
        user.save(update_fields=["two_factor_enabled"])
    return recovery_codes_create(user=user)


@transaction.atomic
def recovery_codes_create(*, user: Any) -> list[str]:
    """Ten new recovery codes; the old ones stop working. Returned once, for display."""
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValidationError(_("先に2段階認証を設定してください。"))
    # The same device, new tokens: a session signed in with a recovery code stays verified
    # (django-otp ends a session whose device is gone).
    device = StaticDevice.objects.filter(user=user).order_by("pk").first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name=_("回復コード"), confirmed=True)
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    StaticToken.objects.filter(device=device).delete()
    tokens: set[str] = set()
    while len(tokens) < RECOVERY_CODE_COUNT:
        tokens.add(StaticToken.random_token())
    StaticToken.objects.bulk_create(StaticToken(device=device, token=t) for t in sorted(tokens))
    return [code_display(t) for t in sorted(tokens)]


@transaction.atomic
def two_factor_disable(*, user: Any) -> None:
    """Turn it off (the app and the recovery codes), unless the user's roles require it."""
    if not is_enabled(user):
        raise ValidationError(_("2段階認証は設定されていません。"))
    if is_required(user):
        raise ValidationError(_("あなたの役割では2段階認証が必須のため、やめることはできません。"))
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    with history_user(user):
        user.two_factor_enabled = False
        user.save(update_fields=["two_factor_enabled"])


def code_check(*, user: Any, code: str) -> Device | None:
    """The device that accepts the code: six digits are the app's, anything else a recovery
    code (deleted as it is used). Rows are locked, so one code never signs in twice."""
    token = normalized(code)
    if not token:
        return None
    devices: Any = (
        TOTPDevice.objects.filter(user=user, confirmed=True)
        if re.fullmatch(r"[0-9]{6}", token)
        else StaticDevice.objects.filter(user=user, confirmed=True)
    )
    with transaction.atomic():
        for device in devices.select_for_update():
            if device.verify_token(token):
                return device
    return None


@dataclass(frozen=True)
class Pending:
    user_id: int
    backend: str
    next_url: str


def pending_start(request: HttpRequest, *, user: Any, backend: str, next_url: str) -> None:
    """Remember the password step (not a sign-in) until the code is given."""
    request.session[PENDING_SESSION_KEY] = {
        "user": user.pk,
        "backend": backend,
        "next": next_url,
        "at": time.time(),
    }


def pending(request: HttpRequest) -> Pending | None:
    """The password step waiting for its code, if it has not expired."""
    data = request.session.get(PENDING_SESSION_KEY)
    if not isinstance(data, dict) or time.time() - data.get("at", 0) > PENDING_SECONDS:
        return None
    return Pending(user_id=data["user"], backend=data["backend"], next_url=data["next"])


def pending_end(request: HttpRequest) -> None:
    request.session.pop(PENDING_SESSION_KEY, None)


class TwoFactorMiddleware:
    """After django-otp's OTPMiddleware: a signed-in user who is not verified in this session
    reaches nothing but signing out (and the public pages) when they have an app set up (then
    the code is asked for) or must set one up (then the setup page)."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user: Any = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        name = match.view_name if match else ""
        if name in PUBLIC_URL_NAMES or name in ALWAYS_ALLOWED:
            return None
        if is_enabled(user):
            # Signed in with the password alone: a session opened before the app was set up
            # (elsewhere), or a test's force_login. It gives the code like any sign-in.
            backend = request.session.get(BACKEND_SESSION_KEY, settings.AUTHENTICATION_BACKENDS[-1])
            logout(request)
            pending_start(request, user=user, backend=backend, next_url=request.get_full_path())
            return redirect("accounts:two_factor_verify")
        if name in SETUP_URL_NAMES or not is_required(user):
            return None
        return redirect("accounts:two_factor")
