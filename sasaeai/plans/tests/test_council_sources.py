"""The plan's sources from the councils and the registry (#23): 地域課題 raised and solved, new
resources read from the history, and meeting participants by 分野, each counted within the
年度 (1 April 00:00 to 31 March 24:00 in Tokyo)."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import AreaFactory, Layer2AreaFactory, MunicipalityFactory
from sasaeai.councils import services as councils
from sasaeai.councils.constants import ChallengeStatus, MeetingStatus
from sasaeai.councils.models import Attendance, ChallengeStatusChange, MeetingGuest
from sasaeai.councils.tests.factories import CouncilFactory, MeetingFactory, MembershipFactory
from sasaeai.plans import services
from sasaeai.plans.constants import Source
from sasaeai.plans.dashboard import source_label
from sasaeai.plans.models import Indicator, IndicatorValue, Measure, Plan
from sasaeai.plans.sources import actual_of, computed
from sasaeai.resources.constants import Sector
from sasaeai.resources.tests.factories import ResourceFactory

TOKYO = ZoneInfo("Asia/Tokyo")
NOW = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=TOKYO)


def at(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=TOKYO)


@time_machine.travel(NOW, tick=False)
class ChallengeAndResourceSourceTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.other_city = MunicipalityFactory(code="132021")
        cls.user = user_with_role(Role.SC_LAYER1, cls.city)
        council = CouncilFactory(area=Layer2AreaFactory(municipality=cls.city))

        def raise_at(moment: datetime.datetime, title: str, city=None):  # type: ignore[no-untyped-def]
            with time_machine.travel(moment, tick=False):
                return councils.challenge_create(
                    municipality=city or cls.city, council=None if city else council,
                    title=title, source="meeting", user=cls.user,
                )  # fmt: skip

        def step(challenge, moment, *statuses):  # type: ignore[no-untyped-def]
            with time_machine.travel(moment, tick=False):
                for status in statuses:
                    councils.challenge_set_status(challenge=challenge, status=status, user=cls.user)

        considering, acting = ChallengeStatus.CONSIDERING, ChallengeStatus.ACTING
        solved, continuing = ChallengeStatus.SOLVED, ChallengeStatus.CONTINUING
        # c1: raised 2025-03-31 23:30 (令和6年度), solved 2025-04-01 00:05 (令和7年度).
        c1 = raise_at(at(2025, 3, 31, 23, 30), "坂道")
        step(c1, at(2025, 3, 31, 23, 45), considering, acting)
        step(c1, at(2025, 4, 1, 0, 5), solved)
        # c2: raised 2025-04-01 00:10 (令和7), solved 2026-03-31 23:50 (令和7, 14:50 UTC),
        # and a second 解決 row for it a few minutes later (recorded twice): counted once.
        c2 = raise_at(at(2025, 4, 1, 0, 10), "買い物")
        step(c2, at(2025, 5, 1, 10), considering, acting)
        step(c2, at(2026, 3, 31, 23, 50), solved)
        with time_machine.travel(at(2026, 3, 31, 23, 55), tick=False):
            ChallengeStatusChange.objects.create(challenge=c2, status=solved, changed_by=cls.user)
        # c3: raised 2026-03-31 23:50 (令和7), left 継続 — never solved.
        c3 = raise_at(at(2026, 3, 31, 23, 50), "通院")
        step(c3, at(2026, 3, 31, 23, 55), considering, continuing)
        # c4: raised 2026-04-01 00:00 (令和8), solved 2026-04-01 00:30 (令和8).
        c4 = raise_at(at(2026, 4, 1, 0, 0), "ごみ出し")
        step(c4, at(2026, 4, 1, 0, 30), considering, acting, solved)
        # Another city's challenge raised and solved in 令和7年度: never counted here.
        elsewhere = raise_at(at(2025, 6, 1, 10), "見守り", city=cls.other_city)
        step(elsewhere, at(2025, 7, 1, 10), considering, acting, solved)

        def register_at(moment: datetime.datetime, city=None):  # type: ignore[no-untyped-def]
            with time_machine.travel(moment, tick=False):
                return ResourceFactory(municipality=city or cls.city)

        register_at(at(2025, 3, 31, 23, 30))  # r1: 令和6年度
        r2 = register_at(at(2025, 4, 1, 0, 10))  # r2: 令和7年度, edited later (not new again)
        with time_machine.travel(at(2025, 6, 1, 10), tick=False):
            r2.name = "サロン（改称）"
            r2.save()
        r3 = register_at(at(2026, 3, 31, 23, 50))  # r3: 令和7年度, deleted in 令和8年度
        with time_machine.travel(at(2026, 5, 1, 10), tick=False):
            r3.delete()
        register_at(at(2026, 4, 1, 0, 0))  # r4: 令和8年度
        register_at(at(2025, 6, 1, 10), city=cls.other_city)  # another city's

    def test_challenges_raised_per_year(self) -> None:
        # 令和6: c1. 令和7: c2, c3 (the other city's not). 令和8: c4.
        self.assertEqual(computed(Source.CHALLENGES_RAISED, self.city, 2024), Decimal(1))
        self.assertEqual(computed(Source.CHALLENGES_RAISED, self.city, 2025), Decimal(2))
        self.assertEqual(computed(Source.CHALLENGES_RAISED, self.city, 2026), Decimal(1))

    def test_challenges_solved_per_year_each_once(self) -> None:
        # 令和6: none (c1 was solved after midnight). 令和7: c1 and c2 (its two 解決 rows are
        # one challenge); c3 継続 is not solved. 令和8: c4.
        self.assertEqual(computed(Source.CHALLENGES_SOLVED, self.city, 2024), Decimal(0))
        self.assertEqual(computed(Source.CHALLENGES_SOLVED, self.city, 2025), Decimal(2))
        self.assertEqual(computed(Source.CHALLENGES_SOLVED, self.city, 2026), Decimal(1))

    def test_resources_registered_per_year_from_the_history(self) -> None:
        # 令和6: r1. 令和7: r2 (its rename is no new registration) and r3 (deleted since,
        # still registered that year). 令和8: r4. The other city's resource is not counted.
        self.assertEqual(computed(Source.RESOURCES_REGISTERED, self.city, 2024), Decimal(1))
        self.assertEqual(computed(Source.RESOURCES_REGISTERED, self.city, 2025), Decimal(2))
        self.assertEqual(computed(Source.RESOURCES_REGISTERED, self.city, 2026), Decimal(1))


@time_machine.travel(NOW, tick=False)
class MeetingParticipantTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.user = user_with_role(Role.SC_LAYER1, cls.city)
        whole = AreaFactory(municipality=cls.city)
        layer2 = CouncilFactory(area=Layer2AreaFactory(municipality=cls.city, parent=whole))
        layer1 = CouncilFactory(area=whole)
        elsewhere = CouncilFactory(
            area=AreaFactory(municipality=MunicipalityFactory(code="132021"))
        )
        m1 = MembershipFactory(council=layer2, sector=Sector.RESIDENTS)
        m2 = MembershipFactory(council=layer2, sector=Sector.HEALTH_CARE)
        m3 = MembershipFactory(council=layer2, sector=Sector.BUSINESS)
        m4 = MembershipFactory(council=layer1, sector=Sector.RESIDENTS)
        outsider = MembershipFactory(council=elsewhere, sector=Sector.RESIDENTS)

        def meeting(council, starts_at, status, present=(), absent=(), guests=(), count=0):  # type: ignore[no-untyped-def]
            made = MeetingFactory(
                council=council, starts_at=starts_at, status=status, guests_count=count
            )
            for member in present:
                Attendance.objects.create(meeting=made, membership=member, present=True)
            for member in absent:
                Attendance.objects.create(meeting=made, membership=member, present=False)
            for sector in guests:
                MeetingGuest.objects.create(meeting=made, sector=sector)
            return made

        held, cancelled = MeetingStatus.HELD, MeetingStatus.CANCELLED
        # 令和7年度:
        # M1 2025-04-01 00:30: m1, m2 present, m3 absent; guests 医療・介護, 企業; 3 by head count.
        meeting(layer2, at(2025, 4, 1, 0, 30), held, present=(m1, m2), absent=(m3,),
                guests=(Sector.HEALTH_CARE, Sector.BUSINESS), count=3)  # fmt: skip
        # M2 2026-03-31 23:30 (14:30 UTC), the layer-1 council: m4 present; a resident guest.
        meeting(layer1, at(2026, 3, 31, 23, 30), held, present=(m4,), guests=(Sector.RESIDENTS,))
        # M3 cancelled: nobody in it counts.
        meeting(layer2, at(2025, 10, 1, 14), cancelled, present=(m1,),
                guests=(Sector.RESIDENTS,), count=5)  # fmt: skip
        # Another city's meeting.
        meeting(elsewhere, at(2025, 6, 1, 14), held, present=(outsider,), count=4)
        # 令和6年度: M4 2025-03-31 23:30: m1 present, 2 by head count.
        meeting(layer2, at(2025, 3, 31, 23, 30), held, present=(m1,), count=2)
        # 令和8年度: M5 2026-04-01 00:30: m2 present, a 医療・介護 guest.
        meeting(layer2, at(2026, 4, 1, 0, 30), held, present=(m2,), guests=(Sector.HEALTH_CARE,))
        cls.plan = Plan.objects.create(
            municipality=cls.city, name="第9期", first_year=2024, last_year=2026
        )
        cls.measure = Measure.objects.create(plan=cls.plan, name="多様な主体の参画")

    def count(self, year: int, sector: str = "") -> Decimal | None:
        return computed(Source.MEETING_PARTICIPANTS, self.city, year, sector=sector)

    def test_every_participant_of_the_held_meetings_of_the_year(self) -> None:
        # 令和7: members present m1, m2 (M1) + m4 (M2) = 3; guests 2 (M1) + 1 (M2) = 3;
        # head counts 3 (M1) + 0 (M2) = 3 → 9. (m3 absent, M3 cancelled, the other city out.)
        self.assertEqual(self.count(2025), Decimal(9))
        # 令和6: m1 + 2 by head count = 3. 令和8: m2 + 1 guest = 2.
        self.assertEqual(self.count(2024), Decimal(3))
        self.assertEqual(self.count(2026), Decimal(2))

    def test_one_sector_counts_members_and_guests_of_it_without_the_head_count(self) -> None:
        # 令和7 住民: m1 (M1) + m4 (M2) + the resident guest (M2) = 3.
        self.assertEqual(self.count(2025, Sector.RESIDENTS), Decimal(3))
        # 医療・介護: m2 + the M1 guest = 2. 企業: m3 was absent, so the M1 guest only = 1.
        self.assertEqual(self.count(2025, Sector.HEALTH_CARE), Decimal(2))
        self.assertEqual(self.count(2025, Sector.BUSINESS), Decimal(1))
        self.assertEqual(self.count(2025, Sector.EDUCATION), Decimal(0))

    def test_an_indicator_names_its_sector_and_the_annual_report_freezes_it(self) -> None:
        indicator = services.indicator_save(
            indicator=Indicator(measure=self.measure), order=1, name="医療・介護の参加者",
            unit="人", direction="up", source=Source.MEETING_PARTICIPANTS,
            sector=Sector.HEALTH_CARE, user=self.user,
        )  # fmt: skip
        self.assertEqual(actual_of(indicator, self.city, 2025), Decimal(2))
        self.assertEqual(
            source_label(indicator.source, indicator.activity_kind, indicator.sector),
            "会議の参加者のうち分野「医療・介護・専門職」の人数（年度内）",
        )
        services.annual_report_issue(plan=self.plan, fiscal_year=2025, user=self.user)
        frozen = IndicatorValue.objects.get(indicator=indicator, fiscal_year=2025, kind="actual")
        self.assertEqual((frozen.value, frozen.frozen), (Decimal(2), True))

    def test_an_unknown_sector_is_refused(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            services.indicator_save(
                indicator=Indicator(measure=self.measure), order=1, name="参加者", unit="人",
                direction="up", source=Source.MEETING_PARTICIPANTS, sector="pets",
                user=self.user,
            )  # fmt: skip
        self.assertEqual(caught.exception.message_dict, {"sector": ["分野を選んでください。"]})
        self.assertFalse(Indicator.objects.exists())

    def test_the_indicator_form_offers_the_sector_next_to_the_activity_kind(self) -> None:
        self.client.force_login(self.user)
        url = reverse(
            "plans:indicator_create", kwargs={"lgcode": self.city.code, "measure": self.measure.pk}
        )
        page = self.client.get(url)
        self.assertContains(page, "分野（会議の参加者数のとき）")
        self.assertContains(page, "会議の参加者数（年度内、分野別）")
        self.client.post(
            url,
            {"order": "1", "name": "企業の参加者", "unit": "人", "direction": "up",
             "source": "meeting_participants", "activity_kind": "", "sector": "business"},
        )  # fmt: skip
        indicator = Indicator.objects.get()
        self.assertEqual((indicator.source, indicator.sector), ("meeting_participants", "business"))
        self.assertEqual(actual_of(indicator, self.city, 2025), Decimal(1))
