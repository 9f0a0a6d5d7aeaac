"""The residents' request form (issue #26, point 2): 「行ってみたい」「手伝いたい」「相談したい」
from a place's page or the portal's home, without an account. A honeypot and a rate limit
(settings.RATE_LIMITS) keep programs out instead of a CAPTCHA, which many older people cannot
pass; what was typed is kept on any refusal."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View

from sasaeai.areas.models import Municipality, Town
from sasaeai.core.form_views import FormPageView
from sasaeai.resources import selectors as resource_selectors
from sasaeai.resources.models import Resource, VolunteerRole
from sasaeai.utils.forms import int_or_none

from . import services
from .constants import RequestKind
from .forms import RequestForm

# Days within which the coordinator answers, as the confirmation page promises.
REPLY_WITHIN_DAYS = 3


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
        rows = Town.objects.filter(municipality=self.municipality).order_by("kana_key", "name")
        return list(rows.values_list("pk", "name"))

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
            consent_sentence=services.consent_sentence(self.municipality, self.place),
        )
        return context

    def save(self, form: RequestForm) -> HttpResponse:
        data = form.cleaned_data
        done = reverse("residents_public:request_done", args=[self.municipality.code])
        done = f"{done}?kind={data['kind']}"
        if form.is_spam:
            # A program filled in the hidden field: it is told what a person would be told, so
            # it learns nothing, and nothing is stored or sent.
            return HttpResponseRedirect(done)
        town = None
        if data["town"] is not None:
            town = Town.objects.filter(municipality=self.municipality, pk=data["town"]).first()
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
    def get(self, request: HttpRequest, lgcode: str) -> HttpResponse:
        municipality = get_object_or_404(Municipality, code=lgcode)
        kind = request.GET.get("kind")
        context = {
            "municipality": municipality,
            "kind_label": RequestKind(kind).label if kind in RequestKind.values else "",
            "days": REPLY_WITHIN_DAYS,
            "home_url": reverse("portal:home", args=[lgcode]),
            "title": _("受け付けました"),
        }
        return render(request, "residents/public/request_done.html", context)
