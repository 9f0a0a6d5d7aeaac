"""A 日常生活圏域 retired from 2026-04-01 with its towns moved to another: today's analysis no
longer has it, and the closed 令和7年度 (as of 2026-03-31) still shows it with the same figures.
The city is the hand-built one of `city.py` (registered on 2026-03-01)."""

import datetime
from decimal import Decimal

import time_machine
from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.analysis.report import analyse
from sasaeai.areas import services

from .city import TOKYO, build_city


class RetiredAreaTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.c = build_city()
        cls.admin = user_with_role(Role.MUNICIPAL_ADMIN, cls.c.city)
        # Done on 10 April (after the 年度 closed), effective from 1 April: 北部's towns
        # (赤坂町, 石川町, 上野町) move to 南部.
        with time_machine.travel(datetime.datetime(2026, 4, 10, 10, tzinfo=TOKYO), tick=False):
            services.layer2_area_retire(
                area=cls.c.north,
                retire_on=datetime.date(2026, 4, 1),
                successor=cls.c.south,
                user=cls.admin,
            )

    def test_todays_analysis_has_no_retired_area_and_the_successor_holds_its_towns(self) -> None:
        today = analyse(self.c.city)
        self.assertEqual([a.name for a in today.areas], ["南部圏域", "東部圏域"])
        south = today.areas[0]
        # 南部 now: 北部's 1,700 (65+ 700, 75+ 290, 85+ 70) + its own 桜町 800 and 白旗町 300
        # (65+ 300 + 100 = 400, 75+ 150 + 40 = 190, 85+ 50) = 2,800; 65+ 1,100; 75+ 480;
        # 85+ 120; aging 1,100 ÷ 2,800 = 39.29 → 39.3%.
        p = south.indicators.population
        self.assertEqual((p.total, p.age65, p.age75, p.age85), (2800, 1100, 480, 120))
        self.assertEqual(p.aging_rate, Decimal("39.3"))
        # The venues follow their towns: P1 (赤坂町, 30), P2 (桜町, 12) and P4 (石川町 and
        # 桜町, counted once, 10) = 3 places, 52 registered; 52 ÷ 1,100 = 4.73 → 4.7%.
        f = south.indicators
        self.assertEqual((f.kayoi, f.registered, f.participation), (3, 52, Decimal("4.7")))

    def test_the_closed_year_still_shows_it_with_its_figures_unchanged(self) -> None:
        closed = analyse(self.c.city, 2025)
        self.assertEqual(closed.when.label, "令和7年度（令和8年3月31日現在）")
        self.assertEqual([a.name for a in closed.areas], ["北部圏域", "南部圏域", "東部圏域"])
        north, south, _east = closed.areas
        # As before the retirement (test_report.AreaIndicatorTests): 北部 1,000 + 500 + 200 =
        # 1,700; 65+ 400 + 200 + 100 = 700; 75+ 150 + 100 + 40 = 290; 85+ 50 + 20 = 70;
        # aging 700 ÷ 1,700 = 41.18 → 41.2%; P1 (30) and P4 (10): 2 places, 40 ÷ 700 = 5.7%.
        p = north.indicators.population
        self.assertEqual((p.total, p.age65, p.age75, p.age85), (1700, 700, 290, 70))
        self.assertEqual(p.aging_rate, Decimal("41.2"))
        self.assertEqual(
            (north.indicators.kayoi, north.indicators.registered, north.indicators.participation),
            (2, 40, Decimal("5.7")),
        )
        self.assertEqual([t.indicators.name for t in north.towns], ["赤坂町", "石川町", "上野町"])
        # 南部 as it was: 桜町 800 + 白旗町 300 = 1,100; 65+ 400.
        self.assertEqual(
            (south.indicators.population.total, south.indicators.population.age65), (1100, 400)
        )

    def test_the_analysis_page_of_the_closed_year_lists_it(self) -> None:
        self.client.force_login(self.admin)
        url = reverse("analysis:overview", args=[self.c.city.code])
        self.assertContains(self.client.get(url, {"year": 2025}), "北部圏域")
        self.assertNotContains(self.client.get(url), "北部圏域")
