"""A resource's 担い手募集 (issue #26, point 5): post, edit, close and delete the roles it asks
residents to take on, from the resource's staff page, for whoever may edit the resource."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from sasaeai.accounts.permissions import MunicipalityPermissionMixin, may_edit_in
from sasaeai.core.form_views import ActionView, FormPageView
from sasaeai.core.versioning import VERSION_FIELD, expected_version
from sasaeai.utils.forms import int_or_none

from .. import services
from ..forms import VolunteerRoleForm
from ..models import Resource, VolunteerRole
from .resources import resource_areas


class RoleMixin(MunicipalityPermissionMixin):
    """The resource (and the role, when the address names one) within the municipality, for
    those who may edit the resource (a layer-2 coordinator only inside their 圏域)."""

    resource: Resource
    role: VolunteerRole | None = None

    def load(self) -> None:
        self.resource = get_object_or_404(
            Resource.objects.prefetch_related("service_locations__location__area"),
            municipality=self.municipality,
            pk=self.kwargs["pk"],
        )
        if not may_edit_in(self.request.user, self.municipality, resource_areas(self.resource)):
            raise PermissionDenied(_("この地域資源の担い手募集を編集する権限がありません。"))
        if "role" in self.kwargs:
            self.role = get_object_or_404(
                VolunteerRole, resource=self.resource, pk=self.kwargs["role"]
            )

    def back(self) -> HttpResponse:
        return redirect("resources:detail", lgcode=self.municipality.code, pk=self.resource.pk)


class RoleFormView(RoleMixin, FormPageView):
    """Post a new role (no role in the address) or edit one; its 削除 button posts here too."""

    template_name = "resources/role_form.html"

    def make_form(self, data: Any = None, files: Any = None) -> Any:
        return VolunteerRoleForm(data, instance=self.role)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # The 削除 button deletes without reading the form (as a contact's does).
        if "role" in self.kwargs and request.POST.get("action") == "delete":
            self.load()
            assert self.role is not None
            title = self.role.title
            # No version posted: 0 never matches, so the delete is refused as a conflict.
            opened_at = int_or_none(request.POST.get(VERSION_FIELD, "")) or 0
            try:
                services.volunteer_role_delete(
                    role=self.role, user=request.user, expected_version=opened_at
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect(request.path)
            messages.success(
                request, _("担い手募集「%(title)s」を削除しました。") % {"title": title}
            )
            return self.back()
        return super().post(request, *args, **kwargs)

    def save(self, form: VolunteerRoleForm) -> HttpResponse:
        data = form.cleaned_data
        role = services.volunteer_role_save(
            resource=self.resource,
            user=self.request.user,
            role=self.role,
            expected_version=expected_version(form),
            title=data["title"],
            when=data.get("when", ""),
            how_often=data.get("how_often", ""),
            asks=data.get("asks", ""),
            suits=data.get("suits", ""),
            is_open=bool(data.get("is_open")),
        )
        messages.success(
            self.request, _("担い手募集「%(title)s」を保存しました。") % {"title": role.title}
        )
        return self.back()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(resource=self.resource, role=self.role)
        return context


class RoleCloseView(RoleMixin, ActionView):
    """POST 「募集を締め切る」 from the resource's page: the role leaves the public pages."""

    def act(self) -> HttpResponse:
        assert self.role is not None
        opened_at = int_or_none(self.request.POST.get(VERSION_FIELD, "")) or 0
        services.volunteer_role_close(
            role=self.role, user=self.request.user, expected_version=opened_at
        )
        messages.success(
            self.request,
            _("担い手募集「%(title)s」を締め切りました。") % {"title": self.role.title},
        )
        return self.back()

    def refused_url(self) -> str:
        return reverse("resources:detail", args=[self.municipality.code, self.resource.pk])
