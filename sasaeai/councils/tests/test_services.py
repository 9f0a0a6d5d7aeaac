"""The councils' writes: members, meetings under optimistic locking, decisions and actions,
Try → action, and every transition of a 地域課題 including escalation, grouping and answers."""

import datetime

import time_machine
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import timezone

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import AreaFactory, Layer2AreaFactory, MunicipalityFactory
from sasaeai.councils import services
from sasaeai.councils.constants import (
    ActionStatus,
    ChallengeSource,
    ChallengeStatus,
    DecisionMethod,
    EvidenceKind,
    KptKind,
    MeetingStatus,
    MemberRole,
)
from sasaeai.councils.models import Attendance, ChallengeStatusChange, Meeting
from sasaeai.councils.services import AgendaInput, EvidenceInput, MemberInput
from sasaeai.resources.constants import OrganizationType, Sector
from sasaeai.resources.tests.factories import OrganizationFactory

from .factories import TOKYO, CouncilFactory, MeetingFactory, MembershipFactory

DAY = datetime.date(2026, 11, 27)


def statuses(challenge) -> list[str]:  # type: ignore[no-untyped-def]
    return list(
        ChallengeStatusChange.objects.filter(challenge=challenge).values_list("status", flat=True)
    )


class Councils(TestCase):
    """A city: one layer-1 council and two layer-2 councils (北部, 南部) below it."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.whole = AreaFactory(municipality=cls.city, name="八王子市全域")
        cls.north = Layer2AreaFactory(municipality=cls.city, parent=cls.whole, name="北部圏域")
        cls.south = Layer2AreaFactory(municipality=cls.city, parent=cls.whole, name="南部圏域")
        cls.user = user_with_role(Role.SC_LAYER1, cls.city)
        cls.layer1 = services.council_create(
            municipality=cls.city, area=cls.whole, name="八王子市生活支援推進協議体", user=cls.user
        )
        cls.north_council = services.council_create(
            municipality=cls.city, area=cls.north, name="北部地域支え合い会議", user=cls.user
        )
        cls.south_council = services.council_create(
            municipality=cls.city, area=cls.south, name="南部地域支え合い会議", user=cls.user
        )

    def raise_in(self, council, title: str):  # type: ignore[no-untyped-def]
        """A challenge raised at a council's meeting, with one indicator as evidence."""
        return services.challenge_create(
            municipality=self.city,
            council=council,
            title=title,
            source=ChallengeSource.MEETING,
            categories=["mobility"],
            evidence=[EvidenceInput(EvidenceKind.INDICATOR, "75歳以上の独居率", "21%")],
            user=self.user,
        )


class CouncilAndMemberTests(Councils):
    def test_a_council_takes_its_layer_from_its_area(self) -> None:
        self.assertEqual((self.layer1.layer, self.north_council.layer), (1, 2))
        history = self.layer1.history.first()
        self.assertEqual(history.history_user, self.user)

    def test_names_are_unique_in_a_municipality_and_areas_stay_in_it(self) -> None:
        with self.assertRaisesMessage(ValidationError, "同じ名称の協議体がすでにあります。"):
            services.council_create(
                municipality=self.city, area=self.north, name="北部地域支え合い会議", user=self.user
            )
        other = AreaFactory(municipality=MunicipalityFactory(code="132021"))
        with self.assertRaisesMessage(ValidationError, "この市町村の圏域を選んでください。"):
            services.council_create(
                municipality=self.city, area=other, name="よその協議体", user=self.user
            )

    def test_a_member_takes_the_sector_of_their_organisation_or_is_a_resident(self) -> None:
        shop = OrganizationFactory(municipality=self.city, type=OrganizationType.BUSINESS)
        clerk = services.membership_add(
            council=self.north_council,
            data=MemberInput(
                name="店長 一郎", role=MemberRole.MEMBER, term_start=DAY, organization=shop
            ),
            user=self.user,
        )
        resident = services.membership_add(
            council=self.north_council,
            data=MemberInput(name="住民 花子", role=MemberRole.VICE_CHAIR, term_start=DAY),
            user=self.user,
        )
        self.assertEqual((clerk.sector, resident.sector), (Sector.BUSINESS, Sector.RESIDENTS))

    def test_a_term_cannot_end_before_it_starts(self) -> None:
        data = MemberInput(
            name="逆 順子",
            role=MemberRole.MEMBER,
            term_start=DAY,
            term_end=datetime.date(2026, 3, 31),
        )
        with self.assertRaisesMessage(ValidationError, "任期の終わりは始まりより後の日に"):
            services.membership_add(council=self.north_council, data=data, user=self.user)

    def test_members_on_a_day_are_those_whose_term_covers_it(self) -> None:
        early = MembershipFactory(council=self.north_council, name="前任", kana="あ")
        services.membership_end(membership=early, on=datetime.date(2026, 3, 31), user=self.user)
        later = MembershipFactory(council=self.north_council, name="後任", kana="い")
        later.term_start = datetime.date(2026, 4, 1)
        later.save()
        names = [
            m.name for m in services.members_on(self.north_council, datetime.date(2026, 3, 31))
        ]
        self.assertEqual(names, ["前任"])
        names = [m.name for m in services.members_on(self.north_council, datetime.date(2026, 4, 1))]
        self.assertEqual(names, ["後任"])

    def test_a_new_calendar_token_replaces_the_old(self) -> None:
        old = self.layer1.calendar_token
        services.council_rotate_calendar_token(council=self.layer1, user=self.user)
        self.layer1.refresh_from_db()
        self.assertNotEqual(self.layer1.calendar_token, old)
        self.assertGreaterEqual(len(self.layer1.calendar_token), 32)


