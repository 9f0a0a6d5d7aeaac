"""Opening hours as people write them in Japanese (「月〜金 8:30〜17:00（祝日・年末年始を除く）」).

`parse_opening(days_text, hours_text, note_text)` reads the days, the hours and the closures of a
place into ScheduleSpec values (the `Schedule` model's shape) and returns, verbatim, every piece of
text it could not read in `unparsed`: nothing is dropped and nothing is guessed. `parse_text` in
scheduling.py stays the strict all-or-nothing reader of one 「曜日・頻度」 cell.

Decisions worth knowing:
- 祝日 cannot be a day of the week in the model. When it is named as an open day (「土日祝」,
  「日曜・祝日」) the spec gets the note 「祝日も開所」, and 「祝日も開館」 etc. are kept as a note
  as written. 「祝日・年末年始休み」 sets closed_on_holidays / closed_year_end.
- 年末年始 with dates in brackets sets closed_year_end only when they are the model's 12/29–1/3;
  other dates (「12月28日〜1月4日」) are left in `unparsed`.
- 7 days a week (「月〜日」, 「月火水木金土日」, 「年中無休」, 「365日」) is 毎日.
- 「24時間」 cannot be a time range (closes_at must be after opens_at), so it becomes the note
  「24時間」 with no times.
- 「隔週木曜」 gives 隔週 with start_date None; `problems()` then asks for the first day.
- Each time range goes with the days written before it (「月〜金 9:00〜17:00 土 9:00〜12:00」 is two
  specs; times before any day belong to the first days). Two ranges after the same days (a lunch
  break: 「9:00〜12:00、13:00〜17:00」) give two specs with the same days.
- 「月2回（第1・第3火曜）」 is 第1・第3火曜; when the count and the nths disagree the whole phrase is
  left in `unparsed`. 「月1回程度」, 「週3回程度」 (an estimate) are left in `unparsed`.
- A closure naming a day the place is said to be open on (「月〜土」 with 「土曜休み」) sets nothing and
  is left in `unparsed`; 「土日祝休み」 beside 「月〜金」 only adds closed_on_holidays.
- A bare day list or a time right after unread words belongs to those words (「雨の日は中止」,
  「冬期は16:00まで」, 「12:00〜13:00は除く」): left in `unparsed`, not read as another opening.
- With no day that can be read there is no schedule: every non-empty text given comes back in
  `unparsed` as it was.
- Not wired into the importers: the flat import's 「曜日・頻度」 of 通いの場 deliberately refuses a
  bare 「火曜日」 (it may be a one-off), while opening hours read it as every week.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import time
from typing import Any

from sasaeai.resources.constants import WEEKDAY_NAMES, SchedulePattern
from sasaeai.resources.scheduling import LAST, ScheduleSpec, validate

Pattern = SchedulePattern

HOLIDAYS_OPEN_NOTE = "祝日も開所"


@dataclass
class ParsedOpening:
    """What `parse_opening` read: schedules, and the text it could not read, verbatim."""

    specs: list[ScheduleSpec] = field(default_factory=list)
    unparsed: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Whether everything was read (at least one schedule and nothing left over)."""
        return bool(self.specs) and not self.unparsed

    def problems(self) -> list[str]:
        """The schedules' validation messages (e.g. 隔週 without its first day), each once."""
        messages: list[str] = []
        for spec in self.specs:
            messages += [m for m in validate(spec) if m not in messages]
        return messages


# --- regular expressions (on NFKC text: full-width digits, ：, ～ and － are already ASCII) ---

_DASH = r"[〜~\-−‐‑–—―ー]"
_SEP = r"(?:[・、,/]|と|および|及び)"
_DAY = r"[月火水木金土日](?:曜日|曜)?"
_DAY_OR_RANGE = rf"{_DAY}(?:\s*{_DASH}\s*{_DAY})?"
_HOLIDAY_ITEM = r"祝祭?日?"
_LIST_ITEM = rf"(?:{_DAY_OR_RANGE}|{_HOLIDAY_ITEM})"
_DAY_LIST = rf"{_LIST_ITEM}(?:\s*{_SEP}?\s*{_LIST_ITEM})*"
# A bare list (no 毎週) must stand on its own: not inside a word (「日中」, 「休日」, 「12月」) and not
# 「月2回」 or 「月1回程度」.
_BARE_BEFORE = r"(?<![\d\u4e00-\u9fff\u30a0-\u30ff])"
_BARE_AFTER = r"(?!\s*\d+\s*(?:回|日|か月|ヶ月|カ月))(?![\u4e00-\u9fff\u30a0-\u30ff])"
_NTH_FIRST = r"(?:第[1-5]|最終|最後の?|月末の?)"
_NTH_ITEM = r"(?:第?[1-5]|最終|最後の?|月末の?)"
_ABOUT = r"(?!\s*(?:程度|くらい|ぐらい|ほど|前後))"

