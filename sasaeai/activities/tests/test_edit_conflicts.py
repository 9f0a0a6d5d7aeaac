"""Two coordinators correct the same activity (issue #21): the second keeps their input and is
told who saved first and when; the form then carries the version saved meanwhile."""

import datetime

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.activities import services
from sasaeai.activities.models import Activity
from sasaeai.core.tests.edit_conflicts import EditConflictMixin, shown_version, signed_in

from .test_activities import ActivityFixture


class ActivityEditConflictTests(EditConflictMixin, ActivityFixture):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.recorder = user_with_role(
            Role.SC_LAYER2, cls.city, area=cls.north, user__display_name="北 花子"
        )
        cls.activity = services.activity_record(
            municipality=cls.city, coordinator=cls.recorder, user=cls.recorder,
            values=services.ActivityInput(
                done_on=datetime.date(2026, 11, 20), kind="visit", summary="北町を訪問",
                areas=[cls.north],
            ),
        )  # fmt: skip

    def values(self, summary: str) -> dict[str, object]:
        return {"done_on": "2026-11-20", "kind": "visit", "area": self.north.pk,
                "summary": summary, "minutes": "60"}  # fmt: skip

    def test_the_second_correction_is_refused_with_its_input_kept(self) -> None:
        url = self.url("edit", pk=self.activity.pk)
        refused = self.two_editors(
            url, self.recorder, self.sc1, self.values("Aの修正：北町で相談"),
            self.values("Bの修正：北町で見守り"), who="北 花子",
        )  # fmt: skip
        self.assertContains(refused, "Bの修正：北町で見守り</textarea>", status_code=400)
        self.activity.refresh_from_db()
        self.assertEqual(self.activity.summary, "Aの修正：北町で相談")
        # Created at 1; the first save claims 2 and its save() raises it to 3: the refused
        # form now carries 3, so saving again (after reading the message) is deliberate.
        self.assertEqual((self.activity.version, shown_version(refused)), (3, "3"))
        again = signed_in(self.sc1).post(
            url, {**self.values("Bの修正：北町で見守り"), "version": "3"}
        )
        self.assertEqual(again.status_code, 302)
        self.assertEqual(Activity.objects.get().summary, "Bの修正：北町で見守り")

    def test_a_form_posted_without_its_version_is_refused(self) -> None:
        # An old tab or a hand-made request cannot prove it saw the current record.
        response = signed_in(self.recorder).post(
            self.url("edit", pk=self.activity.pk), self.values("版のない保存")
        )
        self.assertContains(response, "北 花子さんが保存しました", status_code=400)
        self.assertEqual(Activity.objects.get().summary, "北町を訪問")
