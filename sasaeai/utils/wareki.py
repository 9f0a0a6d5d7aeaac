"""和暦 (Japanese era) formatting and parsing of dates."""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Era:
    """One Japanese era: its name, initial letter, first supported day and last day."""

    name: str
    letter: str
    start: date
    end: date | None
    first_year: int  # Gregorian year counted as 元年

    def year_of(self, gregorian_year: int) -> int:
        """Return the era year (1 = 元年) of a Gregorian year."""
        return gregorian_year - self.first_year + 1

    def contains(self, d: date) -> bool:
        """Return whether the day falls inside this era."""
        return self.start <= d and (self.end is None or d <= self.end)


# 明治 began in 1868, but Japan used the lunisolar calendar until 明治5年12月2日, so a Gregorian
# date before 1873-01-01 has no honest 明治 month and day; we support from 明治6年1月1日.
ERAS: tuple[Era, ...] = (
    Era("明治", "M", date(1873, 1, 1), date(1912, 7, 29), 1868),
    Era("大正", "T", date(1912, 7, 30), date(1926, 12, 24), 1912),
    Era("昭和", "S", date(1926, 12, 25), date(1989, 1, 7), 1926),
    Era("平成", "H", date(1989, 1, 8), date(2019, 4, 30), 1989),
    Era("令和", "R", date(2019, 5, 1), None, 2019),
)
# Keys are what an era looks like after NFKC and lower-casing: "令和" or "r".
ERA_BY_TOKEN = {token: era for era in ERAS for token in (era.name, era.letter.lower())}
ERA_PATTERN = "|".join(sorted(ERA_BY_TOKEN, key=len, reverse=True))
_WAREKI_KANJI = re.compile(rf"({ERA_PATTERN})(元|\d{{1,3}})年(\d{{1,2}})月(\d{{1,2}})日")
_WAREKI_SHORT = re.compile(rf"({ERA_PATTERN})(元|\d{{1,3}})([./-])(\d{{1,2}})\3(\d{{1,2}})")
_WESTERN_SEP = re.compile(r"(\d{4})([./-])(\d{1,2})\2(\d{1,2})")
_WESTERN_KANJI = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
# Month and day alone, as people type a date in the current year: 「12/5」「12-5」「12.5」「12月5日」.
_MONTH_DAY = re.compile(r"(\d{1,2})[./-](\d{1,2})|(\d{1,2})月(\d{1,2})日")


def era_of(d: date) -> Era:
    """Return the era a date belongs to, or raise ValueError before 明治6年."""
    for era in reversed(ERAS):
        if era.contains(d):
            return era
    raise ValueError(_("明治6年（1873年）1月1日より前の日付は和暦に変換できません"))


def era_year_label(year: int) -> str:
    """Return "元" for the first year of an era, else the number."""
    return "元" if year == 1 else str(year)


def wareki_year(d: date) -> tuple[str, int]:
    """Return the era name and era year of a date, e.g. ("令和", 7)."""
    era = era_of(d)
    return era.name, era.year_of(d.year)


def to_wareki(d: date, *, short: bool = False) -> str:
    """Format a date as "令和7年4月1日", or "R7.4.1" when short."""
    era = era_of(d)
    year = era.year_of(d.year)
    if short:
        return f"{era.letter}{year}.{d.month}.{d.day}"
    return f"{era.name}{era_year_label(year)}年{d.month}月{d.day}日"


def to_wareki_with_year(d: date) -> str:
    """「令和8年12月5日（2026年）」: 和暦 with the Western year in brackets.

    The house style for dates (issue #18): staff screens and the council's own documents use
    和暦 alone (to_wareki, the `wareki` filter), as a Japanese municipality writes. The Western
    year is added only where readers compare with Western-dated material — a document sent
    outside the municipality (国・県 returns, reports read next to spreadsheets), or a note
    about a date read from an imported file. Never an ISO 2026-12-05 in a message."""
    return f"{to_wareki(d)}（{d.year}年）"


