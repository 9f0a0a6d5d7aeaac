"""The councils' お知らせ (issue #24): who a council's writers are, the notices of its events
(an issue received at layer 1, passed on to another layer-1 body, an answer back at layer 2,
an action assigned) and of its daily scans (an action overdue, a meeting in three days, a record
incomplete a week after the meeting), each created once per event and never for the one who
acted."""

import datetime

import time_machine
from django.contrib.auth import get_user_model
from django.test import TestCase

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import UserFactory, user_with_role
from sasaeai.areas.tests.factories import MunicipalityFactory
from sasaeai.councils import notices, permissions, services
from sasaeai.councils.constants import (
    ActionStatus,
    ChallengeSource,
    ChallengeStatus,
    DecisionMethod,
    KptKind,
    MeetingKind,
    MeetingStatus,
)
from sasaeai.councils.models import ActionItem, Meeting
from sasaeai.notices.constants import NoticeKind
from sasaeai.notices.models import Notice
from sasaeai.notices.services import SCANS

from .factories import TOKYO, MeetingFactory, MembershipFactory, two_layers

# The events happen on 令和8年12月5日 (a Saturday), every member's term having begun on
# 2025-04-01 (MembershipFactory); "north_past"'s ended on 2026-03-31.
NOW = datetime.datetime(2026, 12, 5, 10, 0, tzinfo=TOKYO)


def told(kind: str, key: str | None = None) -> list[str]:
    """The usernames noticed of the kind (and event), in name order."""
    found = Notice.objects.filter(kind=kind)
    if key is not None:
        found = found.filter(key=key)
    return sorted(found.values_list("user__username", flat=True))


@time_machine.travel(NOW, tick=False)
class CouncilNoticesTestCase(TestCase):
    """八王子市 (two_layers): layer 1 「八王子市生活支援推進協議体」 above 北部 and 南部.
    Writers by role: "sc1" (layer-1 coordinator) and "admin" (municipal admin) everywhere;
    "sc2" in 北部 only, "sc2south" in 南部 only; "viewer" nowhere; "elsewhere" is another city's
    admin. Members with accounts: "chair1" (layer 1), "north_a" and "north_b" (北部),
    "south_a" (南部); 北部 also has a member without an account, "north_past", whose term
    has ended, and "north_c", whose term begins in 2027. So the writers are
      layer 1: admin, chair1, sc1                       (3)
      北部:    admin, north_a, north_b, sc1, sc2        (5)
      南部:    admin, sc1, sc2south, south_a            (4)"""

    @classmethod
    def setUpTestData(cls) -> None:
        layers = two_layers()
        cls.city, cls.whole = layers.city, layers.whole
        cls.layer1, cls.north, cls.south = (
            layers.layer1,
            layers.north_council,
            layers.south_council,
        )
        cls.sc1 = layers.sc1
        cls.sc2 = get_user_model().objects.get(username="sc2")
        cls.admin = user_with_role(Role.MUNICIPAL_ADMIN, cls.city, user__username="admin")
        cls.sc2south = user_with_role(
            Role.SC_LAYER2, cls.city, area=layers.south, user__username="sc2south"
        )
        user_with_role(Role.VIEWER, cls.city, user__username="viewer")
        user_with_role(
            Role.MUNICIPAL_ADMIN, MunicipalityFactory(code="132021"), user__username="elsewhere"
        )

        def member(council, username=None, **kwargs):  # type: ignore[no-untyped-def]
            user = UserFactory(username=username) if username else None
            return MembershipFactory(council=council, user=user, **kwargs)

        cls.chair1 = member(cls.layer1, "chair1")
        cls.north_a = member(cls.north, "north_a", kana="あ")
        cls.north_b = member(cls.north, "north_b", kana="い")
        cls.north_c = member(cls.north, "north_c", kana="う", term_start=datetime.date(2027, 4, 1))
        cls.no_account = member(cls.north, None, kana="え")
        cls.north_past = member(
            cls.north, "north_past", kana="お", term_end=datetime.date(2026, 3, 31)
        )
        cls.south_a = member(cls.south, "south_a")

    def challenge(self, council, title: str):  # type: ignore[no-untyped-def]
        return services.challenge_create(
            municipality=self.city, council=council, title=title,
            source=ChallengeSource.MEETING, user=self.sc1,
        )  # fmt: skip


