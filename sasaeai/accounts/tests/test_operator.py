"""The site operator starts a municipality on screen: search, 「利用を始める」, unions by hand."""

from django.core import mail
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.models import RoleAssignment, User
from sasaeai.accounts.selectors import municipality_search
from sasaeai.accounts.services import municipality_start, union_create_by_codes
from sasaeai.accounts.tests.factories import UserFactory, user_with_role
from sasaeai.areas.constants import Layer, MunicipalityKind
from sasaeai.areas.models import Area, Municipality
from sasaeai.areas.tests.factories import MunicipalityFactory

# The operator's URLs, each with the kwargs it needs (132209 = 東大和市 in the master).
OPERATOR_URLS = [
    ("operator:municipalities", {}),
    ("operator:start", {"code": "132209"}),
    ("operator:started", {"code": "132209"}),
    ("operator:union_create", {}),
]


class MunicipalitySearchTests(TestCase):
    def test_two_characters_find_higashiyamato_with_its_code(self) -> None:
        # The master has two names containing 「東大」: 東大和市 (東京都, 13220 → 132209) and
        # 東大阪市 (大阪府, 27227 → 272272). Check digit of 13220 by hand (weights 6,5,4,3,2):
        # 6+15+8+6+0 = 35, 35 % 11 = 2, 11-2 = 9 → 132209. (132233 is 武蔵村山市: 13223.)
        result = municipality_search("東大")

        self.assertEqual(
            [(c.code, c.name, c.prefecture) for c in result.choices],
            [("132209", "東大和市", "東京都"), ("272272", "東大阪市", "大阪府")],
        )
        self.assertEqual(result.total, 2)

    def test_a_katakana_half_width_reading_is_folded_to_hiragana(self) -> None:
        # ﾋｶﾞｼﾔﾏﾄ → NFKC ヒガシヤマト → ひがしやまと, the reading of 東大和市 alone.
        result = municipality_search("ﾋｶﾞｼﾔﾏﾄ")

        self.assertEqual([c.name for c in result.choices], ["東大和市"])

    def test_words_narrow_the_search_and_a_prefecture_counts(self) -> None:
        result = municipality_search("大阪府 東大")

        self.assertEqual([c.code for c in result.choices], ["272272"])

    def test_a_union_made_by_hand_is_found_in_the_database(self) -> None:
        members = [MunicipalityFactory(code="132012"), MunicipalityFactory(code="132021")]
        union_create_by_codes(
            code="139998", name="多摩広域連合", kana="たまこういきれんごう", prefecture="東京都",
            member_codes=[m.code for m in members], user=None,
        )  # fmt: skip

        (choice,) = municipality_search("たまこういき").choices

        self.assertEqual((choice.code, choice.kind, choice.loaded), ("139998", "union", True))

    def test_the_operator_page_shows_the_code_and_the_start_link(self) -> None:
        self.client.force_login(UserFactory(is_superuser=True))

        response = self.client.get(reverse("operator:municipalities"), {"q": "東大"})

        self.assertContains(response, "<td>132209</td>", html=True)
        self.assertContains(response, reverse("operator:start", args=["132209"]))
        self.assertContains(response, "東大和市の利用を始める")


class MunicipalityStartTests(TestCase):
    def test_starting_yokohama_makes_its_18_wards_layer1_areas(self) -> None:
        # 横浜市 (141003) has 18 wards in the master, 鶴見区 (141011) to 都筑区 (141186):
        # a 指定都市, so each ward is a layer-1 area and the city itself is not one.
        result = municipality_start(code="141003", username="yokohama-admin")

        areas = Area.objects.filter(municipality=result.municipality, layer=Layer.FIRST)
        self.assertEqual(result.municipality.kind, MunicipalityKind.DESIGNATED_CITY)
        self.assertEqual(areas.count(), 18)
        self.assertEqual(result.layer1_areas, 18)
        self.assertEqual(areas.get(code="141011").name, "鶴見区")
        self.assertFalse(areas.filter(name="横浜市").exists())

    def test_starting_an_ordinary_city_makes_one_area_and_its_admin(self) -> None:
        operator = UserFactory(is_superuser=True)

        result = municipality_start(
            code="132209", username="higashiyamato", email="it@example.jp", user=operator
        )

        (area,) = Area.objects.filter(municipality=result.municipality, layer=Layer.FIRST)
        self.assertEqual((area.name, area.code), ("東大和市", "132209"))
        (assignment,) = RoleAssignment.objects.filter(user=result.admin)
        self.assertEqual(
            (assignment.role, assignment.municipality.code), (Role.MUNICIPAL_ADMIN, "132209")
        )
        # No password until the person sets one through the link.
        self.assertFalse(result.admin.has_usable_password())
        # Who did it is kept in the history of every row written.
        self.assertEqual(result.admin.history.get().history_user, operator)
        self.assertEqual(result.municipality.history.get().history_user, operator)

    def test_starting_one_already_started_is_refused_and_writes_nothing(self) -> None:
        municipality_start(code="132209", username="first")
        counts = (User.objects.count(), RoleAssignment.objects.count(), Area.objects.count())

        with self.assertRaises(ValidationError) as caught:
            municipality_start(code="132209", username="second")

        self.assertEqual(
            caught.exception.message_dict["code"],
            ["東京都東大和市は既に利用を始めています（市町村管理者がいます）。"],
        )
        self.assertEqual(
            (User.objects.count(), RoleAssignment.objects.count(), Area.objects.count()), counts
        )

    def test_an_unknown_code_and_a_taken_username_are_refused_together(self) -> None:
        UserFactory(username="taken")
        # 999997: 9*6+9*5+9*4+9*3+9*2 = 180, 180 % 11 = 4, 11-4 = 7: valid, but in no master.
        with self.assertRaises(ValidationError) as caught:
            municipality_start(code="999997", username="taken")

        self.assertEqual(
            caught.exception.message_dict,
            {
                "code": ["市町村マスタにコード「999997」の市町村がありません。"],
                "username": ["ユーザー名「taken」は既に使われています。"],
            },
        )
        self.assertFalse(Municipality.objects.exists())

    def test_the_screen_shows_the_link_once_and_mails_it(self) -> None:
        self.client.force_login(UserFactory(is_superuser=True))
        url = reverse("operator:start", args=["132209"])

        confirm = self.client.get(url)
        response = self.client.post(
            url, {"username": "higashiyamato", "email": "it@example.jp"}, follow=True
        )
        again = self.client.get(reverse("operator:started", args=["132209"]))

        self.assertContains(confirm, "第1層の圏域（1件）")
        self.assertContains(
            response, "第1層の圏域 1件と、市町村管理者「higashiyamato」を作成しました。"
        )
        self.assertContains(response, "http://testserver/accounts/password/set/")
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["it@example.jp"])
        self.assertNotContains(again, "http://testserver/accounts/password/set/")
        self.assertContains(again, "もう一度は表示しません。")

    def test_the_screen_refuses_a_second_start_in_japanese(self) -> None:
        municipality_start(code="132209", username="first")
        self.client.force_login(UserFactory(is_superuser=True))

        response = self.client.post(
            reverse("operator:start", args=["132209"]), {"username": "second"}
        )

        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "東京都東大和市は既に利用を始めています", status_code=400)
        self.assertFalse(User.objects.filter(username="second").exists())


