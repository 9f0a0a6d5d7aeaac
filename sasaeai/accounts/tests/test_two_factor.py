"""Two-factor sign-in (issue #21, item 3): TOTP through django-otp and recovery codes; required of
municipal admins, layer-1 coordinators and site operators when TWO_FACTOR_REQUIRED is on.

The known secret is RFC 6238's SHA-1 test key; its Appendix B lists the 8-digit code at
2000000000 s (2033-05-18 03:33:20 UTC) as 69279037. A 6-digit code is the same number modulo
10^6, its last six digits: 279037.
"""

import datetime as dt
import io

import time_machine
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sasaeai.accounts import two_factor
from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import UserFactory, user_with_role
from sasaeai.accounts.tests.otp import current_code, force_verified_login, give_totp, sign_in
from sasaeai.areas.tests.factories import MunicipalityFactory

PASSWORD = "pass"  # UserFactory's password
T0 = dt.datetime.fromtimestamp(2_000_000_000, tz=dt.UTC)
CODE_AT_T0 = "279037"
WRONG = "確認コードが正しくありません。認証アプリの6桁の数字か、回復コードを入力してください。"
LOCKED = "ログインに続けて失敗したため、一時的にロックしました。"


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


class HelperTests(TestCase):
    @time_machine.travel(dt.datetime.fromtimestamp(59, tz=dt.UTC), tick=False)
    def test_the_helper_gives_rfc_6238s_code(self) -> None:
        # RFC 6238 Appendix B: 94287082 at 59 s; six digits are its last six.
        device = give_totp(UserFactory())
        self.assertEqual(current_code(device), "287082")