class MeetingRecordTests(Councils):
    def setUp(self) -> None:
        self.meeting = MeetingFactory(council=self.north_council)

    def save(self, version: int, agenda: list[AgendaInput], minutes: str = "") -> Meeting:
        return services.meeting_record_save(
            meeting=Meeting.objects.get(pk=self.meeting.pk),
            expected_version=version,
            agenda=agenda,
            minutes=minutes,
            user=self.user,
        )

    def test_the_agenda_is_saved_in_order_and_lines_can_be_moved_and_removed(self) -> None:
        saved = self.save(1, [AgendaInput("開会"), AgendaInput("資源マップ"), AgendaInput("閉会")])
        first, second, third = saved.agenda_items.all()
        self.assertEqual(saved.version, 2)
        # Move 閉会 before 資源マップ, drop 開会, add その他 at the end.
        self.save(
            2,
            [
                AgendaInput("閉会", pk=third.pk),
                AgendaInput("資源マップの確認", pk=second.pk, presenter="SC 山田"),
                AgendaInput("その他"),
            ],
            minutes="マップを3圏域で作る。",
        )
        rows = list(self.meeting.agenda_items.values_list("order", "title", "presenter"))
        self.assertEqual(
            rows, [(1, "閉会", ""), (2, "資源マップの確認", "SC 山田"), (3, "その他", "")]
        )
        self.meeting.refresh_from_db()
        self.assertEqual((self.meeting.version, self.meeting.minutes), (3, "マップを3圏域で作る。"))
        self.assertFalse(self.meeting.agenda_items.filter(pk=first.pk).exists())

    def test_the_second_of_two_edits_from_the_same_version_is_refused_and_nothing_lost(
        self,
    ) -> None:
        self.save(1, [AgendaInput("開会")], minutes="Aさんの記録")
        with self.assertRaises(services.EditConflictError) as refused:
            self.save(1, [AgendaInput("閉会")], minutes="Bさんの記録")
        self.assertIn("あなたが画面を開いた後に", str(refused.exception))
        self.assertIn("令和8年", str(refused.exception))
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.minutes, "Aさんの記録")
        self.assertEqual(list(self.meeting.agenda_items.values_list("title", flat=True)), ["開会"])

    def test_an_agenda_line_without_a_title_is_named(self) -> None:
        with self.assertRaisesMessage(ValidationError, "2番目の議題に題名を入力してください。"):
            self.save(1, [AgendaInput("開会"), AgendaInput("  ")])
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.version, 1)  # nothing written

    # The factory's meeting starts 2026-12-10 14:00 in Tokyo; 15:00 is after its start.
    @time_machine.travel(datetime.datetime(2026, 12, 10, 15, 0, tzinfo=TOKYO), tick=False)
    def test_attendance_counts_members_of_the_day_and_the_meeting_is_held(self) -> None:
        came = MembershipFactory(council=self.north_council, kana="あ")
        away = MembershipFactory(council=self.north_council, kana="い")
        services.attendance_record(
            meeting=self.meeting, present=[came], guests_count=4, user=self.user
        )
        rows = dict(Attendance.objects.values_list("membership_id", "present"))
        self.assertEqual(rows, {came.pk: True, away.pk: False})
        self.meeting.refresh_from_db()
        self.assertEqual((self.meeting.status, self.meeting.guests_count), (MeetingStatus.HELD, 4))

    def test_a_meeting_cannot_end_before_it_starts(self) -> None:
        starts = datetime.datetime(2026, 12, 1, 14, tzinfo=TOKYO)
        with self.assertRaisesMessage(ValidationError, "終了は開始より後の時刻に"):
            services.meeting_schedule(
                council=self.layer1, kind="deliberation", title="第5回", starts_at=starts,
                ends_at=starts - datetime.timedelta(hours=1), user=self.user,
            )  # fmt: skip


