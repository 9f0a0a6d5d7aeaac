"""Issue #20, 4 (headers and limits): per-address rate limits on public search, the public PDF,
public forms and the login form (sasaeai.core.ratelimit). The test settings turn them off;
these tests turn them on with small numbers."""

import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.core.cache import cache
from django.test import RequestFactory, override_settings
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role

from .test_views import PortalFixture

# 10:00:15 in Tokyo: 15 s into a one-minute window (windows start on the minute), so a refused
# request is told to wait 60 − 15 = 45 seconds.
NOW = datetime.datetime(2026, 11, 27, 10, 0, 15, tzinfo=ZoneInfo("Asia/Tokyo"))
LIMITS = {
    "portal:search": (3, 60, ("GET",)),
    "portal:print_pdf": (2, 60, ("GET",)),
    "accounts:password_reset": (2, 60, ("POST",)),
    "accounts:login": (3, 60, ("POST",)),
}
BUSY = "アクセスが集中しています。しばらく（45秒ほど）待ってから、もう一度お試しください。"


@time_machine.travel(NOW, tick=False)
@override_settings(RATE_LIMITS=LIMITS, RATE_LIMIT_TRUSTED_PROXIES=0)
class RateLimitTests(PortalFixture):
    def setUp(self) -> None:
        cache.clear()  # counters of another test's window

    def search(self, address: str = "192.0.2.1", **headers: str):  # type: ignore[no-untyped-def]
        url = reverse("portal:search", kwargs={"lgcode": self.city.code})
        return self.client.get(url, {"q": "体操"}, REMOTE_ADDR=address, headers=headers)

    def assert_busy(self, response) -> None:  # type: ignore[no-untyped-def]
        self.assertContains(response, BUSY, status_code=429)
        self.assertEqual(response["Retry-After"], "45")

    def test_the_request_past_the_limit_waits_for_the_window_to_end(self) -> None:
        self.assertEqual([self.search().status_code for _ in range(3)], [200, 200, 200])
        self.assert_busy(self.search())
        self.assert_busy(self.search())

    def test_another_address_has_its_own_count(self) -> None:
        for _ in range(3):
            self.search("192.0.2.1")
        self.assert_busy(self.search("192.0.2.1"))
        self.assertEqual(self.search("192.0.2.2").status_code, 200)

    def test_a_new_window_starts_a_new_count(self) -> None:
        for _ in range(3):
            self.search()
        self.assert_busy(self.search())
        # 45 s later (10:01:00) the next minute's window opens.
        with time_machine.travel(NOW + datetime.timedelta(seconds=45), tick=False):
            self.assertEqual(self.search().status_code, 200)

    def test_the_pdf_is_limited_too(self) -> None:
        url = reverse("portal:print_pdf", kwargs={"lgcode": self.city.code, "pk": self.north.pk})
        # The first visit starts the job (202, its waiting page); the second waits too.
        self.assertEqual([self.client.get(url).status_code for _ in range(2)], [202, 202])
        self.assert_busy(self.client.get(url))

    def test_login_posts_are_limited_and_the_login_page_is_not(self) -> None:
        url = reverse("accounts:login")
        wrong = {"username": "nobody", "password": "wrong"}
        self.assertEqual([self.client.post(url, wrong).status_code for _ in range(3)], [200] * 3)
        self.assert_busy(self.client.post(url, wrong))
        self.assertEqual([self.client.get(url).status_code for _ in range(5)], [200] * 5)

    def test_the_forgotten_password_form_is_limited(self) -> None:
        url = reverse("accounts:password_reset")
        sent = [self.client.post(url, {"email": "a@example.jp"}).status_code for _ in range(2)]
        self.assertEqual(sent, [302, 302])
        self.assert_busy(self.client.post(url, {"email": "a@example.jp"}))

    def test_staff_pages_are_never_limited(self) -> None:
        self.client.force_login(user_with_role(Role.SC_LAYER1, self.city))
        url = reverse("resources:list", kwargs={"lgcode": self.city.code})
        self.assertEqual([self.client.get(url).status_code for _ in range(6)], [200] * 6)
        # The limiter is on meanwhile: the same address's public search is counted.
        self.assertEqual([self.search("127.0.0.1").status_code for _ in range(3)], [200] * 3)
        self.assert_busy(self.search("127.0.0.1"))

    def test_x_forwarded_for_is_ignored_unless_a_proxy_is_trusted(self) -> None:
        # A client writing a new X-Forwarded-For each time still counts as its own address.
        for n in range(3):
            self.search(x_forwarded_for=f"198.51.100.{n}")
        self.assert_busy(self.search(x_forwarded_for="198.51.100.9"))

    @override_settings(RATE_LIMIT_TRUSTED_PROXIES=1)
    def test_behind_one_proxy_the_address_it_saw_counts(self) -> None:
        # Every request comes from the proxy (10.0.0.1); the proxy appends the client's address,
        # after anything the client wrote itself.
        for _ in range(3):
            self.search("10.0.0.1", x_forwarded_for="1.1.1.1, 203.0.113.7")
        self.assert_busy(self.search("10.0.0.1", x_forwarded_for="9.9.9.9, 203.0.113.7"))
        self.assertEqual(
            self.search("10.0.0.1", x_forwarded_for="1.1.1.1, 203.0.113.8").status_code, 200
        )


class ClientAddressTests(PortalFixture):
    def test_an_ipv6_address_counts_by_its_64(self) -> None:
        from sasaeai.core.ratelimit import client_address

        request = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2:aaaa::1")
        self.assertEqual(client_address(request), "2001:db8:1:2::/64")
        request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1")
        self.assertEqual(client_address(request), "192.0.2.1")