# Tried in this order; each match is taken out of the text before the next one looks.
_DAY_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (Pattern.DAILY, re.compile(r"毎日|年中無休|365日")),
    ("weekdays", re.compile(r"平日")),
    (Pattern.BIWEEKLY, re.compile(rf"隔週\s*の?\s*(?P<days>{_DAY_LIST})")),
    (Pattern.WEEKLY, re.compile(rf"毎週\s*(?P<days>{_DAY_LIST})")),
    (
        Pattern.TIMES_PER_WEEK,
        re.compile(rf"週\s*(?P<count>\d{{1,2}})\s*回{_ABOUT}(?:\s*\(?(?P<days>{_DAY_LIST})\)?)?"),
    ),
    (
        Pattern.TIMES_PER_MONTH,
        re.compile(
            rf"毎?月\s*(?P<count>\d{{1,2}})\s*回{_ABOUT}(?:\s*\(?\s*(?:毎月)?"
            rf"(?:(?P<nths>{_NTH_FIRST}(?:\s*{_SEP}\s*{_NTH_ITEM})*)週?\s*の?\s*)?"
            rf"(?P<days>{_DAY_LIST})\)?)?"
        ),
    ),
    (
        Pattern.NTH_WEEKDAY,
        re.compile(
            rf"(?:毎月)?\s*(?P<nths>{_NTH_FIRST}(?:\s*{_SEP}\s*{_NTH_ITEM})*)週?\s*の?\s*"
            rf"(?P<days>{_DAY_LIST})"
        ),
    ),
    (
        Pattern.MONTHLY_DAY,
        re.compile(rf"毎月\s*(?P<month_days>\d{{1,2}}(?:日?{_SEP}\d{{1,2}})*)日"),
    ),
    (Pattern.IRREGULAR, re.compile(rf"年\s*(?P<count>\d{{1,3}})\s*回{_ABOUT}|不定期")),
    ("list", re.compile(rf"{_BARE_BEFORE}(?P<days>{_DAY_LIST}){_BARE_AFTER}")),
)


def _clock(p: str) -> str:
    """A regex for one clock time (「午後1時半」, 「13:30」, 「9時15分」, 「正午」), groups prefixed `p`."""
    return (
        rf"(?:(?P<{p}noon>正午)|(?P<{p}ampm>午前|午後)?\s*(?P<{p}h>\d{{1,2}})"
        rf"(?::(?P<{p}m>\d{{2}})|時(?:(?P<{p}min>\d{{1,2}})分|(?P<{p}half>半))?))"
    )


_TO = rf"\s*(?:{_DASH}|から)\s*"
# Not part of a longer number, and not a range that is excluded (「12:00〜13:00は除く」, a lunch
# break): that is left for a person rather than read as one more opening.
_BEFORE = rf"(?<![\d:])(?<!{_DASH})(?<!{_DASH}\s)"
_AFTER = rf"(?![\d:])(?!\s*(?:{_DASH}|から|まで))(?!\s*[はを]?\s*(?:除|休|昼休))"
_HOURS = (
    # 「9〜17時」: the unit written once, after the end (first, or 「17時」 would be read alone)
    re.compile(rf"{_BEFORE}(?P<ah>\d{{1,2}}){_TO}(?P<bh>\d{{1,2}})時{_AFTER}"),
    # 「8:30〜17:00」, 「9時〜」, 「10:00-」, 「10時から12時まで」
    re.compile(rf"{_BEFORE}{_clock('a')}(?:{_TO}(?:{_clock('b')})?(?:まで)?)?{_AFTER}"),
    # 「〜17:00」, 「17時まで」: only the closing time
    re.compile(rf"(?<![\d:]){_DASH}\s*{_clock('b')}(?:まで)?{_AFTER}"),
    re.compile(rf"{_BEFORE}{_clock('b')}\s*まで{_AFTER}"),
)
_ALL_DAY = re.compile(r"24時間(?:営業|対応|受付|開所|開館|利用可能?)?")

