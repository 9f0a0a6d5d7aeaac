"""Walking coverage: the share of residents aged 65+ who live within a walk of a place that
meets weekly or more. Distances are straight lines multiplied by a detour factor (streets are
not straight), and people are counted at the points their population is known (a town's
centre, or a 500 m mesh's centre)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import numpy

from sasaeai.utils.geo import EARTH_RADIUS_M

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


def nearest_m(
    points: Sequence[tuple[float, float]], places: Sequence[tuple[float, float]]
) -> list[float]:
    """For each point, the straight-line distance to its nearest place in metres (haversine,
    as `distance_m`; infinite with no places). Vectorised: a city's meshes × its places."""
    if not places:
        return [math.inf] * len(points)
    if not points:
        return []
    lat1, lng1 = numpy.radians(numpy.array(points, dtype=float)).T[:, :, None]
    lat2, lng2 = numpy.radians(numpy.array(places, dtype=float)).T[:, None, :]
    a = (
        numpy.sin((lat2 - lat1) / 2) ** 2
        + numpy.cos(lat1) * numpy.cos(lat2) * numpy.sin((lng2 - lng1) / 2) ** 2
    )
    metres = 2 * EARTH_RADIUS_M * numpy.arcsin(numpy.sqrt(numpy.minimum(a.min(axis=1), 1.0)))
    return [float(m) for m in metres]


def walks_m(
    people: Sequence[People], places: Sequence[tuple[float, float]], detour: Decimal
) -> list[float]:
    """Each point's walk to its nearest place (straight line × detour)."""
    return [
        walking_m(m, detour) for m in nearest_m([(p.latitude, p.longitude) for p in people], places)
    ]


def covered(counted: Sequence[tuple[int, float]], radii: Sequence[int] = RADII_M) -> list[Covered]:
    """For each radius, how many of the (people, walk in metres) pairs live within it."""
    total = sum(count for count, _walk in counted)
    return [
        Covered(radius, sum(count for count, walk in counted if walk <= radius), total)
        for radius in radii
    ]


def coverage(
    people: Iterable[People],
    places: Sequence[tuple[float, float]],
    radii: Sequence[int] = RADII_M,
    detour: Decimal = DEFAULT_DETOUR,
) -> list[Covered]:
    """For each radius, the people whose nearest place is within that walk."""
    points = list(people)
    walks = walks_m(points, places, detour)
    return covered([(p.count, w) for p, w in zip(points, walks, strict=True)], radii)
