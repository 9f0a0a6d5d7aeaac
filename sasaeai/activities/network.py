"""The network of actors (organisations and resources) that つなぎ and shared councils make,
and its metrics per area and per 年度.

`network_data` is the one selector: it loads a municipality's actors, connections with their
dated status history, and council memberships in a fixed number of queries. Everything else
is a pure function of that data and a moment, so one page can ask for many areas and years.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx
from django.db.models import Count, Min, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from sasaeai.areas.models import Area, Municipality
from sasaeai.councils.models import Membership
from sasaeai.resources.constants import ResourceStatus, Sector
from sasaeai.resources.models import Organization, Resource, ServiceAtLocation
from sasaeai.utils.fiscal_year import current_fiscal_year, fiscal_year_range

from .constants import TIE_STATUSES, ActivityKind, ConnectionPurpose
from .models import Activity, Connection, ConnectionStatusChange
from .services import ORGANIZATION, RESOURCE

UNKNOWN_SECTOR = "unknown"
CONNECTION_TIE, COUNCIL_TIE = "connection", "council"
BROKER_COUNT = 3


def sector_label(sector: str) -> str:
    return str(Sector(sector).label) if sector in Sector.values else _("不明")


@dataclass(frozen=True)
class Node:
    """An actor: an organisation or a resource, with what the filters and tables need."""

    key: str
    pk: int
    kind: str  # ORGANIZATION or RESOURCE
    name: str
    kana_key: str
    sector: str
    areas: frozenset[int]  # the areas it works in (an organisation's, a resource's venues')
    first_seen: datetime.date

    @property
    def sector_label(self) -> str:
        return sector_label(self.sector)

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.kana_key, self.name)


@dataclass(frozen=True)
class ConnectionRecord:
    """A つなぎ between two actors with its dated status history (oldest first)."""

    pk: int
    source: str
    target: str
    purpose: str
    made_on: datetime.date
    history: tuple[tuple[datetime.date, str], ...]

    def status_on(self, day: datetime.date) -> str | None:
        """The status of the last change on or before `day` (None before the first)."""
        status = None
        for changed_on, value in self.history:
            if changed_on > day:
                break
            status = value
        return status

    @property
    def realised_on(self) -> datetime.date | None:
        """The day of the first change into 実現 or 継続 (None if it never happened)."""
        return next((d for d, s in self.history if s in TIE_STATUSES), None)


@dataclass(frozen=True)
class MembershipRecord:
    council_pk: int
    council_name: str
    organization: str
    term_start: datetime.date
    term_end: datetime.date | None

    def active_on(self, day: datetime.date) -> bool:
        return self.term_start <= day and (self.term_end is None or day <= self.term_end)


@dataclass(frozen=True)
class Tie:
    """An undirected tie as the tables show it: a つなぎ or a shared council."""

    source: str
    target: str
    kind: str  # CONNECTION_TIE or COUNCIL_TIE
    label: str  # the つなぎ's purpose, or the council's name
    on: datetime.date  # realised on, or the day both members' terms had begun
    connection_pk: int | None = None

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.source, self.target))


@dataclass
class NetworkData:
    """Everything the network of one municipality is computed from."""

    nodes: dict[str, Node]
    connections: list[ConnectionRecord]
    memberships: list[MembershipRecord]
    area_parents: dict[int, int | None] = field(default_factory=dict)

    def in_area(self, node: Node, area_pk: int) -> bool:
        """In the area itself, or (for a layer-1 area) in one of its layer-2 areas."""
        return any(a == area_pk or self.area_parents.get(a) == area_pk for a in node.areas)


# --- the selector ------------------------------------------------------------------------


def network_data(municipality: Municipality) -> NetworkData:
    """A municipality's actors, connections (with status history) and council memberships."""
    connections = connection_records(municipality)
    memberships = membership_records(municipality)
    earliest: dict[str, datetime.date] = {}
    for c in connections:
        for key in (c.source, c.target):
            earliest[key] = min(earliest.get(key, c.made_on), c.made_on)
    for m in memberships:
        earliest[m.organization] = min(earliest.get(m.organization, m.term_start), m.term_start)
    nodes = organization_nodes(municipality, earliest) | resource_nodes(municipality, earliest)
    parents: dict[int, int | None] = dict(
        Area.objects.filter(municipality=municipality).values_list("pk", "parent_id")
    )
    return NetworkData(nodes, connections, memberships, parents)


