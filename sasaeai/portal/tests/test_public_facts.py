"""Public facts stay honest (issue #22): 事前申込・送迎・バリアフリー that nobody recorded are
「お問い合わせください」 to residents, never a 「なし」 or 「申し込みはいりません」 nobody said.

Three places of one area, one per state: 不明 (nothing recorded), あり (all three True) and
なし (all three False); the expected words are the template's, written out by hand."""

import re

from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.resources import services
from sasaeai.resources.constants import ResourceKind, VenueType
from sasaeai.resources.services import ResourceInput

FACTS = ("registration_required", "pickup", "barrier_free")


def dd_after(html: str, term: str) -> str:
    """The text of the <dd> that follows <dt>term</dt> (one per page)."""
    found = re.findall(rf"<dt>{re.escape(term)}</dt>\s*<dd>(.*?)</dd>", html, re.S)
    assert len(found) == 1, (term, found)
    return found[0].strip()


class FactsFixture(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.area = Layer2AreaFactory(municipality=cls.city, name="北部圏域")
        TownFactory(area=cls.area, name="桜町", latitude=35.7, longitude=139.4)
        cls.user = user_with_role(Role.SC_LAYER1, cls.city)
        hall = services.location_save(
            municipality=cls.city, user=cls.user, name="桜町集会所",
            venue_type=VenueType.COMMUNITY_HALL, prefecture="東京都", city="八王子市",
            town_text="桜町", street="3-5-2", latitude=35.7005, longitude=139.4005,
        )  # fmt: skip

        def place(name: str, kana: str, **facts: bool) -> object:
            return services.resource_save(
                municipality=cls.city, user=cls.user,
                data=ResourceInput(
                    name=name, kana=kana, kind=ResourceKind.KAYOI, locations=[hall],
                    fields={"fee_free": True, **facts},
                ),
            )  # fmt: skip

        # Kana order (あ, い, う) is the handout's order.
        cls.unknown = place("あおぞらサロン", "あおぞらさろん")
        cls.yes = place("いこいの家", "いこいのいえ", **dict.fromkeys(FACTS, True))
        cls.no = place("うみべ体操", "うみべたいそう", **dict.fromkeys(FACTS, False))

    def detail(self, resource: object) -> str:
        url = reverse("portal:detail", kwargs={"lgcode": "132012", "pk": resource.pk})  # type: ignore[attr-defined]
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()


class StoredFactsTests(FactsFixture):
    def test_a_resource_saved_without_the_facts_has_them_unknown(self) -> None:
        self.unknown.refresh_from_db()  # type: ignore[attr-defined]
        self.assertEqual([getattr(self.unknown, f) for f in FACTS], [None, None, None])


class PortalDetailTests(FactsFixture):
    def test_pickup(self) -> None:
        self.assertEqual(dd_after(self.detail(self.unknown), "送迎"), "お問い合わせください")
        self.assertEqual(dd_after(self.detail(self.yes), "送迎"), "あり")
        self.assertEqual(dd_after(self.detail(self.no), "送迎"), "なし")

    def test_barrier_free(self) -> None:
        term = "バリアフリー"
        self.assertEqual(dd_after(self.detail(self.unknown), term), "お問い合わせください")
        self.assertEqual(dd_after(self.detail(self.yes), term), "対応しています")
        self.assertEqual(dd_after(self.detail(self.no), term), "対応していません")

    def test_registration(self) -> None:
        term = "参加のしかた"
        self.assertEqual(dd_after(self.detail(self.unknown), term), "お問い合わせください")
        self.assertEqual(dd_after(self.detail(self.yes), term), "はじめに申し込みが必要です。")
        self.assertEqual(
            dd_after(self.detail(self.no), term), "申し込みはいりません。当日そのままどうぞ。"
        )

    def test_an_unknown_resource_claims_nothing_anywhere_on_the_page(self) -> None:
        html = self.detail(self.unknown)
        for claim in ("申し込みはいりません", "当日そのままどうぞ", "対応していません"):
            self.assertNotIn(claim, html)
        self.assertNotIn("<dd>なし</dd>", html)

    def test_a_fee_neither_free_nor_known_is_asked_for_like_the_handout(self) -> None:
        services.resource_save(
            municipality=self.city, user=self.user, resource=self.no,  # type: ignore[arg-type]
            data=ResourceInput(
                name="うみべ体操", kana="うみべたいそう", kind=ResourceKind.KAYOI,
                fields={"fee_free": False},
            ),
        )  # fmt: skip
        self.assertEqual(dd_after(self.detail(self.no), "参加費"), "お問い合わせください")


class HandoutTests(FactsFixture):
    def places(self) -> dict[str, str]:
        """Each place's article of the area's print list, by name."""
        url = reverse("portal:print_list", kwargs={"lgcode": "132012", "pk": self.area.pk})
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        articles = response.content.decode().split('<article class="handout__place">')[1:]
        return {re.search(r"<h3>(?:<a [^>]*>)?([^<]+)", a)[1]: a for a in articles}  # type: ignore[index]

    def row(self, article: str, header: str) -> str:
        found = re.findall(rf'<th scope="row">{header}</th><td>(.*?)</td>', article)
        self.assertEqual(len(found), 1)
        return found[0]

    def test_registration(self) -> None:
        places = self.places()
        self.assertEqual(self.row(places["あおぞらサロン"], "申し込み"), "お問い合わせください")
        self.assertEqual(self.row(places["いこいの家"], "申し込み"), "はじめに申し込みが必要です")
        self.assertEqual(
            self.row(places["うみべ体操"], "申し込み"), "いりません（当日そのままどうぞ）"
        )

    def test_pickup_and_barrier_free_are_listed_only_when_recorded_as_yes(self) -> None:
        # The fee row adds 「・送迎あり」「・バリアフリー」 after 無料 only for a recorded あり.
        places = self.places()
        self.assertEqual(self.row(places["あおぞらサロン"], "参加費"), "無料")
        self.assertEqual(self.row(places["いこいの家"], "参加費"), "無料・送迎あり・バリアフリー")
        self.assertEqual(self.row(places["うみべ体操"], "参加費"), "無料")


class SearchFilterTests(FactsFixture):
    def names(self, **query: str) -> list[str]:
        response = self.client.get(reverse("portal:search", kwargs={"lgcode": "132012"}), query)
        self.assertEqual(response.status_code, 200)
        return [row.name for row in response.context["page"].object_list]

    def test_pickup_matches_only_a_recorded_yes(self) -> None:
        self.assertEqual(self.names(pickup="1"), ["いこいの家"])

    def test_barrier_free_matches_only_a_recorded_yes(self) -> None:
        self.assertEqual(self.names(barrier_free="1"), ["いこいの家"])

    def test_without_the_filters_all_three_are_found(self) -> None:
        self.assertEqual(self.names(), ["あおぞらサロン", "いこいの家", "うみべ体操"])


class StaffDetailTests(FactsFixture):
    def page(self, resource: object) -> str:
        self.client.force_login(self.user)
        url = reverse("resources:detail", kwargs={"lgcode": "132012", "pk": resource.pk})  # type: ignore[attr-defined]
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_each_fact_shows_unknown_yes_or_no(self) -> None:
        expected = {
            "事前申込": ("不明（未確認）", "必要", "不要"),
            "送迎": ("不明（未確認）", "あり", "なし"),
            "バリアフリー": ("不明（未確認）", "対応", "非対応"),
        }
        pages = [self.page(r) for r in (self.unknown, self.yes, self.no)]
        for term, words in expected.items():
            with self.subTest(term):
                self.assertEqual(tuple(dd_after(html, term) for html in pages), words)
