"""The municipality's registry settings screen."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from sasaeai.accounts.constants import Perm
from sasaeai.accounts.permissions import MunicipalityPermissionMixin

from .. import services
from ..forms import RegistrySettingsForm


class RegistrySettingsView(MunicipalityPermissionMixin, TemplateView):
    """The municipality's registry settings (how long a check stays valid)."""

    template_name = "resources/settings.html"
    permission = Perm.MANAGE

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = RegistrySettingsForm(instance=services.registry_settings(self.municipality))
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = RegistrySettingsForm(
            request.POST, instance=services.registry_settings(self.municipality)
        )
        if form.is_valid():
            services.with_user(form.instance, request.user).save()
            messages.success(request, _("設定を保存しました。"))
            return redirect("resources:settings", lgcode=self.municipality.code)
        return self.render_to_response(self.get_context_data(form=form), status=400)
