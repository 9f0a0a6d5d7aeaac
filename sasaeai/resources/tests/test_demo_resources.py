import datetime
import itertools
from collections import Counter

from django.db import transaction
from django.db.models import QuerySet
from django.test import TestCase

from sasaeai.accounts import demo as accounts_demo
from sasaeai.accounts.models import User
from sasaeai.areas import demo as areas_demo
from sasaeai.areas.models import Area, Municipality
from sasaeai.resources import demo as resources_demo
from sasaeai.resources import selectors
from sasaeai.resources.constants import (
    Activity,
    FrequencyBand,
    OrganizationType,
    ResourceKind,
    ResourceStatus,
    SchedulePattern,
    SupportType,
    TagCategory,
    VenueType,
)
from sasaeai.resources.exports import hsds
from sasaeai.resources.matching import distance_m, normalize_address, similar_names
from sasaeai.resources.models import (
    Contact,
    Location,
    Organization,
    Resource,
    Schedule,
    Verification,
)
from sasaeai.resources.selectors import locations_needing_position, needs_check_q
from sasaeai.resources.tests.test_exports import service_validator
from sasaeai.resources.validators import validate_corporate_number
from sasaeai.tests.demo_city import DemoCityTestCase

REFERENCE = datetime.date(2026, 11, 1)


def build_demo(seed: int) -> tuple[Municipality, resources_demo.Summary]:
    city = areas_demo.build(seed=seed)
    accounts_demo.build(municipality=city)
    return city, resources_demo.build(municipality=city, seed=seed)


