"""The registry's personal data in the demo city for those who may see it (issue #21): demo-sc1
sees the private contacts and private homes' addresses on the same screens and files, and each
page or file that showed some writes exactly one access-log row (who, what, how many)."""

from __future__ import annotations

import time_machine
from django.db.models import Q
from django.urls import reverse

from sasaeai.accounts.models import User
from sasaeai.core.models import PersonalDataAccess
from sasaeai.resources.models import Contact, Location, Resource
from sasaeai.tests.demo_city import DEMO_NOW as NOW
from sasaeai.tests.demo_city import DemoCityTestCase

from .personal_data import PRIVATE_HOME, PUBLIC_CONTACT, personal_in, personal_values, text_of


@time_machine.travel(NOW, tick=False)
class DemoPersonalDataLoggedTests(DemoCityTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = cls.demo.city
        cls.sc1 = User.objects.get(username="demo-sc1")
        cls.values = personal_values()
        # Resources holding personal data, counted by the database alone (not by the code
        # under test): a contact that is not public, or a venue in a private home.
        cls.holding = set(
            Resource.objects.filter(municipality=cls.city)
            .filter(
                Q(contacts__in=Contact.objects.exclude(PUBLIC_CONTACT))
                | Q(service_locations__location__in=Location.objects.filter(PRIVATE_HOME))
            )
            .values_list("pk", flat=True)
        )

    def url(self, name: str, *args: object, query: str = "") -> str:
        return reverse(name, args=[self.city.code, *args]) + (f"?{query}" if query else "")

    def setUp(self) -> None:
        self.client.force_login(self.sc1)

    def one_row(self, url: str) -> tuple[str, PersonalDataAccess]:
        """Fetch `url`; exactly one new access-log row by demo-sc1 must follow."""
        before = set(PersonalDataAccess.objects.values_list("pk", flat=True))
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        text = text_of(response)
        rows = PersonalDataAccess.objects.exclude(pk__in=before)
        self.assertEqual(rows.count(), 1, url)
        row = rows.get()
        self.assertEqual((row.user, row.municipality), (self.sc1, self.city))
        return text, row

    def test_the_csv_export_shows_every_private_value_and_is_logged_once(self) -> None:
        url = self.url("resources:export_flat", query="format=csv")
        text, row = self.one_row(url)
        every = [v for found in self.values.values() for v in found]
        self.assertEqual(len(personal_in(text, self.values)), len(every))
        self.assertEqual(
            (row.kind, row.file_format, row.what, row.record_count, row.path),
            ("export", "csv", "地域資源の一覧の書き出し（CSV）", len(self.holding),
             f"/staff/{self.city.code}/resources/export/"),
        )  # fmt: skip

    def test_the_xlsx_export_is_logged_once_with_its_format(self) -> None:
        text, row = self.one_row(self.url("resources:export_flat", query="format=xlsx"))
        self.assertTrue(personal_in(text, self.values))
        self.assertEqual((row.file_format, row.what), ("xlsx", "地域資源の一覧の書き出し（Excel）"))

    def test_a_resource_page_shows_its_private_contact_and_is_logged_once(self) -> None:
        contact = Contact.objects.exclude(PUBLIC_CONTACT).exclude(resource=None).order_by("pk")[0]
        assert contact.resource is not None
        text, row = self.one_row(self.url("resources:detail", contact.resource.pk))
        self.assertIn(contact.name, text)
        self.assertIn(contact.phone, text)
        self.assertEqual(
            (row.kind, row.what, row.record_count),
            ("view", f"地域資源「{contact.resource.name}」の詳細", 1),
        )

    def test_the_venue_list_shows_the_private_homes_and_counts_them(self) -> None:
        homes = list(Location.objects.filter(PRIVATE_HOME, municipality=self.city))
        text, row = self.one_row(self.url("resources:location_list"))
        for home in homes:
            self.assertIn(home.street, text)
        self.assertEqual((row.kind, row.what, row.record_count), ("view", "会場の一覧", len(homes)))

    def test_a_sheet_shows_the_private_home_and_is_logged_once(self) -> None:
        home = Location.objects.filter(PRIVATE_HOME, municipality=self.city).order_by("pk")[0]
        resource = Resource.objects.filter(service_locations__location=home).order_by("pk")[0]
        text, row = self.one_row(self.url("resources:sheet", resource.pk))
        self.assertIn(home.street, text)
        self.assertEqual((row.kind, row.file_format, row.record_count), ("document", "pdf", 1))

    def test_pages_without_personal_data_write_nothing(self) -> None:
        # The list, the organisations, the duplicates and the public-only exports show none.
        for url in [
            self.url("resources:list"),
            self.url("resources:organization_list"),
            self.url("resources:duplicates"),
            self.url("resources:export_standard", query="format=csv"),
            self.url("resources:export_hsds"),
        ]:
            self.assertEqual(self.client.get(url).status_code, 200, url)
        self.assertFalse(PersonalDataAccess.objects.exists())

    def test_the_rows_are_on_the_admins_access_log_page(self) -> None:
        # Percent-encoded, as a browser sends it.
        self.client.get(self.url("resources:export_flat"), {"format": "csv", "q": "サロン"})
        self.client.force_login(User.objects.get(username="demo-admin"))
        response = self.client.get(self.url("core:access_log"))
        self.assertContains(response, "地域資源の一覧の書き出し（CSV）")
        self.assertContains(response, "第1層SC 支援 一郎")
        self.assertContains(response, "q=サロン")  # the filter as typed
        # Frozen at 令和8年11月27日 10:00 in Tokyo (2026 − 2018 = 令和8年).
        self.assertContains(response, "令和8年11月27日 10:00")
