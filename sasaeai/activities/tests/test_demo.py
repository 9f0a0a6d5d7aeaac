"""The demo city's two years of coordinator activity: 8 coordinators, connecting work that
grows each 年度, and 丘陵圏域 with the fewest つなぎ."""

import datetime
from collections import Counter

import time_machine

from sasaeai.accounts.constants import Role
from sasaeai.accounts.models import RoleAssignment
from sasaeai.activities.models import Activity, Connection
from sasaeai.tests.demo_city import DEMO_NOW as NOW
from sasaeai.tests.demo_city import DemoCityTestCase
from sasaeai.utils.fiscal_year import fiscal_year


@time_machine.travel(NOW, tick=False)
class DemoActivityTests(DemoCityTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city, cls.summary = cls.demo.city, cls.demo.activity

    def test_eight_coordinators_one_layer_1_and_seven_layer_2(self) -> None:
        logged = (
            RoleAssignment.objects.filter(municipality=self.city, user__activities__isnull=False)
            .values_list("user_id", "role")
            .distinct()
        )
        roles = Counter(role for _user, role in logged)
        self.assertEqual(roles, Counter({Role.SC_LAYER2: 7, Role.SC_LAYER1: 1}))
        self.assertEqual(self.summary.coordinators, 8)

    def test_two_years_of_activity_up_to_today(self) -> None:
        days = Activity.objects.filter(municipality=self.city).values_list("done_on", flat=True)
        # 24 months back from November 2026: from December 2024.
        self.assertGreaterEqual(min(days), datetime.date(2024, 12, 1))
        self.assertLessEqual(max(days), datetime.date(2026, 11, 27))
        self.assertEqual(len(days), self.summary.activities)

    def test_connections_grow_year_on_year_and_the_hills_lag(self) -> None:
        per_year = Counter(
            fiscal_year(d) for d in Connection.objects.values_list("made_on", flat=True)
        )
        # 令和7年度 (a whole year) has more than the four months of 令和6年度, and 令和8年度's
        # eight months already more than 令和7年度.
        self.assertLess(per_year[2024], per_year[2025])
        self.assertLess(per_year[2025], per_year[2026])
        per_area = Counter(Connection.objects.values_list("activity__areas__name", flat=True))
        hills = per_area.pop("丘陵圏域")
        self.assertTrue(all(hills * 2 < n for n in per_area.values()))

    def test_the_network_grows_and_the_hills_keep_many_isolated_actors(self) -> None:
        from sasaeai.activities import network
        from sasaeai.areas.models import Area

        data = network.network_data(self.city)
        ties = [
            network.metrics_of(
                network.network_on(data, network.moment_of(year, NOW.date())), data, year
            ).ties
            for year in (2024, 2025, 2026)
        ]
        # More ties at the end of each 年度 than at the end of the one before.
        self.assertLess(ties[0], ties[1])
        self.assertLess(ties[1], ties[2])
        share = {}
        for area in Area.objects.layer2().filter(municipality=self.city):
            metrics = network.metrics_of(
                network.network_on(data, NOW.date(), area=area.pk), data, 2026
            )
            share[area.name] = len(metrics.isolated) / metrics.actors
        hills = share.pop("丘陵圏域")
        self.assertTrue(all(hills > other for other in share.values()), (hills, share))
