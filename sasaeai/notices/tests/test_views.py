"""The inbox (お知らせ), opening a notice, 「すべて既読にする」, the header's unread count and the
mail settings page."""

from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import MunicipalityFactory
from sasaeai.notices.constants import NoticeKind
from sasaeai.notices.models import Notice, NoticeSettings


class InboxTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.other_city = MunicipalityFactory(code="132021")
        cls.user = user_with_role(Role.SC_LAYER2, cls.city)
        cls.colleague = user_with_role(Role.SC_LAYER2, cls.city)

        def notice(user, title: str, url: str = "/staff/132012/resources/", **kwargs) -> Notice:  # type: ignore[no-untyped-def]
            return Notice.objects.create(
                user=user, municipality=kwargs.pop("municipality", cls.city),
                kind=NoticeKind.ACTION_ASSIGNED, key=title, title=title, url=url, **kwargs,
            )  # fmt: skip

        cls.flyer = notice(cls.user, "チラシを作るの担当になりました")
        cls.list = notice(cls.user, "名簿を作るの担当になりました")
        cls.old = notice(cls.user, "会場を探すの担当になりました", read_at="2026-11-01T09:00+09:00")
        cls.outside = notice(cls.user, "外のページ", url="https://evil.example/")
        cls.theirs = notice(cls.colleague, "同僚の知らせ")
        cls.elsewhere = notice(cls.user, "立川市の知らせ", municipality=cls.other_city)

    def setUp(self) -> None:
        self.client.force_login(self.user)

    def url(self, name: str, **kwargs) -> str:  # type: ignore[no-untyped-def]
        return reverse(f"notices:{name}", kwargs={"lgcode": "132012", **kwargs})

    def test_the_inbox_shows_the_unread_and_with_all_the_read_too(self) -> None:
        page = self.client.get(self.url("inbox"))
        # flyer, list, outside: 3 unread here (the 立川市 one is counted in 立川市).
        self.assertContains(page, "未読 3件")
        self.assertContains(page, "チラシを作るの担当になりました")
        self.assertNotContains(page, "会場を探すの担当になりました")
        self.assertNotContains(page, "同僚の知らせ")
        self.assertNotContains(page, "立川市の知らせ")
        self.assertContains(page, "既読も表示（全4件）")
        everything = self.client.get(self.url("inbox"), {"all": "1"})
        self.assertContains(everything, "会場を探すの担当になりました")
        self.assertContains(everything, '<span class="badge">未読</span>', count=3)

    def test_opening_marks_it_read_and_goes_to_its_page_and_the_header_count_drops(self) -> None:
        staff_page = reverse("resources:list", kwargs={"lgcode": "132012"})
        self.assertContains(self.client.get(staff_page), "未読3件")
        response = self.client.get(self.url("open", pk=self.flyer.pk))
        self.assertRedirects(response, "/staff/132012/resources/", fetch_redirect_response=False)
        self.flyer.refresh_from_db()
        self.assertIsNotNone(self.flyer.read_at)
        self.assertContains(self.client.get(staff_page), "未読2件")

    def test_a_notice_pointing_off_the_site_goes_back_to_the_inbox(self) -> None:
        response = self.client.get(self.url("open", pk=self.outside.pk))
        self.assertRedirects(response, self.url("inbox"), fetch_redirect_response=False)

    def test_another_users_or_another_municipalitys_notice_is_not_found(self) -> None:
        self.assertEqual(self.client.get(self.url("open", pk=self.theirs.pk)).status_code, 404)
        self.assertEqual(self.client.get(self.url("open", pk=self.elsewhere.pk)).status_code, 404)
        self.assertEqual(Notice.objects.filter(read_at__isnull=False).count(), 1)  # the old one

    def test_all_read_marks_every_unread_notice_of_the_user_here(self) -> None:
        response = self.client.post(self.url("mark_read"), follow=True)
        self.assertContains(response, "3件を既読にしました。")
        self.assertContains(response, "未読のお知らせはありません。")
        self.assertNotContains(response, "すべて既読にする")
        self.assertEqual(
            sorted(Notice.objects.unread().values_list("title", flat=True)),
            ["同僚の知らせ", "立川市の知らせ"],
        )


class SettingsPageTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.user = user_with_role(Role.COUNCIL_MEMBER, cls.city, user__email="ann@example.jp")
        cls.url = reverse("notices:settings", kwargs={"lgcode": "132012"})

    def setUp(self) -> None:
        self.client.force_login(self.user)

    def test_the_page_shows_the_address_and_every_kind_ticked_by_default(self) -> None:
        page = self.client.get(self.url)
        self.assertContains(page, "まとめメールの送り先: ann@example.jp")
        self.assertContains(page, 'name="mail_kinds"', count=10)
        self.assertContains(page, "checked", count=11)  # the mail on and the 10 kinds
        # The help text is the checkbox's description (Django names it <id>_helptext).
        self.assertContains(page, 'aria-describedby="id_digest_helptext"')
        self.assertContains(page, 'id="id_digest_helptext"')

    def test_saving_turns_the_mail_off_and_mutes_the_kinds_not_ticked(self) -> None:
        kinds = [k for k in NoticeKind.values if k != NoticeKind.JOB_DONE]
        response = self.client.post(self.url, {"mail_kinds": kinds})
        self.assertRedirects(response, self.url)
        row = NoticeSettings.objects.get(user=self.user)
        self.assertEqual((row.digest, row.mail_muted), (False, ["job_done"]))

    def test_a_refused_post_is_shown_with_the_input_kept(self) -> None:
        response = self.client.post(
            self.url, {"digest": "on", "mail_kinds": ["job_done", "weather"]}
        )
        self.assertContains(response, "入力した内容は残っています。", status_code=400)
        self.assertContains(response, "weather は候補にありません。", status_code=400)
        # Kept: the mail on, and job_done ticked (the other nine not).
        self.assertContains(response, "checked", count=2, status_code=400)
        self.assertFalse(NoticeSettings.objects.exists())
