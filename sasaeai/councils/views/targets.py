"""Targets per 日常生活圏域 a council sets (indicator, value, 年度), shown beside the figures in
the analysis."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from sasaeai.core.form_views import ActionView, FormPageView
from sasaeai.utils.fiscal_year import format_fiscal_year

from .. import services
from ..forms import TargetForm
from ..models import AreaTarget
from ..selectors import TARGET_UNITS, plain, targets_of
from .base import CouncilMixin


class TargetsView(CouncilMixin, FormPageView):
    """The council's targets, each with 「変える」 (the form filled with it) and 「削除する」,
    and the form that sets one (setting an existing area, indicator and 年度 changes it)."""

    template_name = "councils/targets.html"

    def load(self) -> None:
        self.load_council()
        self.require_write()

    def make_form(self, data: Any = None, files: Any = None) -> TargetForm:
        # A row's 「変える」 link names the target: the form opens filled with it.
        fields = ("area", "indicator", "fiscal_year", "value")
        initial = {name: self.request.GET[name] for name in fields if self.request.GET.get(name)}
        return TargetForm(data, council=self.council, initial=initial)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            heading=_("%(council)sの圏域の目標") % {"council": self.council.name},
            rows=[
                (target, plain(target.value), TARGET_UNITS.get(target.indicator, ""))
                for target in targets_of(self.council)
            ],
        )
        return context

    def save(self, form: Any) -> HttpResponse:
        target = services.target_set(
            council=self.council, user=self.request.user, **form.cleaned_data
        )
        messages.success(
            self.request,
            _("%(area)sの%(year)sの目標（%(indicator)s）を%(value)s%(unit)sにしました。")
            % {
                "area": target.area.name,
                "year": format_fiscal_year(target.fiscal_year),
                "indicator": target.get_indicator_display(),
                "value": plain(target.value),
                "unit": TARGET_UNITS.get(target.indicator, ""),
            },
        )
        return redirect("councils:targets", lgcode=self.municipality.code, pk=self.council.pk)


class TargetRemoveView(CouncilMixin, ActionView):
    """POST: remove one of the council's targets."""

    target: AreaTarget

    def load(self) -> None:
        self.load_council()
        self.require_write()
        self.target = get_object_or_404(
            AreaTarget.objects.select_related("area"),
            council=self.council,
            pk=self.kwargs["target"],
        )

    def back(self) -> str:
        return reverse("councils:targets", args=[self.municipality.code, self.council.pk])

    def act(self) -> HttpResponse:
        label = _("%(area)sの%(year)sの目標（%(indicator)s）") % {
            "area": self.target.area.name,
            "year": format_fiscal_year(self.target.fiscal_year),
            "indicator": self.target.get_indicator_display(),
        }
        services.target_remove(council=self.council, target=self.target, user=self.request.user)
        messages.success(self.request, _("%(target)sを削除しました。") % {"target": label})
        return redirect(self.back())

    def refused_url(self) -> str:
        return self.back()
