"""No lost updates in the registry (issue #21): two people open the same edit form, the first
saves, the second is refused with who saved and when (in 和暦), keeping what they typed. An import,
a bulk action, a merge, an undo or a town moving to another 圏域 after a form was opened makes
that form's save a conflict too."""

from __future__ import annotations

import re

import time_machine
from django.db import IntegrityError, transaction
from django.test import Client, TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.core.import_undo import batch_undo
from sasaeai.core.imports import batch_commit, batch_create
from sasaeai.core.models import ImportBatch
from sasaeai.core.tests.edit_conflicts import SAVED_AT, SAVED_AT_WAREKI, BeforeTheSave
from sasaeai.resources import services
from sasaeai.resources.models import Contact, Location, Organization, Resource, ServiceAtLocation
from sasaeai.resources.tests.factories import (
    LocationFactory,
    OrganizationFactory,
    ResourceFactory,
)
from sasaeai.resources.tests.test_area_scope import CODE, NO_SCHEDULES
from sasaeai.utils.tabular import xlsx_bytes

KEPT = "あなたの入力はこの画面に残してあります。"
HIDDEN_VERSION = re.compile(r'<input type="hidden" name="version" value="(\d+)"')
IMPORT_HEADER = ["ID", "名称", "運営主体", "定員", "曜日・頻度", "会場"]


def opened_version(page) -> str:  # type: ignore[no-untyped-def]
    """The hidden version of the edit form on the page (what the browser posts back); a
    contact's page has a second one in its 削除 form, which must say the same."""
    found = HIDDEN_VERSION.findall(page.content.decode())
    assert len(set(found)) == 1, found
    return found[0]


class ConflictFixture(BeforeTheSave, TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code=CODE)
        cls.north = Layer2AreaFactory(municipality=cls.city, name="北部圏域")
        cls.south = Layer2AreaFactory(
            municipality=cls.city, name="南部圏域", parent=cls.north.parent
        )
        cls.town = TownFactory(area=cls.north, latitude=35.7, longitude=139.4)
        cls.hall = LocationFactory(
            municipality=cls.city, name="北公民館", town=cls.town, area=cls.north,
            latitude=35.7, longitude=139.4,
        )  # fmt: skip
        cls.org = OrganizationFactory(
            municipality=cls.city, name="北町内会", kana="きたちょうないかい"
        )
        cls.salon = ResourceFactory(municipality=cls.city, name="北サロン", capacity=15)
        ServiceAtLocation.objects.create(resource=cls.salon, location=cls.hall)
        cls.contact = Contact.objects.create(resource=cls.salon, name="山田", phone="03-1111-1111")
        # Two coordinators of the whole city, known on the site by their 表示名.
        cls.sato = user_with_role(Role.SC_LAYER1, cls.city, user__display_name="佐藤 花子")
        cls.suzuki = user_with_role(Role.SC_LAYER1, cls.city, user__display_name="鈴木 一郎")

    def setUp(self) -> None:
        self.client.force_login(self.sato)
        self.other = Client()
        self.other.force_login(self.suzuki)

    def url(self, name: str, **kwargs: object) -> str:
        return reverse(f"resources:{name}", kwargs={"lgcode": CODE, **kwargs})

    def race(self, url: str, first: dict, second: dict):  # type: ignore[no-untyped-def, type-arg]
        """Both open the form; 佐藤 saves first (at SAVED_AT), then 鈴木 posts the same version."""
        sato_page, suzuki_page = self.client.get(url), self.other.get(url)
        opened = opened_version(sato_page)
        self.assertEqual(opened_version(suzuki_page), opened)
        with time_machine.travel(SAVED_AT, tick=False):
            saved = self.client.post(url, {**first, "version": opened})
        self.assertEqual(saved.status_code, 302, saved.content.decode()[:3000])
        return self.other.post(url, {**second, "version": opened})

    def assert_refused(self, response, what: str, who: str = "佐藤 花子") -> None:  # type: ignore[no-untyped-def]
        self.assertContains(
            response,
            f"この{what}は、あなたが画面を開いた後に{who}さんが保存しました（{SAVED_AT_WAREKI}）。",
            status_code=400,
        )
        self.assertContains(response, KEPT, status_code=400)


