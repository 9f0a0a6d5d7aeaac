"""Layer 1 supports layer 2 (issue #23, build point 5): the overview across the layer-2
councils with its figures worked out by hand, 助言 by advisers and layer 1 (and nobody else)
shown on the council and the meeting, and messages to chosen councils with read marks."""

import datetime

import time_machine
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import AreaFactory, Layer2AreaFactory, MunicipalityFactory
from sasaeai.councils import overview, selectors, services
from sasaeai.councils.constants import ActionStatus, ChallengeStatus, MeetingStatus
from sasaeai.councils.forms import MessageForm
from sasaeai.councils.models import ActionItem, Advice, Challenge, Meeting, MessageReceipt
from sasaeai.resources.constants import Sector

from .factories import TOKYO, MeetingFactory, MembershipFactory

NOW = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=TOKYO)
TODAY = datetime.date(2026, 11, 27)


def at(month_day: str, year: int = 2026) -> datetime.datetime:
    month, day = (int(n) for n in month_day.split("-"))
    return datetime.datetime(year, month, day, 14, 0, tzinfo=TOKYO)


class Layer1Fixture(TestCase):
    """A layer-1 council over two layer-2 councils (北部, 南部); another layer-1 area with a
    layer-2 council of its own (西部), which is not below ours."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        whole = AreaFactory(municipality=cls.city, name="全域", kana="ぜんいき")
        cls.north_area = Layer2AreaFactory(
            municipality=cls.city, parent=whole, name="北部圏域", kana="ほくぶ"
        )
        cls.south_area = Layer2AreaFactory(
            municipality=cls.city, parent=whole, name="南部圏域", kana="なんぶ"
        )
        other_whole = AreaFactory(municipality=cls.city, name="別の第1層", kana="べつ")
        west = Layer2AreaFactory(municipality=cls.city, parent=other_whole, name="西部圏域")
        cls.sc1 = user_with_role(Role.SC_LAYER1, cls.city, user__display_name="第一 層子")
        cls.admin = user_with_role(Role.MUNICIPAL_ADMIN, cls.city)
        cls.adviser = user_with_role(Role.ADVISER, cls.city, user__display_name="助言 先生")
        cls.sc2 = user_with_role(
            Role.SC_LAYER2, cls.city, area=cls.north_area, user__display_name="北部 花子"
        )
        cls.viewer = user_with_role(Role.VIEWER, cls.city)
        make = services.council_create
        cls.layer1 = make(municipality=cls.city, area=whole, name="推進協議体", user=cls.sc1)
        cls.north = make(
            municipality=cls.city, area=cls.north_area, name="北部支え合い会議", user=cls.sc1
        )
        cls.south = make(
            municipality=cls.city, area=cls.south_area, name="南部支え合い会議", user=cls.sc1
        )
        cls.west = make(municipality=cls.city, area=west, name="西部支え合い会議", user=cls.sc1)
        cls.member_user = user_with_role(Role.COUNCIL_MEMBER, cls.city)
        cls.member = MembershipFactory(council=cls.north, user=cls.member_user)

    def url(self, name: str, pk: int) -> str:
        return reverse(f"councils:{name}", kwargs={"lgcode": self.city.code, "pk": pk})


@time_machine.travel(NOW, tick=False)
class OverviewTests(Layer1Fixture):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        north, south, user = cls.north, cls.south, cls.sc1
        # 北部's meetings: held 10-10 and 11-20 (the last held), cancelled 11-25, one of 11-01
        # whose start has passed but is still 予定 (not held, not next), planned 12-10 (the
        # next) and 2027-01-15.
        for day, status in (
            ("10-10", MeetingStatus.HELD),
            ("11-20", MeetingStatus.HELD),
            ("11-25", MeetingStatus.CANCELLED),
            ("11-01", MeetingStatus.PLANNED),
            ("12-10", MeetingStatus.PLANNED),
        ):
            MeetingFactory(council=north, starts_at=at(day), status=status, title=f"北部{day}")
        MeetingFactory(council=north, starts_at=at("01-15", 2027), title="北部01-15")
        # 南部: one held meeting, nothing planned.
        MeetingFactory(council=south, starts_at=at("06-01"), status=MeetingStatus.HELD)
        # 西部 is under another layer-1 area: none of its figures may count.
        MeetingFactory(council=cls.west, starts_at=at("11-26"), status=MeetingStatus.HELD)

        def action(council, status, due):  # type: ignore[no-untyped-def]
            owner = MembershipFactory(council=council, term_start=datetime.date(2025, 4, 1))
            made = services.action_create(
                council=council, title="やること", owners=[owner], due_on=due, user=user
            )
            ActionItem.objects.filter(pk=made.pk).update(status=status)

        # 北部's actions (today 11-27): todo due 11-26 and doing due 11-01 are overdue; todo due
        # 11-27 (today: not before it), todo due 12-31 and todo undated are open but not
        # overdue; done and dropped ones count in neither. Open 5, overdue 2.
        for status, due in (
            (ActionStatus.TODO, datetime.date(2026, 11, 26)),
            (ActionStatus.DOING, datetime.date(2026, 11, 1)),
            (ActionStatus.TODO, datetime.date(2026, 11, 27)),
            (ActionStatus.TODO, datetime.date(2026, 12, 31)),
            (ActionStatus.TODO, None),
            (ActionStatus.DONE, datetime.date(2026, 11, 1)),
            (ActionStatus.DROPPED, datetime.date(2026, 10, 1)),
        ):
            action(north, status, due)
        # 南部: one todo due 12-01: open 1, overdue 0.
        action(south, ActionStatus.TODO, datetime.date(2026, 12, 1))
        action(cls.west, ActionStatus.TODO, datetime.date(2026, 1, 1))

        # 北部's decisions: 09-01 A, 10-10 B, 11-20 C, then 11-20 D (same day, later): the last
        # three are D, C, B. 南部: one.
        for title, day in (("A", "09-01"), ("B", "10-10"), ("C", "11-20"), ("D", "11-20")):
            services.decision_record(
                council=north, title=f"北部の決定{title}", method="consensus",
                decided_on=at(day).date(), user=user,
            )  # fmt: skip
        services.decision_record(
            council=south, title="南部の決定", method="consensus",
            decided_on=datetime.date(2026, 6, 1), user=user,
        )  # fmt: skip

        # 北部's challenges: 提起 2, 検討中 1, 解決 1; 南部: 対応中 1.
        for council, status in (
            (north, ChallengeStatus.RAISED),
            (north, ChallengeStatus.RAISED),
            (north, ChallengeStatus.CONSIDERING),
            (north, ChallengeStatus.SOLVED),
            (south, ChallengeStatus.ACTING),
            (cls.west, ChallengeStatus.RAISED),
        ):
            made = services.challenge_create(
                municipality=cls.city, council=council, title="課題", source="meeting", user=user
            )
            Challenge.objects.filter(pk=made.pk).update(status=status)

    def row(self, council):  # type: ignore[no-untyped-def]
        rows = overview.overview(self.layer1, TODAY)
        return next(r for r in rows if r.council == council)

    def test_only_the_councils_below_are_listed_in_the_areas_order(self) -> None:
        # なんぶ before ほくぶ in 50音順; 西部 is under another layer-1 area.
        rows = overview.overview(self.layer1, TODAY)
        self.assertEqual([r.council.name for r in rows], ["南部支え合い会議", "北部支え合い会議"])

    def test_the_last_held_and_the_next_planned_meeting(self) -> None:
        north, south = self.row(self.north), self.row(self.south)
        self.assertEqual(north.last_meeting.title, "北部11-20")
        self.assertEqual(north.next_meeting.title, "北部12-10")
        self.assertEqual(south.last_meeting.starts_at, at("06-01"))
        self.assertIsNone(south.next_meeting)

    def test_joint_meetings_count_and_the_last_is_the_latest_started(self) -> None:
        # 南部 holds a 交流会 with 北部 on 11-22 (started, its record still to come) and another
        # on 12-05: for 北部 they are the last meeting (11-22 after 11-20) and the next (12-05
        # before 12-10).
        for day in ("11-22", "12-05"):
            meeting = MeetingFactory(
                council=self.south, kind="exchange", starts_at=at(day), title=f"交流会{day}"
            )
            meeting.joint_councils.set([self.north])
        north = self.row(self.north)
        self.assertEqual(
            (north.last_meeting.title, north.next_meeting.title), ("交流会11-22", "交流会12-05")
        )

    def test_open_and_overdue_actions(self) -> None:
        north, south = self.row(self.north), self.row(self.south)
        self.assertEqual((north.open_actions, north.overdue_actions), (5, 2))
        self.assertEqual((south.open_actions, south.overdue_actions), (1, 0))

    def test_the_three_latest_decisions(self) -> None:
        north, south = self.row(self.north), self.row(self.south)
        self.assertEqual(
            [d.title for d in north.decisions], ["北部の決定D", "北部の決定C", "北部の決定B"]
        )
        self.assertEqual([d.title for d in south.decisions], ["南部の決定"])

    def test_challenges_by_status(self) -> None:
        north, south = self.row(self.north), self.row(self.south)
        expected_north = {"raised": 2, "considering": 1, "acting": 0, "solved": 1, "continuing": 0}
        self.assertEqual(north.challenges, expected_north)
        expected_south = {"raised": 0, "considering": 0, "acting": 1, "solved": 0, "continuing": 0}
        self.assertEqual(south.challenges, expected_south)

    def test_members_by_sector_count_those_whose_term_covers_today(self) -> None:
        # 北部 already has the fixture's member (住民, since 2025-04-01) and the 7 owners of its
        # actions (住民, since 2025-04-01): 8 住民. Added: a 住民 whose term ended 2026-03-31
        # (out), 福祉 (in), 民間企業 starting 2026-12-01 (out), 医療・介護 ending today (in).
        # 北部: 住民 8, 福祉 1, 医療・介護 1. 南部: its action's owner, 住民 1.
        for sector, start, end in (
            (Sector.RESIDENTS, datetime.date(2025, 4, 1), datetime.date(2026, 3, 31)),
            (Sector.WELFARE, datetime.date(2025, 4, 1), None),
            (Sector.BUSINESS, datetime.date(2026, 12, 1), None),
            (Sector.HEALTH_CARE, datetime.date(2025, 4, 1), TODAY),
        ):
            MembershipFactory(council=self.north, sector=sector, term_start=start, term_end=end)
        north, south = self.row(self.north), self.row(self.south)
        self.assertEqual(
            north.members_by_sector,
            [("住民・地縁組織", 8), ("福祉（社協・包括）", 1), ("医療・介護・専門職", 1)],
        )
        self.assertEqual(north.members_total, 10)
        self.assertEqual(south.members_by_sector, [("住民・地縁組織", 1)])

    def test_its_queries_do_not_grow_with_the_councils(self) -> None:
        # The councils (with their last and next meeting's ids), those meetings, then one
        # aggregate each for actions, decisions, challenges and members: 6.
        with self.assertNumQueries(6):
            overview.overview(self.layer1, TODAY)
        for n in range(5):
            services.council_create(
                municipality=self.city, user=self.sc1, name=f"追加{n}",
                area=Layer2AreaFactory(municipality=self.city, parent=self.layer1.area),
            )  # fmt: skip
        with self.assertNumQueries(6):
            overview.overview(self.layer1, TODAY)

    def test_every_reader_sees_the_page_with_links_into_each_council(self) -> None:
        self.client.force_login(self.viewer)
        response = self.client.get(self.url("overview", self.layer1.pk))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, self.url("home", self.north.pk))
        last = Meeting.objects.get(title="北部11-20")
        self.assertContains(
            response,
            f'<a class="nowrap" href="{reverse("councils:meeting", args=[self.city.code, last.pk])}">'
            "令和8年11月20日</a>",
            html=False,
        )
        self.assertNotContains(response, "西部支え合い会議")
        # The totals: open 5 + 1 = 6, overdue 2 + 0 = 2.
        self.assertEqual(response.context["totals"].open_actions, 6)
        self.assertEqual(response.context["totals"].overdue_actions, 2)

    def test_a_layer_2_council_has_no_overview(self) -> None:
        self.client.force_login(self.viewer)
        self.assertEqual(self.client.get(self.url("overview", self.north.pk)).status_code, 404)

    def test_the_layer_1_home_links_to_it(self) -> None:
        self.client.force_login(self.viewer)
        response = self.client.get(self.url("home", self.layer1.pk))
        self.assertContains(response, self.url("overview", self.layer1.pk))


@time_machine.travel(NOW, tick=False)
class AdviceTests(Layer1Fixture):
    def test_advisers_and_layer_1_may_advise_and_nobody_else(self) -> None:
        for user in (self.adviser, self.sc1, self.admin):
            with self.subTest(user=str(user)):
                services.advice_write(council=self.north, body="続けましょう", user=user)
        self.assertEqual(Advice.objects.filter(council=self.north).count(), 3)
        for user in (self.sc2, self.member_user, self.viewer):
            with (
                self.subTest(user=str(user)),
                self.assertRaisesMessage(
                    ValidationError, "助言を書けるのはアドバイザーと第1層のコーディネーターです。"
                ),
            ):
                services.advice_write(council=self.north, body="x", user=user)

    def test_an_empty_advice_or_another_councils_meeting_is_refused(self) -> None:
        with self.assertRaisesMessage(ValidationError, "助言を入力してください。"):
            services.advice_write(council=self.north, body="  ", user=self.adviser)
        elsewhere = MeetingFactory(council=self.south)
        with self.assertRaisesMessage(ValidationError, "この協議体の会議を選んでください。"):
            services.advice_write(
                council=self.north, meeting=elsewhere, body="よい", user=self.adviser
            )

    def test_the_council_home_shows_advice_newest_first_with_writer_and_date(self) -> None:
        self.client.force_login(self.adviser)
        response = self.client.post(
            self.url("advice_write", self.north.pk), {"advice-body": "記録を丁寧に残しましょう"}
        )
        self.assertRedirects(response, self.url("home", self.north.pk) + "#advice")
        meeting = MeetingFactory(council=self.north, title="第5回北部会議")
        services.advice_write(
            council=self.north, meeting=meeting, body="次回は住民の声を", user=self.sc1
        )
        self.client.force_login(self.member_user)
        page = self.client.get(self.url("home", self.north.pk)).content.decode()
        # Newest (layer 1's, on the meeting) first; each with its writer and 和暦 date.
        self.assertLess(page.index("次回は住民の声を"), page.index("記録を丁寧に残しましょう"))
        self.assertIn("第一 層子・令和8年11月27日・第5回北部会議について", page)
        self.assertIn("助言 先生・令和8年11月27日", page)
        # A member reads advice but gets no form to write it.
        self.assertNotIn("この協議体に助言を書く", page)

    def test_a_meeting_page_shows_its_advice_and_takes_more(self) -> None:
        meeting = MeetingFactory(council=self.north)
        url = reverse("councils:meeting_advice", args=[self.city.code, meeting.pk])
        self.client.force_login(self.sc1)
        response = self.client.post(url, {"advice-body": "振り返りの時間を取りましょう"})
        meeting_url = reverse("councils:meeting", args=[self.city.code, meeting.pk])
        self.assertRedirects(response, meeting_url + "#advice")
        page = self.client.get(meeting_url)
        self.assertContains(page, "振り返りの時間を取りましょう")
        self.assertContains(page, "第一 層子・令和8年11月27日")
        # Another meeting of the council does not show it.
        other = MeetingFactory(council=self.north)
        other_page = self.client.get(reverse("councils:meeting", args=[self.city.code, other.pk]))
        self.assertNotContains(other_page, "振り返りの時間を取りましょう")

    def test_an_empty_advice_is_shown_again_with_the_reason(self) -> None:
        meeting = MeetingFactory(council=self.north)
        url = reverse("councils:meeting_advice", args=[self.city.code, meeting.pk])
        self.client.force_login(self.adviser)
        response = self.client.post(url, {"advice-body": ""})
        self.assertContains(response, "助言を入力してください。", status_code=400)
        self.assertFalse(Advice.objects.exists())

    def test_a_layer_2_coordinator_may_not_post_advice(self) -> None:
        self.client.force_login(self.sc2)
        response = self.client.post(self.url("advice_write", self.north.pk), {"advice-body": "x"})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Advice.objects.exists())


@time_machine.travel(NOW, tick=False)
class MessageTests(Layer1Fixture):
    def send(self, recipients, title: str = "サロンの好事例"):  # type: ignore[no-untyped-def]
        return services.message_send(
            council=self.layer1, kind="good_practice", title=title, body="本文",
            recipients=recipients, user=self.sc1,
        )  # fmt: skip

    def test_a_message_reaches_only_the_chosen_councils(self) -> None:
        message = self.send([self.north])
        self.assertEqual([r.council for r in message.receipts.all()], [self.north])
        self.client.force_login(self.viewer)
        self.assertContains(self.client.get(self.url("home", self.north.pk)), "サロンの好事例")
        self.assertNotContains(self.client.get(self.url("home", self.south.pk)), "サロンの好事例")

    def test_every_unread_message_stays_reachable_and_five_read_ones_follow(self) -> None:
        messages = [self.send([self.north]) for _ in range(7)]
        # Seven unread: all seven listed, each with its 「確認しました」 (not only the latest 5).
        self.assertEqual(len(selectors.messages_received(self.north)), 7)
        for message in messages:
            services.message_mark_read(receipt=message.receipts.get(), user=self.sc1)
        # All read: the latest five, newest first.
        shown = [m.pk for m in selectors.messages_received(self.north)]
        self.assertEqual(shown, [m.pk for m in reversed(messages)][:5])

    def test_an_empty_choice_or_a_council_not_below_is_refused(self) -> None:
        with self.assertRaisesMessage(ValidationError, "送り先の協議体を1つ以上選んでください。"):
            self.send([])
        for outside in (self.west, self.layer1):
            with (
                self.subTest(outside.name),
                self.assertRaisesMessage(
                    ValidationError,
                    f"「{outside.name}」はこの協議体の下の第2層協議体ではありません。",
                ),
            ):
                self.send([self.north, outside])
        self.assertFalse(MessageReceipt.objects.exists())

    def test_the_form_checks_every_council_below_by_default(self) -> None:
        form = MessageForm(council=self.layer1)
        self.assertEqual(
            sorted(form.fields["recipients"].initial), sorted([self.north.pk, self.south.pk])
        )
        self.assertEqual(
            {c.name for c in form.fields["recipients"].queryset},
            {"北部支え合い会議", "南部支え合い会議"},
        )

    def test_sending_from_the_page_to_a_chosen_council(self) -> None:
        self.client.force_login(self.sc1)
        url = self.url("message_send", self.layer1.pk)
        data = {"message-kind": "notice", "message-title": "研修のお知らせ", "message-body": "本文"}
        response = self.client.post(url, {**data, "message-recipients": [self.south.pk]})
        self.assertEqual(response.status_code, 302)
        receipt = MessageReceipt.objects.get()
        self.assertEqual(receipt.council, self.south)
        refused = self.client.post(url, data)
        self.assertContains(refused, "送り先の協議体を1つ以上選んでください。", status_code=400)
        outside = self.client.post(url, {**data, "message-recipients": [self.west.pk]})
        self.assertContains(
            outside, "この協議体の下の第2層協議体から選んでください。", status_code=400
        )
        self.assertEqual(MessageReceipt.objects.count(), 1)

    def test_a_receiving_council_marks_it_read_and_layer_1_sees_who_has(self) -> None:
        message = self.send([self.north, self.south])
        receipt = message.receipts.get(council=self.north)
        self.client.force_login(self.sc2)
        response = self.client.post(
            reverse("councils:message_read", args=[self.city.code, receipt.pk])
        )
        self.assertRedirects(response, self.url("home", self.north.pk) + "#messages")
        receipt.refresh_from_db()
        self.assertEqual((receipt.read_at, receipt.read_by), (NOW, self.sc2))
        self.assertContains(
            self.client.get(self.url("home", self.north.pk)),
            "確認済み（令和8年11月27日・北部 花子）",
        )
        # South has not read it: its page still offers the button.
        self.client.force_login(self.sc1)
        self.assertContains(self.client.get(self.url("home", self.south.pk)), "確認しました")
        # Layer 1: 1 of the 2 councils has read it; 南部 not yet.
        layer1_page = self.client.get(self.url("home", self.layer1.pk))
        self.assertContains(layer1_page, "確認 1/2")
        self.assertContains(layer1_page, "まだ確認していない協議体：南部支え合い会議")
        self.assertContains(layer1_page, "北部支え合い会議（令和8年11月27日・北部 花子）")

    def test_a_read_mark_is_given_once_by_a_writer_of_the_receiving_council(self) -> None:
        message = self.send([self.north, self.south])
        north_receipt = message.receipts.get(council=self.north)
        south_receipt = message.receipts.get(council=self.south)
        # The north's coordinator writes only in the north: not the south's receipt.
        with self.assertRaisesMessage(
            ValidationError, "受け取った協議体の記録を書き込める人だけです"
        ):
            services.message_mark_read(receipt=south_receipt, user=self.sc2)
        self.client.force_login(self.sc2)
        url = reverse("councils:message_read", args=[self.city.code, south_receipt.pk])
        self.assertEqual(self.client.post(url).status_code, 403)
        # A member of the north may mark the north's; a second mark is refused.
        services.message_mark_read(receipt=north_receipt, user=self.member_user)
        with self.assertRaisesMessage(ValidationError, "確認済みです。"):
            services.message_mark_read(receipt=north_receipt, user=self.sc2)
        north_receipt.refresh_from_db()
        self.assertEqual(north_receipt.read_by, self.member_user)
