"""Writes of the plans app: the plan, its measures and indicators, newsletter issues, the
national 標準額 unit amounts, targets and typed-in actuals, and issuing a 年度's annual report
(which freezes the computed actuals as they stand on that day). History records who and when."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sasaeai.activities.constants import ActivityKind
from sasaeai.core.history import history_user
from sasaeai.core.versioning import claim_version
from sasaeai.resources.constants import Sector
from sasaeai.utils.fiscal_year import current_fiscal_year, format_fiscal_year

from . import sources
from .constants import Source
from .models import (
    AnnualReport,
    Indicator,
    IndicatorValue,
    Measure,
    NewsletterIssue,
    Plan,
    StandardAmountUnit,
)

# A newsletter issue's PDF: at most this many bytes.
MAX_PDF_BYTES = 20 * 1024 * 1024


def checked_save(
    record: models.Model, user: Any, expected_version: int | None = None, what: str = "",
    histories: Sequence[Any] = (),
) -> None:  # fmt: skip
    """Validate the whole record (its fields and constraints, Japanese messages naming the
    field) before writing it, with who changed it in its history. An edit form's record first
    claims the version the form was opened at (a conflict writes nothing)."""
    record.full_clean()
    claim_version(record, expected_version, what=what, histories=histories)
    with history_user(user):
        record.save()


# --- the plan, its measures and indicators ---------------------------------------------------


def plan_fields(plan: Plan, *, name: str, first_year: int, last_year: int, principle: str,
                issues: str) -> Plan:  # fmt: skip
    if last_year < first_year:
        raise ValidationError({"last_year": _("最後の年度は最初の年度より後にしてください。")})
    plan.name, plan.first_year, plan.last_year = name, first_year, last_year
    plan.principle, plan.issues = principle, issues
    return plan


@transaction.atomic
def plan_create(
    *, municipality: Any, name: str, first_year: int, last_year: int, user: Any,
    principle: str = "", issues: str = "",
) -> Plan:  # fmt: skip
    """A plan period of the municipality (第9期, 令和6〜8年度)."""
    plan = plan_fields(
        Plan(municipality=municipality), name=name, first_year=first_year,
        last_year=last_year, principle=principle, issues=issues,
    )  # fmt: skip
    checked_save(plan, user)
    return plan


@transaction.atomic
def plan_update(
    *, plan: Plan, name: str, first_year: int, last_year: int, user: Any,
    principle: str = "", issues: str = "", expected_version: int | None = None,
) -> Plan:  # fmt: skip
    """The plan's name, years, 基本理念 and 課題; refused with EditConflictError when saved since
    the form was opened at `expected_version`."""
    plan_fields(
        plan, name=name, first_year=first_year, last_year=last_year,
        principle=principle, issues=issues,
    )  # fmt: skip
    checked_save(plan, user, expected_version, _("計画"))
    return plan


@transaction.atomic
def measure_save(
    *, measure: Measure, order: int, name: str, user: Any, content: str = "",
    target_text: str = "", expected_version: int | None = None,
) -> Measure:  # fmt: skip
    """Add (an unsaved Measure of its plan) or edit one 事業 of a plan (an edit claims
    `expected_version`, see plan_update)."""
    measure.order, measure.name = order, name
    measure.content, measure.target_text = content, target_text
    checked_save(measure, user, expected_version, _("事業"))
    return measure


@transaction.atomic
def indicator_save(
    *, indicator: Indicator, order: int, name: str, unit: str, direction: str, source: str,
    user: Any, activity_kind: str = "", sector: str = "", expected_version: int | None = None,
) -> Indicator:  # fmt: skip
    """Add (an unsaved Indicator of its measure) or edit an indicator of a measure (an edit
    claims `expected_version`, see plan_update)."""
    if activity_kind and activity_kind not in ActivityKind.values:
        raise ValidationError({"activity_kind": _("活動の種類を選んでください。")})
    if sector and sector not in Sector.values:
        raise ValidationError({"sector": _("分野を選んでください。")})
    indicator.order, indicator.name, indicator.unit = order, name, unit
    indicator.direction, indicator.source = direction, source
    indicator.activity_kind, indicator.sector = activity_kind, sector
    checked_save(indicator, user, expected_version, _("指標"), indicator_histories(indicator))
    return indicator


# --- newsletter issues and the 標準額 units ---------------------------------------------------


@transaction.atomic
def newsletter_issue_create(
    *, municipality: Any, title: str, number: int, issued_on: Any, user: Any, file: Any = None
) -> NewsletterIssue:
    """One issue of the coordinators' 広報紙, with its PDF when there is one."""
    if file:
        if not str(file.name).lower().endswith(".pdf"):
            raise ValidationError({"file": _("PDFファイル（拡張子 .pdf）を選んでください。")})
        if file.size > MAX_PDF_BYTES:
            raise ValidationError({"file": _("ファイルが大きすぎます（20MBまで）。")})
    issue = NewsletterIssue(
        municipality=municipality, title=title, number=number, issued_on=issued_on,
        file=file or "",
    )  # fmt: skip
    checked_save(issue, user)
    return issue