class DecisionAndActionTests(Councils):
    def test_a_try_becomes_an_action_item_in_one_step_once(self) -> None:
        meeting = MeetingFactory(council=self.north_council)
        owner = MembershipFactory(council=self.north_council)
        keep = services.reflection_add(
            meeting=meeting, kind=KptKind.KEEP, text="毎回の茶話会", user=self.user
        )
        trial = services.reflection_add(
            meeting=meeting, kind=KptKind.TRY, text="男性向けの会を試す", user=self.user
        )
        action = services.try_to_action(
            item=trial, owners=[owner], due_on=datetime.date(2027, 2, 1), user=self.user
        )
        self.assertEqual(
            (action.title, action.meeting, action.status, list(action.owners.all())),
            ("男性向けの会を試す", meeting, ActionStatus.TODO, [owner]),
        )
        with self.assertRaisesMessage(
            ValidationError, "この「次にやること」はすでに実践になっています。"
        ):
            services.try_to_action(item=trial, owners=[owner], user=self.user)
        with self.assertRaisesMessage(
            ValidationError, "実践にできるのは「次にやること（Try）」だけです。"
        ):
            services.try_to_action(item=keep, owners=[owner], user=self.user)

    def test_owners_come_from_the_council(self) -> None:
        stranger = MembershipFactory(council=self.south_council)
        with self.assertRaisesMessage(ValidationError, "担当はこの協議体のメンバーから"):
            services.action_create(
                council=self.north_council, title="チラシ配布", owners=[stranger], user=self.user
            )
        with self.assertRaisesMessage(ValidationError, "担当を1人以上選んでください。"):
            services.action_create(
                council=self.north_council, title="チラシ配布", owners=[], user=self.user
            )

    def test_progress_notes_and_status(self) -> None:
        owner = MembershipFactory(council=self.north_council)
        action = services.action_create(
            council=self.north_council, title="チラシ配布", owners=[owner], user=self.user
        )
        services.action_progress_add(
            action=action, note="半分配った", status=ActionStatus.DOING, user=self.user
        )
        services.action_progress_add(
            action=action, note="", status=ActionStatus.DONE, user=self.user
        )
        action.refresh_from_db()
        self.assertEqual(action.status, ActionStatus.DONE)
        self.assertEqual(list(action.progress.values_list("note", flat=True)), ["半分配った"])

    def test_a_review_date_comes_after_the_decision(self) -> None:
        with self.assertRaisesMessage(ValidationError, "見直し日は決定日より後の日に"):
            services.decision_record(
                council=self.layer1, title="送迎の試行", method=DecisionMethod.CONSENSUS,
                decided_on=DAY, review_on=DAY - datetime.timedelta(days=1), user=self.user,
            )  # fmt: skip


