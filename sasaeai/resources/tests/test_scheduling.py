"""Tests for meeting schedules: validation, survey band, wording, next dates and HSDS."""

import json
from datetime import date, time, timedelta

import jpholiday
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sasaeai.resources.constants import HSDS_SCHEMA_DIR, FrequencyBand, SchedulePattern
from sasaeai.resources.scheduling import (
    ScheduleSpec,
    counts_as_kayoi,
    describe,
    frequency_band,
    next_occurrences,
    to_hsds,
    validate,
)

P = SchedulePattern
TEN, NOON = time(10, 0), time(12, 0)
HSDS_SCHEDULE = HSDS_SCHEMA_DIR / "schedule.json"


# --- validate --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spec",
    [
        ScheduleSpec(P.WEEKLY, weekdays=(1, 4), opens_at=TEN, closes_at=NOON),
        ScheduleSpec(P.DAILY),
        ScheduleSpec(P.TIMES_PER_WEEK, count=2),
        ScheduleSpec(P.TIMES_PER_WEEK, count=2, weekdays=(0, 3)),
        ScheduleSpec(P.TIMES_PER_MONTH, count=2),
        ScheduleSpec(P.NTH_WEEKDAY, nths=(2, 4), weekdays=(2,)),
        ScheduleSpec(P.NTH_WEEKDAY, nths=(-1,), weekdays=(4,)),
        ScheduleSpec(P.BIWEEKLY, weekdays=(3,), start_date=date(2025, 4, 3)),  # a Thursday
        ScheduleSpec(P.MONTHLY_DAY, month_days=(1, 15)),
        ScheduleSpec(P.IRREGULAR, count=4),
        ScheduleSpec(P.IRREGULAR),
        ScheduleSpec(P.IRREGULAR, dates=(date(2025, 5, 10),)),
        ScheduleSpec(P.WEEKLY, weekdays=(0,), opens_at=TEN),  # an open end is fine
    ],
)
def test_a_complete_schedule_of_each_pattern_has_no_errors(spec: ScheduleSpec) -> None:
    assert validate(spec) == []


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (ScheduleSpec(P.WEEKLY), ["曜日を1つ以上選んでください。"]),
        (
            ScheduleSpec(P.NTH_WEEKDAY),
            ["第何週（第1〜第5・最終）を1つ以上選んでください。", "曜日を1つ以上選んでください。"],
        ),
        (ScheduleSpec(P.NTH_WEEKDAY, nths=(2,)), ["曜日を1つ以上選んでください。"]),
        (
            ScheduleSpec(P.BIWEEKLY),
            [
                "隔週の曜日を1つだけ選んでください。",
                "隔週の開始日（初回の開催日）を入力してください。",
            ],
        ),
        (
            ScheduleSpec(P.BIWEEKLY, weekdays=(1, 3), start_date=date(2025, 4, 3)),
            ["隔週の曜日を1つだけ選んでください。"],
        ),
        (
            # 2025-04-04 is a Friday (04-01 Tuesday + 3), while Thursday (3) was chosen
            ScheduleSpec(P.BIWEEKLY, weekdays=(3,), start_date=date(2025, 4, 4)),
            ["開始日（令和7年4月4日）は金曜日で、選んだ曜日（木曜日）と合いません。"],
        ),
        (ScheduleSpec(P.MONTHLY_DAY), ["日にちを1つ以上選んでください。"]),
        (ScheduleSpec(P.TIMES_PER_WEEK), ["週の回数は1〜7回で入力してください。"]),
        (ScheduleSpec(P.TIMES_PER_WEEK, count=8), ["週の回数は1〜7回で入力してください。"]),
        (ScheduleSpec(P.TIMES_PER_WEEK, count=0), ["週の回数は1〜7回で入力してください。"]),
        (
            ScheduleSpec(P.TIMES_PER_WEEK, count=2, weekdays=(0, 2, 4)),
            ["曜日の数（3）が週の回数（2回）と合いません。"],
        ),
        (ScheduleSpec(P.TIMES_PER_MONTH), ["月の回数は1〜31回で入力してください。"]),
        (ScheduleSpec(P.TIMES_PER_MONTH, count=32), ["月の回数は1〜31回で入力してください。"]),
        (ScheduleSpec(P.IRREGULAR, count=0), ["年の回数は1〜366回で入力してください。"]),
        (ScheduleSpec("fortnightly"), ["開催パターンを選んでください。"]),
    ],
)
def test_an_incomplete_schedule_gets_a_message_naming_the_missing_field(
    spec: ScheduleSpec, expected: list[str]
) -> None:
    assert validate(spec) == expected


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (ScheduleSpec(P.WEEKLY, weekdays=(7,)), ["曜日は月曜日〜日曜日から選んでください。"]),
        (ScheduleSpec(P.WEEKLY, weekdays=(-1,)), ["曜日は月曜日〜日曜日から選んでください。"]),
        (ScheduleSpec(P.WEEKLY, weekdays=(1, 1)), ["曜日が重複しています。"]),
        (
            ScheduleSpec(P.NTH_WEEKDAY, nths=(0,), weekdays=(2,)),
            ["第何週は第1〜第5または最終から選んでください。"],
        ),
        (
            ScheduleSpec(P.NTH_WEEKDAY, nths=(6,), weekdays=(2,)),
            ["第何週は第1〜第5または最終から選んでください。"],
        ),
        (
            ScheduleSpec(P.NTH_WEEKDAY, nths=(-2,), weekdays=(2,)),
            ["第何週は第1〜第5または最終から選んでください。"],
        ),
        (ScheduleSpec(P.MONTHLY_DAY, month_days=(32,)), ["日にちは1日〜31日から選んでください。"]),
        (ScheduleSpec(P.MONTHLY_DAY, month_days=(0,)), ["日にちは1日〜31日から選んでください。"]),
        (
            ScheduleSpec(P.IRREGULAR, dates=(date(2025, 5, 1), date(2025, 5, 1))),
            ["開催日が重複しています。"],
        ),
    ],
)
def test_out_of_range_or_repeated_values_are_named(spec: ScheduleSpec, expected: list[str]) -> None:
    assert validate(spec) == expected


