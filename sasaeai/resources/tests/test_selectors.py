import datetime

import time_machine
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.resources import selectors
from sasaeai.resources.constants import (
    Activity,
    FrequencyBand,
    OrganizationType,
    ResourceStatus,
    SupportType,
    VenueType,
)
from sasaeai.resources.models import Contact, ResourceTag, ServiceAtLocation
from sasaeai.resources.selectors import ResourceFilters
from sasaeai.resources.tests.factories import (
    LocationFactory,
    OrganizationFactory,
    ResourceFactory,
    resource_at,
)
from sasaeai.utils.text import normalize


class PublicSelectorTests(TestCase):
    """Visibility, contact privacy and the private-home rule, applied where public pages read."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.town = TownFactory(
            name="桜町",
            latitude=35.7,
            longitude=139.4,
            area=Layer2AreaFactory(municipality=cls.city, name="北部圏域"),
        )
        cls.salon = resource_at(cls.town, name="ふれあいサロン")
        home = LocationFactory(
            municipality=cls.city, name="山田さん宅", venue_type=VenueType.PRIVATE_HOME, town=cls.town,
            area=cls.town.area, town_text="桜町", street="1-2-3", latitude=35.7011, longitude=139.4022,
        )  # fmt: skip
        cls.home_salon = ResourceFactory(municipality=cls.city, name="縁側カフェ")
        ServiceAtLocation.objects.create(resource=cls.home_salon, location=home)
        Contact.objects.create(
            resource=cls.salon,
            name="窓口 太郎",
            phone="042-000-1111",
            is_public=True,
            public_consent_on=datetime.date(2025, 4, 1),
        )
        Contact.objects.create(
            resource=cls.salon, name="個人 花子", phone="090-0000-2222", is_public=False
        )
        cls.hidden = ResourceFactory(municipality=cls.city, name="非公開の会", is_public=False)
        cls.ended = ResourceFactory(
            municipality=cls.city, name="終わった会", status=ResourceStatus.ENDED
        )
        person = OrganizationFactory(
            municipality=cls.city, name="鈴木 一郎", type=OrganizationType.RESIDENT
        )
        cls.person_run = ResourceFactory(
            municipality=cls.city, name="鈴木さんの囲碁", organization=person
        )

    def test_only_public_active_resources_reach_residents(self) -> None:
        names = [r.name for r in selectors.public_resources(self.city)]
        self.assertNotIn("非公開の会", names)
        self.assertNotIn("終わった会", names)
        self.assertIn("ふれあいサロン", names)
        self.assertIsNone(selectors.public_resource(self.city, self.hidden.pk))

    def test_only_contacts_with_consent_to_publish_are_shown(self) -> None:
        salon = selectors.public_resource(self.city, self.salon.pk)
        assert salon is not None
        self.assertEqual(
            [(c.name, c.phone) for c in salon.contacts], [("窓口 太郎", "042-000-1111")]
        )

    def test_a_private_home_shows_only_its_town_without_address_name_or_pin(self) -> None:
        home_salon = selectors.public_resource(self.city, self.home_salon.pk)
        assert home_salon is not None
        (venue,) = home_salon.locations
        self.assertEqual((venue.town_name, venue.area_name), ("桜町", "北部圏域"))
        self.assertEqual(
            (venue.name, venue.address, venue.latitude, venue.longitude), ("", None, None, None)
        )
        self.assertNotIn("山田", repr(home_salon))
        self.assertNotIn("1-2-3", repr(home_salon))

    def test_a_person_running_a_group_is_not_named_publicly(self) -> None:
        resource = selectors.public_resource(self.city, self.person_run.pk)
        assert resource is not None
        self.assertEqual(resource.organization_name, "")

    def test_another_municipalitys_resources_are_never_returned(self) -> None:
        other = MunicipalityFactory(code="132021")
        self.assertEqual(selectors.public_resources(other), [])
        self.assertIsNone(selectors.public_resource(other, self.salon.pk))

    def test_a_resource_not_loaded_by_the_public_rule_cannot_be_made_public(self) -> None:
        # Loaded as staff pages load it, its private contact is at hand: to_public refuses
        # rather than choose the contacts itself.
        staff_copy = selectors.resource_detail(self.city, self.salon.pk)
        with self.assertRaises(AttributeError):
            selectors.to_public(staff_copy)

    def test_search_and_cards_see_exactly_the_public_resources(self) -> None:
        found = selectors.public_card_rows(
            selectors.public_matching(self.city, selectors.PublicFilter())
        )
        # Five resources in the city: 非公開の会 is unpublished and 終わった会 has ended.
        self.assertEqual(
            {name for _, name, *_ in found}, {"ふれあいサロン", "縁側カフェ", "鈴木さんの囲碁"}
        )


class CoordinatorListTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        north = Layer2AreaFactory(municipality=cls.city, name="北部圏域")
        south = Layer2AreaFactory(municipality=cls.city, name="南部圏域", parent=north.parent)
        cls.north_town = TownFactory(area=north, latitude=35.7, longitude=139.4)
        cls.south_town = TownFactory(area=south, latitude=35.6, longitude=139.3)
        cls.salon = resource_at(
            cls.north_town,
            name="ふれあいサロン",
            kana="ふれあいさろん",
            frequency_band=FrequencyBand.WEEKLY_OR_MORE,
        )
        cls.salon.search_text = normalize("ふれあいサロン")
        # The staff list searches its own column (resources.search_text).
        cls.salon.staff_search_text = cls.salon.search_text
        cls.salon.save()
        cls.shopping = resource_at(
            cls.south_town,
            name="買い物バス",
            kana="かいものばす",
            last_verified_on=datetime.date(2026, 6, 1),
        )
        ResourceTag.objects.create(resource=cls.salon, category="activity", value=Activity.TEA)
        ResourceTag.objects.create(
            resource=cls.shopping, category="support", value=SupportType.SHOPPING
        )
        cls.north = north

    def names(self, **filters) -> list[str]:  # type: ignore[no-untyped-def]
        page = selectors.resource_page(self.city, ResourceFilters(**filters), 1, 50)
        return [row.name for row in page.object_list]

    def test_the_list_is_in_50on_order_by_default(self) -> None:
        self.assertEqual(self.names(), ["買い物バス", "ふれあいサロン"])  # か before ふ

    def test_filters_by_area_activity_support_and_band(self) -> None:
        self.assertEqual(self.names(areas=(self.north,)), ["ふれあいサロン"])
        self.assertEqual(self.names(areas=(self.north.parent,)), ["買い物バス", "ふれあいサロン"])
        self.assertEqual(self.names(activity=Activity.TEA), ["ふれあいサロン"])
        self.assertEqual(self.names(support_type=SupportType.SHOPPING), ["買い物バス"])
        self.assertEqual(
            self.names(frequency_band=FrequencyBand.WEEKLY_OR_MORE), ["ふれあいサロン"]
        )

    def test_search_ignores_kana_and_width_differences(self) -> None:
        self.assertEqual(self.names(query="さろん"), ["ふれあいサロン"])
        self.assertEqual(self.names(query="ｻﾛﾝ"), ["ふれあいサロン"])

    @time_machine.travel(datetime.datetime(2026, 11, 26, 12, 0, tzinfo=datetime.UTC))
    def test_needs_check_means_never_verified_or_older_than_twelve_months(self) -> None:
        # 2026-06-01 is within 12 months of 2026-11-26; the salon was never verified.
        self.assertEqual(self.names(needs_check=True), ["ふれあいサロン"])

    def test_the_list_page_uses_a_fixed_number_of_queries(self) -> None:
        user = user_with_role(Role.VIEWER, self.city)
        self.client.force_login(user)
        url = reverse("resources:list", kwargs={"lgcode": "132012"})
        with CaptureQueriesContext(connection) as first:
            self.assertEqual(self.client.get(url).status_code, 200)
        for _ in range(5):
            resource_at(self.north_town)
        with self.assertNumQueries(len(first.captured_queries)):
            self.client.get(url)
        # session, user, roles, municipality, settings, count, page, venues, areas, towns,
        # and the header's unread お知らせ
        self.assertEqual(len(first.captured_queries), 11)