def names(users: list) -> list[str]:  # type: ignore[type-arg]
    return sorted(u.username for u in users)


class WritersTests(CouncilNoticesTestCase):
    def test_the_writers_of_each_council(self) -> None:
        # As the class docstring works out; "north_c" is not a member yet (term from 2027).
        self.assertEqual(names(notices.council_writers(self.layer1)), ["admin", "chair1", "sc1"])
        self.assertEqual(
            names(notices.council_writers(self.north)),
            ["admin", "north_a", "north_b", "sc1", "sc2"],
        )
        self.assertEqual(
            names(notices.council_writers(self.south)), ["admin", "sc1", "sc2south", "south_a"]
        )

    def test_the_writers_are_those_who_may_write(self) -> None:
        # The same people as permissions.can_write, asked user by user.
        users = get_user_model().objects.all()
        for council in (self.layer1, self.north, self.south):
            with self.subTest(council=council.name):
                expected = sorted(u.username for u in users if permissions.can_write(u, council))
                self.assertEqual(names(notices.council_writers(council)), expected)

    def test_three_queries_however_many_councils(self) -> None:
        # Memberships, the councils' areas (for the area above), role assignments.
        with self.assertNumQueries(3):
            found = notices.writers_of([self.layer1, self.north, self.south])
        self.assertEqual(
            [len(found[c.pk]) for c in (self.layer1, self.north, self.south)], [3, 5, 4]
        )