@pytest.mark.parametrize(("opens", "closes"), [(NOON, TEN), (TEN, TEN)])
def test_closing_time_must_come_after_opening_time(opens: time, closes: time) -> None:
    spec = ScheduleSpec(P.DAILY, opens_at=opens, closes_at=closes)
    assert validate(spec) == ["終了時刻は開始時刻より後にしてください。"]


def test_lists_and_iso_dates_from_the_json_fields_become_tuples_and_dates() -> None:
    spec = ScheduleSpec(P.IRREGULAR, weekdays=[1], dates=["2025-05-10"])  # type: ignore[arg-type]
    assert spec.weekdays == (1,)
    assert spec.dates == (date(2025, 5, 10),)
    assert hash(spec) == hash(ScheduleSpec(P.IRREGULAR, weekdays=(1,), dates=(date(2025, 5, 10),)))


# --- frequency band --------------------------------------------------------------------

WEEKLY_PLUS = FrequencyBand.WEEKLY_OR_MORE
TWO_THREE = FrequencyBand.TWO_OR_THREE_MONTHLY
MONTHLY = FrequencyBand.MONTHLY
LESS = FrequencyBand.LESS_OR_IRREGULAR


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (ScheduleSpec(P.DAILY), WEEKLY_PLUS),
        (ScheduleSpec(P.WEEKLY, weekdays=(1,)), WEEKLY_PLUS),
        (ScheduleSpec(P.TIMES_PER_WEEK, count=1), WEEKLY_PLUS),
        (ScheduleSpec(P.TIMES_PER_MONTH, count=4), WEEKLY_PLUS),
        (ScheduleSpec(P.TIMES_PER_MONTH, count=3), TWO_THREE),
        (ScheduleSpec(P.TIMES_PER_MONTH, count=2), TWO_THREE),
        (ScheduleSpec(P.TIMES_PER_MONTH, count=1), MONTHLY),
        # 第n曜日: per month = weeks × weekdays
        (ScheduleSpec(P.NTH_WEEKDAY, nths=(1, 3), weekdays=(0, 3)), WEEKLY_PLUS),  # 2 × 2 = 4
        (ScheduleSpec(P.NTH_WEEKDAY, nths=(2, 4), weekdays=(2,)), TWO_THREE),  # 2 × 1 = 2
        (ScheduleSpec(P.NTH_WEEKDAY, nths=(-1,), weekdays=(4,)), MONTHLY),  # 1 × 1
        # 第5 exists in only 4–5 months a year, so it does not add a monthly meeting
        (ScheduleSpec(P.NTH_WEEKDAY, nths=(5,), weekdays=(2,)), LESS),
        (ScheduleSpec(P.NTH_WEEKDAY, nths=(1, 5), weekdays=(2,)), MONTHLY),
        (ScheduleSpec(P.BIWEEKLY, weekdays=(3,), start_date=date(2025, 4, 3)), TWO_THREE),
        (ScheduleSpec(P.MONTHLY_DAY, month_days=(1, 8, 15, 22)), WEEKLY_PLUS),
        (ScheduleSpec(P.MONTHLY_DAY, month_days=(1, 15)), TWO_THREE),
        (ScheduleSpec(P.MONTHLY_DAY, month_days=(15,)), MONTHLY),
        # 年n回: 48 = 4 a month, 24 = 2 a month, 12 = 1 a month
        (ScheduleSpec(P.IRREGULAR, count=48), WEEKLY_PLUS),
        (ScheduleSpec(P.IRREGULAR, count=47), TWO_THREE),
        (ScheduleSpec(P.IRREGULAR, count=24), TWO_THREE),
        (ScheduleSpec(P.IRREGULAR, count=23), MONTHLY),
        (ScheduleSpec(P.IRREGULAR, count=12), MONTHLY),
        (ScheduleSpec(P.IRREGULAR, count=11), LESS),
        (ScheduleSpec(P.IRREGULAR, count=4), LESS),
        (ScheduleSpec(P.IRREGULAR), LESS),
    ],
)
def test_each_pattern_falls_in_the_survey_band(spec: ScheduleSpec, expected: str) -> None:
    assert frequency_band(spec) == expected


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (ScheduleSpec(P.WEEKLY, weekdays=(1,)), True),
        (ScheduleSpec(P.TIMES_PER_MONTH, count=2), True),
        (ScheduleSpec(P.NTH_WEEKDAY, nths=(-1,), weekdays=(4,)), True),  # 月1回 still counts
        (ScheduleSpec(P.IRREGULAR, count=4), False),
        (ScheduleSpec(P.IRREGULAR), False),
    ],
)
def test_only_monthly_or_more_counts_as_kayoi(spec: ScheduleSpec, expected: bool) -> None:
    assert counts_as_kayoi(spec) is expected


