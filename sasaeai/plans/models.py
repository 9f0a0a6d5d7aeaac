"""計画と事業: the municipal plan (measures, indicators with targets and actuals per 年度,
annual reports that freeze computed actuals), newsletter issues, and the 標準額 units."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sasaeai.core.versioning import VersionedModel
from sasaeai.resources.constants import Sector

from .constants import Direction, Source


class StandardAmountUnit(models.Model):
    """The national unit amounts of one 年度, in 千円 (they change from year to year)."""

    fiscal_year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    layer1 = models.PositiveIntegerField(_("第1層（千円）"), validators=[MinValueValidator(1)])
    layer2 = models.PositiveIntegerField(
        _("第2層 1圏域あたり（千円）"), validators=[MinValueValidator(1)]
    )
    programme = models.PositiveIntegerField(
        _("住民参画・官民連携推進事業（千円）"), validators=[MinValueValidator(0)]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("標準額の単価")
        verbose_name_plural = _("標準額の単価")
        ordering = ["-fiscal_year"]

    def __str__(self) -> str:
        return f"{self.fiscal_year}年度"


class Plan(VersionedModel):
    """A municipal plan period, e.g. 第9期 (令和6〜8年度)."""

    municipality = models.ForeignKey(
        "areas.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name=_("市町村")
    )
    name = models.CharField(_("計画の名前"), max_length=100)
    first_year = models.PositiveSmallIntegerField(_("最初の年度"))
    last_year = models.PositiveSmallIntegerField(_("最後の年度"))
    principle = models.TextField(_("基本理念"), blank=True)
    issues = models.TextField(_("課題"), blank=True)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("計画")
        verbose_name_plural = _("計画")
        ordering = ["-first_year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_year__gte=models.F("first_year")),
                name="plan_years_in_order",
                violation_error_message=_("最後の年度は最初の年度より後にしてください。"),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))


class Measure(VersionedModel):
    """One 事業 (施策) of a plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="measures")
    order = models.PositiveSmallIntegerField(_("順番"), default=1)
    name = models.CharField(_("事業名"), max_length=200)
    content = models.TextField(_("内容"), blank=True)
    target_text = models.TextField(_("目標"), blank=True)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("事業")
        verbose_name_plural = _("事業")
        ordering = ["plan", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class Indicator(VersionedModel):
    """An indicator of a measure: its unit, which way is better, and where its actual comes
    from (typed in, or computed from the records)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="indicators")
    order = models.PositiveSmallIntegerField(_("順番"), default=1)
    name = models.CharField(_("指標名"), max_length=200)
    unit = models.CharField(_("単位"), max_length=20)
    direction = models.CharField(
        _("よい方向"), max_length=8, choices=Direction.choices, default=Direction.UP
    )
    source = models.CharField(
        _("実績の出どころ"), max_length=32, choices=Source.choices, default=Source.MANUAL
    )
    activity_kind = models.CharField(
        _("活動の種類（活動記録の件数のとき）"), max_length=32, blank=True,
        help_text=_("空欄ならすべての種類を数えます。"),
    )  # fmt: skip
    sector = models.CharField(
        _("分野（会議の参加者数のとき）"), max_length=32, blank=True, choices=Sector.choices,
        help_text=_("空欄ならすべての分野を数えます。"),
    )  # fmt: skip
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("指標")
        verbose_name_plural = _("指標")
        ordering = ["measure", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class IndicatorValue(models.Model):
    """An indicator's target or actual of one 年度. A computed actual is stored only when the
    年度's annual report is issued (frozen); until then it is computed each time."""

    TARGET, ACTUAL = "target", "actual"
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(
        _("目標・実績"), max_length=8, choices=[(TARGET, _("目標")), (ACTUAL, _("実績"))]
    )
    value = models.DecimalField(_("値"), max_digits=12, decimal_places=2)
    frozen = models.BooleanField(_("年次報告で確定"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("指標の値")
        verbose_name_plural = _("指標の値")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "fiscal_year", "kind"],
                name="indicator_value_unique",
                violation_error_message=_("この年度の値は既にあります。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.fiscal_year} {self.kind}"


class AnnualReport(models.Model):
    """The issued annual report of a plan's 年度: issuing it freezes the computed actuals."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reports")
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    issued_at = models.DateTimeField(_("発行日時"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("年次報告")
        verbose_name_plural = _("年次報告")
        constraints = [
            models.UniqueConstraint(fields=["plan", "fiscal_year"], name="annual_report_unique")
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.fiscal_year}"


class NewsletterIssue(models.Model):
    """One issue of the coordinators' newsletter (広報紙), e.g. 「ささえあい通信」第12号."""

    municipality = models.ForeignKey(
        "areas.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name=_("市町村")
    )
    title = models.CharField(_("題名"), max_length=200)
    number = models.PositiveIntegerField(_("号"))
    issued_on = models.DateField(_("発行日"))
    file = models.FileField(_("PDF"), upload_to="newsletters/%Y/", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("広報紙")
        verbose_name_plural = _("広報紙")
        ordering = ["-issued_on", "-number"]

    def __str__(self) -> str:
        return f"{self.title} 第{self.number}号"
