"""The activity log names residents (関わった人, free text, つなぎ memos): personal data
(issue #21). Its pages are for coordinators and the municipal admin; each page that shows at
least one record writes one access-log row counting the records shown; the summary (counts
only) writes none, nor does a page showing no record."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.activities import services
from sasaeai.activities.constants import ActivityKind, ConnectionPurpose, ConnectionStatus
from sasaeai.activities.models import Activity
from sasaeai.areas.tests.factories import AreaFactory, Layer2AreaFactory, MunicipalityFactory
from sasaeai.core.constants import AccessKind
from sasaeai.core.models import PersonalDataAccess
from sasaeai.resources.tests.factories import OrganizationFactory, ResourceFactory

TOKYO = ZoneInfo("Asia/Tokyo")
NOW = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=TOKYO)
RESIDENT = "北町三丁目の一人暮らしの男性（岡田さん）"
MEMO = "岡田さんをサロンにつないだ"


@time_machine.travel(NOW, tick=False)
class ActivityAccessLogTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        north = Layer2AreaFactory(
            municipality=cls.city, parent=AreaFactory(municipality=cls.city), name="北部圏域"
        )
        cls.sc2 = user_with_role(Role.SC_LAYER2, cls.city, area=north)
        cls.sc1 = user_with_role(Role.SC_LAYER1, cls.city)
        club = services.Actor(organization=OrganizationFactory(municipality=cls.city))
        salon = services.Actor(resource=ResourceFactory(municipality=cls.city))

        def record(day: datetime.date, **values: object) -> Activity:
            return services.activity_record(
                municipality=cls.city, coordinator=cls.sc2, user=cls.sc2,
                values=services.ActivityInput(
                    done_on=day, kind=ActivityKind.CONSULTATION, summary="相談を受けた",
                    areas=[north], **values,  # type: ignore[arg-type]
                ),
            )  # fmt: skip

        # 令和8年度 (from 2026-04-01): three activities, the consultation naming the resident
        # with a つなぎ whose memo names him too, and one more つなぎ without a memo.
        cls.named = services.activity_record(
            municipality=cls.city, coordinator=cls.sc2, user=cls.sc2,
            values=services.ActivityInput(
                done_on=datetime.date(2026, 11, 20), kind=ActivityKind.CONSULTATION,
                summary="外出の手段について相談を受けた", areas=[north], people=RESIDENT,
            ),
            connections=[services.ConnectionInput(
                source=club, target=salon, purpose=ConnectionPurpose.USERS, note=MEMO,
            )],
        )  # fmt: skip
        services.activity_record(
            municipality=cls.city, coordinator=cls.sc2, user=cls.sc2,
            values=services.ActivityInput(
                done_on=datetime.date(2026, 11, 10), kind=ActivityKind.CONNECTING,
                summary="老人クラブとサロンを引き合わせた", areas=[north],
            ),
            connections=[services.ConnectionInput(
                source=salon, target=club, purpose=ConnectionPurpose.INFORMATION,
                status=ConnectionStatus.REALISED,
            )],
        )  # fmt: skip
        record(datetime.date(2026, 4, 15))
        # 令和7年度: one activity, whose 次の対応日 (2026-11-30) is within the week ahead.
        record(datetime.date(2026, 3, 20), follow_up_on=datetime.date(2026, 11, 30))

    def url(self, name: str, *args: object) -> str:
        return reverse(f"activities:{name}", args=[self.city.code, *args])

    def test_the_list_shows_the_resident_and_logs_the_activities_shown(self) -> None:
        self.client.force_login(self.sc2)
        page = self.client.get(self.url("list"))
        self.assertContains(page, f"関わった人：{RESIDENT}")
        row = PersonalDataAccess.objects.get()
        # 令和8年度's three activities, and 令和7年度's in the follow-ups above them: four.
        self.assertEqual(
            (row.user, row.municipality, row.kind, row.what, row.record_count, row.path),
            (self.sc2, self.city, AccessKind.VIEW, "活動記録の一覧", 4, self.url("list")),
        )

    def test_a_filtered_list_counts_what_it_shows(self) -> None:
        # sc1 has no follow-ups of its own: 令和7年度 holds one activity.
        self.client.force_login(self.sc1)
        self.client.get(self.url("list") + "?year=2025")
        row = PersonalDataAccess.objects.get()
        self.assertEqual((row.record_count, row.filters), (1, "year=2025"))

    def test_a_list_showing_no_activity_writes_no_row(self) -> None:
        self.client.force_login(self.sc1)
        page = self.client.get(self.url("list") + "?q=該当なし")
        self.assertContains(page, "この条件の活動記録はありません。")
        self.assertFalse(PersonalDataAccess.objects.exists())

    def test_the_correction_page_is_logged_as_one_record(self) -> None:
        self.client.force_login(self.sc2)
        edit = self.url("edit", self.named.pk)
        self.assertContains(self.client.get(edit), RESIDENT)
        row = PersonalDataAccess.objects.get()
        self.assertEqual((row.what, row.record_count, row.path), ("活動記録（直す画面）", 1, edit))
        # A refused save shows back what was typed: no new row.
        self.assertEqual(self.client.post(edit, {"summary": ""}).status_code, 400)
        self.assertEqual(PersonalDataAccess.objects.count(), 1)

    def test_the_connection_list_counts_the_memos_it_shows(self) -> None:
        self.client.force_login(self.sc2)
        page = self.client.get(self.url("connections"))
        self.assertContains(page, MEMO)
        row = PersonalDataAccess.objects.get()
        # Two つなぎ, one with a memo.
        self.assertEqual((row.what, row.record_count), ("つなぎの一覧（メモ）", 1))
        # Only the realised one (no memo): no row.
        self.client.get(self.url("connections") + "?status=realised")
        self.assertEqual(PersonalDataAccess.objects.count(), 1)

    def test_the_summary_and_its_xlsx_show_counts_only_and_log_nothing(self) -> None:
        self.client.force_login(self.sc2)
        for name in ("summary", "summary_export", "create", "network"):
            response = self.client.get(self.url(name))
            self.assertEqual(response.status_code, 200)
            self.assertNotIn(RESIDENT.encode(), response.content)
        self.assertFalse(PersonalDataAccess.objects.exists())

    def test_members_advisers_and_viewers_are_refused_every_page(self) -> None:
        others = [
            user_with_role(role, self.city)
            for role in (Role.COUNCIL_MEMBER, Role.ADVISER, Role.VIEWER)
        ]
        urls = [
            self.url(name)
            for name in ("list", "create", "summary", "summary_export", "connections", "network")
        ] + [self.url("edit", self.named.pk)]
        for user in others:
            self.client.force_login(user)
            for url in urls:
                response = self.client.get(url)
                self.assertEqual(response.status_code, 403, url)
                self.assertNotIn(RESIDENT.encode(), response.content)
                self.assertNotIn(MEMO.encode(), response.content)
        self.assertFalse(PersonalDataAccess.objects.exists())
