"""One form on a page, in the project's one pattern (used by the newer screens; the older ones
in councils and plans still carry their own copies, to be moved here)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.views.generic import TemplateView

from sasaeai.utils.forms import apply_errors


class FormPageView(TemplateView):
    """Load the record within the municipality → (permission, by the mixin before this class)
    → form → service → a refusal put back on the form with the input kept (400) → redirect."""

    def load(self) -> None:
        """Find what the page is about (a 404 outside the municipality); nothing by default."""

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
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
        return self.render_to_response(self.get_context_data(form=form), status=400)
