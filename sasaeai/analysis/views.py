"""Screens of 地域課題の抽出 (this part: the municipality's analysis settings)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from sasaeai.accounts.constants import Perm
from sasaeai.accounts.permissions import MunicipalityPermissionMixin

from . import services
from .forms import WEIGHT_LABELS, AnalysisSettingsForm


class AnalysisSettingsView(MunicipalityPermissionMixin, TemplateView):
    """The target, thresholds, detour factor and ranking weights (municipal admin only)."""

    template_name = "analysis/settings.html"
    permission = Perm.MANAGE

    def form(self, data: Any = None) -> AnalysisSettingsForm:
        settings = services.analysis_settings(self.municipality)
        return AnalysisSettingsForm(data, instance=settings, weights=services.weights_of(settings))

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=self.form()))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.form(request.POST)
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in form.Meta.fields}
            weights = {name: str(form.cleaned_data[f"weight_{name}"]) for name in WEIGHT_LABELS}
            try:
                services.analysis_settings_save(
                    municipality=self.municipality, values=values, weights=weights,
                    user=request.user,
                )  # fmt: skip
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("分析の設定を保存しました。"))
                return redirect("analysis:settings", lgcode=self.municipality.code)
        return self.render_to_response(self.get_context_data(form=form), status=400)