class ResourceConflictTests(ConflictFixture):
    def resource_data(self, name: str, capacity: int) -> dict:  # type: ignore[type-arg]
        return {
            "name": name, "kind": "kayoi", "status": "active", "capacity": str(capacity),
            "locations": [str(self.hall.pk)], **NO_SCHEDULES,
        }  # fmt: skip

    def test_the_second_saver_of_a_resource_is_refused_and_keeps_their_input(self) -> None:
        # The hole: two people saved resource 3 from the same form; the first change
        # was lost, visible only in history.
        url = self.url("edit", pk=self.salon.pk)
        refused = self.race(
            url,
            self.resource_data("北サロン（佐藤）", 20),
            self.resource_data("北サロン（鈴木）", 25),
        )
        self.assert_refused(refused, "地域資源")
        # 鈴木's input is still in the form.
        self.assertContains(refused, 'value="北サロン（鈴木）"', status_code=400)
        self.assertContains(refused, 'name="capacity" value="25"', status_code=400)
        self.salon.refresh_from_db()
        self.assertEqual((self.salon.name, self.salon.capacity), ("北サロン（佐藤）", 20))

    def test_after_the_message_saving_again_is_a_deliberate_choice(self) -> None:
        url = self.url("edit", pk=self.salon.pk)
        refused = self.race(
            url, self.resource_data("佐藤の名前", 20), self.resource_data("鈴木の名前", 25)
        )
        # The form shown again carries the version 佐藤 saved (version 1, claimed → 2, saved →
        # 3), so 鈴木's second save, having been told, goes through.
        self.assertEqual(opened_version(refused), "3")
        again = self.other.post(url, {**self.resource_data("鈴木の名前", 25), "version": "3"})
        self.assertEqual(again.status_code, 302)
        self.salon.refresh_from_db()
        self.assertEqual((self.salon.name, self.salon.capacity), ("鈴木の名前", 25))

    def test_a_form_posted_without_its_version_is_refused(self) -> None:
        # An old tab or a hand-made request cannot show it saw the record as it is now.
        url = self.url("edit", pk=self.salon.pk)
        response = self.client.post(url, self.resource_data("版なし", 1))
        self.assertEqual(response.status_code, 400)
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.name, "北サロン")

    def test_a_new_resource_form_has_no_version(self) -> None:
        page = self.client.get(self.url("create"))
        self.assertNotContains(page, 'name="version"')


class VenueOrganisationContactConflictTests(ConflictFixture):
    def venue_data(self, name: str) -> dict:  # type: ignore[type-arg]
        return {
            "name": name, "venue_type": "community_hall", "town": str(self.town.pk),
            "latitude": "35.7", "longitude": "139.4",
        }  # fmt: skip

    def test_the_second_saver_of_a_venue_is_refused_and_keeps_their_input(self) -> None:
        refused = self.race(
            self.url("location_edit", pk=self.hall.pk),
            self.venue_data("北公民館（佐藤）"),
            self.venue_data("北公民館（鈴木）"),
        )
        self.assert_refused(refused, "会場")
        self.assertContains(refused, 'value="北公民館（鈴木）"', status_code=400)
        self.hall.refresh_from_db()
        self.assertEqual(self.hall.name, "北公民館（佐藤）")

    def test_the_second_saver_of_an_organisation_is_refused_and_keeps_their_input(self) -> None:
        refused = self.race(
            self.url("organization_edit", pk=self.org.pk),
            {"name": "北町内会", "kana": "きたちょうないかい", "type": "resident_group",
             "description": "佐藤の説明"},
            {"name": "北町内会", "kana": "きたちょうないかい", "type": "resident_group",
             "description": "鈴木の説明"},
        )  # fmt: skip
        self.assert_refused(refused, "運営主体")
        self.assertContains(refused, "鈴木の説明</textarea>", status_code=400)
        self.org.refresh_from_db()
        self.assertEqual(self.org.description, "佐藤の説明")

    def test_the_second_saver_of_a_contact_is_refused_and_keeps_their_input(self) -> None:
        refused = self.race(
            self.url("contact_edit", pk=self.salon.pk, contact=self.contact.pk),
            {"name": "山田", "role": "contact", "phone": "03-2222-2222"},
            {"name": "山田", "role": "contact", "phone": "03-3333-3333"},
        )
        self.assert_refused(refused, "連絡先")
        self.assertContains(refused, 'value="03-3333-3333"', status_code=400)
        self.contact.refresh_from_db()
        self.assertEqual(self.contact.phone, "03-2222-2222")