@override_settings(TWO_FACTOR_REQUIRED=True)
@time_machine.travel(T0, tick=False)
class RequiredTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.admin = user_with_role(Role.MUNICIPAL_ADMIN, cls.city, user__username="kanri")
        cls.sc1 = user_with_role(Role.SC_LAYER1, cls.city, user__username="sc1")
        cls.sc2 = user_with_role(Role.SC_LAYER2, cls.city, user__username="sc2")
        cls.dashboard = reverse("areas:dashboard", args=[cls.city.code])
        cls.setup = reverse("accounts:two_factor")

    def password_step(self, username: str) -> None:
        response = self.client.post(
            reverse("accounts:login"), {"username": username, "password": PASSWORD}
        )
        self.assertEqual(response.status_code, 302)

    def test_an_admin_with_a_password_only_is_sent_to_the_setup_page(self) -> None:
        self.password_step("kanri")

        for url in (self.dashboard, reverse("core:home"), reverse("accounts:password_change")):
            with self.subTest(url):
                response = self.client.get(url)
                self.assertRedirects(response, self.setup, fetch_redirect_response=False)
        page = self.client.get(self.setup)
        self.assertContains(page, "あなたの役割では2段階認証が必須です。")

    def test_a_layer1_coordinator_and_the_site_operator_are_required_too(self) -> None:
        UserFactory(username="operator", is_superuser=True)
        for username in ("sc1", "operator"):
            with self.subTest(username):
                self.password_step(username)
                response = self.client.get(self.dashboard)
                self.assertRedirects(response, self.setup, fetch_redirect_response=False)

    def test_a_layer2_coordinator_is_not_required(self) -> None:
        self.password_step("sc2")
        self.assertEqual(self.client.get(self.dashboard).status_code, 200)

    @override_settings(TWO_FACTOR_REQUIRED=False)
    def test_with_the_setting_off_nobody_is_required(self) -> None:
        self.password_step("kanri")
        self.assertEqual(self.client.get(self.dashboard).status_code, 200)

    def test_roles_only_in_a_demo_city_are_not_required(self) -> None:
        demo = MunicipalityFactory(code="139998", is_demo=True)
        user_with_role(Role.MUNICIPAL_ADMIN, demo, user__username="demo-kanri")
        both = user_with_role(Role.MUNICIPAL_ADMIN, demo, user__username="both")
        user_with_role(Role.SC_LAYER1, self.city, user=both)

        self.password_step("demo-kanri")
        demo_dashboard = reverse("areas:dashboard", args=[demo.code])
        self.assertEqual(self.client.get(demo_dashboard).status_code, 200)
        # A layer-1 coordinator of a real city as well: required.
        self.client.post(reverse("accounts:logout"))
        self.password_step("both")
        self.assertRedirects(
            self.client.get(demo_dashboard), self.setup, fetch_redirect_response=False
        )

    def test_with_an_app_the_admin_must_give_the_code(self) -> None:
        give_totp(self.admin)

        self.password_step("kanri")
        self.assertFalse(signed_in(self.client))
        self.assertRedirects(
            self.client.get(self.dashboard),
            f"{reverse('accounts:login')}?next={self.dashboard}",
            fetch_redirect_response=False,
        )
        wrong = self.client.post(reverse("accounts:two_factor_verify"), {"code": "000000"})
        self.assertContains(wrong, WRONG, status_code=400)
        self.assertFalse(signed_in(self.client))

        right = self.client.post(reverse("accounts:two_factor_verify"), {"code": CODE_AT_T0})
        self.assertRedirects(right, reverse("core:home"), fetch_redirect_response=False)
        self.assertEqual(self.client.get(self.dashboard).status_code, 200)

    def test_the_code_page_keeps_the_next_address_of_the_password_step(self) -> None:
        give_totp(self.admin)
        self.client.post(
            f"{reverse('accounts:login')}?next={self.dashboard}",
            {"username": "kanri", "password": PASSWORD, "next": self.dashboard},
        )
        right = self.client.post(reverse("accounts:two_factor_verify"), {"code": CODE_AT_T0})
        self.assertRedirects(right, self.dashboard, fetch_redirect_response=False)

    def test_a_code_is_refused_a_second_time(self) -> None:
        give_totp(self.admin)
        sign_in(self.client, "kanri", PASSWORD, CODE_AT_T0)
        self.client.post(reverse("accounts:logout"))

        again = sign_in(self.client, "kanri", PASSWORD, CODE_AT_T0)

        self.assertContains(again, WRONG, status_code=400)
        self.assertFalse(signed_in(self.client))

    def test_a_wrong_password_never_reaches_the_code_page(self) -> None:
        give_totp(self.admin)
        self.client.post(reverse("accounts:login"), {"username": "kanri", "password": "nope"})
        response = self.client.get(reverse("accounts:two_factor_verify"))
        self.assertRedirects(response, reverse("accounts:login"), fetch_redirect_response=False)

    def test_garbage_in_the_code_field_is_refused(self) -> None:
        give_totp(self.admin)
        self.password_step("kanri")
        for value in ("", "a\x00b", "長" * 10_000, "🙂𠮷", "²", "-1"):
            with self.subTest(value[:10]):
                response = self.client.post(reverse("accounts:two_factor_verify"), {"code": value})
                self.assertEqual(response.status_code, 400)
                self.assertFalse(signed_in(self.client))

    def test_wrong_codes_lock_the_user_name_with_django_axes(self) -> None:
        give_totp(self.admin)
        self.password_step("kanri")
        for _ in range(4):
            self.client.post(reverse("accounts:two_factor_verify"), {"code": "000000"})
        fifth = self.client.post(reverse("accounts:two_factor_verify"), {"code": "000000"})

        self.assertContains(fifth, LOCKED, status_code=429)
        # The codes tried are not kept in axes' records (masked like passwords).
        self.assertNotIn("000000", AccessAttempt.objects.get(username="kanri").post_data)
        # Locked: the right password is refused, and so is the right code.
        locked = self.client.post(
            reverse("accounts:login"), {"username": "kanri", "password": PASSWORD}
        )
        self.assertContains(locked, LOCKED, status_code=429)
        self.assertFalse(signed_in(self.client))

    def test_the_password_step_does_not_clear_the_count_of_wrong_codes(self) -> None:
        # 4 wrong codes, the password again, 1 more wrong code: 5 failures, locked. (Had the
        # password step signed in, axes would have cleared the count: endless guessing.)
        give_totp(self.admin)
        self.password_step("kanri")
        for _ in range(4):
            self.client.post(reverse("accounts:two_factor_verify"), {"code": "000000"})
        self.password_step("kanri")
        fifth = self.client.post(reverse("accounts:two_factor_verify"), {"code": "000000"})
        self.assertContains(fifth, LOCKED, status_code=429)
        after = self.client.post(reverse("accounts:two_factor_verify"), {"code": CODE_AT_T0})
        self.assertFalse(signed_in(self.client))
        self.assertRedirects(after, reverse("accounts:login"), fetch_redirect_response=False)

    def test_a_recovery_code_works_once(self) -> None:
        give_totp(self.admin)
        codes = two_factor.recovery_codes_create(user=self.admin)
        self.assertEqual(len(codes), 10)

        first = sign_in(self.client, "kanri", PASSWORD, codes[0])
        self.assertRedirects(first, reverse("core:home"), fetch_redirect_response=False)
        self.assertEqual(self.client.get(self.dashboard).status_code, 200)
        self.client.post(reverse("accounts:logout"))

        again = sign_in(self.client, "kanri", PASSWORD, codes[0])
        self.assertContains(again, WRONG, status_code=400)
        # Typed in capitals without the hyphen, another code still works; 8 are left.
        other = self.client.post(
            reverse("accounts:two_factor_verify"), {"code": codes[1].replace("-", "").upper()}
        )
        self.assertRedirects(other, reverse("core:home"), fetch_redirect_response=False)
        self.assertEqual(two_factor.recovery_codes_left(self.admin), 8)

    def test_a_password_only_session_of_a_user_with_an_app_is_asked_for_the_code(self) -> None:
        # Signed in elsewhere before the app was set up (here: force_login).
        give_totp(self.admin)
        self.client.force_login(self.admin)

        response = self.client.get(self.dashboard)

        self.assertRedirects(
            response, reverse("accounts:two_factor_verify"), fetch_redirect_response=False
        )
        self.assertFalse(signed_in(self.client))
        right = self.client.post(reverse("accounts:two_factor_verify"), {"code": CODE_AT_T0})
        self.assertRedirects(right, self.dashboard, fetch_redirect_response=False)

    def test_setup_confirms_the_app_and_shows_the_recovery_codes_once(self) -> None:
        self.password_step("kanri")
        page = self.client.get(self.setup)
        device = TOTPDevice.objects.get(user=self.admin, confirmed=False)
        self.assertContains(page, two_factor.secret_groups(device))
        self.assertContains(page, 'src="data:image/svg+xml;charset=utf-8,')

        wrong = self.client.post(self.setup, {"code": "000000"})
        self.assertContains(
            wrong,
            "確認コードが正しくありません。認証アプリに表示中の6桁の数字を入力してください。",
            status_code=400,
        )
        done = self.client.post(self.setup, {"code": current_code(device)})
        self.assertRedirects(
            done, reverse("accounts:two_factor_codes"), fetch_redirect_response=False
        )

        shown = self.client.get(reverse("accounts:two_factor_codes"))
        tokens = StaticToken.objects.filter(device__user=self.admin).values_list("token", flat=True)
        self.assertEqual(len(tokens), 10)
        for token in tokens:
            self.assertContains(shown, f"<code>{token[:4]}-{token[4:]}</code>")
        second = self.client.get(reverse("accounts:two_factor_codes"))
        self.assertNotContains(second, f"<code>{tokens[0][:4]}-{tokens[0][4:]}</code>")
        self.assertContains(second, "もう一度は表示しません。")
        # This session proved the app: the staff pages open.
        self.assertEqual(self.client.get(self.dashboard).status_code, 200)

    def test_renewing_the_recovery_codes_ends_the_old_ones(self) -> None:
        device = give_totp(self.admin)
        old = two_factor.recovery_codes_create(user=self.admin)
        force_verified_login(self.client, self.admin, device)

        response = self.client.post(reverse("accounts:two_factor_codes_renew"))

        self.assertRedirects(
            response, reverse("accounts:two_factor_codes"), fetch_redirect_response=False
        )
        new = self.client.get(reverse("accounts:two_factor_codes")).context["codes"]
        self.assertEqual(len(new), 10)
        stored = {f"{t[:4]}-{t[4:]}" for t in StaticToken.objects.values_list("token", flat=True)}
        self.assertEqual(stored, set(new))
        self.assertEqual(stored & set(old), set())

    def test_a_required_user_cannot_turn_it_off_and_others_can(self) -> None:
        device = give_totp(self.admin)
        force_verified_login(self.client, self.admin, device)
        self.client.post(reverse("accounts:two_factor_off"), HTTP_REFERER=self.setup)
        self.assertTrue(TOTPDevice.objects.filter(user=self.admin).exists())
        page = self.client.get(self.setup)
        self.assertContains(page, "あなたの役割では2段階認証が必須のため、やめることはできません。")

        sc2_device = give_totp(self.sc2)
        force_verified_login(self.client, self.sc2, sc2_device)
        self.client.post(reverse("accounts:two_factor_off"))
        self.assertFalse(TOTPDevice.objects.filter(user=self.sc2).exists())
        # Password alone again.
        self.client.post(reverse("accounts:logout"))
        self.password_step("sc2")
        self.assertTrue(signed_in(self.client))

    def test_a_new_phone_replaces_the_old_app_and_its_recovery_codes(self) -> None:
        old_device = give_totp(self.admin)
        old_codes = two_factor.recovery_codes_create(user=self.admin)
        force_verified_login(self.client, self.admin, old_device)

        page = self.client.get(f"{self.setup}?change=1")
        new_device = TOTPDevice.objects.get(user=self.admin, confirmed=False)
        self.assertContains(page, two_factor.secret_groups(new_device))
        done = self.client.post(f"{self.setup}?change=1", {"code": current_code(new_device)})

        self.assertRedirects(
            done, reverse("accounts:two_factor_codes"), fetch_redirect_response=False
        )
        self.assertEqual(list(TOTPDevice.objects.filter(user=self.admin)), [new_device])
        stored = {f"{t[:4]}-{t[4:]}" for t in StaticToken.objects.values_list("token", flat=True)}
        self.assertEqual(len(stored), 10)
        self.assertEqual(stored & set(old_codes), set())

    def test_the_operator_can_issue_a_one_time_code_to_whoever_lost_everything(self) -> None:
        # django-otp's command: `sasaeai addstatictoken kanri`.
        give_totp(self.admin)
        call_command("addstatictoken", "kanri", token="kinkyu01", stdout=io.StringIO())

        response = sign_in(self.client, "kanri", PASSWORD, "kinkyu01")

        self.assertRedirects(response, reverse("core:home"), fetch_redirect_response=False)

    def test_renewing_codes_in_a_session_signed_in_with_a_recovery_code_keeps_it(self) -> None:
        give_totp(self.admin)
        codes = two_factor.recovery_codes_create(user=self.admin)
        sign_in(self.client, "kanri", PASSWORD, codes[0])

        self.client.post(reverse("accounts:two_factor_codes_renew"))
        shown = self.client.get(reverse("accounts:two_factor_codes"))

        self.assertEqual(len(shown.context["codes"]), 10)
        self.assertEqual(self.client.get(self.dashboard).status_code, 200)


class OptionalTests(TestCase):
    """Under test settings (TWO_FACTOR_REQUIRED False): nobody must, anybody may."""

    @time_machine.travel(T0, tick=False)
    def test_a_viewer_who_set_it_up_gives_the_code_too(self) -> None:
        city = MunicipalityFactory(code="132012")
        viewer = user_with_role(Role.VIEWER, city, user__username="etsuran")
        give_totp(viewer)

        self.client.post(reverse("accounts:login"), {"username": "etsuran", "password": PASSWORD})
        self.assertFalse(signed_in(self.client))
        self.client.post(reverse("accounts:two_factor_verify"), {"code": CODE_AT_T0})
        self.assertTrue(signed_in(self.client))
