"""Area indicators on a small hand-built city (expected values worked out in comments)."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine
from django.test import TestCase

from sasaeai.analysis.indicators import (
    area_indicators,
    fiscal_year_indicators,
    per_thousand,
    year_end,
)
from sasaeai.areas.tests.factories import (
    AreaFactory,
    Layer2AreaFactory,
    MunicipalityFactory,
    TownFactory,
    population,
)
from sasaeai.resources.constants import (
    Activity,
    FrequencyBand,
    ResourceKind,
    ResourceStatus,
    TagCategory,
)
from sasaeai.resources.models import ResourceTag, ServiceAtLocation
from sasaeai.resources.tests.factories import resource_at

AS_OF = datetime.date(2025, 10, 1)
TOKYO = ZoneInfo("Asia/Tokyo")


class ArithmeticTests(TestCase):
    def test_per_thousand_rounds_half_up(self) -> None:
        # 3 ÷ 800 × 1,000 = 3.75; 2 ÷ 3 × 1,000 = 666.666… → 666.67; 1 ÷ 8,000 × 1,000 = 0.125 → 0.13
        self.assertEqual(per_thousand(3, 800), Decimal("3.75"))
        self.assertEqual(per_thousand(2, 3), Decimal("666.67"))
        self.assertEqual(per_thousand(1, 8000), Decimal("0.13"))
        self.assertIsNone(per_thousand(1, 0))


class AreaIndicatorTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        city = MunicipalityFactory(code="132012")
        whole = AreaFactory(municipality=city)
        cls.city = city
        # 北部: kana あ…, 南部: kana い… (50音順: 北部 first).
        north = Layer2AreaFactory(municipality=city, parent=whole, name="北部", kana="あ")
        south = Layer2AreaFactory(municipality=city, parent=whole, name="南部", kana="い")
        cls.north_town = TownFactory(area=north)
        cls.south_town = TownFactory(area=south)
        # 北部: 0–64: 1,200, 65–74: 500, 75–84: 200, 85+: 100 → total 2,000; 65+ 800; 75+ 300;
        #       85+ 100; aging rate 800 ÷ 2,000 = 40.0%.
        population(cls.north_town, {(0, 64): 1200, (65, 74): 500, (75, 84): 200, (85, None): 100})
        # 南部: 0–64: 900, 65–74: 80, 75+ (75–84) 20 → total 1,000; 65+ 100.
        population(cls.south_town, {(0, 64): 900, (65, 74): 80, (75, 84): 20})
        kayoi = {"kind": ResourceKind.KAYOI}
        # 北部: a weekly exercise group (24 registered) and a monthly salon (16 registered)
        # count; a less-than-monthly one and an ended one do not.
        resource_at(cls.north_town, **kayoi, frequency_band=FrequencyBand.WEEKLY_OR_MORE,
                    primary_activity=Activity.EXERCISE, registered_total=24)  # fmt: skip
        resource_at(cls.north_town, **kayoi, frequency_band=FrequencyBand.MONTHLY,
                    primary_activity=Activity.TEA, registered_total=16)  # fmt: skip
        resource_at(cls.north_town, **kayoi, frequency_band=FrequencyBand.LESS_OR_IRREGULAR,
                    registered_total=50)  # fmt: skip
        resource_at(cls.north_town, **kayoi, frequency_band=FrequencyBand.WEEKLY_OR_MORE,
                    status=ResourceStatus.ENDED, registered_total=50)  # fmt: skip
        # One group meets in both areas (a second venue in 南部): it counts in each.
        both = resource_at(cls.south_town, **kayoi, frequency_band=FrequencyBand.TWO_OR_THREE_MONTHLY,
                           primary_activity=Activity.EXERCISE, registered_total=10)  # fmt: skip
        north_venue = resource_at(cls.north_town).service_locations.get().location
        ServiceAtLocation.objects.create(resource=both, location=north_venue)
        # A shopping bus (not a 通いの場) gives 南部 the support type 買い物.
        bus = resource_at(cls.south_town, kind=ResourceKind.MOBILITY)
        ResourceTag.objects.create(resource=bus, category=TagCategory.SUPPORT, value="shopping")

    def test_each_areas_figures(self) -> None:
        north, south = area_indicators(self.city, AS_OF)
        # 北部: 3 places (weekly 24, monthly 16, and the shared one 10): 50 registered.
        self.assertEqual((north.name, north.kayoi, north.registered), ("北部", 3, 50))
        # 3 ÷ 800 × 1,000 = 3.75 per 1,000; 50 ÷ 800 = 6.25% → 6.3% (half up).
        self.assertEqual(north.kayoi_per_1000, Decimal("3.75"))
        self.assertEqual(north.participation, Decimal("6.3"))
        self.assertEqual(north.by_band, {"weekly_plus": 1, "monthly": 1, "monthly_2_3": 1})
        self.assertEqual(north.by_activity, {"exercise": 2, "tea": 1})
        self.assertEqual(
            (north.population.age65, north.population.age75, north.population.age85),
            (800, 300, 100),
        )
        self.assertEqual(north.population.aging_rate, Decimal("40.0"))
        # 南部: only the shared group: 1 ÷ 100 × 1,000 = 10.00; 10 ÷ 100 = 10.0%.
        self.assertEqual((south.kayoi, south.kayoi_per_1000, south.participation), (
            1, Decimal("10.00"), Decimal("10.0"),
        ))  # fmt: skip
        self.assertEqual((north.support_types, south.support_types), ((), ("shopping",)))


class FiscalYearTests(TestCase):
    """A 年度's value is the registry of its 31 March, read from history."""

    def test_the_year_ends_at_midnight_of_31_march_in_tokyo(self) -> None:
        # 令和7年度 = FY2025: 2025-04-01 … 2026-03-31.
        end = year_end(2025)
        self.assertEqual(end.isoformat(), "2026-03-31T23:59:59.999999+09:00")

    def test_a_change_after_31_march_leaves_the_closed_year_unchanged(self) -> None:
        with time_machine.travel(datetime.datetime(2026, 3, 1, 10, tzinfo=TOKYO), tick=False):
            city = MunicipalityFactory(code="132012")
            north = Layer2AreaFactory(municipality=city, parent=AreaFactory(municipality=city))
            town = TownFactory(area=north)
            population(town, {(0, 64): 600, (65, 74): 300, (75, None): 100})  # 65+: 400
            weekly = {"kind": ResourceKind.KAYOI, "frequency_band": FrequencyBand.WEEKLY_OR_MORE}
            first = resource_at(town, **weekly, registered_total=20)
            resource_at(town, **weekly, registered_total=12)
        # 令和8年度 begins: one group ends, another starts, and a count is corrected.
        with time_machine.travel(datetime.datetime(2026, 4, 10, 10, tzinfo=TOKYO), tick=False):
            first.status = ResourceStatus.ENDED
            first.save()
            resource_at(town, **weekly, registered_total=30)
            resource_at(town, **weekly, registered_total=5)
        [closed] = fiscal_year_indicators(city, 2025)
        # On 2026-03-31: 2 places, 20 + 12 = 32 registered; 32 ÷ 400 = 8.0%.
        self.assertEqual(
            (closed.kayoi, closed.registered, closed.participation), (2, 32, Decimal("8.0"))
        )
        [today] = area_indicators(city, AS_OF)
        # Today: 3 active places, 12 + 30 + 5 = 47; 47 ÷ 400 = 11.75% → 11.8%.
        self.assertEqual(
            (today.kayoi, today.registered, today.participation), (3, 47, Decimal("11.8"))
        )