class EventTests(CouncilNoticesTestCase):
    def test_an_issue_sent_up_tells_layer_1_but_not_the_sender(self) -> None:
        challenge = self.challenge(self.north, "坂道で買い物に行けない")
        escalation = services.challenge_escalate(
            challenge=challenge, reason="圏域だけでは移動手段を用意できない", user=self.sc1
        )
        # Layer 1's writers (admin, chair1, sc1) but sc1, who sent it.
        self.assertEqual(told(NoticeKind.ISSUE_RECEIVED), ["admin", "chair1"])
        notice = Notice.objects.get(user=self.admin)
        self.assertEqual(notice.key, f"escalation:{escalation.pk}")
        self.assertEqual(
            notice.title, "地域課題が届きました：坂道で買い物に行けない（北部地域支え合い会議から）"
        )
        self.assertEqual(notice.url, f"/staff/132012/councils/{self.layer1.pk}/#inbox")
        self.assertEqual(notice.municipality, self.city)
        # The same event again: nothing new.
        self.assertEqual(notices.escalation_notice(escalation=escalation, user=self.sc1), [])
        self.assertEqual(Notice.objects.count(), 2)

    def test_an_issue_passed_on_tells_the_body_it_reaches_once(self) -> None:
        sub = services.council_create(
            municipality=self.city, area=self.whole, name="移動の専門部会", parent=self.layer1,
            user=self.sc1,
        )  # fmt: skip
        MembershipFactory(council=sub, user=UserFactory(username="sub_member"))
        escalation = services.challenge_escalate(
            challenge=self.challenge(self.north, "坂道"), reason="予算が要る", user=self.sc2
        )
        # Sent by sc2 (not a layer-1 writer): admin, chair1, sc1.
        self.assertEqual(told(NoticeKind.ISSUE_RECEIVED), ["admin", "chair1", "sc1"])
        services.escalation_hand_over(
            escalation=escalation, to_council=sub, note="専門部会で検討", user=self.admin
        )
        # The sub-committee's writers (admin, sc1, sub_member) but admin, who passed it on.
        to_sub = f"escalation:{escalation.pk}:to:{sub.pk}"
        self.assertEqual(told(NoticeKind.ISSUE_RECEIVED, to_sub), ["sc1", "sub_member"])
        self.assertEqual(
            Notice.objects.get(key=to_sub, user__username="sub_member").title,
            "地域課題が届きました：坂道（八王子市生活支援推進協議体から）",
        )
        # Passed back to the main council by sc1: a new event for it (admin, chair1).
        services.escalation_hand_over(
            escalation=escalation, to_council=self.layer1, note="", user=self.sc1
        )
        back = f"escalation:{escalation.pk}:to:{self.layer1.pk}"
        self.assertEqual(told(NoticeKind.ISSUE_RECEIVED, back), ["admin", "chair1"])
        # And to the sub-committee a second time: it was told already, nothing new.
        services.escalation_hand_over(
            escalation=escalation, to_council=sub, note="", user=self.admin
        )
        # 3 sent up + 2 to the sub-committee + 2 back = 7.
        self.assertEqual(Notice.objects.filter(kind=NoticeKind.ISSUE_RECEIVED).count(), 7)

    def test_an_answer_tells_each_council_that_sent_the_issue(self) -> None:
        to_north = services.challenge_escalate(
            challenge=self.challenge(self.north, "坂道"), reason="予算", user=self.sc2
        )
        to_south = services.challenge_escalate(
            challenge=self.challenge(self.south, "バス停"), reason="交通", user=self.sc2south
        )
        group = services.group_create(
            council=self.layer1, title="移動の足", escalations=[to_north, to_south],
            user=self.sc1,
        )  # fmt: skip
        decision = services.decision_record(
            council=self.layer1, title="移動販売車を試す", method=DecisionMethod.CONSENSUS,
            decided_on=NOW.date(), user=self.sc1,
        )  # fmt: skip
        services.group_answer(
            group=group, decision=decision, status=ChallengeStatus.ACTING, user=self.sc1
        )
        # 北部's writers but sc1 (who answered): admin, north_a, north_b, sc2 (4);
        # 南部's but sc1: admin, sc2south, south_a (3).
        self.assertEqual(
            told(NoticeKind.ANSWER_RECEIVED, f"answer:{to_north.pk}"),
            ["admin", "north_a", "north_b", "sc2"],
        )
        self.assertEqual(
            told(NoticeKind.ANSWER_RECEIVED, f"answer:{to_south.pk}"),
            ["admin", "sc2south", "south_a"],
        )
        notice = Notice.objects.get(kind=NoticeKind.ANSWER_RECEIVED, user__username="north_a")
        self.assertEqual(
            notice.title, "第1層から回答が届きました：坂道（八王子市生活支援推進協議体から）"
        )
        self.assertEqual(notice.body, "回答：移動販売車を試す")
        self.assertEqual(
            notice.url, f"/staff/132012/challenges/{to_north.challenge_id}/#escalation"
        )
        self.assertEqual(notices.answer_notices(group=group, user=self.sc1), [])
        self.assertEqual(Notice.objects.filter(kind=NoticeKind.ANSWER_RECEIVED).count(), 7)

    def test_an_action_tells_each_owner_once_and_a_later_owner_too(self) -> None:
        action = services.action_create(
            council=self.north, title="移動販売の候補地を探す", due_on=datetime.date(2026, 12, 20),
            owners=[self.north_a, self.no_account, self.north_b, self.north_past],
            user=self.north_a.user,
        )  # fmt: skip
        # north_a made it (not told), the member without an account and north_past (term
        # ended) cannot be told: north_b alone.
        self.assertEqual(told(NoticeKind.ACTION_ASSIGNED), ["north_b"])
        notice = Notice.objects.get(kind=NoticeKind.ACTION_ASSIGNED)
        self.assertEqual(notice.key, f"action:{action.pk}:{self.north_b.pk}")
        self.assertEqual(notice.title, "やることの担当になりました：移動販売の候補地を探す")
        self.assertEqual(notice.body, "北部地域支え合い会議（期限 令和8年12月20日）")
        self.assertEqual(notice.url, "/staff/132012/my-actions/")
        # An owner added later: only the new one is told; north_b is not told again (and
        # north_a, who acted, still not).
        later = MembershipFactory(council=self.north, user=UserFactory(username="north_d"))
        action.owners.add(later)
        created = notices.action_notices(
            action=action, owners=[self.north_a, self.north_b, later], user=self.north_a.user
        )
        self.assertEqual([n.user.username for n in created], ["north_d"])
        self.assertEqual(
            notices.action_notices(action=action, owners=[self.north_b, later], user=self.sc2), []
        )
        self.assertEqual(told(NoticeKind.ACTION_ASSIGNED), ["north_b", "north_d"])

    def test_a_try_made_an_action_tells_its_owner(self) -> None:
        meeting = MeetingFactory(council=self.north)
        item = services.reflection_add(
            meeting=meeting, kind=KptKind.TRY, text="商店に声をかける", user=self.sc2
        )
        action = services.try_to_action(item=item, owners=[self.north_a], user=self.sc2)
        self.assertEqual(told(NoticeKind.ACTION_ASSIGNED, f"action:{action.pk}:{self.north_a.pk}"),
                         ["north_a"])  # fmt: skip


