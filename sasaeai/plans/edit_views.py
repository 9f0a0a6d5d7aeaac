"""Screens that write the plan (municipal admin and layer-1 coordinator), the newsletter issues
(coordinators and admins) and the national 標準額 unit amounts (the site's operators). Each save is one
service call (a transaction with history); a refused form keeps the input and names the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from sasaeai.accounts.constants import Perm
from sasaeai.accounts.permissions import MunicipalityPermissionMixin, has_perm
from sasaeai.core.form_views import FormPageView
from sasaeai.core.versioning import VERSION_FIELD, add_version_field, expected_version
from sasaeai.utils.forms import int_or_none
from sasaeai.utils.tabular import attachment_header

from . import services
from .edit_forms import IndicatorForm, MeasureForm, NewsletterForm, PlanForm, UnitForm
from .models import Indicator, Measure, NewsletterIssue, Plan, StandardAmountUnit


class RecordFormView(MunicipalityPermissionMixin, FormPageView):
    """GET the form, POST it: create (no `pk`) or edit (`pk`) one record of the municipality,
    through its service."""

    template_name = "plans/record_form.html"
    form_class: type[forms.ModelForm]
    titles: tuple[Any, Any] = ("", "")  # (adding, editing)
    record: Any
    # The version the edit form was opened at (None when adding), for the service to claim.
    expected: int | None = None

    @property
    def title(self) -> str:
        return str(self.titles[1] if "pk" in self.kwargs else self.titles[0])

    def may_write(self) -> bool:
        # Not limited to one area: the municipal admin and the layer-1 coordinator.
        return has_perm(self.request.user, Perm.EDIT_AREA, self.municipality)

    def instance(self) -> models.Model:
        raise NotImplementedError

    def write(self, data: dict[str, Any]) -> Any:
        """Call the service with the form's values; return the record written."""
        raise NotImplementedError

    def done(self, record: Any) -> HttpResponse:
        raise NotImplementedError

    def load(self) -> None:
        if not self.may_write():
            raise PermissionDenied

    # Any: a ModelForm is a BaseForm, not the forms.Form the base's hook names.
    def make_form(self, data: Any = None, files: Any = None) -> Any:
        self.record = self.instance()
        form = self.form_class(data, files, instance=self.record)
        add_version_field(form, self.record)
        return form

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(title=self.title, **kwargs)

    def save(self, form: Any) -> HttpResponse:
        self.expected = expected_version(form)
        data = {name: value for name, value in form.cleaned_data.items() if name != VERSION_FIELD}
        record = self.write(data)
        messages.success(self.request, _("保存しました。"))
        return self.done(record)


class PlanFormView(RecordFormView):
    form_class = PlanForm

    titles = (gettext_lazy("計画を登録する"), gettext_lazy("計画を編集する"))

    def instance(self) -> Plan:
        if "pk" in self.kwargs:
            return get_object_or_404(Plan, municipality=self.municipality, pk=self.kwargs["pk"])
        return Plan(municipality=self.municipality)

    def write(self, data: dict[str, Any]) -> Plan:
        if self.record.pk is None:
            return services.plan_create(
                municipality=self.municipality, user=self.request.user, **data
            )
        return services.plan_update(
            plan=self.record, expected_version=self.expected, user=self.request.user, **data
        )

    def done(self, record: Plan) -> HttpResponse:
        return redirect("plans:detail", lgcode=self.municipality.code, pk=record.pk)


class MeasureFormView(RecordFormView):
    form_class = MeasureForm

    titles = (gettext_lazy("事業を追加する"), gettext_lazy("事業を編集する"))

    def instance(self) -> Measure:
        if "pk" in self.kwargs:
            return get_object_or_404(
                Measure, plan__municipality=self.municipality, pk=self.kwargs["pk"]
            )
        plan = get_object_or_404(Plan, municipality=self.municipality, pk=self.kwargs["plan"])
        return Measure(plan=plan, order=plan.measures.count() + 1)

    def write(self, data: dict[str, Any]) -> Measure:
        return services.measure_save(
            measure=self.record, expected_version=self.expected, user=self.request.user, **data
        )

    def done(self, record: Measure) -> HttpResponse:
        return redirect("plans:detail", lgcode=self.municipality.code, pk=record.plan_id)


