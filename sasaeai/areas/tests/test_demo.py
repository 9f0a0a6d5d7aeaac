import csv
from decimal import Decimal

from django.db import transaction
from django.test import TestCase

from sasaeai.accounts.constants import Role
from sasaeai.accounts.demo import DEMO_USERS
from sasaeai.accounts.models import RoleAssignment
from sasaeai.areas import selectors
from sasaeai.areas.constants import MUNICIPALITY_MASTER_CSV
from sasaeai.areas.demo import DEMO_CODE, build
from sasaeai.areas.models import Area, Town
from sasaeai.tests.demo_city import DemoCityTestCase
from sasaeai.utils.lgcode import is_valid_lgcode


class DemoCityTests(DemoCityTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = cls.demo.city
        as_of = selectors.latest_population_date(cls.city)
        assert as_of is not None
        cls.figures = selectors.municipality_population(cls.city, as_of)

    def test_the_demo_code_is_valid_and_used_by_no_real_municipality(self) -> None:
        self.assertTrue(is_valid_lgcode(DEMO_CODE))
        with MUNICIPALITY_MASTER_CSV.open(encoding="utf-8-sig") as handle:
            real_codes = {row["lgcode"] for row in csv.DictReader(handle)}
        self.assertEqual(len(real_codes), 1916)
        self.assertNotIn(DEMO_CODE, real_codes)

    def test_the_city_is_marked_fictional_and_has_seven_daily_living_areas(self) -> None:
        self.assertTrue(self.city.is_demo)
        self.assertEqual(self.city.name, "サンプル市")
        self.assertEqual(Area.objects.layer2().filter(municipality=self.city).count(), 7)
        self.assertEqual(Town.objects.filter(municipality=self.city).count(), 25)

    def test_about_85000_residents_with_an_aging_rate_near_27_percent(self) -> None:
        self.assertTrue(80_000 <= self.figures.total <= 90_000, self.figures.total)
        self.assertTrue(Decimal("25.0") <= self.figures.aging_rate <= Decimal("29.0"))  # type: ignore[operator]

    def test_the_age_structure_differs_by_town(self) -> None:
        as_of = selectors.latest_population_date(self.city)
        rates = {f.aging_rate for f in selectors.town_population(self.city, as_of).values()}  # type: ignore[arg-type]
        self.assertGreater(max(rates) - min(rates), Decimal("10"))  # type: ignore[operator]

    def test_towns_lie_around_the_demo_centre(self) -> None:
        for lat, lng in Town.objects.values_list("latitude", "longitude"):
            self.assertTrue(35.70 <= lat <= 35.79 and 139.37 <= lng <= 139.48, (lat, lng))

    def test_there_is_one_user_per_role(self) -> None:
        # The activity demo adds six more layer-2 coordinators; the users of accounts.demo are
        # one per role.
        usernames = [username for username, *_ in DEMO_USERS]
        demo_users = RoleAssignment.objects.filter(user__username__in=usernames)
        roles = sorted(demo_users.values_list("role", flat=True))
        self.assertEqual(roles, sorted(Role.values))


class DemoDeterminismTests(TestCase):
    def test_the_same_seed_builds_the_same_city(self) -> None:
        def snapshot() -> list:
            with transaction.atomic():
                city = build(seed=7)
                as_of = selectors.latest_population_date(city)
                towns = Town.objects.filter(municipality=city).order_by("code")
                per_town = selectors.town_population(city, as_of)  # type: ignore[arg-type]
                result = [(t.code, t.name, t.latitude, per_town[t.pk]) for t in towns]
                transaction.set_rollback(True)
            return result

        self.assertEqual(snapshot(), snapshot())