# --- describe --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (
            ScheduleSpec(P.WEEKLY, weekdays=(4, 1), opens_at=TEN, closes_at=NOON),
            "毎週火曜日・金曜日 10:00〜12:00",  # Monday first, whatever order they came in
        ),
        (
            ScheduleSpec(
                P.NTH_WEEKDAY,
                nths=(4, 2),
                weekdays=(2,),
                opens_at=TEN,
                closes_at=NOON,
                closed_on_holidays=True,
            ),
            "毎月第2・第4水曜日 10:00〜12:00（祝日は休み）",
        ),
        (
            ScheduleSpec(
                P.NTH_WEEKDAY,
                nths=(-1,),
                weekdays=(4,),
                opens_at=time(13, 30),
                closes_at=time(15, 0),
            ),
            "毎月最終金曜日 13:30〜15:00",
        ),
        (ScheduleSpec(P.NTH_WEEKDAY, nths=(-1, 1), weekdays=(4,)), "毎月第1・最終金曜日"),
        (ScheduleSpec(P.NTH_WEEKDAY, nths=(1, 3), weekdays=(0, 3)), "毎月第1・第3月曜日・木曜日"),
        (
            # 2025 is 令和7年 (2025 - 2018)
            ScheduleSpec(P.BIWEEKLY, weekdays=(3,), start_date=date(2025, 4, 3)),
            "隔週木曜日（令和7年4月3日から）",
        ),
        (ScheduleSpec(P.BIWEEKLY, weekdays=(3,)), "隔週木曜日"),
        (ScheduleSpec(P.TIMES_PER_WEEK, count=2, weekdays=(3, 0)), "週2回（月曜日・木曜日）"),
        (ScheduleSpec(P.TIMES_PER_WEEK, count=2), "週2回"),
        (ScheduleSpec(P.TIMES_PER_MONTH, count=2), "月2回"),
        (ScheduleSpec(P.MONTHLY_DAY, month_days=(15, 1)), "毎月1日・15日"),
        (ScheduleSpec(P.DAILY), "毎日"),
        (ScheduleSpec(P.IRREGULAR, count=4), "年4回"),
        (ScheduleSpec(P.IRREGULAR), "不定期"),
        (ScheduleSpec(P.IRREGULAR, dates=(date(2025, 5, 10),)), "不定期"),
    ],
)
def test_describe_prints_each_pattern_as_residents_read_it(
    spec: ScheduleSpec, expected: str
) -> None:
    assert describe(spec) == expected


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (
            ScheduleSpec(P.DAILY, closed_on_holidays=True, closed_year_end=True),
            "毎日（祝日・年末年始は休み）",
        ),
        (ScheduleSpec(P.DAILY, closed_year_end=True), "毎日（年末年始は休み）"),
        (ScheduleSpec(P.DAILY, closed_on_holidays=True), "毎日（祝日は休み）"),
    ],
)
def test_describe_names_the_closures(spec: ScheduleSpec, expected: str) -> None:
    assert describe(spec) == expected


