"""Finding resources entered twice: by normalised name, normalised venue address and distance."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from sasaeai.areas.models import Municipality

from .matching import distance_m, normalize_address, normalize_name, similar_names
from .models import Location, Resource, ServiceAtLocation

NEAR_METRES = 100.0
# Grid cells of about 110 m: two venues within 100 m are in the same or a neighbouring cell.
CELL_DEGREES = 0.001


@dataclass
class Candidate:
    """A resource that may be the same as another, with the reasons in Japanese."""

    resource: Resource
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Venue:
    address_key: str
    latitude: float | None
    longitude: float | None


def venue_of(location: Location) -> Venue:
    return Venue(normalize_address(location.address), location.latitude, location.longitude)


def venue_reasons(mine: Sequence[Venue], theirs: Sequence[Venue]) -> list[str]:
    """Why two sets of venues look like the same place (same address, or under 100 m apart)."""
    for a in mine:
        for b in theirs:
            if a.address_key and a.address_key == b.address_key:
                return [_("会場の住所が同じ")]
    for a in mine:
        for b in theirs:
            if None in (a.latitude, a.longitude, b.latitude, b.longitude):
                continue
            metres = distance_m(a.latitude, a.longitude, b.latitude, b.longitude)  # type: ignore[arg-type]
            if metres < NEAR_METRES:
                return [_("会場が%(metres)sm以内") % {"metres": f"{metres:.0f}"}]
    return []


def reasons_for(
    name: str, kind: str, venues: Sequence[Venue], other: Resource, other_venues: Sequence[Venue]
) -> list[str]:
    """A pair is a candidate when the names are alike (after removing legal forms and spelling
    variants); a shared or nearby venue of the same kind is added as further evidence. A venue alone
    is not enough: one community hall hosts many different activities."""
    reasons = []
    if normalize_name(name) == normalize_name(other.name):
        reasons.append(_("名称が同じ（表記ゆれを除く）"))
    elif similar_names(name, other.name):
        reasons.append(_("名称が似ている"))
    place = venue_reasons(venues, other_venues) if kind == other.kind else []
    if reasons:
        return reasons + place
    return []


def registry_with_venues(municipality: Municipality) -> list[Resource]:
    links = ServiceAtLocation.objects.select_related("location__area")
    return list(
        Resource.objects.filter(municipality=municipality)
        .prefetch_related(Prefetch("service_locations", queryset=links))
        .order_by("kana_key", "pk")
    )


def venues_of(resource: Resource) -> list[Venue]:
    return [venue_of(link.location) for link in resource.service_locations.all()]


def candidates_for(
    municipality: Municipality,
    *,
    name: str,
    kind: str,
    locations: Iterable[Location] = (),
    exclude_pk: int | None = None,
) -> list[Candidate]:
    """Existing resources that may be the one about to be saved (shown before creating)."""
    venues = [venue_of(location) for location in locations]
    found = []
    for other in registry_with_venues(municipality):
        if other.pk == exclude_pk:
            continue
        reasons = reasons_for(name, kind, venues, other, venues_of(other))
        if reasons:
            found.append(Candidate(other, reasons))
    return found


def duplicate_pairs(municipality: Municipality) -> list[tuple[Resource, Resource, list[str]]]:
    """Every likely pair in the registry. Pairs are only compared within blocks (same normalised
    name, same address, neighbouring grid cells, same name start), so this stays near-linear."""
    resources = registry_with_venues(municipality)
    venues = {r.pk: venues_of(r) for r in resources}
    blocks: dict[tuple, set[int]] = defaultdict(set)
    for index, resource in enumerate(resources):
        key = normalize_name(resource.name)
        blocks[("name", key)].add(index)
        blocks[("start", key[:2])].add(index)
        for venue in venues[resource.pk]:
            if venue.address_key:
                blocks[("address", venue.address_key)].add(index)
            if venue.latitude is not None and venue.longitude is not None:
                cell = (round(venue.latitude / CELL_DEGREES), round(venue.longitude / CELL_DEGREES))
                for dy in (-1, 0, 1):
                    for dx in (-1, 0, 1):
                        blocks[("cell", cell[0] + dy, cell[1] + dx)].add(index)
    seen: set[tuple[int, int]] = set()
    pairs = []
    for members in blocks.values():
        for i, j in combinations(sorted(members), 2):
            if (i, j) in seen:
                continue
            seen.add((i, j))
            a, b = resources[i], resources[j]
            reasons = reasons_for(a.name, a.kind, venues[a.pk], b, venues[b.pk])
            if reasons:
                pairs.append((a, b, reasons))
    return sorted(pairs, key=lambda p: (p[0].kana_key, p[1].kana_key))


class NameIndex:
    """Resource names (pk, name), blocked by normalised name and by its first two characters,
    so thousands of imported rows can each be checked without comparing every pair."""

    def __init__(self, records: Iterable[tuple[int, str]]) -> None:
        self.exact: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self.by_start: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for pk, name in records:
            key = normalize_name(name)
            self.exact[key].append((pk, name))
            self.by_start[key[:2]].append((pk, name))

    def similar_records(self, name: str) -> list[tuple[int, str]]:
        """(pk, name) of the resources whose name is the same or similar, the same first."""
        key = normalize_name(name)
        found = list(self.exact.get(key, []))
        seen = {pk for pk, _name in found}
        found += [
            (pk, n)
            for pk, n in self.by_start.get(key[:2], [])
            if pk not in seen and similar_names(name, n)
        ]
        return found