class ChangesBehindAnOpenFormTests(ConflictFixture):
    """Anything that saves the record after the form was opened makes its save a conflict."""

    def open_salon(self) -> str:
        return opened_version(self.other.get(self.url("edit", pk=self.salon.pk)))

    def post_salon(self, opened: str):  # type: ignore[no-untyped-def]
        data = {
            "name": "鈴木の名前", "kind": "kayoi", "status": "active", "capacity": "99",
            "locations": [str(self.hall.pk)], "version": opened, **NO_SCHEDULES,
        }  # fmt: skip
        return self.other.post(self.url("edit", pk=self.salon.pk), data)

    def commit_import(self) -> ImportBatch:
        """A spreadsheet import by 佐藤 that sets the salon's 定員 to 30 (a row with its ID)."""
        rows = [[str(self.salon.uuid), "北サロン", "", 30, "毎週月曜", "北公民館"]]
        batch = batch_create(
            municipality=self.city,
            kind="resources_flat",
            name="x.xlsx",
            data=xlsx_bytes("地域資源", IMPORT_HEADER, rows),
            user=self.sato,
        )
        batch_commit(batch=batch, excluded_lines=[], user=self.sato)
        batch.refresh_from_db()
        return batch

    def test_an_import_after_the_form_was_opened_makes_its_save_a_conflict(self) -> None:
        opened = self.open_salon()
        with time_machine.travel(SAVED_AT, tick=False):
            self.commit_import()
        refused = self.post_salon(opened)
        self.assert_refused(refused, "地域資源")
        self.salon.refresh_from_db()
        self.assertEqual((self.salon.name, self.salon.capacity), ("北サロン", 30))

    def test_an_undo_after_the_form_was_opened_makes_its_save_a_conflict(self) -> None:
        batch = self.commit_import()
        opened = self.open_salon()
        with time_machine.travel(SAVED_AT, tick=False):
            batch_undo(batch=batch, user=self.sato)
        refused = self.post_salon(opened)
        self.assert_refused(refused, "地域資源")
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.capacity, 15)  # as before the import

    def bulk(self, **data: str) -> None:
        with time_machine.travel(SAVED_AT, tick=False):
            response = self.client.post(
                self.url("bulk"), {"ids": [str(self.salon.pk)], "query_string": "", **data}
            )
        self.assertEqual(response.status_code, 302)

    def test_a_bulk_status_change_after_the_form_was_opened_makes_its_save_a_conflict(
        self,
    ) -> None:
        opened = self.open_salon()
        self.bulk(action="status", status="paused")
        refused = self.post_salon(opened)
        self.assert_refused(refused, "地域資源")
        self.salon.refresh_from_db()
        self.assertEqual((self.salon.status, self.salon.name), ("paused", "北サロン"))

    def test_a_bulk_verification_after_the_form_was_opened_makes_its_save_a_conflict(
        self,
    ) -> None:
        opened = self.open_salon()
        self.bulk(action="verify", method="phone")
        refused = self.post_salon(opened)
        self.assert_refused(refused, "地域資源")
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.last_verified_by, self.sato)
        self.assertEqual(self.salon.name, "北サロン")

    def test_a_merge_into_the_resource_after_the_form_was_opened_makes_its_save_a_conflict(
        self,
    ) -> None:
        twin = ResourceFactory(municipality=self.city, name="北サロン（重複）")
        opened = self.open_salon()
        with time_machine.travel(SAVED_AT, tick=False):
            services.resource_merge(keep=self.salon, duplicate=twin, user=self.sato)
        refused = self.post_salon(opened)
        self.assert_refused(refused, "地域資源")

    def test_a_town_moving_to_another_area_makes_an_open_venue_form_a_conflict(self) -> None:
        url = self.url("location_edit", pk=self.hall.pk)
        opened = opened_version(self.other.get(url))
        # The town moves from 北部 to 南部; the venue, placed by its town, follows (a bulk
        # update, which skips save()).
        with time_machine.travel(SAVED_AT, tick=False):
            moved = services.locations_follow_towns(
                moves={self.town.pk: (self.north.pk, self.south.pk)}, user=self.sato
            )
        self.assertEqual(moved, 1)
        refused = self.other.post(
            url,
            {"name": "北公民館", "venue_type": "community_hall", "area": "", "version": opened},
        )
        self.assert_refused(refused, "会場")
        self.hall.refresh_from_db()
        self.assertEqual(self.hall.area, self.south)