@pytest.mark.parametrize(
    ("opens", "closes", "expected"),
    [
        (time(9, 30), time(11, 30), "毎日 9:30〜11:30"),  # no leading zero on the hour
        (time(9, 5), None, "毎日 9:05〜"),  # minutes stay two digits
        (None, time(12, 0), "毎日 〜12:00"),
    ],
)
def test_describe_writes_times_without_a_leading_zero_on_the_hour(
    opens: time | None, closes: time | None, expected: str
) -> None:
    assert describe(ScheduleSpec(P.DAILY, opens_at=opens, closes_at=closes)) == expected


def test_describe_appends_the_note_after_a_space_at_the_end() -> None:
    spec = ScheduleSpec(
        P.WEEKLY,
        weekdays=(1,),
        opens_at=TEN,
        closes_at=NOON,
        closed_on_holidays=True,
        note=" 雨天中止 ",
    )
    assert describe(spec) == "毎週火曜日 10:00〜12:00（祝日は休み） 雨天中止"


# --- next occurrences ------------------------------------------------------------------


def test_weekly_monday_skips_bunka_no_hi_and_the_furikae_kyujitsu() -> None:
    # Mondays of November 2025: 11-01 is a Saturday, so 3, 10, 17, 24; then December 1, 8.
    # jpholiday: 11-03 文化の日, 11-24 振替休日 (勤労感謝の日 11-23 fell on a Sunday).
    spec = ScheduleSpec(P.WEEKLY, weekdays=(0,), closed_on_holidays=True)
    assert next_occurrences(spec, after=date(2025, 11, 1), limit=4) == [
        date(2025, 11, 10),
        date(2025, 11, 17),
        date(2025, 12, 1),
        date(2025, 12, 8),
    ]


def test_weekly_monday_skips_keiro_no_hi() -> None:
    # 2025-09-08 is a Monday; 09-15 is 敬老の日; 09-22 is an ordinary Monday (秋分の日 is 09-23).
    spec = ScheduleSpec(P.WEEKLY, weekdays=(0,), closed_on_holidays=True)
    assert next_occurrences(spec, after=date(2025, 9, 8), limit=3) == [
        date(2025, 9, 8),  # on `after` itself counts
        date(2025, 9, 22),
        date(2025, 9, 29),
    ]


def test_weekly_meetings_go_on_holidays_when_not_closed() -> None:
    # Same Mondays as above, with 11-03 and 11-24 kept.
    spec = ScheduleSpec(P.WEEKLY, weekdays=(0,))
    assert next_occurrences(spec, after=date(2025, 11, 1), limit=4) == [
        date(2025, 11, 3),
        date(2025, 11, 10),
        date(2025, 11, 17),
        date(2025, 11, 24),
    ]


def test_weekly_thursday_skips_new_years_day_when_closed_for_the_year_end() -> None:
    # 2025-12-20 is a Saturday; Thursdays: 12-25, 2026-01-01 (元日, inside 12/29–1/3), 01-08, 01-15.
    spec = ScheduleSpec(P.WEEKLY, weekdays=(3,), closed_year_end=True)
    assert next_occurrences(spec, after=date(2025, 12, 20), limit=3) == [
        date(2025, 12, 25),
        date(2026, 1, 8),
        date(2026, 1, 15),
    ]


def test_year_end_closure_covers_the_29th_even_when_it_is_not_a_holiday() -> None:
    # Mondays: 2025-12-22, 12-29 (an ordinary Monday, but 年末年始), 2026-01-05, 01-12 (成人の日,
    # the second Monday: 01-05 is the first), 01-19.
    year_end_only = ScheduleSpec(P.WEEKLY, weekdays=(0,), closed_year_end=True)
    assert next_occurrences(year_end_only, after=date(2025, 12, 22), limit=3) == [
        date(2025, 12, 22),
        date(2026, 1, 5),
        date(2026, 1, 12),
    ]
    both = ScheduleSpec(P.WEEKLY, weekdays=(0,), closed_year_end=True, closed_on_holidays=True)
    assert next_occurrences(both, after=date(2025, 12, 22), limit=3) == [
        date(2025, 12, 22),
        date(2026, 1, 5),
        date(2026, 1, 19),
    ]