class ChallengeTests(Councils):
    def test_a_challenge_starts_raised_in_its_councils_area_and_layer(self) -> None:
        challenge = self.raise_in(self.north_council, "坂道で買い物に行けない")
        self.assertEqual(
            (challenge.status, challenge.area, challenge.layer),
            (ChallengeStatus.RAISED, self.north, 2),
        )
        self.assertEqual(statuses(challenge), ["raised"])
        self.assertEqual(challenge.evidence.get().value, "21%")

    def test_a_challenge_from_analysis_without_a_council_is_layer_1(self) -> None:
        challenge = services.challenge_create(
            municipality=self.city, title="市全体で男性の参加が少ない",
            source=ChallengeSource.GAP_ANALYSIS, user=self.user,
        )  # fmt: skip
        self.assertEqual((challenge.council, challenge.area, challenge.layer), (None, None, 1))

    def test_unknown_categories_are_refused(self) -> None:
        with self.assertRaisesMessage(ValidationError, "分野「交通」は選べません。"):
            services.challenge_create(
                municipality=self.city, title="x", source=ChallengeSource.MEETING,
                categories=["交通"], user=self.user,
            )  # fmt: skip

    def test_each_allowed_transition_and_a_refused_one(self) -> None:
        challenge = self.raise_in(self.north_council, "担い手が足りない")
        for status in ("considering", "continuing", "acting", "solved"):
            services.challenge_set_status(challenge=challenge, status=status, user=self.user)
        self.assertEqual(
            statuses(challenge), ["raised", "considering", "continuing", "acting", "solved"]
        )
        with self.assertRaisesMessage(
            ValidationError, "「解決」の課題を「検討中」にはできません。"
        ):
            services.challenge_set_status(challenge=challenge, status="considering", user=self.user)
        fresh = self.raise_in(self.north_council, "情報が届かない")
        with self.assertRaisesMessage(ValidationError, "「提起」の課題を「解決」にはできません。"):
            services.challenge_set_status(challenge=fresh, status="solved", user=self.user)

    def test_the_escalation_round_trip(self) -> None:
        north = self.raise_in(self.north_council, "坂道で買い物に行けない")
        south = self.raise_in(self.south_council, "バス停まで遠い")
        to_north = services.challenge_escalate(
            challenge=north, reason="圏域だけでは移動手段を用意できない", user=self.user
        )
        to_south = services.challenge_escalate(
            challenge=south, reason="交通事業者との協議が要る", user=self.user
        )
        self.assertEqual(to_north.to_council, self.layer1)
        # Layer 1 groups the two, puts them on its next meeting and decides.
        group = services.group_create(
            council=self.layer1, title="買い物・移動の足", escalations=[to_north, to_south],
            user=self.user,
        )  # fmt: skip
        north.refresh_from_db()
        self.assertEqual(north.status, ChallengeStatus.CONSIDERING)
        meeting = MeetingFactory(council=self.layer1)
        item = services.group_put_on_agenda(
            group=group, meeting=meeting, expected_version=1, user=self.user
        )
        self.assertEqual(item.title, "地域課題：買い物・移動の足（北部圏域・南部圏域）")
        decision = services.decision_record(
            council=self.layer1, meeting=meeting, title="移動販売車の試行を2圏域で始める",
            method=DecisionMethod.CONSENSUS, decided_on=DAY, user=self.user,
        )  # fmt: skip
        # Answered an hour after everything above (a fixed clock time here would fall before
        # "now" once the day's real time passes it, and the statuses would sort wrongly).
        with time_machine.travel(timezone.now() + datetime.timedelta(hours=1)):
            services.group_answer(
                group=group, decision=decision, status=ChallengeStatus.ACTING, user=self.user
            )
        for challenge, escalation in ((north, to_north), (south, to_south)):
            challenge.refresh_from_db()
            escalation.refresh_from_db()
            self.assertEqual(challenge.status, ChallengeStatus.ACTING)
            self.assertEqual(escalation.answer, decision)
            self.assertEqual(statuses(challenge), ["raised", "considering", "acting"])
        last = north.status_changes.last()
        self.assertEqual(
            last.note, "八王子市生活支援推進協議体の回答：移動販売車の試行を2圏域で始める"
        )

    def test_only_layer_2_challenges_go_up_once_with_a_reason(self) -> None:
        top = self.raise_in(self.layer1, "市全体の課題")
        with self.assertRaisesMessage(
            ValidationError, "第1層に送れるのは第2層協議体の課題だけです。"
        ):
            services.challenge_escalate(challenge=top, reason="x", user=self.user)
        north = self.raise_in(self.north_council, "坂道")
        with self.assertRaisesMessage(
            ValidationError, "第1層で扱ってほしい理由を入力してください。"
        ):
            services.challenge_escalate(challenge=north, reason=" ", user=self.user)
        services.challenge_escalate(challenge=north, reason="予算が要る", user=self.user)
        with self.assertRaisesMessage(ValidationError, "この課題はすでに第1層に送っています。"):
            services.challenge_escalate(challenge=north, reason="もう一度", user=self.user)

    def test_a_group_takes_only_this_councils_unanswered_escalations(self) -> None:
        other_whole = AreaFactory(municipality=self.city, name="別の第1層")
        other_layer1 = CouncilFactory(area=other_whole, municipality=self.city)
        north = self.raise_in(self.north_council, "坂道")
        escalation = services.challenge_escalate(challenge=north, reason="予算", user=self.user)
        with self.assertRaisesMessage(
            ValidationError, "この協議体に送られた課題だけをまとめられます。"
        ):
            services.group_create(
                council=other_layer1, title="x", escalations=[escalation], user=self.user
            )

    def test_only_a_layer_1_council_sends_messages_down(self) -> None:
        with self.assertRaisesMessage(ValidationError, "お知らせを送れるのは第1層協議体です。"):
            services.message_send(
                council=self.north_council, kind="notice", title="t", body="b",
                recipients=[self.south_council], user=self.user,
            )  # fmt: skip
        message = services.message_send(
            council=self.layer1, kind="good_practice", title="南部のサロン送迎",
            body="ボランティアの車で送迎を始めました。", recipients=[self.north_council],
            user=self.user,
        )  # fmt: skip
        self.assertEqual(message.sent_by, self.user)


