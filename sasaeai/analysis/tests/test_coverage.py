"""Walking coverage on small hand-built cases."""

from decimal import Decimal

from django.test import SimpleTestCase

from sasaeai.analysis.coverage import Covered, People, coverage, walking_m

# On a meridian, 0.001° of latitude is 111.2 m (2π × 6,371,008.8 m / 360 / 1000 = 111.195 m).
ORIGIN = (35.0, 139.0)


def north(metres_in_thousandths: float) -> tuple[float, float]:
    """A point north of ORIGIN by n × 0.001° (n × 111.195 m)."""
    return (ORIGIN[0] + metres_in_thousandths / 1000, ORIGIN[1])


class CoverageTests(SimpleTestCase):
    def test_the_detour_factor_lengthens_the_straight_line(self) -> None:
        self.assertEqual(walking_m(400.0, Decimal("1.3")), 520.0)

    def test_people_are_counted_by_their_nearest_place(self) -> None:
        # A place at ORIGIN. Three towns north of it:
        #   3 × 111.195 = 333.6 m straight → × 1.3 = 433.7 m walk: within 500 m (20 people)
        #   5 × 111.195 = 556.0 m → 722.8 m: within 800 m only (30 people)
        #   7 × 111.195 = 778.4 m → 1,011.9 m: beyond 1 km (50 people)
        people = [
            People(*north(3), 20),
            People(*north(5), 30),
            People(*north(7), 50),
        ]
        result = coverage(people, [ORIGIN])
        self.assertEqual(
            result,
            [Covered(500, 20, 100), Covered(800, 50, 100), Covered(1000, 50, 100)],
        )
        self.assertEqual(
            [c.share for c in result], [Decimal("20.0"), Decimal("50.0"), Decimal("50.0")]
        )
        self.assertEqual(result[0].uncovered, 80)

    def test_without_a_detour_the_farthest_town_is_within_800_m(self) -> None:
        # Straight lines only: 333.6 m ≤ 500; 556.0 m and 778.4 m are both ≤ 800 (and ≤ 1,000).
        people = [People(*north(3), 20), People(*north(5), 30), People(*north(7), 50)]
        result = coverage(people, [ORIGIN], detour=Decimal("1.0"))
        self.assertEqual([c.covered for c in result], [20, 100, 100])

    def test_a_second_place_covers_the_far_town(self) -> None:
        people = [People(*north(3), 20), People(*north(7), 50)]
        # A place at 7 × 0.001° north: the far town is 0 m from it.
        result = coverage(people, [ORIGIN, north(7)])
        self.assertEqual([c.covered for c in result], [70, 70, 70])

    def test_no_places_covers_no_one_and_no_people_has_no_share(self) -> None:
        self.assertEqual(coverage([People(*ORIGIN, 10)], [])[0], Covered(500, 0, 10))
        self.assertIsNone(coverage([], [ORIGIN])[0].share)
