"""Whole-city population (issue #16, point 3): many municipalities publish one row a month for
the whole city (blank 地域名) and nothing per 町丁目. Those figures are shown on every page that
shows population, with their 調査日 and the reason the 圏域 have none; the 「いつの数字か」 picker
shows an earlier 調査日; and no page shows a unit without its number.

The file imported below (cp932, three 調査日, whole-city rows only), worked out by hand:

令和7年9月30日:  男 0-64 3,750 / 65-74 580 / 75-84 430 / 85+ 145 → 4,905
                 女 0-64 3,830 / 65-74 600 / 75-84 440 / 85+ 245 → 5,115
  total 4,905 + 5,115 = 10,020; 65+ = 580+430+145 + 600+440+245 = 2,440
令和7年10月31日: 男 0-64 3,720 / 65-74 590 / 75-84 440 / 85+ 148 / 不詳 2 → 4,900
                 女 0-64 3,800 / 65-74 605 / 75-84 452 / 85+ 251 / 不詳 2 → 5,110
  total 4,900 + 5,110 = 10,010 (年齢不詳 included); 65+ = 590+440+148 + 605+452+251 = 2,486;
  75+ = 440+148 + 452+251 = 1,291; 85+ = 148 + 251 = 399;
  aging rate 2,486 / 10,010 = 24.835…% → 24.8%; 75+ rate 1,291 / 10,010 = 12.897…% → 12.9%
令和7年11月30日: 男 0-64 3,700 / 65-74 600 / 75-84 450 / 85+ 150 → 4,900
                 女 0-64 3,800 / 65-74 600 / 75-84 450 / 85+ 250 → 5,100
  total 4,900 + 5,100 = 10,000; 65+ = 600+450+150 + 600+450+250 = 2,500;
  75+ = 450+150 + 450+250 = 1,300; 85+ = 150 + 250 = 400;
  aging rate 2,500 / 10,000 = 25.0%; 75+ rate 1,300 / 10,000 = 13.0%
"""

import datetime
import io
import re
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import time_machine
from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.analysis.report import analyse, analyse_all
from sasaeai.areas.tests.factories import (
    AreaFactory,
    Layer2AreaFactory,
    MunicipalityFactory,
    TownFactory,
    population,
    whole_population,
)
from sasaeai.core.imports import batch_commit, batch_create, batch_preview
from sasaeai.councils.models import ChallengeEvidence

