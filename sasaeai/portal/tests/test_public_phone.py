"""A venue's or an organisation's public 代表電話 and a resource's ホームページ reach residents
(issue #22): the place's page, the print list and the map's pins, with where the number was
taken from; never a private home's or a 住民個人's number, and only web addresses as links.

Three places of 北部圏域 (八王子市, 132012):
- 桜町サロン meets at 桜町集会所, which has its own number 042-111-2222 → that number;
- さくら会デイサービス meets at さくら会事務所 (no number of its own) and is run by 社会福祉法人
  さくら会 (042-333-4444) → the organisation's number, and its ホームページ;
- 縁側カフェ meets at a private home, run by a 住民個人 → no number: the coordinator is named."""

import re

from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.resources import services
from sasaeai.resources.constants import OrganizationType, ResourceKind, VenueType
from sasaeai.resources.models import Location, Organization
from sasaeai.resources.selectors import (
    PublicPhone,
    organization_phone,
    public_url,
    venue_phone,
)
from sasaeai.resources.services import ResourceInput

HALL_SOURCE = "施設のホームページ（令和8年12月5日確認）"
CARE_SOURCE = "介護サービス事業所一覧（kaigo.csv、令和8年12月5日取込）"


def dd_after(html: str, term: str) -> str:
    """The <dd> after <dt>term</dt>, its whitespace runs made one space (one per page)."""
    found = re.findall(rf"<dt>{re.escape(term)}</dt>\s*<dd>(.*?)</dd>", html, re.S)
    assert len(found) == 1, (term, found)
    return " ".join(found[0].split())


