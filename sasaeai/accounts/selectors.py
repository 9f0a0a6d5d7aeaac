"""Reads for the site operator (finding a municipality to start, those in use) and for the
municipal admin's 「利用者と役割」."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet

from sasaeai.areas import master
from sasaeai.areas.constants import MUNICIPALITY_MASTER_CSV, Layer, MunicipalityKind
from sasaeai.areas.models import Area, Municipality

from .constants import Role
from .models import RoleAssignment, User

# More rows than this ask for a longer query rather than a page through half of Japan.
SEARCH_LIMIT = 50


@dataclass(frozen=True)
class MunicipalityChoice:
    """A search result: from the master, the database or both, and whether it is in use."""

    code: str
    name: str
    kana: str
    prefecture: str
    kind: str
    loaded: bool
    started: bool

    @property
    def kind_label(self) -> str:
        return str(MunicipalityKind(self.kind).label)


@dataclass(frozen=True)
class SearchResult:
    choices: list[MunicipalityChoice]
    total: int


def started_ids() -> QuerySet[RoleAssignment, Any]:
    """Municipalities that have (or had) a 市町村管理者: started with 「利用を始める」."""
    return RoleAssignment.objects.filter(role=Role.MUNICIPAL_ADMIN).values("municipality_id")


def municipality_search(query: str, limit: int = SEARCH_LIMIT) -> SearchResult:
    """Municipalities whose code, name, reading or prefecture contain every word of the query
    (width, case and kana folded), from the bundled master and the database (unions made by
    hand are only there), in code order; two statements whatever the query."""
    terms = master.search_terms(query)
    if not terms:
        return SearchResult([], 0)
    in_db = {
        m.code: m
        for m in Municipality.objects.only("id", "code", "name", "kana", "prefecture", "kind")
    }
    in_use = set(Municipality.objects.filter(pk__in=started_ids()).values_list("code", flat=True))
    found: dict[str, MunicipalityChoice] = {}
    for e in master.master_entries():
        if master.matches(terms, e.code, e.name, e.kana, e.prefecture):
            loaded = in_db.get(e.code)
            kind = loaded.kind if loaded else e.kind
            found[e.code] = MunicipalityChoice(
                e.code, e.name, e.kana, e.prefecture, kind, loaded is not None, e.code in in_use
            )
    for m in in_db.values():
        if m.code not in found and master.matches(terms, m.code, m.name, m.kana, m.prefecture):
            found[m.code] = MunicipalityChoice(
                m.code, m.name, m.kana, m.prefecture, m.kind, True, m.code in in_use
            )
    ordered = sorted(found.values(), key=lambda c: c.code)
    return SearchResult(ordered[:limit], len(ordered))


def municipalities_in_use() -> QuerySet[Municipality]:
    """Municipalities started (with a 市町村管理者), in code order, for the operator's home."""
    return Municipality.objects.filter(pk__in=started_ids()).order_by("code")


@dataclass(frozen=True)
class StartPreview:
    """What 「利用を始める」 will make: the municipality and the names of its layer-1 areas."""

    code: str
    name: str
    prefecture: str
    kind: str
    layer1_names: list[str]
    loaded: bool
    started: bool

    @property
    def kind_label(self) -> str:
        return str(MunicipalityKind(self.kind).label)

    def __str__(self) -> str:
        return f"{self.prefecture}{self.name}"


def start_preview(code: str) -> StartPreview | None:
    """The confirmation of 「利用を始める」 for a code (None when neither the master nor the
    database knows it): layer-1 areas from the master (the city, or its wards), or those of a
    union made by hand."""
    loaded = Municipality.objects.filter(code=code).first()
    rows = master.rows_of(master.read_rows(MUNICIPALITY_MASTER_CSV), code)
    is_started = loaded is not None and started_ids().filter(municipality=loaded).exists()
    if rows:
        city, wards = rows[0], rows[1:]
        names = [w["city"].split(" ", 1)[1] for w in wards] or [city["city"]]
        kind = MunicipalityKind.DESIGNATED_CITY if wards else MunicipalityKind.ORDINARY
        return StartPreview(
            code, city["city"], city["pref"], kind, names, loaded is not None, is_started
        )
    if loaded is None:
        return None
    names = list(
        Area.objects.current()
        .filter(municipality=loaded, layer=Layer.FIRST)
        .values_list("name", flat=True)
    )
    return StartPreview(code, loaded.name, loaded.prefecture, loaded.kind, names, True, is_started)


def municipality_user_list(
    municipality: Municipality, *, on: datetime.date, role: str = "", q: str = ""
) -> QuerySet[User]:
    """「利用者と役割」: everyone who holds or held a role in the municipality, by user name,
    each with `roles` — the assignments there that are current or still to come on `on`
    (area included); filtered by a role held then and by words in the names or address."""
    held = RoleAssignment.objects.filter(municipality=municipality)
    users = User.objects.filter(pk__in=held.values("user_id"))
    if role:
        users = users.filter(
            pk__in=held.filter(role=role).exclude(valid_to__lt=on).values("user_id")
        )
    for word in q.split():
        users = users.filter(
            Q(username__icontains=word) | Q(display_name__icontains=word) | Q(email__icontains=word)
        )
    current = (
        held.exclude(valid_to__lt=on)
        .select_related("area")
        .order_by(F("valid_from").asc(nulls_first=True), "role", "pk")
    )
    return users.order_by("username").prefetch_related(
        Prefetch("role_assignments", queryset=current, to_attr="roles")
    )


def user_assignments(municipality: Municipality, user: User) -> QuerySet[RoleAssignment]:
    """One person's roles in the municipality, past ones included, the newest start first."""
    return (
        RoleAssignment.objects.filter(municipality=municipality, user=user)
        .select_related("area")
        .order_by(F("valid_from").desc(nulls_last=True), "role", "pk")
    )


@dataclass(frozen=True)
class Change:
    """One recorded change to a person's account or roles: when, by whom, what."""

    at: datetime.datetime
    by: str
    kind: str
    what: str


def user_changes(municipality: Municipality, user: User, limit: int = 20) -> list[Change]:
    """The newest changes to the account and its roles in the municipality (two statements)."""
    kinds = {"+": "作成", "~": "変更", "-": "削除"}
    account = user.history.select_related("history_user").order_by("-history_date")[:limit]
    roles = (
        RoleAssignment.history.filter(municipality=municipality, user=user)
        .select_related("history_user")
        .order_by("-history_date")[:limit]
    )
    changes = [
        Change(
            h.history_date,
            str(h.history_user or "—"),
            # A change given its reason (user_services.two_factor_reset) says which.
            h.history_change_reason or kinds[h.history_type],
            "利用者",
        )
        for h in account
    ] + [
        Change(
            h.history_date,
            str(h.history_user or "—"),
            kinds[h.history_type],
            str(Role(h.role).label),
        )
        for h in roles
    ]
    return sorted(changes, key=lambda c: c.at, reverse=True)[:limit]
