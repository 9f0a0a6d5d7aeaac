"""Reading a date cell however a file wrote it, and saying how it was read.

Real Excel dates, 2025/1/1, 2025-01-01, 20250101, 令和7年1月1日, R7.1.1 and the US short date
Excel writes (1/1/25). A day and a month that could be swapped (2/1/25) are refused rather
than guessed: the caller reports the row, and the user writes the year first.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from sasaeai.utils.wareki import parse_date

# Excel counts days from 1899-12-30 (its 1900 leap-year bug is before any date we read).
EXCEL_EPOCH = datetime.date(1899, 12, 30)
# Serial numbers of 1954-10-03 … 2118-12-31: a bare number outside this is no date of ours.
EXCEL_SERIALS = (20000, 80000)
# Month and day first, then a two- or four-digit year: 1/1/25, 01-02-2025, 1.2.25.
MONTH_DAY_YEAR = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})")
COMPACT = re.compile(r"\d{8}")


@dataclass(frozen=True)
class DateReading:
    """The date and how it was read ("月/日/年", "和暦", "Excelの日付", …)."""

    day: datetime.date
    how: str

    def sentence(self, column: str, written: str) -> str:
        """「調査年月日: 1/1/25 を 2025年1月1日（月/日/年）と読みました。」"""
        day = japanese(self.day)
        if self.how.startswith("Excel"):
            return f"{column}: {self.how}（{day}）をそのまま使いました。"
        return f"{column}: {written} を {day}（{self.how}）と読みました。"


def japanese(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def read_date_cell(value: Any) -> DateReading:
    """The date in a cell, or ValueError with a Japanese reason (ambiguous, unreadable)."""
    if isinstance(value, datetime.datetime):
        return DateReading(value.date(), "Excelの日付")
    if isinstance(value, datetime.date):
        return DateReading(value, "Excelの日付")
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value == int(value) and EXCEL_SERIALS[0] <= value <= EXCEL_SERIALS[1]:
            day = EXCEL_EPOCH + datetime.timedelta(days=int(value))
            return DateReading(day, "Excelの日付の通し番号")
        value = str(int(value)) if value == int(value) else str(value)
    text = "".join(unicodedata.normalize("NFKC", str(value or "")).split())
    if COMPACT.fullmatch(text):
        return DateReading(
            checked(int(text[:4]), int(text[4:6]), int(text[6:]), text), "年月日の8桁"
        )
    if match := MONTH_DAY_YEAR.fullmatch(text):
        return month_first(text, int(match[1]), int(match[3]), match[4])
    day = parse_date(text)
    return DateReading(day, "年/月/日" if text[:1].isdigit() else "和暦")


def checked(year: int, month: int, day: int, text: str) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueError(f"「{text}」は日付として読み取れません。") from None


def month_first(text: str, first: int, second: int, year_text: str) -> DateReading:
    """US order (month/day/year) as Excel shows dates in English; the day/month/year reading
    is also tried, and when both give a different real day the cell is refused."""
    year = int(year_text) + (2000 if len(year_text) == 2 else 0)
    readings = []
    for month, day, how in ((first, second, "月/日/年"), (second, first, "日/月/年")):
        try:
            readings.append(DateReading(datetime.date(year, month, day), how))
        except ValueError:
            continue
    if not readings:
        raise ValueError(f"「{text}」は日付として読み取れません。")
    if len(readings) == 2 and readings[0].day != readings[1].day:
        us, european = readings
        raise ValueError(
            f"「{text}」は {japanese(us.day)}（月/日/年）とも {japanese(european.day)}"
            "（日/月/年）とも読めるため、読み取りませんでした。"
            "年・月・日の順（例: 2025/1/1）で書いてください。"
        )
    return readings[0]
