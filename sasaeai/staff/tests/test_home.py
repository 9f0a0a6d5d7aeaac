"""The municipality's home page says what to do today, per role (issue #24, build point 3).

One hand-built city, 八王子市, on Saturday 2026-12-05 10:00 (Asia/Tokyo). "The week" is today
and the six days after it: 12/5 to 12/11 inclusive.

- Areas: 八王子市全域 (layer 1) and 北部圏域 (layer 2) with the town 本町; 新町 has no area.
- Councils: 推進協議体 (layer 1, on 八王子市全域) and 北部会議 (layer 2, on 北部圏域).
- Users: admin (市町村管理者), sc1, sc2 (北部圏域), member (協議体メンバー, a seat on 北部会議),
  adviser, viewer. sc2 also has a seat on 北部会議 (its secretariat).
- Actions of 北部会議 owned by member: チラシ due 11/30 and ポスター due 12/1 (overdue),
  回覧板 due 12/8 and 会計報告 due 12/11 (this week), 反省会 due 12/12 (the day after the
  week), 名簿 due 11/20 but done. sc2 owns 会場予約 due 12/5 (today: due, not overdue).
- Meetings: 第5回北部会議 12/8 14:00 (planned, this week), 第6回北部会議 12/12 10:00 (planned,
  after the week), 第3回推進協議体 12/15 (planned), 第4回北部会議 11/20 (held, nothing recorded),
  第2回推進協議体 11/10 (held, complete: participants, minutes, 「記録なし」), 臨時会議 11/25
  (called off).
- Escalations from 北部会議 to 推進協議体: 買い物の足 (not answered), ゴミ出し (answered 12/1),
  古い課題 (answered 10/1, more than 30 days ago).
- Activities: sc2's follow-up on 12/3 (due); sc1's on 12/20 (more than 7 days ahead).
- Resources: 北部サロン at 本町, never verified (要確認); 市民体操, no venue, last verified
  2024-06-01 (要確認: before 2025-12-05, twelve months back); 新しい食堂 at 本町, verified
  2026-06-01 (not due).
- Notices: admin 6 unread and 1 read; member 1 unread.
- Imports: 人口.xlsx waiting (確認待ち); one committed, one cancelled.
- Files: 確認票 failed 12/1 (listed); 古い確認票 failed 11/1 (older than 14 days); 一覧 done.
"""

import datetime
import re
from zoneinfo import ZoneInfo

import time_machine
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.activities.constants import ActivityKind
from sasaeai.activities.models import Activity
from sasaeai.areas.tests.factories import (
    AreaFactory,
    Layer2AreaFactory,
    MunicipalityFactory,
    TownFactory,
)
from sasaeai.core.constants import ImportStatus, JobStatus
from sasaeai.core.models import GeneratedFile, ImportBatch
from sasaeai.councils.constants import (
    ActionStatus,
    ChallengeSource,
    DecisionMethod,
    MeetingKind,
    MeetingStatus,
    MemberRole,
)
from sasaeai.councils.models import (
    ActionItem,
    Challenge,
    Council,
    Decision,
    Escalation,
    Meeting,
    Membership,
)
from sasaeai.notices.constants import NoticeKind
from sasaeai.notices.models import Notice
from sasaeai.resources.constants import Sector
from sasaeai.resources.models import Resource
from sasaeai.resources.tests.factories import ResourceFactory, resource_at

TOKYO = ZoneInfo("Asia/Tokyo")
NOW = datetime.datetime(2026, 12, 5, 10, 0, tzinfo=TOKYO)


def text(html: str) -> str:
    """The page without its tags, as it reads."""
    return re.sub(r"<[^>]+>", "", html)


def at(day: int, hour: int, month: int = 12) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, 0, tzinfo=TOKYO)


