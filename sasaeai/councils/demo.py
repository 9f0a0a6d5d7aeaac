"""The demo city's councils (all fictional): a layer-1 council and one per 日常生活圏域, with
members from the demo organisations, two years of meetings (agenda, attendance, minutes,
decisions, actions, some overdue, KPT), challenges of which three are escalated, grouped and
answered, and messages from layer 1. Everything is written through councils.services."""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone

from sasaeai.accounts.models import User
from sasaeai.areas.models import Area, Municipality
from sasaeai.resources.constants import Sector
from sasaeai.resources.demo import GIVEN_NAMES, SURNAMES
from sasaeai.resources.models import Organization
from sasaeai.utils.dates import add_months

from . import services
from .constants import (
    ActionStatus,
    ChallengeSource,
    ChallengeStatus,
    DecisionMethod,
    KptKind,
    MeetingKind,
    MemberRole,
    MessageKind,
    Standing,
)
from .models import Challenge, Council, Meeting, Membership
from .services import AgendaInput, EvidenceInput, MemberInput

TOKYO = ZoneInfo("Asia/Tokyo")
TERM_START = datetime.date(2024, 4, 1)
HISTORY_MONTHS = 24

# Topics the demo's meetings take up, each with what was decided and what was to be done.
TOPICS = (
    ("地域の通いの場マップの見直し", "通いの場マップを年1回更新する", "マップの原稿を確認する"),
    ("男性が参加しやすい活動", "男性向けの料理教室を試行する", "講師を探す"),
    ("ゴミ出しに困っている方の把握", "民生委員と連携して把握する", "見守り訪問で聞き取る"),
    ("サロンの担い手の後継者", "担い手養成講座を共催する", "講座のチラシを配る"),
    ("買い物の足", "移動販売の停留所を増やす要望を出す", "停留所の候補地を歩いて探す"),
    ("災害時の安否確認", "見守り名簿の作り方を学ぶ", "社協の研修に申し込む"),
)
KPT = (
    (KptKind.KEEP, "毎回の茶話会で本音が聞ける"),
    (KptKind.PROBLEM, "平日昼の開催で働く世代が来られない"),
    (KptKind.TRY, "年1回は土曜に開催してみる"),
)
# Three challenges go up to layer 1: two about getting to the shops, one about helpers.
ESCALATED = (
    (
        0,
        "坂が多く買い物に行けない高齢者が多い",
        "mobility",
        "圏域の中だけでは移動手段を用意できない",
    ),
    (
        1,
        "バス停まで遠く通院・買い物が困難",
        "mobility",
        "交通事業者との協議は市全体で行う必要がある",
    ),
    (
        2,
        "サロンの担い手が高齢化し後継者がいない",
        "supporters",
        "担い手養成は市全体で取り組む必要がある",
    ),
)


# What the first area's council members care about and can do (関心・できること、タグ).
INTERESTS = (
    ("一人暮らしの男性が地域に出てこない", "声かけ、囲碁", "男性の参加、見守り"),
    ("買い物に行けない人が増えている", "車の運転（週1回）", "買い物、移動"),
    ("サロンの担い手が高齢化している", "会計、チラシづくり", "担い手、情報"),
    ("坂道で外出がおっくうになる人が多い", "体操の指導", "移動、介護予防"),
)


@dataclass
class Summary:
    councils: int = 0
    meetings: int = 0
    actions: int = 0
    overdue: int = 0
    escalated: int = 0