def test_daily_skips_only_the_holiday() -> None:
    # 2025-11-03 文化の日 is skipped; 11-01 and 11-02 are a weekend but still meeting days.
    spec = ScheduleSpec(P.DAILY, closed_on_holidays=True)
    assert next_occurrences(spec, after=date(2025, 11, 1), limit=4) == [
        date(2025, 11, 1),
        date(2025, 11, 2),
        date(2025, 11, 4),
        date(2025, 11, 5),
    ]


def test_times_per_week_with_days_meets_on_those_days() -> None:
    # 2026-01-08 is a Thursday; Monday 01-12 is 成人の日; then Thursday 01-15 and Monday 01-19.
    spec = ScheduleSpec(P.TIMES_PER_WEEK, count=2, weekdays=(0, 3), closed_on_holidays=True)
    assert next_occurrences(spec, after=date(2026, 1, 8), limit=3) == [
        date(2026, 1, 8),
        date(2026, 1, 15),
        date(2026, 1, 19),
    ]


@pytest.mark.parametrize(
    "spec",
    [
        ScheduleSpec(P.TIMES_PER_WEEK, count=2),
        ScheduleSpec(P.TIMES_PER_MONTH, count=2),
        ScheduleSpec(P.TIMES_PER_MONTH, count=2, weekdays=(2,)),  # which weeks is unknown
        ScheduleSpec(P.BIWEEKLY, weekdays=(3,)),  # no first day to count from
        ScheduleSpec(P.IRREGULAR, count=4),
    ],
)
def test_schedules_without_known_days_have_no_next_dates(spec: ScheduleSpec) -> None:
    assert next_occurrences(spec, after=date(2025, 4, 1)) == []


def test_second_and_fourth_wednesday_across_the_new_year() -> None:
    # December 2025 Wednesdays: 3, 10, 17, 24, 31 → 2nd 10, 4th 24.
    # 2026-01-01 is a Thursday, so Wednesdays are 7, 14, 21, 28 → 2nd 14, 4th 28.
    spec = ScheduleSpec(P.NTH_WEEKDAY, nths=(2, 4), weekdays=(2,), closed_year_end=True)
    assert next_occurrences(spec, after=date(2025, 12, 1), limit=4) == [
        date(2025, 12, 10),
        date(2025, 12, 24),
        date(2026, 1, 14),
        date(2026, 1, 28),
    ]


def test_last_friday_of_each_month() -> None:
    # 2025-10-01 is a Wednesday → Fridays 3 … 31; 11-01 Saturday → last Friday 28;
    # 12-01 Monday → Fridays 5, 12, 19, 26.
    spec = ScheduleSpec(P.NTH_WEEKDAY, nths=(-1,), weekdays=(4,))
    assert next_occurrences(spec, after=date(2025, 10, 1), limit=3) == [
        date(2025, 10, 31),
        date(2025, 11, 28),
        date(2025, 12, 26),
    ]


def test_fifth_wednesday_only_exists_in_some_months_and_skips_showa_no_hi() -> None:
    # Fifth Wednesdays: 2025-10-29 (Oct 1 is a Wednesday), 2025-12-31 (Dec 3 is the first),
    # none in Jan–Mar 2026, 2026-04-29 (Apr 1 is a Wednesday) is 昭和の日, none in May–June,
    # 2026-07-29 (Jul 1 is a Wednesday: Jun 1 Monday + 30 days).
    spec = ScheduleSpec(P.NTH_WEEKDAY, nths=(5,), weekdays=(2,), closed_on_holidays=True)
    assert next_occurrences(spec, after=date(2025, 10, 1), limit=3) == [
        date(2025, 10, 29),
        date(2025, 12, 31),
        date(2026, 7, 29),
    ]


def test_biweekly_thursday_counts_fourteen_days_from_the_first_meeting() -> None:
    # 2025-04-03 is a Thursday (04-01 Tuesday); + 14 → 04-17, + 14 → 05-01, + 14 → 05-15.
    spec = ScheduleSpec(P.BIWEEKLY, weekdays=(3,), start_date=date(2025, 4, 3))
    assert next_occurrences(spec, after=date(2025, 4, 10), limit=3) == [
        date(2025, 4, 17),
        date(2025, 5, 1),
        date(2025, 5, 15),
    ]


