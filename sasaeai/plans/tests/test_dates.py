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
from sasaeai.utils.forms import WarekiDateField

NOW = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
DATE_FORMS: tuple[type[forms.Form], ...] = (edit_forms.NewsletterForm,)


class DateFieldWordsTests(SimpleTestCase):
    def test_every_date_field_has_an_example_and_a_named_empty_message(self) -> None:
        seen = 0
        for form in DATE_FORMS:
            for name, field in form.base_fields.items():
                if not isinstance(field, WarekiDateField):
                    continue
                seen += 1
                with self.subTest(f"{form.__name__}.{name}"):
                    self.assertEqual(
                        str(field.help_text),
                        "例：令和8年12月5日、R8.12.5、2026/12/5、12/5（今年の12月5日）",
                    )
                    # 「発行日を入力してください。」, not Django's 「このフィールドは必須です。」:
                    # the label up to its note in brackets is in the message.
                    label = str(field.label).split("（")[0]
                    self.assertIn(
                        f"{label}を入力してください。", str(field.error_messages["required"])
                    )
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
