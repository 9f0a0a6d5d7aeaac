"""個人情報の保存期間 (issue #21, item 2): after the municipality's period, the purge empties the
personal fields of ended records and of all their history rows, leaves the rest, keeps every
row; a dry run lists the same and writes nothing.

The city below is dated by hand under time-machine. "Today" is 令和8年12月5日 (2026-12-05) and
the period the default 5 years, so the cutoff is 2021-12-05: what ended on 2021-12-04 or
earlier goes, what ended on 2021-12-05 or later stays."""

from __future__ import annotations

import datetime
import io
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
from axes.models import AccessFailureLog, AccessLog
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import UserFactory, user_with_role
from sasaeai.activities.models import Activity
from sasaeai.areas.tests.factories import AreaFactory, MunicipalityFactory
from sasaeai.core import retention, schedule
from sasaeai.core.constants import ImportStatus
from sasaeai.core.imports import batch_create
from sasaeai.core.models import ImportBatch, PersonalDataAccess
from sasaeai.councils.models import MeetingGuest, Membership
from sasaeai.councils.tests.factories import CouncilFactory, MeetingFactory, MembershipFactory
from sasaeai.resources.constants import ResourceStatus
from sasaeai.resources.models import Contact
from sasaeai.resources.tests.factories import ResourceFactory

TOKYO = ZoneInfo("Asia/Tokyo")
TODAY = datetime.date(2026, 12, 5)
MARKER = "（保存期間経過のため削除）"


def on(year: int, month: int, day: int) -> Any:
    """Everything written inside is dated 10:00 (Tokyo) on that day."""
    return time_machine.travel(datetime.datetime(year, month, day, 10, 0, tzinfo=TOKYO), tick=False)


def contact_rows(contact_pk: int) -> list[tuple[str, str, str, str]]:
    """(type, name, phone, email) of every history row of a contact, oldest first."""
    rows = Contact.history.filter(id=contact_pk).order_by("history_date", "history_id")
    return [(r.history_type, r.name, r.phone, r.email) for r in rows]


def member_rows(pk: int) -> list[tuple[str, str]]:
    rows = Membership.history.filter(id=pk).order_by("history_date", "history_id")
    return [(r.email, r.postal_address) for r in rows]


def end(resource: Any, status: str = ResourceStatus.ENDED) -> None:
    resource.status = status
    resource.save()


