"""Calendar arithmetic the standard library lacks."""

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Shift by whole months, clamping to the month's last day (3/31 − 1 month → 2/28 or 2/29)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return day.replace(year=year, month=month + 1, day=min(day.day, last))