class DemoRegistryTests(DemoCityTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city, cls.summary = cls.demo.city, cls.demo.registry
        cls.areas = {a.name: a for a in Area.objects.layer2().filter(municipality=cls.city)}

    def in_area(self, name: str) -> QuerySet[Resource]:
        area = self.areas[name]
        return Resource.objects.filter(service_locations__location__area=area).distinct()

    def kayoi(self) -> QuerySet[Resource]:
        return Resource.objects.filter(municipality=self.city, kind=ResourceKind.KAYOI)

    def test_it_registers_about_250_resources_with_their_organisations_and_venues(self) -> None:
        # Literal counts read once from the build with seed 2025 (they follow from the seed).
        self.assertEqual(Resource.objects.filter(municipality=self.city).count(), 261)
        self.assertEqual(Organization.objects.filter(municipality=self.city).count(), 65)
        self.assertEqual(Location.objects.filter(municipality=self.city).count(), 95)
        self.assertEqual(
            (self.summary.resources, self.summary.organizations, self.summary.locations),
            (261, 65, 95),
        )

    def test_most_resources_are_kayoi_with_every_other_kind_present(self) -> None:
        kinds = Counter(
            Resource.objects.filter(municipality=self.city).values_list("kind", flat=True)
        )
        # From the seed: 175 通いの場 by quota + 3 planted duplicates; the rest from the tables.
        self.assertEqual(
            kinds,
            {
                ResourceKind.KAYOI: 178,
                ResourceKind.LIFE_SUPPORT: 27,
                ResourceKind.WORK_VOLUNTEER: 25,
                ResourceKind.CONSULTATION: 13,
                ResourceKind.MOBILITY: 7,
                ResourceKind.OTHER: 7,
                ResourceKind.CARE_PROVIDER: 4,
            },
        )
        self.assertEqual(
            Resource.objects.get(name="地域包括支援センター中央").kind, ResourceKind.CONSULTATION
        )

    def test_kayoi_primary_activities_are_near_the_national_mix(self) -> None:
        activities = Counter(self.kayoi().values_list("primary_activity", flat=True))
        total = sum(activities.values())
        for activity, national in (
            (Activity.EXERCISE, 54),
            (Activity.HOBBY, 21),
            (Activity.TEA, 13),
        ):
            share = 100 * activities[activity] / total
            self.assertLessEqual(abs(share - national), 8, (activity, share))

    def test_kayoi_frequency_bands_are_near_the_national_mix(self) -> None:
        bands = Counter(self.kayoi().values_list("frequency_band", flat=True))
        total = sum(bands.values())
        for band, national in (
            (FrequencyBand.WEEKLY_OR_MORE, 39),
            (FrequencyBand.TWO_OR_THREE_MONTHLY, 24),
            (FrequencyBand.MONTHLY, 32),
        ):
            share = 100 * bands[band] / total
            self.assertLessEqual(abs(share - national), 5, (band, share))

    def test_the_hills_area_has_almost_no_weekly_kayoi(self) -> None:
        hills = self.in_area("丘陵圏域").filter(kind=ResourceKind.KAYOI)
        self.assertGreater(hills.count(), 10)
        self.assertLessEqual(hills.filter(frequency_band=FrequencyBand.WEEKLY_OR_MORE).count(), 1)

    def test_the_west_area_has_no_mobility_support_at_all(self) -> None:
        west = self.in_area("西部圏域")
        self.assertGreater(west.count(), 20)
        self.assertFalse(west.filter(kind=ResourceKind.MOBILITY).exists())
        self.assertFalse(
            west.filter(
                tags__category=TagCategory.SUPPORT, tags__value=SupportType.MOBILITY
            ).exists()
        )
        # ...while every other area has some.
        for name in set(self.areas) - {"西部圏域"}:
            mobile = self.in_area(name).filter(tags__value=SupportType.MOBILITY)
            self.assertTrue(mobile.exists(), name)

    def test_most_records_of_the_east_area_are_stale_and_other_areas_are_fresh(self) -> None:
        stale = needs_check_q(self.city, today=REFERENCE)
        east = self.in_area("東部圏域")
        self.assertGreaterEqual(east.filter(stale).count(), 0.6 * east.count())
        for name in set(self.areas) - {"東部圏域"}:
            resources = self.in_area(name)
            self.assertLess(resources.filter(stale).count(), 0.25 * resources.count(), name)

    def test_verifications_lie_before_the_reference_date_and_some_have_history(self) -> None:
        dates = Verification.objects.filter(resource__municipality=self.city)
        self.assertFalse(dates.filter(verified_on__gt=REFERENCE).exists())
        per_resource = Counter(dates.values_list("resource", flat=True))
        self.assertTrue(any(count >= 2 for count in per_resource.values()))

    def test_every_organisation_type_is_present(self) -> None:
        types = set(
            Organization.objects.filter(municipality=self.city).values_list("type", flat=True)
        )
        self.assertEqual(types, set(OrganizationType.values))

    def test_corporate_numbers_pass_the_check_digit(self) -> None:
        validate_corporate_number("7000012050002")  # 国税庁, the documented example
        numbers = Organization.objects.filter(municipality=self.city).exclude(corporate_number="")
        self.assertGreaterEqual(numbers.count(), 5)
        for organization in numbers:
            validate_corporate_number(organization.corporate_number)

    def test_organisations_say_where_they_are_active(self) -> None:
        mart = Organization.objects.get(name="株式会社まちかどマート")
        self.assertEqual(
            set(mart.areas.values_list("name", flat=True)),
            {"西部圏域", "丘陵圏域", "東部圏域", "中央圏域"},
        )

    def test_every_schedule_pattern_is_used(self) -> None:
        schedules = Schedule.objects.filter(resource__municipality=self.city)
        self.assertEqual(
            set(schedules.values_list("pattern", flat=True)), set(SchedulePattern.values)
        )
        self.assertTrue(
            any(-1 in nths for nths in schedules.values_list("nths", flat=True))
        )  # 最終
        for biweekly in schedules.filter(pattern=SchedulePattern.BIWEEKLY):
            self.assertEqual(biweekly.start_date.weekday(), biweekly.weekdays[0])  # type: ignore[union-attr]
        irregular = schedules.filter(pattern=SchedulePattern.IRREGULAR).exclude(dates=[])
        self.assertTrue(irregular.exists())
        self.assertTrue(schedules.filter(closed_on_holidays=True).exists())
        self.assertTrue(schedules.filter(closed_year_end=True).exists())

    def test_private_homes_address_only_and_unplaced_venues_exist(self) -> None:
        venues = Location.objects.filter(municipality=self.city)
        self.assertGreaterEqual(venues.filter(venue_type=VenueType.PRIVATE_HOME).count(), 3)
        approximate = venues.filter(position_approximate=True).select_related("town")
        self.assertGreaterEqual(approximate.count(), 2)
        for venue in approximate:
            self.assertEqual(
                (venue.latitude, venue.longitude), (venue.town.latitude, venue.town.longitude)
            )  # type: ignore[union-attr]
        self.assertGreaterEqual(locations_needing_position(self.city).count(), 2)

    def test_venues_with_coordinates_lie_within_300_m_of_their_town(self) -> None:
        venues = Location.objects.filter(
            municipality=self.city, position_approximate=False, latitude__isnull=False
        ).select_related("town")
        for venue in venues:
            town = venue.town
            assert town is not None
            metres = distance_m(venue.latitude, venue.longitude, town.latitude, town.longitude)  # type: ignore[arg-type]
            self.assertLessEqual(metres, 301, venue.name)  # 300 m plus rounding to 6 decimals

    def test_the_planted_duplicates_are_there_and_nothing_else_looks_alike(self) -> None:
        names = Resource.objects.filter(municipality=self.city).values_list("name", flat=True)
        pairs = {frozenset(p) for p in itertools.combinations(names, 2) if similar_names(*p)}
        self.assertEqual(
            pairs,
            {
                frozenset({"いきいきサロン中央", "いきいき サロン 中央"}),
                frozenset({"囲碁・将棋クラブ", "囲碁将棋クラブ"}),
            },
        )
        first = Location.objects.get(name="中央三丁目集会所")
        second = Location.objects.get(name="中央3丁目集会所")
        self.assertEqual((first.street, second.street), ("3丁目5番2号", "3-5-2"))
        self.assertEqual(normalize_address(first.address), normalize_address(second.address))
        organizations = Organization.objects.filter(name__contains="まちかど支え合いネット")
        self.assertEqual(organizations.count(), 2)
        self.assertTrue(similar_names(*organizations.values_list("name", flat=True)))

    def test_registered_participants_add_up(self) -> None:
        counted = self.kayoi().filter(registered_total__isnull=False)
        self.assertGreater(counted.count(), 100)
        for r in counted:
            self.assertEqual(r.registered_male + r.registered_female, r.registered_total)  # type: ignore[operator]
            self.assertLessEqual(r.registered_65_74 + r.registered_75_plus, r.registered_total)  # type: ignore[operator]
            self.assertTrue(r.capacity is None or r.capacity >= r.registered_total, r.name)  # type: ignore[operator]

    def test_many_kayoi_are_free_and_the_others_cost_100_to_500_yen(self) -> None:
        self.assertGreater(self.kayoi().filter(fee_free=True).count(), self.kayoi().count() / 2)
        amounts = set(self.kayoi().exclude(fee_amount=None).values_list("fee_amount", flat=True))
        self.assertTrue(amounts and amounts <= {100, 200, 300, 500}, amounts)

    def test_some_resources_are_paused_preparing_private_or_have_pickup(self) -> None:
        resources = Resource.objects.filter(municipality=self.city)
        self.assertTrue(resources.filter(status=ResourceStatus.PAUSED).exists())
        self.assertTrue(resources.filter(status=ResourceStatus.PREPARING).exists())
        self.assertTrue(resources.filter(is_public=False).exists())
        self.assertTrue(resources.filter(pickup=True).exists())
        self.assertTrue(resources.filter(barrier_free=True).exists())

    def test_each_resource_has_a_fictional_representative_mostly_private(self) -> None:
        contacts = Contact.objects.filter(resource__municipality=self.city)
        self.assertEqual(contacts.count(), 261)
        self.assertTrue(
            all(p.startswith("042-000-") for p in contacts.values_list("phone", flat=True))
        )
        public = contacts.filter(is_public=True)
        self.assertLess(public.count(), contacts.count() / 2)
        self.assertFalse(public.filter(public_consent_on=None).exists())

    def test_everything_is_recorded_in_history_as_the_layer1_sc(self) -> None:
        sc = User.objects.get(username="demo-sc1")
        history = Resource.history.filter(municipality=self.city)
        self.assertGreaterEqual(history.count(), 261)
        self.assertEqual(set(history.values_list("history_user", flat=True)), {sc.pk})
        guessed = Resource.objects.filter(municipality=self.city, kana_is_guessed=True)
        self.assertEqual(guessed.count(), 2)  # the two duplicates typed without a reading
        self.assertFalse(Resource.objects.filter(municipality=self.city, kana_key="").exists())

    def test_every_public_demo_resource_exports_as_valid_hsds(self) -> None:
        documents = hsds.hsds_services(selectors.public_resources(self.city))
        validator = service_validator()
        invalid = [d["name"] for d in documents if any(True for _ in validator.iter_errors(d))]
        self.assertEqual(invalid, [])
        self.assertGreater(len(documents), 200)


class DemoRegistryDeterminismTests(TestCase):
    def test_the_same_seed_gives_the_same_names_and_bands(self) -> None:
        def snapshot() -> list[tuple[str, str, str]]:
            with transaction.atomic():
                city, _summary = build_demo(7)
                rows = Resource.objects.filter(municipality=city).order_by("name")
                result = list(rows.values_list("name", "frequency_band", "kind"))
                transaction.set_rollback(True)
            return result

        first = snapshot()
        self.assertGreater(len(first), 200)
        self.assertEqual(first, snapshot())
