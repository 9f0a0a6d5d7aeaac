"""Targets per 圏域 (#23): a council's writers set, change and remove them for the areas the
council covers; the analysis shows each target beside its figure, for the 年度 shown."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine
from django.core.exceptions import ValidationError
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
from sasaeai.councils import services
from sasaeai.councils.models import AreaTarget
from sasaeai.councils.tests.factories import CouncilFactory
from sasaeai.resources.constants import FrequencyBand, ResourceKind
from sasaeai.resources.tests.factories import resource_at

TOKYO = ZoneInfo("Asia/Tokyo")
NOW = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=TOKYO)  # 令和8年度


@time_machine.travel(NOW, tick=False)
class AreaTargetTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.whole = AreaFactory(municipality=cls.city, name="市全域")
        cls.north = Layer2AreaFactory(municipality=cls.city, parent=cls.whole, name="北部圏域")
        cls.south = Layer2AreaFactory(municipality=cls.city, parent=cls.whole, name="南部圏域")
        cls.layer1 = CouncilFactory(area=cls.whole, name="第1層協議体")
        cls.north_council = CouncilFactory(area=cls.north, name="北部協議体")
        cls.south_council = CouncilFactory(area=cls.south, name="南部協議体")
        cls.sc1 = user_with_role(Role.SC_LAYER1, cls.city)
        cls.sc2 = user_with_role(Role.SC_LAYER2, cls.city, area=cls.north)
        cls.viewer = user_with_role(Role.VIEWER, cls.city)
        with time_machine.travel(datetime.datetime(2026, 3, 1, 10, tzinfo=TOKYO), tick=False):
            town = TownFactory(area=cls.north)
            population(town, {(0, 64): 600, (65, 74): 300, (75, None): 100})  # 65+: 400
            weekly = {"kind": ResourceKind.KAYOI, "frequency_band": FrequencyBand.WEEKLY_OR_MORE}
            resource_at(town, **weekly, registered_total=20)
            resource_at(town, **weekly, registered_total=12)

    def set(self, council, area, indicator, year, value, user=None):  # type: ignore[no-untyped-def]
        return services.target_set(
            council=council, area=area, indicator=indicator, fiscal_year=year,
            value=Decimal(value), user=user or self.sc1,
        )  # fmt: skip

    def refused(self, field: str, message: str, *args) -> None:  # type: ignore[no-untyped-def]
        with self.assertRaises(ValidationError) as caught:
            self.set(*args)
        self.assertEqual(caught.exception.message_dict, {field: [message]})

    # --- the service ---------------------------------------------------------------------

    def test_setting_again_changes_the_target_and_removing_keeps_its_history(self) -> None:
        first = self.set(self.north_council, self.north, "participation", 2026, "10")
        again = self.set(self.north_council, self.north, "participation", 2026, "12.5", self.sc2)
        self.assertEqual(first.pk, again.pk)
        self.assertEqual(AreaTarget.objects.get().value, Decimal("12.50"))
        services.target_remove(council=self.north_council, target=again, user=self.sc2)
        self.assertFalse(AreaTarget.objects.exists())
        kinds = list(
            AreaTarget.history.order_by("history_id").values_list("history_type", flat=True)
        )
        self.assertEqual(kinds, ["+", "~", "-"])
        self.assertEqual(AreaTarget.history.latest("history_id").history_user, self.sc2)

    def test_a_layer_1_council_covers_its_area_and_the_areas_below(self) -> None:
        self.assertEqual(
            list(services.target_areas(self.layer1)), [self.whole, self.north, self.south]
        )
        self.assertEqual(list(services.target_areas(self.north_council)), [self.north])
        for area in (self.whole, self.north, self.south):
            self.set(self.layer1, area, "kayoi", 2026, "3")
        self.assertEqual(AreaTarget.objects.filter(council=self.layer1).count(), 3)

    def test_refusals_name_the_field_and_write_nothing(self) -> None:
        outside = "この協議体が受け持つ圏域を選んでください。"
        # A layer-2 council sets no target for its neighbour nor for the layer-1 area.
        self.refused("area", outside, self.north_council, self.south, "kayoi", 2026, "3")
        self.refused("area", outside, self.north_council, self.whole, "kayoi", 2026, "3")
        # Nor for another city's area.
        elsewhere = Layer2AreaFactory(municipality=MunicipalityFactory(code="132021"))
        self.refused("area", outside, self.layer1, elsewhere, "kayoi", 2026, "3")
        self.refused(
            "value", "目標値は0以上にしてください。",
            self.north_council, self.north, "kayoi", 2026, "-1",
        )  # fmt: skip
        self.refused(
            "value", "参加率の目標は100％以下にしてください。",
            self.north_council, self.north, "participation", 2026, "100.5",
        )  # fmt: skip
        self.refused("indicator", "指標を選んでください。", self.north_council, self.north,
                     "walkers", 2026, "3")  # fmt: skip
        self.assertFalse(AreaTarget.objects.exists())
        # 150 places is no percentage: only 参加率 stops at 100.
        self.set(self.north_council, self.north, "kayoi", 2026, "150")
        # The north council's target is its own: layer 1 does not overwrite it.
        self.refused(
            "area", "この圏域・指標・年度の目標は「北部協議体」が設定しています。",
            self.layer1, self.north, "kayoi", 2026, "4",
        )  # fmt: skip
        target = AreaTarget.objects.get()
        self.assertEqual((target.council, target.value), (self.north_council, Decimal("150.00")))
        with self.assertRaises(ValidationError) as caught:
            services.target_remove(council=self.layer1, target=target, user=self.sc1)
        self.assertEqual(
            caught.exception.message_dict, {"target": ["この協議体の目標ではありません。"]}
        )
        self.assertTrue(AreaTarget.objects.exists())

    # --- the page ------------------------------------------------------------------------

    def url(self, council, name: str = "targets", **kwargs) -> str:  # type: ignore[no-untyped-def]
        return reverse(
            f"councils:{name}", kwargs={"lgcode": self.city.code, "pk": council.pk, **kwargs}
        )

    def test_the_page_sets_changes_and_removes(self) -> None:
        self.client.force_login(self.sc2)
        page = self.client.get(self.url(self.north_council))
        self.assertContains(page, "まだ目標はありません。")
        data = {"area": self.north.pk, "indicator": "participation", "fiscal_year": "2026",
                "value": "10"}  # fmt: skip
        response = self.client.post(self.url(self.north_council), data)
        self.assertRedirects(response, self.url(self.north_council), fetch_redirect_response=False)
        page = self.client.get(self.url(self.north_council))
        self.assertContains(
            page, "北部圏域の令和8年度の目標（通いの場の参加率（％））を10％にしました。"
        )
        self.assertContains(page, '<td class="num">10％</td>', html=True)
        # 「変える」 opens the form filled with the target.
        target = AreaTarget.objects.get()
        change = self.client.get(
            self.url(self.north_council),
            {"area": self.north.pk, "indicator": "participation", "fiscal_year": "2026",
             "value": "10"},
        )  # fmt: skip
        self.assertContains(change, 'name="value" value="10"')
        response = self.client.post(self.url(self.north_council, "target_remove", target=target.pk))
        self.assertRedirects(response, self.url(self.north_council), fetch_redirect_response=False)
        self.assertFalse(AreaTarget.objects.exists())

    def test_a_refused_target_is_shown_with_the_input_kept(self) -> None:
        self.client.force_login(self.sc2)
        response = self.client.post(
            self.url(self.north_council),
            {"area": self.north.pk, "indicator": "participation", "fiscal_year": "2026",
             "value": "120"},
        )  # fmt: skip
        self.assertContains(response, "参加率の目標は100％以下にしてください。", status_code=400)
        self.assertContains(response, 'value="120"', status_code=400)
        self.assertFalse(AreaTarget.objects.exists())

    def test_only_the_councils_writers_reach_the_page(self) -> None:
        self.client.force_login(self.viewer)
        self.assertEqual(self.client.get(self.url(self.north_council)).status_code, 403)
        # The north coordinator does not write the south council's records.
        self.client.force_login(self.sc2)
        self.assertEqual(self.client.get(self.url(self.south_council)).status_code, 403)
        target = self.set(self.south_council, self.south, "kayoi", 2026, "3")
        response = self.client.post(self.url(self.south_council, "target_remove", target=target.pk))
        self.assertEqual(response.status_code, 403)
        # Another council's target is not found through this council's address.
        self.client.force_login(self.sc1)
        response = self.client.post(self.url(self.north_council, "target_remove", target=target.pk))
        self.assertEqual(response.status_code, 404)
        self.assertTrue(AreaTarget.objects.exists())

    def test_the_council_home_lists_the_targets_of_this_year_on(self) -> None:
        self.set(self.north_council, self.north, "participation", 2026, "10")
        self.set(self.north_council, self.north, "kayoi", 2027, "4")
        self.set(self.north_council, self.north, "kayoi", 2025, "2")  # a past 年度: not listed
        self.client.force_login(self.sc2)
        home = self.client.get(self.url(self.north_council, "home"))
        self.assertContains(
            home,
            "令和8年度 北部圏域 通いの場の参加率（％） 10％、令和9年度 北部圏域 通いの場の数（月1回以上） 4か所",
        )
        self.assertNotContains(home, "令和7年度 北部圏域")
        self.assertContains(home, f'href="{self.url(self.north_council)}"')
        # A reader sees the list without the link to the page they may not open.
        self.client.force_login(self.viewer)
        home = self.client.get(self.url(self.north_council, "home"))
        self.assertContains(home, "令和8年度 北部圏域 通いの場の参加率（％） 10％")
        self.assertNotContains(home, f'href="{self.url(self.north_council)}"')

    # --- the analysis --------------------------------------------------------------------

    def analysis(self, name: str, *args, **query):  # type: ignore[no-untyped-def]
        self.client.force_login(self.viewer)
        return self.client.get(reverse(f"analysis:{name}", args=[self.city.code, *args]), query)

    def test_the_analysis_shows_each_target_beside_its_figure(self) -> None:
        self.set(self.north_council, self.north, "participation", 2026, "10")
        self.set(self.north_council, self.north, "kayoi", 2026, "3")
        self.set(self.north_council, self.north, "kayoi_per_1000", 2025, "6")
        self.set(self.layer1, self.whole, "participation", 2026, "9")
        # Today (令和8年度): the north area has 2 places, 2 × 1,000 ÷ 400 = 5.00 per 1,000,
        # and (20 + 12) ÷ 400 = 8.0 %; its 令和8年度 targets are 3 places and 10 %.
        page = self.analysis("overview")
        self.assertContains(
            page,
            '<td class="num">2<br><span class="help">目標 3か所（令和8年度）</span></td>',
            html=True,
        )
        self.assertContains(
            page, '<td class="num">5.00</td>', html=True
        )  # its target is 令和7年度's
        self.assertContains(
            page,
            '<td class="num">8.0%<br><span class="help">目標 10％（令和8年度）</span></td>',
            html=True,
        )
        # The city's row: the one layer-1 area's target, 9 %.
        self.assertContains(
            page,
            '<td class="num">8.0%<br><span class="help">目標 9％（令和8年度）</span></td>',
            html=True,
        )
        self.assertNotContains(page, "令和7年度）</span>")
        # The closed 令和7年度 (as of 31 March 2026, the same registry): its own target only.
        page = self.analysis("overview", year="2025")
        self.assertContains(
            page,
            '<td class="num">5.00<br><span class="help">目標 6か所（令和7年度）</span></td>',
            html=True,
        )
        self.assertNotContains(page, "令和8年度）</span>")
        # The カルテ says the targets and draws the 参加率 target in its chart.
        karte = self.analysis("karte", self.north.pk)
        self.assertContains(karte, "この圏域の目標（令和8年度）：通いの場 3か所、参加率 10％")
        self.assertContains(karte, "圏域の目標（令和8年度）")
