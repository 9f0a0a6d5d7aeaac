"""Project screens: the board by stage, a project's page with a form for each part, and the
create and edit pages. Reading needs Perm.VIEW; writing needs Perm.EDIT_AREA in the project's
area (a project of the whole city is written by roles not limited to one 日常生活圏域). Every
change is a POST through services; a refused change shows the page again with the form,
its input and the reason, and status 400."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from sasaeai.accounts.constants import Perm
from sasaeai.accounts.permissions import MunicipalityPermissionMixin, has_perm, may_edit_in
from sasaeai.core.form_views import ActionView, FormPageView, PostedFormMixin
from sasaeai.core.versioning import VERSION_FIELD, add_version_field, expected_version
from sasaeai.utils.fiscal_year import format_fiscal_year

from . import forms as pf
from . import services
from .constants import ENDS, next_stages
from .models import Project, ProjectBudget
from .selectors import board_columns, budget_totals


class ProjectBoardView(MunicipalityPermissionMixin, TemplateView):
    """The projects as a board: one list per stage, each card with area, next milestone and
    partners, and the money of all projects per 年度."""

    template_name = "projects/board.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        projects = Project.objects.filter(municipality=self.municipality).for_board()
        years, total = budget_totals(
            ProjectBudget.objects.filter(project__municipality=self.municipality)
        )
        columns = board_columns(projects)
        context.update(
            columns=columns,
            # Projects under way first, then those that ended (自走, 総合事業化, 中止).
            open_columns=[c for c in columns if c.stage not in ENDS],
            ended_columns=[c for c in columns if c.stage in ENDS],
            budget_years=years,
            budget_total=total,
            can_create=may_edit_in(self.request.user, self.municipality, []),
        )
        return context


class ProjectFormView(MunicipalityPermissionMixin, FormPageView):
    """The page of the project's own fields (create, or edit)."""

    template_name = "projects/form.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["project"] = getattr(self, "project", None)
        return context

    def project_input(self, data: dict[str, Any]) -> services.ProjectInput:
        keys = ("title", "summary", "area", "origin", "origin_challenge", "origin_meeting")
        return services.ProjectInput(
            **{key: data[key] for key in keys}, origin_note=data["origin_note"]
        )


class ProjectCreateView(ProjectFormView):
    """Register a project; a layer-2 coordinator may register one in their own area."""

    def load(self) -> None:
        if not may_edit_in(self.request.user, self.municipality, []):
            raise PermissionDenied(_("事業を登録する権限がありません。"))

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return pf.ProjectCreateForm(data, municipality=self.municipality)

    def save(self, form: Any) -> HttpResponse:
        data = form.cleaned_data
        if not self.can(Perm.EDIT_AREA, data["area"]):
            raise PermissionDenied(_("この圏域の事業を登録する権限がありません。"))
        project = services.project_create(
            municipality=self.municipality, data=self.project_input(data),
            started_on=data["started_on"], user=self.request.user,
        )  # fmt: skip
        messages.success(self.request, _("事業「%(title)s」を登録しました。") % {"title": project})
        return redirect("projects:detail", self.municipality.code, project.pk)


class ProjectMixin(MunicipalityPermissionMixin):
    """Loads the project named in the URL (404 for another municipality's) with every part."""

    project: Project

    def load_project(self) -> Project:
        try:
            self.project = Project.objects.for_page().get(
                municipality=self.municipality, pk=self.kwargs["pk"]
            )
        except Project.DoesNotExist as error:
            raise Http404(_("事業が見つかりません。")) from error
        return self.project

    def can_write(self) -> bool:
        return has_perm(self.request.user, Perm.EDIT_AREA, self.municipality, self.project.area)

    def require_write(self) -> None:
        if not self.can_write():
            raise PermissionDenied(_("この事業の記録を書き込む権限がありません。"))

    def load(self) -> None:
        """For the views that change the project: it, and the right to write it."""
        self.load_project()
        self.require_write()


