"""「あなたに合う活動」 (issue #26, point 6): a resident, or a coordinator at a desk with them,
answers a few questions and gets the public places ranked, each with its reasons in plain words
(「火曜の午前・歩いて約8分・体操」). Nothing is stored; the page is a GET form.

The questions: interests (the activity categories), days (月〜日) and times of day (午前・午後・
夕方以降), how far one can walk (10分・20分・30分, or 歩くのは難しい) and whether one needs 送迎,
where one lives (a 町丁目), and whether one wants to take part or to help.

Ranking rules — each place gets the points of every line it meets:

    | 条件                                                        | 点 |
    |-------------------------------------------------------------|----|
    | 選んだ活動（興味のあること）を1つ以上している               | +3 |
    | 選んだ曜日・時間帯に開催がある                              | +2 |
    | 歩ける範囲にある                                            | +2 |
    | 送迎が必要で、送迎あり（記録された「あり」だけ）            | +2 |
    | 手伝いたい人に、募集中のお手伝い（担い手募集）がある        | +3 |

- 曜日・時間帯: with days and times chosen, one meeting must be on a chosen day *and* in a chosen
  time; with only one of them chosen, that one is enough. Times: 午前 is before 12:00, 午後
  12:00〜17:00, 夕方以降 from 17:00; a meeting counts for a time it overlaps (10:00〜13:00 is
  午前 and 午後). A meeting without hours matches no time; one without weekdays (毎月5日,
  不定期) matches no day.
- 歩ける範囲: walking minutes are the straight-line distance from the centre (代表点) of the
  resident's 町丁目 to the place's nearest venue, at 80 m a minute (不動産の表示に関する公正競争
  規約 施行規則 第9条(9)), rounded up: 560 m is 7 分, 561 m is 8 分. When the 町丁目 or the venue
  has no position, the place is within reach when it meets in the resident's 日常生活圏域.
  「歩くのは難しい」 means that 送迎 is needed and that no place with a venue (a known position
  or 圏域) is within walking reach.
- Beyond walking reach, a place is left out, unless 送迎 is needed and the place has 送迎あり.
  A place whose distance cannot be told either way (no venue: 配食, 訪問) is kept, without the
  walking points.
- Only places with at least one point are listed.
- Ties: the nearer first (places of unknown distance after), then 50音順 (the reading), then the
  older record.

Everything here is pure: the view reads the public records (resources.selectors) and passes
them in as Candidates, so the rules are tested without the database.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sasaeai.resources.constants import WEEKDAY_NAMES, Activity, SchedulePattern
from sasaeai.resources.selectors import PublicResource
from sasaeai.utils.text import kana_sort_key

INTEREST_POINTS = 3
SESSION_POINTS = 2
WALK_POINTS = 2
PICKUP_POINTS = 2
HELP_POINTS = 3

# 不動産の表示に関する公正競争規約 施行規則 第9条(9): 徒歩による所要時間は道路距離80メートルに
# つき1分間を要するものとして算出し、1分未満の端数は1分として算出する。
METRES_PER_MINUTE = 80
# The walking limits the form offers, in minutes; 0 is 「歩くのは難しい」.
WALK_LIMITS = (10, 20, 30)
CANNOT_WALK = 0

# Times of day: (from, until); None until the end of the day.
NOON = datetime.time(12, 0)
EVENING = datetime.time(17, 0)
SLOTS: dict[str, tuple[datetime.time, datetime.time | None]] = {
    "am": (datetime.time(0, 0), NOON),
    "pm": (NOON, EVENING),
    "evening": (EVENING, None),
}
SLOT_LABELS = {
    "am": gettext_lazy("午前"),
    "pm": gettext_lazy("午後"),
    "evening": gettext_lazy("夕方以降"),
}

# 「体操（運動）」→「体操」: the reason names the activity as people say it.
LABEL_NOTE = re.compile(r"（[^）]*）$")


@dataclass(frozen=True)
class Answers:
    """What the resident answered (every part optional)."""

    interests: frozenset[str] = frozenset()
    days: frozenset[int] = frozenset()
    times: frozenset[str] = frozenset()
    walk: int | None = None  # minutes one can walk; CANNOT_WALK; None: not answered
    transport: bool = False  # 送迎が必要
    home_area: str = ""  # the 日常生活圏域 of the resident's 町丁目
    help: bool = False  # 手伝いたい (else 参加したい)

    @property
    def needs_transport(self) -> bool:
        return self.transport or self.walk == CANNOT_WALK

    @property
    def asked(self) -> bool:
        """Whether anything was answered that can give points."""
        return bool(
            self.interests
            or self.days
            or self.times
            or self.walk is not None
            or self.transport
            or self.help
        )


@dataclass(frozen=True)
class Session:
    """One schedule of a place: its weekdays (Monday = 0) and hours, when known."""

    weekdays: frozenset[int]
    opens_at: datetime.time | None = None
    closes_at: datetime.time | None = None


@dataclass(frozen=True)
class Candidate:
    """A public place as the ranking reads it."""

    pk: int
    name: str
    kana: str
    activities: tuple[str, ...] = ()
    sessions: tuple[Session, ...] = ()
    pickup: bool | None = None
    metres: float | None = None  # from the resident's 町丁目 to the nearest venue
    area_names: frozenset[str] = frozenset()
    open_roles: int = 0


@dataclass(frozen=True)
class Match:
    """A ranked place: its points, its walking minutes (when known) and its reasons."""

    candidate: Candidate
    points: int
    minutes: int | None
    reasons: tuple[str, ...]

    @property
    def reason_text(self) -> str:
        return "・".join(self.reasons)


def walking_minutes(metres: float) -> int:
    """Minutes on foot at 80 m a minute, a part of a minute counted as a whole one."""
    return math.ceil(metres / METRES_PER_MINUTE)


def in_slot(session: Session, slot: str) -> bool:
    """Whether the meeting's hours overlap the time of day (a start alone: it starts in it)."""
    opens, closes = session.opens_at, session.closes_at
    if opens is None:
        return False
    start, until = SLOTS[slot]
    if closes is None or closes <= opens:
        return start <= opens and (until is None or opens < until)
    return (until is None or opens < until) and closes > start


