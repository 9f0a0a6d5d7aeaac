"""Hole 15 (issue #20): a staff session ends when the browser closes and 8 hours after sign-in
(it lasted 14 days and survived closing the browser)."""

import datetime as dt

import time_machine
from django.conf import settings
from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.tests.factories import UserFactory

SIGNED_IN_AT = dt.datetime(2026, 6, 1, 8, 30, tzinfo=dt.UTC)
STAFF_PAGE = "accounts:password_change"  # any page that needs a sign-in


class SessionLengthTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        UserFactory(username="tanaka")

    def sign_in(self):
        return self.client.post(
            reverse("accounts:login"), {"username": "tanaka", "password": "pass"}
        )

    def test_the_session_cookie_ends_with_the_browser(self) -> None:
        response = self.sign_in()

        cookie = response.cookies[settings.SESSION_COOKIE_NAME]
        self.assertTrue(cookie.value)  # signed in
        # No Expires and no Max-Age: the browser forgets the cookie when it closes.
        self.assertEqual(cookie["expires"], "")
        self.assertEqual(cookie["max-age"], "")

    def test_the_staff_page_still_opens_after_7_hours_59_minutes(self) -> None:
        with time_machine.travel(SIGNED_IN_AT, tick=False):
            self.sign_in()
        with time_machine.travel(SIGNED_IN_AT + dt.timedelta(hours=7, minutes=59), tick=False):
            response = self.client.get(reverse(STAFF_PAGE))

        self.assertEqual(response.status_code, 200)

    def test_after_8_hours_the_staff_page_asks_to_sign_in_again(self) -> None:
        with time_machine.travel(SIGNED_IN_AT, tick=False):
            self.sign_in()
        with time_machine.travel(SIGNED_IN_AT + dt.timedelta(hours=8, minutes=1), tick=False):
            response = self.client.get(reverse(STAFF_PAGE))

        self.assertRedirects(
            response,
            reverse("accounts:login") + "?next=" + reverse(STAFF_PAGE),
            fetch_redirect_response=False,
        )
