"""Screens of 計画と事業 (so far: the 標準額 calculator and the national survey return)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.generic import TemplateView

from sasaeai.accounts.constants import Perm
from sasaeai.accounts.permissions import MunicipalityPermissionMixin
from sasaeai.utils.fiscal_year import current_fiscal_year, format_fiscal_year
from sasaeai.utils.forms import int_or_none
from sasaeai.utils.tabular import XLSX_TYPE, attachment_header

from . import selectors, survey
from .forms import StandardAmountForm
from .models import StandardAmountUnit
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
            values = {**initial, "programme": False}
        result = units_year = None
        if values is not None:
            found = selectors.units_for(values["fiscal_year"])
            if found is None:
                form.add_error("fiscal_year", "この年度の単価が登録されていません。")
            else:
                units, units_year = found
                try:
                    result = standard_amount(
                        kind=values["kind"], n=values["n"], areas=values["areas"],
                        programme=values["programme"], units=units,
                    )  # fmt: skip
                except ValidationError as error:
                    for field, errors in error.error_dict.items():
                        form.add_error(field, errors)
        context.update(
            form=form,
            result=result,
            units_year=units_year,
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
        current = current_fiscal_year(timezone.localdate())
        context = self.get_context_data(
            result=result,
            year=year,
            years=[(y, format_fiscal_year(y)) for y in range(current, current - 6, -1)],
            tables=survey.tables(result),
        )
        return self.render_to_response(context)
