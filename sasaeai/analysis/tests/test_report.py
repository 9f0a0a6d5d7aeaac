"""One municipality's whole analysis (report.analyse) on the hand-built city of `city.py`:
indicators per town and area, walking coverage from town centres or meshes, the matrix, the
ニーズ調査, the ranking, a closed 年度 read from history, and the chart geometry.
Every expected value is worked out by hand in the comments."""

import datetime
from decimal import Decimal

import time_machine
from django.test import SimpleTestCase, TestCase

from sasaeai.analysis.charts import bar_chart, coverage_map
from sasaeai.analysis.coverage import Covered, nearest_m
from sasaeai.analysis.indicators import MapPlace, town_indicators
from sasaeai.analysis.matrix import NORMAL, RICH, SHORT
from sasaeai.analysis.models import MeshPopulation, NeedsSurveyValue
from sasaeai.analysis.report import Analysis, AreaReport, analyse
from sasaeai.resources.constants import Activity, FrequencyBand, ResourceKind, ResourceStatus
from sasaeai.utils.geo import distance_m

from .city import LNG, TOKYO, build_city, lat, place

AS_OF = datetime.date(2025, 10, 1)  # the population's 調査年月日 in city.py
CLOSING = "閉じこもり傾向"
FALLS = "転倒リスク"
WILLING = "地域づくりへの参加意向（参加者として）"