class RetentionCity(TestCase):
    """One municipality with records before and after the cutoff, and another municipality."""

    def setUp(self) -> None:
        self.city = MunicipalityFactory()
        self.other_city = MunicipalityFactory()
        self.user = UserFactory()
        with on(2019, 4, 1):
            self.ended = ResourceFactory(municipality=self.city, name="閉じたサロン")
            self.ended_contact = Contact.objects.create(
                resource=self.ended, name="山田 花子", phone="03-0000-0001",
                email="hanako@example.jp",
            )  # fmt: skip
            self.recent = ResourceFactory(municipality=self.city, name="最近閉じたサロン")
            self.recent_contact = Contact.objects.create(
                resource=self.recent, name="佐藤 次郎", phone="03-0000-0002"
            )
            self.active = ResourceFactory(municipality=self.city, name="続くサロン")
            self.kept_contact = Contact.objects.create(resource=self.active, name="鈴木 一郎")
            removed_long_ago = Contact.objects.create(
                resource=self.active, name="高橋 三郎", phone="03-0000-0003"
            )
            removed_lately = Contact.objects.create(
                resource=self.active, name="田中 四郎", phone="03-0000-0004"
            )
            self.reopened = ResourceFactory(municipality=self.city, name="再開したサロン")
            self.reopened_contact = Contact.objects.create(resource=self.reopened, name="伊藤 五郎")
            self.elsewhere = ResourceFactory(municipality=self.other_city, name="隣町のサロン")
            self.elsewhere_contact = Contact.objects.create(
                resource=self.elsewhere, name="渡辺 六郎"
            )
            council = CouncilFactory(area=AreaFactory(municipality=self.city))
            removed_member = MembershipFactory(
                council=council, name="小林 七子", email="nanako@example.jp",
                postal_address="サンプル市1-1", term_start=datetime.date(2019, 4, 1),
            )  # fmt: skip
            self.removed_member_pk = removed_member.pk
            self.old_batch = batch_create(
                municipality=self.city, kind="population", name="名簿.csv",
                data="氏名\n山田 花子\n".encode(), user=self.user,
            )  # fmt: skip
            self.waiting_batch = batch_create(
                municipality=self.city, kind="population", name="確認中.csv",
                data="氏名\n佐藤 次郎\n".encode(), user=self.user,
            )  # fmt: skip
        self.old_file = self.old_batch.file.name
        default_storage.save(f"{self.old_file}.parsed", ContentFile(b"{}"))
        ImportBatch.objects.filter(pk=self.old_batch.pk).update(
            status=ImportStatus.COMMITTED, preview_data={"rows": [["山田 花子"]]}
        )
        with on(2020, 1, 1):
            end(self.reopened)
        with on(2020, 1, 10):
            self.ended_contact.phone = "03-0000-0009"
            self.ended_contact.save()
        with on(2020, 3, 1):
            removed_member.delete()
        with on(2020, 5, 1):
            self.removed_long_ago_pk = removed_long_ago.pk
            removed_long_ago.delete()
        with on(2020, 6, 1):
            end(self.reopened, ResourceStatus.ACTIVE)
        with on(2021, 3, 31):
            end(self.ended)
            end(self.elsewhere)
        with on(2021, 12, 4):
            PersonalDataAccess.objects.create(
                municipality=self.city, kind="view", what="連絡先", record_count=1, user=self.user
            )
        with on(2021, 12, 5):
            PersonalDataAccess.objects.create(
                municipality=self.city, kind="view", what="連絡先", record_count=2, user=self.user
            )
        with on(2022, 6, 30):
            end(self.recent)
        with on(2023, 1, 15):
            self.removed_lately_pk = removed_lately.pk
            removed_lately.delete()
            self.new_batch = batch_create(
                municipality=self.city, kind="population", name="新しい名簿.csv",
                data="氏名\n鈴木 一郎\n".encode(), user=self.user,
            )  # fmt: skip
        ImportBatch.objects.filter(pk=self.new_batch.pk).update(status=ImportStatus.COMMITTED)
        with on(2024, 2, 1):
            end(self.reopened)
        term = datetime.date(2019, 4, 1)
        self.member_over = MembershipFactory(
            council=council, name="中村 八郎", email="hachiro@example.jp",
            postal_address="サンプル市2-2", term_start=term, term_end=datetime.date(2021, 12, 4),
        )  # fmt: skip
        self.member_on_cutoff = MembershipFactory(
            council=council, name="加藤 九子", email="kuko@example.jp",
            postal_address="サンプル市3-3", term_start=term, term_end=datetime.date(2021, 12, 5),
        )  # fmt: skip
        self.member_serving = MembershipFactory(
            council=council, name="吉田 十郎", email="juro@example.jp",
            postal_address="サンプル市4-4", term_start=term,
        )  # fmt: skip
        self.activity_over = self.activity(datetime.date(2021, 12, 4), "山田さん（独居）")
        self.activity_on_cutoff = self.activity(datetime.date(2021, 12, 5), "佐藤さん")
        # Participants of a meeting held on 2021-12-04 (its named one goes; the other had
        # no name) and of one held on the cutoff day (stays).
        over = MeetingFactory(council=council, title="交流会", starts_at=self.at(2021, 12, 4))
        self.guest_over = MeetingGuest.objects.create(
            meeting=over, sector="residents", name="木村 一子"
        )
        MeetingGuest.objects.create(meeting=over, sector="business")
        kept = MeetingFactory(council=council, title="研修", starts_at=self.at(2021, 12, 5))
        self.guest_kept = MeetingGuest.objects.create(
            meeting=kept, sector="residents", name="林 二子"
        )

    @staticmethod
    def at(year: int, month: int, day: int) -> datetime.datetime:
        return datetime.datetime(year, month, day, 14, 0, tzinfo=TOKYO)

    def activity(self, done_on: datetime.date, people: str) -> Activity:
        return Activity.objects.create(
            municipality=self.city, done_on=done_on, coordinator=self.user, kind="visit",
            people=people, summary="見守り訪問", created_by=self.user,
        )  # fmt: skip

    def purge(self, *, dry_run: bool = False) -> retention.PurgeReport:
        return retention.purge(municipality=self.city, dry_run=dry_run, today=TODAY)

    def listed(self, report: retention.PurgeReport) -> dict[str, list[tuple[Any, ...]]]:
        return {
            kind.kind.key: [(i.pk, i.label, i.reason, i.record, i.history_rows) for i in kind.items]
            for kind in report.kinds
        }

    def expected_list(self) -> dict[str, list[tuple[Any, ...]]]:
        """Worked out from setUp: what ended before 2021-12-05, with its rows still holding data.
        - the ended resource's contact: created 2019-04-01, phone changed 2020-01-10 → 2 rows;
          the resource became 終了 on 2021-03-31.
        - the contact removed 2020-05-01: created and deleted → 2 rows, no record left.
        - the member whose term ended 2021-12-04: 1 row (created); the member removed on
          2020-03-01 with no term end: created and deleted → 2 rows.
        - the activity of 2021-12-04: 1 row.
        - the import of 2019-04-01, committed: 1 history row (its creation; the status was set
          in SQL); the one still waiting for a decision stays, as does the one of 2023."""
        salon = "地域資源「閉じたサロン」の連絡先（連絡担当）"
        return {
            "contacts": [
                (self.ended_contact.pk, salon, "令和3年3月31日に地域資源が終了", True, 2),
                (
                    self.removed_long_ago_pk,
                    "地域資源「続くサロン」の連絡先（連絡担当）",
                    "令和2年5月1日に連絡先を削除",
                    False,
                    2,
                ),
            ],
            "memberships": sorted(
                [
                    (
                        self.removed_member_pk,
                        f"協議体「{self.member_over.council.name}」の小林 七子さん",
                        "令和2年3月1日に協議体から削除",
                        False,
                        2,
                    ),
                    (
                        self.member_over.pk,
                        f"協議体「{self.member_over.council.name}」の中村 八郎さん",
                        "令和3年12月4日に任期終了",
                        True,
                        1,
                    ),
                ]
            ),
            "activities": [
                (self.activity_over.pk, "令和3年12月4日の訪問", "令和3年12月4日に活動", True, 1)
            ],
            # The named participant of the meeting of 2021-12-04: 1 row (created).
            "meeting_guests": [
                (
                    self.guest_over.pk,
                    "会議「交流会」の参加者（住民・地縁組織）",
                    "令和3年12月4日に開催",
                    True,
                    1,
                )
            ],
            # No resident's request, report or organiser's proposal in this city (the tests of
            # residents/ have them).
            "resident_requests": [],
            "correction_reports": [],
            "listing_proposals": [],
            "coordinator_desks": [],
            "import_files": [
                (
                    self.old_batch.pk,
                    "名簿.csv（取込済み）",
                    "平成31年4月1日にアップロード",
                    True,
                    1,
                )
            ],
        }