class AnswerStepsTests(Councils):
    def grouped(self):  # type: ignore[no-untyped-def]
        north = self.raise_in(self.north_council, "坂道")
        south = self.raise_in(self.south_council, "バス停")
        escalations = [
            services.challenge_escalate(challenge=c, reason="予算", user=self.user)
            for c in (north, south)
        ]
        group = services.group_create(
            council=self.layer1, title="移動", escalations=escalations, user=self.user
        )
        decision = services.decision_record(
            council=self.layer1, title="試行する", method=DecisionMethod.CONSENSUS,
            decided_on=DAY, user=self.user,
        )  # fmt: skip
        return north, south, group, decision

    def test_an_answer_of_solved_steps_through_acting(self) -> None:
        north, _south, group, decision = self.grouped()
        services.group_answer(
            group=group, decision=decision, status=ChallengeStatus.SOLVED, user=self.user
        )
        self.assertEqual(statuses(north), ["raised", "considering", "acting", "solved"])

    def test_a_challenge_solved_by_its_own_council_keeps_its_status(self) -> None:
        north, south, group, decision = self.grouped()
        for step in ("acting", "solved"):
            services.challenge_set_status(challenge=south, status=step, user=self.user)
        services.group_answer(
            group=group, decision=decision, status=ChallengeStatus.CONTINUING, user=self.user
        )
        north.refresh_from_db()
        south.refresh_from_db()
        self.assertEqual((north.status, south.status), ("continuing", "solved"))

    def test_a_group_is_answered_once_and_an_escalation_sits_in_one_group(self) -> None:
        _north, _south, group, decision = self.grouped()
        services.group_answer(group=group, decision=decision, status="acting", user=self.user)
        with self.assertRaisesMessage(ValidationError, "このまとまりにはすでに回答しています。"):
            services.group_answer(group=group, decision=decision, status="acting", user=self.user)
        other = services.group_create(
            council=self.layer1, title="別", user=self.user,
            escalations=[services.challenge_escalate(
                challenge=self.raise_in(self.north_council, "通院"), reason="予算", user=self.user
            )],
        )  # fmt: skip
        loose = services.challenge_escalate(
            challenge=self.raise_in(self.south_council, "買い物"), reason="予算", user=self.user
        )
        services.group_add(group=other, escalation=loose, user=self.user)
        third = services.group_create(
            council=self.layer1, title="三つ目", user=self.user,
            escalations=[services.challenge_escalate(
                challenge=self.raise_in(self.north_council, "ゴミ出し"), reason="人手", user=self.user
            )],
        )  # fmt: skip
        with self.assertRaisesMessage(
            ValidationError, "「買い物」はすでに別のまとまりに入っています。"
        ):
            services.group_add(group=third, escalation=loose, user=self.user)

    def test_a_held_meeting_stays_held(self) -> None:
        meeting = MeetingFactory(council=self.north_council, status=MeetingStatus.HELD)
        with self.assertRaisesMessage(ValidationError, "開催済の会議の状態は変えられません。"):
            services.meeting_set_status(meeting=meeting, status="planned", user=self.user)

    def test_a_team_of_another_council_is_refused(self) -> None:
        owner = MembershipFactory(council=self.north_council)
        stranger_team = services.team_form(
            council=self.south_council, name="南の班", purpose="p",
            members=[MembershipFactory(council=self.south_council)], user=self.user,
        )  # fmt: skip
        with self.assertRaisesMessage(ValidationError, "この協議体のチームを選んでください。"):
            services.action_create(
                council=self.north_council, title="x", owners=[owner], team=stranger_team,
                user=self.user,
            )  # fmt: skip


