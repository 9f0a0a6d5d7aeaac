"""Screens of 計画と事業: the plan dashboard, targets and actuals, annual reports, the 標準額
calculator and the national survey return."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from sasaeai.accounts.constants import Perm
from sasaeai.accounts.permissions import MunicipalityPermissionMixin, has_perm
from sasaeai.core.form_views import ActionView
from sasaeai.utils.fiscal_year import current_fiscal_year, format_fiscal_year, recent_fiscal_years
from sasaeai.utils.forms import apply_errors, decimal_or_none, int_or_none
from sasaeai.utils.tabular import XLSX_TYPE, attachment_header

from . import dashboard, report, selectors, services, survey
from .forms import StandardAmountForm
from .models import Indicator, IndicatorValue, Plan, StandardAmountUnit
from .standard_amount import standard_amount


class StandardAmountView(MunicipalityPermissionMixin, TemplateView):
    """標準額: prefilled from the municipality's records, with the working shown."""

    template_name = "plans/standard_amount.html"
    permission = Perm.VIEW

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        stored = list(StandardAmountUnit.objects.values_list("fiscal_year", flat=True))
        current = current_fiscal_year(timezone.localdate())
        years = sorted({*stored, current}, reverse=True)
        choices = [(y, format_fiscal_year(y)) for y in years]
        initial = {**selectors.prefill(self.municipality), "fiscal_year": current}
        submitted = "areas" in self.request.GET
        form = StandardAmountForm(
            self.request.GET if submitted else None, years=choices, initial=initial
        )
        values = form.cleaned_data if submitted and form.is_valid() else None
        if not submitted:
            values = initial
        result = units_year = None
        units_missing = False
        if values is not None:
            found = selectors.units_for(values["fiscal_year"])
            if found is None:
                units_missing = True
            else:
                units, units_year = found
                try:
                    result = standard_amount(
                        kind=values["kind"], n=values["n"], areas=values["areas"],
                        programme=values["programme"], units=units,
                    )  # fmt: skip
                except ValidationError as error:
                    if form.is_bound:
                        apply_errors(form, error)
        context.update(
            form=form,
            programme_from_projects=not submitted and initial["programme"],
            projects_url=reverse("projects:board", args=[self.municipality.code]),
            result=result,
            units_year=units_year,
            units_missing=units_missing,
            asked_year=values["fiscal_year"] if values else None,
        )
        return context


class SurveyReturnView(MunicipalityPermissionMixin, TemplateView):
    """The national survey's 通いの場 tables for a closed or current 年度, and their xlsx."""

    template_name = "plans/survey_return.html"
    permission = Perm.VIEW

    def year(self) -> int:
        current = current_fiscal_year(timezone.localdate())
        year = int_or_none(self.request.GET.get("year"))
        return year if year is not None and current - 10 <= year <= current else current - 1

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        year = self.year()
        result = survey.survey_return(self.municipality, year)
        if request.GET.get("format") == "xlsx":
            response = HttpResponse(
                survey.survey_xlsx(self.municipality, result), content_type=XLSX_TYPE
            )
            name = f"通いの場_実施状況調査_{self.municipality.name}_{format_fiscal_year(year)}.xlsx"
            response["Content-Disposition"] = attachment_header(name)
            return response
        context = self.get_context_data(
            result=result,
            year=year,
            years=recent_fiscal_years(6),
            tables=survey.tables(result),
        )
        return self.render_to_response(context)


class PlanMixin(MunicipalityPermissionMixin):
    """Plans are read by everyone of the municipality and written by the municipal admin and
    the layer-1 coordinator (edit rights not limited to one area)."""

    permission = Perm.VIEW

    def can_write(self) -> bool:
        return has_perm(self.request.user, Perm.EDIT_AREA, self.municipality)

    def load_plan(self) -> Plan:
        return get_object_or_404(Plan, municipality=self.municipality, pk=self.kwargs["pk"])


class PlanListView(PlanMixin, TemplateView):
    template_name = "plans/plan_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["plans"] = Plan.objects.filter(municipality=self.municipality)
        context["can_write"] = self.can_write()
        return context