class DryRunTests(RetentionCity):
    def test_the_dry_run_lists_what_ended_before_the_period_and_writes_nothing(self) -> None:
        before = self.snapshot()
        report = self.purge(dry_run=True)
        self.assertEqual(report.cutoff, datetime.date(2021, 12, 5))
        self.assertEqual(self.listed(report), self.expected_list())
        # The access-log row of 2021-12-04 is older than the cutoff; the one of 12-05 is not.
        self.assertEqual(report.access_log_rows, 1)
        self.assertEqual(self.snapshot(), before)
        self.assertTrue(default_storage.exists(self.old_file))

    def test_the_purge_clears_exactly_what_the_dry_run_listed(self) -> None:
        listed = self.listed(self.purge(dry_run=True))
        with self.captureOnCommitCallbacks(execute=True):
            done = self.purge()
        self.assertEqual(self.listed(done), listed)
        self.assertEqual(done.access_log_rows, 1)
        # Run again (tomorrow's job): nothing is left to clear.
        again = self.purge(dry_run=True)
        self.assertEqual({k: v for k, v in self.listed(again).items() if v}, {})
        self.assertEqual(again.access_log_rows, 0)

    def snapshot(self) -> list[Any]:
        return [
            list(Contact.objects.order_by("pk").values_list("name", "phone", "email")),
            list(Contact.history.order_by("history_id").values_list("name", "phone", "email")),
            list(Membership.objects.order_by("pk").values_list("email", "postal_address")),
            list(Membership.history.order_by("history_id").values_list("email", "postal_address")),
            list(Activity.objects.order_by("pk").values_list("people", flat=True)),
            list(Activity.history.order_by("history_id").values_list("people", flat=True)),
            list(ImportBatch.objects.order_by("pk").values_list("file", "preview_data")),
            PersonalDataAccess.objects.count(),
        ]