class CityFixture(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.c = build_city()

    def analysis(self, fiscal_year: int | None = None) -> Analysis:
        return analyse(self.c.city, fiscal_year)

    def area(self, analysis: Analysis, name: str) -> AreaReport:
        found = analysis.area(getattr(self.c, name).pk)
        assert found is not None
        return found

    @staticmethod
    def cell(area: AreaReport, category: str):  # type: ignore[no-untyped-def]
        return next(c for c in area.cells if c.category == category)


class TownIndicatorTests(CityFixture):
    def test_each_towns_figures(self) -> None:
        towns = town_indicators(self.c.city, AS_OF)
        # 50音順 of the towns' kana: あかさか, いしかわ, うえの, さくら, しらはた, たかお.
        self.assertEqual(
            [t.name for t in towns], ["赤坂町", "石川町", "上野町", "桜町", "白旗町", "高尾町"]
        )
        # (通いの場, registered, 65+, 参加率, per 1,000)
        # 赤坂町: P1 (30): 30 ÷ 400 = 7.5%; 1 ÷ 400 × 1,000 = 2.50
        # 石川町: P4's venue (10): 10 ÷ 200 = 5.0%; 1 ÷ 200 × 1,000 = 5.00
        # 上野町: none: 0 ÷ 100 = 0.0%; 0.00
        # 桜町: P2 (12) and P4's second venue (10) = 22: 22 ÷ 300 = 7.33 → 7.3%; 2 ÷ 300 × 1,000
        #       = 6.666… → 6.67
        # 白旗町: none (the shopping bus is not a 通いの場)
        # 高尾町: P3 (20; the ended P5 is left out): 20 ÷ 500 = 4.0%; 2.00
        self.assertEqual(
            [(t.kayoi, t.registered, t.population.age65, t.participation, t.kayoi_per_1000)
             for t in towns],
            [
                (1, 30, 400, Decimal("7.5"), Decimal("2.50")),
                (1, 10, 200, Decimal("5.0"), Decimal("5.00")),
                (0, 0, 100, Decimal("0.0"), Decimal("0.00")),
                (2, 22, 300, Decimal("7.3"), Decimal("6.67")),
                (0, 0, 100, Decimal("0.0"), Decimal("0.00")),
                (1, 20, 500, Decimal("4.0"), Decimal("2.00")),
            ],
        )  # fmt: skip
        # Support types by the town of each resource's venue.
        self.assertEqual(
            [t.support_types for t in towns],
            [("shopping",), (), (), ("shopping", "watching"), ("shopping",), ()],
        )


class AreaIndicatorTests(CityFixture):
    def test_each_areas_figures(self) -> None:
        north, south, east = self.analysis().areas
        self.assertEqual(
            [a.name for a in (north, south, east)], ["北部圏域", "南部圏域", "東部圏域"]
        )
        # 北部: 1,000 + 500 + 200 = 1,700; 65+ 400 + 200 + 100 = 700; 75+ 150 + 100 + 40 = 290;
        # 85+ 50 + 20 = 70; aging 700 ÷ 1,700 = 41.18 → 41.2%.
        p = north.indicators.population
        self.assertEqual((p.total, p.age65, p.age75, p.age85), (1700, 700, 290, 70))
        self.assertEqual(p.aging_rate, Decimal("41.2"))
        # 北部: P1 (30) and P4 (10): 2 places, 40 registered; 2 ÷ 700 × 1,000 = 2.857 → 2.86;
        # 40 ÷ 700 = 5.71 → 5.7%.
        f = north.indicators
        self.assertEqual((f.kayoi, f.registered), (2, 40))
        self.assertEqual((f.kayoi_per_1000, f.participation), (Decimal("2.86"), Decimal("5.7")))
        self.assertEqual(f.by_band, {"weekly_plus": 1, "monthly_2_3": 1})
        self.assertEqual(f.by_activity, {"exercise": 2})
        # 南部: P2 (12) and P4 (10): 22 ÷ 400 = 5.5%; 2 ÷ 400 × 1,000 = 5.00.
        f = south.indicators
        self.assertEqual(
            (f.kayoi, f.registered, f.kayoi_per_1000, f.participation),
            (2, 22, Decimal("5.00"), Decimal("5.5")),
        )
        self.assertEqual(f.support_types, ("shopping", "watching"))
        # 東部: P3 (20) only: 20 ÷ 500 = 4.0%; 1 ÷ 500 × 1,000 = 2.00; aging 500 ÷ 1,000 = 50.0%.
        f = east.indicators
        self.assertEqual(
            (f.kayoi, f.registered, f.kayoi_per_1000, f.participation),
            (1, 20, Decimal("2.00"), Decimal("4.0")),
        )
        self.assertEqual(f.population.aging_rate, Decimal("50.0"))
        self.assertEqual(f.missing_supports, (
            "shopping", "meal_delivery", "watching", "housework", "garbage", "mobility",
        ))  # fmt: skip

    def test_the_municipality_counts_a_place_meeting_in_two_areas_once(self) -> None:
        whole = self.analysis().whole
        self.assertEqual(whole.name, "八王子市")
        # 3,800 residents, 65+ 1,600, 75+ 290 + 190 + 300 = 780, 85+ 70 + 50 + 100 = 220.
        p = whole.population
        self.assertEqual((p.total, p.age65, p.age75, p.age85), (3800, 1600, 780, 220))
        # P1, P2, P3 and P4 (once, though it meets in 北部 and 南部): 4 places,
        # 30 + 12 + 20 + 10 = 72 registered; 4 ÷ 1,600 × 1,000 = 2.50; 72 ÷ 1,600 = 4.5%.
        # (Counted twice it would be 5 places, 82 registered, 5.1%.)
        self.assertEqual((whole.kayoi, whole.registered), (4, 72))
        self.assertEqual((whole.kayoi_per_1000, whole.participation), (
            Decimal("2.50"), Decimal("4.5"),
        ))  # fmt: skip
        self.assertEqual(whole.by_band, {"weekly_plus": 2, "monthly_2_3": 1, "monthly": 1})


class CoverageTests(CityFixture):
    """0.001° of latitude = 111.195 m; walk = straight × 1.3 (the default detour factor)."""

    def test_each_areas_walking_coverage_from_the_town_centres(self) -> None:
        analysis = self.analysis()
        self.assertEqual(analysis.people_at, "town")
        self.assertEqual(analysis.unplaced, 0)
        north, south, east = analysis.areas
        # 北部 (weekly P1 at y 0):
        #   赤坂町 y 0: 0 m → within 500 (400 people)
        #   石川町 y 5: 5 × 111.195 = 556.0 m × 1.3 = 722.8 m → 800 and 1,000 (200)
        #   上野町 y 6: 667.2 m × 1.3 = 867.3 m → 1,000 only (100)
        # 500: 400 ÷ 700 = 57.14 → 57.1%; 800: 600 ÷ 700 = 85.71 → 85.7%; 1,000: 100.0%.
        self.assertEqual(
            north.coverage,
            (Covered(500, 400, 700), Covered(800, 600, 700), Covered(1000, 700, 700)),
        )
        self.assertEqual(
            [c.share for c in north.coverage], [Decimal("57.1"), Decimal("85.7"), Decimal("100.0")]
        )
        # 南部 (weekly P2 in the private home at y −33, its true position):
        #   桜町 y −30: 3 × 111.195 = 333.6 m × 1.3 = 433.7 m → within 500 (300)
        #   白旗町 y −38: 5 thousandths → 722.8 m → 800 and 1,000 (100)
        # 500: 300 ÷ 400 = 75.0%; 800 and 1,000: 100.0%.
        self.assertEqual(
            south.coverage,
            (Covered(500, 300, 400), Covered(800, 400, 400), Covered(1000, 400, 400)),
        )
        # 東部: 高尾町 y 30 is 30 × 111.195 × 1.3 = 4,336.6 m from P1; its own weekly group ended.
        self.assertEqual(
            east.coverage, (Covered(500, 0, 500), Covered(800, 0, 500), Covered(1000, 0, 500))
        )
        self.assertEqual(east.uncovered_share, Decimal("100.0"))
        # 北部 outside 800 m: 100 − 85.7 = 14.3%.
        self.assertEqual(north.uncovered_share, Decimal("14.3"))
        # The city: 500: 400 + 300 = 700 ÷ 1,600 = 43.75 → 43.8%;
        # 800: 400 + 200 + 300 + 100 = 1,000 ÷ 1,600 = 62.5%; 1,000: 1,100 ÷ 1,600 = 68.75 → 68.8%.
        self.assertEqual(
            [c.share for c in analysis.whole_coverage],
            [Decimal("43.8"), Decimal("62.5"), Decimal("68.8")],
        )

    def test_a_town_is_uncovered_when_fewer_than_half_live_within_800_m(self) -> None:
        analysis = self.analysis()
        towns = [t for a in analysis.areas for t in a.towns]
        self.assertEqual(
            [(t.indicators.name, t.covered.covered, t.covered.total, t.uncovered) for t in towns],
            [
                ("赤坂町", 400, 400, False),
                ("石川町", 200, 200, False),
                ("上野町", 0, 100, True),  # 867.3 m
                ("桜町", 300, 300, False),
                ("白旗町", 100, 100, False),
                ("高尾町", 0, 500, True),
            ],
        )
        self.assertEqual(
            (towns[0].latitude, towns[0].longitude, towns[0].area_id),
            (35.66, 139.33, self.c.north.pk),
        )

    def test_mesh_population_replaces_the_town_centres(self) -> None:
        # 赤坂町: a mesh at y 0 (250 people, 0 m from P1) and one at y −6 (150 people:
        # 6 × 111.195 = 667.2 m × 1.3 = 867.3 m → 1,000 only). 高尾町: one mesh at y 3 (500 people,
        # 333.6 m × 1.3 = 433.7 m from P1). The other towns have no mesh: nobody counted there.
        for code, town, y, age65 in (
            ("533935001", self.c.akasaka, 0, 250),
            ("533935002", self.c.akasaka, -6, 150),
            ("533935003", self.c.takao, 3, 500),
        ):
            MeshPopulation.objects.create(
                municipality=self.c.city, code=code, town=town, latitude=lat(y), longitude=LNG,
                total=age65 * 2, age65=age65,
            )  # fmt: skip
        analysis = self.analysis()
        self.assertEqual(analysis.people_at, "mesh")
        north, south, east = analysis.areas
        # 北部: 500: 250 ÷ 400 = 62.5%; 800: 62.5%; 1,000: 400 ÷ 400 = 100.0%.
        # (From the town centres it was 57.1%, 85.7%, 100.0%.)
        self.assertEqual(
            north.coverage,
            (Covered(500, 250, 400), Covered(800, 250, 400), Covered(1000, 400, 400)),
        )
        self.assertEqual(
            [c.share for c in north.coverage], [Decimal("62.5"), Decimal("62.5"), Decimal("100.0")]
        )
        self.assertEqual([c.share for c in south.coverage], [None, None, None])
        self.assertEqual([c.share for c in east.coverage], [Decimal("100.0")] * 3)
        # The city: 250 + 500 = 750 ÷ 900 = 83.3% within 500 and 800 m, 900 ÷ 900 within 1,000.
        self.assertEqual(
            [c.share for c in analysis.whole_coverage],
            [Decimal("83.3"), Decimal("83.3"), Decimal("100.0")],
        )
        # A town without meshes has no one to cover: not marked uncovered.
        ueno = next(t for t in north.towns if t.indicators.name == "上野町")
        self.assertEqual((ueno.covered, ueno.uncovered), (Covered(800, 0, 0), False))


class MatrixTests(CityFixture):
    def test_support_and_activity_cells_against_the_median(self) -> None:
        north, south, east = self.analysis().areas
        # 買い物: 北部 1 ÷ 700 × 1,000 = 1.43; 南部 2 ÷ 400 × 1,000 = 5.00; 東部 0.00.
        # Median 1.43; 不足 below 0.5 × 1.43 = 0.715, 充実 above 1.5 × 1.43 = 2.145.
        self.assertEqual(
            [(c.count, c.rate, c.median, c.level) for c in (
                self.cell(north, "support:shopping"),
                self.cell(south, "support:shopping"),
                self.cell(east, "support:shopping"),
            )],
            [
                (1, Decimal("1.43"), Decimal("1.43"), NORMAL),
                (2, Decimal("5.00"), Decimal("1.43"), RICH),
                (0, Decimal("0.00"), Decimal("1.43"), SHORT),
            ],
        )  # fmt: skip
        # 体操: 北部 P1 + P4 = 2 ÷ 700 → 2.86; 南部 P4 1 ÷ 400 → 2.50; 東部 0.00 → median 2.50;
        # 東部 0.00 < 1.25 → 不足; 北部 2.86 ≤ 3.75 → 標準.
        self.assertEqual(
            [(self.cell(a, "activity:exercise").rate, self.cell(a, "activity:exercise").level)
             for a in (north, south, east)],
            [(Decimal("2.86"), NORMAL), (Decimal("2.50"), NORMAL), (Decimal("0.00"), SHORT)],
        )  # fmt: skip
        # 茶話会: 北部 0.00, 南部 P2 2.50, 東部 P3 1 ÷ 500 = 2.00 → median 2.00; 北部 < 1.00 → 不足.
        self.assertEqual(
            [self.cell(a, "activity:tea").level for a in (north, south, east)],
            [SHORT, NORMAL, NORMAL],
        )
        # The resources counted in a cell.
        self.assertEqual(
            south.indicators.members["support:shopping"],
            tuple(sorted((self.c.errands.pk, self.c.bus.pk))),
        )
        self.assertEqual(
            north.indicators.members["activity:exercise"],
            tuple(sorted((self.c.p1.pk, self.c.p4.pk))),
        )


class RankingTests(CityFixture):
    def test_scores_and_sentences_without_the_needs_survey(self) -> None:
        ranking = self.analysis().ranking
        # Components (risk left out: no area has ニーズ調査 values):
        #   75歳以上: 北部 290, 南部 190, 東部 300 → (x − 190) ÷ 110: 0.90909, 0, 1
        #   800m圏外: 北部 14.3, 南部 0.0, 東部 100.0 → ÷ 100: 0.143, 0, 1
        #   ない生活支援: 北部 5, 南部 4, 東部 6 → (x − 4) ÷ 2: 0.5, 0, 1
        # 東部 1 + 1 + 1 = 3.000; 北部 0.90909 + 0.143 + 0.5 = 1.55209 → 1.552; 南部 0.000.
        self.assertEqual(
            [(r.name, r.score) for r in ranking],
            [("東部圏域", Decimal("3.000")), ("北部圏域", Decimal("1.552")),
             ("南部圏域", Decimal("0.000"))],
        )  # fmt: skip
        # The two largest weighted parts (a tie goes to the earlier component).
        self.assertEqual(
            [r.sentence for r in ranking],
            [
                "75歳以上人口が市内最多（300人）、週1回以上の通いの場から800m圏外の高齢者が100.0%",
                "75歳以上人口が290人、ない生活支援が5種類",
                "",
            ],
        )


class NeedsSurveyTests(CityFixture):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        values = {
            # indicator, 年度: 北部, 南部, 東部
            (CLOSING, 2022): ("20.0", "16.0", "25.0"),
            (CLOSING, 2025): ("18.5", "14.0", "22.0"),
            (FALLS, 2025): ("30.0", "20.0", "26.0"),
            (WILLING, 2025): ("50.0", "60.0", "40.0"),
        }
        for (indicator, year), figures in values.items():
            for area, value in zip((cls.c.north, cls.c.south, cls.c.east), figures, strict=True):
                NeedsSurveyValue.objects.create(
                    municipality=cls.c.city, area=area, indicator=indicator, fiscal_year=year,
                    value=Decimal(value),
                )  # fmt: skip

    def test_the_newest_year_is_used_with_the_municipal_mean(self) -> None:
        north = self.area(self.analysis(), "north")
        # In order of the indicator's name (地 < 転 < 閉 in Unicode); 2025 is the newest.
        # Means of 2025: 参加意向 (50 + 60 + 40) ÷ 3 = 50.0; 転倒 (30 + 20 + 26) ÷ 3 = 25.33 → 25.3;
        # 閉じこもり (18.5 + 14 + 22) ÷ 3 = 18.17 → 18.2.
        self.assertEqual(
            [(n.indicator, n.value, n.fiscal_year, n.municipal_mean, n.is_risk)
             for n in north.needs],
            [
                (WILLING, Decimal("50.0"), 2025, Decimal("50.0"), False),
                (FALLS, Decimal("30.0"), 2025, Decimal("25.3"), True),
                (CLOSING, Decimal("18.5"), 2025, Decimal("18.2"), True),
            ],
        )  # fmt: skip
        # Risk = mean of the risk figures only: (30.0 + 18.5) ÷ 2 = 24.25 → 24.3 (half up).
        self.assertEqual(north.risk, Decimal("24.3"))

    def test_a_closed_year_uses_the_newest_survey_up_to_that_year(self) -> None:
        north = self.area(self.analysis(2024), "north")
        # Only 2022 is ≤ 2024: 閉じこもり 20.0, mean (20 + 16 + 25) ÷ 3 = 20.33 → 20.3.
        self.assertEqual(
            [(n.indicator, n.value, n.fiscal_year, n.municipal_mean) for n in north.needs],
            [(CLOSING, Decimal("20.0"), 2022, Decimal("20.3"))],
        )
        self.assertEqual(north.risk, Decimal("20.0"))

    def test_the_risk_component_joins_the_ranking(self) -> None:
        ranking = self.analysis().ranking
        # Risk: 北部 24.3, 南部 (20 + 14) ÷ 2 = 17.0, 東部 (26 + 22) ÷ 2 = 24.0 → (x − 17) ÷ 7.3:
        # 1, 0, 0.958904. 東部 3 + 0.958904 = 3.958904 → 3.959; 北部 1.55209 + 1 = 2.55209 → 2.552.
        self.assertEqual(
            [(r.name, r.score) for r in ranking],
            [("東部圏域", Decimal("3.959")), ("北部圏域", Decimal("2.552")),
             ("南部圏域", Decimal("0.000"))],
        )  # fmt: skip
        # 北部's largest parts are now risk (1) and 75歳以上 (0.909).
        self.assertEqual(
            ranking[1].sentence, "ニーズ調査のリスク指標が平均24.3%、75歳以上人口が290人"
        )


class ClosedYearTests(CityFixture):
    def test_a_change_after_31_march_leaves_the_closed_year_unchanged(self) -> None:
        # 令和8年度 begins: P1 (北部's weekly group) ends, 高尾町 gets a weekly group at its
        # centre, and P3's count is corrected from 20 to 35.
        with time_machine.travel(datetime.datetime(2026, 4, 10, 10, tzinfo=TOKYO), tick=False):
            p1 = self.c.p1
            p1.status = ResourceStatus.ENDED
            p1.save()
            place(self.c.takao, name="高尾体操", kana="たかおたいそう", kind=ResourceKind.KAYOI,
                  frequency_band=FrequencyBand.WEEKLY_OR_MORE,
                  primary_activity=Activity.EXERCISE, registered_total=25)  # fmt: skip
            p3 = self.c.p3
            p3.registered_total = 35
            p3.save()
        closed = self.analysis(2025)
        self.assertEqual(closed.when.label, "令和7年度（令和8年3月31日現在）")
        self.assertEqual(closed.when.population_label, "人口は令和7年10月1日現在")
        north, _south, east = closed.areas
        # As on 2026-03-31: the same figures as the tests above.
        self.assertEqual((north.indicators.kayoi, north.indicators.registered), (2, 40))
        self.assertEqual(north.indicators.participation, Decimal("5.7"))
        self.assertEqual((east.indicators.kayoi, east.indicators.registered), (1, 20))
        self.assertEqual(
            [c.share for c in north.coverage], [Decimal("57.1"), Decimal("85.7"), Decimal("100.0")]
        )
        self.assertEqual([c.share for c in east.coverage], [Decimal("0.0")] * 3)
        self.assertEqual((closed.whole.kayoi, closed.whole.registered), (4, 72))
        self.assertEqual([r.score for r in closed.ranking], [
            Decimal("3.000"), Decimal("1.552"), Decimal("0.000"),
        ])  # fmt: skip
        today = self.analysis()
        north, _south, east = today.areas
        # Today 北部 keeps only P4 (10): 10 ÷ 700 = 1.43 → 1.4%; no weekly place within
        # reach (the nearest is 25 thousandths away).
        self.assertEqual(
            (north.indicators.kayoi, north.indicators.participation), (1, Decimal("1.4"))
        )
        self.assertEqual([c.share for c in north.coverage], [Decimal("0.0")] * 3)
        # 東部: P3 (35) and 高尾体操 (25) = 60 ÷ 500 = 12.0%; everyone 0 m from the new group.
        self.assertEqual(
            (east.indicators.kayoi, east.indicators.registered, east.indicators.participation),
            (2, 60, Decimal("12.0")),
        )
        self.assertEqual([c.share for c in east.coverage], [Decimal("100.0")] * 3)
        # The city: P2, P3, P4, 高尾体操: 12 + 35 + 10 + 25 = 82 ÷ 1,600 = 5.125 → 5.1%.
        self.assertEqual((today.whole.kayoi, today.whole.participation), (4, Decimal("5.1")))


class ChosenDayTests(CityFixture):
    def test_a_day_reads_the_registry_at_the_end_of_that_day(self) -> None:
        # The same change as above, on 2026-04-10 at 10:00 in Tokyo.
        with time_machine.travel(datetime.datetime(2026, 4, 10, 10, tzinfo=TOKYO), tick=False):
            p3 = self.c.p3
            p3.registered_total = 35
            p3.save()
        before = analyse(self.c.city, day=datetime.date(2026, 4, 9))
        after = analyse(self.c.city, day=datetime.date(2026, 4, 10))
        self.assertEqual(before.when.label, "令和8年4月9日現在")
        self.assertEqual(before.when.population_label, "人口は令和7年10月1日現在")
        # 東部: P3 alone, 20 registered on the 9th (20 ÷ 500 = 4.0%), 35 by the end of the 10th.
        self.assertEqual(
            (before.areas[2].indicators.registered, before.areas[2].indicators.participation),
            (20, Decimal("4.0")),
        )
        self.assertEqual(after.areas[2].indicators.registered, 35)


class NearestTests(SimpleTestCase):
    def test_it_agrees_with_the_haversine_of_geo(self) -> None:
        points = [(35.663, 139.33), (35.7, 139.5), (34.0, 135.0), (43.06, 141.35)]
        places = [(35.66, 139.33), (35.69, 139.4), (33.59, 130.4)]
        for point, metres in zip(points, nearest_m(points, places), strict=True):
            with self.subTest(point):
                expected = min(distance_m(*point, *p) for p in places)
                self.assertAlmostEqual(metres, expected, delta=0.01)

    def test_three_thousandths_of_a_degree_north(self) -> None:
        # 6,371,008.8 m × 0.003 × π ÷ 180 = 333.585 m.
        [metres] = nearest_m([(35.663, 139.33)], [(35.66, 139.33)])
        self.assertAlmostEqual(metres, 333.585, delta=0.01)
        self.assertEqual(nearest_m([(35.0, 139.0)], []), [float("inf")])


class BarChartTests(SimpleTestCase):
    def test_bars_are_scaled_to_the_largest_value(self) -> None:
        chart = bar_chart(
            "参加率（％）",
            "%",
            [
                ("北部圏域", Decimal("5.7"), False),
                ("八王子市全体", Decimal("4.5"), True),
                ("国の目標", Decimal("8.0"), True),
                ("値なし", None, False),
            ],
        )
        # Longest bar 320 units at 8.0: 5.7 ÷ 8 × 320 = 228.0; 4.5 ÷ 8 × 320 = 180.0.
        self.assertEqual([b.width for b in chart.bars], [228.0, 180.0, 320.0, 0])
        self.assertEqual([b.text for b in chart.bars], ["5.7%", "4.5%", "8.0%", "—"])
        self.assertEqual([b.y for b in chart.bars], [0, 28, 56, 84])
        self.assertEqual([b.is_reference for b in chart.bars], [False, True, True, False])
        # 4 rows × 28 + 4; label 220 + bars 320 + 90 for the figures.
        self.assertEqual((chart.height, chart.width), (116, 630))

    def test_whole_numbers_and_all_zero(self) -> None:
        chart = bar_chart("人数", "人", [("A", 1500, False), ("B", 500, False)])
        # 500 ÷ 1,500 × 320 = 106.67 → 106.7.
        self.assertEqual([b.width for b in chart.bars], [320.0, 106.7])
        self.assertEqual([b.text for b in chart.bars], ["1,500人", "500人"])
        zero = bar_chart("人数", "人", [("A", 0, False)])
        self.assertEqual(zero.bars[0].width, 0)


class CoverageMapTests(CityFixture):
    def test_a_private_home_is_drawn_at_its_towns_centre(self) -> None:
        analysis = self.analysis()
        # The weekly places as a map may show them: P2 (private home, truly at y −33) at 桜町's
        # centre (y −30), P1 where it is.
        self.assertEqual(
            list(analysis.places),
            [MapPlace(35.63, 139.33, True), MapPlace(35.66, 139.33, False)],
        )
        south = self.area(analysis, "south")
        drawn = coverage_map(south, analysis.places, 800, Decimal("1.30"))
        assert drawn is not None
        # Bounds: towns y −30 and −38 with 1,000 m around: 1,000 ÷ 111,195 = 0.0089932°.
        # Height 8 × 111.195 + 2,000 = 2,889.56 m; width exactly 2,000 m (the longitude margin
        # is 1,000 m at the middle latitude). The height × 0.75 = 2,167.17 m is the larger:
        # 560 ÷ 2,167.17 = 0.2584015 units per metre → width 2,000 × that = 516.8 → 517, height
        # 2,889.56 × that = 746.67 → 747.
        self.assertEqual((drawn.width, drawn.height), (517, 747))
        # 桜町: 1,000 m from the west and the north edges: 1,000 × 0.2584015 = 258.4.
        # 白旗町: (889.56 + 1,000) m from the north edge × 0.2584015 = 488.26 → 488.3.
        self.assertEqual(
            [(t.name, t.x, t.y, t.uncovered) for t in drawn.towns],
            [("桜町", 258.4, 258.4, False), ("白旗町", 258.4, 488.3, False)],
        )
        # P1 (y 0) lies north of the map; P2 is drawn on 桜町 — not at its true position,
        # (1,000 + 333.585) m × 0.2584015 = 344.6 from the north edge.
        [private] = drawn.places
        self.assertEqual((private.x, private.y, private.at_town), (258.4, 258.4, True))
        self.assertNotEqual(private.y, 344.6)
        # The walk's straight radius 800 ÷ 1.3 = 615.38 m → 159.0; 500 m → 129.2.
        self.assertEqual((drawn.radius, drawn.scale_bar), (159.0, 129.2))


class NationPassTests(CityFixture):
    """`analyse_all` reads each table once for every municipality and gives exactly what
    `analyse` gives for each one."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        from sasaeai.analysis.models import AnalysisSettings
        from sasaeai.areas.tests.factories import (
            AreaFactory,
            Layer2AreaFactory,
            MunicipalityFactory,
            TownFactory,
            population,
        )

        AnalysisSettings.objects.create(municipality=cls.c.city, detour_factor=Decimal("1.10"))
        for year, value in ((2022, "20.0"), (2025, "18.5")):
            NeedsSurveyValue.objects.create(
                municipality=cls.c.city, area=cls.c.north, indicator=CLOSING, fiscal_year=year,
                value=Decimal(value),
            )  # fmt: skip
        other = MunicipalityFactory(code="011002", name="札幌市")
        area = Layer2AreaFactory(municipality=other, parent=AreaFactory(municipality=other))
        town = TownFactory(area=area, latitude=43.06, longitude=141.35)
        population(town, {(0, 64): 500, (65, None): 250})
        place(town, name="体操の会", kana="たいそうのかい", kind=ResourceKind.KAYOI,
              frequency_band=FrequencyBand.WEEKLY_OR_MORE)  # fmt: skip
        MeshPopulation.objects.create(
            municipality=cls.c.city, code="533935991", town=cls.c.akasaka,
            latitude=lat(2), longitude=LNG, total=100, age65=40,
        )  # fmt: skip

    def test_the_same_analysis_as_one_municipality_at_a_time(self) -> None:
        from sasaeai.analysis.report import analyse_all
        from sasaeai.areas.models import Municipality

        one_by_one = [analyse(m) for m in Municipality.objects.order_by("code")]
        # Municipalities, settings, resources, placements, support tags, areas, towns, the
        # population dates, town rows and their bands, meshes, ニーズ調査: 12 statements.
        with self.assertNumQueries(12):
            together = list(analyse_all())
        self.assertEqual([a.municipality.code for a in together], ["011002", "132012"])
        self.assertEqual(together, one_by_one)
        self.assertEqual(together[1].detour, Decimal("1.10"))
        self.assertEqual(together[1].people_at, "mesh")
        self.assertEqual(together[0].whole.kayoi, 1)
        north = next(a for a in together[1].areas if a.area_id == self.c.north.pk)
        self.assertEqual([(n.value, n.fiscal_year) for n in north.needs], [(Decimal("18.5"), 2025)])
