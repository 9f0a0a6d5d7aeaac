"""Counts of residents' way in (issue #26, point 4), for the plan's computed sources and the
network page: per 年度, for the municipality or per 圏域. Counts only: no name ever leaves here.

- requests received: requests whose 受付 falls in the 年度;
- referrals made: referrals dated in the 年度;
- people who joined: requests moved to 参加中 in the 年度, or with a referral settled
  「参加につながった」 in it (each request once);
- new 担い手: the same with 担い手として活動中 and 「担い手につながった」.
A request counts in the 圏域 it names (none: 「圏域なし」)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import Coalesce

from sasaeai.areas.models import Municipality
from sasaeai.utils.fiscal_year import fiscal_year_moments, fiscal_year_range

from .constants import Outcome, RequestStatus
from .models import Referral, RequestStatusChange, ResidentRequest

KINDS = ("requests", "referrals", "joined", "helpers")


@dataclass
class Counts:
    requests: int = 0
    referrals: int = 0
    joined: int = 0
    helpers: int = 0


@dataclass
class AreaCounts:
    """The 年度's counts per 圏域 id (None: requests with no 圏域) and their total."""

    by_area: dict[int | None, Counts] = field(default_factory=lambda: defaultdict(Counts))
    total: Counts = field(default_factory=Counts)


def counts(municipality: Municipality, fiscal_year: int) -> AreaCounts:
    """Six queries, whatever the number of requests."""
    first, after = fiscal_year_moments(fiscal_year)
    start, end = fiscal_year_range(fiscal_year)
    result = AreaCounts()

    def add(kind: str, rows: object) -> None:
        for area_id, n in rows:  # type: ignore[attr-defined]
            setattr(result.by_area[area_id], kind, getattr(result.by_area[area_id], kind) + n)
            setattr(result.total, kind, getattr(result.total, kind) + n)

    requests = ResidentRequest.objects.filter(
        municipality=municipality, received_at__gte=first, received_at__lt=after
    )
    add("requests", requests.values_list("area_id").annotate(n=Count("pk")).order_by())
    referrals = Referral.objects.filter(municipality=municipality, made_on__range=(start, end))
    add(
        "referrals",
        referrals.values_list("request__area_id").annotate(n=Count("pk")).order_by(),
    )
    for kind, status, outcome in (
        ("joined", RequestStatus.JOINED, Outcome.JOINED),
        ("helpers", RequestStatus.HELPING, Outcome.HELPING),
    ):
        # A person counts once in the 年度 however they got there: the request moved to the
        # status, or one of its referrals settled with the outcome (a 相談 at a desk often ends
        # in a referral settled there, the request itself staying 連絡済).
        moved = RequestStatusChange.objects.filter(
            request__municipality=municipality,
            status=status,
            changed_at__gte=first,
            changed_at__lt=after,
        ).values_list("request_id", "request__area_id")
        settled = Referral.objects.filter(
            municipality=municipality, outcome=outcome, outcome_on__range=(start, end)
        ).values_list("request_id", "request__area_id")
        people = dict([*moved, *settled])
        per_area: dict[int | None, int] = defaultdict(int)
        for area_id in people.values():
            per_area[area_id] += 1
        add(kind, per_area.items())
    return result


def referrals_to(municipality: Municipality, fiscal_year: int) -> list[tuple[str, int]]:
    """How many referrals of the 年度 went to each resource, most first, then by name."""
    start, end = fiscal_year_range(fiscal_year)
    rows = (
        Referral.objects.filter(
            municipality=municipality, made_on__range=(start, end), organization__isnull=True
        )
        # The resource's name now (a merged duplicate's referrals count for the one kept),
        # else the name it had when the referral was made.
        .annotate(place=Coalesce("resource__name", "destination_name"))
        .values_list("place")
        .annotate(n=Count("pk"))
        .order_by("-n", "place")
    )
    return list(rows)
