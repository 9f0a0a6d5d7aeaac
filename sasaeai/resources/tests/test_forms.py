"""Every schedule pattern survives the trip spec → form → spec, as the edit screen needs."""

import datetime

import pytest

from sasaeai.resources.constants import SchedulePattern as P
from sasaeai.resources.forms import ScheduleForm
from sasaeai.resources.scheduling import ScheduleSpec

T10, T12 = datetime.time(10, 0), datetime.time(12, 0)
SPECS = [
    ScheduleSpec(P.WEEKLY, weekdays=(1, 4), opens_at=T10, closes_at=T12, closed_on_holidays=True),
    ScheduleSpec(P.TIMES_PER_WEEK, count=2, weekdays=(0, 3)),
    ScheduleSpec(P.TIMES_PER_MONTH, count=2),
    ScheduleSpec(P.NTH_WEEKDAY, nths=(2, 4), weekdays=(2,), opens_at=T10, closes_at=T12),
    ScheduleSpec(P.NTH_WEEKDAY, nths=(-1,), weekdays=(4,)),
    ScheduleSpec(P.BIWEEKLY, weekdays=(3,), start_date=datetime.date(2025, 4, 3)),  # a Thursday
    ScheduleSpec(P.MONTHLY_DAY, month_days=(1, 15), closed_year_end=True),
    ScheduleSpec(P.DAILY, opens_at=datetime.time(9, 30)),
    ScheduleSpec(
        P.IRREGULAR, count=4, dates=(datetime.date(2025, 5, 10), datetime.date(2025, 8, 9))
    ),
    ScheduleSpec(P.IRREGULAR, note="雨天中止"),
]


def as_post(initial: dict) -> dict:
    """What a browser sends back for the initial values (lists stay lists, None becomes '')."""
    post: dict = {}
    for key, value in initial.items():
        if isinstance(value, bool):
            if value:
                post[key] = "on"
        elif value is None:
            post[key] = ""
        elif isinstance(value, datetime.time):
            post[key] = value.strftime("%H:%M")
        else:
            post[key] = value
    return post


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.pattern)
def test_each_pattern_round_trips_through_the_schedule_form(spec: ScheduleSpec) -> None:
    form = ScheduleForm(data=as_post(ScheduleForm.initial_from(spec)))
    assert form.is_valid(), form.errors
    assert form.spec == spec


def test_the_form_accepts_a_wareki_start_date_and_names_a_weekday_mismatch() -> None:
    # 令和7年4月4日 = 2025-04-04, a Friday; the chosen weekday is Thursday (3).
    form = ScheduleForm(
        data={"pattern": P.BIWEEKLY, "weekdays": ["3"], "start_date": "令和7年4月4日"}
    )
    assert not form.is_valid()
    assert form.non_field_errors() == [
        "開始日（令和7年4月4日）は金曜日で、選んだ曜日（木曜日）と合いません。"
    ]


def test_month_days_may_be_typed_with_japanese_separators() -> None:
    form = ScheduleForm(data={"pattern": P.MONTHLY_DAY, "month_days": "１、１５"})
    assert form.is_valid(), form.errors
    assert form.spec.month_days == (1, 15)


def test_irregular_dates_are_shown_in_wareki_one_per_line() -> None:
    # 2025-05-10 is 令和7年 (2025 − 2018 = 7); never the raw 2025-05-10 on the edit screen.
    initial = ScheduleForm.initial_from(SPECS[8])
    assert initial["dates"] == "令和7年5月10日\n令和7年8月9日"