class Builder:
    def __init__(self, municipality: Municipality, seed: int, today: datetime.date) -> None:
        self.city = municipality
        self.rng = random.Random(seed)
        self.today = today
        self.user = User.objects.get(username="demo-sc1")
        self.summary = Summary()

    def person(self) -> str:
        return f"{self.rng.choice(SURNAMES)} {self.rng.choice(GIVEN_NAMES)}"

    def council(self, area: Area, name: str, aims: str, established: datetime.date) -> Council:
        council = services.council_create(
            municipality=self.city, area=area, name=name, aims=aims, user=self.user,
            target_state="住み慣れた地域で、だれもが役割と居場所を持って暮らし続けられるまち",
            established_on=established,
            # A made-up number (no 市外局番 begins 0000), printed on the demo's 開催通知.
            office_phone=f"0000-00-{1000 + self.summary.councils}",
        )  # fmt: skip
        self.summary.councils += 1
        return council

    def members(self, council: Council, area: Area | None) -> list[Membership]:
        """A chair and vice chair from the residents, members from the area's organisations,
        a coordinator and the secretariat; some without e-mail (they get notices by post)."""
        organizations = list(
            Organization.objects.filter(municipality=self.city, areas=area).order_by("pk")[:4]
            if area is not None
            else Organization.objects.filter(municipality=self.city).order_by("pk")[:5]
        )
        roles: list[tuple[str, Organization | None]] = [
            (MemberRole.CHAIR, None),
            (MemberRole.VICE_CHAIR, None),
        ]
        roles += [(MemberRole.MEMBER, o) for o in organizations]
        roles += [(MemberRole.MEMBER, None), (MemberRole.COORDINATOR, None)]
        roles += [(MemberRole.SECRETARIAT, None)]
        members = []
        for number, (role, organization) in enumerate(roles):
            data = MemberInput(
                name=self.person(), role=role, term_start=TERM_START, organization=organization,
                email=f"member{council.pk}-{number}@example.jp" if number % 3 else "",
                postal_address="" if number % 3 else "サンプル市中央一丁目（架空の住所）",
            )  # fmt: skip
            members.append(services.membership_add(council=council, data=data, user=self.user))
        return members

    def meeting_days(self, every_months: int) -> list[datetime.date]:
        """From two years ago to two months ahead, every few months, on a weekday."""
        first = add_months(self.today, -HISTORY_MONTHS)
        days, day = [], first
        while day <= add_months(self.today, 2):
            days.append(day + datetime.timedelta(days=(1 - day.weekday()) % 7))  # a Tuesday
            day = add_months(day, every_months)
        return days

    def meetings(
        self,
        council: Council,
        members: list[Membership],
        every_months: int,
        at_last_held: Callable[[Meeting], None] | None = None,
    ) -> None:
        """Meetings every few months; `at_last_held` runs at the latest past meeting while it
        is still 予定 (layer 1 takes up the escalated challenges there)."""
        days = self.meeting_days(every_months)
        last_held = max((d for d in days if d < self.today), default=None)
        for number, day in enumerate(days, start=1):
            kind = MeetingKind.WORKSHOP if number % 4 == 0 else MeetingKind.DELIBERATION
            starts = datetime.datetime.combine(day, datetime.time(14), tzinfo=TOKYO)
            meeting = services.meeting_schedule(
                council=council, kind=kind, title=f"第{number}回{council.name}",
                starts_at=starts, ends_at=starts + datetime.timedelta(hours=2),
                venue="サンプル市福祉会館 会議室", user=self.user,
            )  # fmt: skip
            self.summary.meetings += 1
            topic, decided, todo = TOPICS[(number + council.pk) % len(TOPICS)]
            agenda = [
                AgendaInput("開会・前回の振り返り", presenter=members[0].name, duration_minutes=10),
                AgendaInput(topic, presenter=members[-2].name, duration_minutes=60),
                AgendaInput("情報交換", duration_minutes=30),
            ]
            if day >= self.today:
                services.meeting_record_save(
                    meeting=meeting, expected_version=1, agenda=agenda, minutes="", user=self.user
                )
                continue
            hook = at_last_held if day == last_held else None
            self.held(meeting, members, agenda, decided, todo, hook)

    def held(
        self,
        meeting: Meeting,
        members: list[Membership],
        agenda: list[AgendaInput],
        decided: str,
        todo: str,
        hook: Callable[[Meeting], None] | None = None,
    ) -> None:
        day = timezone.localtime(meeting.starts_at).date()
        minutes = f"{agenda[1].title}について意見交換した。参加者から具体的な提案が多く出た。"
        if hook is not None:
            # The hook puts items on the agenda, which needs the meeting still 予定: saving the
            # minutes after the start makes it 開催済, so the hook runs first and the minutes
            # keep the items it added (after the usual three).
            hook(meeting)
            meeting.refresh_from_db()
            agenda = agenda + [
                AgendaInput(item.title, pk=item.pk) for item in meeting.agenda_items.all()
            ]
        services.meeting_record_save(
            meeting=meeting, expected_version=meeting.version, agenda=agenda, minutes=minutes,
            user=self.user,
        )  # fmt: skip
        present = [m for m in members if self.rng.random() < 0.85]
        services.attendance_record(
            meeting=meeting, present=present, guests_count=self.rng.randint(0, 6), user=self.user
        )
        decision = services.decision_record(
            council=meeting.council, meeting=meeting, title=decided, decided_on=day,
            method=self.rng.choice([DecisionMethod.CONSENSUS] * 3 + [DecisionMethod.DEFERRED]),
            reason="参加者の意見を踏まえて", review_on=add_months(day, 6), user=self.user,
        )  # fmt: skip
        due = day + datetime.timedelta(days=45)
        action = services.action_create(
            council=meeting.council, meeting=meeting, decision=decision, title=todo,
            owners=self.rng.sample(members[:-1], 2), due_on=due, user=self.user,
        )  # fmt: skip
        self.summary.actions += 1
        # Older actions are done; of those due lately, some are still open (overdue).
        if due < add_months(self.today, -3) or self.rng.random() < 0.4:
            services.action_progress_add(
                action=action, note="予定どおり終えた", status=ActionStatus.DONE, user=self.user
            )
        elif due < self.today:
            self.summary.overdue += 1
        if self.rng.random() < 0.5:
            for kind, text in KPT:
                services.reflection_add(meeting=meeting, kind=kind, text=text, user=self.user)

    def challenges(self, councils: list[Council]) -> list[Challenge]:
        """Two challenges per layer-2 council; the first of three councils go up."""
        escalated = []
        for council in councils:
            for title, category in (
                ("集いの場に来ない一人暮らしの男性が多い", "places"),
                ("地域の活動の情報が届いていない", "information"),
            ):
                services.challenge_create(
                    municipality=self.city, council=council, title=title,
                    source=ChallengeSource.MEETING, categories=[category], user=self.user,
                )  # fmt: skip
        for index, title, category, reason in ESCALATED:
            challenge = services.challenge_create(
                municipality=self.city, council=councils[index], title=title,
                source=ChallengeSource.MEETING, categories=[category], user=self.user,
                evidence=[EvidenceInput("indicator", "75歳以上の一人暮らし世帯の割合", "22%")],
            )  # fmt: skip
            services.challenge_escalate(challenge=challenge, reason=reason, user=self.user)
            escalated.append(challenge)
            self.summary.escalated += 1
        return escalated

    def answer(self, meeting: Meeting, escalated: list[Challenge]) -> None:
        """Layer 1 groups the two about transport and the one about helpers, takes them up at
        the meeting and answers each group."""
        layer1 = meeting.council
        groups = (
            ("買い物・通院の移動手段", escalated[:2], "移動販売と乗合送迎の試行を2圏域で始める"),
            ("担い手の養成", escalated[2:], "担い手養成講座を市全体で年2回開催する"),
        )
        for title, challenges, decided in groups:
            group = services.group_create(
                council=layer1, title=title, user=self.user,
                escalations=[c.escalation for c in challenges],
            )  # fmt: skip
            meeting.refresh_from_db()
            services.group_put_on_agenda(
                group=group, meeting=meeting, expected_version=meeting.version, user=self.user
            )
            decision = services.decision_record(
                council=layer1, meeting=meeting, title=decided, method=DecisionMethod.CONSENSUS,
                decided_on=timezone.localtime(meeting.starts_at).date(), user=self.user,
            )  # fmt: skip
            services.group_answer(
                group=group, decision=decision, status=ChallengeStatus.ACTING, user=self.user
            )
        # Both to every layer-2 council (the form's default).
        below = list(services.councils_below(layer1))
        services.message_send(
            council=layer1, kind=MessageKind.GOOD_PRACTICE, title="中央圏域の男性料理教室",
            body="男性だけの料理教室に毎回15人が参加しています。チラシは社協にあります。",
            recipients=below, user=self.user,
        )  # fmt: skip
        services.message_send(
            council=layer1, kind=MessageKind.DECISION, title="移動支援の試行について",
            body="推進協議体で、移動販売と乗合送迎の試行を決めました。", recipients=below,
            user=self.user,
        )  # fmt: skip

    def exchange(self, layer1: Council, councils: list[Council]) -> None:
        """The 第2層協議体交流会 of about six weeks ago: held by layer 1 with every layer-2
        council, some members of each, and participants who are not members (counted by
        sector; no names)."""
        day = self.today - datetime.timedelta(days=40)
        day += datetime.timedelta(days=(5 - day.weekday()) % 7)  # a Saturday
        starts = datetime.datetime.combine(day, datetime.time(10), tzinfo=TOKYO)
        meeting = services.meeting_schedule(
            council=layer1, kind=MeetingKind.EXCHANGE, title="第2層協議体交流会",
            starts_at=starts, ends_at=starts + datetime.timedelta(hours=2),
            venue="サンプル市福祉会館 大ホール", joint_councils=councils, user=self.user,
        )  # fmt: skip
        self.summary.meetings += 1
        services.meeting_record_save(
            meeting=meeting, expected_version=1, user=self.user,
            agenda=[AgendaInput("各圏域の取り組みの紹介", duration_minutes=60),
                    AgendaInput("グループで話し合う：買い物と移動", duration_minutes=50)],
            minutes="7圏域がそれぞれの取り組みを紹介し、買い物と移動について圏域を越えて話し合った。",
        )  # fmt: skip
        members = services.meeting_members(meeting)
        present = [m for m in members if self.rng.random() < 0.5]
        services.attendance_record(meeting=meeting, present=present, guests_count=4, user=self.user)
        helpers = Organization.objects.filter(municipality=self.city).order_by("pk")
        named = False
        for standing, sector, organization in (
            (Standing.GUEST, Sector.RESIDENTS, None),
            (Standing.GUEST, Sector.RESIDENTS, None),
            (Standing.COORDINATOR, Sector.WELFARE, helpers.first()),
            (Standing.GUEST, Sector.BUSINESS, None),
            (Standing.STAFF, Sector.PUBLIC, None),
        ):
            services.guest_add(
                meeting=meeting, standing=standing, sector=sector, organization=organization,
                organization_name="サンプル商店会" if sector == Sector.BUSINESS else "",
                # One resident left a name (personal: shown on request to coordinators).
                name="見学 さくら" if standing == Standing.GUEST and not named else "",
                user=self.user,
            )  # fmt: skip
            named = True
        services.reflection_add(
            meeting=meeting, kind=KptKind.KEEP, text="ほかの圏域のやり方を知れた", user=self.user
        )

    def revisit(self, council: Council, members: list[Membership]) -> None:
        """The first area's council revisits its aims at its last meeting; its members say
        what they care about and can do; layer 1 advises."""
        held = council.meetings.filter(starts_at__lt=timezone.now()).order_by("-starts_at").first()
        services.council_revise_aims(
            council=council, meeting=held, user=self.user,
            aims="圏域の資源を知り、足りないものを話し合い、男性も参加しやすい活動から始める",
            target_state=council.target_state, note="男性の参加が少ないことが話題になった",
        )  # fmt: skip
        for member, (interests, abilities, tags) in zip(members, INTERESTS, strict=False):
            services.membership_set_interests(
                membership=member, interests=interests, abilities=abilities, tags=tags,
                user=self.user,
            )  # fmt: skip
        services.advice_write(
            council=council, user=self.user,
            body="男性向けの活動は、料理や囲碁など「役割」のあるものから始めると続きやすいです。",
        )  # fmt: skip

    def member_user(self, council: Council) -> None:
        """demo-member sits on the first area's council, so 「わたしのやること」 shows something."""
        member = council.memberships.order_by("pk")[2]
        member.user = User.objects.get(username="demo-member")
        member.save(update_fields=["user"])


