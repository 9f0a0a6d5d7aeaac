"""Coordinator screens of 運営主体 (organisations): the list and the form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from sasaeai.accounts.permissions import (
    MunicipalityPermissionMixin,
    edit_scope,
    may_edit_ids,
    may_edit_in,
)
from sasaeai.core.form_views import FormPageView
from sasaeai.core.versioning import expected_version

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
        # Links only where OrganizationFormView.load lets the user in (no 403 behind a link).
        scope = edit_scope(self.request.user, self.municipality)
        areas = services.organization_area_map(self.municipality)
        context["editable"] = {
            org.pk for org in context["organizations"] if may_edit_ids(scope, areas.get(org.pk, ()))
        }
        return context


class OrganizationFormView(MunicipalityPermissionMixin, FormPageView):
    """Create or edit an organisation (reading guessed from the name when left blank)."""

    template_name = "resources/organization_form.html"
    organization: Organization | None = None

    def load(self) -> None:
        # 403 before 404: who may not edit learns nothing of which organisations exist.
        if not may_edit_in(self.request.user, self.municipality, []):
            raise PermissionDenied(_("運営主体を編集する権限がありません。"))
        if "pk" in self.kwargs:
            self.organization = get_object_or_404(
                Organization, municipality=self.municipality, pk=self.kwargs["pk"]
            )
            # Scoped by its areas (services.organization_area_ids): the service refuses too.
            areas = services.organization_area_ids(self.organization)
            if not may_edit_ids(edit_scope(self.request.user, self.municipality), areas):
                raise PermissionDenied(
                    _(
                        "この運営主体を編集する権限がありません（担当していない圏域の運営主体です）。"
                    )
                )

    def make_form(self, data: Any = None, files: Any = None) -> Any:
        return OrganizationForm(
            data,
            instance=self.organization,
            municipality=self.municipality,
            scope=edit_scope(self.request.user, self.municipality),
        )

    def save(self, form: OrganizationForm) -> HttpResponse:
        organization = self.organization
        values = {name: form.cleaned_data.get(name) for name in form.Meta.fields}
        if organization is not None and values["kana"] == organization.kana:
            values.pop("kana")  # unchanged: keep the 要確認 flag as it was
        saved = services.organization_save(
            municipality=self.municipality,
            user=self.request.user,
            organization=organization,
            expected_version=expected_version(form),
            **values,
        )
        messages.success(
            self.request, _("運営主体「%(name)s」を保存しました。") % {"name": saved.name}
        )
        return redirect("resources:organization_list", lgcode=self.municipality.code)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["organization"] = self.organization
        return context