def first_seen(created: datetime.datetime, earliest: datetime.date | None) -> datetime.date:
    """Registered, or first named in a つなぎ or a council, whichever came first: a registry
    imported late still shows the ties recorded for earlier years."""
    day = timezone.localdate(created)
    return day if earliest is None else min(day, earliest)


def organization_nodes(
    municipality: Municipality, earliest: dict[str, datetime.date]
) -> dict[str, Node]:
    areas: dict[int, set[int]] = defaultdict(set)
    through = Organization.areas.through.objects.filter(organization__municipality=municipality)
    for org_id, area_id in through.values_list("organization_id", "area_id"):
        areas[org_id].add(area_id)
    nodes = {}
    for org in Organization.objects.filter(municipality=municipality).only(
        "pk", "name", "kana_key", "type", "created_at"
    ):
        key = f"{ORGANIZATION}:{org.pk}"
        nodes[key] = Node(
            key, org.pk, ORGANIZATION, org.name, org.kana_key, org.sector,
            frozenset(areas[org.pk]), first_seen(org.created_at, earliest.get(key)),
        )  # fmt: skip
    return nodes


def resource_nodes(
    municipality: Municipality, earliest: dict[str, datetime.date]
) -> dict[str, Node]:
    areas: dict[int, set[int]] = defaultdict(set)
    placed = ServiceAtLocation.objects.filter(
        resource__municipality=municipality, location__area__isnull=False
    )
    for resource_id, area_id in placed.values_list("resource_id", "location__area_id"):
        areas[resource_id].add(area_id)
    nodes = {}
    for res in (
        Resource.objects.filter(municipality=municipality)
        .select_related("organization")
        .only("pk", "name", "kana_key", "status", "created_at", "organization__type")
    ):
        key = f"{RESOURCE}:{res.pk}"
        # A resource that has ended stays only where a つなぎ names it: it cannot be
        # connected any more, so it is no task for the coordinator.
        if res.status == ResourceStatus.ENDED and key not in earliest:
            continue
        sector = res.organization.sector if res.organization else UNKNOWN_SECTOR
        nodes[key] = Node(
            key, res.pk, RESOURCE, res.name, res.kana_key, sector,
            frozenset(areas[res.pk]), first_seen(res.created_at, earliest.get(key)),
        )  # fmt: skip
    return nodes


def actor_key(organization_id: int | None, resource_id: int | None) -> str:
    if organization_id is not None:
        return f"{ORGANIZATION}:{organization_id}"
    return f"{RESOURCE}:{resource_id}"


def connection_records(municipality: Municipality) -> list[ConnectionRecord]:
    histories: dict[int, list[tuple[datetime.date, str]]] = defaultdict(list)
    changes = ConnectionStatusChange.objects.filter(connection__municipality=municipality).order_by(
        "changed_on", "pk"
    )
    for connection_id, changed_on, status in changes.values_list(
        "connection_id", "changed_on", "status"
    ):
        histories[connection_id].append((changed_on, status))
    records = []
    for row in Connection.objects.filter(municipality=municipality).values(
        "pk", "from_organization_id", "from_resource_id", "to_organization_id",
        "to_resource_id", "purpose", "made_on", "status",
    ):  # fmt: skip
        # A connection written without the service has no history: its status is taken
        # to hold since the day it was made.
        history = histories.get(row["pk"]) or [(row["made_on"], row["status"])]
        records.append(
            ConnectionRecord(
                pk=row["pk"],
                source=actor_key(row["from_organization_id"], row["from_resource_id"]),
                target=actor_key(row["to_organization_id"], row["to_resource_id"]),
                purpose=row["purpose"],
                made_on=row["made_on"],
                history=tuple(history),
            )
        )
    return records


