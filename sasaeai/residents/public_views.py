"""The residents' request form (issue #26, point 2): 「行ってみたい」「手伝いたい」「相談したい」
from a place's page or the portal's home, without an account. A honeypot and a rate limit
(settings.RATE_LIMITS) keep programs out instead of a CAPTCHA, which many older people cannot
pass; what was typed is kept on any refusal."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View

from sasaeai.areas.models import Municipality
from sasaeai.areas.selectors import public_desks_of
from sasaeai.core.form_views import FormPageView
from sasaeai.resources import selectors as resource_selectors
from sasaeai.resources.models import Resource, VolunteerRole
from sasaeai.utils.forms import int_or_none

from . import services
from .constants import RequestKind
from .forms import RequestForm
from .spam import HONEYPOT


@method_decorator(login_not_required, name="dispatch")
class RequestView(FormPageView):
    template_name = "residents/public/request.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.municipality = get_object_or_404(Municipality, code=kwargs["lgcode"])
        data = request.POST if request.method == "POST" else request.GET
        self.place = None
        self.role = None
        place_pk = int_or_none(data.get("place"))
        if place_pk is not None:
            public = resource_selectors.public_resource(self.municipality, place_pk)
            if public is not None:
                self.place = Resource.objects.get(pk=public.pk)
        role_pk = int_or_none(data.get("role"))
        if self.place is not None and role_pk is not None:
            self.role = VolunteerRole.objects.filter(
                pk=role_pk, resource=self.place, is_open=True
            ).first()
        return super().dispatch(request, *args, **kwargs)

    def towns(self) -> list[tuple[int, str]]:
        return services.town_choices(self.municipality)

    def kind(self) -> str:
        """The kind asked for (the posted one, else the link's), for the consent sentence: a
        「相談したい」 is never mailed to an organiser."""
        data = self.request.POST if self.request.method == "POST" else self.request.GET
        kind = data.get("kind", "")
        return kind if kind in RequestKind.values else RequestKind.VISIT

    def make_form(self, data: Any = None, files: Any = None) -> RequestForm:
        kind = self.request.GET.get("kind")
        initial = {"kind": kind if kind in RequestKind.values else None}
        return RequestForm(data, initial=initial, towns=self.towns())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            municipality=self.municipality,
            place=self.place,
            role=self.role,
            consent_sentence=services.consent_sentence(self.municipality, self.place, self.kind()),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # A program that filled in the hidden field is told what a person would be told, so it
        # learns nothing (not even which of its values were wrong); nothing is stored or sent.
        if request.POST.get(HONEYPOT):
            return HttpResponseRedirect(self.done_url(request.POST.get("kind", "")))
        return super().post(request, *args, **kwargs)

    def done_url(self, kind: str) -> str:
        """The confirmation page: for the kind (what happens next) and the place (whose 圏域's
        coordinator to call); nothing of the person."""
        done = reverse("residents_public:request_done", args=[self.municipality.code])
        query = {"kind": kind} if kind in RequestKind.values else {}
        if self.place is not None:
            query["place"] = str(self.place.pk)
        return f"{done}?{urlencode(query)}" if query else done

    def save(self, form: RequestForm) -> HttpResponse:
        data = form.cleaned_data
        done = self.done_url(data["kind"])
        town = services.town_of(self.municipality, data["town"])
        services.request_receive(
            municipality=self.municipality,
            kind=data["kind"],
            name=data["name"],
            phone=data["phone"],
            email=data["email"],
            resource=self.place,
            volunteer_role=self.role,
            town=town,
            preferred_days=data["preferred_days"],
            preferred_times=data["preferred_times"],
            transport_needed=form.transport_needed(),
            message=data["message"],
            consented=data["consent"],
        )
        return HttpResponseRedirect(done)


@method_decorator(login_not_required, name="dispatch")
class RequestDoneView(View):
    """「申し込みを受け付けました」: what happens next for this kind of request, by when, and the
    desk to call (the place's 圏域's coordinator, else the city's) if no one calls back."""

    def get(self, request: HttpRequest, lgcode: str) -> HttpResponse:
        municipality = get_object_or_404(Municipality, code=lgcode)
        kind = request.GET.get("kind", "")
        place = None
        place_pk = int_or_none(request.GET.get("place"))
        if place_pk is not None:
            place = resource_selectors.public_resource(municipality, place_pk)
        area_ids = [p.area_id for p in place.locations if p.area_id] if place else []
        context = {
            "municipality": municipality,
            "kind": kind if kind in RequestKind.values else "",
            "kind_label": RequestKind(kind).label if kind in RequestKind.values else "",
            "days": services.reply_within_days(municipality),
            "home_url": reverse("portal:home", args=[lgcode]),
            "desks": public_desks_of(municipality, area_ids),
        }
        return render(request, "residents/public/request_done.html", context)
