"""Issue #20 hole 3: residents' search never confirms who runs a place. The name of a 住民個人
organisation (a private person) is in the staff search column only; migration 0008 cleans the
rows stored before."""

import importlib

from django.apps import apps
from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.resources import services
from sasaeai.resources.constants import OrganizationType, ResourceKind, VenueType
from sasaeai.resources.models import Resource
from sasaeai.resources.services import ResourceInput
from sasaeai.resources.tests.factories import LocationFactory


class PrivateOrganizationSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        area = Layer2AreaFactory(municipality=cls.city, name="北部圏域")
        town = TownFactory(area=area, name="桜町", latitude=35.7, longitude=139.4)
        cls.user = user_with_role(Role.SC_LAYER1, cls.city)
        cls.person = services.organization_save(
            municipality=cls.city,
            user=cls.user,
            name="山田 花子",
            kana="やまだ はなこ",
            type=OrganizationType.RESIDENT,
        )
        home = LocationFactory(
            municipality=cls.city, name="山田邸", town=town, area=area,
            venue_type=VenueType.PRIVATE_HOME,
        )  # fmt: skip
        cls.place = services.resource_save(
            municipality=cls.city,
            user=cls.user,
            data=ResourceInput(
                name="縁側サロン", kana="えんがわさろん", kind=ResourceKind.KAYOI,
                organization=cls.person, locations=[home],
            ),
        )  # fmt: skip

    def public_names(self, q: str) -> list[str]:
        self.client.logout()
        url = reverse("portal:search", kwargs={"lgcode": self.city.code})
        response = self.client.get(url, {"q": q})
        self.assertEqual(response.status_code, 200)
        return [row.name for row in response.context["page"].object_list]

    def staff_finds(self, q: str) -> bool:
        self.client.force_login(self.user)
        url = reverse("resources:list", kwargs={"lgcode": self.city.code})
        return "縁側サロン" in self.client.get(url, {"q": q}).content.decode()

    def test_signed_out_the_persons_name_finds_nothing_but_the_place_name_does(self) -> None:
        for q in ("山田花子", "山田 花子", "山田", "花子"):
            with self.subTest(q):
                self.assertEqual(self.public_names(q), [])
        self.assertEqual(self.public_names("縁側サロン"), ["縁側サロン"])
        self.assertEqual(self.public_names("えんがわ"), ["縁側サロン"])

    def test_staff_still_find_the_place_by_the_persons_name(self) -> None:
        self.assertTrue(self.staff_finds("山田花子"))
        self.assertFalse(self.staff_finds("鈴木"))

    def test_a_change_of_type_or_name_is_followed_by_both_columns(self) -> None:
        # A group's name is public: once the organisation is a 自治会, residents find it by it.
        services.organization_save(
            municipality=self.city, user=self.user, organization=self.person,
            type=OrganizationType.NEIGHBORHOOD,
        )  # fmt: skip
        self.assertEqual(self.public_names("山田花子"), ["縁側サロン"])
        # Back to 住民個人 and renamed: neither name is public, staff find the new one.
        services.organization_save(
            municipality=self.city, user=self.user, organization=self.person,
            type=OrganizationType.RESIDENT, name="山田 太郎",
        )  # fmt: skip
        self.assertEqual(self.public_names("山田"), [])
        self.assertTrue(self.staff_finds("山田太郎"))
        self.assertFalse(self.staff_finds("山田花子"))

    def test_the_migration_cleans_rows_stored_with_the_persons_name(self) -> None:
        # The column as the code before 0008 stored it: name, reading, organisation.
        Resource.objects.update(
            search_text="縁側サロン\nえんがわさろん\n山田花子", staff_search_text=""
        )
        self.assertEqual(self.public_names("山田花子"), ["縁側サロン"])
        migration = importlib.import_module("sasaeai.resources.migrations.0008_staff_search_text")
        migration.recompute(apps, None)
        self.assertEqual(
            Resource.objects.values_list("search_text", "staff_search_text").get(),
            ("縁側さろん\nえんがわさろん", "縁側さろん\nえんがわさろん\n山田花子"),
        )
        self.assertEqual(self.public_names("山田花子"), [])
        self.assertTrue(self.staff_finds("山田花子"))
