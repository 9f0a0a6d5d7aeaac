"""「情報がちがう」 (issue #26, point 7): the resident's form under a place's page (no account),
its confirmation, and the coordinators' queue with the answer to each report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from sasaeai.accounts.permissions import edit_scope
from sasaeai.areas.models import Municipality
from sasaeai.core.form_views import FormPageView
from sasaeai.resources import selectors
from sasaeai.resources.constants import choice_labels
from sasaeai.resources.selectors import PublicResource

from . import queues, report_services
from .constants import ReportField
from .models import CorrectionReport
from .report_forms import ReportForm, ResolveForm
from .spam import HONEYPOT
from .staff_access import EditorMixin


class PublicPlaceMixin:
    """A public place of the municipality in the address (/<lgcode>/places/<pk>/…): 404 for
    any place residents may not see (resources.selectors' public rule)."""

    kwargs: dict[str, Any]
    municipality: Municipality
    place: PublicResource

    def load(self) -> None:
        self.municipality = get_object_or_404(Municipality, code=self.kwargs["lgcode"])
        place = selectors.public_resource(self.municipality, self.kwargs["pk"])
        if place is None:
            raise Http404(_("この場所は見つかりません。"))
        self.place = place

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context.update(municipality=self.municipality, place=self.place)
        return context


@method_decorator([login_not_required, never_cache], name="dispatch")
class ReportView(PublicPlaceMixin, FormPageView):
    """GET: the form; POST: the report (the address's rate limit is the middleware's,
    settings.RATE_LIMITS), then the confirmation page. A post with the honeypot filled is
    answered as sent and writes nothing."""

    template_name = "residents/public/report.html"

    def make_form(self, data: Any = None, files: Any = None) -> ReportForm:
        return ReportForm(data)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.POST.get(HONEYPOT):
            self.load()
            return self.done()
        return super().post(request, *args, **kwargs)

    def save(self, form: ReportForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            report_services.report_submit(
                municipality=self.municipality,
                resource_id=self.place.pk,
                fields=data["fields_wrong"],
                message=data["message"],
            )
        except ValidationError as error:
            # The service names the model's field; the page's box is fields_wrong.
            raise ValidationError(
                {"fields_wrong" if k == "fields" else k: v for k, v in error.message_dict.items()}
            ) from error
        return self.done()

    def done(self) -> HttpResponse:
        # Post/Redirect/Get: a reload does not send the report twice.
        return HttpResponseRedirect(
            reverse("residents_public:report_done", args=[self.municipality.code, self.place.pk])
        )


@method_decorator(login_not_required, name="dispatch")
class ReportDoneView(PublicPlaceMixin, TemplateView):
    template_name = "residents/public/report_done.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load()
        return super().get(request, *args, **kwargs)


# --- the coordinators' queue ---------------------------------------------------------------------


def resolve_form(report: CorrectionReport, data: Any = None) -> ResolveForm:
    """The answer form of one report: the same field names for every report (they post to the
    report's own address), ids of its own (the queue shows one form per report)."""
    return ResolveForm(data, auto_id=f"id_r{report.pk}_%s")


def labels_of(report: CorrectionReport) -> str:
    return "・".join(choice_labels(ReportField, report.fields))


class ReportListView(EditorMixin, TemplateView):
    """「情報がちがう」の報告: open ones first with an answer form each, then the latest
    answered; a layer-2 coordinator sees those of their 圏域 (queues.scoped)."""

    template_name = "residents/reports.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require_editor()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        scope = edit_scope(self.request.user, self.municipality)
        rows = [
            {"report": r, "labels": labels_of(r), "form": resolve_form(r)}
            for r in queues.open_reports(self.municipality, scope)
        ]
        answered = [
            {"report": r, "labels": labels_of(r)}
            for r in queues.answered_reports(self.municipality, scope)
        ]
        context.update(rows=rows, answered=answered, scoped=scope is not None)
        return context


class ReportResolveView(EditorMixin, FormPageView):
    """One report with its answer form (the queue's forms post here); a refusal shows the
    report again with what was typed."""

    template_name = "residents/report_resolve.html"
    report: CorrectionReport

    def load(self) -> None:
        self.report = get_object_or_404(
            CorrectionReport.objects.select_related("resource", "resolved_by"),
            pk=self.kwargs["pk"],
            municipality=self.municipality,
        )
        self.require_editor(self.report.resource)

    def make_form(self, data: Any = None, files: Any = None) -> ResolveForm:
        return resolve_form(self.report, data)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(report=self.report, labels=labels_of(self.report))
        return context

    def save(self, form: ResolveForm) -> HttpResponse:
        data = form.cleaned_data
        report = report_services.report_resolve(
            report=self.report,
            user=self.request.user,
            status=data["status"],
            resolution=data["resolution"],
            method=data["method"],
        )
        messages.success(
            self.request,
            _("「%(name)s」の報告を「%(status)s」として記録しました。確認の記録にも残りました。")
            % {"name": report.resource.name, "status": report.get_status_display()},
        )
        return redirect("residents:reports", lgcode=self.municipality.code)
