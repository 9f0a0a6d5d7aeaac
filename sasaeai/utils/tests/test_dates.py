import datetime

from sasaeai.utils.dates import add_months


def test_twelve_months_back_is_the_same_day_last_year() -> None:
    assert add_months(datetime.date(2026, 11, 26), -12) == datetime.date(2025, 11, 26)


def test_a_month_back_from_march_31_clamps_to_the_end_of_february() -> None:
    # 2024 is a leap year (divisible by 4, not by 100) → 29 days; 2025 is not → 28 days.
    assert add_months(datetime.date(2024, 3, 31), -1) == datetime.date(2024, 2, 29)
    assert add_months(datetime.date(2025, 3, 31), -1) == datetime.date(2025, 2, 28)


def test_months_cross_the_year_forwards() -> None:
    assert add_months(datetime.date(2025, 11, 30), 3) == datetime.date(2026, 2, 28)