class PhoneFixture(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.area = Layer2AreaFactory(municipality=cls.city, name="北部圏域")
        TownFactory(area=cls.area, name="桜町", latitude=35.7, longitude=139.4)
        user = user_with_role(Role.SC_LAYER1, cls.city)

        def venue(name: str, venue_type: str, **values: object) -> Location:
            return services.location_save(
                municipality=cls.city, user=user, name=name, venue_type=venue_type,
                prefecture="東京都", city="八王子市", town_text="桜町", **values,
            )  # fmt: skip

        hall = venue(
            "桜町集会所", VenueType.COMMUNITY_HALL, street="3-5-2", latitude=35.7005,
            longitude=139.4005, phone="042-111-2222", phone_source=HALL_SOURCE,
        )  # fmt: skip
        office = venue(
            "さくら会事務所", VenueType.OTHER, street="1-1", latitude=35.701, longitude=139.401
        )
        home = venue("山田さん宅", VenueType.PRIVATE_HOME, street="1-2-3")
        care = services.organization_save(
            municipality=cls.city, user=user, name="社会福祉法人さくら会", kana="さくらかい",
            type=OrganizationType.CARE_PROVIDER, phone="042-333-4444", phone_source=CARE_SOURCE,
        )  # fmt: skip
        person = services.organization_save(
            municipality=cls.city, user=user, name="鈴木 一郎", type=OrganizationType.RESIDENT
        )

        def place(
            name: str, kana: str, venue: Location, organization: Organization, url: str = ""
        ) -> object:
            return services.resource_save(
                municipality=cls.city, user=user,
                data=ResourceInput(
                    name=name, kana=kana, kind=ResourceKind.KAYOI, locations=[venue],
                    organization=organization, fields={"fee_free": True, "url": url},
                ),
            )  # fmt: skip

        # 50音順: えんがわ, さくらかい, さくらまち.
        cls.salon = place("桜町サロン", "さくらまちさろん", hall, care)
        cls.day = place(
            "さくら会デイサービス", "さくらかいでいさーびす", office, care,
            url="https://sakura.example.jp/day/",
        )  # fmt: skip
        cls.cafe = place("縁側カフェ", "えんがわかふぇ", home, person)

    def detail(self, resource: object) -> str:
        url = reverse("portal:detail", kwargs={"lgcode": "132012", "pk": resource.pk})  # type: ignore[attr-defined]
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()


class FilterTests(TestCase):
    """The read model's own rule, called directly: the database refuses a number on a private
    home or a 住民個人, so unsaved records stand in for a value that slipped in anyway."""

    def test_a_private_homes_number_is_never_public(self) -> None:
        home = Location(venue_type=VenueType.PRIVATE_HOME, name="山田さん宅", phone="090-1111-2222")
        self.assertIsNone(venue_phone(home))

    def test_a_residents_number_is_never_public(self) -> None:
        person = Organization(
            type=OrganizationType.RESIDENT, name="鈴木 一郎", phone="090-3333-4444"
        )
        self.assertIsNone(organization_phone(person))

    def test_a_facilitys_number_is_public_with_its_source_and_owner(self) -> None:
        hall = Location(
            venue_type=VenueType.COMMUNITY_HALL, name="桜町集会所", phone="042-111-2222",
            phone_source=HALL_SOURCE,
        )  # fmt: skip
        self.assertEqual(venue_phone(hall), PublicPhone("042-111-2222", HALL_SOURCE, "桜町集会所"))
        care = Organization(
            type=OrganizationType.CARE_PROVIDER, name="さくら会", phone="042-333-4444"
        )
        self.assertEqual(organization_phone(care), PublicPhone("042-333-4444", "", "さくら会"))
        self.assertIsNone(organization_phone(None))

    def test_only_web_addresses_are_links(self) -> None:
        self.assertEqual(public_url("https://sakura.example.jp/"), "https://sakura.example.jp/")
        self.assertEqual(public_url("HTTP://sakura.example.jp/"), "HTTP://sakura.example.jp/")
        self.assertEqual(public_url("ftp://sakura.example.jp/"), "")
        self.assertEqual(public_url("javascript:alert(1)"), "")
        self.assertEqual(public_url(""), "")


class DetailTests(PhoneFixture):
    def test_the_venues_own_number_with_its_source(self) -> None:
        self.assertEqual(
            dd_after(self.detail(self.salon), "問い合わせ先"),
            '電話: <a href="tel:042-111-2222">042-111-2222</a> '
            "<small>（出典: 施設のホームページ（令和8年12月5日確認））</small>",
        )

    def test_the_organisations_number_when_the_venue_has_none(self) -> None:
        self.assertEqual(
            dd_after(self.detail(self.day), "問い合わせ先"),
            '電話: <a href="tel:042-333-4444">042-333-4444</a> '
            "<small>（出典: 介護サービス事業所一覧（kaigo.csv、令和8年12月5日取込））</small>",
        )

    def test_a_public_number_is_a_way_to_ask_so_the_coordinator_is_not_named(self) -> None:
        self.assertNotIn("生活支援コーディネーター", self.detail(self.salon))

    def test_a_private_home_and_a_resident_give_no_number(self) -> None:
        html = self.detail(self.cafe)
        self.assertEqual(
            dd_after(html, "問い合わせ先"),
            "八王子市の生活支援コーディネーターにお問い合わせください。",
        )
        self.assertNotIn("tel:", html)

    def test_the_homepage_is_a_link_in_the_same_tab(self) -> None:
        html = self.detail(self.day)
        self.assertEqual(
            dd_after(html, "ホームページ"),
            '<a href="https://sakura.example.jp/day/" rel="noopener">'
            "さくら会デイサービスのホームページ</a>",
        )
        self.assertNotIn("<dt>ホームページ</dt>", self.detail(self.salon))


class HandoutTests(PhoneFixture):
    def test_the_print_list_gives_the_number_to_call(self) -> None:
        url = reverse("portal:print_list", kwargs={"lgcode": "132012", "pk": self.area.pk})
        html = self.client.get(url).content.decode()
        rows = re.findall(r'<th scope="row">問い合わせ</th><td>(.*?)</td>', html)
        # In 50音順: 縁側カフェ, さくら会デイサービス, 桜町サロン.
        self.assertEqual(
            rows, ["八王子市の生活支援コーディネーター", "電話: 042-333-4444", "電話: 042-111-2222"]
        )


class MapTests(PhoneFixture):
    def test_each_pin_carries_its_number_and_the_homepage(self) -> None:
        response = self.client.get(reverse("portal:map", kwargs={"lgcode": "132012"}))
        points = {p["name"]: (p["phone"], p["homepage"]) for p in response.context["points"]}
        # The private home has no pin at all.
        self.assertEqual(
            points,
            {
                "さくら会デイサービス": ("042-333-4444", "https://sakura.example.jp/day/"),
                "桜町サロン": ("042-111-2222", ""),
            },
        )