class IndicatorFormView(RecordFormView):
    form_class = IndicatorForm

    titles = (gettext_lazy("指標を追加する"), gettext_lazy("指標を編集する"))

    def instance(self) -> Indicator:
        if "pk" in self.kwargs:
            return get_object_or_404(
                Indicator, measure__plan__municipality=self.municipality, pk=self.kwargs["pk"]
            )
        measure = get_object_or_404(
            Measure, plan__municipality=self.municipality, pk=self.kwargs["measure"]
        )
        return Indicator(measure=measure, order=measure.indicators.count() + 1)

    def write(self, data: dict[str, Any]) -> Indicator:
        return services.indicator_save(
            indicator=self.record, expected_version=self.expected, user=self.request.user, **data
        )

    def done(self, record: Indicator) -> HttpResponse:
        return redirect("plans:detail", lgcode=self.municipality.code, pk=record.measure.plan_id)


class NewsletterListView(MunicipalityPermissionMixin, TemplateView):
    template_name = "plans/newsletters.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["issues"] = NewsletterIssue.objects.filter(municipality=self.municipality)
        context["can_add"] = self.can(Perm.COORDINATE)
        return context


class NewsletterFormView(RecordFormView):
    form_class = NewsletterForm
    titles = (gettext_lazy("広報紙の号を登録する"), gettext_lazy("広報紙の号を登録する"))

    def may_write(self) -> bool:
        return self.can(Perm.COORDINATE)

    def instance(self) -> NewsletterIssue:
        return NewsletterIssue(municipality=self.municipality)

    def write(self, data: dict[str, Any]) -> NewsletterIssue:
        return services.newsletter_issue_create(
            municipality=self.municipality, user=self.request.user, **data
        )

    def done(self, record: NewsletterIssue) -> HttpResponse:
        return redirect("plans:newsletters", lgcode=self.municipality.code)


class NewsletterFileView(MunicipalityPermissionMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FileResponse:
        issue = get_object_or_404(NewsletterIssue, municipality=self.municipality, pk=kwargs["pk"])
        if not issue.file:
            raise Http404(_("PDFはありません。"))
        response = FileResponse(issue.file.open("rb"), content_type="application/pdf")
        response["Content-Disposition"] = attachment_header(f"{issue}.pdf")
        return response


class UnitFormView(RecordFormView):
    """A 年度's unit amounts (a 年度 already stored is updated). They are the national amounts,
    shared by every municipality, so only the site's operators (superusers) enter them."""

    form_class = UnitForm
    titles = (gettext_lazy("標準額の単価を登録する"), gettext_lazy("標準額の単価を登録する"))

    def may_write(self) -> bool:
        # National amounts shared by every municipality: the site's operators only.
        return bool(getattr(self.request.user, "is_superuser", False))

    def make_form(self, data: Any = None, files: Any = None) -> Any:
        # The 年度 posted picks the row to correct, so its unique year is not refused.
        year = int_or_none(data.get("fiscal_year")) if data else None
        existing = StandardAmountUnit.objects.filter(fiscal_year=year).first() if year else None
        self.record = existing or StandardAmountUnit()
        return UnitForm(data, files, instance=self.record)

    def instance(self) -> StandardAmountUnit:
        return StandardAmountUnit()

    def write(self, data: dict[str, Any]) -> StandardAmountUnit:
        return services.standard_amount_unit_set(user=self.request.user, **data)

    def done(self, record: StandardAmountUnit) -> HttpResponse:
        return redirect("plans:standard_amount", lgcode=self.municipality.code)
