"""The project's one pattern for every view that changes something (issue #19).

`FormPageView`: a page with one form. `ActionView`: a button that does one thing (verify, cancel,
merge...) with no page of its own. Both: load the record within the municipality → (the
permission, by the mixin placed before this class) → the service, which validates first and
records who changed it (`history_user()`) → a refusal shown with the input kept → message and
redirect. A view never saves a model itself."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import TemplateView, View

from sasaeai.core.versioning import carry_current_version
from sasaeai.utils.forms import apply_errors


def on_this_site(request: HttpRequest, wanted: str, fallback: str) -> str:
    """`wanted` (a `next` field, the referer) when it is an address of this site, else
    `fallback`: a form must never send the user to another site.

    why: an address must also be a path ("/...") or a full URL of this host, without control
    characters: Django finds "a b", "²" or "-1" safe (relative), but redirect() reads such a
    word as a URL name to reverse, and fails with a 500."""
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    absolute = wanted.startswith(("/", "http://", "https://"))
    clean = not any(ord(character) < 32 or ord(character) == 127 for character in wanted)
    return wanted if wanted and safe and absolute and clean else fallback


class FormPageView(TemplateView):
    """Load the record within the municipality → (permission, by the mixin before this class)
    → form → service → a refusal put back on the form with the input kept (400) → redirect."""

    def load(self) -> None:
        """Find what the page is about (a 404 outside the municipality); nothing by default."""

    def make_form(self, data: Any = None, files: Any = None) -> forms.BaseForm:
        raise NotImplementedError

    def save(self, form: Any) -> HttpResponse:
        """Call the service with the form's cleaned data; a ValidationError is shown on it."""
        raise NotImplementedError

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load()
        return self.render_to_response(self.get_context_data(form=self.make_form()))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load()
        form = self.make_form(request.POST, request.FILES)
        if form.is_valid():
            try:
                return self.save(form)
            except ValidationError as error:
                apply_errors(form, error)
                carry_current_version(form, error)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PostedFormMixin:
    """For a form posted from its record's own page (the council's or the project's home),
    placed before that page's view and FormPageView: a refusal shows the page again with the
    form under `form_name` and its input (400); success is `change()`'s message and a redirect."""

    http_method_names: Sequence[str] = ["post"]
    form_name = ""
    request: HttpRequest

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        if "form" in kwargs:
            kwargs[self.form_name] = kwargs.pop("form")
        return super().get_context_data(**kwargs)  # type: ignore[misc]

    def save(self, form: Any) -> HttpResponse:
        messages.success(self.request, self.change(form.cleaned_data))
        return HttpResponseRedirect(self.success_url())

    def change(self, data: dict[str, Any]) -> str:
        """Call the service; return the message saying what was done."""
        raise NotImplementedError

    def success_url(self) -> str:
        raise NotImplementedError


class ActionView(View):
    """POST only: a button that calls one service. Its refusal (a Japanese ValidationError) is
    shown as an error message on the page the user comes back to; nothing is half written
    because the service is atomic and validates first."""

    http_method_names = ["post"]

    def load(self) -> None:
        """Find what the button acts on (a 404 outside the municipality); nothing by default."""

    def act(self) -> HttpResponse:
        """Call the service; return the response (usually a message and a redirect)."""
        raise NotImplementedError

    def refused_url(self) -> str:
        """Where to show a refusal: by default the page the button was on (this site only),
        else the home page."""
        return on_this_site(self.request, self.request.META.get("HTTP_REFERER", ""), "/")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load()
        try:
            return self.act()
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return HttpResponseRedirect(self.refused_url())
