"""Residents' names in the demo city's activity log and つなぎ (issue #21): the log is for
coordinators and the municipal admin; a council member, an adviser and a viewer are refused
every page and file of it and meet none of its personal values anywhere else; a coordinator
sees them, and each page showing them writes one row of the access log."""

from __future__ import annotations

import time_machine
from django.urls import reverse

from sasaeai.accounts.models import User
from sasaeai.activities.models import Activity
from sasaeai.core.constants import AccessKind
from sasaeai.core.models import PersonalDataAccess
from sasaeai.councils.tests.personal_data import assert_holds_none, personal_values, text_of
from sasaeai.tests.demo_city import DEMO_NOW as NOW
from sasaeai.tests.demo_city import DemoCityTestCase
from sasaeai.utils.fiscal_year import fiscal_year

WITHOUT_PERSONAL_DATA = ("demo-member", "demo-adviser", "demo-viewer")


@time_machine.travel(NOW, tick=False)
class DemoActivityPersonalDataTests(DemoCityTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = cls.demo.city

    def url(self, name: str, *args: object) -> str:
        return reverse(name, args=[self.city.code, *args])

    def log_pages(self) -> list[str]:
        """Every page and file of the activity log, and the correction page of every activity
        that names a resident."""
        urls = [
            self.url(name)
            for name in (
                "activities:list", "activities:create", "activities:summary",
                "activities:summary_export", "activities:connections", "activities:network",
            )
        ]  # fmt: skip
        named = Activity.objects.exclude(people="").values_list("pk", flat=True)
        return urls + [self.url("activities:edit", pk) for pk in named]

    def test_the_demo_names_residents_in_activities_and_referrals(self) -> None:
        values = personal_values()
        # Consultations by residents name one of six fictitious residents (activities/demo.py),
        # as do the memos of referrals of users.
        self.assertEqual(len(values["活動記録の関わった人"]), 6)
        self.assertEqual(len(values["つなぎのメモ"]), 6)

    def test_members_advisers_and_viewers_are_refused_the_log(self) -> None:
        values = personal_values()
        urls = self.log_pages()
        for username in WITHOUT_PERSONAL_DATA:
            self.client.force_login(User.objects.get(username=username))
            for url in urls:
                response = self.client.get(url)
                self.assertEqual(response.status_code, 403, f"{username} {url}")
                assert_holds_none(self, text_of(response), values, f"{username} {url}")
        self.assertFalse(PersonalDataAccess.objects.exists())

    def test_a_coordinator_sees_the_named_residents_and_each_page_is_logged(self) -> None:
        coordinator = User.objects.get(username="demo-sc1")
        self.client.force_login(coordinator)
        activity = Activity.objects.exclude(people="").order_by("-done_on", "-pk")[0]
        # The list of the activity's 年度 and month, found by the resident's name.
        query = f"?year={fiscal_year(activity.done_on)}&month={activity.done_on.month}"
        page = self.client.get(self.url("activities:list") + query)
        self.assertContains(page, f"関わった人：{activity.people}")
        shown = {a.pk for a in page.context["page"]} | {a.pk for a in page.context["follow_ups"]}
        row = PersonalDataAccess.objects.get()
        self.assertEqual(
            (row.user, row.municipality, row.what, row.kind, row.record_count, row.filters),
            (coordinator, self.city, "活動記録の一覧", AccessKind.VIEW, len(shown), query[1:]),
        )
        # The correction page: the one activity.
        PersonalDataAccess.objects.all().delete()
        edit = self.url("activities:edit", activity.pk)
        self.assertContains(self.client.get(edit), activity.people)
        row = PersonalDataAccess.objects.get()
        self.assertEqual((row.what, row.record_count, row.path), ("活動記録（直す画面）", 1, edit))

    def test_a_coordinator_sees_the_referral_memos_and_the_page_is_logged(self) -> None:
        self.client.force_login(User.objects.get(username="demo-sc2"))
        page = self.client.get(self.url("activities:connections"))
        with_memo = [c for c in page.context["page"] if c.note]
        self.assertTrue(with_memo)
        for connection in with_memo:
            self.assertContains(page, connection.note)
        row = PersonalDataAccess.objects.get()
        self.assertEqual((row.what, row.record_count), ("つなぎの一覧（メモ）", len(with_memo)))

    def test_the_summary_network_and_entry_form_hold_no_names_and_log_nothing(self) -> None:
        values = personal_values()
        self.client.force_login(User.objects.get(username="demo-sc1"))
        for name in (
            "activities:summary", "activities:summary_export", "activities:network",
            "activities:create",
        ):  # fmt: skip
            response = self.client.get(self.url(name))
            self.assertEqual(response.status_code, 200, name)
            assert_holds_none(self, text_of(response), values, name)
        self.assertFalse(PersonalDataAccess.objects.exists())