_HOLIDAY_WORD = (
    r"(?:国民の祝日(?:に関する法律に(?:規定|定め)(?:する|る|られた)休日)?|祝祭?日|祝|休日)"
)
_YEAR_END = r"年末年始(?:\s*\([^()]*\))?"
_CLOSED_DAY = r"[月火水木金土日](?:曜日|曜)?"
_CLOSED_ITEM = rf"(?:{_HOLIDAY_WORD}|{_YEAR_END}|{_CLOSED_DAY})"
# Items follow each other directly or with a separator, never across a plain space or line (「月水金
# 土日祝休み」 closes 土日祝, not 金), and a weekday first must not end a day list or range (「毎日」).
_CLOSED_ITEMS = (
    rf"(?:(?<![毎隔第{_DASH[1:-1]}・、,/月火水木金土日]){_CLOSED_DAY}|{_HOLIDAY_WORD}|{_YEAR_END})"
    rf"(?:(?:[ \u3000]*(?:{_SEP}|や)[ \u3000]*)?{_CLOSED_ITEM})*"
)
_CLOSURE = re.compile(
    rf"(?P<what>{_CLOSED_ITEMS})[ \u3000]*(?:は|も|を|が)?[ \u3000]*(?:終日)?"
    r"(?:お?休み|休業|休館|休所|休室|休園|閉館|閉所|定休日?|除く|除き|利用不可|利用できません|休)"
)
_CLOSURE_BEFORE = re.compile(
    rf"(?:定休日|休館日|休業日|休所日|休み)[ \u3000]*(?:は|:)?[ \u3000]*(?P<what>{_CLOSED_ITEMS})"
)
_YEAR_END_RANGE = re.compile(rf"12月29日(?:から|{_DASH})(?:翌年の?)?1月3日(?:まで)?")
_HOLIDAYS_OPEN = re.compile(r"祝日?も(?:開所|開館|開設|営業|開催|利用可能?|受付|対応)(?:します)?")
_LABEL = re.compile(r"(?:開所|開館|営業|受付|利用|開催|相談|診療)(?:日|時間|日時)(?:は|:)?")
# What is left between things that were read and says nothing by itself.
_FILLER = re.compile(
    r"(?:[\s\x00()\[\]「」【】、,。・/:;]|の|は|で|と|のみ|及び|および|です|まで)*"
)
_EDGE = " \t\r\n\u3000\x00()[]「」【】、,。・/:;"


# --- the reader ----------------------------------------------------------------------------


class _Text:
    """NFKC text that remembers which characters were read and where each came from."""

    def __init__(self, original: str) -> None:
        self.original = original
        chars: list[str] = []
        self.source: list[int] = []
        # Character by character, so every normalized character points back to the original.
        for index, char in enumerate(original):
            for norm in unicodedata.normalize("NFKC", char):
                chars.append(norm)
                self.source.append(index)
        self.chars = chars
        self.read = [False] * len(chars)

    def view(self) -> str:
        """The text with what was read masked by NUL, so later patterns cannot see it."""
        return "".join("\x00" if done else c for c, done in zip(self.chars, self.read, strict=True))

    def take(self, start: int, end: int, *, read: bool = True) -> None:
        for i in range(start, end):
            self.read[i] = read

    def slice(self, start: int, end: int) -> str:
        """The original text behind normalized positions start..end."""
        if start >= end:
            return ""
        return self.original[self.source[start] : self.source[end - 1] + 1]

    def leftovers(self) -> list[str]:
        """Runs of unread text with something in them, as originally written."""
        pieces: list[str] = []
        start = None
        for i, done in enumerate([*self.read, True]):
            if not done and start is None:
                start = i
            elif done and start is not None:
                piece = "".join(self.chars[start:i])
                if not _FILLER.fullmatch(piece):
                    lead = len(piece) - len(piece.lstrip(_EDGE))
                    trail = len(piece) - len(piece.rstrip(_EDGE))
                    pieces.append(self.slice(start + lead, i - trail).strip())
                start = None
        return pieces


@dataclass
class _DayGroup:
    start: int
    end: int
    fields: dict[str, Any]
    holidays_open: bool = False
    bare: bool = False  # a list of days with no 毎週 or 平日 before it
    hours: list[tuple[time | None, time | None]] = field(default_factory=list)


