"""Tests for 年度 (April–March fiscal years)."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from sasaeai.utils.fiscal_year import (
    current_fiscal_year,
    fiscal_year,
    fiscal_year_end,
    fiscal_year_moments,
    fiscal_year_range,
    fiscal_year_start,
    format_fiscal_year,
    parse_fiscal_year,
)

TOKYO = ZoneInfo("Asia/Tokyo")
NEW_YORK = ZoneInfo("America/New_York")


def test_march_31_belongs_to_the_previous_fiscal_year() -> None:
    # 2025-03-31 is the last day of the year that began on 2024-04-01.
    assert fiscal_year(date(2025, 3, 31)) == 2024


def test_april_1_starts_a_new_fiscal_year() -> None:
    assert fiscal_year(date(2025, 4, 1)) == 2025


def test_january_belongs_to_the_fiscal_year_that_began_the_april_before() -> None:
    # January 2026 follows April 2025, so FY2025.
    assert fiscal_year(date(2026, 1, 15)) == 2025


def test_december_31_belongs_to_the_fiscal_year_of_its_own_calendar_year() -> None:
    assert fiscal_year(date(2025, 12, 31)) == 2025


def test_a_utc_datetime_late_on_march_31_is_already_april_in_tokyo() -> None:
    # 15:30Z + 9 h = 2025-04-01 00:30 JST, the first half hour of FY2025.
    assert fiscal_year(datetime(2025, 3, 31, 15, 30, tzinfo=UTC)) == 2025


def test_a_utc_datetime_one_minute_before_tokyo_midnight_is_still_march() -> None:
    # 14:59Z + 9 h = 2025-03-31 23:59 JST, still FY2024.
    assert fiscal_year(datetime(2025, 3, 31, 14, 59, tzinfo=UTC)) == 2024


def test_a_datetime_in_another_zone_is_converted_to_tokyo_first() -> None:
    # 2025-03-31 11:00 EDT (UTC-4) = 15:00Z = 2025-04-01 00:00 JST.
    assert fiscal_year(datetime(2025, 3, 31, 11, 0, tzinfo=NEW_YORK)) == 2025
    # 2025-03-31 10:59 EDT = 14:59Z = 2025-03-31 23:59 JST.
    assert fiscal_year(datetime(2025, 3, 31, 10, 59, tzinfo=NEW_YORK)) == 2024


def test_a_naive_datetime_is_taken_as_local_time_already() -> None:
    # No conversion: 23:59 on 31 March stays in FY2024 even though UTC+9 would move it.
    assert fiscal_year(datetime(2025, 3, 31, 23, 59)) == 2024
    assert fiscal_year(datetime(2025, 4, 1, 0, 0)) == 2025


def test_the_fiscal_year_runs_from_april_1_to_march_31_of_the_next_year() -> None:
    assert fiscal_year_start(2025) == date(2025, 4, 1)
    assert fiscal_year_end(2025) == date(2026, 3, 31)
    assert fiscal_year_range(2025) == (date(2025, 4, 1), date(2026, 3, 31))


def test_the_moments_of_a_fiscal_year_are_tokyo_midnights_of_1_april() -> None:
    start, end = fiscal_year_moments(2025)
    assert (start, end) == (
        datetime(2025, 4, 1, tzinfo=TOKYO),
        datetime(2026, 4, 1, tzinfo=TOKYO),
    )
    # 23:30 on 31 March 2026 in Tokyo is 14:30 UTC: still in 2025's 年度; 00:00 on 1 April
    # (15:00 UTC the day before) is the next one's.
    assert start <= datetime(2026, 3, 31, 14, 30, tzinfo=UTC) < end
    assert not datetime(2026, 3, 31, 15, 0, tzinfo=UTC) < end


def test_a_fiscal_year_ending_in_a_leap_year_still_ends_on_march_31() -> None:
    # FY2023 ends in 2024, a leap year; 29 February changes nothing about 31 March.
    assert fiscal_year_range(2023) == (date(2023, 4, 1), date(2024, 3, 31))


def test_current_fiscal_year_uses_the_given_day() -> None:
    assert current_fiscal_year(date(2025, 3, 31)) == 2024
    assert current_fiscal_year(date(2025, 4, 1)) == 2025


@time_machine.travel(datetime(2025, 3, 31, 15, 30, tzinfo=UTC), tick=False)
def test_current_fiscal_year_reads_today_in_the_active_time_zone() -> None:
    # 15:30Z is 2025-04-01 00:30 in Tokyo (FY2025) but still 2025-03-31 in UTC (FY2024).
    with timezone.override(TOKYO):
        assert current_fiscal_year() == 2025
    with timezone.override(UTC):
        assert current_fiscal_year() == 2024


@pytest.mark.parametrize(
    ("fy", "expected"),
    [
        (2025, "令和7年度"),  # 2025 - 2018 = 7
        (2019, "令和元年度"),  # the first 令和 year, though April 2019 was still 平成
        (2018, "平成30年度"),  # 2018 - 1988 = 30
        (1989, "平成元年度"),
        (1988, "昭和63年度"),  # 1988 - 1925 = 63; it ended in 平成元年 March but keeps 昭和
        (1926, "昭和元年度"),  # 昭和 began 1926-12-25, so 31 December 1926 was 昭和
        (1925, "大正14年度"),  # 1925 - 1911 = 14
        (1912, "大正元年度"),
        (1911, "明治44年度"),  # 1911 - 1867 = 44
    ],
)
def test_a_fiscal_year_is_named_after_the_era_of_its_calendar_year(fy: int, expected: str) -> None:
    assert format_fiscal_year(fy) == expected


def test_a_fiscal_year_can_be_written_in_western_years() -> None:
    assert format_fiscal_year(2025, western=True) == "2025年度"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和7年度", 2025),  # 2018 + 7
        ("R7", 2025),
        ("r7", 2025),
        ("R7年度", 2025),
        ("令和7", 2025),
        ("令和元年度", 2019),
        ("2025年度", 2025),
        ("2025", 2025),
        ("２０２５年度", 2025),  # full-width digits
        ("令和７年度", 2025),
        ("Ｒ７", 2025),
        (" 令和 7 年度 ", 2025),
        ("令和\u30007年度", 2025),  # ideographic space
        ("平成30年度", 2018),  # 1988 + 30
        ("H30", 2018),
        ("昭和63年度", 1988),  # 1925 + 63
        ("平成元年度", 1989),
    ],
)
def test_parse_fiscal_year_accepts_common_spellings(text: str, expected: int) -> None:
    assert parse_fiscal_year(text) == expected


def test_parse_fiscal_year_accepts_heisei_31_used_for_fy2019_before_reiwa_was_named() -> None:
    # 1988 + 31 = 2019: budgets passed in March 2019 say "平成31年度".
    assert parse_fiscal_year("平成31年度") == 2019


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("平成32年度", "平成32年度は存在しません（平成は元年度から31年度までです）"),
        ("昭和64年度", "昭和64年度は存在しません（昭和は元年度から63年度までです）"),
        ("令和0年度", "令和0年度は存在しません（令和は元年度からです）"),
        ("明治5年度", "明治5年度は存在しません（明治は6年度から45年度までです）"),
        ("来年度", "年度として読み取れません: 来年度"),
        ("20255", "年度として読み取れません: 20255"),
        ("", "年度が入力されていません"),
    ],
)
def test_parse_fiscal_year_rejects_with_a_japanese_message(text: str, message: str) -> None:
    with pytest.raises(ValueError) as raised:
        parse_fiscal_year(text)
    assert str(raised.value) == message


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=1873, max_value=2200), st.booleans())
def test_a_formatted_fiscal_year_parses_back_to_itself(fy: int, western: bool) -> None:
    assert parse_fiscal_year(format_fiscal_year(fy, western=western)) == fy


@settings(max_examples=50, deadline=None)
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_every_day_lies_inside_the_range_of_its_own_fiscal_year(day: date) -> None:
    start, end = fiscal_year_range(fiscal_year(day))
    assert start <= day <= end
