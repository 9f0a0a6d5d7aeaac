"""Hole 15 (issue #20): Content-Security-Policy and Permissions-Policy on every page."""

from django.test import RequestFactory, SimpleTestCase, TestCase, override_settings
from django.urls import reverse
from django.views.defaults import server_error

from sasaeai.accounts.tests.factories import UserFactory
from sasaeai.areas.tests.factories import MunicipalityFactory

# The policy, directive by directive (django-csp writes the directives in no fixed order).
POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "connect-src": "'self'",
    "font-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
PERMISSIONS = (
    "accelerometer=(), camera=(), geolocation=(self), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
GSI = "https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png"


def directives(header: str) -> dict[str, str]:
    """'a x y; b z' → {'a': 'x y', 'b': 'z'}."""
    parts = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {part[0]: part[1] for part in parts}


class SecurityHeaderTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")

    def portal_page(self):
        response = self.client.get(reverse("portal:home", kwargs={"lgcode": self.city.code}))
        self.assertEqual(response.status_code, 200)
        return response

    def staff_page(self):
        self.client.force_login(UserFactory())
        response = self.client.get(reverse("accounts:password_change"))
        self.assertEqual(response.status_code, 200)
        return response

    def test_a_portal_page_and_a_staff_page_send_the_strict_policy(self) -> None:
        # The test settings have no tile server (MAP_TILE_URL = ""): no extra image source.
        for name, response in (("portal", self.portal_page()), ("staff", self.staff_page())):
            with self.subTest(name):
                self.assertEqual(directives(response["Content-Security-Policy"]), POLICY)
                self.assertEqual(response["Permissions-Policy"], PERMISSIONS)

    @override_settings(MAP_TILE_URL=GSI)
    def test_the_map_tile_server_may_send_images(self) -> None:
        policy = directives(self.portal_page()["Content-Security-Policy"])

        self.assertEqual(policy["img-src"], "'self' data: https://cyberjapandata.gsi.go.jp")
        self.assertEqual(policy["connect-src"], "'self'")  # tiles are images, not fetches

    def test_the_login_page_sends_them_too(self) -> None:
        response = self.client.get(reverse("accounts:login"))

        self.assertEqual(directives(response["Content-Security-Policy"]), POLICY)
        self.assertEqual(response["Permissions-Policy"], PERMISSIONS)


class ErrorPageTests(SimpleTestCase):
    def test_the_error_page_may_use_its_own_inline_style(self) -> None:
        from sasaeai.core.middleware import SecurityHeadersMiddleware  # new in issue #20

        request = RequestFactory().get("/")
        middleware = SecurityHeadersMiddleware(server_error)

        response = middleware(request)

        self.assertEqual(response.status_code, 500)
        self.assertContains(response, "<style>", status_code=500)
        policy = directives(response["Content-Security-Policy"])
        self.assertEqual(policy, {**POLICY, "style-src": "'self' 'unsafe-inline'"})


class OriginTests(SimpleTestCase):
    def test_the_origin_of_a_tile_url_template(self) -> None:
        from sasaeai.core.middleware import origin_of  # new in issue #20

        self.assertEqual(origin_of(GSI), "https://cyberjapandata.gsi.go.jp")
        self.assertEqual(
            origin_of("http://tiles.example.lg.jp:8080/{z}/{x}/{y}.png"),
            "http://tiles.example.lg.jp:8080",
        )
        self.assertIsNone(origin_of(""))