def parse_opening(days_text: str, hours_text: str = "", note_text: str = "") -> ParsedOpening:
    """Read opening days, hours and closures as people write them; keep the rest verbatim."""
    parts = [p for p in (days_text, hours_text, note_text) if p and p.strip()]
    text = _Text("\n".join(parts))
    closures = _read_closures(text)
    notes = _read_notes(text)
    hours = _read_hours(text)
    groups = _read_days(text)
    # A bare day or a time right after words that were not read belongs to those words
    # (「雨の日は中止」, 「冬期は16:00まで」): left for a person, not read as one more opening.
    for group in [g for g in groups if g.bare]:
        if _after_words(text, group.start):
            text.take(group.start, group.end, read=False)
            groups.remove(group)
    for reading in list(hours):
        if _after_words(text, reading[0]):
            text.take(reading[0], reading[1], read=False)
            hours.remove(reading)
    if not groups:
        return ParsedOpening(specs=[], unparsed=[p.strip() for p in parts])
    for start, _end, times in hours:
        owner = groups[0]
        for group in groups:
            if group.start < start:
                owner = group
        owner.hours.append(times)
    open_weekdays = {d for g in groups for d in _open_days(g.fields)}
    holidays = year_end = False
    for start, end, on_holidays, on_year_end, days in closures:
        if days & open_weekdays:
            # 「土曜休み」 for a place open on 土曜: a contradiction for a person to read
            text.take(start, end, read=False)
            continue
        holidays |= on_holidays
        year_end |= on_year_end
    specs: list[ScheduleSpec] = []
    for group in groups:
        words = ([HOLIDAYS_OPEN_NOTE] if group.holidays_open else []) + notes
        note = " ".join(dict.fromkeys(words))  # 「土日祝」 and 「祝日も開所」 say it once
        for opens, closes in group.hours or [(None, None)]:
            spec = ScheduleSpec(
                **group.fields,
                opens_at=opens,
                closes_at=closes,
                closed_on_holidays=holidays,
                closed_year_end=year_end,
                note=note,
            )
            if spec not in specs:
                specs.append(spec)
    return ParsedOpening(specs=specs, unparsed=text.leftovers())


def _after_words(text: _Text, position: int) -> bool:
    """Whether unread words (more than particles and brackets) come just before `position`."""
    start = position
    while start > 0 and not text.read[start - 1] and text.chars[start - 1] != "\n":
        start -= 1
    return not _FILLER.fullmatch("".join(text.chars[start:position]))


def _open_days(fields: dict[str, Any]) -> set[int]:
    if fields["pattern"] == Pattern.DAILY:
        return set(range(7))
    return set(fields.get("weekdays", ()))


def _read_closures(text: _Text) -> list[tuple[int, int, bool, bool, frozenset[int]]]:
    """Take 「祝日・年末年始休み」, 「定休日：日曜」 and the like (given back if they contradict the days)."""
    found_all = []
    matches = [*_CLOSURE.finditer(text.view()), *_CLOSURE_BEFORE.finditer(text.view())]
    for found in matches:
        if any(text.read[found.start() : found.end()]):
            continue
        what = found["what"]
        ranges = re.findall(r"年末年始\s*\(([^()]*)\)", what)
        if any(not _YEAR_END_RANGE.fullmatch(re.sub(r"\s", "", r)) for r in ranges):
            continue  # other dates than the model's 12/29–1/3: left for a person
        words = re.sub(_YEAR_END, "", what)
        on_holidays = re.search(_HOLIDAY_WORD, words) is not None
        days = frozenset(_weekdays(re.sub(_HOLIDAY_WORD, "", words)))  # 祝日's 日 is no 日曜
        found_all.append((found.start(), found.end(), on_holidays, "年末年始" in what, days))
        text.take(found.start(), found.end())
    return found_all


def _read_notes(text: _Text) -> list[str]:
    """Take 「24時間」 and 「祝日も開所」-like phrases; they are kept, as written, as the note."""
    notes = []
    for regex in (_ALL_DAY, _HOLIDAYS_OPEN):
        for found in regex.finditer(text.view()):
            notes.append(text.slice(found.start(), found.end()))
            text.take(found.start(), found.end())
    for found in _LABEL.finditer(text.view()):
        text.take(found.start(), found.end())
    return notes


def _read_hours(text: _Text) -> list[tuple[int, int, tuple[time | None, time | None]]]:
    """Take every time range that is a real time of day, with where it was written."""
    ranges = []
    for regex in _HOURS:
        for found in regex.finditer(text.view()):
            groups = found.groupdict()
            opens = _clock_of(groups, "a", afternoon=False)
            closes = _clock_of(groups, "b", afternoon=groups.get("aampm") == "午後")
            if (_written(groups, "a") and opens is None) or (
                _written(groups, "b") and closes is None
            ):
                continue  # 25時, 10:75: not a time, left for a person
            ranges.append((found.start(), found.end(), (opens, closes)))
            text.take(found.start(), found.end())
    return sorted(ranges, key=lambda r: r[0])


