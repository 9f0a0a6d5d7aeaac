"""Security headers on every response: django-csp's Content-Security-Policy with the map tile
server added, and a Permissions-Policy (which django-csp does not send)."""

from __future__ import annotations

from http import HTTPStatus
from urllib.parse import urlsplit

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase


def origin_of(url: str) -> str | None:
    """`scheme://host[:port]` of a URL or URL template such as MAP_TILE_URL; None when empty."""
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def as_list(value: str | list[str] | tuple[str, ...] | None) -> list[str]:
    """A directive's sources as django-csp accepts them (one string, or several) → a list."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


class SecurityHeadersMiddleware(CSPMiddleware):
    """CONTENT_SECURITY_POLICY from settings, its img-src extended by MAP_TILE_URL's origin
    (read per response, so the policy follows the setting: no tile server, no extra source)
    and the error page's inline style allowed, and PERMISSIONS_POLICY."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        update = dict(parts.update or {})
        tiles = origin_of(settings.MAP_TILE_URL)
        if tiles:
            update["img-src"] = [*as_list(update.get("img-src")), tiles]
        if response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR:
            # templates/500.html carries its style inline, so that it shows even when the
            # static files are what failed; it holds no data, so inline style is harmless.
            update["style-src"] = [*as_list(update.get("style-src")), UNSAFE_INLINE]
        parts.update = update or None
        return parts

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        response = super().process_response(request, response)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