class PurgeTests(RetentionCity):
    def setUp(self) -> None:
        super().setUp()
        self.counts = self.row_counts()
        with self.captureOnCommitCallbacks(execute=True):
            self.purge()

    def row_counts(self) -> dict[str, int]:
        return {
            "contacts": Contact.objects.count(),
            "memberships": Membership.objects.count(),
            "activities": Activity.objects.count(),
            "imports": ImportBatch.objects.count(),
        }

    def test_no_record_is_deleted(self) -> None:
        # Contacts: 7 made, 2 removed → 5; members: 4 made, 1 removed → 3; 2 activities;
        # 3 imports: the same before and after.
        self.assertEqual(
            self.counts, {"contacts": 5, "memberships": 3, "activities": 2, "imports": 3}
        )
        self.assertEqual(self.row_counts(), self.counts)

    def test_an_ended_resources_contact_is_cleared_in_the_record_and_every_history_row(
        self,
    ) -> None:
        self.ended_contact.refresh_from_db()
        self.assertEqual(
            (self.ended_contact.name, self.ended_contact.phone, self.ended_contact.email),
            (MARKER, "", ""),
        )
        # Created, phone changed, then the purge's own row.
        self.assertEqual(
            contact_rows(self.ended_contact.pk),
            [("+", MARKER, "", ""), ("~", MARKER, "", ""), ("~", MARKER, "", "")],
        )
        # Version 1 at creation, 2 after the phone change, 3 after the purge: a form opened
        # before the purge is a conflict and cannot write the name back (core.versioning).
        self.assertEqual(self.ended_contact.version, 3)
        purge_row = Contact.history.filter(id=self.ended_contact.pk).latest("history_id")
        self.assertIsNone(purge_row.history_user)
        self.assertEqual(purge_row.history_change_reason, "個人情報の保存期間が過ぎたため消去")

    def test_a_contact_removed_before_the_period_is_cleared_in_its_history(self) -> None:
        self.assertEqual(
            contact_rows(self.removed_long_ago_pk), [("+", MARKER, "", ""), ("-", MARKER, "", "")]
        )

    def test_contacts_within_the_period_are_left_alone(self) -> None:
        # Resource ended 2022-06-30: within the period.
        self.assertEqual(
            contact_rows(self.recent_contact.pk), [("+", "佐藤 次郎", "03-0000-0002", "")]
        )
        # Resource active.
        self.assertEqual(contact_rows(self.kept_contact.pk), [("+", "鈴木 一郎", "", "")])
        # Removed 2023-01-15.
        self.assertEqual(
            contact_rows(self.removed_lately_pk),
            [("+", "田中 四郎", "03-0000-0004", ""), ("-", "田中 四郎", "03-0000-0004", "")],
        )
        # Ended 2020-01-01, reopened 2020-06-01, ended again 2024-02-01: ended in 2024.
        self.assertEqual(contact_rows(self.reopened_contact.pk), [("+", "伊藤 五郎", "", "")])
        # Another municipality's resource ended 2021-03-31: not this municipality's purge.
        self.assertEqual(contact_rows(self.elsewhere_contact.pk), [("+", "渡辺 六郎", "", "")])

    def test_members_after_their_term_lose_email_and_address_only(self) -> None:
        self.member_over.refresh_from_db()
        self.assertEqual(
            (self.member_over.name, self.member_over.email, self.member_over.postal_address),
            ("中村 八郎", "", ""),
        )
        self.assertEqual(member_rows(self.member_over.pk), [("", ""), ("", "")])
        self.assertEqual(member_rows(self.removed_member_pk), [("", ""), ("", "")])
        self.assertEqual(
            member_rows(self.member_on_cutoff.pk), [("kuko@example.jp", "サンプル市3-3")]
        )
        self.assertEqual(
            member_rows(self.member_serving.pk), [("juro@example.jp", "サンプル市4-4")]
        )

    def test_activities_done_before_the_period_lose_the_named_people_only(self) -> None:
        self.activity_over.refresh_from_db()
        self.assertEqual(
            (self.activity_over.people, self.activity_over.summary), ("", "見守り訪問")
        )
        self.assertEqual(
            list(
                Activity.history.filter(id=self.activity_over.pk).values_list("people", flat=True)
            ),
            ["", ""],
        )
        self.activity_on_cutoff.refresh_from_db()
        self.assertEqual(self.activity_on_cutoff.people, "佐藤さん")

    def test_an_old_imports_file_and_preview_are_deleted_and_its_row_kept(self) -> None:
        batch = ImportBatch.objects.get(pk=self.old_batch.pk)
        self.assertEqual(
            (batch.file.name, batch.preview_data, batch.status, batch.original_name),
            ("", None, ImportStatus.COMMITTED, "名簿.csv"),
        )
        self.assertFalse(default_storage.exists(self.old_file))
        self.assertFalse(default_storage.exists(f"{self.old_file}.parsed"))
        self.assertEqual(
            list(ImportBatch.history.filter(id=batch.pk).values_list("file", flat=True)), ["", ""]
        )
        # Still waiting for a decision (the abandoned-imports job cancels it), and one of 2023.
        self.assertTrue(ImportBatch.objects.get(pk=self.waiting_batch.pk).file)
        self.assertTrue(ImportBatch.objects.get(pk=self.new_batch.pk).file)

    def test_a_past_meetings_participant_loses_the_name_and_keeps_the_sector(self) -> None:
        # The name is optional: once gone it is as if none had been given.
        names = dict(MeetingGuest.objects.values_list("pk", "name"))
        self.assertEqual(names[self.guest_over.pk], "")
        self.assertEqual(names[self.guest_kept.pk], "林 二子")
        history = MeetingGuest.history.filter(id=self.guest_over.pk)
        self.assertEqual(set(history.values_list("name", "sector")), {("", "residents")})

    def test_the_access_log_keeps_the_period(self) -> None:
        self.assertEqual(
            list(PersonalDataAccess.objects.values_list("record_count", flat=True)), [2]
        )


