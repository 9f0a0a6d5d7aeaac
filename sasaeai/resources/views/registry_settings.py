"""The municipality's registry settings screen."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from sasaeai.accounts.constants import Perm
from sasaeai.accounts.permissions import MunicipalityPermissionMixin
from sasaeai.core.form_views import FormPageView

from .. import services
from ..forms import RegistrySettingsForm


class RegistrySettingsView(MunicipalityPermissionMixin, FormPageView):
    """The municipality's registry settings (how long a check stays valid)."""

    template_name = "resources/settings.html"
    permission = Perm.MANAGE

    def make_form(self, data: Any = None, files: Any = None) -> Any:
        return RegistrySettingsForm(data, instance=services.registry_settings(self.municipality))

    def save(self, form: RegistrySettingsForm) -> HttpResponse:
        services.registry_settings_save(
            municipality=self.municipality,
            user=self.request.user,
            stale_after_months=form.cleaned_data["stale_after_months"],
        )
        messages.success(self.request, _("設定を保存しました。"))
        return redirect("resources:settings", lgcode=self.municipality.code)
