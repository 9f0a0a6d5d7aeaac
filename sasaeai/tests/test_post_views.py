"""Every view that accepts POST is written in the one pattern (core.form_views): a page with a
form (FormPageView) or a button (ActionView); the few that cannot are listed with the reason."""

from collections.abc import Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from sasaeai.core.form_views import ActionView, FormPageView

# URL name: why it is not one of the two bases.
EXCEPTIONS = {
    "accounts:login": "Django's LoginView (session and rate of the auth framework)",
    "accounts:logout": "Django's LogoutView",
    "accounts:password_reset": "Django's PasswordResetView (token mail)",
    "accounts:password_reset_confirm": "Django's PasswordResetConfirmView (token check)",
    "accounts:password_change": "Django's PasswordChangeView (hash and session update)",
    "core:import_upload": "the Importer protocol's own steps (upload → preview → commit or undo), "
    "one view per step for every importer (staff/views/imports.py)",
    "core:import_preview": "the Importer protocol's preview page: commit, cancel, column mapping "
    "and undo of one batch",
}


def patterns(resolver: URLResolver, namespace: str = "") -> Iterator[tuple[str, Any]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from patterns(entry, inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}", entry.callback


def post_views() -> dict[str, type]:
    """URL name → view class, for every class-based view with a POST handler."""
    found = {}
    for name, callback in patterns(get_resolver()):
        view = getattr(callback, "view_class", None)
        if view is None or "post" not in getattr(view, "http_method_names", ()):
            continue
        if hasattr(view, "post"):
            found[name] = view
    return found


def test_every_post_view_derives_from_the_form_view_base_or_is_listed() -> None:
    views = post_views()
    # The walk finds the views it must: a page form, a button and a listed exception.
    assert {"councils:create", "resources:verify", "accounts:login"} <= set(views)
    outside = sorted(
        name
        for name, view in views.items()
        if not issubclass(view, (FormPageView, ActionView)) and name not in EXCEPTIONS
    )
    assert outside == []


def test_every_exception_is_still_a_post_view_outside_the_bases() -> None:
    views = post_views()
    stale = sorted(
        name
        for name in EXCEPTIONS
        if name not in views or issubclass(views[name], (FormPageView, ActionView))
    )
    assert stale == []
