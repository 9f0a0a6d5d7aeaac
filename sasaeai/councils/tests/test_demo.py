"""The demo city's councils: one layer-1 and seven layer-2 councils with two years of meetings,
overdue actions, and three escalated challenges grouped and answered."""

import datetime

import time_machine
from django.urls import reverse

from sasaeai.accounts.models import User
from sasaeai.councils import selectors
from sasaeai.councils.constants import ChallengeStatus, MeetingStatus
from sasaeai.councils.models import ActionItem, Council, Escalation, Meeting
from sasaeai.tests.demo_city import DEMO_NOW as NOW
from sasaeai.tests.demo_city import DemoCityTestCase


@time_machine.travel(NOW, tick=False)
class DemoCouncilTests(DemoCityTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city, cls.summary = cls.demo.city, cls.demo.councils

    def test_one_layer_1_and_seven_layer_2_councils(self) -> None:
        layers = sorted(c.area.layer for c in Council.objects.select_related("area"))
        self.assertEqual(layers, [1] + [2] * 7)

    def test_two_years_of_meetings_and_one_planned_ahead_for_each(self) -> None:
        for council in Council.objects.all():
            meetings = council.meetings.order_by("starts_at")
            first = meetings.first()
            assert first is not None
            # The first meeting is within a week after 2024-11-27 (24 months back, on a Tuesday).
            self.assertLessEqual(first.starts_at.date(), datetime.date(2024, 12, 4))
            self.assertTrue(meetings.filter(status=MeetingStatus.PLANNED).exists())
            self.assertTrue(
                meetings.filter(status=MeetingStatus.HELD, decisions__isnull=False).exists()
            )
        self.assertEqual(Meeting.objects.count(), self.summary.meetings)

    def test_some_actions_are_overdue(self) -> None:
        today = datetime.date(2026, 11, 27)
        overdue = ActionItem.objects.filter(due_on__lt=today, status__in=["todo", "doing"])
        self.assertEqual(overdue.count(), self.summary.overdue)
        self.assertGreater(self.summary.overdue, 0)

    def test_three_challenges_went_up_were_grouped_and_answered(self) -> None:
        escalations = Escalation.objects.select_related("challenge", "group", "answer")
        self.assertEqual(escalations.count(), 3)
        self.assertEqual(len({e.group_id for e in escalations}), 2)
        for escalation in escalations:
            self.assertIsNotNone(escalation.answer)
            self.assertEqual(escalation.challenge.status, ChallengeStatus.ACTING)

    def test_the_demo_member_has_actions_and_sees_the_layer_1_messages(self) -> None:
        member = User.objects.get(username="demo-member")
        self.client.force_login(member)
        response = self.client.get(reverse("councils:my_actions", args=[self.city.code]))
        self.assertEqual(response.status_code, 200)
        council = Council.objects.get(memberships__user=member)
        home = selectors.council_home(council, datetime.date(2026, 11, 27))
        self.assertEqual(
            [m.title for m in home.messages], ["移動支援の試行について", "中央圏域の男性料理教室"]
        )