@time_machine.travel(NOW, tick=False)
class HomePageTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        city = cls.city = MunicipalityFactory(code="132012", name="八王子市")
        whole = AreaFactory(municipality=city, name="八王子市全域")
        north = Layer2AreaFactory(municipality=city, parent=whole, name="北部圏域", kana="ほくぶ")
        honcho = TownFactory(municipality=city, area=north, name="本町", kana="ほんちょう")
        TownFactory(municipality=city, area=None, name="新町", kana="しんまち")
        cls.users = {
            "municipal_admin": user_with_role(Role.MUNICIPAL_ADMIN, city),
            "sc1": user_with_role(Role.SC_LAYER1, city),
            "sc2": user_with_role(Role.SC_LAYER2, city, area=north),
            "council_member": user_with_role(Role.COUNCIL_MEMBER, city),
            "adviser": user_with_role(Role.ADVISER, city),
            "viewer": user_with_role(Role.VIEWER, city),
        }
        admin, sc1, sc2 = (cls.users[r] for r in ("municipal_admin", "sc1", "sc2"))
        layer1 = Council.objects.create(municipality=city, area=whole, name="推進協議体")
        north_council = Council.objects.create(municipality=city, area=north, name="北部会議")

        def seat(user, name):  # type: ignore[no-untyped-def]
            return Membership.objects.create(
                council=north_council, user=user, name=name, sector=Sector.RESIDENTS,
                role=MemberRole.MEMBER, term_start=datetime.date(2025, 4, 1),
            )  # fmt: skip

        member_seat = seat(cls.users["council_member"], "山田花子")
        sc2_seat = seat(sc2, "事務局")
        for title, due, status, owner in (
            ("チラシ", datetime.date(2026, 11, 30), ActionStatus.TODO, member_seat),
            ("ポスター", datetime.date(2026, 12, 1), ActionStatus.DOING, member_seat),
            ("回覧板", datetime.date(2026, 12, 8), ActionStatus.TODO, member_seat),
            ("会計報告", datetime.date(2026, 12, 11), ActionStatus.TODO, member_seat),
            ("反省会", datetime.date(2026, 12, 12), ActionStatus.TODO, member_seat),
            ("名簿", datetime.date(2026, 11, 20), ActionStatus.DONE, member_seat),
            ("会場予約", datetime.date(2026, 12, 5), ActionStatus.TODO, sc2_seat),
        ):
            action = ActionItem.objects.create(
                council=north_council, title=title, due_on=due, status=status
            )
            action.owners.add(owner)

        def meeting(council, title, starts_at, status=MeetingStatus.PLANNED, **kwargs):  # type: ignore[no-untyped-def]
            return Meeting.objects.create(
                council=council, kind=MeetingKind.DELIBERATION, title=title,
                starts_at=starts_at, status=status, **kwargs,
            )  # fmt: skip

        cls.week_meeting = meeting(north_council, "第5回北部会議", at(8, 14), venue="北部会館")
        meeting(north_council, "第6回北部会議", at(12, 10))
        meeting(layer1, "第3回推進協議体", at(15, 14))
        cls.past_meeting = meeting(
            north_council, "第4回北部会議", at(20, 14, 11), MeetingStatus.HELD
        )
        meeting(
            layer1, "第2回推進協議体", at(10, 14, 11), MeetingStatus.HELD,
            minutes="議事録", guests_count=3, no_outcomes=True,
        )  # fmt: skip
        meeting(north_council, "臨時会議", at(25, 14, 11), MeetingStatus.CANCELLED)

        answer = Decision.objects.create(
            council=layer1, title="移動販売を誘致する", method=DecisionMethod.CONSENSUS,
            decided_on=datetime.date(2026, 12, 1),
        )  # fmt: skip
        for title, answered_at in (
            ("買い物の足", None),
            ("ゴミ出し", at(1, 10)),
            ("古い課題", at(1, 10, 10)),
        ):
            challenge = Challenge.objects.create(
                municipality=city, council=north_council, area=north, layer=2, title=title,
                source=ChallengeSource.MEETING, created_by=sc2,
            )  # fmt: skip
            Escalation.objects.create(
                challenge=challenge, from_council=north_council, to_council=layer1,
                reason="圏域だけでは解決できない", escalated_by=sc2,
                answer=answer if answered_at else None, answered_at=answered_at,
            )  # fmt: skip

        for coordinator, follow_up in (
            (sc2, datetime.date(2026, 12, 3)),
            (sc1, datetime.date(2026, 12, 20)),
        ):
            Activity.objects.create(
                municipality=city, done_on=datetime.date(2026, 11, 20), coordinator=coordinator,
                kind=ActivityKind.VISIT, summary="訪問した", follow_up_on=follow_up,
                created_by=coordinator,
            )  # fmt: skip

        resource_at(honcho, name="北部サロン", kana="ほくぶさろん")
        ResourceFactory(
            municipality=city, name="市民体操", kana="しみんたいそう",
            last_verified_on=datetime.date(2024, 6, 1),
        )  # fmt: skip
        fresh = resource_at(honcho, name="新しい食堂", kana="あたらしいしょくどう")
        Resource.objects.filter(pk=fresh.pk).update(last_verified_on=datetime.date(2026, 6, 1))

        for n in range(1, 7):
            cls.notice(admin, f"お知らせ{n}")
        cls.notice(admin, "読んだお知らせ", read=True)
        cls.notice(cls.users["council_member"], "あなたが担当になりました")

        for name, status in (
            ("人口.xlsx", ImportStatus.PREVIEW),
            ("町丁目.csv", ImportStatus.COMMITTED),
            ("古い人口.xlsx", ImportStatus.CANCELLED),
        ):
            ImportBatch.objects.create(
                municipality=city, kind="population", original_name=name, file=f"imports/{name}",
                status=status, created_by=admin,
            )  # fmt: skip
        for title, status, made in (
            ("確認票", JobStatus.FAILED, at(1, 9)),
            ("古い確認票", JobStatus.FAILED, at(1, 9, 11)),
            ("一覧", JobStatus.DONE, at(1, 9)),
        ):
            made_file = GeneratedFile.objects.create(
                municipality=city, title=title, kind="sheet", status=status, created_by=admin
            )
            GeneratedFile.objects.filter(pk=made_file.pk).update(created_at=made)

    @classmethod
    def notice(cls, user, title, read=False):  # type: ignore[no-untyped-def]
        Notice.objects.create(
            user=user, municipality=cls.city, kind=NoticeKind.ACTION_ASSIGNED,
            key=f"test:{title}", title=title, url="/", read_at=NOW if read else None,
        )  # fmt: skip

    def home(self, role: str) -> str:
        self.client.force_login(self.users[role])
        response = self.client.get(reverse("areas:dashboard", args=[self.city.code]))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def blocks(self, html: str) -> list[str]:
        return re.findall(r'data-home-block="([\w.]+)"', html)

    def test_the_admin_sees_the_meetings_records_inbox_registry_notices_and_the_data_chores(
        self,
    ) -> None:
        html = self.home("municipal_admin")
        # No seat on a council: no 「わたしのやること」, and not a member's 「次の会議」.
        self.assertEqual(
            self.blocks(html),
            [
                "councils.meetings_week",
                "councils.records",
                "residents.requests",
                "councils.exchange",
                "activities.follow_ups",
                "resources.to_check",
                "notices.unread",
                "staff.imports",
                "staff.failed",
                "staff.towns",
            ],
        )
        # The admin writes both councils. This week: 第5回北部会議 (12/8) only; 第6回 (12/12)
        # and 第3回推進協議体 (12/15) fall after 12/11.
        self.assertIn("あなたが記録する協議体の会議が1件あります。", html)
        self.assertIn("12月8日（火） 14:00", text(html))
        self.assertNotIn("第6回北部会議", html)
        # Records: 第4回北部会議 only (第2回推進協議体 is complete, 臨時会議 was called off).
        self.assertIn("開いた会議のうち1件の記録がそろっていません。", html)
        self.assertIn("出欠・議事録・決定事項・実践・振り返りが未記録", html)
        self.assertNotIn("臨時会議", html)
        # Layer 1's inbox: 買い物の足 is the one not answered.
        self.assertIn("第2層から届いた課題", html)
        self.assertIn("まだ回答していない課題が1件あります。", html)
        self.assertIn("次の対応日が近い活動はありません。", html)
        # No area on the admin's role: the whole city, 北部サロン and 市民体操.
        self.assertIn("要確認の地域資源が2件あります。", html)
        self.assertNotIn("新しい食堂", html)
        # 6 unread: the newest 5 listed (お知らせ6 … お知らせ2), then the link to all six.
        self.assertIn("未読のお知らせが6件あります。", html)
        self.assertEqual(len(re.findall(r'href="/staff/132012/notices/\d+/"', html)), 5)
        self.assertNotIn("お知らせ1<", html)
        self.assertIn("すべて見る（6件）", html)
        self.assertIn("確認待ちの取込が1件あります。", html)
        self.assertIn("人口.xlsx", html)
        self.assertNotIn("町丁目.csv", html)
        # 確認票 (12/1) only: 古い確認票 failed more than 14 days ago, 一覧 is done.
        self.assertIn("この14日間に失敗したファイル作成・取込が1件あります。", html)
        self.assertNotIn("古い確認票", html)
        self.assertIn("やること：圏域のない町丁目（1件）", html)
        self.assertIn("<li>新町</li>", html)
        # The figures come after every block, under their own heading.
        self.assertGreater(
            html.index("八王子市の数字"), html.index('data-home-block="staff.towns"')
        )

    def test_the_layer1_coordinator_has_the_admins_blocks_with_their_own_follow_ups_and_notices(
        self,
    ) -> None:
        html = self.home("sc1")
        self.assertEqual(
            self.blocks(html),
            [
                "councils.meetings_week",
                "councils.records",
                "residents.requests",
                "councils.exchange",
                "activities.follow_ups",
                "resources.to_check",
                "notices.unread",
                "staff.imports",
                "staff.failed",
                "staff.towns",
            ],
        )
        self.assertIn("まだ回答していない課題が1件あります。", html)
        # sc1's follow-up is on 12/20, more than seven days ahead.
        self.assertIn("次の対応日が近い活動はありません。", html)
        self.assertIn("要確認の地域資源が2件あります。", html)
        self.assertIn("未読のお知らせはありません。", html)
        self.assertIn("確認待ちの取込が1件あります。", html)

    def test_the_layer2_coordinator_sees_their_area_and_the_answers_from_layer1(self) -> None:
        html = self.home("sc2")
        self.assertEqual(
            self.blocks(html),
            [
                "councils.meetings_week",
                "councils.records",
                "councils.my_actions",
                "residents.requests",
                "councils.exchange",
                "activities.follow_ups",
                "resources.to_check",
                "notices.unread",
            ],
        )
        self.assertIn("あなたが記録する協議体の会議が1件あります。", html)
        self.assertIn("開いた会議のうち1件の記録がそろっていません。", html)
        # 会場予約 is due today: due this week, not overdue.
        self.assertIn("<p>7日以内に期限が来るものが1件あります。進めたら", html)
        self.assertIn("会場予約", html)
        # Layer 2 writes no layer-1 council: the answers of the last 30 days, ゴミ出し (12/1);
        # 古い課題 was answered on 10/1.
        self.assertIn("第1層からの回答", html)
        self.assertIn("この30日間に1件の回答が届きました。", html)
        self.assertIn("回答：移動販売を誘致する", html)
        self.assertNotIn("古い課題", html)
        # sc2's follow-up, 12/3 (Thursday), without the log's free text.
        self.assertIn("1件の次の対応日が来ています", html)
        self.assertIn("次の対応日 12月3日（木）", html)
        self.assertNotIn("訪問した", html)
        # 北部圏域 only: 北部サロン; 市民体操 has no venue in the area.
        self.assertIn("担当の圏域に要確認の地域資源が1件あります。", html)
        self.assertIn("北部サロン", html)
        self.assertNotIn("市民体操", html)
        self.assertIn("未読のお知らせはありません。", html)

    def test_a_council_member_sees_the_next_meeting_and_their_actions_first(self) -> None:
        html = self.home("council_member")
        self.assertEqual(
            self.blocks(html),
            [
                "councils.next_meeting",
                "councils.my_actions",
                "councils.exchange",
                "notices.unread",
            ],
        )
        # The next planned meeting of 北部会議 after 12/5 10:00.
        self.assertIn("第5回北部会議", html)
        self.assertIn("12月8日（火） 14:00", text(html))
        self.assertIn("北部会館", html)
        # 2 overdue: チラシ due 11/30 and ポスター due 12/1; 2 this week: 回覧板 12/8 and
        # 会計報告 12/11. Not 反省会 (12/12) nor 名簿 (done).
        self.assertIn("期限を過ぎたものが2件、7日以内に期限が来るものが2件あります。", html)
        self.assertEqual(html.count("【期限切れ】"), 2)
        self.assertIn("会計報告", html)
        self.assertNotIn("反省会", html)
        self.assertNotIn("名簿", html)
        # The link counts every open action, as 「わたしのやること」 lists them: 反省会 too.
        self.assertIn("すべて見る（5件）", html)
        self.assertIn("この30日間に1件の回答が届きました。", html)
        self.assertIn("未読のお知らせが1件あります。", html)
        self.assertIn("あなたが担当になりました", html)
        # The member's home has nothing of the data chores nor of the registry.
        for absent in ("記録が済んでいない会議", "確認待ちの取込", "圏域のない町丁目", "要確認"):
            self.assertNotIn(absent, html)

    def test_an_adviser_and_a_viewer_see_their_notices_block_empty_in_one_line(self) -> None:
        for role in ("adviser", "viewer"):
            with self.subTest(role):
                html = self.home(role)
                self.assertEqual(self.blocks(html), ["notices.unread"])
                block = html[html.index('data-home-block="notices.unread"') :]
                block = block[: block.index("</section>")]
                self.assertEqual(
                    re.findall(r"<p>(.*?)</p>", block), ["未読のお知らせはありません。"]
                )
                self.assertIn("八王子市の数字", html)

    def test_more_rows_ask_no_more_queries(self) -> None:
        """Every block asks a fixed few queries: a second row of each kind adds none."""
        self.home("municipal_admin")  # what a first request of the process loads once
        with CaptureQueriesContext(connection) as first:
            self.home("municipal_admin")
        admin = self.users["municipal_admin"]
        north_council = Council.objects.get(name="北部会議")
        Meeting.objects.create(
            council=north_council, kind=MeetingKind.DELIBERATION, title="追加の会議",
            starts_at=at(9, 14),
        )  # fmt: skip
        Meeting.objects.create(
            council=north_council, kind=MeetingKind.DELIBERATION, title="記録のない会議",
            starts_at=at(1, 14), status=MeetingStatus.HELD,
        )  # fmt: skip
        self.notice(admin, "追加のお知らせ")
        ImportBatch.objects.create(
            municipality=self.city, kind="population", original_name="追加.csv",
            file="imports/追加.csv", created_by=admin,
        )  # fmt: skip
        GeneratedFile.objects.create(
            municipality=self.city, title="追加", kind="sheet", status=JobStatus.FAILED
        )
        TownFactory(municipality=self.city, area=None, name="追加町")
        south = Layer2AreaFactory(municipality=self.city, parent=north_council.area.parent)
        Council.objects.create(municipality=self.city, area=south, name="南部会議")
        with CaptureQueriesContext(connection) as second:
            html = self.home("municipal_admin")
        self.assertIn("あなたが記録する協議体の会議が2件あります。", html)
        self.assertIn("開いた会議のうち2件の記録がそろっていません。", html)
        self.assertEqual(len(second), len(first))
