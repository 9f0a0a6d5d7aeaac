"""The municipal admin and two-factor sign-in (issue #21): 「利用者と役割」 shows who set it up and
who must, and 「2段階認証をリセットする」 helps whoever lost their phone and their recovery codes.

Users sign in with UserFactory's password "pass"; a reset is recorded on the account's history
row with the reason "2段階認証のリセット" and the admin as history_user.
"""

import datetime as dt
import re

import time_machine
from django.contrib.messages import get_messages
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from sasaeai.accounts import two_factor
from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.accounts.tests.otp import force_verified_login, give_totp
from sasaeai.areas.tests.factories import MunicipalityFactory

PASSWORD = "pass"  # UserFactory's password
# RFC 6238's test key gives 69279037 at 2,000,000,000 s; six digits are its last six.
T0 = dt.datetime.fromtimestamp(2_000_000_000, tz=dt.UTC)
CODE_AT_T0 = "279037"
RESET_DONE = (
    "「調整 一郎」さんの2段階認証をリセットしました。次のログインはパスワードだけで、"
    "必須の人はそのあと設定し直します。"
)
NOT_SELF = (
    "自分の2段階認証はここではリセットできません。「2段階認証の設定」で設定し直すか、"
    "ほかの市町村管理者に頼んでください。"
)
NOT_OPERATOR = "「運用 四郎」さんはシステムの運用担当者のため、2段階認証をリセットできません。"


def row(html: str, url: str) -> str:
    """The list's table row that links to `url` (one person's row)."""
    rows = [r for r in re.findall(r"<tr>.*?</tr>", html, flags=re.S) if f'href="{url}"' in r]
    assert len(rows) == 1, rows
    return rows[0]


def status_cell(html: str, url: str) -> str:
    """The last cell of the person's row (the list's 2段階認証 column), tags and spaces out."""
    cells = re.findall(r"<td>(.*?)</td>", row(html, url), flags=re.S)
    return re.sub(r"<[^>]+>|\s", "", cells[-1])


def has_app(user) -> bool:
    return TOTPDevice.objects.filter(user=user).exists()


class TwoFactorAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.other_city = MunicipalityFactory(code="132021")
        cls.admin = user_with_role(
            Role.MUNICIPAL_ADMIN, cls.city, user__username="kanri", user__display_name="管理 花子"
        )
        cls.sc1 = user_with_role(
            Role.SC_LAYER1, cls.city, user__username="sc1", user__display_name="調整 一郎"
        )
        cls.viewer = user_with_role(
            Role.VIEWER, cls.city, user__username="etsuran", user__display_name="閲覧 次郎"
        )
        cls.outsider = user_with_role(Role.MUNICIPAL_ADMIN, cls.other_city)

    def setUp(self) -> None:
        self.app = give_totp(self.sc1)
        self.codes = two_factor.recovery_codes_create(user=self.sc1)

    def url(self, name: str, person=None, city=None) -> str:
        code = (city or self.city).code
        if person is None:
            return reverse(f"users:{name}", args=[code])
        return reverse(f"users:{name}", args=[code, person.pk])

    # --- what the admin sees -------------------------------------------------------------

    def test_the_list_shows_who_set_it_up(self) -> None:
        self.client.force_login(self.admin)

        html = self.client.get(self.url("list")).content.decode()

        self.assertEqual(status_cell(html, self.url("detail", self.sc1)), "設定済み")
        self.assertEqual(status_cell(html, self.url("detail", self.viewer)), "未設定")
        self.assertEqual(status_cell(html, self.url("detail", self.admin)), "未設定")

    @override_settings(TWO_FACTOR_REQUIRED=True)
    def test_under_the_requirement_the_list_says_who_must(self) -> None:
        # The admin must use it too, so signs in verified with an app of their own.
        force_verified_login(self.client, self.admin, give_totp(self.admin))
        coordinator = user_with_role(Role.SC_LAYER1, self.city, user__display_name="新任 三郎")

        html = self.client.get(self.url("list")).content.decode()

        # Admin and layer-1 coordinators must (two_factor.REQUIRED_ROLES); a viewer need not.
        self.assertEqual(status_cell(html, self.url("detail", self.admin)), "設定済み（必須）")
        self.assertEqual(status_cell(html, self.url("detail", self.sc1)), "設定済み（必須）")
        self.assertEqual(status_cell(html, self.url("detail", coordinator)), "未設定（必須）")
        self.assertIn(
            'class="badge badge--warn">未設定（必須）', row(html, self.url("detail", coordinator))
        )
        self.assertEqual(status_cell(html, self.url("detail", self.viewer)), "未設定")

    def test_the_persons_page_shows_it_and_offers_the_reset_when_set_up(self) -> None:
        self.client.force_login(self.admin)
        reset = self.url("two_factor_reset", self.sc1)

        page = self.client.get(self.url("detail", self.sc1))
        self.assertContains(page, "<dt>2段階認証</dt><dd>設定済み", html=False)
        self.assertContains(page, f'href="{reset}"')

        # Nothing to reset for the viewer, and the admin's own is not reset here.
        for person in (self.viewer, self.admin):
            with self.subTest(person.username):
                page = self.client.get(self.url("detail", person))
                self.assertContains(page, "<dt>2段階認証</dt><dd>未設定")
                self.assertNotContains(page, "2段階認証をリセットする")

    # --- the reset -----------------------------------------------------------------------

    @time_machine.travel(T0, tick=False)
    def test_the_admin_resets_a_coordinators_two_factor_sign_in(self) -> None:
        self.client.force_login(self.admin)
        reset = self.url("two_factor_reset", self.sc1)

        confirm = self.client.get(reset)
        self.assertContains(
            confirm, "登録されている認証アプリと回復コードは、すべて使えなくなります。"
        )
        self.assertTrue(has_app(self.sc1), "the confirmation page changes nothing")

        response = self.client.post(reset)

        self.assertRedirects(response, self.url("detail", self.sc1))
        self.assertEqual([str(m) for m in get_messages(response.wsgi_request)], [RESET_DONE])
        self.sc1.refresh_from_db()
        self.assertFalse(self.sc1.two_factor_enabled)
        self.assertFalse(has_app(self.sc1))
        self.assertFalse(StaticDevice.objects.filter(user=self.sc1).exists())
        latest = self.sc1.history.order_by("-history_date", "-history_id").first()
        self.assertEqual(latest.history_user, self.admin)
        self.assertEqual(latest.history_change_reason, "2段階認証のリセット")
        self.assertFalse(latest.two_factor_enabled)
        # The person's 変更の記録 says so, with who did it.
        page = self.client.get(self.url("detail", self.sc1))
        self.assertEqual(page.context["changes"][0].by, "管理 花子")
        self.assertContains(page, "利用者: 2段階認証のリセット")
        self.assertContains(page, "<dt>2段階認証</dt><dd>未設定")

    @time_machine.travel(T0, tick=False)
    def test_after_the_reset_a_required_coordinator_is_sent_to_set_it_up_again(self) -> None:
        login = reverse("accounts:login")
        dashboard = reverse("areas:dashboard", args=[self.city.code])
        with override_settings(TWO_FACTOR_REQUIRED=True):
            before = Client()
            response = before.post(login, {"username": "sc1", "password": PASSWORD})
            # With the app, the password step leads to the code.
            self.assertRedirects(
                response, reverse("accounts:two_factor_verify"), fetch_redirect_response=False
            )

        self.client.force_login(self.admin)
        self.client.post(self.url("two_factor_reset", self.sc1))

        with override_settings(TWO_FACTOR_REQUIRED=True):
            after = Client()
            response = after.post(login, {"username": "sc1", "password": PASSWORD})
            self.assertRedirects(response, reverse("core:home"), fetch_redirect_response=False)
            self.assertRedirects(
                after.get(dashboard), reverse("accounts:two_factor"), fetch_redirect_response=False
            )
            # The old recovery codes are gone with the devices: the code page is not reached.
            self.assertIsNone(two_factor.code_check(user=self.sc1, code=self.codes[0]))

    def test_an_admin_of_another_municipality_cannot(self) -> None:
        self.client.force_login(self.outsider)
        # The city's own URL: refused by the permission (403).
        self.assertEqual(self.client.get(self.url("two_factor_reset", self.sc1)).status_code, 403)
        self.assertEqual(self.client.post(self.url("two_factor_reset", self.sc1)).status_code, 403)
        # Their own city's URL with this person: not theirs to find (404).
        theirs = self.url("two_factor_reset", self.sc1, city=self.other_city)
        self.assertEqual(self.client.get(theirs).status_code, 404)
        self.assertEqual(self.client.post(theirs).status_code, 404)
        self.assertTrue(has_app(self.sc1))

    def test_other_roles_of_the_city_cannot(self) -> None:
        reset = self.url("two_factor_reset", self.sc1)
        for role in (Role.COUNCIL_MEMBER, Role.VIEWER, Role.SC_LAYER1, Role.SC_LAYER2):
            with self.subTest(role):
                self.client.force_login(user_with_role(role, self.city))
                self.assertEqual(self.client.get(reset).status_code, 403)
                self.assertEqual(self.client.post(reset).status_code, 403)
        self.assertTrue(has_app(self.sc1))

    def test_the_admin_cannot_reset_their_own_here(self) -> None:
        give_totp(self.admin)
        force_verified_login(self.client, self.admin, TOTPDevice.objects.get(user=self.admin))

        response = self.client.post(self.url("two_factor_reset", self.admin))

        self.assertContains(response, NOT_SELF, status_code=400)
        self.assertTrue(has_app(self.admin))

    def test_the_admin_cannot_reset_a_site_operator(self) -> None:
        operator = user_with_role(
            Role.VIEWER, self.city, user__is_superuser=True, user__display_name="運用 四郎"
        )
        give_totp(operator)
        self.client.force_login(self.admin)

        page = self.client.get(self.url("detail", operator))
        self.assertNotContains(page, "2段階認証をリセットする")
        response = self.client.post(self.url("two_factor_reset", operator))

        self.assertContains(response, NOT_OPERATOR, status_code=400)
        self.assertTrue(has_app(operator))

    def test_nor_someone_whose_account_another_municipality_also_uses(self) -> None:
        user_with_role(Role.VIEWER, self.other_city, user=self.sc1)
        self.client.force_login(self.admin)

        response = self.client.post(self.url("two_factor_reset", self.sc1))

        self.assertContains(
            response,
            "「調整 一郎」さんはほかの市町村でも役割を持っているため、2段階認証をリセットできません。",
            status_code=400,
        )
        self.assertTrue(has_app(self.sc1))

    def test_nothing_set_up_is_nothing_to_reset(self) -> None:
        self.client.force_login(self.admin)
        before = self.viewer.history.count()

        response = self.client.post(self.url("two_factor_reset", self.viewer))

        self.assertContains(
            response, "「閲覧 次郎」さんは2段階認証を設定していません。", status_code=400
        )
        self.assertEqual(self.viewer.history.count(), before)


