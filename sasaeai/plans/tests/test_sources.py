"""Computed plan indicators equal counts of their records, 年度 boundaries included (31 March
24:00 in Tokyo), and an issued annual report freezes a closed 年度's figures."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine
from django.core.exceptions import ValidationError
from django.test import TestCase

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.activities import services as activity_services
from sasaeai.areas.tests.factories import (
    AreaFactory,
    Layer2AreaFactory,
    MunicipalityFactory,
    TownFactory,
    population,
)
from sasaeai.councils.constants import MeetingStatus
from sasaeai.councils.tests.factories import CouncilFactory, MeetingFactory
from sasaeai.plans import services
from sasaeai.plans.constants import Source
from sasaeai.plans.models import Indicator, IndicatorValue, Measure, NewsletterIssue, Plan
from sasaeai.plans.sources import actual_of, computed
from sasaeai.resources.constants import FrequencyBand, ResourceKind, ResourceStatus
from sasaeai.resources.tests.factories import resource_at

TOKYO = ZoneInfo("Asia/Tokyo")
NOW = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=TOKYO)


def at(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=TOKYO)


@time_machine.travel(NOW, tick=False)
class SourceTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        with time_machine.travel(at(2026, 3, 1, 10), tick=False):
            cls.city = MunicipalityFactory(code="132012")
            whole = AreaFactory(municipality=cls.city)
            area = Layer2AreaFactory(municipality=cls.city, parent=whole)
            town = TownFactory(area=area)
            population(town, {(0, 64): 600, (65, 74): 300, (75, None): 100})  # 65+: 400
            weekly = {"kind": ResourceKind.KAYOI, "frequency_band": FrequencyBand.WEEKLY_OR_MORE}
            cls.first = resource_at(town, **weekly, registered_total=20)
            resource_at(town, **weekly, registered_total=12)
        cls.user = user_with_role(Role.SC_LAYER1, cls.city)
        council = CouncilFactory(municipality=cls.city, area=area)
        held = {"council": council, "status": MeetingStatus.HELD}
        # 令和7年度 (2025-04-01 00:00 … 2026-03-31 24:00 in Tokyo):
        MeetingFactory(**held, starts_at=at(2025, 4, 1, 0, 30))  # in
        MeetingFactory(**held, starts_at=at(2026, 3, 31, 23, 30))  # in (14:30 UTC)
        MeetingFactory(**held, starts_at=at(2026, 4, 1, 0, 30))  # 令和8年度 (3月31日 UTC)
        MeetingFactory(**held, starts_at=at(2025, 3, 31, 23, 30))  # 令和6年度
        MeetingFactory(council=council, status=MeetingStatus.CANCELLED,
                       starts_at=at(2025, 6, 1, 14))  # not held  # fmt: skip
        for day, number in ((datetime.date(2025, 4, 1), 1), (datetime.date(2026, 3, 31), 2),
                            (datetime.date(2026, 4, 1), 3)):  # fmt: skip
            NewsletterIssue.objects.create(
                municipality=cls.city, title="ささえあい通信", number=number, issued_on=day
            )
        for day, kind in ((datetime.date(2025, 5, 1), "visit"), (datetime.date(2025, 6, 1), "visit"),
                          (datetime.date(2025, 7, 1), "publicity"), (datetime.date(2026, 4, 2), "visit")):  # fmt: skip
            activity_services.activity_record(
                municipality=cls.city, coordinator=cls.user, user=cls.user,
                values=activity_services.ActivityInput(done_on=day, kind=kind, summary="記録"),
            )  # fmt: skip
        cls.plan = Plan.objects.create(
            municipality=cls.city, name="第9期", first_year=2024, last_year=2026
        )
        cls.measure = Measure.objects.create(plan=cls.plan, name="「通いの場」の普及啓発")

    def indicator(self, source: str, **fields) -> Indicator:  # type: ignore[no-untyped-def]
        fields.setdefault("name", source)
        return Indicator.objects.create(measure=self.measure, unit="件", source=source, **fields)

    def test_counts_of_the_records_within_the_year(self) -> None:
        # Meetings held: 2025-04-01 00:30 and 2026-03-31 23:30 → 2 (the cancelled one and those
        # of the neighbouring years are not counted).
        self.assertEqual(computed(Source.COUNCIL_MEETINGS, self.city, 2025), Decimal(2))
        self.assertEqual(computed(Source.COUNCIL_MEETINGS, self.city, 2024), Decimal(1))
        self.assertEqual(computed(Source.COUNCIL_MEETINGS, self.city, 2026), Decimal(1))
        # Newsletters on 2025-04-01 and 2026-03-31 → 2; the 3rd (2026-04-01) is 令和8年度.
        self.assertEqual(computed(Source.NEWSLETTERS, self.city, 2025), Decimal(2))
        self.assertEqual(computed(Source.NEWSLETTERS, self.city, 2026), Decimal(1))
        # Activities of 令和7年度: 3 in all, 2 visits.
        self.assertEqual(computed(Source.ACTIVITIES, self.city, 2025), Decimal(3))
        self.assertEqual(computed(Source.ACTIVITIES, self.city, 2025, "visit"), Decimal(2))
        self.assertEqual(computed(Source.CONNECTIONS, self.city, 2025), Decimal(0))
        self.assertIsNone(computed(Source.MANUAL, self.city, 2025))

    def test_registry_figures_of_a_closed_year_come_from_its_31_march(self) -> None:
        # After 31 March the first group ends.
        with time_machine.travel(at(2026, 4, 10, 10), tick=False):
            self.first.status = ResourceStatus.ENDED
            self.first.save()
        # On 2026-03-31: 2 places, (20 + 12) ÷ 400 = 8.0%. Today: 1 place, 12 ÷ 400 = 3.0%.
        self.assertEqual(computed(Source.KAYOI_ACTIVE, self.city, 2025), Decimal(2))
        self.assertEqual(computed(Source.PARTICIPATION, self.city, 2025), Decimal("8.0"))
        self.assertEqual(computed(Source.KAYOI_ACTIVE, self.city, 2026), Decimal(1))
        self.assertEqual(computed(Source.PARTICIPATION, self.city, 2026), Decimal("3.0"))

    def test_an_issued_report_freezes_the_year(self) -> None:
        newsletters = self.indicator(Source.NEWSLETTERS)
        typed = self.indicator(Source.MANUAL, name="研修の参加者")
        services.indicator_value_set(
            indicator=typed, fiscal_year=2025, kind="actual", value=Decimal(40), user=self.user
        )
        services.annual_report_issue(plan=self.plan, fiscal_year=2025, user=self.user)
        # A newsletter of 令和7年度 registered late changes nothing reported.
        NewsletterIssue.objects.create(
            municipality=self.city, title="ささえあい通信", number=9,
            issued_on=datetime.date(2025, 12, 1),
        )  # fmt: skip
        self.assertEqual(computed(Source.NEWSLETTERS, self.city, 2025), Decimal(3))
        self.assertEqual(actual_of(newsletters, self.city, 2025), Decimal(2))
        frozen = IndicatorValue.objects.get(indicator=typed, fiscal_year=2025, kind="actual")
        self.assertTrue(frozen.frozen)
        with self.assertRaisesMessage(
            ValidationError, "年次報告を発行した年度の値は変えられません。"
        ):
            services.indicator_value_set(
                indicator=typed, fiscal_year=2025, kind="actual", value=Decimal(41), user=self.user
            )
        # Nor may its target change: the report said 達成 or 未達成 against it.
        with self.assertRaisesMessage(
            ValidationError, "年次報告を発行した年度の値は変えられません。"
        ):
            services.indicator_value_set(
                indicator=newsletters, fiscal_year=2025, kind="target", value=Decimal(9),
                user=self.user,
            )  # fmt: skip
        with self.assertRaisesMessage(ValidationError, "令和7年度の年次報告は発行済みです。"):
            services.annual_report_issue(plan=self.plan, fiscal_year=2025, user=self.user)
        with self.assertRaisesMessage(ValidationError, "令和8年度はまだ終わっていません。"):
            services.annual_report_issue(plan=self.plan, fiscal_year=2026, user=self.user)

    def test_a_carried_over_actual_is_kept_when_the_report_is_issued(self) -> None:
        # A figure from the office's records before sasaeai (no newsletters were registered).
        newsletters = self.indicator(Source.NEWSLETTERS)
        IndicatorValue.objects.create(
            indicator=newsletters, fiscal_year=2024, kind="actual", value=Decimal(3)
        )
        services.annual_report_issue(plan=self.plan, fiscal_year=2024, user=self.user)
        kept = IndicatorValue.objects.get(indicator=newsletters, fiscal_year=2024, kind="actual")
        # Computed it would be 0 (no issue in 令和6年度); the carried 3 stays, now frozen.
        self.assertEqual((kept.value, kept.frozen), (Decimal(3), True))
