"""Writes of the plans app: targets and typed-in actuals, and issuing a 年度's annual report
(which freezes the computed actuals as they stand on that day). History records who and when."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sasaeai.core.history import history_user
from sasaeai.utils.fiscal_year import current_fiscal_year, format_fiscal_year

from . import sources
from .constants import Source
from .models import AnnualReport, Indicator, IndicatorValue, Plan


@transaction.atomic
def indicator_value_set(
    *, indicator: Indicator, fiscal_year: int, kind: str, value: Decimal | None, user: Any
) -> IndicatorValue | None:
    """Set (or, with None, clear) a target, or a typed-in actual; a frozen value stays."""
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
                indicator.source, plan.municipality, fiscal_year, indicator.activity_kind
            )
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
