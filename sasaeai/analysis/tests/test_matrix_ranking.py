"""The matrix's levels and the priority ranking on small hand-worked cases."""

from decimal import Decimal

from django.test import SimpleTestCase

from sasaeai.analysis.indicators import AreaIndicators
from sasaeai.analysis.matrix import NORMAL, RICH, SHORT, matrix
from sasaeai.analysis.ranking import AreaComponents, rank
from sasaeai.areas.selectors import PopulationFigures


def area(pk: int, age65: int, **counts: int) -> AreaIndicators:
    """An area with `counts` places per category (resource ids made up: 100 × area + n)."""
    return AreaIndicators(
        area_id=pk,
        name=f"圏域{pk}",
        population=PopulationFigures(age65=age65),
        members={key: tuple(range(100 * pk, 100 * pk + n)) for key, n in counts.items()},
    )


class MatrixTests(SimpleTestCase):
    def test_cells_against_the_municipal_median(self) -> None:
        areas = [
            area(1, 1000, exercise=1, tea=0),
            area(2, 1000, exercise=3, tea=2),
            area(3, 2000, exercise=2, tea=4),
            area(4, 0, exercise=1),  # no residents 65+: not judged, not in the median
        ]
        rows = matrix(areas, categories=["exercise", "tea"])
        # exercise per 1,000: 1.00, 3.00, 1.00 → median 1.00; 3.00 > 1.5 × 1.00 → 充実.
        self.assertEqual(
            [r[0].rate for r in rows[:3]], [Decimal("1.00"), Decimal("3.00"), Decimal("1.00")]
        )
        self.assertEqual([r[0].level for r in rows], [NORMAL, RICH, NORMAL, NORMAL])
        self.assertEqual(rows[0][0].median, Decimal("1.00"))
        # tea per 1,000: 0.00, 2.00, 2.00 → median 2.00; 0.00 < 0.5 × 2.00 → 不足.
        self.assertEqual([r[1].level for r in rows], [SHORT, NORMAL, NORMAL, NORMAL])
        self.assertIsNone(rows[3][1].rate)

    def test_the_thresholds_can_be_changed(self) -> None:
        areas = [area(1, 1000, tea=1), area(2, 1000, tea=2), area(3, 1000, tea=3)]
        # Median 2.00. With 不足 below 0.75× (1.50) and 充実 above 1.25× (2.50): 1.00 → 不足, 3.00 → 充実.
        rows = matrix(areas, categories=["tea"], short=Decimal("0.75"), rich=Decimal("1.25"))
        self.assertEqual([r[0].level for r in rows], [SHORT, NORMAL, RICH])


class RankingTests(SimpleTestCase):
    def test_scores_and_sentences(self) -> None:
        areas = [
            AreaComponents(1, "北部", {"late_elderly": Decimal(300), "uncovered": Decimal("42.0"), "missing_supports": Decimal(1)}),
            AreaComponents(2, "南部", {"late_elderly": Decimal(100), "uncovered": Decimal("10.0"), "missing_supports": Decimal(3)}),
            AreaComponents(3, "中央", {"late_elderly": Decimal(200), "uncovered": Decimal("26.0"), "missing_supports": Decimal(2)}),
        ]  # fmt: skip
        # min–max: 75+ (300−100)/200 → 北部 1, 南部 0, 中央 0.5; 圏外 (42−10)/32 → 1, 0, 0.5;
        # ない支援 (n−1)/2 → 0, 1, 0.5. Weights 1 each (risk is absent, so left out):
        # 北部 1+1+0 = 2, 中央 0.5×3 = 1.5, 南部 0+0+1 = 1.
        ranked = rank(areas)
        self.assertEqual(
            [(r.name, r.score) for r in ranked],
            [("北部", Decimal("2.000")), ("中央", Decimal("1.500")), ("南部", Decimal("1.000"))],
        )
        self.assertEqual(
            ranked[0].sentence,
            "75歳以上人口が市内最多（300人）、週1回以上の通いの場から800m圏外の高齢者が42.0%",
        )
        self.assertEqual(
            ranked[1].sentence,
            "75歳以上人口が200人、週1回以上の通いの場から800m圏外の高齢者が26.0%",
        )
        self.assertEqual(ranked[2].sentence, "ない生活支援が3種類")

    def test_weights_change_the_order(self) -> None:
        areas = [
            AreaComponents(
                1, "北部", {"late_elderly": Decimal(300), "missing_supports": Decimal(0)}
            ),
            AreaComponents(
                2, "南部", {"late_elderly": Decimal(100), "missing_supports": Decimal(4)}
            ),
        ]
        # Weight 3 on ない支援: 南部 3 × 1 = 3 > 北部 1 × 1 = 1.
        ranked = rank(areas, {"late_elderly": Decimal(1), "missing_supports": Decimal(3)})
        self.assertEqual(
            [(r.name, r.score) for r in ranked],
            [("南部", Decimal("3.000")), ("北部", Decimal("1.000"))],
        )

    def test_equal_figures_give_no_points(self) -> None:
        areas = [AreaComponents(i, f"圏域{i}", {"uncovered": Decimal(10)}) for i in (1, 2)]
        self.assertEqual([(r.score, r.sentence) for r in rank(areas)], [(Decimal("0.000"), "")] * 2)


class WithinTests(SimpleTestCase):
    def test_the_whole_is_named_by_the_municipality_kind(self) -> None:
        from sasaeai.analysis.ranking import within_of

        self.assertEqual(
            [within_of(n) for n in ("サンプル市", "奥多摩町", "檜原村", "千代田区", "")],
            ["市内", "町内", "村内", "区内", "市内"],
        )

    def test_a_town_says_machinai(self) -> None:
        areas = [
            AreaComponents(1, "北部", {"late_elderly": Decimal(300)}),
            AreaComponents(2, "南部", {"late_elderly": Decimal(100)}),
        ]
        # 北部 has the most 75+ (300): 「町内最多」 when the whole is a 町.
        ranked = rank(areas, {"late_elderly": Decimal(1)}, within="町内")
        self.assertEqual(ranked[0].sentence, "75歳以上人口が町内最多（300人）")
