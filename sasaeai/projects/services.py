"""Every write of 住民参画・官民連携推進事業 projects: creation, the dated stage history, partners,
hypotheses, milestones, budget per 年度, outcome indicators and the resources a project made.
Each runs in one transaction, refuses with ValidationError({field: 日本語}) before writing, and
records who changed what in the history."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sasaeai.areas.models import Area, Municipality
from sasaeai.core.history import history_user
from sasaeai.core.versioning import claim_version
from sasaeai.councils.models import Challenge, Meeting
from sasaeai.resources.models import Organization, Resource
from sasaeai.utils.fiscal_year import format_fiscal_year
from sasaeai.utils.wareki import to_wareki

from .constants import (
    KIND_OF_SECTOR,
    MAX_AMOUNT,
    STAGE_TRANSITIONS,
    HypothesisStatus,
    Origin,
    PartnerKind,
    Stage,
    next_stages,
)
from .models import (
    Hypothesis,
    Milestone,
    OutcomeIndicator,
    Project,
    ProjectBudget,
    ProjectPartner,
    ProjectStageChange,
)

# Fiscal years a budget may name: 平成元年度 to far enough ahead for any plan.
FIRST_BUDGET_YEAR, LAST_BUDGET_YEAR = 1989, 2100


def project_histories(project: Project) -> list[Any]:
    """Who changed a project last: its own fields and stage, or a part a page form overwrites
    (a hypothesis's result, a 年度's budget, an indicator's actual)."""
    own = {"project_id": project.pk}
    return [
        project.history.all(),
        Hypothesis.history.filter(**own),
        ProjectBudget.history.filter(**own),
        OutcomeIndicator.history.filter(**own),
    ]


def claim_project(project: Project, expected_version: int | None) -> None:
    """The project page's forms that overwrite a part (results, budgets, actuals) pick that
    part when posting, so they carry the project's version: anything of these changed since
    the page was opened refuses them (EditConflictError), and taking the version tells forms
    opened before this change."""
    claim_version(
        project, expected_version, what=_("事業の記録"), histories=project_histories(project)
    )


def refuse(field: str, message: str) -> None:
    raise ValidationError({field: message})


def required(field: str, value: str, message: str) -> str:
    """The text stripped, or a refusal naming the field when it is blank."""
    if not value.strip():
        refuse(field, message)
    return value.strip()


# --- the project itself --------------------------------------------------------------------


@dataclass
class ProjectInput:
    """A project's own fields as entered on its form."""

    title: str
    origin: str
    summary: str = ""
    area: Area | None = None
    origin_challenge: Challenge | None = None
    origin_meeting: Meeting | None = None
    origin_note: str = ""


def checked(municipality: Municipality, data: ProjectInput) -> dict[str, Any]:
    """The fields to store, with the origin's link kept only for its own kind of origin."""
    title = required("title", data.title, _("事業名を入力してください。"))
    if data.area is not None and data.area.municipality_id != municipality.pk:
        refuse("area", _("この市町村の圏域を選んでください。"))
    if data.origin not in Origin.values:
        refuse("origin", _("きっかけを選んでください。"))
    challenge = data.origin_challenge if data.origin == Origin.CHALLENGE else None
    meeting = data.origin_meeting if data.origin == Origin.MEETING else None
    if data.origin == Origin.CHALLENGE and challenge is None:
        refuse("origin_challenge", _("きっかけの地域課題を選んでください。"))
    if challenge is not None and challenge.municipality_id != municipality.pk:
        refuse("origin_challenge", _("この市町村の地域課題を選んでください。"))
    if data.origin == Origin.MEETING and meeting is None:
        refuse("origin_meeting", _("きっかけの会議を選んでください。"))
    if meeting is not None and meeting.council.municipality_id != municipality.pk:
        refuse("origin_meeting", _("この市町村の会議を選んでください。"))
    if data.origin == Origin.OTHER and not data.origin_note.strip():
        refuse("origin_note", _("「その他」のときは、きっかけを書いてください。"))
    return {
        "title": title,
        "summary": data.summary.strip(),
        "area": data.area,
        "origin": data.origin,
        "origin_challenge": challenge,
        "origin_meeting": meeting,
        "origin_note": data.origin_note.strip(),
    }


@transaction.atomic
def project_create(
    *, municipality: Municipality, data: ProjectInput, started_on: datetime.date, user: Any
) -> Project:
    """A project at アイデア, its history starting on `started_on`."""
    fields = checked(municipality, data)
    with history_user(user):
        project = Project.objects.create(
            municipality=municipality, stage=Stage.IDEA, created_by=user, **fields
        )
        ProjectStageChange.objects.create(
            project=project, stage=Stage.IDEA, changed_on=started_on, changed_by=user
        )
    return project


@transaction.atomic
def project_update(
    *, project: Project, data: ProjectInput, user: Any, expected_version: int | None = None
) -> Project:
    """Change a project's title, summary, area or origin (its stage changes only by steps);
    refused with EditConflictError when saved since the form was opened at `expected_version`."""
    fields = checked(project.municipality, data)
    claim_version(project, expected_version, what=_("事業"), histories=project_histories(project))
    for name, value in fields.items():
        setattr(project, name, value)
    with history_user(user):
        project.save(update_fields=list(fields))
    return project


@transaction.atomic
def project_change_stage(
    *, project: Project, stage: str, on: datetime.date, user: Any, note: str = ""
) -> ProjectStageChange:
    """One step along アイデア → 調査・インタビュー → 企画・デザイン → 試行 → 自走 / 総合事業化,
    or 中止 before an end; dated no earlier than the last step."""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if stage not in STAGE_TRANSITIONS.get(locked.stage, frozenset()):
        refuse("stage", refusal(locked.stage, stage))
    last = locked.stage_changes.order_by("-changed_on", "-pk").first()
    if last is not None and on < last.changed_on:
        refuse(
            "changed_on",
            _("日付は前の段階「%(stage)s」の日（%(day)s）以降にしてください。")
            % {"stage": last.get_stage_display(), "day": to_wareki(last.changed_on)},
        )
    locked.stage = stage
    with history_user(user):
        locked.save(update_fields=["stage"])
        change = ProjectStageChange.objects.create(
            project=locked, stage=stage, changed_on=on, changed_by=user, note=note.strip()
        )
    project.stage = stage
    return change


def refusal(current: str, wanted: str) -> str:
    """Why a step is refused, naming the steps that are possible."""
    now = Stage(current).label
    if wanted not in Stage.values:
        return _("段階を選んでください。")
    allowed = [label for _value, label in next_stages(current)]
    if not allowed:
        return _("「%(now)s」で終わった事業の段階は変えられません。") % {"now": now}
    return _("「%(now)s」から「%(next)s」には進めません。選べるのは「%(allowed)s」です。") % {
        "now": now,
        "next": Stage(wanted).label,
        "allowed": "」「".join(allowed),
    }


# --- partners and resources ----------------------------------------------------------------


@transaction.atomic
def partner_add(
    *, project: Project, organization: Organization, user: Any, kind: str = "", role: str = ""
) -> ProjectPartner:
    """An organisation as a partner; its kind defaults from the organisation's sector."""
    if organization.municipality_id != project.municipality_id:
        refuse("organization", _("この市町村の団体を選んでください。"))
    if project.partners.filter(organization=organization).exists():
        refuse("organization", _("「%(name)s」はすでに連携先です。") % {"name": organization})
    kind = kind or KIND_OF_SECTOR.get(organization.sector, PartnerKind.OTHER)
    if kind not in PartnerKind.values:
        refuse("kind", _("立場を選んでください。"))
    with history_user(user):
        return ProjectPartner.objects.create(
            project=project, organization=organization, kind=kind, role=role.strip()
        )


@transaction.atomic
def partner_remove(*, partner: ProjectPartner, user: Any) -> None:
    """The organisation is no longer a partner (its past stays in the history)."""
    with history_user(user):
        partner.delete()


@transaction.atomic
def resource_link(*, project: Project, resource: Resource, user: Any) -> None:
    """A 地域資源 that the project created (e.g. a trial that became a 通いの場)."""
    if resource.municipality_id != project.municipality_id:
        refuse("resource", _("この市町村の地域資源を選んでください。"))
    if project.resources.filter(pk=resource.pk).exists():
        refuse("resource", _("「%(name)s」はすでにつながっています。") % {"name": resource})
    with history_user(user):
        project.resources.add(resource)


@transaction.atomic
def resource_unlink(*, project: Project, resource: Resource, user: Any) -> None:
    """Undo a link made by mistake (the resource itself stays in the registry)."""
    with history_user(user):
        project.resources.remove(resource)


# --- hypotheses, milestones, indicators ----------------------------------------------------


@transaction.atomic
def hypothesis_add(*, project: Project, statement: str, method: str, user: Any) -> Hypothesis:
    """A hypothesis and how it will be tested (検証前)."""
    statement = required("statement", statement, _("仮説を入力してください。"))
    method = required("method", method, _("確かめ方を入力してください。"))
    with history_user(user):
        return Hypothesis.objects.create(project=project, statement=statement, method=method)


@transaction.atomic
def hypothesis_record(
    *, hypothesis: Hypothesis, status: str, result: str, user: Any,
    expected_version: int | None = None,
) -> Hypothesis:  # fmt: skip
    """What testing found: 支持 or 否定 needs the result written down (claim_project)."""
    if status not in HypothesisStatus.values:
        refuse("status", _("検証の結果を選んでください。"))
    if status != HypothesisStatus.UNTESTED and not result.strip():
        refuse("result", _("支持・否定としたときは、結果を書いてください。"))
    claim_project(hypothesis.project, expected_version)
    hypothesis.status, hypothesis.result = status, result.strip()
    with history_user(user):
        hypothesis.save(update_fields=["status", "result"])
    return hypothesis


@transaction.atomic
def milestone_add(*, project: Project, title: str, due_on: datetime.date, user: Any) -> Milestone:
    """A milestone to review on its due date."""
    title = required("title", title, _("節目を入力してください。"))
    with history_user(user):
        return Milestone.objects.create(project=project, title=title, due_on=due_on)


@transaction.atomic
def milestone_done(*, milestone: Milestone, on: datetime.date, user: Any) -> Milestone:
    """Mark a milestone done on the given day."""
    if milestone.done_on is not None:
        refuse("milestone", _("「%(title)s」はすでにできています。") % {"title": milestone.title})
    milestone.done_on = on
    with history_user(user):
        milestone.save(update_fields=["done_on"])
    return milestone


@transaction.atomic
def indicator_add(
    *,
    project: Project,
    name: str,
    unit: str,
    user: Any,
    target: Decimal | None = None,
    actual: Decimal | None = None,
) -> OutcomeIndicator:
    """An outcome indicator of the project's own choosing."""
    name = required("name", name, _("指標名を入力してください。"))
    unit = required("unit", unit, _("単位を入力してください（人、回、か所など）。"))
    with history_user(user):
        return OutcomeIndicator.objects.create(
            project=project, name=name, unit=unit, target=target, actual=actual
        )


@transaction.atomic
def indicator_record(
    *, indicator: OutcomeIndicator, actual: Decimal | None, user: Any,
    expected_version: int | None = None,
) -> OutcomeIndicator:  # fmt: skip
    """The indicator's latest actual (blank clears it; claim_project)."""
    claim_project(indicator.project, expected_version)
    indicator.actual = actual
    with history_user(user):
        indicator.save(update_fields=["actual"])
    return indicator


# --- budget --------------------------------------------------------------------------------


@dataclass
class BudgetInput:
    """One 年度 of a project's money, in 千円 (an actual is None until known)."""

    fiscal_year: int
    planned: int
    subsidy_planned: int = 0
    actual: int | None = None
    subsidy_actual: int | None = None


@transaction.atomic
def budget_set(
    *, project: Project, data: BudgetInput, user: Any, expected_version: int | None = None
) -> ProjectBudget:
    """Enter or correct one 年度 of the project's budget (one row per 年度; claim_project)."""
    if not FIRST_BUDGET_YEAR <= data.fiscal_year <= LAST_BUDGET_YEAR:
        refuse("fiscal_year", _("年度を正しく入力してください。"))
    amounts = {
        "planned": data.planned,
        "actual": data.actual,
        "subsidy_planned": data.subsidy_planned,
        "subsidy_actual": data.subsidy_actual,
    }
    for name, value in amounts.items():
        if value is not None and not 0 <= value <= MAX_AMOUNT:
            refuse(
                name,
                _("金額は0以上、%(max)s千円以下の千円単位で入力してください。")
                % {"max": f"{MAX_AMOUNT:,}"},
            )
    if data.subsidy_planned > data.planned:
        refuse(
            "subsidy_planned",
            _("%(year)sの補助金の予算が事業費の予算を超えています。")
            % {"year": format_fiscal_year(data.fiscal_year)},
        )
    claim_project(project, expected_version)
    with history_user(user):
        row, _created = ProjectBudget.objects.update_or_create(
            project=project, fiscal_year=data.fiscal_year, defaults=amounts
        )
    return row