class ProjectEditView(ProjectMixin, ProjectFormView):
    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        project = self.project
        initial = {
            "title": project.title,
            "summary": project.summary,
            "area": project.area_id,
            "origin": project.origin,
            "origin_challenge": project.origin_challenge_id,
            "origin_meeting": project.origin_meeting_id,
            "origin_note": project.origin_note,
        }
        form = pf.ProjectForm(data, initial=initial, municipality=self.municipality)
        add_version_field(form, project)
        return form

    def save(self, form: Any) -> HttpResponse:
        data = form.cleaned_data
        if not self.can(Perm.EDIT_AREA, data["area"]):
            raise PermissionDenied(_("この圏域の事業にする権限がありません。"))
        services.project_update(
            project=self.project, data=self.project_input(data),
            expected_version=expected_version(form), user=self.request.user,
        )  # fmt: skip
        messages.success(self.request, _("事業の内容を保存しました。"))
        return redirect("projects:detail", self.municipality.code, self.project.pk)


def guarded(form: forms.Form, view: Any) -> forms.Form:
    """A page form that overwrites a part it picks on posting carries the project's version
    (services.claim_project)."""
    add_version_field(form, view.project)
    return form


# The project page's forms: context name → how to make it unbound.
PAGE_FORMS = {
    "stage_form": lambda view: pf.StageForm(),
    "partner_form": lambda view: pf.PartnerForm(municipality=view.municipality),
    "resource_form": lambda view: pf.ResourceLinkForm(municipality=view.municipality),
    "hypothesis_form": lambda view: pf.HypothesisForm(),
    "result_form": lambda view: guarded(pf.HypothesisResultForm(project=view.project), view),
    "milestone_form": lambda view: pf.MilestoneForm(),
    "done_form": lambda view: pf.MilestoneDoneForm(project=view.project),
    "budget_form": lambda view: guarded(pf.BudgetForm(), view),
    "indicator_form": lambda view: pf.IndicatorForm(),
    "actual_form": lambda view: guarded(pf.IndicatorActualForm(project=view.project), view),
}


class ProjectDetailView(ProjectMixin, TemplateView):
    """Everything about one project, with a form for each part to those who may write."""

    template_name = "projects/detail.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load_project()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        project = self.project
        can_write = self.can_write()
        if can_write:
            for name, make in PAGE_FORMS.items():
                context.setdefault(name, make(self))
        years, total = budget_totals(list(project.budgets.all()))
        context.update(
            project=project,
            can_write=can_write,
            next_stages=next_stages(project.stage),
            ended=project.stage in ENDS,
            budget_years=years,
            budget_total=total,
            budgets=project.budgets.all(),
            today=timezone.localdate(),
        )
        return context


class ProjectPartView(PostedFormMixin, ProjectDetailView, FormPageView):
    """A POST that changes one part of the project; on refusal, the project page again with
    the form (as `form_name`) and its input, and status 400 (the service wrote nothing)."""

    # The version a guarded form (services.claim_project) was shown at; None for the others.
    expected: int | None = None

    def save(self, form: Any) -> HttpResponse:
        self.expected = expected_version(form)
        form.cleaned_data.pop(VERSION_FIELD, None)
        return super().save(form)

    def success_url(self) -> str:
        return reverse("projects:detail", args=[self.municipality.code, self.project.pk])


class ProjectButtonView(ProjectMixin, ActionView):
    """A small button form (remove, unlink): it has no place of its own to show errors, so a
    refusal is a message on the project's page."""

    def make_form(self, data: Any) -> forms.Form:
        raise NotImplementedError

    def change(self, data: dict[str, Any]) -> str:
        raise NotImplementedError

    def act(self) -> HttpResponse:
        form = self.make_form(self.request.POST)
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        messages.success(self.request, self.change(form.cleaned_data))
        return redirect(self.page_url())

    def page_url(self) -> str:
        return reverse("projects:detail", args=[self.municipality.code, self.project.pk])

    def refused_url(self) -> str:
        return self.page_url()


class StageChangeView(ProjectPartView):
    form_name = "stage_form"

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return pf.StageForm(data)

    def change(self, data: dict[str, Any]) -> str:
        change = services.project_change_stage(
            project=self.project, stage=data["stage"], on=data["changed_on"],
            note=data["note"], user=self.request.user,
        )  # fmt: skip
        return _("段階を「%(stage)s」にしました。") % {"stage": change.get_stage_display()}


