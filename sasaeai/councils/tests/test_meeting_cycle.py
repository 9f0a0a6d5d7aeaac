"""Every meeting stays reachable (the list by 年度, the month calendar, 「記録する」 until the record
is complete), aims revisited with their history, joint meetings with members of both councils and
guests counted by sector, and actions linked to a decision and a 地域課題. Frozen at
2026-12-05 10:00 (Tokyo)."""

import datetime

import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import AreaFactory, Layer2AreaFactory, MunicipalityFactory
from sasaeai.core.models import PersonalDataAccess
from sasaeai.core.tests.edit_conflicts import EditConflictMixin, shown_version
from sasaeai.core.tests.pdf import downloaded, poppler
from sasaeai.councils import selectors, services
from sasaeai.councils.constants import ChallengeSource, MeetingKind, Standing
from sasaeai.councils.models import (
    ActionItem,
    Attendance,
    Council,
    CouncilAims,
    Decision,
    Meeting,
    MeetingGuest,
)
from sasaeai.councils.selectors import SectorCount
from sasaeai.resources.constants import Sector
from sasaeai.resources.tests.factories import OrganizationFactory

from .factories import TOKYO, MembershipFactory

NOW = datetime.datetime(2026, 12, 5, 10, 0, tzinfo=TOKYO)


def at(month: int, day: int, year: int = 2026) -> datetime.datetime:
    return datetime.datetime(year, month, day, 14, 0, tzinfo=TOKYO)


