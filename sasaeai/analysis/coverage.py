"""Walking coverage: the share of residents aged 65+ who live within a walk of a place that
meets weekly or more. Distances are straight lines multiplied by a detour factor (streets are
not straight), and people are counted at the points their population is known (a town's
centre, or a 500 m mesh's centre)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sasaeai.utils.geo import distance_m

RADII_M = (500, 800, 1000)
DEFAULT_DETOUR = Decimal("1.3")


@dataclass(frozen=True)
class People:
    """Residents 65+ counted at one point."""

    latitude: float
    longitude: float
    count: int


@dataclass(frozen=True)
class Covered:
    """How many of the people are within the radius, of how many, and the share in %."""

    radius_m: int
    covered: int
    total: int

    @property
    def share(self) -> Decimal | None:
        if not self.total:
            return None
        return (Decimal(100 * self.covered) / self.total).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    @property
    def uncovered(self) -> int:
        return self.total - self.covered


def walking_m(straight_m: float, detour: Decimal) -> float:
    """The walk a straight line stands for (straight × detour factor)."""
    return straight_m * float(detour)


def coverage(
    people: Iterable[People],
    places: Sequence[tuple[float, float]],
    radii: Sequence[int] = RADII_M,
    detour: Decimal = DEFAULT_DETOUR,
) -> list[Covered]:
    """For each radius, the people whose nearest place is within that walk."""
    points = list(people)
    nearest = [
        min(
            (
                walking_m(distance_m(p.latitude, p.longitude, lat, lng), detour)
                for lat, lng in places
            ),
            default=float("inf"),
        )
        for p in points
    ]
    total = sum(p.count for p in points)
    return [
        Covered(
            radius_m=radius,
            covered=sum(
                p.count for p, metres in zip(points, nearest, strict=True) if metres <= radius
            ),
            total=total,
        )
        for radius in radii
    ]
