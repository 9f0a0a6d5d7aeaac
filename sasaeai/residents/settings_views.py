"""「住民からの申し込みの届け先」: the municipal admin chooses who receives what residents send
from the portal (「行ってみたい」「手伝いたい」「相談したい」)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from sasaeai.accounts.constants import Perm
from sasaeai.accounts.permissions import MunicipalityPermissionMixin
from sasaeai.core.form_views import FormPageView

from .settings_forms import RoutingForm
from .settings_services import resident_settings, settings_save


class ResidentSettingsView(MunicipalityPermissionMixin, FormPageView):
    """One of the municipality's settings (市町村の設定): the municipal admin alone."""

    template_name = "residents/settings.html"
    permission = Perm.MANAGE

    def make_form(self, data: Any = None, files: Any = None) -> RoutingForm:
        current = resident_settings(self.municipality)
        return RoutingForm(
            data,
            initial={"routing": current.routing, "reply_within_days": current.reply_within_days},
        )

    def save(self, form: RoutingForm) -> HttpResponse:
        settings_save(
            municipality=self.municipality,
            routing=form.cleaned_data["routing"],
            reply_within_days=form.cleaned_data["reply_within_days"],
            by=self.request.user,
        )
        messages.success(self.request, _("住民からの申し込みの設定を保存しました。"))
        return redirect("residents:settings", lgcode=self.municipality.code)