@time_machine.travel(NOW, tick=False)
class CycleFixture(TestCase):
    """北部 and 南部 (layer 2) under the city's layer 1. 北部 meets on 31 March (令和7年度),
    20 November and 20 December; 南部 holds a 交流会 with 北部 on 1 December."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        whole = AreaFactory(municipality=cls.city, name="全域")
        north = Layer2AreaFactory(municipality=cls.city, parent=whole, name="北部圏域")
        south = Layer2AreaFactory(municipality=cls.city, parent=whole, name="南部圏域")
        cls.sc1 = user_with_role(Role.SC_LAYER1, cls.city)
        cls.viewer = user_with_role(Role.VIEWER, cls.city)
        cls.north = services.council_create(
            municipality=cls.city, area=north, name="北部支え合い会議", user=cls.sc1,
            aims="最初のねらい",
        )  # fmt: skip
        cls.south = services.council_create(
            municipality=cls.city, area=south, name="南部支え合い会議", user=cls.sc1
        )
        cls.north_user = user_with_role(Role.COUNCIL_MEMBER, cls.city)
        cls.ichiro = MembershipFactory(
            council=cls.north, name="北 一郎", kana="きたいちろう", sector=Sector.RESIDENTS,
            user=cls.north_user,
        )  # fmt: skip
        cls.hanako = MembershipFactory(
            council=cls.north, name="北 花子", kana="きたはなこ", sector=Sector.WELFARE
        )
        cls.jiro = MembershipFactory(
            council=cls.south, name="南 次郎", kana="みなみじろう", sector=Sector.BUSINESS
        )
        cls.outsider = user_with_role(Role.COUNCIL_MEMBER, cls.city)  # on no council

        def meeting(council, title, starts, **extra):  # type: ignore[no-untyped-def]
            return services.meeting_schedule(
                council=council, kind=MeetingKind.DELIBERATION, title=title, starts_at=starts,
                user=cls.sc1, **extra,
            )  # fmt: skip

        cls.march = meeting(cls.north, "令和7年度第4回", at(3, 31))
        cls.november = meeting(cls.north, "第2回北部会議", at(11, 20))
        cls.december = meeting(cls.north, "第3回北部会議", at(12, 20))
        cls.joint = services.meeting_schedule(
            council=cls.south, kind=MeetingKind.EXCHANGE, title="南北交流会",
            starts_at=at(12, 1), joint_councils=[cls.north], user=cls.sc1,
        )  # fmt: skip

    def url(self, name: str, **kwargs: object) -> str:
        return reverse(f"councils:{name}", kwargs={"lgcode": self.city.code, **kwargs})

    def part(self, meeting, name: str, data: dict):  # type: ignore[no-untyped-def]
        return self.client.post(self.url("meeting_part", pk=meeting.pk, part=name), data)


class MeetingListTests(CycleFixture):
    def test_every_meeting_is_listed_by_fiscal_year_newest_first_with_the_joint_one(self) -> None:
        years = selectors.meeting_years(self.north)
        # 31 March 2026 is the last day of 令和7年度 (2025); the rest are 令和8年度 (2026).
        self.assertEqual(
            [(y.fiscal_year, [m.title for m in y.meetings]) for y in years],
            [
                (2026, ["第3回北部会議", "南北交流会", "第2回北部会議"]),
                (2025, ["令和7年度第4回"]),
            ],
        )
        self.client.force_login(self.viewer)
        page = self.client.get(self.url("meeting_list", pk=self.north.pk)).content.decode()
        self.assertLess(page.index("令和8年度"), page.index("令和7年度"))
        self.assertIn("南部支え合い会議と合同", page)
        # Past and not recorded: named as missing (the December one has not started).
        self.assertIn("出欠・議事録・決定事項・実践・振り返りが未記録", page)
        self.assertIn("開催前", page)

    def test_the_calendar_puts_each_meeting_on_its_day(self) -> None:
        weeks = selectors.month_calendar(self.north, 2026, 12)
        # 1 December 2026 is a Tuesday: one blank Monday, then 31 days = 32 cells, padded to
        # 35 = five weeks; the 20th (a Sunday) closes the third week.
        self.assertEqual(len(weeks), 5)
        self.assertIsNone(weeks[0][0].day)
        self.assertEqual(weeks[0][1].day, datetime.date(2026, 12, 1))
        self.assertEqual([m.title for m in weeks[0][1].meetings], ["南北交流会"])
        self.assertEqual(weeks[2][6].day, datetime.date(2026, 12, 20))
        self.assertEqual([m.title for m in weeks[2][6].meetings], ["第3回北部会議"])
        self.assertEqual(
            [c.day for c in weeks[4][3:]], [datetime.date(2026, 12, 31), None, None, None]
        )
        self.client.force_login(self.viewer)
        page = self.client.get(self.url("meeting_calendar", pk=self.north.pk) + "?month=2026-12")
        self.assertContains(page, "令和8年12月（2026年）")
        self.assertContains(page, "14:00 第3回北部会議")
        self.assertContains(page, 'href="?month=2026-11"')
        self.assertContains(page, 'href="?month=2027-01"')

    def test_an_unreadable_month_opens_this_month(self) -> None:
        self.client.force_login(self.viewer)
        page = self.client.get(self.url("meeting_calendar", pk=self.north.pk) + "?month=2026-13")
        self.assertContains(page, "令和8年12月（2026年）")


class RecordStateTests(CycleFixture):
    def test_record_is_complete_with_attendance_minutes_and_an_outcome(self) -> None:
        state = selectors.record_state(self.november)
        self.assertEqual((state.attendance, state.minutes, state.outcomes), (False, False, False))
        services.attendance_record(
            meeting=self.november, present=[self.ichiro], guests_count=0, user=self.sc1
        )
        services.meeting_record_save(
            meeting=self.november,
            expected_version=1,
            agenda=[],
            minutes="話し合った",
            user=self.sc1,
        )
        state = selectors.record_state(self.november)
        self.assertEqual(state.missing, ["決定事項・実践・振り返り"])
        services.reflection_add(
            meeting=self.november, kind="keep", text="よく話せた", user=self.sc1
        )
        self.assertTrue(selectors.record_state(self.november).complete)

    def test_the_council_home_says_record_until_the_record_is_complete(self) -> None:
        self.client.force_login(self.sc1)
        home = self.url("home", pk=self.north.pk)
        page = self.client.get(home).content.decode()
        self.assertIn("記録がまだそろっていない会議", page)
        # Started and unrecorded: March, November and the joint 交流会 (oldest first).
        self.assertLess(page.index("令和7年度第4回"), page.index("第2回北部会議"))
        self.assertIn("南北交流会", page.split("記録がまだそろっていない会議")[1])
        for meeting in (self.march, self.november, self.joint):
            services.attendance_record(meeting=meeting, present=[], guests_count=3, user=self.sc1)
            services.meeting_record_save(
                meeting=meeting, expected_version=1, agenda=[], minutes="記録", user=self.sc1
            )
            response = self.part(meeting, "outcomes", {"no_outcomes": "on"})
            self.assertEqual(response.status_code, 302)
        page = self.client.get(home).content.decode()
        self.assertNotIn("記録がまだそろっていない会議", page)

    def test_no_outcomes_is_refused_before_the_meeting(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            services.meeting_set_no_outcomes(meeting=self.december, no_outcomes=True, user=self.sc1)
        self.assertEqual(
            caught.exception.message_dict,
            {"no_outcomes": ["「記録なし」は会議の開始時刻の後に選べます。"]},
        )


class AimsTests(CycleFixture):
    def test_aims_edited_twice_keep_every_version_with_the_meeting_named(self) -> None:
        self.client.force_login(self.north_user)  # a member may revisit the aims
        url = self.url("aims", pk=self.north.pk)
        first = self.client.post(url, {
            "aims": "歩いて行ける居場所をつくる", "target_state": "", "meeting": self.march.pk,
            "note": "", "version": "1",
        })  # fmt: skip
        self.assertEqual(first.status_code, 302)
        second = self.client.post(url, {
            "aims": "歩いて行ける居場所を各町に", "target_state": "誰もが出かけられる",
            "meeting": self.november.pk, "note": "男性の参加が少ない",
            "version": shown_version(self.client.get(url)),
        })  # fmt: skip
        self.assertEqual(second.status_code, 302)
        versions = CouncilAims.objects.filter(council=self.north).order_by("pk")
        self.assertEqual(
            [(v.aims, v.meeting.title if v.meeting else None) for v in versions],
            [
                ("最初のねらい", None),  # kept when the council was registered
                ("歩いて行ける居場所をつくる", "令和7年度第4回"),
                ("歩いて行ける居場所を各町に", "第2回北部会議"),
            ],
        )
        page = self.client.get(url).content.decode()
        history = page.split('id="versions"')[1]
        self.assertLess(
            history.index("第2回北部会議で見直し"), history.index("令和7年度第4回で見直し")
        )
        self.assertIn("男性の参加が少ない", history)

    def test_aims_kept_as_they_were_are_recorded_only_when_revisited_at_a_meeting(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            services.council_revise_aims(
                council=self.north, aims="最初のねらい", target_state="", user=self.sc1
            )
        self.assertIn("ねらいも目指す地域の姿も変わっていません。", caught.exception.messages[0])
        services.council_revise_aims(
            council=self.north, aims="最初のねらい", target_state="", meeting=self.november,
            note="このままでよいと確認した", user=self.sc1,
        )  # fmt: skip
        latest = CouncilAims.objects.filter(council=self.north).order_by("-pk").first()
        self.assertEqual((latest.aims, latest.meeting, latest.note), (
            "最初のねらい", self.november, "このままでよいと確認した"
        ))  # fmt: skip

    def test_the_settings_page_no_longer_edits_the_aims(self) -> None:
        self.client.force_login(self.sc1)
        page = self.client.get(self.url("settings", pk=self.north.pk))
        self.assertNotContains(page, 'name="aims"')

    def test_someone_on_no_council_reads_the_aims_and_may_not_revisit_them(self) -> None:
        self.client.force_login(self.outsider)
        url = self.url("aims", pk=self.north.pk)
        page = self.client.get(url)
        self.assertContains(page, "最初のねらい")
        self.assertNotContains(page, 'name="aims"')
        refused = self.client.post(url, {"aims": "勝手に", "target_state": "", "version": "1"})
        self.assertEqual(refused.status_code, 403)


class AimsConflictTests(EditConflictMixin, TestCase):
    def test_a_second_editor_of_the_same_version_is_refused_with_the_input_kept(self) -> None:
        city = MunicipalityFactory(code="132012")
        north = Layer2AreaFactory(
            municipality=city, parent=AreaFactory(municipality=city), name="北部圏域"
        )
        first = user_with_role(Role.SC_LAYER1, city, user__display_name="北部 花子")
        second = user_with_role(Role.SC_LAYER1, city)
        council = services.council_create(
            municipality=city, area=north, name="北部支え合い会議", user=first
        )
        url = reverse("councils:aims", args=[city.code, council.pk])
        refused = self.two_editors(
            url, first, second,
            {"aims": "先に保存したねらい", "target_state": "", "meeting": "", "note": ""},
            {"aims": "あとから保存したねらい", "target_state": "", "meeting": "", "note": ""},
            who="北部 花子",
        )  # fmt: skip
        self.assertContains(refused, "あとから保存したねらい", status_code=400)
        self.assertEqual(Council.objects.get().aims, "先に保存したねらい")
        self.assertEqual(
            list(CouncilAims.objects.values_list("aims", flat=True)), ["先に保存したねらい"]
        )


class JointMeetingTests(CycleFixture):
    def test_members_of_both_councils_and_guests_are_counted_by_sector(self) -> None:
        pharmacy = OrganizationFactory(municipality=self.city, name="みどり薬局")
        self.client.force_login(self.sc1)
        response = self.part(
            self.joint,
            "attendance",
            {"present": [self.ichiro.pk, self.jiro.pk], "guests_count": "2"},
        )
        self.assertEqual(response.status_code, 302)
        self.client.force_login(self.north_user)  # a member of the joint council records too
        for data in (
            {"guest-standing": "guest", "guest-sector": "residents", "guest-name": "山田 太郎"},
            {"guest-standing": "guest", "guest-sector": "business", "guest-organization": "みどり薬局"},
            {"guest-standing": "coordinator", "guest-sector": "health_care",
             "guest-organization": "北部地域包括支援センター"},
        ):  # fmt: skip
            self.assertEqual(self.part(self.joint, "guest", data).status_code, 302)
        meeting = selectors.meeting_of(self.south, self.joint.pk)
        # Members present: 一郎 (住民) and 次郎 (企業); 花子 did not come. Guests: one resident,
        # one from the registered pharmacy (企業), one coordinator (医療・介護); 2 uncounted.
        self.assertEqual(
            selectors.participants_by_sector(meeting),
            [
                SectorCount("residents", "住民・地縁組織", 1, 1),
                SectorCount("health_care", "医療・介護・専門職", 0, 1),
                SectorCount("business", "民間企業・商店", 1, 1),
            ],
        )
        guests = MeetingGuest.objects.filter(meeting=self.joint).order_by("pk")
        self.assertEqual(
            [(g.standing, g.organization_id, g.organization_name) for g in guests],
            [
                (Standing.GUEST, None, ""),
                (Standing.GUEST, pharmacy.pk, ""),
                (Standing.COORDINATOR, None, "北部地域包括支援センター"),
            ],
        )

    def test_guest_names_are_shown_on_request_and_logged(self) -> None:
        services.guest_add(
            meeting=self.joint, sector=Sector.RESIDENTS, name="山田 太郎", user=self.sc1
        )
        page = self.url("meeting", pk=self.joint.pk)
        self.client.force_login(self.sc1)
        response = self.client.get(page)
        self.assertNotContains(response, "山田 太郎")
        self.assertContains(response, "参加者の氏名を表示する")
        self.assertContains(self.client.get(page + "?names=1"), "山田 太郎")
        logged = PersonalDataAccess.objects.get()
        self.assertEqual(
            (logged.what, logged.record_count), ("会議のメンバー以外の参加者の氏名", 1)
        )
        # A viewer, a member and an adviser see the sectors and never the name.
        adviser = user_with_role(Role.ADVISER, self.city)
        for user in (self.viewer, self.north_user, adviser):
            self.client.force_login(user)
            response = self.client.get(page + "?names=1")
            self.assertNotContains(response, "山田 太郎")
            self.assertNotContains(response, "参加者の氏名を表示する")
            self.assertContains(response, "分野別の参加者数")
        self.assertEqual(PersonalDataAccess.objects.count(), 1)

    def test_the_minutes_count_by_sector_and_name_no_guest(self) -> None:
        services.attendance_record(
            meeting=self.joint, present=[self.ichiro, self.jiro], guests_count=2, user=self.sc1
        )
        services.guest_add(
            meeting=self.joint, sector=Sector.RESIDENTS, name="山田 太郎", user=self.sc1
        )
        self.client.force_login(self.sc1)
        response = self.client.get(self.url("meeting_pdf", pk=self.joint.pk, document="minutes"))
        text = "".join(poppler("pdftotext", downloaded(response)).split())
        # 住民: 一郎 + the guest = 2; 企業: 次郎 = 1; 2 not recorded by sector. 花子 (北部) was
        # on the register of the day and did not come: absent.
        self.assertIn("住民・地縁組織2名、民間企業・商店1名、分野の記録なし2名", text)
        self.assertIn("欠席者北花子", text)
        self.assertIn("合同で開いた協議体北部支え合い会議", text)
        self.assertNotIn("山田", text)

    def test_the_joint_meeting_is_in_the_joint_councils_calendar_feed(self) -> None:
        url = reverse("councils:calendar", args=[self.city.code, self.north.calendar_token])
        feed = self.client.get(url).content.decode()
        # 北部's own three meetings and the 交流会 南部 holds with it, named by its host.
        self.assertEqual(feed.count("BEGIN:VEVENT"), 4)
        self.assertIn("SUMMARY:南北交流会", feed)
        self.assertIn("DESCRIPTION:南部支え合い会議（交流会）", feed)

    def test_a_joint_councils_member_marks_their_own_council_only(self) -> None:
        services.attendance_record(
            meeting=self.joint, present=[self.jiro], guests_count=3, user=self.sc1
        )
        self.client.force_login(self.north_user)
        # 北部's member: 一郎 came; 次郎 (南部) cannot be marked from here, nor the head count.
        response = self.part(
            self.joint, "attendance", {"present": [self.ichiro.pk], "guests_count": "9"}
        )
        self.assertEqual(response.status_code, 302)
        rows = dict(
            Attendance.objects.filter(meeting=self.joint).values_list("membership__name", "present")
        )
        self.assertEqual(rows, {"北 一郎": True, "北 花子": False, "南 次郎": True})
        self.assertEqual(Meeting.objects.get(pk=self.joint.pk).guests_count, 3)
        refused = self.part(self.joint, "attendance", {"present": [self.jiro.pk]})
        self.assertContains(
            refused, "開催日に任期中のメンバーから選んでください。", status_code=400
        )

    def test_the_host_councils_record_is_written_by_the_hosts_writers_only(self) -> None:
        self.client.force_login(self.north_user)
        for part, data in (
            ("decision", {"decision-title": "南の名で決める", "decision-method": "consensus"}),
            ("record", {"version": "1", "agenda-count": "0", "minutes": "書き換え"}),
            ("status", {"status": "cancelled", "confirmed": "1"}),
            ("outcomes", {"no_outcomes": "on"}),
        ):
            with self.subTest(part):
                self.assertEqual(self.part(self.joint, part, data).status_code, 403)
        self.assertFalse(Decision.objects.exists())
        self.assertEqual(Meeting.objects.get(pk=self.joint.pk).minutes, "")

    def test_joint_councils_are_offered_only_where_the_user_writes(self) -> None:
        create = self.url("meeting_create", pk=self.north.pk)
        self.client.force_login(self.north_user)  # writes 北部 only: no joint choice at all
        self.assertNotContains(self.client.get(create), "合同で開く協議体")
        response = self.client.post(create, {
            "title": "交流会", "kind": "exchange", "day": "2026/12/24", "starts": "14:00",
            "joint_councils": [self.south.pk],
        })  # fmt: skip
        self.assertEqual(response.status_code, 302)
        self.assertEqual(list(Meeting.objects.get(title="交流会").joint_councils.all()), [])
        self.client.force_login(self.sc1)  # writes every council
        self.assertContains(self.client.get(create), "南部支え合い会議")

    def test_only_open_kinds_of_meeting_are_held_jointly(self) -> None:
        self.client.force_login(self.sc1)
        response = self.client.post(self.url("meeting_create", pk=self.north.pk), {
            "title": "第4回", "kind": "deliberation", "day": "2026/12/24", "starts": "14:00",
            "joint_councils": [self.south.pk],
        })  # fmt: skip
        self.assertContains(
            response,
            "合同で開けるのは、交流会・タウンミーティング・ワークショップ・"
            "コーディネーター連絡会議・研修です。",
            status_code=400,
        )
        self.assertFalse(Meeting.objects.filter(title="第4回").exists())

    def test_someone_on_neither_council_may_not_record_it(self) -> None:
        self.client.force_login(self.outsider)
        response = self.part(self.joint, "attendance", {"present": [], "guests_count": "1"})
        self.assertEqual(response.status_code, 403)

    def test_a_guest_without_sector_is_refused_with_the_input_kept(self) -> None:
        self.client.force_login(self.sc1)
        response = self.part(self.joint, "guest", {
            "guest-standing": "guest", "guest-sector": "", "guest-organization": "老人クラブ",
        })  # fmt: skip
        self.assertContains(response, "分野を選んでください。", status_code=400)
        self.assertContains(response, 'value="老人クラブ"', status_code=400)
        self.assertFalse(MeetingGuest.objects.exists())

    def test_another_municipalitys_organisation_and_the_host_as_joint_are_refused(self) -> None:
        elsewhere = OrganizationFactory(
            municipality=MunicipalityFactory(code="132021"), name="よその団体"
        )
        with self.assertRaises(ValidationError) as caught:
            services.guest_add(
                meeting=self.joint, sector=Sector.BUSINESS, organization=elsewhere, user=self.sc1
            )
        self.assertEqual(
            caught.exception.message_dict,
            {"organization": ["この市町村の団体から選んでください。"]},
        )
        with self.assertRaises(ValidationError) as caught:
            services.meeting_schedule(
                council=self.north, kind=MeetingKind.EXCHANGE, title="交流会", starts_at=at(12, 24),
                joint_councils=[self.north], user=self.sc1,
            )  # fmt: skip
        self.assertEqual(
            caught.exception.message_dict,
            {"joint_councils": ["合同で開く協議体に、主催の協議体は選べません。"]},
        )


class LinkedActionTests(CycleFixture):
    def test_an_action_carries_out_a_decision_and_answers_an_issue(self) -> None:
        decision = services.decision_record(
            council=self.north, meeting=self.november, title="買い物支援を試す",
            method="consensus", decided_on=datetime.date(2026, 11, 20), user=self.sc1,
        )  # fmt: skip
        issue = services.challenge_create(
            municipality=self.city, council=self.north, title="坂の上の買い物",
            source=ChallengeSource.MEETING, user=self.sc1,
        )  # fmt: skip
        self.client.force_login(self.sc1)
        response = self.part(self.november, "action", {
            "action-title": "スーパーに相談する", "action-owners": [self.ichiro.pk],
            "action-decision": decision.pk, "action-challenge": issue.pk,
        })  # fmt: skip
        self.assertEqual(response.status_code, 302)
        action = ActionItem.objects.get(title="スーパーに相談する")
        self.assertEqual((action.decision, action.challenge), (decision, issue))
        page = self.client.get(self.url("meeting", pk=self.november.pk))
        self.assertContains(page, "もとになった決定事項：買い物支援を試す")

    def test_another_councils_decision_is_refused(self) -> None:
        theirs = services.decision_record(
            council=self.south, title="南の決定", method="consensus",
            decided_on=datetime.date(2026, 11, 1), user=self.sc1,
        )  # fmt: skip
        with self.assertRaises(ValidationError) as caught:
            services.action_create(
                council=self.north, title="x", owners=[self.ichiro], decision=theirs, user=self.sc1
            )
        self.assertEqual(
            caught.exception.message_dict, {"decision": ["この協議体の決定事項を選んでください。"]}
        )


class QueryCountTests(CycleFixture):
    """The meeting page, the council home and the meeting list ask the database the same number
    of times however many members, participants and meetings there are."""

    def queries(self, url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(captured)

    def test_the_pages_do_not_grow_with_members_guests_and_meetings(self) -> None:
        self.client.force_login(self.sc1)
        pages = [
            self.url("meeting", pk=self.joint.pk),
            self.url("home", pk=self.north.pk),
            self.url("meeting_list", pk=self.north.pk),
        ]
        before = [self.queries(url) for url in pages]
        organization = OrganizationFactory(municipality=self.city)
        for n in range(3):
            for council in (self.north, self.south):
                MembershipFactory(council=council, organization=organization)
            services.guest_add(meeting=self.joint, sector=Sector.RESIDENTS, user=self.sc1)
            services.meeting_schedule(
                council=self.north, kind=MeetingKind.DELIBERATION, title=f"追加{n}",
                starts_at=at(11, 1 + n), user=self.sc1,
            )  # fmt: skip
        self.assertEqual([self.queries(url) for url in pages], before)
