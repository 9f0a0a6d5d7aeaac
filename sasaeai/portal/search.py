"""Japanese search for residents: words folded like the stored search column (width, kana, case),
readings found through the stored reading, and common synonyms expanded at query time.

The stored column (`Resource.search_text`, see resources.search_text) holds only public text: the
name, its reading, the description and the organisation's name unless it is a private person
(住民個人), each normalised, so a search never confirms who runs a place (the staff list searches
its own column). A query word matches when it, or one of its synonyms, is a substring of that
column: 2-character words such as 体操 work the same on SQLite and PostgreSQL, always inside one
municipality. The matching itself (and the public rule) is resources.selectors.public_matching;
this module only turns a resident's words into it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sasaeai.areas.models import Municipality
from sasaeai.resources import selectors
from sasaeai.resources.constants import Activity, SchedulePattern, SupportType, TargetGroup
from sasaeai.resources.scheduling import ScheduleSpec
from sasaeai.resources.selectors import PublicResource
from sasaeai.utils.text import normalize

# Words people use for the same thing; a query for any finds all (kept small and reviewed).
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("体操", "運動", "エクササイズ", "ストレッチ"),
    ("茶話会", "お茶会", "おしゃべり", "サロン"),
    ("脳トレ", "認知症予防", "頭の体操"),
    ("買い物", "買物", "お買い物"),
    ("配食", "お弁当", "弁当"),
    ("見守り", "安否確認"),
    ("移動", "送迎", "外出"),
    ("ゴミ出し", "ごみ出し"),
)
WEEKDAYS = ("月", "火", "水", "木", "金", "土", "日")
# Every parameter of a search's address. Links that carry a search (a place's 「さがす画面へ」,
# 地図, 印刷) copy these and nothing else, so no other text travels from page to page.
PARAMS = (
    "q", "area", "town", "activity", "support", "target", "weekday", "time",
    "near", "lat", "lng", "free", "pickup", "barrier_free",
)  # fmt: skip


@cache
def synonym_forms() -> dict[str, tuple[str, ...]]:
    """Each normalised word of SYNONYMS → its whole group, normalised."""
    forms: dict[str, tuple[str, ...]] = {}
    for group in SYNONYMS:
        normalised = tuple(normalize(w) for w in group)
        for form in normalised:
            forms.setdefault(form, normalised)
    return forms


def expansions(word: str) -> tuple[str, ...]:
    """The normalised word and its synonyms."""
    key = normalize(word)
    return synonym_forms().get(key, (key,))


@dataclass(frozen=True)
class Query:
    """What a resident asked for (every part optional)."""

    text: str = ""
    area: int | None = None
    town: int | None = None
    activity: str = ""
    support: str = ""
    target: str = ""
    weekday: int | None = None
    time_of_day: str = ""  # "am" (opens before noon) or "pm" (open at or after noon)
    # 近い順: from a chosen town's centre, or from the browser's position.
    near_town: int | None = None
    origin: tuple[float, float] | None = None
    free: bool = False
    pickup: bool = False
    barrier_free: bool = False
    # 手伝える活動をさがす: the same search, narrowed to places with an open 担い手募集.
    open_roles: bool = False
    words: tuple[str, ...] = field(init=False, default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "words", tuple(w for w in self.text.split() if w))


def wanted(query: Query) -> selectors.PublicFilter:
    """The query as the registry's public filter: each word with its synonyms, and only the
    category values the registry knows (an unknown one is ignored, as if not asked)."""
    return selectors.PublicFilter(
        word_forms=tuple(expansions(word) for word in query.words),
        area=query.area,
        town=query.town,
        activity=query.activity if query.activity in Activity.values else "",
        support=query.support if query.support in SupportType.values else "",
        target=query.target if query.target in TargetGroup.values else "",
        free=query.free,
        pickup=query.pickup,
        barrier_free=query.barrier_free,
        open_roles=query.open_roles,
    )


def matches(municipality: Municipality, query: Query) -> list[tuple[Any, ...]]:
    """Every match as its card columns (selectors.CARD_FIELDS), in 50音順."""
    return selectors.public_card_rows(selectors.public_matching(municipality, wanted(query)))


def meets_on(weekdays: set[int], weekday: int | None) -> bool:
    return weekday is None or weekday in weekdays


NOON = datetime.time(12, 0)


def meets_at(specs: list[ScheduleSpec], time_of_day: str) -> bool:
    """午前: some meeting opens before noon. 午後: some meeting is open at or after noon.
    A schedule without hours matches neither (the resident asked about a time)."""
    if time_of_day == "am":
        return any(s.opens_at is not None and s.opens_at < NOON for s in specs)
    if time_of_day == "pm":
        return any(
            (s.opens_at is not None and s.opens_at >= NOON)
            or (s.closes_at is not None and s.closes_at > NOON)
            for s in specs
        )
    return True


def weekdays_of(resource: PublicResource) -> set[int]:
    days: set[int] = set()
    for _uuid, spec in resource.schedules:
        days |= set(range(7)) if spec.pattern == SchedulePattern.DAILY else set(spec.weekdays)
    return days


def public_matches(municipality: Municipality, query: Query) -> list[PublicResource]:
    """Every match as a full public record, in 50音順: the SQL conditions, then the weekday and
    time of day judged on the schedules (a municipality's public places, at most)."""
    found = selectors.with_public_record(selectors.public_matching(municipality, wanted(query)))
    return [
        r
        for r in (selectors.to_public(resource) for resource in found)
        if meets_on(weekdays_of(r), query.weekday)
        and meets_at([spec for _, spec in r.schedules], query.time_of_day)
    ]