def build(
    *, municipality: Municipality, seed: int = 2025, today: datetime.date | None = None
) -> Summary:
    builder = Builder(municipality, seed, today or timezone.localdate())
    layer1_area = Area.objects.layer1().get(municipality=municipality)
    layer1 = builder.council(
        layer1_area, f"{municipality.name}生活支援体制推進協議体",
        "市全体の資源と課題を共有し、圏域を越える課題に取り組む", datetime.date(2016, 4, 1),
    )  # fmt: skip
    layer1_members = builder.members(layer1, None)
    councils = []
    for area in Area.objects.layer2().filter(municipality=municipality).order_by("code"):
        council = builder.council(
            area, f"{area.name.removesuffix('圏域')}地域支え合い会議",
            "圏域の資源を知り、足りないものを話し合い、できることから始める",
            datetime.date(2017, 4, 1),
        )  # fmt: skip
        members = builder.members(council, area)
        builder.meetings(council, members, every_months=2)
        councils.append(council)
        if len(councils) == 1:
            builder.revisit(council, members)
    builder.member_user(councils[0])
    escalated = builder.challenges(councils)
    builder.meetings(
        layer1, layer1_members, every_months=3, at_last_held=lambda m: builder.answer(m, escalated)
    )
    builder.exchange(layer1, councils)
    return builder.summary
