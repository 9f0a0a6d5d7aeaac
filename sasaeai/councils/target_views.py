"""A council's targets per 圏域 (#23): the page where its writers set, change and remove them
(a layer-2 council for its own 日常生活圏域, a layer-1 council also for the areas below it);
the analysis shows each target beside its figure."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sasaeai.areas.models import Area
from sasaeai.core.form_views import ActionView, FormPageView
from sasaeai.utils.fiscal_year import current_fiscal_year, format_fiscal_year

from . import services
from .constants import TargetIndicator
from .forms import required
from .models import AreaTarget, Council
from .targets import TARGET_UNITS, plain, targets_of
from .views import CouncilMixin

# The 年度 a target may be set for: a few back (to record what was aimed at) and the plan's
# usual span ahead.
YEARS_BACK, YEARS_AHEAD = 2, 5


def year_choices() -> list[tuple[int, str]]:
    current = current_fiscal_year(timezone.localdate())
    return [
        (year, format_fiscal_year(year))
        for year in range(current - YEARS_BACK, current + YEARS_AHEAD + 1)
    ]


class TargetForm(forms.Form):
    area = forms.ModelChoiceField(
        label=gettext_lazy("圏域"),
        queryset=Area.objects.none(),
        empty_label=gettext_lazy("（選んでください）"),
        error_messages=required(gettext_lazy("圏域を選んでください。")),
    )
    indicator = forms.ChoiceField(
        label=gettext_lazy("指標"),
        choices=TargetIndicator.choices,
        error_messages=required(gettext_lazy("指標を選んでください。")),
    )
    fiscal_year = forms.TypedChoiceField(
        label=gettext_lazy("年度"),
        coerce=int,
        choices=year_choices,
        error_messages=required(gettext_lazy("年度を選んでください。")),
    )
    value = forms.DecimalField(
        label=gettext_lazy("目標値"),
        max_digits=10,
        decimal_places=2,
        help_text=gettext_lazy("例：12（か所）、8.5（参加率の％）"),
        error_messages=required(gettext_lazy("目標値を入力してください。")),
    )

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        areas = services.target_areas(council)
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]
        # A layer-2 council has one area: it is chosen already.
        only = list(areas.values_list("pk", flat=True)[:2])
        if len(only) == 1 and "area" not in self.initial:
            self.initial["area"] = only[0]
        if "fiscal_year" not in self.initial:
            self.initial["fiscal_year"] = current_fiscal_year(timezone.localdate())


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
