"""年度: the Japanese fiscal year, running from 1 April to 31 March."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

from sasaeai.utils.wareki import ERA_BY_TOKEN, ERA_PATTERN, ERAS, Era, era_of, era_year_label

TOKYO = ZoneInfo("Asia/Tokyo")
FIRST_MONTH = 4

_WAREKI_FY = re.compile(rf"({ERA_PATTERN})(元|\d{{1,3}})(?:年度?)?")
_WESTERN_FY = re.compile(r"(\d{4})(?:年度?)?")


def fiscal_year(value: date | datetime) -> int:
    """Return the fiscal year (the Gregorian year it starts in) of a date or datetime."""
    if isinstance(value, datetime) and value.utcoffset() is not None:
        # A UTC timestamp late on 31 March is already 1 April, a new fiscal year, in Japan.
        value = value.astimezone(TOKYO)
    return value.year if value.month >= FIRST_MONTH else value.year - 1


def fiscal_year_start(fy: int) -> date:
    """Return 1 April of the fiscal year."""
    return date(fy, FIRST_MONTH, 1)


def fiscal_year_end(fy: int) -> date:
    """Return 31 March of the following calendar year."""
    return date(fy + 1, FIRST_MONTH - 1, 31)


def fiscal_year_range(fy: int) -> tuple[date, date]:
    """Return the first and last day of the fiscal year, both inclusive."""
    return fiscal_year_start(fy), fiscal_year_end(fy)


def fiscal_year_moments(fy: int) -> tuple[datetime, datetime]:
    """1 April 00:00 of the 年度 and of the next one, in Tokyo: a moment is in the 年度 when
    start <= moment < end (a record saved at 23:30 on 31 March, 14:30 UTC, is still in it)."""
    return (
        datetime(fy, FIRST_MONTH, 1, tzinfo=TOKYO),
        datetime(fy + 1, FIRST_MONTH, 1, tzinfo=TOKYO),
    )


def current_fiscal_year(today: date | None = None) -> int:
    """Return the fiscal year of today in the active time zone."""
    return fiscal_year(today if today is not None else timezone.localdate())


def recent_fiscal_years(count: int, today: date | None = None) -> list[tuple[int, str]]:
    """The current 年度 and the ones before it, newest first, labelled for a select."""
    current = current_fiscal_year(today)
    return [(y, format_fiscal_year(y)) for y in range(current, current - count, -1)]


def format_fiscal_year(fy: int, *, western: bool = False) -> str:
    """Format a fiscal year as "令和7年度", or "2025年度" when western."""
    if western:
        return f"{fy}年度"
    # Government usage names a fiscal year after the era of its calendar year's end, so
    # FY2019 is 令和元年度 although April 2019 was still 平成, and FY1988 is 昭和63年度.
    era = era_of(date(fy, 12, 31))
    return f"{era.name}{era_year_label(era.year_of(fy))}年度"


def parse_fiscal_year(text: str) -> int:
    """Read "令和7年度", "R7", "2025年度" or "2025" as a fiscal year, or raise ValueError."""
    compact = "".join(unicodedata.normalize("NFKC", text).split()).lower()
    if not compact:
        raise ValueError(_("年度が入力されていません"))
    if m := _WESTERN_FY.fullmatch(compact):
        return int(m[1])
    if m := _WAREKI_FY.fullmatch(compact):
        return _from_era_year(ERA_BY_TOKEN[m[1]], m[2])
    raise ValueError(_("年度として読み取れません: %(text)s") % {"text": text.strip()})


def _from_era_year(era: Era, year_text: str) -> int:
    """Turn an era year into a fiscal year, rejecting years the era never reached."""
    year = 1 if year_text == "元" else int(year_text)
    fy = era.first_year + year - 1
    first = max(era.first_year, ERAS[0].start.year)
    # The last year is the fiscal year of the era's last day, so "平成31年度" is accepted:
    # FY2019 budgets and plans written before May 2019 carried that name.
    last = None if era.end is None else fiscal_year(era.end)
    if first <= fy and (last is None or fy <= last):
        return fy
    params = {
        "label": f"{era.name}{era_year_label(year)}年度",
        "era": era.name,
        "first": era_year_label(era.year_of(first)),
        "last": None if last is None else era_year_label(era.year_of(last)),
    }
    if last is None:
        msg = _("%(label)sは存在しません（%(era)sは%(first)s年度からです）")
    else:
        msg = _("%(label)sは存在しません（%(era)sは%(first)s年度から%(last)s年度までです）")
    raise ValueError(msg % params)