class VersionNumberTests(ConflictFixture):
    def test_every_save_raises_the_version_in_the_database(self) -> None:
        # Created at 1; two saves from copies loaded before either: 1 → 2 → 3, never back to 2.
        first, stale = (
            Resource.objects.get(pk=self.salon.pk),
            Resource.objects.get(pk=self.salon.pk),
        )
        self.assertEqual((first.version, stale.version), (1, 1))
        first.capacity = 20
        first.save()
        self.assertEqual(first.version, 2)
        stale.fee_note = "茶菓代100円"
        stale.save()
        self.assertEqual(stale.version, 3)
        self.assertEqual(Resource.objects.get(pk=self.salon.pk).version, 3)

    def test_each_registry_model_is_versioned_without_copying_the_version_into_history(
        self,
    ) -> None:
        for model in (Resource, Location, Organization, Contact):
            with self.subTest(model.__name__):
                self.assertIn("version", [f.name for f in model._meta.fields])
                history_fields = [f.name for f in model.history.model._meta.fields]
                self.assertNotIn("version", history_fields)

    def test_a_failed_save_keeps_the_callers_integrity_error_and_the_number(self) -> None:
        # A unique clash inside a savepoint (as resource_merge's moves catch it): the caller
        # sees the IntegrityError (on PostgreSQL a query after it would raise another error),
        # and the record keeps the number it had, not an SQL expression.
        other = Contact.objects.create(resource=self.salon, name="佐々木")
        contact = Contact.objects.get(pk=self.contact.pk)
        contact.uuid = other.uuid
        with self.assertRaises(IntegrityError), transaction.atomic():
            contact.save()
        self.assertEqual(contact.version, 1)


class ContactDeleteConflictTests(ConflictFixture):
    """The contact page's 削除 button carries the version the page was opened at: a delete from
    a page opened before someone saved the contact is refused, as a message on the page."""

    def setUp(self) -> None:
        super().setUp()
        self.page = self.url("contact_edit", pk=self.salon.pk, contact=self.contact.pk)

    def test_a_delete_from_a_page_opened_before_a_save_is_refused(self) -> None:
        # 鈴木 opens the contact (version 1); 佐藤 then saves a new phone number (version 2).
        opened = opened_version(self.other.get(self.page))
        self.assertEqual(opened, "1")
        sato_opened = opened_version(self.client.get(self.page))
        with time_machine.travel(SAVED_AT, tick=False):
            saved = self.client.post(
                self.page,
                {
                    "name": "山田",
                    "role": "contact",
                    "phone": "03-2222-2222",
                    "version": sato_opened,
                },
            )
        self.assertEqual(saved.status_code, 302)

        refused = self.other.post(self.page, {"action": "delete", "version": opened})

        # Back on the contact's page, which now shows the saved number and the message.
        self.assertRedirects(refused, self.page, fetch_redirect_response=False)
        page = self.other.get(self.page)
        self.assertContains(
            page,
            f"この連絡先は、あなたが画面を開いた後に佐藤 花子さんが保存しました（{SAVED_AT_WAREKI}）。"
            "保存しませんでした。最新の内容を確かめてから、もう一度操作してください。",
        )
        self.assertContains(page, 'value="03-2222-2222"')
        self.assertTrue(Contact.objects.filter(pk=self.contact.pk, phone="03-2222-2222").exists())
        # The page shown after the refusal carries the version saved: 佐藤's form claimed 2
        # (1 + 1) and the save raised it once more, 3. Deleting from it is a deliberate choice,
        # and goes through.
        self.assertEqual(opened_version(page), "3")
        deleted = self.other.post(self.page, {"action": "delete", "version": "3"})
        self.assertRedirects(deleted, self.url("detail", pk=self.salon.pk))
        self.assertFalse(Contact.objects.filter(pk=self.contact.pk).exists())

    def test_a_delete_posted_without_its_version_is_refused(self) -> None:
        refused = self.client.post(self.page, {"action": "delete"})
        self.assertRedirects(refused, self.page, fetch_redirect_response=False)
        self.assertContains(self.client.get(self.page), "保存しませんでした。")
        self.assertTrue(Contact.objects.filter(pk=self.contact.pk).exists())

    def test_a_delete_from_a_current_page_deletes(self) -> None:
        opened = opened_version(self.client.get(self.page))
        deleted = self.client.post(self.page, {"action": "delete", "version": opened})
        self.assertRedirects(deleted, self.url("detail", pk=self.salon.pk))
        self.assertFalse(Contact.objects.filter(pk=self.contact.pk).exists())
