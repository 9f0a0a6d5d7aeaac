"""The executemany insert used by large imports: same rows as a save would write, with history."""

import datetime

from django.test import TestCase

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import MunicipalityFactory
from sasaeai.core.bulk import insert_rows, insert_with_history
from sasaeai.resources.constants import ResourceKind, SchedulePattern
from sasaeai.resources.models import Resource, Schedule, ServiceAtLocation
from sasaeai.resources.tests.factories import LocationFactory, ResourceFactory


class InsertWithHistoryTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.user = user_with_role(Role.SC_LAYER1, cls.city)

    def resource(self, name: str) -> Resource:
        return Resource(
            municipality=self.city, name=name, kana="かな", kana_key="かな", kind=ResourceKind.KAYOI
        )

    def test_rows_and_history_rows_are_written_with_keys_and_timestamps(self) -> None:
        first, second = insert_with_history(
            [self.resource("体操の会"), self.resource("囲碁の会")], user=self.user
        )
        self.assertIsNotNone(first.pk)
        self.assertEqual(second.pk, first.pk + 1)
        stored = Resource.objects.get(pk=second.pk)
        self.assertEqual((stored.name, stored.kind, stored.capacity), ("囲碁の会", "kayoi", None))
        self.assertEqual(stored.uuid, second.uuid)
        self.assertIsNotNone(stored.updated_at)
        rows = Resource.history.filter(id__in=[first.pk, second.pk]).order_by("id")
        self.assertEqual(
            [(r.name, r.history_type, r.history_user) for r in rows],
            [("体操の会", "+", self.user), ("囲碁の会", "+", self.user)],
        )

    def test_json_date_and_time_fields_read_back_as_written(self) -> None:
        resource = ResourceFactory(municipality=self.city)
        schedule = Schedule(
            resource=resource,
            pattern=SchedulePattern.WEEKLY,
            weekdays=[1, 3],
            nths=[],
            month_days=[],
            dates=["2026-12-01", "2026-12-15"],
            start_date=datetime.date(2026, 12, 1),
            opens_at=datetime.time(10, 0),
            closes_at=datetime.time(11, 30),
            note="祝日は休み",
        )
        insert_with_history([schedule], user=self.user)
        stored = Schedule.objects.get(pk=schedule.pk)
        self.assertEqual(
            (stored.weekdays, stored.dates, stored.start_date, stored.opens_at, stored.closes_at),
            (
                [1, 3],
                ["2026-12-01", "2026-12-15"],
                datetime.date(2026, 12, 1),
                datetime.time(10, 0),
                datetime.time(11, 30),
            ),
        )
        self.assertEqual(Schedule.history.get(id=schedule.pk).weekdays, [1, 3])

    def test_a_deleted_records_key_is_never_given_again(self) -> None:
        (old,) = insert_with_history([self.resource("消える会")], user=self.user)
        old_pk = old.pk
        old.delete()
        (new,) = insert_with_history([self.resource("新しい会")], user=self.user)
        # The deleted key stays in history; a new record reusing it would inherit that history.
        self.assertGreater(new.pk, old_pk)

    def test_nothing_to_insert_writes_nothing(self) -> None:
        before = Resource.history.count()
        self.assertEqual(insert_with_history([], user=self.user), [])
        self.assertEqual(Resource.history.count(), before)


class InsertRowsTests(TestCase):
    def test_rows_without_instances_take_defaults_and_get_history(self) -> None:
        city = MunicipalityFactory(code="132012")
        user = user_with_role(Role.SC_LAYER1, city)
        resource = ResourceFactory(municipality=city)
        halls = [LocationFactory(municipality=city), LocationFactory(municipality=city)]
        insert_rows(
            ServiceAtLocation,
            [{"resource_id": resource.pk, "location_id": hall.pk} for hall in halls],
            user=user,
        )
        links = list(ServiceAtLocation.objects.filter(resource=resource).order_by("pk"))
        self.assertEqual([link.location for link in links], halls)
        # uuid4 is called for each row, not once for all.
        self.assertNotEqual(links[0].uuid, links[1].uuid)
        history = ServiceAtLocation.history.filter(resource_id=resource.pk).order_by("id")
        self.assertEqual(
            [(h.id, h.uuid, h.history_type, h.history_user) for h in history],
            [(link.pk, link.uuid, "+", user) for link in links],
        )