def parse_date(text: str, *, default_year: int | None = None) -> date:
    """Read a date written in 和暦 or Western notation, or raise ValueError in Japanese.

    With `default_year`, month and day alone (「12/5」「１２／５」「12月5日」) mean that day of that
    year. A form passes the current year, because that is what a person typing 「12/5」 means;
    a file being imported passes nothing, because a year-less cell there is more likely a
    mistake than a shorthand, and guessing its year would file events in the wrong year."""
    # NFKC turns full-width "Ｒ７．４．１" and the ligatures "㋿" and "㍻" into plain text.
    compact = "".join(unicodedata.normalize("NFKC", text).split()).lower()
    if not compact:
        raise ValueError(_("日付が入力されていません"))
    if m := _WESTERN_SEP.fullmatch(compact):
        return _western(int(m[1]), int(m[3]), int(m[4]))
    if m := _WESTERN_KANJI.fullmatch(compact):
        return _western(int(m[1]), int(m[2]), int(m[3]))
    if m := _WAREKI_KANJI.fullmatch(compact):
        return _wareki(ERA_BY_TOKEN[m[1]], m[2], int(m[3]), int(m[4]))
    if m := _WAREKI_SHORT.fullmatch(compact):
        return _wareki(ERA_BY_TOKEN[m[1]], m[2], int(m[4]), int(m[5]))
    if default_year is not None and (m := _MONTH_DAY.fullmatch(compact)):
        month, day = (int(m[1]), int(m[2])) if m[1] else (int(m[3]), int(m[4]))
        _check_month_day(f"{month}月{day}日", default_year, month, day)
        return date(default_year, month, day)
    raise ValueError(_("日付として読み取れません: %(text)s") % {"text": text.strip()})


def _western(year: int, month: int, day: int) -> date:
    """Build a Gregorian date, explaining in Japanese why it does not exist."""
    _check_month_day(f"{year}年{month}月{day}日", year, month, day)
    return date(year, month, day)


def _wareki(era: Era, year_text: str, month: int, day: int) -> date:
    """Build a date from an era year, checking that the era was in force on that day."""
    year = 1 if year_text == "元" else int(year_text)
    label = f"{era.name}{era_year_label(year)}年{month}月{day}日"
    if year < 1:
        raise ValueError(_("%(label)sは存在しません（年は元年から数えます）") % {"label": label})
    gregorian = era.first_year + year - 1
    _check_month_day(label, gregorian, month, day)
    d = date(gregorian, month, day)
    if d < ERAS[0].start:
        # 明治5年 existed, but only on the lunisolar calendar, so say "unsupported", not "absent".
        raise ValueError(
            _("%(label)sには対応していません（明治6年1月1日以降の日付を入力してください）")
            % {"label": label}
        )
    if d < era.start:
        msg = _("%(label)sは存在しません（%(era)sは%(year)s年%(month)d月%(day)d日からです）")
        raise ValueError(msg % _bound_params(label, era, era.start))
    if era.end is not None and d > era.end:
        msg = _("%(label)sは存在しません（%(era)sは%(year)s年%(month)d月%(day)d日までです）")
        raise ValueError(msg % _bound_params(label, era, era.end))
    return d


def _bound_params(label: str, era: Era, bound: date) -> dict[str, object]:
    """Return the message parameters naming an era's first or last day."""
    return {
        "label": label,
        "era": era.name,
        "year": era_year_label(era.year_of(bound.year)),
        "month": bound.month,
        "day": bound.day,
    }


def _check_month_day(label: str, year: int, month: int, day: int) -> None:
    """Raise ValueError naming the impossible part of a year-month-day."""
    if not 1 <= year <= 9999:
        raise ValueError(_("%(label)sは扱える範囲外の日付です") % {"label": label})
    if not 1 <= month <= 12:
        raise ValueError(_("%(label)sは存在しません（月は1〜12です）") % {"label": label})
    last_day = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last_day:
        raise ValueError(
            _("%(label)sは存在しません（%(month)d月は%(last)d日までです）")
            % {"label": label, "month": month, "last": last_day}
        )