class UnionTests(TestCase):
    def test_a_union_made_by_hand_has_its_three_members_as_layer1_areas(self) -> None:
        self.client.force_login(UserFactory(is_superuser=True))
        # 139998: 1*6+3*5+9*4+9*3+9*2 = 102, 102 % 11 = 3, 11-3 = 8 (no such code in the master).
        # Members: 八王子市 132012, 立川市 132021, and 東大和市 132209 loaded from the master.
        response = self.client.post(
            reverse("operator:union_create"),
            {
                "code": "139998", "name": "多摩広域連合", "kana": "たまこういきれんごう",
                "prefecture": "東京都", "members": "132012、132021\n132209",
            },
        )  # fmt: skip

        self.assertRedirects(response, reverse("operator:start", args=["139998"]))
        union = Municipality.objects.get(code="139998")
        self.assertEqual(union.kind, MunicipalityKind.UNION)
        self.assertEqual(
            sorted(union.members.values_list("name", flat=True)), ["八王子市", "東大和市", "立川市"]
        )
        layer1 = Area.objects.filter(municipality=union, layer=Layer.FIRST).order_by("code")
        self.assertEqual(
            [(a.code, a.member_municipality.code) for a in layer1],
            [("132012", "132012"), ("132021", "132021"), ("132209", "132209")],
        )

    def test_a_union_is_then_started_with_its_admin(self) -> None:
        union_create_by_codes(
            code="139998", name="多摩広域連合", kana="", prefecture="東京都",
            member_codes=["132012", "132021", "132209"], user=None,
        )  # fmt: skip

        result = municipality_start(code="139998", username="union-admin")

        self.assertEqual(result.layer1_areas, 3)

    def test_a_union_with_one_member_is_refused(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            union_create_by_codes(
                code="139998", name="一部事務組合", kana="", prefecture="東京都",
                member_codes=["132012"], user=None,
            )  # fmt: skip

        self.assertEqual(
            caught.exception.message_dict["members"], ["構成市町村を2つ以上指定してください。"]
        )
        self.assertFalse(Municipality.objects.exists())


class OperatorPermissionTests(TestCase):
    def test_a_municipal_admin_gets_403_on_every_operator_url(self) -> None:
        self.client.force_login(user_with_role(Role.MUNICIPAL_ADMIN, MunicipalityFactory()))
        for name, kwargs in OPERATOR_URLS:
            with self.subTest(name):
                self.assertEqual(self.client.get(reverse(name, kwargs=kwargs)).status_code, 403)
                self.assertEqual(self.client.post(reverse(name, kwargs=kwargs)).status_code, 403)

    def test_the_operator_opens_every_operator_url(self) -> None:
        self.client.force_login(UserFactory(is_superuser=True))
        for name, kwargs in OPERATOR_URLS:
            with self.subTest(name):
                self.assertEqual(self.client.get(reverse(name, kwargs=kwargs)).status_code, 200)


class OperatorHomeTests(TestCase):
    def test_the_operators_home_lists_only_municipalities_in_use(self) -> None:
        started = municipality_start(code="132209", username="higashiyamato").municipality
        MunicipalityFactory(code="132012")  # loaded but not started: no tile
        self.client.force_login(UserFactory(is_superuser=True))

        response = self.client.get(reverse("core:home"))

        self.assertContains(response, 'name="q"')
        self.assertContains(response, reverse("areas:dashboard", args=[started.code]))
        self.assertNotContains(response, reverse("areas:dashboard", args=["132012"]))
        self.assertContains(response, "1件")