def membership_records(municipality: Municipality) -> list[MembershipRecord]:
    rows = Membership.objects.filter(
        council__municipality=municipality, organization__isnull=False
    ).values_list("council_id", "council__name", "organization_id", "term_start", "term_end")
    return [
        MembershipRecord(council, name, f"{ORGANIZATION}:{org}", start, end)
        for council, name, org, start, end in rows
    ]


# --- pure functions of the data ----------------------------------------------------------


def moment_of(fiscal_year: int, today: datetime.date | None = None) -> datetime.date:
    """The day a 年度's network is read on: 31 March, or today for the 年度 under way."""
    today = today or timezone.localdate()
    end = fiscal_year_range(fiscal_year)[1]
    return today if fiscal_year == current_fiscal_year(today) else end


def connection_ties(data: NetworkData, day: datetime.date) -> list[Tie]:
    """つなぎ whose status on `day` is 実現 or 継続."""
    labels = dict(ConnectionPurpose.choices)
    return [
        Tie(
            c.source,
            c.target,
            CONNECTION_TIE,
            str(labels.get(c.purpose, c.purpose)),
            c.realised_on or c.made_on,
            c.pk,
        )
        for c in data.connections
        if c.status_on(day) in TIE_STATUSES
    ]


def council_ties(data: NetworkData, day: datetime.date) -> list[Tie]:
    """Two organisations on the same council, both members on `day`."""
    members: dict[int, dict[str, MembershipRecord]] = defaultdict(dict)
    for m in data.memberships:
        if m.active_on(day):
            # One organisation with two members on a council is one member of the tie.
            members[m.council_pk].setdefault(m.organization, m)
    ties = []
    for by_org in members.values():
        for a, b in combinations(sorted(by_org), 2):
            first, second = by_org[a], by_org[b]
            on = max(first.term_start, second.term_start)
            ties.append(Tie(a, b, COUNCIL_TIE, first.council_name, on))
    return ties


@dataclass
class Network:
    """The actors and ties in one view (a moment, an area, a sector)."""

    day: datetime.date
    nodes: list[Node]
    ties: list[Tie]  # every tie among the nodes, both kinds, for the graph and the table
    graph: nx.Graph  # undirected, only the ties the metrics count

    def degree(self, key: str) -> int:
        return int(self.graph.degree(key))


def network_on(
    data: NetworkData,
    day: datetime.date,
    *,
    area: int | None = None,
    sector: str | None = None,
    include_council: bool = False,
) -> Network:
    """The network on `day`: actors seen by then, kept by area and sector, and ties among
    them; 協議体 ties are listed but counted only when `include_council`."""
    nodes = [
        n
        for n in data.nodes.values()
        if n.first_seen <= day
        and (area is None or data.in_area(n, area))
        and (not sector or n.sector == sector)
    ]
    nodes.sort(key=lambda n: n.sort_key)
    keys = {n.key for n in nodes}
    ties = [
        t
        for t in connection_ties(data, day) + council_ties(data, day)
        if t.source in keys and t.target in keys
    ]
    graph = nx.Graph()
    graph.add_nodes_from(keys)
    graph.add_edges_from(
        (t.source, t.target) for t in ties if include_council or t.kind == CONNECTION_TIE
    )
    return Network(day, nodes, ties, graph)


@dataclass(frozen=True)
class Metrics:
    actors: int
    ties: int
    density: float
    isolated: list[Node]
    cross_sector_share: float | None
    brokers: list[tuple[Node, float]]
    new_ties: int

    @property
    def cross_sector_percent(self) -> float | None:
        return None if self.cross_sector_share is None else self.cross_sector_share * 100


