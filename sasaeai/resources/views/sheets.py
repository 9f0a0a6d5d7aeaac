"""確認票 screens: one resource's sheet as a PDF download, and a batch made by a background job."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from sasaeai.accounts.constants import Perm
from sasaeai.accounts.permissions import (
    MunicipalityPermissionMixin,
    edit_scope,
    may_edit_in,
    may_see_personal,
)
from sasaeai.areas.models import Area, Municipality
from sasaeai.core.access_log import record_personal_access
from sasaeai.core.form_views import FormPageView
from sasaeai.core.generated_files import generated_file_create
from sasaeai.utils.tabular import attachment_header

from ..constants import SHEET_BATCH_KIND
from ..exports.sheets import render_sheet_pdf, sheet_filename
from ..personal import personal_count
from ..selectors import needs_check_ids, sheet_areas, sheet_resources
from ..tasks import make_sheet_batch


class SheetView(MunicipalityPermissionMixin, View):
    """GET: one resource's 確認票 as a PDF (small enough to make inside the request)."""

    permission = Perm.VIEW

    def get(self, request: HttpRequest, lgcode: str, pk: int) -> HttpResponse:
        resources = sheet_resources(self.municipality, [pk])
        if not resources:
            raise Http404(_("地域資源が見つかりません。"))
        personal = may_see_personal(request.user, self.municipality)
        content = render_sheet_pdf(
            resources, municipality=self.municipality, today=timezone.localdate(),
            personal=personal,
        )  # fmt: skip
        if personal:
            record_personal_access(
                user=request.user, municipality=self.municipality,
                what=_("確認票「%(name)s」") % {"name": resources[0].name},
                count=personal_count(resources), file_format="pdf",
                path=request.get_full_path(),
            )  # fmt: skip
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = attachment_header(sheet_filename(resources[0]))
        return response


class SheetBatchForm(forms.Form):
    area = forms.ModelChoiceField(
        label=gettext_lazy("日常生活圏域"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=gettext_lazy("市町村全体"),
        error_messages={
            "invalid_choice": gettext_lazy("この市町村の日常生活圏域から選んでください。")
        },
    )

    def __init__(
        self,
        *args: Any,
        municipality: Municipality,
        scope: frozenset[int] | None = None,
        **kwargs: Any,
    ) -> None:
        """`scope`: the user's permissions.edit_scope. A layer-2 coordinator chooses among
        their own 圏域 (the whole municipality is for those who may edit all of it)."""
        super().__init__(*args, **kwargs)
        area_field = self.fields["area"]
        assert isinstance(area_field, forms.ModelChoiceField)
        areas = Area.objects.current().layer2().filter(municipality=municipality)
        if scope is not None:
            areas = areas.filter(pk__in=scope)
            area_field.required = True
            area_field.empty_label = None
            area_field.error_messages["invalid_choice"] = _(
                "担当している日常生活圏域から選んでください。"
            )
        area_field.queryset = areas


class SheetBatchView(MunicipalityPermissionMixin, FormPageView):
    """GET: choose an area; POST: enqueue one PDF of its 要確認 resources, then show progress.
    Making the sheets is the start of checking an area's resources, so it is for those who may
    edit there: a read-only user starts no background job (issue #20)."""

    permission = Perm.VIEW
    template_name = "resources/sheet_batch.html"

    def load(self) -> None:
        if not may_edit_in(self.request.user, self.municipality, []):
            raise PermissionDenied(_("確認票を一括で作成する権限がありません。"))

    def make_form(self, data: Any = None, files: Any = None) -> SheetBatchForm:
        return SheetBatchForm(
            data,
            municipality=self.municipality,
            scope=edit_scope(self.request.user, self.municipality),
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        scope = edit_scope(self.request.user, self.municipality)
        context["areas"] = [
            a for a in sheet_areas(self.municipality) if scope is None or a.pk in scope
        ]
        context["whole_municipality"] = scope is None
        return context

    def save(self, form: SheetBatchForm) -> HttpResponse:
        area = form.cleaned_data["area"]
        ids = needs_check_ids(self.municipality, area)
        if not ids:
            messages.info(self.request, _("要確認の地域資源はありません。"))
            return redirect("resources:sheet_batch", lgcode=self.municipality.code)
        where = area.name if area else self.municipality.name
        # Only editors get here, and every editor may see personal data: the sheets are made
        # with it by the worker (resources.tasks), so the request that asks for them is logged.
        record_personal_access(
            user=self.request.user, municipality=self.municipality,
            what=_("確認票の一括作成（%(where)s）") % {"where": where},
            count=personal_count(sheet_resources(self.municipality, ids)), file_format="pdf",
            path=self.request.get_full_path(),
        )  # fmt: skip
        generated = generated_file_create(
            municipality=self.municipality,
            user=self.request.user,
            title=_("確認票_%(where)s_要確認%(count)d件") % {"where": where, "count": len(ids)},
            kind=SHEET_BATCH_KIND,
        )
        # The worker must find the row, so enqueue only once it is committed.
        transaction.on_commit(lambda: make_sheet_batch.enqueue(generated.pk, ids))
        return redirect("core:generated_file", lgcode=self.municipality.code, pk=generated.pk)
