"""Screens of 地域課題の抽出: the indicators, the area × category matrix and its cells, the
priority ranking, each area's 地域カルテ (page and PDF), the xlsx export, making a gap a
地域課題, and the municipality's analysis settings."""

from __future__ import annotations

from functools import cached_property
from itertools import groupby
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from sasaeai.accounts.constants import Perm
from sasaeai.accounts.permissions import MunicipalityPermissionMixin, require_perm
from sasaeai.areas.models import Area
from sasaeai.core.form_views import ActionView, FormPageView
from sasaeai.core.generated_files import generated_file_create
from sasaeai.core.moments import MomentMixin
from sasaeai.councils.selectors import area_targets, shown_year
from sasaeai.resources.constants import SupportType
from sasaeai.resources.models import Resource
from sasaeai.utils.tabular import XLSX_TYPE, attachment_header

from . import exports, gaps, karte, report, services, tasks
from .forms import WEIGHT_LABELS, AnalysisSettingsForm, GapChallengeForm
from .matrix import CATEGORY_OF


class AnalysisSettingsView(MunicipalityPermissionMixin, FormPageView):
    """The target, thresholds, detour factor and ranking weights (municipal admin only)."""

    template_name = "analysis/settings.html"
    permission = Perm.MANAGE

    def make_form(self, data: Any = None, files: Any = None) -> Any:
        settings = services.analysis_settings(self.municipality)
        return AnalysisSettingsForm(data, instance=settings, weights=services.weights_of(settings))

    def save(self, form: AnalysisSettingsForm) -> HttpResponse:
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        weights = {name: str(form.cleaned_data[f"weight_{name}"]) for name in WEIGHT_LABELS}
        services.analysis_settings_save(
            municipality=self.municipality, values=values, weights=weights,
            user=self.request.user,
        )  # fmt: skip
        messages.success(self.request, _("分析の設定を保存しました。"))
        return redirect("analysis:settings", lgcode=self.municipality.code)


class AnalysisMixin(MomentMixin, MunicipalityPermissionMixin):
    """The moment analysed (`?on=` a past day or `?year=` a closed 年度, else today's), and
    the municipality analysed once."""

    permission = Perm.VIEW

    @cached_property
    def analysis(self) -> report.Analysis:
        return report.analyse(self.municipality, self.fiscal_year, self.day)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(analysis=self.analysis, supports=SupportType.choices)
        return context


class OverviewView(AnalysisMixin, TemplateView):
    """Indicators per area against the municipality, with the links to the other screens;
    each area's targets (set by its councils) beside its figures."""

    template_name = "analysis/overview.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = shown_year(self.fiscal_year, self.day)
        targets = area_targets(self.municipality, year)
        context["area_rows"] = [(a, targets.get(a.area_id)) for a in self.analysis.areas]
        # The whole municipality's row shows the layer-1 area's targets when that area is the
        # whole municipality (one layer-1 area; not so for a city of wards).
        layer1 = list(
            Area.objects.layer1()
            .current()
            .filter(municipality=self.municipality)
            .values_list("pk", flat=True)[:2]
        )
        context["whole_target"] = targets.get(layer1[0]) if len(layer1) == 1 else None
        return context


class MatrixView(AnalysisMixin, TemplateView):
    """The area × category heatmap and the same figures as a long table."""

    template_name = "analysis/matrix.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        analysis = self.analysis
        settings = services.analysis_settings(self.municipality)
        context.update(
            groups=[
                (group, len(list(members)))
                for group, members in groupby(analysis.categories, key=lambda c: c.group)
            ],
            medians=list(analysis.median_of.items()),
            short_below=settings.short_below,
            rich_above=settings.rich_above,
            long_rows=[
                (area, category, cell)
                for area in analysis.areas
                for category, cell in zip(analysis.categories, area.cells, strict=True)
            ],
        )
        return context


class RankingView(AnalysisMixin, TemplateView):
    template_name = "analysis/ranking.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        settings = services.analysis_settings(self.municipality)
        context["weights"] = [
            (WEIGHT_LABELS[name], value) for name, value in services.weights_of(settings).items()
        ]
        context["rows"] = [
            (position, ranked, self.analysis.area(ranked.area_id))
            for position, ranked in enumerate(self.analysis.ranking, start=1)
        ]
        return context


class AreaReportMixin(AnalysisMixin):
    """One area's part of the analysis (404 for another municipality's area)."""

    @cached_property
    def area(self) -> Area:
        return get_object_or_404(
            Area.objects.layer2(), municipality=self.municipality, pk=self.kwargs["area"]
        )

    @cached_property
    def area_report(self) -> report.AreaReport:
        found = self.analysis.area(self.area.pk)
        if found is None:
            raise Http404(_("この圏域の分析はありません。"))
        return found

    def can_raise(self) -> bool:
        return self.can(Perm.EDIT_AREA, self.area)


