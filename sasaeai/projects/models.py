"""官民連携 projects (住民参画・官民連携推進事業 and similar): the project, its dated stage history,
partners, hypotheses, milestones, budget per 年度 and outcome indicators.

These models began in the plans app and moved here without moving their data: every table,
history table and many-to-many table keeps its plans_ name (migration 0001 only moves state)."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sasaeai.core.versioning import VersionedModel

from .constants import HypothesisStatus, Origin, PartnerKind, Stage


class PlansNamedHistory(HistoricalRecords):
    """HistoricalRecords whose many-to-many history tables keep their plans_ names too:
    simple-history names only the main history table (table_name), so this names the rest,
    by the many-to-many table they record."""

    def __init__(self, *args: Any, m2m_table_names: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.m2m_table_names = m2m_table_names

    def get_meta_options_m2m(self, through_model: Any) -> dict[str, Any]:
        options: dict[str, Any] = super().get_meta_options_m2m(through_model)
        options["db_table"] = self.m2m_table_names[through_model._meta.db_table]
        return options


class ProjectQuerySet(models.QuerySet):
    def for_board(self) -> "ProjectQuerySet":
        """With what a board card shows: area, partners, and the open milestones by due date."""
        return self.select_related("area").prefetch_related(
            models.Prefetch(
                "partners", queryset=ProjectPartner.objects.select_related("organization")
            ),
            models.Prefetch(
                "milestones",
                queryset=Milestone.objects.filter(done_on__isnull=True).order_by("due_on", "pk"),
                to_attr="open_milestones",
            ),
        )

    def for_page(self) -> "ProjectQuerySet":
        """With every part the project page shows."""
        from sasaeai.resources.models import Resource

        return self.select_related(
            "area", "origin_challenge", "origin_meeting__council", "created_by"
        ).prefetch_related(
            models.Prefetch(
                "partners", queryset=ProjectPartner.objects.select_related("organization")
            ),
            models.Prefetch(
                "stage_changes", queryset=ProjectStageChange.objects.select_related("changed_by")
            ),
            "hypotheses",
            "milestones",
            "budgets",
            "outcome_indicators",
            models.Prefetch("resources", queryset=Resource.objects.order_by("kana_key", "pk")),
        )


class Project(VersionedModel):
    """住民参画・官民連携推進事業 (or a similar project): from an idea to 自走 or 総合事業化."""

    municipality = models.ForeignKey(
        "areas.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name=_("市町村")
    )
    title = models.CharField(_("事業名"), max_length=200)
    summary = models.TextField(_("概要"), blank=True)
    origin = models.CharField(_("きっかけ"), max_length=16, choices=Origin.choices)
    origin_challenge = models.ForeignKey(
        "councils.Challenge", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="projects", verbose_name=_("きっかけの地域課題"),
    )  # fmt: skip
    origin_meeting = models.ForeignKey(
        "councils.Meeting", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="projects", verbose_name=_("きっかけの会議"),
    )  # fmt: skip
    origin_note = models.CharField(_("きっかけの補足"), max_length=200, blank=True)
    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, null=True, blank=True,
        related_name="projects", verbose_name=_("圏域"),
    )  # fmt: skip
    stage = models.CharField(_("段階"), max_length=16, choices=Stage.choices, default=Stage.IDEA)
    resources = models.ManyToManyField(
        "resources.Resource", blank=True, related_name="projects",
        verbose_name=_("生まれた地域資源"), db_table="plans_project_resources",
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    history = PlansNamedHistory(
        table_name="plans_historicalproject",
        m2m_fields=[resources],
        m2m_table_names={"plans_project_resources": "plans_historicalproject_resources"},
        excluded_fields=["version"],
    )

    objects = ProjectQuerySet.as_manager()

    class Meta:
        db_table = "plans_project"
        verbose_name = _("官民連携の事業")
        verbose_name_plural = _("官民連携の事業")
        ordering = ["title", "pk"]
        indexes = [models.Index(fields=["municipality", "stage"])]

    def __str__(self) -> str:
        return self.title


class ProjectStageChange(models.Model):
    """One dated step of a project's stage history: which stage, on which day, who, why."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stage_changes")
    stage = models.CharField(_("段階"), max_length=16, choices=Stage.choices)
    changed_on = models.DateField(_("日付"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("記録した人"),
    )  # fmt: skip
    note = models.TextField(_("経過・理由"), blank=True)
    history = HistoricalRecords(table_name="plans_historicalprojectstagechange")

    class Meta:
        db_table = "plans_projectstagechange"
        verbose_name = _("事業の段階の変化")
        verbose_name_plural = _("事業の段階の変化")
        ordering = ["project", "changed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.project}: {self.get_stage_display()}"


class ProjectPartner(models.Model):
    """An organisation taking part in a project, what kind of partner it is and its role."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partners")
    organization = models.ForeignKey(
        "resources.Organization", on_delete=models.PROTECT, related_name="project_roles",
        verbose_name=_("団体"),
    )  # fmt: skip
    kind = models.CharField(_("立場"), max_length=16, choices=PartnerKind.choices)
    role = models.CharField(_("役割"), max_length=200, blank=True)
    history = HistoricalRecords(table_name="plans_historicalprojectpartner")

    class Meta:
        db_table = "plans_projectpartner"
        verbose_name = _("事業の連携先")
        verbose_name_plural = _("事業の連携先")
        ordering = ["project", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organization"],
                name="project_partner_unique",
                violation_error_message=_("この団体はすでに連携先です。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.organization}"


class Hypothesis(models.Model):
    """A hypothesis of the project and how it is tested (方法, 結果, 検証前/支持/否定)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="hypotheses")
    statement = models.TextField(_("仮説"))
    method = models.TextField(_("確かめ方"))
    result = models.TextField(_("結果"), blank=True)
    status = models.CharField(
        _("検証の結果"), max_length=16, choices=HypothesisStatus.choices,
        default=HypothesisStatus.UNTESTED,
    )  # fmt: skip
    history = HistoricalRecords(table_name="plans_historicalhypothesis")

    class Meta:
        db_table = "plans_hypothesis"
        verbose_name = _("仮説")
        verbose_name_plural = _("仮説")
        ordering = ["project", "pk"]

    def __str__(self) -> str:
        return self.statement[:40]


class Milestone(models.Model):
    """A milestone with its due date (見直しの日) and the day it was done."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("節目"), max_length=200)
    due_on = models.DateField(_("予定日"))
    done_on = models.DateField(_("できた日"), null=True, blank=True)
    history = HistoricalRecords(table_name="plans_historicalmilestone")

    class Meta:
        db_table = "plans_milestone"
        verbose_name = _("節目")
        verbose_name_plural = _("節目")
        ordering = ["project", "due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class ProjectBudget(models.Model):
    """A project's money of one 年度 in 千円: 事業費 and 補助金, planned and actual."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budgets")
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    planned = models.PositiveIntegerField(_("事業費・予算（千円）"), default=0)
    actual = models.PositiveIntegerField(_("事業費・実績（千円）"), null=True, blank=True)
    subsidy_planned = models.PositiveIntegerField(_("うち補助金・予算（千円）"), default=0)
    subsidy_actual = models.PositiveIntegerField(
        _("うち補助金・実績（千円）"), null=True, blank=True
    )
    history = HistoricalRecords(table_name="plans_historicalprojectbudget")

    class Meta:
        db_table = "plans_projectbudget"
        verbose_name = _("事業の予算")
        verbose_name_plural = _("事業の予算")
        ordering = ["project", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "fiscal_year"],
                name="project_budget_unique",
                violation_error_message=_("この年度の予算はすでにあります。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.fiscal_year}"


class OutcomeIndicator(models.Model):
    """An outcome indicator the project chose itself: name, unit, target and actual."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="outcome_indicators"
    )
    name = models.CharField(_("指標名"), max_length=200)
    unit = models.CharField(_("単位"), max_length=20)
    target = models.DecimalField(_("目標"), max_digits=12, decimal_places=2, null=True, blank=True)
    actual = models.DecimalField(_("実績"), max_digits=12, decimal_places=2, null=True, blank=True)
    history = HistoricalRecords(table_name="plans_historicaloutcomeindicator")

    class Meta:
        db_table = "plans_outcomeindicator"
        verbose_name = _("成果の指標")
        verbose_name_plural = _("成果の指標")
        ordering = ["project", "pk"]

    def __str__(self) -> str:
        return self.name
