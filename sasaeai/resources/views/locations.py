"""Coordinator screens of venues (会場): the list, the fix-up list and the form with a map."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from sasaeai.accounts.constants import Perm
from sasaeai.accounts.permissions import (
    MunicipalityPermissionMixin,
    edit_scope,
    may_edit_in,
    may_see_personal,
)
from sasaeai.areas.models import Town
from sasaeai.core.access_log import record_personal_access
from sasaeai.core.form_views import FormPageView, on_this_site
from sasaeai.core.versioning import expected_version

from .. import services
from ..forms import LocationForm
from ..models import Location
from ..personal import is_private_address, venue_for


class LocationFormView(MunicipalityPermissionMixin, FormPageView):
    """Create or edit a venue, with a map pin picker that also works without tiles."""

    template_name = "resources/location_form.html"
    permission = Perm.VIEW
    location: Location | None = None

    def load(self) -> None:
        if "pk" in self.kwargs:
            self.location = get_object_or_404(
                Location, municipality=self.municipality, pk=self.kwargs["pk"]
            )
        self.check(self.location)

    def check(self, location: Location | None) -> None:
        areas = [location.area] if location is not None and location.area else []
        if not may_edit_in(self.request.user, self.municipality, areas):
            raise PermissionDenied(_("この会場を編集する権限がありません。"))

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        # The form shows a private home's address and position: one access-log row.
        if self.location is not None and is_private_address(self.location):
            record_personal_access(
                user=request.user, municipality=self.municipality,
                what=_("会場「%(name)s」の編集") % {"name": self.location.name},
                count=1, path=request.get_full_path(),
            )  # fmt: skip
        return response

    def make_form(self, data: Any = None, files: Any = None) -> Any:
        return LocationForm(
            data,
            instance=self.location,
            municipality=self.municipality,
            scope=edit_scope(self.request.user, self.municipality),
        )

    def save(self, form: LocationForm) -> HttpResponse:
        values = {name: form.cleaned_data.get(name) for name in form.Meta.fields}
        saved = services.location_save(
            municipality=self.municipality,
            user=self.request.user,
            location=self.location,
            expected_version=expected_version(form),
            **values,
        )
        if saved.needs_position:
            messages.warning(
                self.request,
                _("「%(name)s」は位置が未確定です。地図か町丁目で場所を指定してください。")
                % {"name": saved.name},
            )
        else:
            messages.success(
                self.request, _("会場「%(name)s」を保存しました。") % {"name": saved.name}
            )
        venues = reverse("resources:location_list", args=[self.municipality.code])
        return redirect(on_this_site(self.request, self.request.POST.get("next", ""), venues))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        towns = Town.objects.filter(municipality=self.municipality, latitude__isnull=False)
        context.update(
            map_tile_url=settings.MAP_TILE_URL,
            map_attribution=settings.MAP_ATTRIBUTION,
            map_centre=(self.municipality.latitude or 35.68, self.municipality.longitude or 139.76),
            town_points=[{"name": t.name, "lat": t.latitude, "lng": t.longitude} for t in towns],
            location=self.location,
            next=self.request.GET.get("next", ""),
        )
        return context


class LocationListView(MunicipalityPermissionMixin, TemplateView):
    """Venues in 50音順; `?position=1` gives the fix-up list of venues without a position."""

    template_name = "resources/location_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        locations = Location.objects.filter(municipality=self.municipality).select_related(
            "town", "area"
        )
        if self.request.GET.get("position") == "1":
            locations = locations.filter(latitude__isnull=True)
        # A private home's address and position only for those who may see personal data
        # (resources.personal); each list that showed one goes to the access log.
        personal = may_see_personal(self.request.user, self.municipality)
        shown = list(locations.order_by("kana_key", "name"))
        if personal:
            record_personal_access(
                user=self.request.user, municipality=self.municipality,
                what=_("会場の一覧"), count=sum(1 for v in shown if is_private_address(v)),
                path=self.request.get_full_path(),
            )  # fmt: skip
        context["locations"] = [venue_for(v, personal) for v in shown]
        context["see_personal"] = personal
        context["fixup"] = self.request.GET.get("position") == "1"
        # Links only where LocationFormView.check lets the user in (no 403 behind a link).
        user = self.request.user
        context["can_create"] = may_edit_in(user, self.municipality, [])
        context["editable"] = editable_locations(user, self.municipality, context["locations"])
        return context


def editable_locations(user: Any, municipality: Any, locations: Any) -> set[int]:
    """Ids of the venues the user may edit: the rule of LocationFormView.check."""
    return {
        location.pk
        for location in locations
        if may_edit_in(user, municipality, [location.area] if location.area else [])
    }