class CellView(AreaReportMixin, TemplateView):
    """The resources behind one matrix cell, and the form that makes the gap a 地域課題."""

    template_name = "analysis/cell.html"

    @cached_property
    def category(self) -> str:
        if self.kwargs["category"] not in CATEGORY_OF:
            raise Http404(_("分類が見つかりません。"))
        return str(self.kwargs["category"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        area = self.area_report
        ids = area.indicators.members.get(self.category, ())
        context.update(
            area=area,
            cell=next(c for c in area.cells if c.category == self.category),
            category=CATEGORY_OF[self.category],
            resources=Resource.objects.filter(pk__in=ids, municipality=self.municipality)
            .select_related("organization")
            .order_by("kana_key", "name"),
            can_raise=self.can_raise(),
        )
        context.setdefault(
            "form",
            GapChallengeForm(initial={"title": gaps.suggested_title(area, self.category)}),
        )
        return context


class KarteView(AreaReportMixin, TemplateView):
    """地域カルテ: one area's figures, charts with their tables, the coverage map and its
    open 地域課題."""

    template_name = "analysis/karte.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(karte.karte_context(self.analysis, self.area_report))
        context["can_raise"] = self.can_raise()
        context["can_make_pdf"] = self.can(Perm.COORDINATE)
        context.setdefault(
            "form",
            GapChallengeForm(initial={"title": gaps.suggested_title(self.area_report, None)}),
        )
        return context


class GapChallengeView(AreaReportMixin, FormPageView):
    """POST: make the gap (a cell, or the whole カルテ) a 地域課題 with its evidence; a refusal
    is shown on the cell's or the カルテ's page (400), the form kept."""

    @cached_property
    def category(self) -> str | None:
        return self.request.POST.get("category") or None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # POST only, and 405 before the permission check (as this URL has always answered).
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return super().dispatch(request, *args, **kwargs)

    def load(self) -> None:
        require_perm(self.request.user, Perm.EDIT_AREA, self.municipality, self.area)
        if self.category is not None and self.category not in CATEGORY_OF:
            raise Http404(_("分類が見つかりません。"))

    def make_form(self, data: Any = None, files: Any = None) -> GapChallengeForm:
        return GapChallengeForm(data)

    def save(self, form: GapChallengeForm) -> HttpResponse:
        # The service names fields the form does not have (area, category): the base puts
        # those above the form.
        challenge = gaps.gap_challenge_create(
            municipality=self.municipality,
            area=self.area,
            category=self.category,
            fiscal_year=self.fiscal_year,
            day=self.day,
            title=form.cleaned_data["title"],
            description=form.cleaned_data["description"],
            user=self.request.user,
        )
        where = (
            challenge.council.name
            if challenge.council
            else _("この圏域にはまだ協議体がないため、地域カルテに載せました")
        )
        messages.success(
            self.request,
            _("地域課題「%(title)s」を登録しました（%(where)s）。根拠%(n)d件をつけました。")
            % {"title": challenge.title, "where": where, "n": challenge.evidence.count()},
        )
        if challenge.council:
            return redirect("councils:home", lgcode=self.municipality.code, pk=challenge.council.pk)
        return redirect(
            reverse("analysis:karte", args=[self.municipality.code, self.area.pk])
            + self.year_query()
        )

    # why: this view has no page of its own; a refusal is the cell's or the カルテ's page,
    # which builds its own context, so the base's context and response are handed over to it.
    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return kwargs

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        view = CellView if self.category else KarteView
        page = view(
            request=self.request,
            args=self.args,
            kwargs={**self.kwargs, "category": self.category},
        )
        page.municipality = self.municipality
        return page.render_to_response(page.get_context_data(form=context["form"]), **kwargs)


class KartePdfView(AreaReportMixin, ActionView):
    """POST: make the カルテ's A4 PDF in the background and show the file's status page. A
    background job costs the server minutes of work, so only the staff who run the work start
    one (Perm.COORDINATE: the municipal admin and the coordinators); viewers, council members
    and advisers read the カルテ on its page (issue #20)."""

    def load(self) -> None:
        require_perm(self.request.user, Perm.COORDINATE, self.municipality)

    def act(self) -> HttpResponse:
        generated = generated_file_create(
            municipality=self.municipality,
            user=self.request.user,
            title=_("地域カルテ_%(area)s_%(when)s")
            % {"area": self.area.name, "when": self.when_slug()},
            kind=tasks.KARTE_KIND,
        )  # fmt: skip
        transaction.on_commit(
            lambda: tasks.make_karte.enqueue(
                generated.pk,
                self.area.pk,
                self.fiscal_year,
                self.day.isoformat() if self.day else None,
            )
        )
        return redirect("core:generated_file", lgcode=self.municipality.code, pk=generated.pk)


class ExportView(AnalysisMixin, View):
    """The indicators (per area and per town), the matrix and the ranking as one xlsx."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        content = exports.analysis_xlsx(self.analysis)
        name = f"地域課題の抽出_{self.municipality.name}_{self.when_slug()}.xlsx"
        response = HttpResponse(content, content_type=XLSX_TYPE)
        response["Content-Disposition"] = attachment_header(name)
        return response