def test_biweekly_has_nothing_before_its_first_meeting() -> None:
    spec = ScheduleSpec(P.BIWEEKLY, weekdays=(3,), start_date=date(2025, 4, 3))
    assert next_occurrences(spec, after=date(2025, 3, 1), limit=2) == [
        date(2025, 4, 3),
        date(2025, 4, 17),
    ]


def test_biweekly_skips_new_years_day_without_shifting_the_fortnight() -> None:
    # 2025-12-18 is a Thursday; + 14 → 2026-01-01 (元日, skipped), + 14 → 01-15, + 14 → 01-29.
    # 01-08 is the off week, so nothing is moved there.
    spec = ScheduleSpec(
        P.BIWEEKLY, weekdays=(3,), start_date=date(2025, 12, 18), closed_on_holidays=True
    )
    assert next_occurrences(spec, after=date(2025, 12, 1), limit=3) == [
        date(2025, 12, 18),
        date(2026, 1, 15),
        date(2026, 1, 29),
    ]


def test_the_31st_skips_months_without_one() -> None:
    # 2025: January 31, (no 2-31), March 31, (no 4-31), May 31, (no 6-31), July 31.
    spec = ScheduleSpec(P.MONTHLY_DAY, month_days=(31,))
    assert next_occurrences(spec, after=date(2025, 1, 1), limit=4) == [
        date(2025, 1, 31),
        date(2025, 3, 31),
        date(2025, 5, 31),
        date(2025, 7, 31),
    ]


def test_first_and_fifteenth_skip_new_years_day() -> None:
    # 2026-01-01 falls inside 12/29–1/3; then 01-15, 02-01, 02-15.
    spec = ScheduleSpec(P.MONTHLY_DAY, month_days=(1, 15), closed_year_end=True)
    assert next_occurrences(spec, after=date(2025, 12, 20), limit=3) == [
        date(2026, 1, 15),
        date(2026, 2, 1),
        date(2026, 2, 15),
    ]


def test_irregular_dates_are_sorted_and_filtered_by_the_closures() -> None:
    # 2025-09-15 敬老の日 and 2026-01-03 (年末年始) are closed; 10-05 and 12-28 (a Sunday, the
    # day before the year-end closure begins) are ordinary days; 2025-08-30 is before `after`.
    spec = ScheduleSpec(
        P.IRREGULAR,
        count=4,
        dates=(date(2025, 12, 28), date(2025, 9, 15), date(2026, 1, 3), date(2025, 10, 5)),
        closed_on_holidays=True,
        closed_year_end=True,
    )
    assert next_occurrences(spec, after=date(2025, 9, 1)) == [
        date(2025, 10, 5),
        date(2025, 12, 28),
    ]


def test_nothing_is_returned_beyond_the_horizon() -> None:
    # The window is `after` plus horizon_days − 1: 2025-01-01 … 2025-01-10 for 10 days.
    spec = ScheduleSpec(P.IRREGULAR, dates=(date(2025, 1, 10), date(2025, 1, 11)))
    assert next_occurrences(spec, after=date(2025, 1, 1), horizon_days=10) == [date(2025, 1, 10)]


def test_a_limit_of_zero_returns_nothing() -> None:
    assert next_occurrences(ScheduleSpec(P.DAILY), after=date(2025, 1, 1), limit=0) == []


def test_the_search_stops_at_the_end_of_the_calendar() -> None:
    assert next_occurrences(ScheduleSpec(P.DAILY), after=date(9999, 12, 30)) == [
        date(9999, 12, 30),
        date(9999, 12, 31),
    ]


