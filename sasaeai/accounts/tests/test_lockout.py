"""Hole 8 (issue #20): repeated wrong passwords lock the user name and the address (django-axes).

Settings under test (config/settings/base.py): 5 failures within 15 minutes lock for 15 minutes
from the last failure; a successful sign-in clears the count.
"""

import datetime as dt
import io

import time_machine
from django.core.management import call_command
from django.http import HttpRequest
from django.test import Client, SimpleTestCase, TestCase, override_settings
from django.urls import reverse

from sasaeai.accounts.tests.factories import UserFactory

PASSWORD = "pass"  # UserFactory's password
NOTICE = (
    "ログインに続けて失敗したため、一時的にロックしました。15分後にもう一度お試しください。"
    "管理者に解除を依頼することもできます。"
)
T0 = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)
ATTACKER = "203.0.113.5"
OFFICE = "198.51.100.7"


def sign_in(username: str, password: str, address: str, **headers: str):
    """One sign-in from `address` in a browser of its own: the response and whether it worked."""
    client = Client(REMOTE_ADDR=address, **headers)
    response = client.post(reverse("accounts:login"), {"username": username, "password": password})
    return response, "_auth_user_id" in client.session


class LockoutTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        UserFactory(username="tanaka")
        UserFactory(username="sato")

    def fail_sign_ins(self, times: int, username: str = "tanaka", address: str = ATTACKER) -> None:
        for _ in range(times):
            _, signed_in = sign_in(username, "wrong-password", address)
            self.assertFalse(signed_in)

    @time_machine.travel(T0, tick=False)
    def test_five_wrong_passwords_lock_the_user_name_with_a_japanese_notice(self) -> None:
        self.fail_sign_ins(4)
        fifth, _ = sign_in("tanaka", "wrong-password", ATTACKER)  # the 5th failure locks
        response, signed_in = sign_in("tanaka", PASSWORD, ATTACKER)

        self.assertEqual(fifth.status_code, 429)
        self.assertEqual(response.status_code, 429)
        self.assertFalse(signed_in)
        # The login page itself, with the notice instead of a bare error text.
        self.assertContains(response, NOTICE, status_code=429)
        self.assertContains(response, 'name="password"', status_code=429)
        self.assertTemplateUsed(response, "accounts/login.html")

    @time_machine.travel(T0, tick=False)
    def test_the_locked_name_is_refused_from_another_address_too(self) -> None:
        self.fail_sign_ins(5)

        _, from_office = sign_in("tanaka", PASSWORD, OFFICE)

        self.assertFalse(from_office)

    @time_machine.travel(T0, tick=False)
    def test_another_user_at_another_address_still_signs_in(self) -> None:
        self.fail_sign_ins(5)

        response, signed_in = sign_in("sato", PASSWORD, OFFICE)

        self.assertTrue(signed_in)
        self.assertRedirects(response, reverse("core:home"), fetch_redirect_response=False)

    def test_after_the_cool_off_the_right_password_works_again(self) -> None:
        with time_machine.travel(T0, tick=False):
            self.fail_sign_ins(5)
        # 14 minutes after the last failure: still locked (this refusal is a failure too and
        # starts the 15 minutes again, from 09:14).
        with time_machine.travel(T0 + dt.timedelta(minutes=14), tick=False):
            _, still_locked = sign_in("tanaka", PASSWORD, ATTACKER)
        # 09:14 + 15 min = 09:29; one second later the lock is over.
        with time_machine.travel(T0 + dt.timedelta(minutes=29, seconds=1), tick=False):
            _, signed_in = sign_in("tanaka", PASSWORD, ATTACKER)

        self.assertFalse(still_locked)
        self.assertTrue(signed_in)

    @time_machine.travel(T0, tick=False)
    def test_axes_reset_unlocks_at_once(self) -> None:
        self.fail_sign_ins(5)
        out = io.StringIO()

        call_command("axes_reset", stdout=out)
        _, signed_in = sign_in("tanaka", PASSWORD, ATTACKER)

        self.assertTrue(signed_in)

    @time_machine.travel(T0, tick=False)
    def test_one_address_failing_for_five_names_is_locked_for_every_name(self) -> None:
        for name in ("a-suzuki", "b-suzuki", "c-suzuki", "d-suzuki", "e-suzuki"):
            self.fail_sign_ins(1, username=name)

        from_attacker, locked_out = sign_in("sato", PASSWORD, ATTACKER)
        _, from_office = sign_in("sato", PASSWORD, OFFICE)

        self.assertFalse(locked_out)
        self.assertContains(from_attacker, NOTICE, status_code=429)
        self.assertTrue(from_office)  # sato's own name was never locked

    @time_machine.travel(T0, tick=False)
    def test_a_successful_sign_in_clears_the_count(self) -> None:
        # 4 + 4 = 8 failures in 15 minutes would lock; the success in between starts again at 0.
        self.fail_sign_ins(4)
        _, first = sign_in("tanaka", PASSWORD, ATTACKER)
        self.fail_sign_ins(4)
        _, second = sign_in("tanaka", PASSWORD, ATTACKER)

        self.assertTrue(first)
        self.assertTrue(second)

    def test_a_user_name_longer_than_any_is_refused_by_the_form_and_not_counted(self) -> None:
        """A 300-character name (user names are at most 150) never reaches authenticate(): on
        PostgreSQL axes' 255-character column made its failure record a 500."""
        from axes.models import AccessAttempt

        response, signed_in = sign_in("a" * 300, "wrong-password", ATTACKER)

        self.assertEqual(response.status_code, 200)
        self.assertFalse(signed_in)
        self.assertContains(response, "150 文字以下")
        self.assertEqual(AccessAttempt.objects.count(), 0)

    @override_settings(RATE_LIMIT_TRUSTED_PROXIES=1)
    @time_machine.travel(T0, tick=False)
    def test_behind_a_proxy_each_person_is_counted_by_their_own_address(self) -> None:
        proxy = "10.0.0.2"  # every request arrives from the proxy
        for name in ("a-suzuki", "b-suzuki", "c-suzuki", "d-suzuki", "e-suzuki"):
            sign_in(name, "wrong-password", proxy, HTTP_X_FORWARDED_FOR=ATTACKER)

        _, attacker = sign_in("sato", PASSWORD, proxy, HTTP_X_FORWARDED_FOR=ATTACKER)
        _, office = sign_in("sato", PASSWORD, proxy, HTTP_X_FORWARDED_FOR=OFFICE)

        self.assertFalse(attacker)
        self.assertTrue(office)


class LockoutAddressTests(SimpleTestCase):
    def address(self, remote: str | None) -> str | None:
        from sasaeai.accounts.lockout import lockout_address  # new in issue #20

        request = HttpRequest()
        if remote is not None:
            request.META["REMOTE_ADDR"] = remote
        return lockout_address(request)

    def test_addresses_as_the_database_column_takes_them(self) -> None:
        self.assertEqual(self.address("203.0.113.5"), "203.0.113.5")
        # One home or phone has a whole IPv6 /64: counted as one, by its first address.
        self.assertEqual(self.address("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::")
        self.assertEqual(self.address("2001:db8:1:2:bbbb::9"), "2001:db8:1:2::")
        self.assertIsNone(self.address(None))  # a request built by hand has none
