"""The registry's personal data in the demo city is not shown to a council member, an adviser
or a viewer (issue #21): every resources screen and export they may open, the demo city's
private contacts and private homes' addresses read from the database (personal_data.py).

The hole this closes: as demo-member, /staff/139998/resources/export/?format=csv held 243
private values (every private contact's name and phone number)."""

from __future__ import annotations

import time_machine
from django.urls import reverse

from sasaeai.accounts.models import User
from sasaeai.resources.models import Contact, Location, Resource
from sasaeai.tests.demo_city import DEMO_NOW as NOW
from sasaeai.tests.demo_city import DemoCityTestCase

from .personal_data import PRIVATE_HOME, PUBLIC_CONTACT, assert_holds_none, personal_values, text_of

WITHOUT_PERSONAL_DATA = ("demo-member", "demo-adviser", "demo-viewer")
EXPORTS = (
    ("resources:export_flat", "format=xlsx"),
    ("resources:export_flat", "format=csv"),
    ("resources:export_flat", "format=csv-sjis"),
    ("resources:export_standard", "format=csv"),
    ("resources:export_hsds", ""),
    ("resources:export_hsds", "format=tabular"),
)


@time_machine.travel(NOW, tick=False)
class DemoPersonalDataHiddenTests(DemoCityTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = cls.demo.city
        cls.values = personal_values()

    def url(self, name: str, *args: object, query: str = "") -> str:
        return reverse(name, args=[self.city.code, *args]) + (f"?{query}" if query else "")

    def login(self, username: str) -> None:
        self.client.force_login(User.objects.get(username=username))

    def get_text(self, url: str) -> str:
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return text_of(response)

    def test_the_demo_city_holds_personal_data_of_both_kinds(self) -> None:
        # Without it every test below would pass on nothing. About a fifth of the demo's
        # contacts agreed to be public (resources/demo.py), so well over a hundred are not;
        # four venues are private homes, each with a 番地 and a position.
        self.assertGreater(len(self.values["非公開の連絡先"]), 100)
        self.assertGreaterEqual(len(self.values["個人宅の住所・位置"]), 4 * 3)

    def test_no_export_holds_personal_data(self) -> None:
        # The flat export is the hole; the other three held none before and must not.
        for username in WITHOUT_PERSONAL_DATA:
            self.login(username)
            for name, query in EXPORTS:
                url = self.url(name, query=query)
                with self.subTest(username=username, url=url):
                    assert_holds_none(self, self.get_text(url), self.values, f"{username} {url}")

    def test_the_member_export_still_has_every_resource_and_the_public_contacts(self) -> None:
        # Members may still download it, without the personal columns' private values.
        self.login("demo-member")
        text = self.get_text(self.url("resources:export_flat", query="format=csv"))
        for resource in Resource.objects.filter(municipality=self.city):
            self.assertIn(str(resource.uuid), text)
        public = Contact.objects.filter(PUBLIC_CONTACT, resource__municipality=self.city)
        self.assertTrue(public.exists())
        for phone in public.exclude(phone="").values_list("phone", flat=True):
            self.assertIn(phone, text)

    def test_no_screen_holds_personal_data(self) -> None:
        lists = [
            self.url("resources:list"),
            self.url("resources:list", query="per=500"),
            self.url("resources:location_list"),
            self.url("resources:location_list", query="position=1"),
            self.url("resources:organization_list"),
            self.url("resources:duplicates"),
        ]
        details = [
            self.url("resources:detail", pk)
            for pk in Resource.objects.filter(municipality=self.city).values_list("pk", flat=True)
        ]
        for username in WITHOUT_PERSONAL_DATA:
            self.login(username)
            # Every resource's page for the member; the lists for all three.
            for url in lists + (details if username == "demo-member" else details[:20]):
                with self.subTest(username=username, url=url):
                    assert_holds_none(self, self.get_text(url), self.values, f"{username} {url}")

    def test_no_sheet_holds_personal_data(self) -> None:
        # The 確認票 of every resource meeting in a private home, and of the first ten others
        # with a private contact (a PDF takes a while to make).
        at_homes = Resource.objects.filter(
            service_locations__location__in=Location.objects.filter(PRIVATE_HOME)
        ).values_list("pk", flat=True)
        with_contacts = (
            Resource.objects.filter(municipality=self.city, contacts__isnull=False)
            .exclude(contacts__in=Contact.objects.filter(PUBLIC_CONTACT))
            .order_by("pk")
            .values_list("pk", flat=True)[:10]
        )
        pks = sorted(set(at_homes) | set(with_contacts))
        self.assertGreaterEqual(len(pks), 14)  # four homes' resources and ten others
        self.login("demo-member")
        for pk in pks:
            url = self.url("resources:sheet", pk)
            with self.subTest(url=url):
                assert_holds_none(self, self.get_text(url), self.values, f"demo-member {url}")

    def test_a_member_does_not_find_a_resource_by_a_private_contacts_name(self) -> None:
        self.login("demo-member")
        names = Contact.objects.exclude(PUBLIC_CONTACT).values_list("name", flat=True)
        for name in sorted(set(names))[:40]:
            response = self.client.get(self.url("resources:list", query=f"q={name}"))
            with self.subTest(name=name):
                self.assertEqual(response.context["page"].paginator.count, 0)