def density(actors: int, ties: int) -> float:
    """2E / (N(N−1)); 0 with fewer than two actors."""
    return 0.0 if actors < 2 else 2 * ties / (actors * (actors - 1))


def betweenness(network: Network) -> dict[str, float]:
    return nx.betweenness_centrality(network.graph, normalized=True)


def metrics_of(network: Network, data: NetworkData, fiscal_year: int) -> Metrics:
    """Actors, ties (pairs; two つなぎ between the same pair count once), density, isolated
    actors, the share of cross-sector ties, the top brokers and the つなぎ realised this 年度."""
    by_key = {n.key: n for n in network.nodes}
    graph = network.graph
    edges = list(graph.edges())
    across = sum(1 for a, b in edges if by_key[a].sector != by_key[b].sector)
    ranked = sorted(
        ((by_key[k], v) for k, v in betweenness(network).items() if v > 0),
        key=lambda pair: (-pair[1], pair[0].sort_key),
    )
    return Metrics(
        actors=graph.number_of_nodes(),
        ties=len(edges),
        density=density(graph.number_of_nodes(), len(edges)),
        isolated=[n for n in network.nodes if graph.degree(n.key) == 0],
        cross_sector_share=across / len(edges) if edges else None,
        brokers=ranked[:BROKER_COUNT],
        new_ties=len(new_connections(data, fiscal_year, set(by_key))),
    )


def new_connections(
    data: NetworkData, fiscal_year: int, keys: set[str] | None = None
) -> list[ConnectionRecord]:
    """つなぎ realised during the 年度 (first change into 実現/継続 within it), both ends in
    `keys` when given."""
    start, end = fiscal_year_range(fiscal_year)
    return [
        c
        for c in data.connections
        if (day := c.realised_on) is not None
        and start <= day <= end
        and (keys is None or (c.source in keys and c.target in keys))
    ]


def fiscal_years_of(data: NetworkData, today: datetime.date | None = None) -> list[int]:
    """The 年度 from the first つなぎ or council term up to the current one, newest first."""
    current = current_fiscal_year(today)
    days: Iterable[datetime.date] = [c.made_on for c in data.connections] + [
        m.term_start for m in data.memberships
    ]
    first = min((current_fiscal_year(d) for d in days), default=current)
    return list(range(current, min(first, current) - 1, -1))


# --- counts for the plans ---------------------------------------------------------------


def yearly_counts(municipality: Municipality, fiscal_year: int) -> dict:
    """Counts of one 年度 for plan indicators (計画の実績値).

    Returns a dict:
    - ``fiscal_year``: the 年度 (int, the Gregorian year it starts in);
    - ``activities``: {ActivityKind value: number of activities done in the 年度}, every kind
      present (0 when none);
    - ``activities_total``: all activities done in the 年度;
    - ``activity_minutes``: their minutes added up;
    - ``connections_made``: つなぎ made (``made_on``) in the 年度, whatever their status;
    - ``connections_realised``: つなぎ realised in the 年度 (first change into 実現 or 継続
      dated within it, the ``new ties`` of the network metrics).
    """
    start, end = fiscal_year_range(fiscal_year)
    done = Activity.objects.filter(municipality=municipality, done_on__range=(start, end))
    by_kind = dict(done.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    realised = (
        ConnectionStatusChange.objects.filter(
            connection__municipality=municipality,
            status__in=[str(s) for s in TIE_STATUSES],
        )
        .values("connection_id")
        .annotate(first=Min("changed_on"))
        .filter(first__range=(start, end))
    )
    return {
        "fiscal_year": fiscal_year,
        "activities": {kind: by_kind.get(kind, 0) for kind in ActivityKind.values},
        "activities_total": sum(by_kind.values()),
        "activity_minutes": done.aggregate(m=Sum("minutes"))["m"] or 0,
        "connections_made": Connection.objects.filter(
            municipality=municipality, made_on__range=(start, end)
        ).count(),
        "connections_realised": realised.count(),
    }