NOW = datetime.datetime(2025, 12, 10, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
NO_AREA = "町丁目別の人口がないため、圏域ごとの数は出せません"
NO_TOWN = "この調査日の町丁目別の人口はありません"

HEADER = (
    "全国地方公共団体コード,地域コード,地方公共団体名,調査年月日,地域名,総人口,男性,女性,"
    "0-64歳の男性,0-64歳の女性,65-74歳の男性,65-74歳の女性,75-84歳の男性,75-84歳の女性,"
    "85歳以上の男性,85歳以上の女性,年齢不詳の男性,年齢不詳の女性"
)
# One whole-city row a month (地域コード and 地域名 blank), as many municipalities publish.
WHOLE_CITY_CSV = (
    "\r\n".join(
        [
            HEADER,
            "132012,,八王子市,2025/9/30,,10020,4905,5115,3750,3830,580,600,430,440,145,245,0,0",
            "132012,,八王子市,2025/10/31,,10010,4900,5110,3720,3800,590,605,440,452,148,251,2,2",
            "132012,,八王子市,2025/11/30,,10000,4900,5100,3700,3800,600,600,450,450,150,250,0,0",
        ]
    )
    + "\r\n"
)


class TextOf(HTMLParser):
    """The page's text, one piece per text node (scripts and styles left out)."""

    def __init__(self) -> None:
        super().__init__()
        self.pieces: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.skip += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self.skip -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self.skip and data.strip():
            self.pieces.append(data.strip())


# A half-width % after no digit, or 人・か所 standing alone: after no digit and not inside a
# word (「—人」「 人」, but not 「千人あたり」「人口」).
BARE_PERCENT = re.compile(r"(?<![0-9])%")
BARE_COUNT = re.compile(
    r"(?<![0-9０-９\u3040-\u30ff\u4e00-\u9fff])(?:人|か所)(?![\u3040-\u30ff\u4e00-\u9fff])"
)


def bare_units(html: str) -> list[str]:
    parser = TextOf()
    parser.feed(html)
    return [p for p in parser.pieces if BARE_PERCENT.search(p) or BARE_COUNT.search(p)]


class PopulationPages:
    """Every staff page that shows population, for one municipality."""

    def pages(self, city, area, layer1) -> dict[str, str]:  # type: ignore[no-untyped-def]
        code = city.code
        return {
            "dashboard": reverse("areas:dashboard", args=[code]),
            "area_list": reverse("areas:area_list", args=[code]),
            "area_layer1": reverse("areas:area_detail", args=[code, layer1.pk]),
            "area_layer2": reverse("areas:area_detail", args=[code, area.pk]),
            "overview": reverse("analysis:overview", args=[code]),
            "matrix": reverse("analysis:matrix", args=[code]),
            "ranking": reverse("analysis:ranking", args=[code]),
            "karte": reverse("analysis:karte", args=[code, area.pk]),
            "cell": reverse("analysis:cell", args=[code, area.pk, "support:shopping"]),
        }


@time_machine.travel(NOW, tick=False)
class NoUnitWithoutItsNumberTests(PopulationPages, TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.empty = MunicipalityFactory(code="132021")  # 立川市: areas and towns, no population
        cls.empty_layer1 = AreaFactory(municipality=cls.empty, name="立川市")
        cls.empty_area = Layer2AreaFactory(municipality=cls.empty, parent=cls.empty_layer1)
        TownFactory(area=cls.empty_area, latitude=35.7, longitude=139.4)
        # 瑞穂町 13303: 1·6 + 3·5 + 3·4 + 0·3 + 3·2 = 39, 39 % 11 = 6, 11 − 6 = 5 → 133035.
        cls.town = MunicipalityFactory(code="133035", name="瑞穂町", kana="みずほまち")
        cls.town_layer1 = AreaFactory(municipality=cls.town, name="瑞穂町")
        cls.town_area = Layer2AreaFactory(municipality=cls.town, parent=cls.town_layer1)
        TownFactory(area=cls.town_area, latitude=35.77, longitude=139.35)
        # 瑞穂町 as a whole: 25,000 people, 65+ = 5,000 + 2,000 + 500 = 7,500 → 30.0%.
        whole_population(
            cls.town, {(0, 64): 17_500, (65, 74): 5_000, (75, 84): 2_000, (85, None): 500}
        )
        cls.users = {city.code: user_with_role(Role.VIEWER, city) for city in (cls.empty, cls.town)}

    def assert_every_page_has_numbers_with_units(self, city, area, layer1) -> dict[str, str]:  # type: ignore[no-untyped-def]
        self.client.force_login(self.users[city.code])
        shown = {}
        for name, url in self.pages(city, area, layer1).items():
            with self.subTest(city=city.name, page=name):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                html = response.content.decode()
                self.assertEqual(bare_units(html), [])
                shown[name] = html
        return shown

    def test_the_check_finds_a_unit_without_its_number(self) -> None:
        html = (
            '<span class="figure">%</span><td>—%</td><p>1,000人あたり—か所、—人</p>'
            "<td>5.0%</td><p>千人あたり 人口 10人 3か所</p>"
        )
        self.assertEqual(bare_units(html), ["%", "—%", "1,000人あたり—か所、—人"])

    def test_a_municipality_without_population_shows_no_bare_unit(self) -> None:
        shown = self.assert_every_page_has_numbers_with_units(
            self.empty, self.empty_area, self.empty_layer1
        )
        self.assertIn("人口データがまだ取り込まれていません。", shown["dashboard"])
        self.assertIn("人口の登録なし", shown["overview"])

    def test_a_town_with_only_whole_town_rows_shows_them_in_its_own_words(self) -> None:
        shown = self.assert_every_page_has_numbers_with_units(
            self.town, self.town_area, self.town_layer1
        )
        self.assertIn(
            "令和7年10月1日現在の人口：町全体の数（町丁目別の数はありません）。",
            shown["dashboard"],
        )
        self.assertIn("7,500人", shown["dashboard"])
        self.assertIn("30.0%", shown["dashboard"])
        self.assertIn(
            "人口は令和7年10月1日現在の町全体の数（町丁目別の数はありません）", shown["overview"]
        )
        self.assertIn("町全体 7,500人（30.0%）", shown["karte"])
        self.assertIn(NO_AREA, shown["area_list"])

    def test_the_picker_is_offered_on_the_population_pages(self) -> None:
        self.client.force_login(self.users[self.town.code])
        for name in ("dashboard", "area_list", "area_layer2"):
            with self.subTest(name):
                url = self.pages(self.town, self.town_area, self.town_layer1)[name]
                response = self.client.get(url)
                self.assertContains(response, '<label for="year-select">いつの数字か</label>')
                self.assertContains(response, "または日付を指定（その日までに調べた最新の人口）")


@time_machine.travel(NOW, tick=False)
class ImportedWholeCityPopulationTests(PopulationPages, TestCase):
    """The file above, through the importer's preview and commit, then every page."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.layer1 = AreaFactory(municipality=cls.city, name="八王子市", kana="はちおうじし")
        cls.north = Layer2AreaFactory(
            municipality=cls.city, parent=cls.layer1, name="北部圏域", kana="ほくぶけんいき"
        )
        cls.south = Layer2AreaFactory(
            municipality=cls.city, parent=cls.layer1, name="南部圏域", kana="なんぶけんいき"
        )
        for area, lat in ((cls.north, 35.67), (cls.south, 35.64)):
            TownFactory(area=area, latitude=lat, longitude=139.32)
        cls.importer = user_with_role(Role.SC_LAYER1, cls.city)
        batch = batch_create(
            municipality=cls.city,
            kind="population",
            name="人口.csv",
            data=WHOLE_CITY_CSV.encode("cp932"),
            user=cls.importer,
        )
        preview = batch_preview(batch)
        assert preview.encoding == "cp932", preview.encoding
        assert preview.error_lines == [], [r.errors for r in preview.rows]
        cls.stored = batch_commit(batch=batch, excluded_lines=[], user=cls.importer)
        cls.viewer = user_with_role(Role.VIEWER, cls.city)

    def setUp(self) -> None:
        self.client.force_login(self.viewer)

    def get(self, name: str, **query: str):  # type: ignore[no-untyped-def]
        response = self.client.get(self.pages(self.city, self.north, self.layer1)[name], query)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(bare_units(response.content.decode()), [])
        return response

    def test_three_whole_city_rows_are_stored(self) -> None:
        self.assertEqual(self.stored, 3)

    def test_the_dashboard_shows_the_newest_whole_city_figures_with_their_date(self) -> None:
        response = self.get("dashboard")
        for figure in ("10,000人", "2,500人", "1,300人", "400人", "25.0%"):
            self.assertContains(response, f'<span class="figure">{figure}</span>')
        # Each of the five cards names the 調査日.
        self.assertContains(response, "<small>令和7年11月30日現在</small>", count=5)
        self.assertContains(
            response, "令和7年11月30日現在の人口：市全体の数（町丁目別の数はありません）。"
        )
        self.assertNotContains(response, "人口データがまだ取り込まれていません")

    def test_the_dashboard_shows_an_earlier_date_chosen_with_the_picker(self) -> None:
        # 11月15日 has no row of its own: the newest on or before it is 10月31日.
        for day in ("2025-10-31", "2025-11-15"):
            with self.subTest(day):
                response = self.get("dashboard", on=day)
                for figure in ("10,010人", "2,486人", "1,291人", "399人", "24.8%"):
                    self.assertContains(response, f'<span class="figure">{figure}</span>')
                self.assertContains(response, "<small>令和7年10月31日現在</small>", count=5)
                self.assertContains(response, f'value="{day}"')

    def test_the_area_list_shows_the_city_and_why_the_areas_have_none(self) -> None:
        response = self.get("area_list")
        self.assertContains(response, "八王子市全体（令和7年11月30日現在）")
        cells = "".join(
            f'<td class="num">{v}</td>' for v in ("10,000", "2,500", "1,300", "400", "25.0%")
        )
        self.assertContains(response, cells.replace("</td><td", "</td>\n<td"))
        # 北部, 南部 and the layer-1 total.
        self.assertContains(response, f'<td colspan="5">{NO_AREA}</td>', count=3)
        self.assertNotContains(response, "データなし")
        # The links to an area keep the chosen date.
        earlier = self.get("area_list", on="2025-10-31")
        self.assertContains(earlier, "八王子市全体（令和7年10月31日現在）")
        self.assertContains(earlier, '<td class="num">10,010</td>')
        self.assertContains(earlier, '<td class="num">24.8%</td>')
        north = reverse("areas:area_detail", args=[self.city.code, self.north.pk])
        self.assertContains(earlier, f'<a href="{north}?on=2025-10-31">北部圏域</a>')

    def test_the_area_page_shows_the_city_and_why_its_towns_have_none(self) -> None:
        response = self.get("area_layer2")
        self.assertContains(response, "八王子市全体（令和7年11月30日現在）")
        self.assertContains(response, '<td class="num">2,500</td>')
        self.assertContains(response, f'<td colspan="5">{NO_TOWN}</td>')
        self.assertContains(response, f'<td colspan="5">{NO_AREA}</td>')  # the total row
        earlier = self.get("area_layer2", on="2025-10-31")
        self.assertContains(earlier, "八王子市全体（令和7年10月31日現在）")
        self.assertContains(earlier, '<td class="num">1,291</td>')
        self.assertContains(earlier, '<td class="num">399</td>')

    def test_the_analysis_shows_the_city_figures_and_why_the_areas_have_none(self) -> None:
        response = self.get("overview")
        self.assertContains(
            response,
            "令和7年12月10日現在・人口は令和7年11月30日現在の市全体の数（町丁目別の数はありません）。",
        )
        # The 八王子市全体 row: 65+ 2,500, 75+ 1,300, 85+ 400, 25.0%.
        for value in ("2,500", "1,300", "400", "25.0%"):
            self.assertContains(response, f'<td class="num">{value}</td>')
        self.assertContains(response, f'<td colspan="4">{NO_AREA}</td>', count=2)
        karte = self.get("karte")
        self.assertContains(karte, "市全体 10,000人")
        self.assertContains(karte, "市全体 2,500人（25.0%）")
        self.assertContains(karte, "市全体 1,300人（13.0%）")
        self.assertContains(karte, "市全体 400人")
        self.assertContains(karte, f'<td rowspan="4">{NO_AREA}</td>')

    def test_the_workbook_leaves_the_areas_population_blank_and_gives_the_citys(self) -> None:
        url = reverse("analysis:export", args=[self.city.code])
        book = load_workbook(io.BytesIO(self.client.get(url).content))
        rows = {row[0]: row[1:6] for row in book["圏域別の指標"].iter_rows(values_only=True)}
        # 総人口, 65歳以上, 75歳以上, 85歳以上, 高齢化率（％）.
        self.assertEqual(rows["北部圏域"], (None, None, None, None, None))
        self.assertEqual(rows["八王子市全体"], (10000, 2500, 1300, 400, 25))
        self.assertEqual(
            book["この表について"]["A2"].value,
            "令和7年12月10日現在・人口は令和7年11月30日現在の市全体の数（町丁目別の数はありません）",
        )

    def test_a_karte_made_a_challenge_says_why_the_area_has_no_population(self) -> None:
        self.client.force_login(self.importer)  # 第1層SC: may raise a 地域課題 in any area
        url = reverse("analysis:gap_challenge", args=[self.city.code, self.north.pk])
        self.client.post(url, {"title": "北部圏域の地域課題"})
        values = dict(
            ChallengeEvidence.objects.filter(challenge__title="北部圏域の地域課題").values_list(
                "label", "value"
            )
        )
        prefix = "北部圏域（令和7年12月10日現在）"
        self.assertEqual(values[f"{prefix} 65歳以上人口"], NO_AREA)
        self.assertEqual(values[f"{prefix} 75歳以上人口"], NO_AREA)

    def test_the_nationwide_pass_gives_the_same_analysis(self) -> None:
        self.assertEqual(list(analyse_all()), [analyse(self.city)])

    def test_the_analysis_of_an_earlier_day_shows_that_days_city_figures(self) -> None:
        response = self.get("overview", on="2025-10-31")
        self.assertContains(
            response,
            "令和7年10月31日現在・人口は令和7年10月31日現在の市全体の数（町丁目別の数はありません）。",
        )
        for value in ("2,486", "1,291", "399", "24.8%"):
            self.assertContains(response, f'<td class="num">{value}</td>')
        karte = self.get("karte", on="2025-10-31")
        self.assertContains(karte, "市全体 10,010人")
        self.assertContains(karte, "市全体 2,486人（24.8%）")
        self.assertContains(karte, "市全体 1,291人（12.9%）")
        self.assertContains(karte, "市全体 399人")


@time_machine.travel(NOW, tick=False)
class WholeCityAndTownRowsTests(TestCase):
    """A date with both kinds of rows keeps the towns' sum (the areas add up to it; the import
    preview names any difference); a later date with only the whole-city row is shown by
    default, pointing to the date that has town figures."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        layer1 = AreaFactory(municipality=cls.city, name="八王子市")
        cls.area = Layer2AreaFactory(municipality=cls.city, parent=layer1, name="中央圏域")
        town = TownFactory(area=cls.area, name="本町")
        # 令和7年10月1日: 本町 60 under 65 + 40 aged 65+ = 100, 40.0%; the whole-city row says
        # 105 (5 more under 65), and is not what the pages show.
        population(town, {(0, 64): 60, (65, None): 40})
        whole_population(cls.city, {(0, 64): 65, (65, None): 40})
        # 令和7年11月30日, whole city only: 80 + 120 = 200, 65+ 120 → 60.0%.
        whole_population(
            cls.city, {(0, 64): 80, (65, None): 120}, as_of=datetime.date(2025, 11, 30)
        )
        cls.viewer = user_with_role(Role.VIEWER, cls.city)

    def setUp(self) -> None:
        self.client.force_login(self.viewer)

    def test_the_newest_date_is_shown_with_a_link_to_the_town_figures(self) -> None:
        response = self.client.get(reverse("areas:dashboard", args=[self.city.code]))
        self.assertContains(response, '<span class="figure">200人</span>')
        self.assertContains(response, '<span class="figure">60.0%</span>')
        self.assertContains(
            response,
            '<a href="?on=2025-10-01">町丁目別の人口は令和7年10月1日現在のものがあります。</a>',
        )

    def test_a_date_with_both_kinds_of_rows_shows_the_towns_sum(self) -> None:
        url = reverse("areas:dashboard", args=[self.city.code])
        response = self.client.get(url, {"on": "2025-10-01"})
        # 100 (the towns' sum), not 105 (the whole-city row) nor 205 (both added).
        self.assertContains(response, '<span class="figure">100人</span>')
        self.assertContains(response, '<span class="figure">40.0%</span>')
        self.assertContains(response, "令和7年10月1日現在の人口。")
        self.assertNotContains(response, "市全体の数")
        area = self.client.get(
            reverse("areas:area_list", args=[self.city.code]), {"on": "2025-10-01"}
        )
        self.assertContains(area, '<td class="num">40.0%</td>', count=2)  # the area, the total