# --- HSDS ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (
            ScheduleSpec(P.WEEKLY, weekdays=(1, 4), opens_at=TEN, closes_at=NOON),
            {
                "freq": "WEEKLY",
                "byday": "TU,FR",
                "timezone": 9,
                "opens_at": "10:00",
                "closes_at": "12:00",
                "description": "毎週火曜日・金曜日 10:00〜12:00",
            },
        ),
        (
            ScheduleSpec(P.DAILY),
            {
                "freq": "WEEKLY",
                "byday": "MO,TU,WE,TH,FR,SA,SU",
                "timezone": 9,
                "description": "毎日",
            },
        ),
        (
            ScheduleSpec(P.NTH_WEEKDAY, nths=(2, 4), weekdays=(2,), closed_on_holidays=True),
            {
                "freq": "MONTHLY",
                "byday": "2WE,4WE",
                "timezone": 9,
                "description": "毎月第2・第4水曜日（祝日は休み）",
                "notes": "祝日は休みです。",
            },
        ),
        (
            ScheduleSpec(P.NTH_WEEKDAY, nths=(-1,), weekdays=(4,), opens_at=time(9, 30)),
            {
                "freq": "MONTHLY",
                "byday": "-1FR",
                "timezone": 9,
                "opens_at": "09:30",  # HSDS wants HH:MM, so the hour keeps its zero here
                "description": "毎月最終金曜日 9:30〜",
            },
        ),
        (
            ScheduleSpec(P.NTH_WEEKDAY, nths=(1, 3), weekdays=(0, 3)),
            {
                "freq": "MONTHLY",
                "byday": "1MO,1TH,3MO,3TH",
                "timezone": 9,
                "description": "毎月第1・第3月曜日・木曜日",
            },
        ),
        (
            ScheduleSpec(P.BIWEEKLY, weekdays=(3,), start_date=date(2025, 4, 3)),
            {
                "freq": "WEEKLY",
                "interval": 2,
                "dtstart": "2025-04-03",
                "byday": "TH",
                "timezone": 9,
                "description": "隔週木曜日（令和7年4月3日から）",
            },
        ),
        (
            ScheduleSpec(P.MONTHLY_DAY, month_days=(15, 1), closed_year_end=True),
            {
                "freq": "MONTHLY",
                "bymonthday": "1,15",
                "timezone": 9,
                "description": "毎月1日・15日（年末年始は休み）",
                "notes": "年末年始（12月29日〜1月3日）は休みです。",
            },
        ),
        (
            ScheduleSpec(P.TIMES_PER_WEEK, count=2, weekdays=(0, 3)),
            {
                "freq": "WEEKLY",
                "byday": "MO,TH",
                "timezone": 9,
                "description": "週2回（月曜日・木曜日）",
            },
        ),
        (
            ScheduleSpec(P.TIMES_PER_WEEK, count=2, note="曜日は月ごとに決めます"),
            {
                "timezone": 9,
                "description": "週2回 曜日は月ごとに決めます",
                "notes": "曜日は月ごとに決めます",
            },
        ),
        (
            ScheduleSpec(P.TIMES_PER_MONTH, count=2, closed_on_holidays=True, closed_year_end=True),
            {
                "timezone": 9,
                "description": "月2回（祝日・年末年始は休み）",
                "notes": "祝日・年末年始（12月29日〜1月3日）は休みです。",
            },
        ),
        (ScheduleSpec(P.IRREGULAR, count=4), {"timezone": 9, "description": "年4回"}),
    ],
)
def test_each_recurring_pattern_becomes_one_hsds_schedule(
    spec: ScheduleSpec, expected: dict[str, object]
) -> None:
    assert to_hsds(spec) == [expected]


def test_dated_irregular_meetings_become_one_hsds_schedule_per_date_in_order() -> None:
    spec = ScheduleSpec(
        P.IRREGULAR,
        count=4,
        dates=(date(2025, 8, 9), date(2025, 5, 10)),
        opens_at=time(13, 0),
        closes_at=time(15, 0),
    )
    common = {
        "timezone": 9,
        "opens_at": "13:00",
        "closes_at": "15:00",
        "description": "年4回 13:00〜15:00",
    }
    assert to_hsds(spec) == [
        common
        | {
            "dtstart": "2025-05-10",
            "until": "2025-05-10",
            "valid_from": "2025-05-10",
            "valid_to": "2025-05-10",
        },
        common
        | {
            "dtstart": "2025-08-09",
            "until": "2025-08-09",
            "valid_from": "2025-08-09",
            "valid_to": "2025-08-09",
        },
    ]


def test_a_given_description_replaces_the_generated_one() -> None:
    spec = ScheduleSpec(P.WEEKLY, weekdays=(1,))
    assert to_hsds(spec, description="火曜の朝") == [
        {"freq": "WEEKLY", "byday": "TU", "timezone": 9, "description": "火曜の朝"}
    ]


