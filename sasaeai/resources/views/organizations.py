"""Coordinator screens of 運営主体 (organisations): the list and the form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from sasaeai.accounts.permissions import MunicipalityPermissionMixin, may_edit_in

from .. import services
from ..forms import OrganizationForm
from ..models import Organization


class OrganizationListView(MunicipalityPermissionMixin, TemplateView):
    """運営主体 in 50音順 with their type, sector and number of resources."""

    template_name = "resources/organization_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["organizations"] = (
            Organization.objects.filter(municipality=self.municipality)
            .annotate(resource_count=Count("resources"))
            .prefetch_related("areas")
            .order_by("kana_key", "name")
        )
        context["can_edit"] = may_edit_in(self.request.user, self.municipality, [])
        return context


class OrganizationFormView(MunicipalityPermissionMixin, TemplateView):
    """Create or edit an organisation (reading guessed from the name when left blank)."""

    template_name = "resources/organization_form.html"

    def get_organization(self) -> Organization | None:
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(Organization, municipality=self.municipality, pk=self.kwargs["pk"])

    def check(self) -> None:
        if not may_edit_in(self.request.user, self.municipality, []):
            raise PermissionDenied(_("運営主体を編集する権限がありません。"))

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.check()
        organization = self.get_organization()
        form = OrganizationForm(instance=organization, municipality=self.municipality)
        return self.render_to_response(self.get_context_data(form=form, organization=organization))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.check()
        organization = self.get_organization()
        form = OrganizationForm(request.POST, instance=organization, municipality=self.municipality)
        if form.is_valid():
            values = {name: form.cleaned_data.get(name) for name in form.Meta.fields}
            if organization is not None and values["kana"] == organization.kana:
                values.pop("kana")  # unchanged: keep the 要確認 flag as it was
            saved = services.organization_save(
                municipality=self.municipality,
                user=request.user,
                organization=organization,
                **values,
            )
            messages.success(
                request, _("運営主体「%(name)s」を保存しました。") % {"name": saved.name}
            )
            return redirect("resources:organization_list", lgcode=self.municipality.code)
        context = self.get_context_data(form=form, organization=organization)
        return self.render_to_response(context, status=400)
