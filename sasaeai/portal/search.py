"""Japanese search for residents: words folded like the stored search column (width, kana, case),
readings found through the stored reading, and common synonyms expanded at query time.

The stored column (`Resource.search_text`, see resources.services.search_text_of) holds the name,
its reading, the organisation and the description, each normalised. A query word matches when it,
or one of its synonyms, is a substring of that column: 2-character words such as 体操 work the
same on SQLite and PostgreSQL, always inside one municipality.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet

from sasaeai.resources.constants import Activity, SupportType, TargetGroup
from sasaeai.resources.models import Resource
from sasaeai.resources.scheduling import ScheduleSpec
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


def expansions(word: str) -> list[str]:
    """The normalised word and its synonyms."""
    key = normalize(word)
    for group in SYNONYMS:
        forms = [normalize(w) for w in group]
        if key in forms:
            return forms
    return [key]


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
    words: tuple[str, ...] = field(init=False, default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "words", tuple(w for w in self.text.split() if w))


def narrowed(resources: QuerySet[Resource], query: Query) -> QuerySet[Resource]:
    """The municipality's public resources that match every word and every filter."""
    for word in query.words:
        resources = resources.filter(
            reduce(or_, (Q(search_text__contains=form) for form in expansions(word)))
        )
    if query.area:
        resources = resources.filter(service_locations__location__area_id=query.area)
    if query.town:
        resources = resources.filter(service_locations__location__town_id=query.town)
    if query.activity in Activity.values:
        resources = resources.filter(tags__category="activity", tags__value=query.activity)
    if query.support in SupportType.values:
        resources = resources.filter(tags__category="support", tags__value=query.support)
    if query.target in TargetGroup.values:
        resources = resources.filter(tags__category="target", tags__value=query.target)
    if query.free:
        resources = resources.filter(fee_free=True)
    if query.pickup:
        resources = resources.filter(pickup=True)
    if query.barrier_free:
        resources = resources.filter(barrier_free=True)
    return resources.distinct()


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
