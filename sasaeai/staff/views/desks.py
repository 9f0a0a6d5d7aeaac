"""生活支援コーディネーターの連絡先 of a 圏域 (issue #26, point 1): add, change and delete the desks
the portal shows residents (the area's page, its places' pages and the print list)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from sasaeai.accounts.constants import Perm
from sasaeai.accounts.permissions import MunicipalityPermissionMixin, may_see_personal
from sasaeai.areas import services
from sasaeai.areas.models import Area, CoordinatorDesk
from sasaeai.areas.selectors import is_public_desk
from sasaeai.core.access_log import record_personal_access
from sasaeai.core.form_views import FormPageView
from sasaeai.core.versioning import VERSION_FIELD, expected_version
from sasaeai.utils.forms import int_or_none

from ..desk_forms import DeskForm


class DeskFormView(MunicipalityPermissionMixin, FormPageView):
    """Add (no `desk`) or change a desk of a current area of layer 1 or 2; the form's 削除 button
    posts to the same page.

    Who: EDIT_AREA in the desk's area (has_perm's area scoping), not MANAGE_AREAS. A desk is a
    record kept in one area like the area's resources and activities, not the shape of the areas
    (their names, towns and retirement, which MANAGE_AREAS guards); so the municipal admin and
    layer-1 coordinators keep every desk, and a layer-2 coordinator the desk of the area of their
    assignment (their own phone and hours), never another area's nor layer 1's."""

    template_name = "areas/desk_form.html"
    area: Area
    desk: CoordinatorDesk | None = None

    def load(self) -> None:
        self.area = get_object_or_404(
            Area.objects.current().select_related("parent"),
            municipality=self.municipality,
            pk=self.kwargs["pk"],
        )
        if not self.can(Perm.EDIT_AREA, self.area):
            raise PermissionDenied(_("この圏域の連絡先を編集する権限がありません。"))
        # A desk not yet public holds a person's name and phone: the editors (the admin and the
        # coordinators) may all see personal data; this keeps it so if the roles ever change.
        if not may_see_personal(self.request.user, self.municipality):
            raise PermissionDenied(_("連絡先は個人情報を含むため、編集する権限がありません。"))
        if "desk" in self.kwargs:
            self.desk = get_object_or_404(CoordinatorDesk, area=self.area, pk=self.kwargs["desk"])

    def make_form(self, data: Any = None, files: Any = None) -> DeskForm:
        return DeskForm(data, desk=self.desk)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        # The form shows a desk not (yet) public, its person's name and phone: one log row.
        if self.desk is not None and not is_public_desk(self.desk):
            record_personal_access(
                user=request.user, municipality=self.municipality,
                what=_("圏域「%(area)s」のコーディネーターの連絡先の編集") % {"area": self.area.name},
                count=1, path=request.get_full_path(),
            )  # fmt: skip
        return response

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if "desk" in self.kwargs and request.POST.get("action") == "delete":
            return self.delete(request)
        return super().post(request, *args, **kwargs)

    def delete(self, request: HttpRequest) -> HttpResponse:
        self.load()
        assert self.desk is not None
        name = self.desk.organization
        # A button posted without the version it was shown at cannot prove it saw the desk:
        # 0 never matches (as versioning.expected_version).
        opened_at = int_or_none(request.POST.get(VERSION_FIELD, "")) or 0
        try:
            services.desk_delete(desk=self.desk, user=request.user, expected_version=opened_at)
        except ValidationError as error:
            # Back to the form, now showing what was saved meanwhile, with the message.
            messages.error(request, " ".join(error.messages))
            return redirect(request.path)
        messages.success(request, _("連絡先「%(name)s」を削除しました。") % {"name": name})
        return self.back()

    def save(self, form: DeskForm) -> HttpResponse:
        desk = services.desk_save(
            area=self.area,
            desk=self.desk,
            user=self.request.user,
            expected_version=expected_version(form),
            **form.values(),
        )
        messages.success(
            self.request, _("連絡先「%(name)s」を保存しました。") % {"name": desk.organization}
        )
        return self.back()

    def back(self) -> HttpResponse:
        return redirect("areas:area_detail", lgcode=self.municipality.code, pk=self.area.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(area=self.area, desk=self.desk)
        return context
