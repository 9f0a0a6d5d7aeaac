"""A new account's one-time link, 「パスワードを忘れた」, and changing one's password."""

import io
import re

from django.core import mail
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.models import User
from sasaeai.accounts.services import municipality_start, password_link
from sasaeai.accounts.tests.factories import UserFactory

NEW_PASSWORD = "kawa-no-nagare-2026"


def set_password(client, link: str, password: str = NEW_PASSWORD):
    """Open the link (Django swaps the token into the session) and send the new password."""
    opened = client.get(link, follow=True)
    form_url = opened.redirect_chain[-1][0] if opened.redirect_chain else link
    return client.post(form_url, {"new_password1": password, "new_password2": password})


class OneTimeLinkTests(TestCase):
    def test_the_link_sets_the_password_and_is_refused_the_second_time(self) -> None:
        admin = municipality_start(code="132209", username="higashiyamato").admin
        link = password_link(user=admin, base_url="http://testserver")

        first = set_password(self.client, link)
        second = self.client.get(link, follow=True)

        self.assertRedirects(first, reverse("accounts:password_reset_complete"))
        admin.refresh_from_db()
        self.assertTrue(admin.check_password(NEW_PASSWORD))
        # The token hashed the old (unusable) password: it no longer matches.
        self.assertContains(second, "このリンクは使えません。")
        self.assertContains(second, "既にパスワードを設定したか、有効期限を過ぎています。")
        self.assertNotContains(second, 'name="new_password1"')

    def test_the_link_page_names_the_account_and_asks_twice(self) -> None:
        admin = municipality_start(code="132209", username="higashiyamato").admin

        page = self.client.get(password_link(user=admin, base_url=""), follow=True)

        self.assertContains(page, "ユーザー名「higashiyamato」のパスワードを設定します。")
        self.assertContains(page, 'name="new_password2"')


class ForgotPasswordTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.user = UserFactory(username="tanaka", email="tanaka@example.jp")

    def test_a_known_address_gets_one_mail_with_a_working_link(self) -> None:
        response = self.client.post(
            reverse("accounts:password_reset"), {"email": "TANAKA@example.jp"}, follow=True
        )

        self.assertContains(response, "受け付けました")
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["tanaka@example.jp"])
        self.assertEqual(mail.outbox[0].subject, "【支え合い】パスワードの設定")
        link = re.search(r"http://testserver/\S+", mail.outbox[0].body)
        assert link is not None
        set_password(self.client, link.group())
        self.user.refresh_from_db()
        self.assertTrue(self.user.check_password(NEW_PASSWORD))

    def test_a_user_name_works_as_well(self) -> None:
        self.client.post(reverse("accounts:password_reset"), {"email": "tanaka"})

        self.assertEqual(len(mail.outbox), 1)

    def test_an_unknown_address_shows_the_same_page_and_sends_nothing(self) -> None:
        known = self.client.post(
            reverse("accounts:password_reset"), {"email": "tanaka@example.jp"}, follow=True
        )
        unknown = self.client.post(
            reverse("accounts:password_reset"), {"email": "nobody@example.jp"}, follow=True
        )

        self.assertEqual(len(mail.outbox), 1)  # the known one's only
        self.assertEqual(unknown.redirect_chain, known.redirect_chain)
        self.assertEqual(unknown.content, known.content)

    def test_the_login_page_links_to_it(self) -> None:
        response = self.client.get(reverse("accounts:login"))

        self.assertContains(response, reverse("accounts:password_reset"))
        self.assertContains(response, "パスワードを忘れた方")


class PasswordChangeTests(TestCase):
    def test_a_signed_in_user_changes_the_password_from_the_header(self) -> None:
        user = UserFactory(username="sato")
        self.client.force_login(user)

        page = self.client.get(reverse("accounts:password_change"))
        response = self.client.post(
            reverse("accounts:password_change"),
            {"old_password": "pass", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )

        self.assertContains(page, reverse("accounts:password_change"))  # the header's link
        self.assertContains(page, "パスワードの変更")
        self.assertRedirects(response, reverse("accounts:password_change_done"))
        user.refresh_from_db()
        self.assertTrue(user.check_password(NEW_PASSWORD))

    def test_a_wrong_old_password_is_summarised_in_japanese(self) -> None:
        self.client.force_login(UserFactory())

        response = self.client.post(
            reverse("accounts:password_change"),
            {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )

        self.assertContains(response, "入力内容を確認してください。")
        self.assertContains(response, 'aria-invalid="true"')


def setup(*args: str) -> str:
    out = io.StringIO()
    call_command("setup_municipality", *args, stdout=out)
    return out.getvalue()


class SetupMunicipalityCommandTests(TestCase):
    def test_it_prints_the_one_time_link(self) -> None:
        output = setup("132209", "--admin", "higashiyamato", "--email", "it@example.jp")

        self.assertIn("東京都東大和市の利用を始めました（第1層の圏域 1件）。", output)
        self.assertIn("市町村管理者「higashiyamato」を作成しました。", output)
        link = re.search(r"http://127\.0\.0\.1:8000/accounts/password/set/\S+", output)
        assert link is not None
        self.assertIn("同じリンクを it@example.jp にも送りました。", output)
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn(link.group(), mail.outbox[0].body)
        self.assertFalse(User.objects.get(username="higashiyamato").has_usable_password())

    def test_an_unknown_code_is_refused_in_japanese(self) -> None:
        # 999997 has a right check digit (worked in test_operator) but is in no master.
        with self.assertRaisesMessage(
            CommandError,
            "全国地方公共団体コード: 市町村マスタにコード「999997」の市町村がありません。",
        ):
            setup("999997", "--admin", "someone")

    def test_an_existing_username_is_refused_in_japanese(self) -> None:
        UserFactory(username="taken")

        with self.assertRaisesMessage(
            CommandError, "--admin: ユーザー名「taken」は既に使われています。"
        ):
            setup("132209", "--admin", "taken")
        self.assertFalse(User.objects.filter(role_assignments__isnull=False).exists())