class HeldRuleTests(Councils):
    """開催済 comes from one rule (services.mark_held_if_started): only once the start has
    passed and the attendance or the minutes are saved. The meeting starts 2026-12-10 14:00
    (Tokyo); 13:59 that day is before it, 14:00 is its start."""

    def setUp(self) -> None:
        self.meeting = MeetingFactory(
            council=self.north_council,
            starts_at=datetime.datetime(2026, 12, 10, 14, 0, tzinfo=TOKYO),
        )
        self.member = MembershipFactory(council=self.north_council)

    def status_after(self, moment: datetime.datetime, save: str) -> str:
        with time_machine.travel(moment, tick=False):
            meeting = Meeting.objects.get(pk=self.meeting.pk)
            if save == "minutes":
                services.meeting_record_save(
                    meeting=meeting, expected_version=meeting.version,
                    agenda=[AgendaInput("開会")], minutes="記録", user=self.user,
                )  # fmt: skip
            elif save == "attendance":
                services.attendance_record(
                    meeting=meeting, present=[self.member], guests_count=0, user=self.user
                )
            else:
                services.decision_record(
                    council=self.north_council, meeting=meeting, title="決めた",
                    method=DecisionMethod.CONSENSUS, decided_on=datetime.date(2026, 12, 10),
                    user=self.user,
                )  # fmt: skip
        return Meeting.objects.get(pk=self.meeting.pk).status

    def test_saving_minutes_or_attendance_before_the_start_keeps_it_planned(self) -> None:
        # The week before, and one minute before the start.
        for moment in (
            datetime.datetime(2026, 12, 3, 10, 0, tzinfo=TOKYO),
            datetime.datetime(2026, 12, 10, 13, 59, tzinfo=TOKYO),
        ):
            for save in ("minutes", "attendance"):
                with self.subTest(moment=moment, save=save):
                    self.assertEqual(self.status_after(moment, save), MeetingStatus.PLANNED)

    def test_saving_the_minutes_after_the_start_makes_it_held(self) -> None:
        moment = datetime.datetime(2026, 12, 10, 14, 0, tzinfo=TOKYO)  # the start itself
        self.assertEqual(self.status_after(moment, "minutes"), MeetingStatus.HELD)

    def test_saving_the_attendance_after_the_start_makes_it_held(self) -> None:
        moment = datetime.datetime(2026, 12, 11, 9, 0, tzinfo=TOKYO)  # the next morning
        self.assertEqual(self.status_after(moment, "attendance"), MeetingStatus.HELD)

    def test_other_records_after_the_start_leave_the_status_alone(self) -> None:
        moment = datetime.datetime(2026, 12, 10, 16, 0, tzinfo=TOKYO)
        self.assertEqual(self.status_after(moment, "decision"), MeetingStatus.PLANNED)

    def test_a_cancelled_meeting_stays_cancelled(self) -> None:
        Meeting.objects.filter(pk=self.meeting.pk).update(status=MeetingStatus.CANCELLED)
        moment = datetime.datetime(2026, 12, 10, 15, 0, tzinfo=TOKYO)
        self.assertEqual(self.status_after(moment, "attendance"), MeetingStatus.CANCELLED)

    def test_the_rule_itself_looks_only_at_the_start_and_the_status(self) -> None:
        meeting = Meeting.objects.get(pk=self.meeting.pk)
        with time_machine.travel(datetime.datetime(2026, 12, 10, 13, 59, tzinfo=TOKYO)):
            self.assertFalse(services.mark_held_if_started(meeting))
        with time_machine.travel(datetime.datetime(2026, 12, 10, 14, 1, tzinfo=TOKYO)):
            self.assertTrue(services.mark_held_if_started(meeting))
        self.assertEqual(meeting.status, MeetingStatus.HELD)


class CouncilSettingsTests(Councils):
    def test_the_settings_keep_the_secretariats_phone_number(self) -> None:
        services.council_update(
            council=self.north_council, name="北部地域支え合い会議", office_phone=" 042-620-0000 ",
            user=self.user,
        )  # fmt: skip
        self.north_council.refresh_from_db()
        self.assertEqual(self.north_council.office_phone, "042-620-0000")

    def test_another_councils_name_is_refused(self) -> None:
        with self.assertRaisesMessage(ValidationError, "同じ名称の協議体がすでにあります。"):
            services.council_update(
                council=self.north_council, name="南部地域支え合い会議", user=self.user
            )
