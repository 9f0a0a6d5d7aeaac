"""毎朝のまとめメール, sent by `run-due` (the job notices_digest, daily at 07:00 Asia/Tokyo):
one mail per user per day listing the unread notices not mailed before, none when there is
nothing, only for active users with an address who want it."""

import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import time_machine
from django.core import mail
from django.test import TestCase, override_settings

from sasaeai.accounts.tests.factories import UserFactory
from sasaeai.areas.tests.factories import MunicipalityFactory
from sasaeai.core import schedule
from sasaeai.notices import services
from sasaeai.notices.constants import NoticeKind
from sasaeai.notices.models import DigestSent, Notice

TOKYO = ZoneInfo("Asia/Tokyo")


def tokyo(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 12, day, hour, minute, tzinfo=TOKYO)


@override_settings(SITE_URL="https://sasaeai.example.jp/")
class DigestTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")

        def user(name: str, email: str = "", **kwargs):  # type: ignore[no-untyped-def]
            return UserFactory(username=name, display_name=name, email=email, **kwargs)

        cls.ann = user("安藤", "ann@example.jp")
        cls.ben = user("坂東", "ben@example.jp")
        cls.cai = user("蔡", "cai@example.jp")  # only a read notice
        cls.dan = user("段", "")  # no address
        cls.eri = user("江里", "eri@example.jp")  # mail turned off
        cls.fuji = user("藤", "fuji@example.jp")  # the one kind he has is muted
        cls.gone = user("豪", "gone@example.jp")  # leaves after his notice (below)
        services.settings_save(user=cls.eri, digest=False, mail_kinds=NoticeKind.values)
        services.settings_save(
            user=cls.fuji,
            digest=True,
            mail_kinds=[k for k in NoticeKind.values if k != NoticeKind.MEETING_SOON],
        )
        # Sunday 6 December 2026, afternoon: the notices of the day.
        with time_machine.travel(tokyo(6, 15, 30), tick=False):
            cls.escalation = cls.notice(cls.ann, NoticeKind.ISSUE_RECEIVED, "地域課題が届きました")
            cls.meeting = cls.notice(cls.ann, NoticeKind.MEETING_SOON, "北部の会議が3日後です")
            cls.notice(cls.ann, NoticeKind.JOB_DONE, "取込が終わりました", read=True)
            cls.notice(cls.ben, NoticeKind.ACTION_ASSIGNED, "チラシを作るの担当になりました")
            cls.notice(cls.cai, NoticeKind.JOB_DONE, "ファイルができました", read=True)
            for quiet in (cls.dan, cls.eri, cls.gone):
                cls.notice(quiet, NoticeKind.ACTION_ASSIGNED, "名簿を作るの担当になりました")
            cls.notice(cls.fuji, NoticeKind.MEETING_SOON, "南部の会議が3日後です")
        cls.gone.is_active = False
        cls.gone.save(update_fields=["is_active"])

    @classmethod
    def notice(cls, user, kind: str, title: str, read: bool = False) -> Notice:  # type: ignore[no-untyped-def]
        (made,) = services.notify(
            users=[user], municipality=cls.city, kind=kind, key=title, title=title,
            url="/staff/132012/",
        )  # fmt: skip
        if read:
            services.notice_open(notice=made, user=user)
        return made

    def setUp(self) -> None:
        # Only the notices' two jobs (the scans, then the mail): the others have tests of
        # their own and would only slow this one.
        jobs = {name: schedule.JOBS[name] for name in ("notices_scan", "notices_digest")}
        patcher = mock.patch.dict(schedule.JOBS, jobs, clear=True)
        patcher.start()
        self.addCleanup(patcher.stop)

    def run_due(self, moment: datetime.datetime) -> list[str]:
        with time_machine.travel(moment, tick=False):
            return [outcome.line for outcome in schedule.run_due()]

    def mails(self) -> list[tuple[list[str], str]]:
        return [(m.to, m.subject) for m in mail.outbox]

    def test_at_seven_each_user_with_unread_notices_gets_one_mail_listing_them(self) -> None:
        lines = self.run_due(tokyo(7, 7, 5))
        self.assertIn(
            "実行しました: notices_digest（お知らせのまとめメール、2026-12-07 07:00 の分）: メール 2通",
            lines,
        )
        # ann: 2 unread (the read one is not listed); ben: 1. No mail for cai (nothing unread),
        # dan (no address), eri (mail off), fuji (his one notice is of a muted kind), gone
        # (inactive).
        self.assertEqual(
            self.mails(),
            [
                (["ann@example.jp"], "【支え合い】未読のお知らせ 2件"),
                (["ben@example.jp"], "【支え合い】未読のお知らせ 1件"),
            ],
        )
        self.assertEqual(
            mail.outbox[0].body,
            "安藤 様\n"
            "\n"
            "令和8年12月7日、未読のお知らせが2件あります。\n"
            "\n"
            "■ 地域課題が届きました（八王子市）\n"
            "  第2層から地域課題が届いた・12月6日 15:30\n"
            f"  https://sasaeai.example.jp/staff/132012/notices/{self.escalation.pk}/\n"
            "\n"
            "■ 北部の会議が3日後です（八王子市）\n"
            "  会議が3日後にある・12月6日 15:30\n"
            f"  https://sasaeai.example.jp/staff/132012/notices/{self.meeting.pk}/\n"
            "\n"
            "お知らせの一覧とメールの設定は、ログインした後の「お知らせ」から開けます。\n"
            "-- \n"
            "支え合い（生活支援体制整備事業の情報基盤）\n",
        )
        self.assertNotIn("取込が終わりました", mail.outbox[0].body)  # read: not listed
        self.assertIn("チラシを作るの担当になりました", mail.outbox[1].body)
        # Listed once: the notices are marked mailed, the day claimed.
        self.assertEqual(Notice.objects.filter(mailed_at__isnull=False).count(), 3)
        self.assertEqual(
            sorted(DigestSent.objects.values_list("user__username", "day", "notice_count")),
            [("坂東", datetime.date(2026, 12, 7), 1), ("安藤", datetime.date(2026, 12, 7), 2)],
        )

    def test_a_second_run_the_same_day_sends_nothing(self) -> None:
        self.run_due(tokyo(7, 7, 5))
        self.assertEqual(len(mail.outbox), 2)
        self.assertEqual(self.run_due(tokyo(7, 7, 30)), [])  # the job's 07:00 is done
        # Even the job itself, run by hand after a new notice, sends no second mail today:
        # the day is claimed (DigestSent); the notice waits for tomorrow.
        with time_machine.travel(tokyo(7, 9, 0), tick=False):
            self.notice(self.ben, NoticeKind.JOB_FAILED, "取込ができませんでした")
            self.assertEqual(services.digest_job(), "メール 0通")
        self.assertEqual(len(mail.outbox), 2)

    def test_the_next_day_lists_only_the_new_notice_and_counts_the_older_unread(self) -> None:
        self.run_due(tokyo(7, 7, 5))
        with time_machine.travel(tokyo(7, 12, 0), tick=False):
            new = self.notice(self.ann, NoticeKind.ACTION_OVERDUE, "チラシを作るの期限が過ぎました")
        mail.outbox.clear()
        self.run_due(tokyo(8, 7, 5))
        # ann: the new one only, her two older unread counted; ben: nothing new, no mail.
        self.assertEqual(self.mails(), [(["ann@example.jp"], "【支え合い】未読のお知らせ 1件")])
        body = mail.outbox[0].body
        self.assertIn("令和8年12月8日、未読のお知らせが1件あります。", body)
        self.assertIn("■ チラシを作るの期限が過ぎました（八王子市）", body)
        self.assertIn(
            f"  https://sasaeai.example.jp/staff/132012/notices/{new.pk}/\n"
            "\n"
            "ほかに、前にお知らせした未読が2件あります。\n"
            "\n"
            "お知らせの一覧とメールの設定は",
            body,
        )
        self.assertNotIn("地域課題が届きました", body)

    def test_a_notice_read_before_the_mail_is_not_listed(self) -> None:
        services.notice_open(notice=self.meeting, user=self.ann)
        self.run_due(tokyo(7, 7, 5))
        self.assertEqual(self.mails()[0], (["ann@example.jp"], "【支え合い】未読のお知らせ 1件"))
        self.assertIn("地域課題が届きました", mail.outbox[0].body)
        self.assertNotIn("北部の会議が3日後です", mail.outbox[0].body)

    def test_a_mail_that_cannot_be_sent_leaves_the_notices_for_the_next_day(self) -> None:
        with mock.patch.object(services, "send_mail", side_effect=OSError("SMTP down")):
            lines = self.run_due(tokyo(7, 7, 5))
        self.assertIn(
            "失敗: notices_digest（お知らせのまとめメール、2026-12-07 07:00 の分）: "
            "RuntimeError: digest: 0 sent, 2 not sent",
            lines,
        )
        self.assertFalse(DigestSent.objects.exists())
        self.assertEqual(Notice.objects.filter(mailed_at__isnull=False).count(), 0)
        self.run_due(tokyo(8, 7, 5))
        self.assertEqual(
            self.mails(),
            [
                (["ann@example.jp"], "【支え合い】未読のお知らせ 2件"),
                (["ben@example.jp"], "【支え合い】未読のお知らせ 1件"),
            ],
        )
