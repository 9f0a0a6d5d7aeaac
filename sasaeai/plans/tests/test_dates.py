"""Dates on the plans screens (issue #18 item 8): every date field shows an example and names
itself when left empty (the project screens' dates: sasaeai/projects/tests/test_dates.py)."""

import datetime
from zoneinfo import ZoneInfo

import time_machine
from django import forms
from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import TownFactory
from sasaeai.plans import edit_forms
from sasaeai.utils.tests.date_fields import date_field_problems

NOW = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
DATE_FORMS: tuple[type[forms.Form], ...] = (edit_forms.NewsletterForm,)


class DateFieldWordsTests(SimpleTestCase):
    def test_every_date_field_has_an_example_and_a_named_empty_message(self) -> None:
        seen, problems = date_field_problems(DATE_FORMS)
        self.assertEqual(problems, [])
        # The newsletter's 発行日 (the project forms' four are in projects' test_dates).
        self.assertEqual(seen, 1)


@time_machine.travel(NOW, tick=False)
class NewsletterDateTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        town = TownFactory(area__municipality__code="132012")
        cls.city = town.municipality
        cls.admin = user_with_role(Role.MUNICIPAL_ADMIN, cls.city)

    def test_an_empty_newsletter_date_names_the_field(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.post(
            reverse("plans:newsletter_create", args=[self.city.code]),
            {"title": "ささえあい通信", "number": "3", "issued_on": ""},
        )
        self.assertContains(response, "発行日を入力してください。", status_code=400)
        self.assertNotContains(response, "このフィールドは必須です", status_code=400)
