"""The demo city's planted unevenness shows up in the gap analysis, and its ニーズ調査 values
and the 地域課題 raised from a カルテ are there."""

from decimal import Decimal

import time_machine

from sasaeai.analysis.models import NeedsSurveyValue
from sasaeai.analysis.report import analyse
from sasaeai.councils.constants import ChallengeSource
from sasaeai.councils.models import Challenge
from sasaeai.tests.demo_city import DEMO_NOW as NOW
from sasaeai.tests.demo_city import DemoCityTestCase


@time_machine.travel(NOW, tick=False)
class DemoAnalysisTests(DemoCityTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city, cls.summary = cls.demo.city, cls.demo.analysis
        cls.analysis = analyse(cls.city)

    def area(self, name: str):  # type: ignore[no-untyped-def]
        return next(a for a in self.analysis.areas if a.name == name)

    def test_needs_survey_values_for_two_years(self) -> None:
        # 7 areas × 8 indicators × 2 years = 112.
        self.assertEqual(self.summary.values, 112)
        self.assertEqual(NeedsSurveyValue.objects.filter(municipality=self.city).count(), 112)
        hills = self.area("丘陵圏域")
        # The newest year (令和7年度) is shown: 閉じこもり傾向 26.5 against the mean of the seven
        # areas (16.2 + 18.0 + 19.4 + 17.1 + 18.8 + 14.9 + 26.5) ÷ 7 = 130.9 ÷ 7 = 18.7.
        shut_in = next(n for n in hills.needs if n.indicator == "閉じこもり傾向")
        self.assertEqual(
            (shut_in.value, shut_in.fiscal_year, shut_in.municipal_mean),
            (Decimal("26.5"), 2025, Decimal("18.7")),
        )

    def test_the_hills_have_the_fewest_weekly_places_and_the_shortest_reach(self) -> None:
        hills = self.area("丘陵圏域")
        others = [a for a in self.analysis.areas if a.name != "丘陵圏域"]
        weekly = "weekly_plus"
        self.assertTrue(
            all(
                hills.indicators.by_band.get(weekly, 0) < a.indicators.by_band[weekly]
                for a in others
            )
        )
        # Within 500 m (index 0 of 500 / 800 / 1000) no area reaches fewer residents 65+.
        self.assertTrue(all(hills.coverage[0].share < a.coverage[0].share for a in others))
        self.assertLess(hills.indicators.participation, Decimal("8.0"))

    def test_the_west_lacks_mobility_support(self) -> None:
        self.assertIn("mobility", self.area("西部圏域").indicators.missing_supports)

    def test_the_hills_rank_among_the_first_two(self) -> None:
        first_two = [r.name for r in self.analysis.ranking[:2]]
        self.assertIn("丘陵圏域", first_two)

    def test_a_challenge_raised_from_the_karte(self) -> None:
        challenge = Challenge.objects.get(source=ChallengeSource.GAP_ANALYSIS)
        self.assertEqual(challenge.area.name, "丘陵圏域")
        self.assertEqual(challenge.council.area_id, challenge.area_id)
        labels = list(challenge.evidence.values_list("label", flat=True))
        self.assertIn("丘陵圏域（令和8年11月27日現在） 65歳以上人口", labels)
