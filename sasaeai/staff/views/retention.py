"""「個人情報の保存期間」: the municipal admin sets the period, and sees what the nightly purge
(core.retention, job `personal_data_purge`) would clear if it ran now."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sasaeai.accounts.constants import Perm
from sasaeai.accounts.permissions import MunicipalityPermissionMixin
from sasaeai.areas import services as area_services
from sasaeai.core import retention
from sasaeai.core.form_views import FormPageView


class RetentionForm(forms.Form):
    # No min/max here: the service's refusal names the field and the range in one message.
    personal_data_retention_years = forms.IntegerField(
        label=gettext_lazy("個人情報の保存期間（年）"),
        help_text=gettext_lazy(
            "地域資源の終了、連絡先の削除、メンバーの任期終了、活動の日、取込のアップロードから"
            "この年数を過ぎた個人情報を、毎日 3:45 に記録と変更履歴から消去します（1〜100年）。"
        ),
    )


class RetentionView(MunicipalityPermissionMixin, FormPageView):
    template_name = "core/retention.html"
    permission = Perm.MANAGE

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        initial = {"personal_data_retention_years": self.municipality.personal_data_retention_years}
        return RetentionForm(data, initial=initial)

    def save(self, form: RetentionForm) -> HttpResponse:
        area_services.retention_years_save(
            municipality=self.municipality,
            years=form.cleaned_data["personal_data_retention_years"],
            user=self.request.user,
        )
        messages.success(self.request, _("個人情報の保存期間を保存しました。"))
        return redirect("core:personal_data_retention", lgcode=self.municipality.code)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # The stored period, not a refused input: the list is what the job would do tonight.
        self.municipality.refresh_from_db(fields=["personal_data_retention_years"])
        context["report"] = retention.purge(municipality=self.municipality, dry_run=True)
        context["marker"] = retention.PURGED_TEXT
        return context
