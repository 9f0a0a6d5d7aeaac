"""Two-factor sign-in for tests: an authenticator app with a known secret, its current code,
and a sign-in through both steps (or a session already verified)."""

from __future__ import annotations

import time
from typing import Any

from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

# RFC 6238's test secret ("12345678901234567890" in ASCII), in hex as TOTPDevice keeps it.
KNOWN_KEY = "3132333435363738393031323334353637383930"


def give_totp(user: Any, key: str = KNOWN_KEY) -> TOTPDevice:
    """A confirmed authenticator app with a known secret, as if the user had set it up."""
    user.two_factor_enabled = True
    user.save(update_fields=["two_factor_enabled"])
    return TOTPDevice.objects.create(user=user, name="テスト用", key=key, confirmed=True)


def current_code(device: TOTPDevice) -> str:
    """The six digits the app shows now. A code already used (TOTPDevice.last_t) is refused, so
    a second sign-in in the same 30 seconds takes the next step's code, which the device
    accepts (one step of tolerance, OTP's default)."""
    device.refresh_from_db()
    now_step = int((time.time() - device.t0) // device.step) + device.drift
    return f"{hotp(device.bin_key, max(now_step, device.last_t + 1), digits=device.digits):06d}"


def sign_in(client: Client, username: str, password: str, code: str) -> Any:
    """The password step, then the code; the response of the second (following no redirect)."""
    client.post(reverse("accounts:login"), {"username": username, "password": password})
    return client.post(reverse("accounts:two_factor_verify"), {"code": code})


def force_verified_login(client: Client, user: Any, device: TOTPDevice) -> None:
    """`client.force_login`, with the session verified by `device` (the second step done)."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
