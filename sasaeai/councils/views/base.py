"""What every council screen stands on: the council (or meeting) named in the URL within the
municipality, the permission to write it, a button about one record, a page with one form, the
second step before a change not easily undone, and the context the council home and the meeting
page share for 助言 and layer 1's messages."""

from __future__ import annotations

import io
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from sasaeai.accounts.permissions import MunicipalityPermissionMixin, menu_flags
from sasaeai.areas.constants import Layer
from sasaeai.core.form_views import ActionView, FormPageView

from .. import extensions, permissions, selectors
from ..forms import AdviceForm
from ..models import Council, Meeting


class CouncilMixin(MunicipalityPermissionMixin):
    """Loads the council named in the URL (404 for another municipality's) and checks reading;
    `write` POST handlers check writing."""

    council_kwarg = "pk"
    council: Council

    def load_council(self) -> Council:
        try:
            council = selectors.council_of(self.municipality, self.kwargs[self.council_kwarg])
        except Council.DoesNotExist as error:
            raise Http404(_("協議体が見つかりません。")) from error
        self.council = council
        return council

    def load_meeting(self) -> Meeting:
        """The meeting named in the URL (404 for another municipality's), its whole record
        read, and its council loaded."""
        council_id = (
            Meeting.objects.filter(council__municipality=self.municipality, pk=self.kwargs["pk"])
            .values_list("council_id", flat=True)
            .first()
        )
        if council_id is None:
            raise Http404(_("会議が見つかりません。"))
        self.council = selectors.council_of(self.municipality, council_id)
        return selectors.meeting_of(self.council, self.kwargs["pk"])

    def require_write(self) -> None:
        if not permissions.can_write(self.request.user, self.council):
            raise PermissionDenied(_("この協議体の記録を書き込む権限がありません。"))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            council=self.council,
            can_write=permissions.can_write(self.request.user, self.council),
            can_coordinate=permissions.can_coordinate(self.request.user, self.council),
        )
        return context


class ObjectPostView(CouncilMixin, ActionView):
    """A button about one record of a council (a challenge, a group, an action ...): loads it,
    checks writing on its council, and reports the outcome on the council's page (a refusal
    too, as a message)."""

    model: type[Any]
    # How the record reaches its municipality (a challenge directly, the rest via a council).
    municipality_field = "council__municipality"
    target: Any

    def record(self) -> Any:
        """The record named in the URL, within this municipality, with its council."""
        found = get_object_or_404(
            self.model.objects.select_related("council__area", "council__municipality"),
            **{self.municipality_field: self.municipality},
            pk=self.kwargs["pk"],
        )
        if found.council is None:
            raise Http404(_("協議体の課題ではありません。"))
        self.council = found.council
        return found

    def load(self) -> None:
        self.target = self.record()
        self.require_write()

    def act(self) -> HttpResponse:
        messages.success(self.request, self.change(self.target, self.request.POST))
        return redirect(self.back_url(self.target))

    def refused_url(self) -> str:
        return self.back_url(self.target)

    def change(self, record: Any, data: Any) -> str:
        """Call the service; return the message saying what was done."""
        raise NotImplementedError

    def back_url(self, record: Any) -> str:
        return reverse("councils:home", args=[self.municipality.code, self.council.pk])


def form_or_refuse(form: forms.Form) -> dict[str, Any]:
    """The cleaned data, or a ValidationError carrying the form's messages."""
    if not form.is_valid():
        raise ValidationError([e for errors in form.errors.values() for e in errors])
    return form.cleaned_data


class CouncilFormView(CouncilMixin, FormPageView):
    """A page with one form that adds to the council's records (members, meetings); a refused
    form is shown again with its input and the reasons, status 400."""

    template_name = "councils/form.html"
    heading: Any = ""  # with %(council)s

    def load(self) -> None:
        self.load_council()
        self.require_write()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["heading"] = self.heading % {"council": self.council.name}
        return context


def confirm_page(request: HttpRequest, **context: Any) -> HttpResponse:
    """A second step before a change that is not easily undone: the same POST again with
    confirmed=1, or a link back. It works without a script and by keyboard. `municipality`
    keeps the staff menu on the page (with the entries the user may open)."""
    context = {**menu_flags(request.user, context["municipality"]), **context}
    return TemplateResponse(request, "councils/confirm.html", context)


def pdf_response(content: bytes, name: str) -> FileResponse:
    filename = name.replace("/", "・")
    return FileResponse(io.BytesIO(content), filename=filename, content_type="application/pdf")


def advice_context(user: Any, council: Council, kwargs: dict[str, Any]) -> dict[str, Any]:
    """The form of 助言 (a refused one kept with its input) and whether to offer it."""
    return {
        "may_advise": permissions.may_advise(user, council),
        "advice_form": kwargs.get("advice_form") or AdviceForm(),
    }


def home_context(user: Any, council: Council, kwargs: dict[str, Any]) -> dict[str, Any]:
    """For the council home: its 助言 (on it or its meetings), and for a layer-1 council the
    read marks of the messages it sent (a layer-2 council's received ones are in
    selectors.council_home)."""
    layer1 = council.area.layer == Layer.FIRST
    return {
        **advice_context(user, council, kwargs),
        "advice": selectors.advice_on(council),
        "sent_messages": selectors.messages_sent(council) if layer1 else [],
    }


def meeting_context(user: Any, meeting: Meeting, kwargs: dict[str, Any]) -> dict[str, Any]:
    """For the meeting page: the 助言 on this meeting, and the panels apps above councils add
    (extensions.register_meeting_panel: the dialogues held at it)."""
    return {
        **advice_context(user, meeting.council, kwargs),
        "advice": selectors.advice_on(meeting.council, meeting),
        "meeting_panels": extensions.meeting_panels(user, meeting),
    }
