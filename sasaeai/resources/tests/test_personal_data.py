"""Personal data of the registry on a small city (issue #21): the flat export's columns for a
council member and for a coordinator, and the access-log row of each editor's page that shows
a private contact or a private home's address (the demo-city tests cover every screen)."""

from __future__ import annotations

import csv
import datetime
import io

from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.core.models import PersonalDataAccess
from sasaeai.resources.constants import VenueType
from sasaeai.resources.exports.flat import FLAT_COLUMNS
from sasaeai.resources.models import Contact, Location
from sasaeai.resources.tests.factories import resource_at

CODE = "132012"


class PersonalDataTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        town = TownFactory(
            name="桜町",
            area=Layer2AreaFactory(municipality=MunicipalityFactory(code=CODE)),
            latitude=35.7,
            longitude=139.4,
        )
        cls.city = town.municipality
        cls.member = user_with_role(Role.COUNCIL_MEMBER, cls.city)
        cls.sc1 = user_with_role(Role.SC_LAYER1, cls.city)
        cls.salon = resource_at(town, name="ひだまり", kana="ひだまり")
        cls.home = Location.objects.get(service_locations__resource=cls.salon)
        Location.objects.filter(pk=cls.home.pk).update(
            venue_type=VenueType.PRIVATE_HOME, postal_code="190-0001", town_text="桜町",
            street="3-4-5", latitude=35.71234, longitude=139.41234,
        )  # fmt: skip
        cls.private = Contact.objects.create(
            resource=cls.salon, name="山田花子", phone="042-000-0001", email="hanako@example.jp"
        )
        Contact.objects.create(
            resource=cls.salon, name="ひだまり窓口", phone="042-000-0002", is_public=True,
            public_consent_on=datetime.date(2025, 4, 1),
        )  # fmt: skip
        cls.other = resource_at(town, name="ひだまりの会", kana="ひだまりのかい")

    def url(self, name: str, *args: object) -> str:
        return reverse(name, args=[CODE, *args])

    def csv_row(self, user: object) -> dict[str, str]:
        self.client.force_login(user)
        response = self.client.get(self.url("resources:export_flat"), {"format": "csv"})
        header, *rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        self.assertEqual(tuple(header), FLAT_COLUMNS)
        by_name = {row[1]: dict(zip(header, row, strict=True)) for row in rows}
        return by_name["ひだまり"]

    def test_a_member_gets_the_same_columns_with_only_the_public_values(self) -> None:
        row = self.csv_row(self.member)
        # The public contact stays; the private one's name, phone and e-mail are left out.
        self.assertEqual(
            (row["連絡先"], row["電話番号"], row["メール"]), ("ひだまり窓口", "042-000-0002", "")
        )
        # The private home keeps its 町字 (as residents see it) and loses the rest.
        self.assertEqual(
            (row["会場の種類"], row["町字"], row["郵便番号"], row["番地以下"], row["緯度"], row["経度"]),
            ("個人宅・空き家", "桜町", "", "", "", ""),
        )  # fmt: skip
        self.assertFalse(PersonalDataAccess.objects.exists())

    def test_a_coordinator_gets_every_value_and_one_access_log_row(self) -> None:
        row = self.csv_row(self.sc1)
        self.assertEqual(
            (row["連絡先"], row["電話番号"], row["メール"], row["番地以下"], row["郵便番号"]),
            ("山田花子、ひだまり窓口", "042-000-0001、042-000-0002", "hanako@example.jp",
             "3-4-5", "190-0001"),
        )  # fmt: skip
        log = PersonalDataAccess.objects.get()
        # Two resources in the sheet; only the salon holds personal data.
        self.assertEqual((log.user, log.record_count, log.file_format), (self.sc1, 1, "csv"))

    def test_the_member_sees_the_resource_page_without_them(self) -> None:
        self.client.force_login(self.member)
        response = self.client.get(self.url("resources:detail", self.salon.pk))
        self.assertContains(response, "ひだまり窓口")
        self.assertContains(response, "非公開の連絡先は個人情報のため表示しません。")
        self.assertContains(response, "個人宅：住所と位置は個人情報のため表示しません")
        # The 確認票 link says what the member's PDF leaves out, not what a coordinator's holds.
        self.assertContains(response, "非公開の連絡先と個人宅の住所は載りません。")
        self.assertNotContains(response, "電話番号や個人宅の住所が載ります。")
        for private in ("山田花子", "042-000-0001", "hanako@example.jp", "3-4-5", "190-0001"):
            self.assertNotContains(response, private)

    def test_the_contact_form_of_a_private_contact_is_logged(self) -> None:
        self.client.force_login(self.sc1)
        response = self.client.get(
            self.url("resources:contact_edit", self.salon.pk, self.private.pk)
        )
        self.assertContains(response, "042-000-0001")
        log = PersonalDataAccess.objects.get()
        self.assertEqual(
            (log.kind, log.what, log.record_count),
            ("view", "地域資源「ひだまり」の連絡先の編集", 1),
        )

    def test_the_venue_form_of_a_private_home_is_logged(self) -> None:
        self.client.force_login(self.sc1)
        response = self.client.get(self.url("resources:location_edit", self.home.pk))
        self.assertContains(response, "3-4-5")
        log = PersonalDataAccess.objects.get()
        self.assertEqual((log.what, log.record_count), (f"会場「{self.home.name}」の編集", 1))

    def test_the_merge_page_showing_a_private_home_is_logged(self) -> None:
        self.client.force_login(self.sc1)
        response = self.client.get(self.url("resources:merge", self.salon.pk, self.other.pk))
        self.assertContains(response, "3-4-5")
        log = PersonalDataAccess.objects.get()
        # Only the salon meets in the private home; the other at an ordinary hall.
        self.assertEqual(
            (log.what, log.record_count), ("地域資源の統合（「ひだまり」と「ひだまりの会」）", 1)
        )

    def test_a_member_may_not_open_a_contact_form(self) -> None:
        self.client.force_login(self.member)
        url = self.url("resources:contact_edit", self.salon.pk, self.private.pk)
        self.assertEqual(self.client.get(url).status_code, 403)
