"""The demo city's plan: 第9期 (令和6〜8年度) with the three measures of the source document and
eight indicators, targets for each 年度, actuals for the past years (令和6年度 carried over
from before the system; 令和7年度 issued as an annual report), and newsletter issues."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sasaeai.accounts.models import User
from sasaeai.areas.models import Municipality
from sasaeai.core.history import history_user

from . import services
from .constants import Source
from .models import Indicator, IndicatorValue, Measure, NewsletterIssue, Plan

# (measure, content, target text, [(indicator, unit, source, activity kind, targets 6/7/8年度,
#   carried-over actuals {年度: value})]).
MEASURES: tuple[tuple[str, str, str, list[tuple[Any, ...]]], ...] = (
    (
        "協議体を活用した社会資源の把握等",
        "第1層・第2層の協議体で地域の資源と課題を共有し、足りない支えを話し合う。",
        "全圏域で協議体を定期に開き、通いの場を増やす。",
        [
            ("協議体の会議の開催回数", "回", Source.COUNCIL_MEETINGS, "", (40, 40, 40),
             {2024: "38"}),
            ("活動中の通いの場（月1回以上）", "か所", Source.KAYOI_ACTIVE, "", (165, 170, 175),
             {2024: "158", 2025: "163"}),
            ("通いの場の参加率", "％", Source.PARTICIPATION, "", ("10.0", "11.0", "12.0"),
             {2024: "9.6", 2025: "10.4"}),
        ],
    ),
    (
        "生活支援コーディネーターの活用",
        "第1層・第2層のコーディネーターが地域を回り、団体や住民をつなぐ。",
        "つなぎの件数を毎年増やす。",
        [
            # 訪問 only (the indicator's name): the demo's coordinators log about 70 a 年度
            # among some 470 records of every kind, so the targets are on that scale.
            ("コーディネーターの訪問件数", "件", Source.ACTIVITIES, "visit", (70, 80, 90),
             {2024: "66"}),
            ("つなぎの件数", "件", Source.CONNECTIONS, "", (60, 90, 120), {2024: "41"}),
            ("担い手養成講座の受講者数", "人", Source.MANUAL, "", (40, 40, 50),
             {2024: "36", 2025: "44"}),
        ],
    ),
    (
        "「通いの場」及び社会資源についての市民に対する普及啓発",
        "広報紙と地域資源マップで、通いの場と地域の支えを市民に知らせる。",
        "広報紙を年3回発行する。",
        [
            ("広報紙の発行回数", "回", Source.NEWSLETTERS, "", (3, 3, 3), {}),
            ("地域資源マップの配布部数", "部", Source.MANUAL, "", (3000, 3000, 3500),
             {2024: "2800", 2025: "3400"}),
        ],
    ),
)  # fmt: skip
NEWSLETTERS = (
    datetime.date(2024, 6, 20), datetime.date(2024, 10, 18), datetime.date(2025, 2, 21),
    datetime.date(2025, 6, 20), datetime.date(2025, 10, 17), datetime.date(2026, 2, 20),
    datetime.date(2026, 6, 19), datetime.date(2026, 10, 16),
)  # fmt: skip


@dataclass(frozen=True)
class Summary:
    measures: int
    indicators: int


def build(*, municipality: Municipality) -> Summary:
    user = User.objects.get(username="demo-admin")
    with history_user(user):
        for number, day in enumerate(NEWSLETTERS, start=1):
            NewsletterIssue.objects.create(
                municipality=municipality, title="ささえあい通信", number=number, issued_on=day
            )
        plan = Plan.objects.create(
            municipality=municipality, name="第9期", first_year=2024, last_year=2026,
            principle="住み慣れた地域で、支え合いながら自分らしく暮らし続けられるまち",
            issues="通いの場の少ない圏域がある。移動と買い物の支えが足りない。担い手の高齢化。",
        )  # fmt: skip
        count = 0
        for order, (name, content, target_text, indicators) in enumerate(MEASURES, start=1):
            measure = Measure.objects.create(
                plan=plan, order=order, name=name, content=content, target_text=target_text
            )
            for position, (title, unit, source, kind, targets, carried) in enumerate(
                indicators, start=1
            ):
                indicator = Indicator.objects.create(
                    measure=measure, order=position, name=title, unit=unit, source=source,
                    activity_kind=kind,
                )  # fmt: skip
                count += 1
                for year, target in zip(plan.years, targets, strict=True):
                    services.indicator_value_set(
                        indicator=indicator, fiscal_year=year, kind=IndicatorValue.TARGET,
                        value=Decimal(str(target)), user=user,
                    )  # fmt: skip
                for year, value in carried.items():
                    # Carried over from the office's own records of the years before sasaeai.
                    IndicatorValue.objects.create(
                        indicator=indicator, fiscal_year=year, kind=IndicatorValue.ACTUAL,
                        value=Decimal(value), frozen=year == 2024,
                    )  # fmt: skip
    services.annual_report_issue(plan=plan, fiscal_year=2024, user=user)
    services.annual_report_issue(plan=plan, fiscal_year=2025, user=user)
    return Summary(measures=len(MEASURES), indicators=count)