def joined(words: Sequence[str]) -> str:
    """「火曜と木曜」: a few words as people list them."""
    return "と".join(words)


def session_reason(session: Session, answers: Answers) -> str | None:
    """「火曜の午前」 when the meeting is on a chosen day and time, else None."""
    days = sorted(session.weekdays & answers.days)
    slots = [slot for slot in SLOTS if slot in answers.times and in_slot(session, slot)]
    if answers.days and not days:
        return None
    if answers.times and not slots:
        return None
    day_text = joined([_("%(day)s曜") % {"day": WEEKDAY_NAMES[day]} for day in days])
    slot_text = joined([str(SLOT_LABELS[slot]) for slot in slots])
    if day_text and slot_text:
        return _("%(days)sの%(times)s") % {"days": day_text, "times": slot_text}
    return day_text or slot_text or None


def short_label(activity: str) -> str:
    label = str(dict(Activity.choices).get(activity, activity))
    return LABEL_NOTE.sub("", label)


def reach(candidate: Candidate, answers: Answers) -> tuple[bool | None, int | None, str]:
    """(within walking reach: True / False / None when it cannot be told, the walking minutes
    when known, the reason's words when within)."""
    minutes = walking_minutes(candidate.metres) if candidate.metres is not None else None
    if answers.walk is None:
        return None, minutes, ""
    if answers.walk == CANNOT_WALK:
        # Any venue one has to get to is beyond reach; only a place with no venue known to be
        # anywhere (配食, 訪問) cannot be told.
        placed = candidate.metres is not None or bool(candidate.area_names)
        return (False if placed else None), minutes, ""
    if minutes is not None:
        if minutes > answers.walk:
            return False, minutes, ""
        return True, minutes, _("歩いて約%(minutes)d分") % {"minutes": minutes}
    if not answers.home_area or not candidate.area_names:
        return None, None, ""
    if answers.home_area not in candidate.area_names:
        return False, None, ""
    return True, None, _("同じ圏域（%(area)s）") % {"area": answers.home_area}


def score(candidate: Candidate, answers: Answers) -> Match | None:
    """The place's points and reasons, or None when it is left out (beyond walking reach
    without 送迎, or no point at all)."""
    points = 0
    reasons: list[str] = []
    if answers.days or answers.times:
        said = [r for s in candidate.sessions if (r := session_reason(s, answers))]
        if said:
            points += SESSION_POINTS
            reasons.append("、".join(dict.fromkeys(said)))
    within, minutes, walk_words = reach(candidate, answers)
    picked_up = answers.needs_transport and candidate.pickup is True
    if within is False and not picked_up:
        return None
    if within:
        points += WALK_POINTS
        reasons.append(walk_words)
    if picked_up:
        points += PICKUP_POINTS
        reasons.append(_("送迎あり"))
    liked = [a for a in Activity.values if a in answers.interests and a in candidate.activities]
    if liked:
        points += INTEREST_POINTS
        reasons.append(joined([short_label(a) for a in liked]))
    if answers.help and candidate.open_roles:
        points += HELP_POINTS
        reasons.append(_("お手伝いを募集中"))
    if not points:
        return None
    return Match(candidate, points, minutes, tuple(reasons))


def rank(candidates: Iterable[Candidate], answers: Answers) -> list[Match]:
    """The places that score, best first; ties the nearer, then 50音順, then the older."""
    if not answers.asked:
        return []
    found = [m for c in candidates if (m := score(c, answers)) is not None]
    return sorted(
        found,
        key=lambda m: (
            -m.points,
            m.candidate.metres if m.candidate.metres is not None else math.inf,
            kana_sort_key(m.candidate.kana),
            m.candidate.pk,
        ),
    )


def sessions_of(resource: PublicResource) -> tuple[Session, ...]:
    """A public place's schedules as sessions (毎日 is every weekday)."""
    return tuple(
        Session(
            frozenset(range(7))
            if spec.pattern == SchedulePattern.DAILY
            else frozenset(spec.weekdays),
            spec.opens_at,
            spec.closes_at,
        )
        for _uuid, spec in resource.schedules
    )


def candidate_of(resource: PublicResource, *, metres: float | None, open_roles: int) -> Candidate:
    """A public place as a candidate, with its distance and number of open roles."""
    return Candidate(
        pk=resource.pk,
        name=resource.name,
        kana=resource.kana,
        activities=resource.activities,
        sessions=sessions_of(resource),
        pickup=resource.pickup,
        metres=metres,
        area_names=frozenset(p.area_name for p in resource.locations if p.area_name),
        open_roles=open_roles,
    )
