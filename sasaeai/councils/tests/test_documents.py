"""次第・議事録・開催通知・出欠表 as PDFs, read back with pdffonts / pdfinfo / pdftotext: Noto
embedded, A4, 和暦 dates, member names, decisions and actions."""

import datetime
from pathlib import Path

import time_machine
from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import AreaFactory, Layer2AreaFactory, MunicipalityFactory
from sasaeai.core.tests.pdf import downloaded, pages, poppler
from sasaeai.councils import services
from sasaeai.councils.constants import DecisionMethod, MemberRole
from sasaeai.councils.services import AgendaInput

from .factories import TOKYO, MembershipFactory

NOW = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=TOKYO)
SAVED = Path("/tmp/sasaeai-councils")


@time_machine.travel(NOW, tick=False)
class MeetingDocumentTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        city = MunicipalityFactory(code="132012")
        north = Layer2AreaFactory(
            municipality=city, parent=AreaFactory(municipality=city), name="北部圏域"
        )
        cls.coordinator = user_with_role(Role.SC_LAYER2, city, area=north)
        cls.member_user = user_with_role(Role.COUNCIL_MEMBER, city)
        council = services.council_create(
            municipality=city, area=north, name="北部地域支え合い会議", user=cls.coordinator,
            office_phone="042-620-7365",
        )  # fmt: skip
        # 2026-12-20 is a Sunday (日).
        cls.meeting = services.meeting_schedule(
            council=council, kind="deliberation", title="第3回北部会議", venue="北部公民館",
            starts_at=datetime.datetime(2026, 12, 20, 14, 0, tzinfo=TOKYO),
            ends_at=datetime.datetime(2026, 12, 20, 16, 0, tzinfo=TOKYO), user=cls.coordinator,
        )  # fmt: skip
        cls.chair = MembershipFactory(
            council=council, name="会長 花子", kana="あ", role=MemberRole.CHAIR,
            postal_address="八王子市北町1-2-3", user=cls.member_user,
        )  # fmt: skip
        cls.mailed = MembershipFactory(
            council=council, name="委員 太郎", kana="い", email="taro@example.jp"
        )
        services.meeting_record_save(
            meeting=cls.meeting, expected_version=1, minutes="送迎の担い手を募ることにした。",
            agenda=[AgendaInput("移動支援の試行", presenter="SC 山田", duration_minutes=30)],
            user=cls.coordinator,
        )  # fmt: skip
        services.attendance_record(
            meeting=cls.meeting, present=[cls.chair], guests_count=2, user=cls.coordinator
        )
        services.decision_record(
            council=council, meeting=cls.meeting, title="送迎ボランティアを募集する",
            method=DecisionMethod.CONSENSUS, decided_on=datetime.date(2026, 12, 20),
            review_on=datetime.date(2027, 3, 31), user=cls.coordinator,
        )  # fmt: skip
        services.action_create(
            council=council, meeting=cls.meeting, title="募集チラシを作る", owners=[cls.chair],
            due_on=datetime.date(2027, 1, 15), user=cls.coordinator,
        )  # fmt: skip

    def pdf(self, document: str, user) -> bytes:  # type: ignore[no-untyped-def]
        self.client.force_login(user)
        url = reverse("councils:meeting_pdf", args=["132012", self.meeting.pk, document])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        content = downloaded(response)
        SAVED.mkdir(exist_ok=True)
        (SAVED / f"{document}.pdf").write_bytes(content)  # for a person to look at
        return content

    def assert_noto_and_a4(self, pdf: bytes) -> None:
        fonts = poppler("pdffonts", pdf).splitlines()[2:]
        self.assertTrue(fonts)
        self.assertTrue(all("+Noto-Sans-JP" in line for line in fonts), fonts)
        # A4 = 210 × 297 mm = 595.28 × 841.89 pt
        self.assertIn("595.276 x 841.89 pts (A4)", poppler("pdfinfo", pdf))

    def test_the_agenda(self) -> None:
        pdf = self.pdf("agenda", self.member_user)
        self.assert_noto_and_a4(pdf)
        text = poppler("pdftotext", pdf)
        for expected in (
            "令和8年11月27日",  # made today
            "令和8年12月20日（日）14:00〜16:00",
            "北部公民館",
            "移動支援の試行",
            "SC 山田（30分）",
        ):
            self.assertIn(expected, text)

    def test_the_minutes_hold_attendance_decisions_and_actions(self) -> None:
        pdf = self.pdf("minutes", self.member_user)
        self.assert_noto_and_a4(pdf)
        text = poppler("pdftotext", pdf)
        for expected in (
            "作成日 令和8年11月27日",
            "会長 花子（会長）",
            "ほかに2名が参加",
            "委員 太郎",  # absent
            "送迎の担い手を募ることにした。",
            "送迎ボランティアを募集する",
            "合意",
            "令和9年3月31日",  # review date
            "募集チラシを作る",
            "令和9年1月15日",  # due date
        ):
            self.assertIn(expected, text)

    def test_a_notice_for_each_member_without_e_mail_for_coordinators_only(self) -> None:
        pdf = self.pdf("notices", self.coordinator)
        self.assert_noto_and_a4(pdf)
        self.assertEqual(pages(pdf), 1)  # 会長 only: 委員 太郎 has an e-mail address
        text = poppler("pdftotext", pdf)
        self.assertIn("会長 花子 様", text)
        self.assertIn("八王子市北町1-2-3", text)
        self.assertIn("第3回北部会議の開催について（お知らせ）", text)
        # Whom to call when they cannot come: the 事務局's number from the council's settings.
        self.assertIn("事務局の電話番号：042-620-7365", text)
        self.assertNotIn("委員 太郎", text)
        self.client.force_login(self.member_user)
        url = reverse("councils:meeting_pdf", args=["132012", self.meeting.pk, "notices"])
        self.assertEqual(self.client.get(url).status_code, 403)

    def test_the_attendance_sheet_lists_every_member(self) -> None:
        pdf = self.pdf("attendance-sheet", self.member_user)
        self.assert_noto_and_a4(pdf)
        text = poppler("pdftotext", pdf)
        self.assertIn("会長 花子", text)
        self.assertIn("委員 太郎", text)
        self.assertIn("署名", text)

    def test_an_unknown_document_is_not_found(self) -> None:
        self.client.force_login(self.member_user)
        url = reverse("councils:meeting_pdf", args=["132012", self.meeting.pk, "report"])
        self.assertEqual(self.client.get(url).status_code, 404)