class ScanTests(CouncilNoticesTestCase):
    def action(self, title: str, due_on, owners, status=ActionStatus.TODO):  # type: ignore[no-untyped-def]
        action = services.action_create(
            council=self.north, title=title, owners=owners, due_on=due_on, user=self.sc2
        )
        if status != ActionStatus.TODO:
            ActionItem.objects.filter(pk=action.pk).update(status=status)
        return action

    def test_overdue_actions_tell_their_owners_once_per_due_date(self) -> None:
        today = datetime.date(2026, 12, 10)
        late = self.action("チラシ", datetime.date(2026, 12, 9), [self.north_a, self.no_account])
        self.action("今日まで", today, [self.north_a])
        self.action("済み", datetime.date(2026, 12, 1), [self.north_a], ActionStatus.DONE)
        self.action("中止", datetime.date(2026, 12, 1), [self.north_a], ActionStatus.DROPPED)
        going = self.action(
            "進行中",
            datetime.date(2026, 12, 5),
            [self.north_b, self.north_past],
            ActionStatus.DOING,
        )
        self.action("期限なし", None, [self.north_a])
        # Open and past due: チラシ (north_a; no account skipped) and 進行中 (north_b;
        # north_past's term ended): 2. Today's, done, dropped and undated ones: none.
        self.assertEqual(notices.scan_overdue(today), 2)
        self.assertEqual(
            told(NoticeKind.ACTION_OVERDUE, f"overdue:{late.pk}:2026-12-09"), ["north_a"]
        )
        self.assertEqual(
            told(NoticeKind.ACTION_OVERDUE, f"overdue:{going.pk}:2026-12-05"), ["north_b"]
        )
        self.assertEqual(
            Notice.objects.get(user__username="north_a", kind=NoticeKind.ACTION_OVERDUE).title,
            "やることの期限が過ぎています：チラシ（期限 令和8年12月9日）",
        )
        # Again the same day: the actions, their owners, the notices there: 3 queries, none new.
        with self.assertNumQueries(3):
            self.assertEqual(notices.scan_overdue(today), 0)
        # チラシ gets a new due date, which passes too: told again; on 12-21 今日まで (due
        # 12-10) is past due too: 2 (進行中 was told for its date already).
        ActionItem.objects.filter(pk=late.pk).update(due_on=datetime.date(2026, 12, 20))
        self.assertEqual(notices.scan_overdue(datetime.date(2026, 12, 21)), 2)
        self.assertEqual(
            told(NoticeKind.ACTION_OVERDUE, f"overdue:{late.pk}:2026-12-20"), ["north_a"]
        )
        self.assertEqual(
            told(NoticeKind.ACTION_OVERDUE), ["north_a", "north_a", "north_a", "north_b"]
        )

    def test_meetings_in_three_days_tell_every_council_holding_them(self) -> None:
        def meeting(council, day, hour=14, **kwargs):  # type: ignore[no-untyped-def]
            starts = datetime.datetime(2026, 12, day, hour, 0, tzinfo=TOKYO)
            return MeetingFactory(council=council, starts_at=starts, **kwargs)

        regular = meeting(self.north, 10, venue="北部公民館")
        joint = meeting(self.north, 10, hour=0, kind=MeetingKind.EXCHANGE)
        joint.joint_councils.set([self.south])
        later = meeting(self.layer1, 11, hour=0)
        meeting(self.north, 10, status=MeetingStatus.CANCELLED)
        meeting(self.north, 9, hour=23)
        # On 12-07, the meetings of 12-10: the regular one to 北部's 5 writers, the joint one
        # to 北部's and 南部's (admin and sc1 counted once): 5 + 4 - 2 = 7. The cancelled one,
        # those of 12-09 23:00 and 12-11 00:00: none. 5 + 7 = 12.
        self.assertEqual(notices.scan_meetings_soon(datetime.date(2026, 12, 7)), 12)
        self.assertEqual(
            told(NoticeKind.MEETING_SOON, f"meeting:{joint.pk}:2026-12-10"),
            ["admin", "north_a", "north_b", "sc1", "sc2", "sc2south", "south_a"],
        )
        notice = Notice.objects.get(key=f"meeting:{regular.pk}:2026-12-10", user=self.sc1)
        self.assertEqual(
            notice.title, f"3日後に会議があります：{regular.title}（令和8年12月10日 14:00）"
        )
        self.assertEqual(notice.body, "会場：北部公民館")
        self.assertEqual(notice.url, f"/staff/132012/meetings/{regular.pk}/")
        # Again the same day: meetings, joint councils, writers (3), the notices: 6 queries.
        with self.assertNumQueries(6):
            self.assertEqual(notices.scan_meetings_soon(datetime.date(2026, 12, 7)), 0)
        # The regular one moves to 12-11: told again (5), with layer 1's meeting that day
        # (admin, chair1, sc1: 3): 8.
        Meeting.objects.filter(pk=regular.pk).update(
            starts_at=datetime.datetime(2026, 12, 11, 14, 0, tzinfo=TOKYO)
        )
        self.assertEqual(notices.scan_meetings_soon(datetime.date(2026, 12, 8)), 8)
        self.assertEqual(
            told(NoticeKind.MEETING_SOON, f"meeting:{later.pk}:2026-12-11"),
            ["admin", "chair1", "sc1"],
        )

    def test_records_incomplete_a_week_after_tell_the_host_council_once(self) -> None:
        def meeting(council, month, day, **kwargs):  # type: ignore[no-untyped-def]
            starts = datetime.datetime(2026, month, day, 10, 0, tzinfo=TOKYO)
            return MeetingFactory(council=council, starts_at=starts, **kwargs)

        week = meeting(self.north, 12, 13)
        six_days = meeting(self.north, 12, 14)
        meeting(self.layer1, 12, 1, minutes="議事録", guests_count=3, no_outcomes=True)
        minutes_only = meeting(self.layer1, 12, 1, minutes="議事録")
        meeting(self.north, 12, 1, status=MeetingStatus.CANCELLED)
        meeting(self.north, 10, 20)
        sixty_days = meeting(self.south, 10, 21)
        joint = meeting(self.north, 12, 10, kind=MeetingKind.EXCHANGE)
        joint.joint_councils.set([self.south])
        # On 12-20: started 12-13 (7 days) to 北部's 5 writers; layer 1's with minutes only
        # (no attendance, no outcomes) to its 3; 10-21 (60 days) to 南部's 4; the joint one
        # held by 北部 to 北部's 5 only. Not: 12-14 (6 days), the complete one, the cancelled
        # one, 10-20 (61 days). 5 + 3 + 4 + 5 = 17.
        self.assertEqual(notices.scan_records(datetime.date(2026, 12, 20)), 17)
        self.assertEqual(
            told(NoticeKind.RECORD_INCOMPLETE, f"record:{minutes_only.pk}"),
            ["admin", "chair1", "sc1"],
        )
        self.assertEqual(len(told(NoticeKind.RECORD_INCOMPLETE, f"record:{sixty_days.pk}")), 4)
        self.assertEqual(len(told(NoticeKind.RECORD_INCOMPLETE, f"record:{joint.pk}")), 5)
        notice = Notice.objects.get(key=f"record:{minutes_only.pk}", user=self.sc1)
        self.assertEqual(
            notice.title,
            f"会議の記録がまだ終わっていません：{minutes_only.title}（令和8年12月1日）",
        )
        self.assertEqual(notice.body, "まだの記録：出欠・決定事項・実践・振り返り")
        self.assertEqual(notice.url, f"/staff/132012/meetings/{minutes_only.pk}/")
        # Again: meetings, writers (3), the notices: 5 queries, none new.
        with self.assertNumQueries(5):
            self.assertEqual(notices.scan_records(datetime.date(2026, 12, 20)), 0)
        # The next day the 12-14 meeting is a week old (北部: 5); the others stay told.
        self.assertEqual(notices.scan_records(datetime.date(2026, 12, 21)), 5)
        self.assertEqual(len(told(NoticeKind.RECORD_INCOMPLETE, f"record:{six_days.pk}")), 5)
        self.assertEqual(len(told(NoticeKind.RECORD_INCOMPLETE, f"record:{week.pk}")), 5)

    def test_the_scans_are_registered(self) -> None:
        self.assertIs(SCANS["councils_action_overdue"], notices.scan_overdue)
        self.assertIs(SCANS["councils_meeting_soon"], notices.scan_meetings_soon)
        self.assertIs(SCANS["councils_record_incomplete"], notices.scan_records)