class PlanView(PlanMixin, TemplateView):
    """The dashboard: measures, indicators, targets and actuals per 年度 with their status as
    words and colour, a trend chart (SVG with its table) per indicator, and the reports."""

    template_name = "plans/plan.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        plan = self.load_plan()
        today_year = current_fiscal_year(timezone.localdate())
        context.update(
            plan=plan,
            blocks=dashboard.plan_rows(plan),
            years=[(y, format_fiscal_year(y)) for y in plan.years],
            issued=dashboard.issued_years(plan),
            closed_years=[y for y in plan.years if y < today_year],
            can_write=self.can_write(),
        )
        return context


class PlanActionView(PlanMixin, ActionView):
    """A button of the plan's page; its refusal is shown on that page."""

    plan_id: int

    def refused_url(self) -> str:
        return reverse("plans:detail", args=[self.municipality.code, self.plan_id])

    def act(self) -> HttpResponse:
        message = self.change()
        messages.success(self.request, message)
        return redirect("plans:detail", lgcode=self.municipality.code, pk=self.plan_id)

    def change(self) -> str:
        """Call the service; return the message saying what was done."""
        raise NotImplementedError


class IndicatorValueView(PlanActionView):
    """POST: a target, or a typed-in actual, of one 年度 (empty clears it)."""

    def load(self) -> None:
        self.indicator = get_object_or_404(
            Indicator.objects.select_related("measure"),
            measure__plan__municipality=self.municipality,
            pk=self.kwargs["pk"],
        )
        self.plan_id = self.indicator.measure.plan_id
        if not self.can_write():
            raise PermissionDenied

    def change(self) -> str:
        post = self.request.POST
        year = int_or_none(post.get("year"))
        kind = post.get("kind", "")
        text = post.get("value", "").strip()
        value = decimal_or_none(text)
        if year is None or kind not in (IndicatorValue.TARGET, IndicatorValue.ACTUAL):
            raise ValidationError(_("年度と目標・実績を選んでください。"))
        if text and value is None:
            raise ValidationError(_("値: 「%(text)s」は数として読み取れません。") % {"text": text})
        # A form posted without the version it was shown at cannot prove it saw the values:
        # 0 never matches (as versioning.expected_version).
        services.indicator_value_set(
            indicator=self.indicator, fiscal_year=year, kind=kind, value=value,
            expected_version=int_or_none(post.get("version")) or 0, user=self.request.user,
        )  # fmt: skip
        return _("%(name)sの%(year)sの値を保存しました。") % {
            "name": self.indicator.name,
            "year": format_fiscal_year(year),
        }


class AnnualReportIssueView(PlanActionView):
    """POST: issue a closed 年度's annual report, freezing its computed actuals."""

    def load(self) -> None:
        self.plan = self.load_plan()
        self.plan_id = self.plan.pk
        if not self.can_write():
            raise PermissionDenied

    def change(self) -> str:
        year = int_or_none(self.request.POST.get("year"))
        services.annual_report_issue(plan=self.plan, fiscal_year=year or 0, user=self.request.user)
        return _("%(year)sの年次報告を発行しました。実績の値はこの時点で確定しました。") % {
            "year": format_fiscal_year(year or 0)
        }


class AnnualReportFileView(PlanMixin, View):
    """GET: a 年度's annual report as xlsx or as an A4 PDF in 和暦."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = self.load_plan()
        year = int_or_none(kwargs["year"])
        if year not in plan.years or kwargs["format"] not in ("xlsx", "pdf"):
            raise Http404(_("計画の期間の年度と、Excel（xlsx）かPDFかを選んでください。"))
        blocks = dashboard.plan_rows(plan)
        name = f"{plan.name}_年次報告_{self.municipality.name}_{format_fiscal_year(year)}"
        if kwargs["format"] == "xlsx":
            response = HttpResponse(report.report_xlsx(plan, blocks, year), content_type=XLSX_TYPE)
            response["Content-Disposition"] = attachment_header(f"{name}.xlsx")
            return response
        response = HttpResponse(
            report.report_pdf(plan, blocks, year), content_type="application/pdf"
        )
        response["Content-Disposition"] = attachment_header(f"{name}.pdf")
        return response
