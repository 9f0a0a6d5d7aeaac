"""record_personal_access: one row per showing of personal data, none when nothing was shown."""

import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import MunicipalityFactory
from sasaeai.core.access_log import record_personal_access
from sasaeai.core.models import PersonalDataAccess

TOKYO = ZoneInfo("Asia/Tokyo")


class RecordPersonalAccessTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.user = user_with_role(Role.SC_LAYER1, cls.city)

    def test_a_download_is_one_row_with_who_what_format_count_and_filter(self) -> None:
        record_personal_access(
            user=self.user, municipality=self.city, what="地域資源の一覧の書き出し（CSV）",
            count=3, file_format="csv", path="/staff/132012/resources/export/?format=csv&q=サロン",
        )  # fmt: skip
        row = PersonalDataAccess.objects.get()
        self.assertEqual(
            (row.municipality, row.user, row.kind, row.what, row.file_format, row.record_count),
            (self.city, self.user, "export", "地域資源の一覧の書き出し（CSV）", "csv", 3),
        )
        # The query string is kept apart as the filter.
        self.assertEqual(
            (row.path, row.filters), ("/staff/132012/resources/export/", "format=csv&q=サロン")
        )

    def test_a_page_without_format_is_a_view_and_a_pdf_is_a_document(self) -> None:
        record_personal_access(user=self.user, municipality=self.city, what="画面", count=1)
        record_personal_access(
            user=self.user, municipality=self.city, what="確認票", count=2, file_format="pdf"
        )
        self.assertEqual(
            sorted(PersonalDataAccess.objects.values_list("kind", "record_count")),
            [("document", 2), ("view", 1)],
        )

    def test_nothing_is_written_when_no_personal_data_was_shown(self) -> None:
        record_personal_access(user=self.user, municipality=self.city, what="画面", count=0)
        self.assertFalse(PersonalDataAccess.objects.exists())

    def test_a_long_filter_and_path_are_cut_to_their_columns(self) -> None:
        record_personal_access(
            user=self.user, municipality=self.city, what="一覧", count=1,
            path="/" + "a" * 600 + "?q=" + "体" * 1200,
        )  # fmt: skip
        row = PersonalDataAccess.objects.get()
        # path: "/" and 499 "a" = 500; filters: "q=" and 998 "体" = 1,000.
        self.assertEqual((row.path, row.filters), ("/" + "a" * 499, "q=" + "体" * 998))


class AccessLogPageTests(TestCase):
    """The admin's 個人情報の閲覧記録 page: newest first, filtered by who, when and kind."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.admin = user_with_role(Role.MUNICIPAL_ADMIN, cls.city)
        cls.sc1 = user_with_role(Role.SC_LAYER1, cls.city, user__display_name="支援 一郎")
        cls.sc2 = user_with_role(Role.SC_LAYER2, cls.city, user__display_name="中央 和子")
        # Three rows at fixed moments (Asia/Tokyo): created_at is auto_now_add, so each is
        # written inside its own travel.
        for moment, user, what, file_format in [
            ("2026-04-01 09:00", cls.sc1, "会場の一覧", ""),
            ("2026-05-10 15:30", cls.sc2, "地域資源の一覧の書き出し（CSV）", "csv"),
            ("2026-06-20 23:50", cls.sc1, "確認票「ひだまり」", "pdf"),
        ]:
            with time_machine.travel(
                datetime.datetime.fromisoformat(moment).replace(tzinfo=TOKYO), tick=False
            ):
                record_personal_access(
                    user=user, municipality=cls.city, what=what, count=2, file_format=file_format
                )
        cls.url = reverse("core:access_log", args=["132012"])

    def whats(self, query: dict[str, str]) -> list[str]:
        self.client.force_login(self.admin)
        response = self.client.get(self.url, query)
        self.assertEqual(response.status_code, 200)
        return [row.what for row in response.context["page"]]

    def test_every_row_newest_first_with_the_time_in_wareki(self) -> None:
        self.assertEqual(
            self.whats({}),
            ["確認票「ひだまり」", "地域資源の一覧の書き出し（CSV）", "会場の一覧"],
        )
        # 2026 − 2018 = 令和8年; 23:50 in Tokyo stays on 6月20日.
        self.assertContains(self.client.get(self.url), "令和8年6月20日 23:50")

    def test_filtered_by_user(self) -> None:
        self.assertEqual(
            self.whats({"user": str(self.sc1.pk)}), ["確認票「ひだまり」", "会場の一覧"]
        )

    def test_filtered_by_a_period_typed_in_wareki_both_days_included(self) -> None:
        # 令和8年5月10日 to R8.6.20: the CSV (5月10日 15:30) and the sheet (6月20日 23:50).
        self.assertEqual(
            self.whats({"start": "令和8年5月10日", "end": "R8.6.20"}),
            ["確認票「ひだまり」", "地域資源の一覧の書き出し（CSV）"],
        )
        self.assertEqual(self.whats({"end": "2026-04-30"}), ["会場の一覧"])

    def test_filtered_by_kind(self) -> None:
        self.assertEqual(self.whats({"kind": "view"}), ["会場の一覧"])
        self.assertEqual(self.whats({"kind": "export"}), ["地域資源の一覧の書き出し（CSV）"])
        self.assertEqual(self.whats({"kind": "document"}), ["確認票「ひだまり」"])

    def test_a_wrong_period_says_so_and_shows_no_row(self) -> None:
        self.assertEqual(self.whats({"start": "令和8年7月1日", "end": "令和8年6月1日"}), [])
        response = self.client.get(self.url, {"start": "令和8年7月1日", "end": "令和8年6月1日"})
        self.assertContains(response, "「いつまで」は「いつから」より後の日付にしてください。")

    def test_only_the_municipal_admin_may_open_it(self) -> None:
        for role in (
            Role.SC_LAYER1,
            Role.SC_LAYER2,
            Role.COUNCIL_MEMBER,
            Role.ADVISER,
            Role.VIEWER,
        ):
            self.client.force_login(user_with_role(role, self.city))
            with self.subTest(role):
                self.assertEqual(self.client.get(self.url).status_code, 403)

    def test_the_admins_settings_page_links_it(self) -> None:
        # The menu's 「市町村の設定」 (the admin's alone) lists it since issue #24.
        settings_page = reverse("core:municipality_settings", args=["132012"])
        self.client.force_login(self.admin)
        response = self.client.get(settings_page)
        self.assertContains(response, f'<a href="{self.url}">個人情報の閲覧記録</a>', html=True)
        self.client.force_login(self.sc1)
        self.assertEqual(self.client.get(settings_page).status_code, 403)
