import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.constants import MunicipalityKind
from sasaeai.areas.models import Area, Municipality, Town
from sasaeai.areas.tests.factories import (
    AreaFactory,
    Layer2AreaFactory,
    MunicipalityFactory,
    TownFactory,
)
from sasaeai.core.history import HISTORY_MODELS, FieldChange, history_list

TOKYO = ZoneInfo("Asia/Tokyo")


def at(*args: int) -> time_machine.travel:
    """Freeze the clock at a Tokyo wall-clock time."""
    return time_machine.travel(datetime.datetime(*args, tzinfo=TOKYO), tick=False)


class HistoryListTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.user = user_with_role(Role.SC_LAYER1, cls.city, user__display_name="佐藤 花子")

    def test_a_rename_is_listed_newest_first_with_the_user_and_both_names(self) -> None:
        with at(2025, 4, 1, 9, 0):
            area = AreaFactory(municipality=self.city, name="北部圏域")
        with at(2025, 5, 2, 14, 30):
            area.name = "北部第一圏域"
            area._history_user = self.user
            area.save()

        changed, created = history_list(model=Area, pk=area.pk)

        self.assertEqual(changed.kind, "変更")
        self.assertEqual(changed.user, "佐藤 花子")
        self.assertEqual(changed.at, datetime.datetime(2025, 5, 2, 14, 30, tzinfo=TOKYO))
        self.assertEqual(changed.changes, (FieldChange("名称", "北部圏域", "北部第一圏域"),))
        # The factory saved without a user: that is the system.
        self.assertEqual((created.kind, created.user, created.changes), ("作成", "システム", ()))

    def test_times_are_given_in_tokyo_even_across_midnight(self) -> None:
        # 2025-03-31 15:30 UTC + 9 h = 2025-04-01 00:30 in Tokyo (the next day, a new 年度).
        with time_machine.travel(datetime.datetime(2025, 3, 31, 15, 30, tzinfo=datetime.UTC)):
            area = AreaFactory(municipality=self.city)

        (created,) = history_list(model=Area, pk=area.pk)

        self.assertEqual(created.at.date(), datetime.date(2025, 4, 1))
        self.assertEqual((created.at.hour, created.at.minute), (0, 30))

    def test_choices_and_booleans_are_shown_as_staff_read_them(self) -> None:
        self.city.kind = MunicipalityKind.DESIGNATED_CITY
        self.city.is_demo = True
        self.city.save()

        changed = history_list(model=Municipality, pk=self.city.pk)[0]

        # Sorted by attribute name: is_demo before kind.
        self.assertEqual(
            changed.changes,
            (
                FieldChange("デモデータ", "いいえ", "はい"),
                FieldChange("種別", "市町村", "指定都市"),
            ),
        )

    def test_a_moved_area_names_its_old_and_new_parent_and_a_set_date_in_wareki(self) -> None:
        area = Layer2AreaFactory(municipality=self.city, parent__name="東部")
        area.parent = AreaFactory(municipality=self.city, name="西部")
        area.valid_from = datetime.date(2019, 5, 1)
        area.save()

        changed = history_list(model=Area, pk=area.pk)[0]

        self.assertEqual(
            changed.changes,
            (
                FieldChange("上位の圏域（第1層）", "東部", "西部"),
                FieldChange("設定日", "（空欄）", "令和元年5月1日"),
            ),
        )

    def test_a_deletion_is_the_newest_entry(self) -> None:
        town = TownFactory(area__municipality=self.city)
        pk = town.pk
        town.delete()

        self.assertEqual([e.kind for e in history_list(model=Town, pk=pk)], ["削除", "作成"])


class HistoryViewTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.other_city = MunicipalityFactory(code="132021")
        cls.viewer = user_with_role(Role.VIEWER, cls.city, user__display_name="閲覧 太郎")
        cls.editor = user_with_role(Role.SC_LAYER1, cls.city, user__display_name="佐藤 花子")
        with at(2025, 4, 1, 9, 0):
            cls.area = AreaFactory(municipality=cls.city, name="北部圏域")
        with at(2025, 5, 2, 14, 30):
            cls.area.name = "北部第一圏域"
            cls.area._history_user = cls.editor
            cls.area.save()

    def setUp(self) -> None:
        self.client.force_login(self.viewer)

    def url(self, model: str, pk: int, lgcode: str = "132012") -> str:
        return reverse("core:history", args=[lgcode, model, pk])

    def test_the_page_shows_who_renamed_the_area_from_what_to_what(self) -> None:
        response = self.client.get(self.url("area", self.area.pk))

        self.assertContains(response, "<strong>名称</strong>：北部圏域 → 北部第一圏域", html=True)
        self.assertContains(response, "佐藤 花子")
        # 2025 is 令和7年 (2025 - 2019 + 1 = 7); the creation has no user.
        self.assertContains(response, "令和7年5月2日 14:30")
        self.assertContains(response, "令和7年4月1日 09:00")
        self.assertContains(response, "システム")

    def test_the_area_page_links_to_its_history(self) -> None:
        response = self.client.get(reverse("areas:area_detail", args=["132012", self.area.pk]))

        self.assertContains(response, f'href="{self.url("area", self.area.pk)}"')

    def test_a_town_and_the_municipality_have_history_pages_too(self) -> None:
        town = TownFactory(area__municipality=self.city)
        for model, pk in (("town", town.pk), ("municipality", self.city.pk)):
            with self.subTest(model):
                self.assertEqual(self.client.get(self.url(model, pk)).status_code, 200)

    def test_each_page_links_back_to_the_page_that_shows_its_record(self) -> None:
        town = TownFactory(area=self.area)
        # A town has no page of its own (its area's shows it); the municipality's is the dashboard.
        expected = {
            ("area", self.area.pk): reverse("areas:area_detail", args=["132012", self.area.pk]),
            ("town", town.pk): reverse("areas:area_detail", args=["132012", self.area.pk]),
            ("municipality", self.city.pk): reverse("areas:dashboard", args=["132012"]),
        }
        for (model, pk), back in expected.items():
            with self.subTest(model):
                self.assertEqual(self.client.get(self.url(model, pk)).context["back_url"], back)

    def test_a_record_of_another_municipality_is_not_found(self) -> None:
        other_area = AreaFactory(municipality=self.other_city)
        for model, pk in (("area", other_area.pk), ("municipality", self.other_city.pk)):
            with self.subTest(model):
                self.assertEqual(self.client.get(self.url(model, pk)).status_code, 404)

    def test_every_app_has_registered_the_records_its_pages_link_to(self) -> None:
        # Each app adds its own in AppConfig.ready(); core names none of them.
        self.assertEqual(
            set(HISTORY_MODELS),
            {
                "area",
                "town",
                "municipality",
                "resource",
                "location",
                "organization",
                "plan",
                "project",
            },
        )

    def test_a_model_outside_the_allow_list_is_not_found(self) -> None:
        response = self.client.get(self.url("user", self.viewer.pk))

        self.assertEqual(response.status_code, 404)

    def test_the_page_runs_a_fixed_number_of_queries(self) -> None:
        # session, user, role assignments, municipality, the area, its history rows with users.
        with self.assertNumQueries(7):  # +1: the header's unread お知らせ
            self.client.get(self.url("area", self.area.pk))
