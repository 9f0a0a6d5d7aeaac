from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import (
    AreaFactory,
    Layer2AreaFactory,
    MunicipalityFactory,
    TownFactory,
    population,
)


class AreaScreensTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        layer1 = AreaFactory(municipality=cls.city, name="八王子市", kana="はちおうじし")
        # Created out of 50音 order on purpose: わ, あ, か.
        cls.areas = [
            Layer2AreaFactory(municipality=cls.city, parent=layer1, name=name, kana=kana)
            for name, kana in (
                ("和田圏域", "わだけんいき"),
                ("青木圏域", "あおきけんいき"),
                ("川口圏域", "かわぐちけんいき"),
            )
        ]
        wada = cls.areas[0]
        cls.towns = [
            TownFactory(area=wada, name=name, kana=kana)
            for name, kana in (("松枝町", "まつえちょう"), ("相生町", "あいおいちょう"))
        ]
        # 松枝町: 40 under 65, 10 aged 65-74, 6 aged 75-84, 4 aged 85+ → total 60, 65+ 20,
        # 75+ 10, 85+ 4, rate 20/60 = 33.33… → 33.3%
        population(cls.towns[0], {(20, 64): 40, (65, 74): 10, (75, 84): 6, (85, None): 4})
        # 相生町: 30 under 65, 10 aged 65-74, 1 年齢不詳 → total 41, 65+ 10, rate 10/41 = 24.39… → 24.4%
        population(cls.towns[1], {(20, 64): 30, (65, 74): 10, (None, None): 1})
        cls.user = user_with_role(Role.VIEWER, cls.city)

    def setUp(self) -> None:
        self.client.force_login(self.user)

    def test_the_area_list_is_in_50on_order_with_figures_per_area(self) -> None:
        response = self.client.get(reverse("areas:area_list", kwargs={"lgcode": "132012"}))
        html = response.content.decode()
        positions = [html.index(name) for name in ("青木圏域", "川口圏域", "和田圏域")]
        self.assertEqual(positions, sorted(positions))
        # 和田圏域 = both towns: total 101, 65+ 30, rate 30/101 = 29.70… → 29.7%
        self.assertInHTML('<td class="num">29.7%</td>', html, count=2)  # the area row and the total

    def test_the_area_page_lists_towns_in_50on_order_with_hand_computed_figures(self) -> None:
        url = reverse("areas:area_detail", kwargs={"lgcode": "132012", "pk": self.areas[0].pk})
        response = self.client.get(url)
        html = response.content.decode()
        self.assertLess(html.index("相生町"), html.index("松枝町"))
        self.assertInHTML('<td class="num">33.3%</td>', html)
        self.assertInHTML('<td class="num">24.4%</td>', html)
        self.assertContains(response, "令和7年10月1日現在の人口")
        self.assertContains(response, "高齢化率＝65歳以上人口÷総人口（年齢不詳を含む）")

    def test_the_area_pages_use_a_fixed_number_of_queries(self) -> None:
        # session + user + role assignments + municipality, then the page's own reads; adding
        # towns or areas must not add queries.
        url = reverse("areas:area_detail", kwargs={"lgcode": "132012", "pk": self.areas[0].pk})
        # +1: the header's unread お知らせ; +1: the area's (and its layer 1's) coordinator desks.
        with self.assertNumQueries(12):
            self.client.get(url)
        TownFactory(area=self.areas[0], name="追加町", kana="ついかちょう")
        with self.assertNumQueries(12):
            self.client.get(url)
        with self.assertNumQueries(11):  # +1: the header's unread お知らせ
            self.client.get(reverse("areas:area_list", kwargs={"lgcode": "132012"}))

    def test_an_area_of_another_municipality_is_not_found_under_this_one(self) -> None:
        other = Layer2AreaFactory(municipality=MunicipalityFactory(code="132021"))
        url = reverse("areas:area_detail", kwargs={"lgcode": "132012", "pk": other.pk})
        self.assertEqual(self.client.get(url).status_code, 404)
