"""Tests for reading schedules typed by coordinators (Excel cells) into a ScheduleSpec."""

from datetime import time

import pytest

from sasaeai.resources.constants import SchedulePattern
from sasaeai.resources.scheduling import ScheduleSpec, parse_text, validate

P = SchedulePattern


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("毎週火曜", ScheduleSpec(P.WEEKLY, weekdays=(1,))),
        ("毎週火・金", ScheduleSpec(P.WEEKLY, weekdays=(1, 4))),
        ("毎週火曜日と金曜日", ScheduleSpec(P.WEEKLY, weekdays=(1, 4))),
        ("毎週金曜・火曜", ScheduleSpec(P.WEEKLY, weekdays=(1, 4))),  # sorted Monday first
        ("毎週土日", ScheduleSpec(P.WEEKLY, weekdays=(5, 6))),
        ("第1・3水曜", ScheduleSpec(P.NTH_WEEKDAY, nths=(1, 3), weekdays=(2,))),
        ("第2、第4水曜日", ScheduleSpec(P.NTH_WEEKDAY, nths=(2, 4), weekdays=(2,))),
        ("毎月第２・第４水曜日", ScheduleSpec(P.NTH_WEEKDAY, nths=(2, 4), weekdays=(2,))),
        ("第1・第3週の月・木曜日", ScheduleSpec(P.NTH_WEEKDAY, nths=(1, 3), weekdays=(0, 3))),
        ("最終金曜", ScheduleSpec(P.NTH_WEEKDAY, nths=(-1,), weekdays=(4,))),
        ("月末の金曜", ScheduleSpec(P.NTH_WEEKDAY, nths=(-1,), weekdays=(4,))),
        ("第1・最終金曜", ScheduleSpec(P.NTH_WEEKDAY, nths=(1, -1), weekdays=(4,))),
        ("月2回", ScheduleSpec(P.TIMES_PER_MONTH, count=2)),
        ("毎月2回", ScheduleSpec(P.TIMES_PER_MONTH, count=2)),
        ("週2回（月・木）", ScheduleSpec(P.TIMES_PER_WEEK, count=2, weekdays=(0, 3))),
        ("週２回", ScheduleSpec(P.TIMES_PER_WEEK, count=2)),
        ("隔週木曜", ScheduleSpec(P.BIWEEKLY, weekdays=(3,))),
        ("毎月15日", ScheduleSpec(P.MONTHLY_DAY, month_days=(15,))),
        ("毎月1日・15日", ScheduleSpec(P.MONTHLY_DAY, month_days=(1, 15))),
        ("毎月1・15日", ScheduleSpec(P.MONTHLY_DAY, month_days=(1, 15))),
        ("毎日", ScheduleSpec(P.DAILY)),
        ("年4回", ScheduleSpec(P.IRREGULAR, count=4)),
        ("不定期", ScheduleSpec(P.IRREGULAR)),
        ("  毎週火曜　", ScheduleSpec(P.WEEKLY, weekdays=(1,))),  # spaces around the cell
    ],
)
def test_parse_text_reads_each_day_pattern(text: str, expected: ScheduleSpec) -> None:
    assert parse_text(text) == expected


@pytest.mark.parametrize(
    ("text", "opens", "closes"),
    [
        ("毎週火曜 10時〜12時", time(10, 0), time(12, 0)),
        ("毎週火曜 10:00-12:00", time(10, 0), time(12, 0)),
        ("毎週火曜　１０：００～１２：００", time(10, 0), time(12, 0)),  # full width, NFKC
        ("毎週火曜 9時半〜11時30分", time(9, 30), time(11, 30)),
        # 午後 adds 12 hours: 1時半 → 13:30, and carries over to the end: 3時 → 15:00
        ("毎週火曜 午後1時半〜3時", time(13, 30), time(15, 0)),
        ("毎週火曜 午前10時〜午後1時", time(10, 0), time(13, 0)),
        ("毎週火曜 10時から12時まで", time(10, 0), time(12, 0)),
        ("毎週火曜 10時から", time(10, 0), None),
    ],
)
def test_parse_text_reads_the_time_range(
    text: str, opens: time | None, closes: time | None
) -> None:
    assert parse_text(text) == ScheduleSpec(
        P.WEEKLY, weekdays=(1,), opens_at=opens, closes_at=closes
    )


@pytest.mark.parametrize(
    ("text", "holidays", "year_end"),
    [
        ("毎日 祝日休み", True, False),
        ("毎日 祝日は休み", True, False),
        ("毎日（祝日は休み）", True, False),
        ("毎日 年末年始休み", False, True),
        ("毎日 祝日・年末年始は休み", True, True),
        ("毎日、祝日休み、年末年始休み", True, True),
    ],
)
def test_parse_text_reads_the_closures(text: str, holidays: bool, year_end: bool) -> None:
    assert parse_text(text) == ScheduleSpec(
        P.DAILY, closed_on_holidays=holidays, closed_year_end=year_end
    )


def test_parse_text_reads_a_whole_cell() -> None:
    assert parse_text("第2・第4水曜 10：00～12：00（祝日・年末年始は休み）") == ScheduleSpec(
        P.NTH_WEEKDAY,
        nths=(2, 4),
        weekdays=(2,),
        opens_at=time(10, 0),
        closes_at=time(12, 0),
        closed_on_holidays=True,
        closed_year_end=True,
    )


def test_a_parsed_biweekly_schedule_still_needs_its_first_day() -> None:
    # Text rarely names the first meeting, so parse_text leaves it empty and validate asks.
    spec = parse_text("隔週木曜")
    assert spec is not None
    assert validate(spec) == ["隔週の開始日（初回の開催日）を入力してください。"]


@pytest.mark.parametrize(
    "text",
    [
        "要相談",
        "随時",
        "",
        "毎週",  # no weekday
        "火曜日",  # no 毎週: could as well be a one-off
        "毎週火曜 雨天中止",  # unknown words are not dropped silently
        "毎週火曜 25時〜26時",  # no such hour
        "毎週火曜 10:75-12:00",  # no such minute
        "祝日も開催",
    ],
)
def test_parse_text_gives_up_on_what_it_cannot_read(text: str) -> None:
    assert parse_text(text) is None
