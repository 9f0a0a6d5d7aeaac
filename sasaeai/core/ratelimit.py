"""Rate limits per client address on the pages anyone may ask for without signing in.

One middleware, configured in settings by URL name:

    RATE_LIMITS = {"portal:search": (120, 60, ("GET",)), "accounts:login": (10, 60, ("POST",))}

reads: at most 120 searches a minute from one address, at most 10 login attempts a minute.
Each limit counts in a fixed window (`seconds` long, aligned on the clock) in Django's cache;
past it, the page answers 429 with a Japanese page and a Retry-After header until the window
ends. URL names not listed (staff pages, static files, which WhiteNoise serves before any view)
are never counted.

The count lives in the cache named by RATE_LIMIT_CACHE: the default local-memory cache counts
per process, so a server with several processes should set a shared cache (CACHE_URL).
"""

from __future__ import annotations

import ipaddress
import logging
import math
import time
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)


def client_address(request: HttpRequest) -> str:
    """Who is asking, as a counting key: the connection's address, or, behind
    RATE_LIMIT_TRUSTED_PROXIES proxies (0 by default), the address the outermost of them saw,
    read from the right of X-Forwarded-For. Entries further left come from the client and are
    never believed. An IPv6 address counts by its /64, which one home or phone is given whole."""
    address = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "RATE_LIMIT_TRUSTED_PROXIES", 0)
    if proxies > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= proxies:
            address = hops[-proxies]
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address[:64] or "unknown"
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:  # ::ffff:192.0.2.1 is 192.0.2.1
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def limit_for(request: HttpRequest) -> tuple[str, int, int] | None:
    """(URL name, requests, seconds) when the request's page and method are limited."""
    match = request.resolver_match
    if match is None:
        return None
    rule = getattr(settings, "RATE_LIMITS", {}).get(match.view_name)
    if rule is None:
        return None
    limit, seconds, *rest = rule
    methods: Sequence[str] = rest[0] if rest else ()
    if methods and request.method not in methods:
        return None
    return match.view_name, int(limit), int(seconds)


def counted(key: str, seconds: int) -> int | None:
    """This request's number in its window (1 for the first); None when the cache cannot
    answer: then nothing is limited rather than every visitor refused."""
    cache = caches[getattr(settings, "RATE_LIMIT_CACHE", "default")]
    try:
        # add() only sets a missing key, so two processes starting a window do not reset it.
        if cache.add(key, 1, timeout=seconds + 1):
            return 1
        try:
            return cache.incr(key)
        except ValueError:  # expired between add() and incr(): this request opens it again
            cache.set(key, 1, timeout=seconds + 1)
            return 1
    except Exception:
        logger.warning("rate limit cache unavailable", exc_info=True)
        return None


class RateLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        rule = limit_for(request)
        if rule is None:
            return None
        name, limit, seconds = rule
        now = time.time()
        window = int(now // seconds)
        count = counted(f"ratelimit:{name}:{client_address(request)}:{window}", seconds)
        if count is None or count <= limit:
            return None
        wait = max(1, math.ceil((window + 1) * seconds - now))
        response = render(request, "429.html", {"wait": wait}, status=429)
        response["Retry-After"] = str(wait)
        return response
