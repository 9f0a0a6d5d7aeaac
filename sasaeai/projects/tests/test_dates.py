"""Dates on the project screens (issue #18 item 8): every date field shows an example and names
itself when left empty, a field that starts with today shows it in 和暦 (not 2026-11-27), and
the 12/5 people type is read as this year's day."""

import datetime
from zoneinfo import ZoneInfo

import time_machine
from django import forms
from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import TownFactory
from sasaeai.projects import forms as project_forms
from sasaeai.projects import services
from sasaeai.projects.services import ProjectInput
from sasaeai.utils.tests.date_fields import date_field_problems

NOW = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
DATE_FORMS: tuple[type[forms.Form], ...] = (
    project_forms.ProjectCreateForm,
    project_forms.StageForm,
    project_forms.MilestoneForm,
    project_forms.MilestoneDoneForm,
)


class DateFieldWordsTests(SimpleTestCase):
    def test_every_date_field_has_an_example_and_a_named_empty_message(self) -> None:
        seen, problems = date_field_problems(DATE_FORMS)
        self.assertEqual(problems, [])
        # One date field on each of the four forms (the newsletter's is in plans' test_dates).
        self.assertEqual(seen, 4)


@time_machine.travel(NOW, tick=False)
class TodayInWarekiTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        town = TownFactory(area__municipality__code="132012")
        cls.city = town.municipality
        cls.admin = user_with_role(Role.MUNICIPAL_ADMIN, cls.city)
        cls.project = services.project_create(
            municipality=cls.city, data=ProjectInput(title="移動販売と見守り", origin="workshop"),
            started_on=datetime.date(2026, 5, 1), user=cls.admin,
        )  # fmt: skip

    def test_the_stage_date_starts_with_today_in_wareki(self) -> None:
        self.client.force_login(self.admin)
        html = self.client.get(
            reverse("projects:detail", args=[self.city.code, self.project.pk])
        ).content.decode()
        self.assertIn('name="stage-changed_on" value="令和8年11月27日"', html)
        self.assertNotIn('value="2026-11-27"', html)

    def test_the_new_project_date_starts_with_today_in_wareki(self) -> None:
        self.client.force_login(self.admin)
        html = self.client.get(reverse("projects:create", args=[self.city.code])).content
        self.assertIn('name="started_on" value="令和8年11月27日"', html.decode())

    def test_month_and_day_are_this_years(self) -> None:
        # 「12/5」 typed on 2026-11-27 is 2026-12-05 (令和8年12月5日).
        self.client.force_login(self.admin)
        self.client.post(
            reverse("projects:milestone_add", args=[self.city.code, self.project.pk]),
            {"milestone-title": "試行の評価", "milestone-due_on": "12/5"},
        )
        self.assertEqual(
            list(self.project.milestones.values_list("due_on", flat=True)),
            [datetime.date(2026, 12, 5)],
        )
