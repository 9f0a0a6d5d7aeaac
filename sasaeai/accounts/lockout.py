"""django-axes' hooks (settings AXES_LOCKOUT_CALLABLE, AXES_CLIENT_IP_CALLABLE): the login page
with a Japanese notice when a user name or address is locked, and the address it counts by."""

from __future__ import annotations

import ipaddress
import math
from typing import Any

from axes.helpers import get_cool_off
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sasaeai.core.ratelimit import client_address

from .forms import LoginForm


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """The login page again, with the lockout notice in place of the form's error, instead of
    axes' bare English text. Status 429 (Too Many Requests) all the same, so scripts see the
    refusal."""
    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else None
    form = LoginForm(request, initial={"username": request.POST.get("username", "")})
    context = {
        "form": form,
        "next": request.POST.get("next", ""),
        "locked_out": True,
        "locked_minutes": minutes,
    }
    return render(request, "accounts/login.html", context, status=429)


def lockout_address(request: HttpRequest) -> str | None:
    """The address failures are counted by: the rate limits' (core.ratelimit.client_address,
    which believes X-Forwarded-For only behind RATE_LIMIT_TRUSTED_PROXIES proxies), so that
    behind a proxy not everyone shares the proxy's address. Axes stores it in an IP address
    column: an IPv6 /64 as its first address, and no address (a request built by hand) as
    None."""
    address = client_address(request)
    try:
        return str(ipaddress.ip_network(address, strict=False).network_address)
    except ValueError:
        return None
