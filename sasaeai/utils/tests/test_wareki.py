"""Tests for 和暦 formatting and parsing."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sasaeai.utils.wareki import parse_date, to_wareki, wareki_year


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2019, 5, 1), "令和元年5月1日"),  # the first day of 令和
        (date(2019, 4, 30), "平成31年4月30日"),  # the last day of 平成: 2019 - 1988 = 31
        (date(2025, 4, 1), "令和7年4月1日"),  # 2025 - 2018 = 7
        (date(1989, 1, 8), "平成元年1月8日"),
        (date(1989, 1, 7), "昭和64年1月7日"),  # 1989 - 1925 = 64
        (date(1926, 12, 25), "昭和元年12月25日"),
        (date(1926, 12, 24), "大正15年12月24日"),  # 1926 - 1911 = 15
        (date(1912, 7, 30), "大正元年7月30日"),
        (date(1912, 7, 29), "明治45年7月29日"),  # 1912 - 1867 = 45
        (date(1873, 1, 1), "明治6年1月1日"),  # 1873 - 1867 = 6, the first Gregorian day
    ],
)
def test_to_wareki_names_the_era_in_force_on_that_day(day: date, expected: str) -> None:
    assert to_wareki(day) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 4, 1), "R7.4.1"),
        (date(2019, 4, 30), "H31.4.30"),
        (date(2019, 5, 1), "R1.5.1"),  # the short form writes 元年 as 1
        (date(1989, 1, 7), "S64.1.7"),
        (date(1926, 12, 24), "T15.12.24"),
        (date(1912, 7, 29), "M45.7.29"),
    ],
)
def test_to_wareki_short_uses_the_era_letter_and_dots(day: date, expected: str) -> None:
    assert to_wareki(day, short=True) == expected


def test_to_wareki_refuses_days_before_the_gregorian_calendar_reached_japan() -> None:
    with pytest.raises(ValueError) as raised:
        to_wareki(date(1872, 12, 31))
    assert str(raised.value) == "明治6年（1873年）1月1日より前の日付は和暦に変換できません"


def test_wareki_year_returns_the_era_name_and_number() -> None:
    assert wareki_year(date(2025, 4, 1)) == ("令和", 7)
    assert wareki_year(date(2019, 4, 30)) == ("平成", 31)
    assert wareki_year(date(2019, 5, 1)) == ("令和", 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和7年4月1日", date(2025, 4, 1)),  # 2018 + 7
        ("令和元年5月1日", date(2019, 5, 1)),
        ("令和1年5月1日", date(2019, 5, 1)),
        ("R7.4.1", date(2025, 4, 1)),
        ("r7.4.1", date(2025, 4, 1)),
        ("H31.4.30", date(2019, 4, 30)),  # 1988 + 31
        ("R7/4/1", date(2025, 4, 1)),
        ("R7-4-1", date(2025, 4, 1)),
        ("R07.04.01", date(2025, 4, 1)),
        ("Ｒ７．４．１", date(2025, 4, 1)),  # full width throughout
        ("令和７年４月１日", date(2025, 4, 1)),
        ("㋿7年4月1日", date(2025, 4, 1)),  # the one-character 令和 ligature
        ("㍻31年4月30日", date(2019, 4, 30)),
        ("S64.1.7", date(1989, 1, 7)),  # 1925 + 64
        ("昭和64年1月7日", date(1989, 1, 7)),
        ("明治6年1月1日", date(1873, 1, 1)),  # 1867 + 6
        ("2025-04-01", date(2025, 4, 1)),
        ("2025/4/1", date(2025, 4, 1)),
        ("2025.4.1", date(2025, 4, 1)),
        ("2025年4月1日", date(2025, 4, 1)),
        ("２０２５年４月１日", date(2025, 4, 1)),
        (" 令和 7 年 4 月 1 日 ", date(2025, 4, 1)),
        ("令和\u30007年4月1日", date(2025, 4, 1)),  # ideographic space
        ("R 7 . 4 . 1", date(2025, 4, 1)),
        ("R6.2.29", date(2024, 2, 29)),  # 2018 + 6 = 2024, a leap year
    ],
)
def test_parse_date_accepts_wareki_and_western_spellings(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # 2018 + 7 = 2025, not a leap year: February has 28 days.
        ("R7.2.30", "令和7年2月30日は存在しません（2月は28日までです）"),
        ("R7.2.29", "令和7年2月29日は存在しません（2月は28日までです）"),
        ("令和7年4月31日", "令和7年4月31日は存在しません（4月は30日までです）"),
        ("R7.13.1", "令和7年13月1日は存在しません（月は1〜12です）"),
        ("令和7年0月1日", "令和7年0月1日は存在しません（月は1〜12です）"),
        ("2025-02-30", "2025年2月30日は存在しません（2月は28日までです）"),
        # 令和 began on 2019-05-01, so 令和元年4月30日 was still 平成31年.
        ("令和1年4月30日", "令和元年4月30日は存在しません（令和は元年5月1日からです）"),
        ("平成31年5月1日", "平成31年5月1日は存在しません（平成は31年4月30日までです）"),
        ("平成32年1月1日", "平成32年1月1日は存在しません（平成は31年4月30日までです）"),
        ("H31.5.1", "平成31年5月1日は存在しません（平成は31年4月30日までです）"),
        ("平成元年1月7日", "平成元年1月7日は存在しません（平成は元年1月8日からです）"),
        ("昭和64年1月8日", "昭和64年1月8日は存在しません（昭和は64年1月7日までです）"),
        ("令和0年5月1日", "令和0年5月1日は存在しません（年は元年から数えます）"),
        (
            "明治5年12月2日",
            "明治5年12月2日には対応していません（明治6年1月1日以降の日付を入力してください）",
        ),
        ("平成99年1月1日", "平成99年1月1日は存在しません（平成は31年4月30日までです）"),
        ("あした", "日付として読み取れません: あした"),
        ("2025-4/1", "日付として読み取れません: 2025-4/1"),
        ("R7.4", "日付として読み取れません: R7.4"),
        ("X7.4.1", "日付として読み取れません: X7.4.1"),
        ("   ", "日付が入力されていません"),
    ],
)
def test_parse_date_rejects_impossible_dates_in_japanese(text: str, message: str) -> None:
    with pytest.raises(ValueError) as raised:
        parse_date(text)
    assert str(raised.value) == message


@settings(max_examples=50, deadline=None)
@given(st.dates(min_value=date(1873, 1, 1), max_value=date(2200, 12, 31)), st.booleans())
def test_a_date_written_in_wareki_parses_back_to_itself(day: date, short: bool) -> None:
    assert parse_date(to_wareki(day, short=short)) == day


@settings(max_examples=50, deadline=None)
@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_an_iso_date_parses_back_to_itself(day: date) -> None:
    # isoformat pads the year to four digits, so even year 1 matches the Western pattern.
    assert parse_date(day.isoformat()) == day


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12/5", date(2026, 12, 5)),
        ("１２／５", date(2026, 12, 5)),  # full width, as an IME types it
        ("12月5日", date(2026, 12, 5)),
        ("１２月５日", date(2026, 12, 5)),
        ("1-9", date(2026, 1, 9)),
        ("2.28", date(2026, 2, 28)),
        (" 12 / 5 ", date(2026, 12, 5)),
        # A year typed in full still wins over the default year.
        ("R7.4.1", date(2025, 4, 1)),
        ("2025/4/1", date(2025, 4, 1)),
    ],
)
def test_month_and_day_alone_mean_that_day_of_the_default_year(text: str, expected: date) -> None:
    assert parse_date(text, default_year=2026) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # 2026 is not a leap year (2026 / 4 = 506.5): February has 28 days.
        ("2/29", "2月29日は存在しません（2月は28日までです）"),
        ("13/5", "13月5日は存在しません（月は1〜12です）"),
        ("4月31日", "4月31日は存在しません（4月は30日までです）"),
        ("12/5/", "日付として読み取れません: 12/5/"),
        ("12/5日", "日付として読み取れません: 12/5日"),
    ],
)
def test_month_and_day_alone_name_the_impossible_part(text: str, message: str) -> None:
    with pytest.raises(ValueError) as raised:
        parse_date(text, default_year=2026)
    assert str(raised.value) == message


def test_month_and_day_alone_are_refused_without_a_default_year() -> None:
    # An imported file's 「12/5」 is not guessed into a year.
    with pytest.raises(ValueError) as raised:
        parse_date("12/5")
    assert str(raised.value) == "日付として読み取れません: 12/5"