@transaction.atomic
def standard_amount_unit_set(
    *, fiscal_year: int, layer1: int, layer2: int, programme: int, user: Any
) -> StandardAmountUnit:
    """A 年度's national unit amounts (千円); a 年度 already stored is corrected."""
    unit = StandardAmountUnit.objects.filter(fiscal_year=fiscal_year).first()
    unit = unit or StandardAmountUnit(fiscal_year=fiscal_year)
    unit.layer1, unit.layer2, unit.programme = layer1, layer2, programme
    checked_save(unit, user)
    return unit


def indicator_histories(indicator: Indicator) -> list[Any]:
    """Who changed an indicator last: its own edits, or a target or actual set since."""
    if indicator.pk is None:
        return []
    return [indicator.history.all(), IndicatorValue.history.filter(indicator_id=indicator.pk)]


@transaction.atomic
def indicator_value_set(
    *,
    indicator: Indicator,
    fiscal_year: int,
    kind: str,
    value: Decimal | None,
    user: Any,
    expected_version: int | None = None,
) -> IndicatorValue | None:
    """Set (or, with None, clear) a target, or a typed-in actual; a frozen value stays. The
    plan page's value form names no single value (its 年度 and 目標・実績 are picked when
    posting), so it carries the indicator's version: a value or the indicator changed since
    the page was opened refuses it with EditConflictError."""
    plan = indicator.measure.plan
    if fiscal_year not in plan.years:
        raise ValidationError({"fiscal_year": _("計画の期間の年度を選んでください。")})
    if AnnualReport.objects.filter(plan=plan, fiscal_year=fiscal_year).exists():
        raise ValidationError({"value": _("年次報告を発行した年度の値は変えられません。")})
    if kind == IndicatorValue.ACTUAL and indicator.source != Source.MANUAL:
        raise ValidationError({"value": _("この指標の実績は記録から計算します。")})
    existing = IndicatorValue.objects.filter(
        indicator=indicator, fiscal_year=fiscal_year, kind=kind
    ).first()
    if existing is not None and existing.frozen:
        raise ValidationError({"value": _("年次報告で確定した値は変えられません。")})
    claim_version(
        indicator, expected_version, what=_("指標の値"),
        histories=indicator_histories(indicator), kept=False,
    )  # fmt: skip
    with history_user(user):
        if value is None:
            if existing is not None:
                existing.delete()
            return None
        if existing is None:
            existing = IndicatorValue(indicator=indicator, fiscal_year=fiscal_year, kind=kind)
        existing.value = value
        existing.full_clean()
        existing.save()
    return existing


@transaction.atomic
def annual_report_issue(*, plan: Plan, fiscal_year: int, user: Any) -> AnnualReport:
    """Issue the 年度's report: every computed actual is stored as it stands now (frozen), so
    later edits of the records never change a reported figure."""
    if fiscal_year not in plan.years:
        raise ValidationError({"fiscal_year": _("計画の期間の年度を選んでください。")})
    if fiscal_year >= current_fiscal_year(timezone.localdate()):
        raise ValidationError(
            {
                "fiscal_year": _("%(year)sはまだ終わっていません。")
                % {"year": format_fiscal_year(fiscal_year)}
            }
        )
    if AnnualReport.objects.filter(plan=plan, fiscal_year=fiscal_year).exists():
        raise ValidationError(
            {
                "fiscal_year": _("%(year)sの年次報告は発行済みです。")
                % {"year": format_fiscal_year(fiscal_year)}
            }
        )
    stored = set(
        IndicatorValue.objects.filter(
            indicator__measure__plan=plan, fiscal_year=fiscal_year, kind=IndicatorValue.ACTUAL
        ).values_list("indicator_id", flat=True)
    )
    with history_user(user):
        for indicator in Indicator.objects.filter(measure__plan=plan).exclude(source=Source.MANUAL):
            if indicator.pk in stored:  # a value carried over from before the system
                continue
            value = sources.computed(
                indicator.source, plan.municipality, fiscal_year, indicator.activity_kind,
                sector=indicator.sector,
            )  # fmt: skip
            if value is None:
                continue
            IndicatorValue.objects.update_or_create(
                indicator=indicator,
                fiscal_year=fiscal_year,
                kind=IndicatorValue.ACTUAL,
                defaults={"value": value, "frozen": True},
            )
        for typed in IndicatorValue.objects.filter(
            indicator__measure__plan=plan,
            fiscal_year=fiscal_year,
            kind=IndicatorValue.ACTUAL,
            frozen=False,
        ):
            typed.frozen = True
            typed.save(update_fields=["frozen"])
        return AnnualReport.objects.create(plan=plan, fiscal_year=fiscal_year, issued_by=user)
