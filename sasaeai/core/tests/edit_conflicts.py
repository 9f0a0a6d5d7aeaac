"""Two people editing one record (issue #21): the driver shared by each app's edit-conflict
tests. Both open the edit form, the first saves, the second is refused with their input kept,
told who saved and when (in 和暦)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

import time_machine
from django.http import HttpResponse
from django.test import Client, SimpleTestCase

# The moment the first editor saves. 2026 is 令和8年 (令和元年 = 2019), so the message reads
# 「令和8年12月5日 10:30」.
SAVED_AT = datetime.datetime(2026, 12, 5, 10, 30, tzinfo=ZoneInfo("Asia/Tokyo"))
SAVED_AT_WAREKI = "令和8年12月5日 10:30"
# Everything else in these tests happens before SAVED_AT (the records are made and the forms
# opened from 09:00 that day on): the message names the latest history row, which must be the
# first save's whatever the real clock says. Without it, once the real clock passed 10:30 on
# 5 December 2026 the fixture's own rows (by no one) were the latest: 「ほかの人が保存しました」.
BEFORE_SAVE = datetime.datetime(2026, 12, 5, 9, 0, tzinfo=ZoneInfo("Asia/Tokyo"))


class BeforeTheSave(SimpleTestCase):
    """For a TestCase: its records made (setUpTestData) and its tests run on a clock ticking
    from BEFORE_SAVE, so that SAVED_AT is always later than anything the fixture wrote."""

    @classmethod
    def setUpClass(cls) -> None:
        # Started before TestCase.setUpClass, which runs setUpTestData.
        clock = time_machine.travel(BEFORE_SAVE, tick=True)
        clock.start()
        cls.addClassCleanup(clock.stop)
        super().setUpClass()


def shown_version(response: HttpResponse, name: str = "version") -> str:
    """The version the page's one edit form carries (the hidden field its template renders;
    `name` with the form's prefix, e.g. "budget-version")."""
    pattern = rf'<input type="hidden" name="{re.escape(name)}" value="(\d*)"'
    found = re.findall(pattern, response.content.decode())
    assert len(found) == 1, f"one hidden {name} field expected, found {found}"
    return found[0]


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@contextmanager
def both_open(page: str, first: Any, second: Any, name: str = "version") -> Iterator[Opened]:
    """At SAVED_AT, `first` and `second` signed in (a session is refused after a long idle
    time, so at that moment too), each having opened `page`: their clients and the version
    its form `name` showed (the same to both)."""
    with time_machine.travel(SAVED_AT, tick=False):
        a, b = signed_in(first), signed_in(second)
        shown = shown_version(a.get(page), name)
        assert shown_version(b.get(page), name) == shown
        yield Opened(a, b, shown)


class Opened(NamedTuple):
    first: Client
    second: Client
    version: str


class EditConflictMixin(BeforeTheSave):
    """For a TestCase: `two_editors()` plays the race on one edit form."""

    def two_editors(
        self, url: str, first: Any, second: Any, first_data: dict[str, Any],
        second_data: dict[str, Any], *, who: str,
    ) -> HttpResponse:  # fmt: skip
        """`first` and `second` open the form at `url`; `first` saves `first_data`; `second`
        then posts `second_data` with the version they opened. Returns the refusal (400),
        checked to name `who` and the moment of the first save."""
        with both_open(url, first, second) as (a, b, opened):
            saved = a.post(url, {**first_data, "version": opened})
            self.assertEqual(saved.status_code, 302, "the first save goes through")
            refused = b.post(url, {**second_data, "version": opened})
        self.assertContains(
            refused, f"{who}さんが保存しました（{SAVED_AT_WAREKI}）", status_code=400
        )
        self.assertContains(refused, "あなたの入力はこの画面に残してあります", status_code=400)
        return refused