# jsonschema is not installed, so the check against schedule.json is done by hand: every field
# is one of its properties, with the JSON type it declares, and freq is one of its enum values.
_PYTHON_TYPES = {"string": str, "number": int}
_EVERY_SHAPE = [
    ScheduleSpec(P.WEEKLY, weekdays=(1, 4), opens_at=TEN, closes_at=NOON, closed_on_holidays=True),
    ScheduleSpec(P.DAILY, note="雨天中止"),
    ScheduleSpec(P.NTH_WEEKDAY, nths=(2, -1), weekdays=(2,)),
    ScheduleSpec(P.BIWEEKLY, weekdays=(3,), start_date=date(2025, 4, 3)),
    ScheduleSpec(P.MONTHLY_DAY, month_days=(1, 15), closed_year_end=True),
    ScheduleSpec(P.TIMES_PER_MONTH, count=2),
    ScheduleSpec(P.IRREGULAR, dates=(date(2025, 5, 10),)),
]


@pytest.mark.parametrize("spec", _EVERY_SHAPE)
def test_hsds_fields_are_schedule_json_properties_of_the_declared_type(spec: ScheduleSpec) -> None:
    schema = json.loads(HSDS_SCHEDULE.read_text(encoding="utf-8"))
    properties = schema["properties"]
    for item in to_hsds(spec):
        assert set(item) <= set(properties) - {"id", "service_id"}
        for name, value in item.items():
            assert isinstance(value, _PYTHON_TYPES[properties[name]["type"]]), name
        if "freq" in item:
            assert item["freq"] in properties["freq"]["enum"]


# --- properties ------------------------------------------------------------------------

_weekdays = st.lists(st.integers(0, 6), min_size=1, max_size=7, unique=True).map(tuple)
_days = st.dates(date(2020, 1, 1), date(2030, 12, 31))
_valid_specs = st.one_of(
    st.builds(ScheduleSpec, st.just(P.WEEKLY), weekdays=_weekdays),
    st.builds(ScheduleSpec, st.just(P.DAILY)),
    st.builds(ScheduleSpec, st.just(P.TIMES_PER_WEEK), count=st.integers(1, 7)),
    _weekdays.map(lambda w: ScheduleSpec(P.TIMES_PER_WEEK, count=len(w), weekdays=w)),
    st.builds(ScheduleSpec, st.just(P.TIMES_PER_MONTH), count=st.integers(1, 31)),
    st.builds(
        ScheduleSpec,
        st.just(P.NTH_WEEKDAY),
        weekdays=_weekdays,
        nths=st.lists(st.sampled_from([1, 2, 3, 4, 5, -1]), min_size=1, unique=True).map(tuple),
    ),
    _days.map(lambda d: ScheduleSpec(P.BIWEEKLY, weekdays=(d.weekday(),), start_date=d)),
    st.builds(
        ScheduleSpec,
        st.just(P.MONTHLY_DAY),
        month_days=st.lists(st.integers(1, 31), min_size=1, unique=True).map(tuple),
    ),
    st.builds(
        ScheduleSpec,
        st.just(P.IRREGULAR),
        count=st.none() | st.integers(1, 366),
        dates=st.lists(_days, unique=True).map(tuple),
    ),
)
# Half the searches start just before 年末年始 so the closure window is actually crossed.
_after = _days | st.integers(2020, 2030).map(lambda year: date(year, 12, 20))
_closures = st.fixed_dictionaries(
    {
        "closed_on_holidays": st.booleans(),
        "closed_year_end": st.booleans(),
        "opens_at": st.none() | st.times(time(0, 0), time(11, 59)),
        "closes_at": st.none() | st.times(time(12, 0), time(23, 59)),
        "note": st.text(max_size=10),
    }
)


@settings(max_examples=200, deadline=None)
@given(base=_valid_specs, extra=_closures, after=_after, limit=st.integers(0, 12))
def test_valid_specs_describe_and_list_sorted_open_days_from_after(
    base: ScheduleSpec, extra: dict[str, object], after: date, limit: int
) -> None:
    spec = ScheduleSpec(**(base.__dict__ | extra))  # type: ignore[arg-type]
    assert validate(spec) == []
    assert describe(spec)
    found = next_occurrences(spec, after=after, limit=limit)
    assert found == sorted(set(found))
    assert len(found) <= limit
    for day in found:
        assert after <= day < after + timedelta(days=366)
        assert not (spec.closed_on_holidays and jpholiday.is_holiday(day))
        year_end = (day.month, day.day) >= (12, 29) or (day.month, day.day) <= (1, 3)
        assert not (spec.closed_year_end and year_end)