class FlagWithoutAppTests(TestCase):
    """`two_factor_enabled` and the devices are kept in step by the services alone. A flag left
    without its app (the device deleted in the Django admin) must not ask forever for a code
    nothing can give: two_factor.is_enabled wants both."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.admin = user_with_role(Role.MUNICIPAL_ADMIN, cls.city)
        cls.sc1 = user_with_role(Role.SC_LAYER1, cls.city, user__username="sc1")
        cls.viewer = user_with_role(Role.VIEWER, cls.city, user__username="etsuran")

    def orphan_flag(self, user) -> None:
        give_totp(user)
        TOTPDevice.objects.filter(user=user).delete()

    def test_the_flag_alone_is_not_set_up(self) -> None:
        self.orphan_flag(self.sc1)
        self.sc1.refresh_from_db()
        self.assertTrue(self.sc1.two_factor_enabled)
        self.assertFalse(two_factor.is_enabled(self.sc1))
        # With the app it is.
        give_totp(self.viewer)
        self.assertTrue(two_factor.is_enabled(self.viewer))

    @override_settings(TWO_FACTOR_REQUIRED=True)
    def test_a_required_user_is_sent_to_set_it_up_not_to_the_code_page(self) -> None:
        self.orphan_flag(self.sc1)

        response = self.client.post(
            reverse("accounts:login"), {"username": "sc1", "password": PASSWORD}
        )

        self.assertRedirects(response, reverse("core:home"), fetch_redirect_response=False)
        dashboard = reverse("areas:dashboard", args=[self.city.code])
        self.assertRedirects(
            self.client.get(dashboard),
            reverse("accounts:two_factor"),
            fetch_redirect_response=False,
        )
        # The setup page offers a new app (a QR code), not the buttons of one set up.
        setup = self.client.get(reverse("accounts:two_factor"))
        self.assertIn("qr_data_uri", setup.context)

    def test_a_user_who_need_not_signs_in_with_the_password(self) -> None:
        self.orphan_flag(self.viewer)

        self.client.post(reverse("accounts:login"), {"username": "etsuran", "password": PASSWORD})

        dashboard = reverse("areas:dashboard", args=[self.city.code])
        self.assertEqual(self.client.get(dashboard).status_code, 200)

    def test_the_admins_reset_clears_the_flag_left_behind(self) -> None:
        self.orphan_flag(self.sc1)
        self.client.force_login(self.admin)

        url = reverse("users:two_factor_reset", args=[self.city.code, self.sc1.pk])
        response = self.client.post(url)

        self.assertEqual(response.status_code, 302)
        self.sc1.refresh_from_db()
        self.assertFalse(self.sc1.two_factor_enabled)
