"""「やることの一覧（A4）」 for members without an account, read back with pdftotext: the
member's open actions overdue first (not done ones, not another member's), the council's next
three planned meetings in 和暦 with the weekday, the 事務局's phone; one page per member in the
council's PDF; for coordinators only."""

import datetime
import re
from pathlib import Path

import time_machine
from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import AreaFactory, Layer2AreaFactory, MunicipalityFactory
from sasaeai.core.tests.pdf import downloaded, pages, poppler
from sasaeai.councils import services
from sasaeai.councils.constants import ActionStatus, MeetingStatus

from .factories import TOKYO, MeetingFactory, MembershipFactory

NOW = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=TOKYO)
SAVED = Path("/tmp/sasaeai-councils")


def at(year: int, month: int, day: int, hour: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, 0, tzinfo=TOKYO)


@time_machine.travel(NOW, tick=False)
class MemberSheetTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        whole = AreaFactory(municipality=cls.city, name="全域")
        north = Layer2AreaFactory(municipality=cls.city, parent=whole, name="北部圏域")
        south = Layer2AreaFactory(municipality=cls.city, parent=whole, name="南部圏域")
        cls.coordinator = user_with_role(Role.SC_LAYER2, cls.city, area=north)
        cls.member_user = user_with_role(Role.COUNCIL_MEMBER, cls.city)
        user = cls.coordinator
        cls.council = services.council_create(
            municipality=cls.city, area=north, name="北部地域支え合い会議", user=user,
            office_phone="042-620-7365",
        )  # fmt: skip
        south_council = services.council_create(
            municipality=cls.city, area=south, name="南部地域支え合い会議", user=user
        )
        cls.member = MembershipFactory(
            council=cls.council, name="委員 一郎", kana="いいんいちろう", user=cls.member_user
        )
        cls.other = MembershipFactory(council=cls.council, name="委員 二郎", kana="いいんじろう")
        # Ended on 2026-10-31: not on the council's sheets any more.
        MembershipFactory(
            council=cls.council, name="元委員 三郎", kana="もといいん",
            term_end=datetime.date(2026, 10, 31),
        )  # fmt: skip
        held = MeetingFactory(
            council=cls.council, title="第3回北部会議", starts_at=at(2026, 11, 1, 14)
        )
        # Today is 2026-11-27: 11-26 is overdue, 11-30 is not; the undated one comes last.
        for title, due, meeting in (
            ("回覧板の原稿を書く", datetime.date(2026, 11, 30), None),
            ("集会所の予約", datetime.date(2026, 11, 26), held),
            ("いつか話を聞きに行く", None, None),
        ):
            services.action_create(
                council=cls.council, title=title, owners=[cls.member], due_on=due,
                meeting=meeting, user=user,
            )  # fmt: skip
        started = services.action_create(
            council=cls.council, title="見守りの声かけ", owners=[cls.member], user=user
        )
        services.action_progress_add(
            action=started, note="", status=ActionStatus.DOING, user=user
        )  # a 進行中 one, undated
        done = services.action_create(
            council=cls.council, title="チラシを配り終えた", owners=[cls.member], user=user
        )
        services.action_progress_add(action=done, note="", status=ActionStatus.DONE, user=user)
        services.action_create(
            council=cls.council, title="二郎さんの仕事", owners=[cls.other], user=user,
            due_on=datetime.date(2026, 12, 1),
        )  # fmt: skip
        # Meetings: one past, one called off, four planned (the 4th is beyond the next three),
        # and a 交流会 the south council holds with this one.
        MeetingFactory(council=cls.council, title="過ぎた会議", starts_at=at(2026, 11, 20, 14))
        cancelled = MeetingFactory(
            council=cls.council, title="中止した会議", starts_at=at(2026, 12, 5, 14)
        )
        services.meeting_set_status(meeting=cancelled, status=MeetingStatus.CANCELLED, user=user)
        for title, starts, ends, venue in (
            ("第4回北部会議", at(2026, 12, 20, 14), at(2026, 12, 20, 16), "北部公民館"),
            ("第5回北部会議", at(2027, 2, 14, 10), None, "北部市民センター"),
            ("第6回北部会議", at(2027, 3, 14, 14), None, ""),
        ):
            services.meeting_schedule(
                council=cls.council, kind="deliberation", title=title, starts_at=starts,
                ends_at=ends, venue=venue, user=user,
            )  # fmt: skip
        services.meeting_schedule(
            council=south_council, kind="exchange", title="南北交流会",
            starts_at=at(2027, 1, 17, 13), venue="南部公民館",
            joint_councils=[cls.council], user=user,
        )  # fmt: skip

    def get_pdf(self, url: str, name: str) -> bytes:
        self.client.force_login(self.coordinator)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        content = downloaded(response)
        SAVED.mkdir(exist_ok=True)
        (SAVED / name).write_bytes(content)  # for a person to look at
        return content

    def member_pdf(self) -> bytes:
        url = reverse("councils:member_sheet", args=[self.city.code, self.member.pk])
        return self.get_pdf(url, "member-sheet.pdf")

    def test_the_sheet_is_a4_with_noto_the_heading_and_todays_date(self) -> None:
        pdf = self.member_pdf()
        self.assertIn("595.276 x 841.89 pts (A4)", poppler("pdfinfo", pdf))
        fonts = poppler("pdffonts", pdf).splitlines()[2:]
        self.assertTrue(fonts and all("+Noto-Sans-JP" in line for line in fonts), fonts)
        self.assertEqual(pages(pdf), 1)
        text = poppler("pdftotext", pdf)
        for expected in (
            "令和8年11月27日現在",  # 2026 = 令和8年
            "委員 一郎さんへ",
            "協議体の実践（やること）と次の会議",
            "北部地域支え合い会議",
            "電話 042-620-7365",
        ):
            self.assertIn(expected, text)

    def test_the_members_open_actions_come_overdue_first(self) -> None:
        text = poppler("pdftotext", self.member_pdf())
        # The mark is boxed apart from the title: pdftotext may put a space between them.
        overdue = re.search(r"【期限切れ】\s*集会所の予約", text).start()  # type: ignore[union-attr]
        dated = text.index("期限：令和8年11月30日")  # 回覧板の原稿を書く, due 2026-11-30
        undated = text.index("いつか話を聞きに行く")
        self.assertLess(overdue, dated)
        self.assertLess(dated, undated)
        self.assertIn("期限：令和8年11月26日", text)
        self.assertIn("第3回北部会議で決まりました", text)
        self.assertIn("状態：進行中", text)  # 見守りの声かけ, started
        self.assertLess(undated, text.index("見守りの声かけ"))  # undated too, later made
        self.assertIn("状態：未着手", text)
        self.assertEqual(text.count("【期限切れ】"), 1)
        self.assertNotIn("チラシを配り終えた", text)  # 完了
        self.assertNotIn("二郎さんの仕事", text)  # another member's

    def test_the_next_three_planned_meetings_in_wareki_with_the_weekday(self) -> None:
        text = poppler("pdftotext", self.member_pdf())
        # 2026-12-20 is a Sunday; 2027-01-17 is 28 days later (Sunday); 2027-02-14 another 28
        # days (Sunday); 2027 = 令和9年. The 交流会 of the south council that this one joins
        # counts; the past and the called-off meetings do not; 2027-03-14 is the fourth.
        first = text.index("令和8年12月20日（日）14:00〜16:00")
        second = text.index("令和9年1月17日（日）13:00")
        third = text.index("令和9年2月14日（日）10:00")
        self.assertLess(first, second)
        self.assertLess(second, third)
        for expected in ("第4回北部会議", "会場：北部公民館", "南北交流会", "会場：南部公民館"):
            self.assertIn(expected, text)
        for absent in ("第6回北部会議", "令和9年3月14日", "過ぎた会議", "中止した会議"):
            self.assertNotIn(absent, text)

    def test_the_councils_pdf_has_one_page_for_each_current_member(self) -> None:
        url = reverse("councils:member_sheets", args=[self.city.code, self.council.pk])
        pdf = self.get_pdf(url, "member-sheets.pdf")
        self.assertEqual(pages(pdf), 2)  # 一郎 and 二郎; 三郎's term has ended
        first = poppler("pdftotext", pdf, "-f", "1", "-l", "1")
        second = poppler("pdftotext", pdf, "-f", "2", "-l", "2")
        self.assertIn("委員 一郎さんへ", first)  # いいんいちろう before いいんじろう
        self.assertIn("委員 二郎さんへ", second)
        self.assertIn("二郎さんの仕事", second)
        self.assertNotIn("二郎さんの仕事", first)
        self.assertIn("令和8年12月20日（日）14:00〜16:00", second)
        self.assertNotIn("元委員 三郎", first + second)

    def test_only_the_councils_coordinators_print_the_sheets(self) -> None:
        self.client.force_login(self.member_user)
        for url in (
            reverse("councils:member_sheet", args=[self.city.code, self.member.pk]),
            reverse("councils:member_sheets", args=[self.city.code, self.council.pk]),
        ):
            with self.subTest(url):
                self.assertEqual(self.client.get(url).status_code, 403)

    def test_the_council_home_links_each_members_sheet_for_coordinators(self) -> None:
        home = reverse("councils:home", args=[self.city.code, self.council.pk])
        sheet = reverse("councils:member_sheet", args=[self.city.code, self.member.pk])
        self.client.force_login(self.coordinator)
        response = self.client.get(home)
        self.assertContains(response, f'href="{sheet}"')
        self.assertContains(response, "全員のやることの一覧（A4）を印刷する")
        self.client.force_login(self.member_user)
        response = self.client.get(home)
        self.assertNotContains(response, f'href="{sheet}"')
        self.assertNotContains(response, "全員のやることの一覧（A4）を印刷する")