def _written(groups: dict[str, str | None], p: str) -> bool:
    return groups.get(f"{p}h") is not None or groups.get(f"{p}noon") is not None


def _clock_of(groups: dict[str, str | None], p: str, *, afternoon: bool) -> time | None:
    """One matched clock time, or None; 午後 (or an inherited 午後) adds 12 hours below 12時."""
    if groups.get(f"{p}noon"):
        return time(12, 0)
    if groups.get(f"{p}h") is None:
        return None
    hour = int(groups[f"{p}h"] or 0)
    minute = (
        30 if groups.get(f"{p}half") else int(groups.get(f"{p}m") or groups.get(f"{p}min") or 0)
    )
    ampm = groups.get(f"{p}ampm")
    if (ampm == "午後" or (ampm is None and afternoon)) and hour < 12:
        hour += 12
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _read_days(text: _Text) -> list[_DayGroup]:
    """Take every day expression, in the order of the rules, and return them by position."""
    groups = []
    puzzles = []
    for kind, regex in _DAY_RULES:
        for found in regex.finditer(text.view()):
            group = _day_group(kind, found)
            if group is None:
                # Hidden from the later rules, so that no part of it is read on its own.
                puzzles.append((found.start(), found.end()))
            else:
                groups.append(group)
            text.take(found.start(), found.end())
    for start, end in puzzles:
        text.take(start, end, read=False)
    return sorted(groups, key=lambda g: g.start)


def _day_group(kind: str, found: re.Match[str]) -> _DayGroup | None:
    groups = {k: v for k, v in found.groupdict().items() if v}
    days = groups.get("days", "")
    weekdays = _weekdays(re.sub(r"祝祭?日?", "", days))  # the 日 of 祝日 is no 日曜
    holidays_open = bool(re.search(r"祝", days))
    if kind == "weekdays":
        return _DayGroup(
            found.start(),
            found.end(),
            {"pattern": Pattern.WEEKLY.value, "weekdays": (0, 1, 2, 3, 4)},
        )
    if kind in ("list", Pattern.WEEKLY) and not weekdays:
        return None  # 「祝日」 alone is no day of the week
    bare = kind == "list"
    fields: dict[str, Any] = {"pattern": Pattern.WEEKLY.value if bare else str(Pattern(kind).value)}
    if fields["pattern"] == Pattern.WEEKLY and len(weekdays) == 7:
        fields = {"pattern": Pattern.DAILY.value}
    elif weekdays:
        fields["weekdays"] = weekdays
    if "count" in groups:
        fields["count"] = int(groups["count"])
    if "nths" in groups:
        fields["nths"] = _nths(groups["nths"])
    if fields["pattern"] == Pattern.TIMES_PER_MONTH and "nths" in fields:
        # 「月2回（第1・第3火曜）」 is 第1・第3火曜; 「月3回（第1・第3火曜）」 is for a person to settle.
        if len(fields["nths"]) != fields["count"]:
            return None
        fields["pattern"] = Pattern.NTH_WEEKDAY.value
        del fields["count"]
    if "month_days" in groups:
        fields["month_days"] = tuple(
            sorted({int(d) for d in re.findall(r"\d+", groups["month_days"])})
        )
    return _DayGroup(found.start(), found.end(), fields, holidays_open=holidays_open, bare=bare)


def _weekdays(text: str) -> tuple[int, ...]:
    """Weekday numbers, Monday first, from 「月・水・金」, 「月〜金」 or 「火曜日と金曜日」."""
    days: set[int] = set()
    for first, last in re.findall(
        rf"([月火水木金土日])(?:曜日|曜)?(?:\s*{_DASH}\s*([月火水木金土日])(?:曜日|曜)?)?", text
    ):
        start = WEEKDAY_NAMES.index(first)
        if not last:
            days.add(start)
            continue
        end = WEEKDAY_NAMES.index(last)
        days.update((start + i) % 7 for i in range((end - start) % 7 + 1))  # 金〜月 wraps
    return tuple(sorted(days))


def _nths(text: str) -> tuple[int, ...]:
    """Nths in month order from 「第1・3」 or 「最終」/「月末の」 (-1)."""
    nths = {int(n) if n else LAST for n, _word in re.findall(r"([1-5])|(最終|最後|月末)", text)}
    return tuple(sorted(nths, key=lambda n: (n == LAST, n)))
