"""「いつの数字か」: the moment a staff page shows, read from `?on=` (a past day) or `?year=`
(a closed 年度, as of its 31 March), else today; drawn by the partial core/_moment_picker.html.
The analysis and the population pages share it so both offer the same choice."""

from __future__ import annotations

import datetime
from functools import cached_property
from typing import Any

from django.utils import timezone
from django.utils.http import urlencode

from sasaeai.utils.fiscal_year import current_fiscal_year, fiscal_year_end, format_fiscal_year
from sasaeai.utils.forms import int_or_none

EARLIEST_DAY = datetime.date(2000, 4, 1)
# How many closed 年度 the picker offers.
YEARS_OFFERED = 5


def past_day(value: str) -> datetime.date | None:
    """A day written as 2026-04-10, from 2000-04-01 up to yesterday (else None)."""
    if not value.isascii():
        return None
    try:
        day = datetime.date.fromisoformat(value.strip())
    except ValueError:
        return None
    return day if EARLIEST_DAY <= day < timezone.localdate() else None


def closed_years(today: datetime.date | None = None) -> list[int]:
    """The closed 年度 the picker offers, newest first."""
    current = current_fiscal_year(today or timezone.localdate())
    return [current - n for n in range(1, YEARS_OFFERED + 1)]


class MomentMixin:
    """Reads the moment of a view's figures; a chosen day wins over a 年度 given with it."""

    request: Any

    def param(self, name: str) -> str:
        return self.request.GET.get(name) or self.request.POST.get(name) or ""

    @cached_property
    def day(self) -> datetime.date | None:
        return past_day(self.param("on"))

    @cached_property
    def fiscal_year(self) -> int | None:
        if self.day is not None:
            return None
        year = int_or_none(self.param("year"))
        return year if year in closed_years() else None

    @property
    def last_day(self) -> datetime.date | None:
        """The last day whose data the page may show (None: today's)."""
        if self.fiscal_year is not None:
            return fiscal_year_end(self.fiscal_year)
        return self.day

    def point_fields(self) -> list[tuple[str, str]]:
        """The moment as form fields (kept by every link and form of the page)."""
        if self.day is not None:
            return [("on", self.day.isoformat())]
        if self.fiscal_year is not None:
            return [("year", str(self.fiscal_year))]
        return []

    def when_slug(self) -> str:
        """The moment in a file name: 令和7年度, or the day as 20260410."""
        if self.fiscal_year is not None:
            return format_fiscal_year(self.fiscal_year)
        return (self.day or timezone.localdate()).strftime("%Y%m%d")

    def year_query(self) -> str:
        fields = self.point_fields()
        return "?" + urlencode(fields) if fields else ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context.update(
            years=[(y, format_fiscal_year(y)) for y in closed_years()],
            year=self.fiscal_year,
            day=self.day,
            point_fields=self.point_fields(),
            year_query=self.year_query(),
        )
        return context