class PeriodTests(RetentionCity):
    def test_a_longer_period_keeps_everything_of_this_city(self) -> None:
        # 6 years before 2026-12-05 is 2020-12-05: the resource that ended 2021-03-31 stays;
        # the contact removed 2020-05-01 and the member removed 2020-03-01 still go.
        self.city.personal_data_retention_years = 6
        report = self.purge(dry_run=True)
        self.assertEqual(
            {kind.kind.key: sorted(i.pk for i in kind.items) for kind in report.kinds},
            {
                "contacts": [self.removed_long_ago_pk],
                "memberships": [self.removed_member_pk],
                "activities": [],
                "meeting_guests": [],
                "resident_requests": [],
                "correction_reports": [],
                "listing_proposals": [],
                "coordinator_desks": [],
                "import_files": [self.old_batch.pk],
            },
        )

    def test_the_cutoff_of_29_february(self) -> None:
        self.city.personal_data_retention_years = 1
        self.assertEqual(
            retention.cutoff_for(self.city, datetime.date(2028, 2, 29)), datetime.date(2027, 2, 28)
        )


class CommandAndJobTests(RetentionCity):
    def test_the_command_dry_run_lists_and_changes_nothing(self) -> None:
        out = io.StringIO()
        with time_machine.travel(datetime.datetime(2026, 12, 5, 9, tzinfo=TOKYO), tick=False):
            call_command(
                "purge_personal_data", "--dry-run", "--municipality", self.city.code, stdout=out
            )
        text = out.getvalue()
        self.assertIn("連絡先の氏名・電話番号・メールアドレス 2件", text)
        self.assertIn(
            "地域資源「閉じたサロン」の連絡先（連絡担当）、令和3年3月31日に地域資源が終了", text
        )
        self.assertIn("確認のみです。何も消去していません。", text)
        self.ended_contact.refresh_from_db()
        self.assertEqual(self.ended_contact.name, "山田 花子")

    def test_the_command_purges_one_municipality(self) -> None:
        with time_machine.travel(datetime.datetime(2026, 12, 5, 9, tzinfo=TOKYO), tick=False):
            call_command(
                "purge_personal_data", "--municipality", self.city.code, stdout=io.StringIO()
            )
        self.ended_contact.refresh_from_db()
        self.assertEqual(self.ended_contact.name, MARKER)
        self.assertEqual(contact_rows(self.elsewhere_contact.pk), [("+", "渡辺 六郎", "", "")])

    def test_an_unknown_code_is_refused(self) -> None:
        with self.assertRaisesMessage(
            CommandError, "市町村コード 999999 の市町村は登録されていません。"
        ):
            call_command("purge_personal_data", "--municipality", "999999")

    def test_the_daily_job_purges_every_municipality(self) -> None:
        job = schedule.JOBS["personal_data_purge"]
        self.assertEqual((job.every, job.at), ("daily", datetime.time(3, 45)))
        with time_machine.travel(datetime.datetime(2026, 12, 5, 3, 45, tzinfo=TOKYO), tick=False):
            outcomes = schedule.run_due()
        ran = [o for o in outcomes if o.job.name == "personal_data_purge"]
        self.assertEqual([o.status for o in ran], ["done"])
        self.ended_contact.refresh_from_db()
        self.elsewhere_contact.refresh_from_db()
        # Both municipalities: the other one's resource ended 2021-03-31 too.
        self.assertEqual((self.ended_contact.name, self.elsewhere_contact.name), (MARKER, MARKER))