class PartnerAddView(ProjectPartView):
    form_name = "partner_form"

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return pf.PartnerForm(data, municipality=self.municipality)

    def change(self, data: dict[str, Any]) -> str:
        partner = services.partner_add(project=self.project, user=self.request.user, **data)
        return _("「%(name)s」を連携先に加えました。") % {"name": partner.organization}


class PartnerRemoveView(ProjectButtonView):
    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return pf.PartnerRemoveForm(data, project=self.project)

    def change(self, data: dict[str, Any]) -> str:
        partner = data["partner"]
        services.partner_remove(partner=partner, user=self.request.user)
        return _("「%(name)s」を連携先から外しました。") % {"name": partner.organization}


class ResourceLinkView(ProjectPartView):
    form_name = "resource_form"

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return pf.ResourceLinkForm(data, municipality=self.municipality)

    def change(self, data: dict[str, Any]) -> str:
        services.resource_link(
            project=self.project, resource=data["resource"], user=self.request.user
        )
        return _("「%(name)s」をこの事業から生まれた地域資源にしました。") % {
            "name": data["resource"]
        }


class ResourceUnlinkView(ProjectButtonView):
    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return pf.ResourceUnlinkForm(data, project=self.project)

    def change(self, data: dict[str, Any]) -> str:
        services.resource_unlink(
            project=self.project, resource=data["resource"], user=self.request.user
        )
        return _("「%(name)s」とのつながりを外しました。") % {"name": data["resource"]}


class HypothesisAddView(ProjectPartView):
    form_name = "hypothesis_form"

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return pf.HypothesisForm(data)

    def change(self, data: dict[str, Any]) -> str:
        services.hypothesis_add(project=self.project, user=self.request.user, **data)
        return _("仮説を登録しました。")


class HypothesisResultView(ProjectPartView):
    form_name = "result_form"

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return guarded(pf.HypothesisResultForm(data, project=self.project), self)

    def change(self, data: dict[str, Any]) -> str:
        hypothesis = services.hypothesis_record(
            expected_version=self.expected, user=self.request.user, **data
        )
        return _("仮説の検証の結果を「%(status)s」にしました。") % {
            "status": hypothesis.get_status_display()
        }


class MilestoneAddView(ProjectPartView):
    form_name = "milestone_form"

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return pf.MilestoneForm(data)

    def change(self, data: dict[str, Any]) -> str:
        milestone = services.milestone_add(project=self.project, user=self.request.user, **data)
        return _("節目「%(title)s」を登録しました。") % {"title": milestone.title}


class MilestoneDoneView(ProjectPartView):
    form_name = "done_form"

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return pf.MilestoneDoneForm(data, project=self.project)

    def change(self, data: dict[str, Any]) -> str:
        milestone = services.milestone_done(
            milestone=data["milestone"], on=data["done_on"], user=self.request.user
        )
        return _("節目「%(title)s」をできたことにしました。") % {"title": milestone.title}


class BudgetSetView(ProjectPartView):
    form_name = "budget_form"

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return guarded(pf.BudgetForm(data), self)

    def change(self, data: dict[str, Any]) -> str:
        row = services.budget_set(
            project=self.project, data=services.BudgetInput(**data),
            expected_version=self.expected, user=self.request.user,
        )  # fmt: skip
        return _("%(year)sの予算を保存しました。") % {"year": format_fiscal_year(row.fiscal_year)}


class IndicatorAddView(ProjectPartView):
    form_name = "indicator_form"

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return pf.IndicatorForm(data)

    def change(self, data: dict[str, Any]) -> str:
        indicator = services.indicator_add(project=self.project, user=self.request.user, **data)
        return _("指標「%(name)s」を登録しました。") % {"name": indicator.name}


class IndicatorActualView(ProjectPartView):
    form_name = "actual_form"

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return guarded(pf.IndicatorActualForm(data, project=self.project), self)

    def change(self, data: dict[str, Any]) -> str:
        indicator = services.indicator_record(
            indicator=data["indicator"], actual=data["actual"],
            expected_version=self.expected, user=self.request.user,
        )  # fmt: skip
        return _("指標「%(name)s」の実績を保存しました。") % {"name": indicator.name}
