"""Meeting schedules of 地域資源 (通いの場): validation, survey band, wording, dates, HSDS, parsing.

Pure domain code: no database access. A `Schedule` row converts with `spec_of` (its columns,
SPEC_FIELDS, with `spec_from`).

Decisions worth knowing:
- Fields a pattern does not use are ignored, not flagged (e.g. month_days on 毎週).
- 第5 is not counted by `frequency_band`: it exists in only four or five months a year, so
  第5水曜 alone is 月1回未満, not 月1回.
- `describe` appends the free note after one space, after the closures:
  「毎週火曜日 10:00〜12:00（祝日は休み） 雨天中止」. Listed dates of 不定期 are not printed.
- `parse_text` returns 隔週 with start_date None (text rarely names the first day); `validate`
  then asks for it. 午後 on the start time carries over to an end time without 午前/午後.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import TYPE_CHECKING, Any

import jpholiday
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from sasaeai.resources.constants import (
    KAYOI_COUNTED_BANDS,
    WEEKDAY_NAMES,
    FrequencyBand,
    SchedulePattern,
)
from sasaeai.utils.wareki import to_wareki

if TYPE_CHECKING:
    from sasaeai.resources.models import Schedule

LAST = -1  # nths value for 最終
VALID_NTHS = frozenset({1, 2, 3, 4, 5, LAST})
ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
HSDS_TIMEZONE = 9  # JST as a UTC offset in hours, the unit HSDS 3.1 uses

Pattern = SchedulePattern
PATTERNS = frozenset(Pattern.values)


@dataclass(frozen=True)
class ScheduleSpec:
    """When a 地域資源 meets, in the shape of the `Schedule` model's fields."""

    pattern: str
    weekdays: tuple[int, ...] = ()
    nths: tuple[int, ...] = ()
    count: int | None = None
    month_days: tuple[int, ...] = ()
    start_date: date | None = None
    dates: tuple[date, ...] = ()
    opens_at: time | None = None
    closes_at: time | None = None
    closed_on_holidays: bool = False
    closed_year_end: bool = False
    note: str = ""

    def __post_init__(self) -> None:
        # The model keeps lists (and dates as ISO strings) in JSON; accept them so the
        # conversion is a plain ScheduleSpec(...) and the spec stays hashable.
        for name in ("weekdays", "nths", "month_days"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        dates = tuple(date.fromisoformat(d) if isinstance(d, str) else d for d in self.dates)
        object.__setattr__(self, "dates", dates)


# --- Schedule rows ----------------------------------------------------------------------
# The `Schedule` model's columns that make a ScheduleSpec. Reads (selectors, exports) and
# writes (services) both convert here, so neither has to import the other.

SPEC_FIELDS = (
    "pattern", "weekdays", "nths", "count", "month_days", "start_date", "dates", "opens_at",
    "closes_at", "closed_on_holidays", "closed_year_end", "note",
)  # fmt: skip


def spec_of(schedule: Schedule) -> ScheduleSpec:
    """The pure schedule value behind a Schedule row."""
    return spec_from({name: getattr(schedule, name) for name in SPEC_FIELDS})


def spec_from(values: Mapping[str, Any]) -> ScheduleSpec:
    """The schedule value from a Schedule row's SPEC_FIELDS (lists and ISO dates as stored)."""
    return ScheduleSpec(
        pattern=values["pattern"],
        weekdays=tuple(values["weekdays"]),
        nths=tuple(values["nths"]),
        count=values["count"],
        month_days=tuple(values["month_days"]),
        start_date=values["start_date"],
        dates=tuple(date.fromisoformat(d) for d in values["dates"]),
        opens_at=values["opens_at"],
        closes_at=values["closes_at"],
        closed_on_holidays=values["closed_on_holidays"],
        closed_year_end=values["closed_year_end"],
        note=values["note"],
    )


# --- validate ----------------------------------------------------------------------------


def validate(spec: ScheduleSpec) -> list[str]:
    """Return every problem with the spec as a Japanese message naming the field."""
    if spec.pattern not in PATTERNS:
        return [_("開催パターンを選んでください。")]
    errors = _range_errors(spec)
    errors += _PATTERN_CHECKS.get(spec.pattern, _no_errors)(spec)
    if spec.opens_at and spec.closes_at and spec.closes_at <= spec.opens_at:
        errors.append(_("終了時刻は開始時刻より後にしてください。"))
    return errors


def _range_errors(spec: ScheduleSpec) -> list[str]:
    """Return messages for out-of-range or repeated weekdays, nths, month days and dates."""
    # Messages are translated only when needed: this runs for every row of a large import.
    checks = (
        (
            spec.weekdays,
            range(7),
            gettext_noop("曜日は月曜日〜日曜日から選んでください。"),
            gettext_noop("曜日"),
        ),
        (
            spec.nths,
            VALID_NTHS,
            gettext_noop("第何週は第1〜第5または最終から選んでください。"),
            gettext_noop("第何週"),
        ),
        (
            spec.month_days,
            range(1, 32),
            gettext_noop("日にちは1日〜31日から選んでください。"),
            gettext_noop("日にち"),
        ),
    )
    errors = []
    for values, allowed, out_of_range, label in checks:
        if any(v not in allowed for v in values):
            errors.append(_(out_of_range))
        if len(set(values)) != len(values):
            errors.append(_("%(field)sが重複しています。") % {"field": _(label)})
    if len(set(spec.dates)) != len(spec.dates):
        errors.append(_("%(field)sが重複しています。") % {"field": _("開催日")})
    return errors


def _no_errors(spec: ScheduleSpec) -> list[str]:
    """Return no messages: 毎日 needs nothing more."""
    return []


def _needs_weekdays(spec: ScheduleSpec) -> list[str]:
    """Return a message unless at least one weekday is chosen."""
    return [] if spec.weekdays else [_("曜日を1つ以上選んでください。")]


def _check_nth_weekday(spec: ScheduleSpec) -> list[str]:
    """第n曜日 needs which weeks and which weekdays."""
    errors = [] if spec.nths else [_("第何週（第1〜第5・最終）を1つ以上選んでください。")]
    return errors + _needs_weekdays(spec)


def _check_biweekly(spec: ScheduleSpec) -> list[str]:
    """隔週 needs one weekday and a first meeting on that weekday."""
    errors = []
    if len(spec.weekdays) != 1:
        errors.append(_("隔週の曜日を1つだけ選んでください。"))
    if spec.start_date is None:
        errors.append(_("隔週の開始日（初回の開催日）を入力してください。"))
    elif len(spec.weekdays) == 1 and spec.start_date.weekday() != spec.weekdays[0]:
        errors.append(
            _("開始日（%(date)s）は%(actual)sで、選んだ曜日（%(chosen)s）と合いません。")
            % {
                "date": _safe_wareki(spec.start_date),
                "actual": _weekday_name(spec.start_date.weekday()),
                "chosen": _weekday_name(spec.weekdays[0]),
            }
        )
    return errors


def _check_monthly_day(spec: ScheduleSpec) -> list[str]:
    """毎月n日 needs at least one day of the month."""
    return [] if spec.month_days else [_("日にちを1つ以上選んでください。")]


def _check_times_per_week(spec: ScheduleSpec) -> list[str]:
    """週n回 needs a count of 1–7, matching the weekdays when they are given."""
    if spec.count is None or not 1 <= spec.count <= 7:
        return [_("週の回数は1〜7回で入力してください。")]
    if spec.weekdays and len(spec.weekdays) != spec.count:
        message = _("曜日の数（%(days)d）が週の回数（%(count)d回）と合いません。")
        return [message % {"days": len(spec.weekdays), "count": spec.count}]
    return []


def _check_times_per_month(spec: ScheduleSpec) -> list[str]:
    """月n回 needs a count of 1–31."""
    if spec.count is None or not 1 <= spec.count <= 31:
        return [_("月の回数は1〜31回で入力してください。")]
    return []


def _check_irregular(spec: ScheduleSpec) -> list[str]:
    """年n回 needs a count of 1–366 when one is given; 不定期 has none."""
    if spec.count is not None and not 1 <= spec.count <= 366:
        return [_("年の回数は1〜366回で入力してください。")]
    return []


_PATTERN_CHECKS: dict[str, Callable[[ScheduleSpec], list[str]]] = {
    Pattern.WEEKLY: _needs_weekdays,
    Pattern.TIMES_PER_WEEK: _check_times_per_week,
    Pattern.TIMES_PER_MONTH: _check_times_per_month,
    Pattern.NTH_WEEKDAY: _check_nth_weekday,
    Pattern.BIWEEKLY: _check_biweekly,
    Pattern.MONTHLY_DAY: _check_monthly_day,
    Pattern.DAILY: _no_errors,
    Pattern.IRREGULAR: _check_irregular,
}


# --- frequency band ----------------------------------------------------------------------


def frequency_band(spec: ScheduleSpec) -> FrequencyBand:
    """Return the national survey's frequency band of the schedule."""
    if spec.pattern in (Pattern.DAILY, Pattern.WEEKLY, Pattern.TIMES_PER_WEEK):
        return FrequencyBand.WEEKLY_OR_MORE
    if spec.pattern == Pattern.BIWEEKLY:
        return FrequencyBand.TWO_OR_THREE_MONTHLY
    if spec.pattern == Pattern.TIMES_PER_MONTH:
        return _band_per_month(spec.count or 0)
    if spec.pattern == Pattern.NTH_WEEKDAY:
        every_month = [n for n in set(spec.nths) if n != 5]
        return _band_per_month(len(every_month) * len(set(spec.weekdays)))
    if spec.pattern == Pattern.MONTHLY_DAY:
        return _band_per_month(len(set(spec.month_days)))
    return _band_per_year(spec.count or 0)


def _band_per_month(times: int) -> FrequencyBand:
    """Return the band of a schedule meeting `times` times a month."""
    if times >= 4:
        return FrequencyBand.WEEKLY_OR_MORE
    if times >= 2:
        return FrequencyBand.TWO_OR_THREE_MONTHLY
    if times == 1:
        return FrequencyBand.MONTHLY
    return FrequencyBand.LESS_OR_IRREGULAR


def _band_per_year(times: int) -> FrequencyBand:
    """Return the band of a schedule meeting `times` times a year (48 = 4 × 12 months)."""
    if times >= 48:
        return FrequencyBand.WEEKLY_OR_MORE
    if times >= 24:
        return FrequencyBand.TWO_OR_THREE_MONTHLY
    if times >= 12:
        return FrequencyBand.MONTHLY
    return FrequencyBand.LESS_OR_IRREGULAR


def counts_as_kayoi(spec: ScheduleSpec) -> bool:
    """Return whether national indicators count the schedule (月1回以上)."""
    return frequency_band(spec) in KAYOI_COUNTED_BANDS


# --- describe ----------------------------------------------------------------------------


def describe(spec: ScheduleSpec) -> str:
    """Return the schedule in Japanese as printed for residents."""
    return _described(spec, get_language())


# A pure function of the schedule and the language, and result lists show the same few hundred
# schedules again and again (「毎週火曜日 10:00〜12:00」), so its sentences are remembered.
@functools.lru_cache(maxsize=8192)
def _described(spec: ScheduleSpec, language: str | None) -> str:
    text = _describe_days(spec)
    hours = _describe_hours(spec)
    if hours:
        text += " " + hours
    text += _describe_closures(spec)
    if spec.note.strip():
        text += " " + spec.note.strip()
    return text


def _describe_days(spec: ScheduleSpec) -> str:
    """Return the part that says on which days, e.g. 「毎月第2・第4水曜日」."""
    days = _weekday_list(spec.weekdays)
    if spec.pattern == Pattern.DAILY:
        return _("毎日")
    if spec.pattern == Pattern.WEEKLY:
        return _("毎週%(days)s") % {"days": days}
    if spec.pattern == Pattern.NTH_WEEKDAY:
        nths = "・".join(_nth_label(n) for n in _sorted_nths(spec.nths))
        return _("毎月%(nths)s%(days)s") % {"nths": nths, "days": days}
    if spec.pattern == Pattern.BIWEEKLY:
        text = _("隔週%(days)s") % {"days": days}
        if spec.start_date:
            text += _("（%(date)sから）") % {"date": _safe_wareki(spec.start_date)}
        return text
    if spec.pattern == Pattern.MONTHLY_DAY:
        month_days = "・".join(f"{d}日" for d in sorted(set(spec.month_days)))
        return _("毎月%(days)s") % {"days": month_days}
    if spec.pattern in (Pattern.TIMES_PER_WEEK, Pattern.TIMES_PER_MONTH):
        return _describe_times(spec, days)
    if spec.count:
        return _("年%(count)d回") % {"count": spec.count}
    return _("不定期")


def _describe_times(spec: ScheduleSpec, days: str) -> str:
    """Return 「週2回（月曜日・木曜日）」, or 「月2回」 when the days are unknown."""
    count = spec.count if spec.count is not None else len(spec.weekdays)
    if spec.pattern == Pattern.TIMES_PER_WEEK:
        text = _("週%(count)d回") % {"count": count}
    else:
        text = _("月%(count)d回") % {"count": count}
    return text + (f"（{days}）" if days else "")


def hours_text(spec: ScheduleSpec) -> str:
    """The hours alone (「9:30〜11:30」, or ""), for lists of one day's meetings."""
    return _describe_hours(spec)


def _describe_hours(spec: ScheduleSpec) -> str:
    """Return 「9:30〜11:30」, 「10:00〜」 or 「〜12:00」, or "" when no time is known."""
    if spec.opens_at is None and spec.closes_at is None:
        return ""
    return f"{_clock(spec.opens_at)}〜{_clock(spec.closes_at)}"


def _clock(moment: time | None) -> str:
    """Return a time as printed for residents: hour without leading zero, e.g. 9:30."""
    return "" if moment is None else f"{moment.hour}:{moment.minute:02d}"


def _describe_closures(spec: ScheduleSpec) -> str:
    """Return 「（祝日・年末年始は休み）」 and its shorter forms, or ""."""
    closures = _closure_words(spec)
    return _("（%(days)sは休み）") % {"days": "・".join(closures)} if closures else ""


def _closure_words(spec: ScheduleSpec) -> list[str]:
    """Return the names of the days the place is closed on, 祝日 first."""
    words = []
    if spec.closed_on_holidays:
        words.append(_("祝日"))
    if spec.closed_year_end:
        words.append(_("年末年始"))
    return words


def _weekday_name(weekday: int) -> str:
    """Return 「火曜日」 for 1; an out-of-range number is shown as it is."""
    name = WEEKDAY_NAMES[weekday] if 0 <= weekday <= 6 else str(weekday)
    return f"{name}曜日"


def _weekday_list(weekdays: tuple[int, ...]) -> str:
    """Return 「火曜日・金曜日」, Monday first."""
    return "・".join(_weekday_name(w) for w in sorted(set(weekdays)))


def _sorted_nths(nths: tuple[int, ...]) -> list[int]:
    """Return the nths in month order: 第1 … 第5, then 最終."""
    return sorted(set(nths), key=lambda n: (n == LAST, n))


def _nth_label(nth: int) -> str:
    """Return 「第2」 or 「最終」."""
    return _("最終") if nth == LAST else f"第{nth}"


def _safe_wareki(day: date) -> str:
    """Return the date in 和暦, or ISO for a day before 和暦 is supported."""
    try:
        return to_wareki(day)
    except ValueError:
        return day.isoformat()


# --- next occurrences --------------------------------------------------------------------


def is_closed_on(spec: ScheduleSpec, day: date) -> bool:
    """Return whether the place is closed that day (祝日 or 年末年始 12/29–1/3, as set)."""
    if spec.closed_on_holidays and jpholiday.is_holiday(day):
        return True
    year_end = (day.month == 12 and day.day >= 29) or (day.month == 1 and day.day <= 3)
    return spec.closed_year_end and year_end


def next_occurrences(
    spec: ScheduleSpec, *, after: date, limit: int = 5, horizon_days: int = 366
) -> list[date]:
    """Return up to `limit` meeting dates on or after `after`, within `horizon_days` days."""
    meets_on = _meeting_rule(spec)
    if meets_on is None or limit <= 0:
        return []
    found = []
    for day in _days(after, horizon_days):
        if meets_on(day) and not is_closed_on(spec, day):
            found.append(day)
            if len(found) == limit:
                break
    return found


def _days(first: date, count: int) -> Iterator[date]:
    """Yield `count` consecutive days from `first`, stopping before date.max."""
    for offset in range(max(count, 0)):
        if first > date.max - timedelta(days=offset):
            return
        yield first + timedelta(days=offset)


def _meeting_rule(spec: ScheduleSpec) -> Callable[[date], bool] | None:
    """Return a predicate telling whether a day is a meeting day, or None when days are unknown."""
    weekdays = set(spec.weekdays)
    if spec.pattern == Pattern.DAILY:
        return lambda day: True
    if spec.pattern == Pattern.WEEKLY or (spec.pattern == Pattern.TIMES_PER_WEEK and weekdays):
        return lambda day: day.weekday() in weekdays
    if spec.pattern == Pattern.NTH_WEEKDAY:
        return lambda day: day.weekday() in weekdays and _nth_matches(day, set(spec.nths))
    if spec.pattern == Pattern.BIWEEKLY and spec.start_date is not None:
        start = spec.start_date
        return lambda day: day >= start and (day - start).days % 14 == 0
    if spec.pattern == Pattern.MONTHLY_DAY:
        return lambda day: day.day in set(spec.month_days)
    if spec.pattern == Pattern.IRREGULAR:
        return lambda day: day in set(spec.dates)
    return None  # 週n回 / 月n回 without days, 隔週 without a first day


def _nth_matches(day: date, nths: set[int]) -> bool:
    """Return whether the day is the n-th (or last) of its weekday in its month."""
    if (day.day - 1) // 7 + 1 in nths:
        return True
    return LAST in nths and (day + timedelta(days=7)).month != day.month


# --- HSDS 3.1 ----------------------------------------------------------------------------


def to_hsds(spec: ScheduleSpec, *, description: str | None = None) -> list[dict[str, Any]]:
    """Return HSDS 3.1 schedule objects without id/service_id (the caller adds them)."""
    base = _hsds_base(spec, description)
    if spec.pattern == Pattern.IRREGULAR and spec.dates:
        return [_hsds_single_day(base, day) for day in sorted(set(spec.dates))]
    return [base | _hsds_rule(spec)]


def _hsds_base(spec: ScheduleSpec, description: str | None) -> dict[str, Any]:
    """Return the fields every schedule object carries."""
    base: dict[str, Any] = {
        "timezone": HSDS_TIMEZONE,
        "description": describe(spec) if description is None else description,
    }
    if spec.opens_at is not None:
        base["opens_at"] = spec.opens_at.strftime("%H:%M")
    if spec.closes_at is not None:
        base["closes_at"] = spec.closes_at.strftime("%H:%M")
    notes = _hsds_notes(spec)
    if notes:
        base["notes"] = notes
    return base


def _hsds_notes(spec: ScheduleSpec) -> str:
    """Return the closures spelled out (RRULEs cannot say 祝日), then the free note."""
    closures = _closure_words(spec)
    parts = []
    if closures:
        days = "・".join(closures)
        if spec.closed_year_end:
            days += _("（12月29日〜1月3日）")
        parts.append(_("%(days)sは休みです。") % {"days": days})
    if spec.note.strip():
        parts.append(spec.note.strip())
    return "".join(parts)


def _hsds_rule(spec: ScheduleSpec) -> dict[str, Any]:
    """Return the RRULE fields of a recurring schedule, or {} when the days are unknown."""
    weekdays = sorted(set(spec.weekdays))
    byday = ",".join(ICAL_DAYS[w] for w in weekdays if 0 <= w <= 6)
    if spec.pattern == Pattern.DAILY:
        return {"freq": "WEEKLY", "byday": ",".join(ICAL_DAYS)}
    if spec.pattern == Pattern.WEEKLY or (spec.pattern == Pattern.TIMES_PER_WEEK and byday):
        return {"freq": "WEEKLY", "byday": byday}
    if spec.pattern == Pattern.NTH_WEEKDAY:
        codes = [f"{n}{ICAL_DAYS[w]}" for n in _sorted_nths(spec.nths) for w in weekdays]
        return {"freq": "MONTHLY", "byday": ",".join(codes)}
    if spec.pattern == Pattern.BIWEEKLY:
        rule: dict[str, Any] = {"freq": "WEEKLY", "interval": 2, "byday": byday}
        if spec.start_date is not None:
            rule["dtstart"] = spec.start_date.isoformat()
        return rule
    if spec.pattern == Pattern.MONTHLY_DAY:
        month_days = ",".join(str(d) for d in sorted(set(spec.month_days)))
        return {"freq": "MONTHLY", "bymonthday": month_days}
    return {}


def _hsds_single_day(base: dict[str, Any], day: date) -> dict[str, Any]:
    """Return a schedule object valid for one dated meeting only."""
    iso = day.isoformat()
    return base | {"dtstart": iso, "until": iso, "valid_from": iso, "valid_to": iso}


# --- parse_text --------------------------------------------------------------------------

_SEP = r"(?:[・、,/]|と|および|及び)"
_DAY_ITEM = r"[月火水木金土日](?:曜日|曜)?"
_DAY_LIST = rf"{_DAY_ITEM}(?:{_SEP}?{_DAY_ITEM})*"
_NTH_FIRST = r"(?:第[1-5]|最終|最後の?|月末の?)"
_NTH_ITEM = r"(?:第?[1-5]|最終|最後の?|月末の?)"
_PATTERNS = {
    Pattern.DAILY: re.compile(r"毎日"),
    Pattern.WEEKLY: re.compile(rf"毎週(?P<days>{_DAY_LIST})"),
    Pattern.BIWEEKLY: re.compile(rf"隔週(?P<days>{_DAY_LIST})"),
    Pattern.TIMES_PER_WEEK: re.compile(rf"週(?P<count>\d{{1,2}})回(?P<days>{_DAY_LIST})?"),
    Pattern.TIMES_PER_MONTH: re.compile(rf"毎?月(?P<count>\d{{1,2}})回(?P<days>{_DAY_LIST})?"),
    Pattern.NTH_WEEKDAY: re.compile(
        rf"(?:毎月)?(?P<nths>{_NTH_FIRST}(?:{_SEP}{_NTH_ITEM})*)週?の?(?P<days>{_DAY_LIST})"
    ),
    Pattern.MONTHLY_DAY: re.compile(rf"毎月(?P<month_days>\d{{1,2}}(?:日?{_SEP}\d{{1,2}})*)日"),
    Pattern.IRREGULAR: re.compile(r"年(?P<count>\d{1,3})回|不定期"),
}


def _clock_pattern(p: str) -> str:
    """Return a regex for one clock time, its groups prefixed with `p`."""
    return (
        rf"(?P<{p}ampm>午前|午後)?(?P<{p}h>\d{{1,2}})"
        rf"(?::(?P<{p}m>\d{{2}})|時(?:(?P<{p}min>\d{{1,2}})分|(?P<{p}half>半))?)"
    )


_HOURS = re.compile(
    rf"(?<!\d){_clock_pattern('a')}"
    rf"(?:\s*(?:[〜~\-−‐ー]|から)\s*(?:{_clock_pattern('b')})?(?:まで)?)?"
)
_CLOSED_DAY = r"(?:祝祭?日|年末年始)"
_CLOSURES = re.compile(
    rf"(?P<what>{_CLOSED_DAY}(?:{_SEP}|や)?(?:{_CLOSED_DAY})?)(?:は|も|を)?(?:お?休(?:み|業|館)?|除く)"
)
_NOISE = re.compile(r"[\s()\[\]「」【】]")


@functools.lru_cache(maxsize=4096)  # a sheet repeats the same few schedules thousands of times
def parse_text(text: str) -> ScheduleSpec | None:
    """Read a schedule as coordinators type it (「第2・第4水曜 10時〜12時」), or None."""
    rest = unicodedata.normalize("NFKC", text)
    closures: dict[str, Any] = {"closed_on_holidays": False, "closed_year_end": False}
    for found in _CLOSURES.finditer(rest):
        closures["closed_on_holidays"] |= "祝" in found["what"]
        closures["closed_year_end"] |= "年末年始" in found["what"]
    rest = _CLOSURES.sub(" ", rest)
    hours = _HOURS.search(rest)
    times = _parse_hours(hours) if hours else (None, None)
    if times is None:
        return None
    if hours:
        rest = rest[: hours.start()] + " " + rest[hours.end() :]
    days = _parse_days(_NOISE.sub("", rest).strip("、,。"))
    if days is None:
        return None
    return ScheduleSpec(**days, opens_at=times[0], closes_at=times[1], **closures)


def _parse_days(text: str) -> dict[str, Any] | None:
    """Return the ScheduleSpec fields for the days part, or None when it is not understood."""
    for pattern, regex in _PATTERNS.items():
        found = regex.fullmatch(text)
        if found is None:
            continue
        groups = {k: v for k, v in found.groupdict().items() if v}
        fields: dict[str, Any] = {"pattern": pattern.value}
        if "count" in groups:
            fields["count"] = int(groups["count"])
        if "days" in groups:
            fields["weekdays"] = _parse_weekdays(groups["days"])
        if "nths" in groups:
            fields["nths"] = _parse_nths(groups["nths"])
        if "month_days" in groups:
            fields["month_days"] = tuple(
                sorted({int(d) for d in re.findall(r"\d+", groups["month_days"])})
            )
        return fields
    return None


def _parse_weekdays(text: str) -> tuple[int, ...]:
    """Return weekday numbers, Monday first, from 「火・金」 or 「火曜日と金曜日」."""
    names = re.findall(r"([月火水木金土日])(?:曜日|曜)?", text)
    return tuple(sorted({WEEKDAY_NAMES.index(name) for name in names}))


def _parse_nths(text: str) -> tuple[int, ...]:
    """Return nths in month order from 「第1・3」 or 「最終」/「月末の」 (-1)."""
    nths = {int(n) if n else LAST for n, _word in re.findall(r"([1-5])|(最終|最後|月末)", text)}
    return tuple(_sorted_nths(tuple(nths)))


def _parse_hours(found: re.Match[str]) -> tuple[time | None, time | None] | None:
    """Return (opens_at, closes_at) from a matched time range, or None when out of range."""
    start = _parse_clock(found, "a", afternoon=False)
    if start is None:
        return None
    if found["bh"] is None:
        return start, None
    end = _parse_clock(found, "b", afternoon=found["aampm"] == "午後")
    return None if end is None else (start, end)


def _parse_clock(found: re.Match[str], p: str, *, afternoon: bool) -> time | None:
    """Return one matched clock time; 午後 (or an inherited 午後) adds 12 hours below 12時."""
    hour = int(found[f"{p}h"])
    minute = 30 if found[f"{p}half"] else int(found[f"{p}m"] or found[f"{p}min"] or 0)
    ampm = found[f"{p}ampm"]
    if (ampm == "午後" or (ampm is None and afternoon)) and hour < 12:
        hour += 12
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)