class SignInLogsTests(TestCase):
    def test_sign_in_records_older_than_90_days_are_deleted(self) -> None:
        # 90 days before 2026-12-05 10:00 is 2026-09-06 10:00.
        for day in (datetime.datetime(2026, 9, 6, 9, 59, tzinfo=TOKYO),
                    datetime.datetime(2026, 9, 6, 10, 1, tzinfo=TOKYO)):  # fmt: skip
            with time_machine.travel(day, tick=False):
                AccessLog.objects.create(user_agent="x", ip_address="192.0.2.1", username="a")
                AccessFailureLog.objects.create(
                    user_agent="x", ip_address="192.0.2.1", username="a"
                )
        now = datetime.datetime(2026, 12, 5, 10, 0, tzinfo=TOKYO)
        self.assertEqual(
            retention.sign_in_logs_prune(now),
            "90日より前のサインインの記録 1件、失敗の記録 1件を削除しました。",
        )
        self.assertEqual((AccessLog.objects.count(), AccessFailureLog.objects.count()), (1, 1))
        job = schedule.JOBS["sign_in_logs_prune"]
        self.assertEqual((job.every, job.at), ("daily", datetime.time(3, 50)))


class RetentionPageTests(RetentionCity):
    def url(self) -> str:
        return reverse("core:personal_data_retention", args=[self.city.code])

    def test_the_admin_sees_the_period_and_what_would_go(self) -> None:
        self.client.force_login(user_with_role(Role.MUNICIPAL_ADMIN, self.city))
        with time_machine.travel(datetime.datetime(2026, 12, 5, 9, tzinfo=TOKYO), tick=False):
            response = self.client.get(self.url())
        self.assertContains(response, "<h1>個人情報の保存期間</h1>", html=True)
        self.assertContains(response, 'value="5"')
        self.assertContains(response, "地域資源「閉じたサロン」の連絡先（連絡担当）")
        self.assertContains(response, "令和3年12月5日より前")
        # The page names no one whose data goes (the member's name is not what goes).
        self.assertNotContains(response, "山田 花子")

    def test_the_admin_saves_the_period_with_history(self) -> None:
        admin = user_with_role(Role.MUNICIPAL_ADMIN, self.city)
        self.client.force_login(admin)
        response = self.client.post(self.url(), {"personal_data_retention_years": "7"})
        self.assertRedirects(response, self.url())
        self.city.refresh_from_db()
        self.assertEqual(self.city.personal_data_retention_years, 7)
        self.assertEqual(self.city.history.latest("history_id").history_user, admin)

    def test_a_period_out_of_range_is_refused_naming_the_field(self) -> None:
        self.client.force_login(user_with_role(Role.MUNICIPAL_ADMIN, self.city))
        for years in ("0", "-1", "101"):
            with self.subTest(years=years):
                response = self.client.post(self.url(), {"personal_data_retention_years": years})
                self.assertContains(
                    response,
                    "個人情報の保存期間は1〜100年の範囲で入力してください。",
                    status_code=400,
                )
        self.city.refresh_from_db()
        self.assertEqual(self.city.personal_data_retention_years, 5)

    def test_members_and_coordinators_are_refused(self) -> None:
        for role in (Role.COUNCIL_MEMBER, Role.SC_LAYER1, Role.VIEWER):
            with self.subTest(role=role):
                self.client.force_login(user_with_role(role, self.city))
                self.assertEqual(self.client.get(self.url()).status_code, 403)
                response = self.client.post(self.url(), {"personal_data_retention_years": "1"})
                self.assertEqual(response.status_code, 403)
        self.city.refresh_from_db()
        self.assertEqual(self.city.personal_data_retention_years, 5)
