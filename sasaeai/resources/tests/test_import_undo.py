"""Undoing a committed import as a whole, and refusing when its records changed since."""

from unittest import mock

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import MunicipalityFactory
from sasaeai.core.import_undo import batch_undo
from sasaeai.core.imports import (
    batch_commit,
    batch_create,
    batch_map_values,
    batch_preview_kept,
    importer_for,
)
from sasaeai.core.models import ImportBatch, ImportStatus
from sasaeai.resources import services
from sasaeai.resources.constants import SchedulePattern
from sasaeai.resources.models import (
    Location,
    Organization,
    Resource,
    Schedule,
    ServiceAtLocation,
)
from sasaeai.resources.tests.factories import (
    LocationFactory,
    ResourceFactory,
    ScheduleFactory,
)
from sasaeai.utils.tabular import xlsx_bytes

HEADER = ["ID", "名称", "運営主体", "定員", "曜日・頻度", "会場"]


class SalonFixture(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.user = user_with_role(Role.SC_LAYER1, cls.city)
        # Another editor of the whole city (a layer-2 coordinator with no 圏域 edits nothing).
        cls.other = user_with_role(Role.SC_LAYER1, cls.city)

    def setUp(self) -> None:
        # An existing salon: capacity 15, every Monday, at 北集会所.
        self.hall = LocationFactory(municipality=self.city, name="北集会所")
        self.salon = ResourceFactory(municipality=self.city, name="北サロン", capacity=15)
        ServiceAtLocation.objects.create(resource=self.salon, location=self.hall)
        ScheduleFactory(resource=self.salon, pattern=SchedulePattern.WEEKLY, weekdays=[1])


class UndoTests(SalonFixture):
    def commit(self, rows: list[list]) -> ImportBatch:
        batch = batch_create(
            municipality=self.city,
            kind="resources_flat",
            name="x.xlsx",
            data=xlsx_bytes("地域資源", HEADER, rows),
            user=self.user,
        )
        # The sheet has no 種類 column: its new rows are 通いの場, chosen for the whole file.
        batch_map_values(batch=batch, choices={"種類": {"": "kayoi"}}, user=self.user)
        batch_commit(batch=batch, excluded_lines=[], user=self.user)
        batch.refresh_from_db()
        return batch

    def commit_sample(self) -> ImportBatch:
        """One new resource (new organisation and venue) and the salon moved, resized, rescheduled."""
        return self.commit(
            [
                ["", "囲碁の会", "囲碁愛好会", 10, "毎週水曜", "南公民館"],
                [str(self.salon.uuid), "北サロン", "", 30, "第1・3金曜", "南公民館"],
            ]
        )

    def test_undo_deletes_what_was_created_and_puts_back_what_was_updated(self) -> None:
        batch = self.commit_sample()
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.capacity, 30)
        count = batch_undo(batch=batch, user=self.other)
        # Created: 1 organisation + 1 venue + 1 resource; updated: the salon → 4 records.
        self.assertEqual(count, 4)
        self.assertFalse(Resource.objects.filter(name="囲碁の会").exists())
        self.assertFalse(Organization.objects.filter(name="囲碁愛好会").exists())
        self.assertFalse(Location.objects.filter(name="南公民館").exists())
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.capacity, 15)
        self.assertEqual(
            list(self.salon.service_locations.values_list("location__name", flat=True)),
            ["北集会所"],
        )
        self.assertEqual(
            list(Schedule.objects.filter(resource=self.salon).values_list("pattern", "weekdays")),
            [(SchedulePattern.WEEKLY, [1])],
        )
        batch.refresh_from_db()
        self.assertEqual((batch.status, batch.undone_by), (ImportStatus.UNDONE, self.other))
        # Every change undo made is in history under the person who asked for it.
        latest = self.salon.history.first()
        self.assertEqual((latest.history_type, latest.history_user), ("~", self.other))
        deleted = Resource.history.filter(name="囲碁の会", history_type="-").get()
        self.assertEqual(deleted.history_user, self.other)
        with self.assertRaisesMessage(ValidationError, "取込済みの取込だけを元に戻せます。"):
            batch_undo(batch=batch, user=self.other)

    def test_undo_is_refused_when_a_created_record_was_edited_since(self) -> None:
        batch = self.commit_sample()
        go = Resource.objects.get(name="囲碁の会")
        data = services.ResourceInput(name="囲碁の会（火曜）", kind=go.kind)
        services.resource_save(municipality=self.city, user=self.other, data=data, resource=go)
        with self.assertRaises(ValidationError) as caught:
            batch_undo(batch=batch, user=self.user)
        # The edit renamed the resource and, having no venue, also unlinked the imported venue:
        # both records have changed since the import.
        first, second, third = caught.exception.messages
        self.assertEqual(
            first,
            "取込の後に変更された記録があるため、元に戻せません（変更を消さないためです）。"
            "必要なら画面で個別に直してください。",
        )
        self.assertTrue(second.startswith("地域資源「囲碁の会（火曜）」: 令和"), second)
        self.assertTrue(second.endswith(f"に{self.other.username}さんが変更しています。"), second)
        self.assertTrue(third.startswith("会場「南公民館」: 令和"), third)
        # Nothing was undone.
        self.assertTrue(Organization.objects.filter(name="囲碁愛好会").exists())
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.capacity, 30)
        batch.refresh_from_db()
        self.assertEqual(batch.status, ImportStatus.COMMITTED)

    def test_undo_is_refused_when_another_resource_now_meets_at_an_imported_venue(self) -> None:
        batch = self.commit_sample()
        venue = Location.objects.get(name="南公民館")
        other = ResourceFactory(municipality=self.city, name="東サロン")
        link = ServiceAtLocation(resource=other, location=venue)
        link._history_user = self.other  # type: ignore[attr-defined]
        link.save()
        with self.assertRaises(ValidationError) as caught:
            batch_undo(batch=batch, user=self.user)
        self.assertIn("会場「南公民館」", caught.exception.messages[1])
        self.assertTrue(ServiceAtLocation.objects.filter(resource=other).exists())

    def test_a_schedule_changed_since_on_an_updated_resource_blocks_undo(self) -> None:
        batch = self.commit_sample()
        schedule = self.salon.schedules.get()
        schedule._history_user = self.other  # type: ignore[attr-defined]
        schedule.note = "祝日は休み"
        schedule.save()
        with self.assertRaises(ValidationError) as caught:
            batch_undo(batch=batch, user=self.user)
        self.assertIn("地域資源「北サロン」", caught.exception.messages[1])

    def test_the_undo_button_on_the_batch_page(self) -> None:
        batch = self.commit_sample()
        self.client.force_login(self.user)
        url = reverse("core:import_preview", kwargs={"lgcode": self.city.code, "pk": batch.pk})
        page = self.client.get(url)
        self.assertContains(page, "取込を元に戻す</button>", html=False)
        response = self.client.post(url, {"action": "undo"}, follow=True)
        self.assertContains(response, "取込を元に戻しました（4件）。変更履歴に記録されています。")
        self.assertContains(response, "元に戻した日時")
        self.assertNotContains(response, "取込を元に戻す</button>", html=False)
        self.assertFalse(Resource.objects.filter(name="囲碁の会").exists())

    def test_a_refusal_is_shown_on_the_page_and_changes_nothing(self) -> None:
        batch = self.commit_sample()
        go = Resource.objects.get(name="囲碁の会")
        data = services.ResourceInput(name="囲碁の会", kind=go.kind, description="初心者歓迎")
        services.resource_save(municipality=self.city, user=self.other, data=data, resource=go)
        self.client.force_login(self.user)
        url = reverse("core:import_preview", kwargs={"lgcode": self.city.code, "pk": batch.pk})
        response = self.client.post(url, {"action": "undo"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(
            response, "取込の後に変更された記録があるため、元に戻せません", 1, status_code=400
        )
        self.assertTrue(Resource.objects.filter(name="囲碁の会").exists())


class KeptPreviewTests(SalonFixture):
    """A large file's preview is kept for its commit, unless the registry changed meanwhile."""

    def kept(self, capacity: int) -> ImportBatch:
        batch = batch_create(
            municipality=self.city,
            kind="resources_flat",
            name="x.xlsx",
            data=xlsx_bytes("地域資源", ["ID", "名称", "定員"], [[str(self.salon.uuid), "北サロン", capacity]]),
            user=self.user,
        )  # fmt: skip
        batch_preview_kept(batch)
        return batch

    def test_the_commit_uses_the_kept_preview_when_nothing_changed(self) -> None:
        batch = self.kept(40)
        with mock.patch.object(importer_for("resources_flat"), "parse", side_effect=AssertionError):
            batch_commit(batch=batch, excluded_lines=[], user=self.user)
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.capacity, 40)

    def test_a_change_since_the_preview_makes_the_commit_read_the_file_again(self) -> None:
        batch = self.kept(15)  # the sheet says 15, as the registry did at preview time
        data = services.input_of(self.salon)
        data.fields = {"capacity": 20}
        services.resource_save(
            municipality=self.city, user=self.other, data=data, resource=self.salon
        )
        batch_commit(batch=batch, excluded_lines=[], user=self.user)
        # Read again, the sheet's 15 differs from the registry's 20: the confirmed sheet wins.
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.capacity, 15)
