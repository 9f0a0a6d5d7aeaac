"""Members' contacts and the secretariat's notes on the demo city's council screens, feeds and
documents (issue #21): a council member, an adviser and a viewer meet none of the values the
database holds; a coordinator sees the contacts when asking for them, and every such look
writes one row of the access log."""

from __future__ import annotations

import time_machine
from django.urls import reverse

from sasaeai.accounts.models import User
from sasaeai.core.constants import AccessKind
from sasaeai.core.models import PersonalDataAccess
from sasaeai.councils import documents, services
from sasaeai.councils.constants import MeetingStatus
from sasaeai.councils.models import Council, Meeting
from sasaeai.tests.demo_city import DEMO_NOW as NOW
from sasaeai.tests.demo_city import DemoCityTestCase

from .personal_data import assert_holds_none, personal_values, text_of

WITHOUT_PERSONAL_DATA = ("demo-member", "demo-adviser", "demo-viewer")
PRINTED = ("agenda", "minutes", "attendance-sheet")


@time_machine.travel(NOW, tick=False)
class DemoCouncilPersonalDataTests(DemoCityTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = cls.demo.city
        cls.councils = list(Council.objects.order_by("pk"))
        # The demo writes no private notes: one on each council's latest held meeting, so that
        # there is one to look for on every council's meeting page.
        cls.meetings = []
        for council in cls.councils:
            meeting = council.meetings.filter(status=MeetingStatus.HELD).order_by("-starts_at")[0]
            Meeting.objects.filter(pk=meeting.pk).update(
                private_notes=f"{council.name}：会長の体調のこと（事務局だけのメモ）"
            )
            cls.meetings.append(meeting)

    def url(self, name: str, *args: object) -> str:
        return reverse(name, args=[self.city.code, *args])

    def screens(self) -> list[str]:
        """Every council screen and feed a signed-in user may ask for, read or write."""
        # The municipality's start page (where "/" leads) lists what is new, as well.
        urls = [self.url("councils:list"), self.url("councils:my_actions")]
        urls.append(reverse("areas:dashboard", args=[self.city.code]))
        for council in self.councils:
            urls += [
                self.url("councils:home", council.pk),
                self.url("councils:home", council.pk) + "?contacts=1",
                self.url("councils:member_add", council.pk),
                self.url("councils:meeting_create", council.pk),
                self.url("councils:settings", council.pk),
                self.url("councils:calendar", council.calendar_token),
            ]
        for meeting in Meeting.objects.exclude(private_notes=""):
            urls += [
                self.url("councils:meeting", meeting.pk),
                self.url("councils:meeting_pdf", meeting.pk, "notices"),
            ]
        # No council record has a 変更履歴 page (members' contacts would be in it).
        for model in ("membership", "council", "meeting", "activity", "connection"):
            urls.append(reverse("core:history", args=[self.city.code, model, 1]))
        return urls

    def test_the_database_holds_contacts_and_notes_to_look_for(self) -> None:
        # Else the tests below would pass on an empty demo: members number%3 ≠ 0 have an
        # e-mail address, the others a postal address (councils/demo.py); one note per council.
        values = personal_values()
        self.assertGreater(len(values["メンバーのメールアドレス"]), 10)
        self.assertEqual(values["メンバーの郵送先"], {"サンプル市中央一丁目（架空の住所）"})
        self.assertEqual(len(values["会議の事務局メモ"]), 8)

    def test_members_advisers_and_viewers_meet_no_personal_value(self) -> None:
        values = personal_values()
        urls = self.screens()
        for username in WITHOUT_PERSONAL_DATA:
            self.client.force_login(User.objects.get(username=username))
            for url in urls:
                response = self.client.get(url)
                self.assertIn(response.status_code, (200, 403, 404), url)
                assert_holds_none(self, text_of(response), values, f"{username} {url}")
            # The address-bearing notices are refused, not sent empty.
            notices = self.url("councils:meeting_pdf", self.meetings[0].pk, "notices")
            self.assertEqual(self.client.get(notices).status_code, 403, username)
        self.assertFalse(PersonalDataAccess.objects.exists())

    def test_a_member_prints_the_other_documents_without_personal_values(self) -> None:
        # The documents do not depend on who prints them: one member prints them for the
        # latest held meeting of every council.
        values = personal_values()
        self.client.force_login(User.objects.get(username="demo-member"))
        for meeting in self.meetings:
            for document in PRINTED:
                url = self.url("councils:meeting_pdf", meeting.pk, document)
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200, url)
                assert_holds_none(self, text_of(response), values, url)

    def test_the_member_sees_no_contacts_column_nor_the_link_to_it(self) -> None:
        member = User.objects.get(username="demo-member")
        council = Council.objects.get(memberships__user=member)
        self.client.force_login(member)
        page = self.client.get(self.url("councils:home", council.pk) + "?contacts=1")
        self.assertContains(page, "メンバー")
        self.assertNotContains(page, "連絡先")

    def test_a_coordinator_sees_the_contacts_on_asking_and_each_look_is_logged(self) -> None:
        coordinator = User.objects.get(username="demo-sc1")
        self.client.force_login(coordinator)
        council = self.councils[0]
        members = services.members_on(council, NOW.date())
        with_contact = [m for m in members if m.email or m.postal_address]
        self.assertTrue(with_contact)
        # The plain page: no contacts, no log.
        home = self.url("councils:home", council.pk)
        page = self.client.get(home)
        for member in with_contact:
            self.assertNotContains(page, member.email or member.postal_address)
        self.assertFalse(PersonalDataAccess.objects.exists())
        # Asked for: every current member's contact, and one row.
        page = self.client.get(home + "?contacts=1")
        for member in with_contact:
            self.assertContains(page, member.email or member.postal_address)
        row = PersonalDataAccess.objects.get()
        self.assertEqual(
            (row.user, row.municipality, row.what, row.kind, row.record_count, row.path),
            (coordinator, self.city, "協議体メンバーの一覧（連絡先）", AccessKind.VIEW,
             len(with_contact), home),
        )  # fmt: skip
        self.assertEqual(row.filters, "contacts=1")

    def test_a_coordinator_prints_the_notices_with_addresses_and_it_is_logged(self) -> None:
        coordinator = User.objects.get(username="demo-sc1")
        self.client.force_login(coordinator)
        meeting = next(m for m in self.meetings if documents.notice_members(m))
        posted = [m for m in documents.notice_members(meeting) if m.postal_address]
        self.assertTrue(posted)
        response = self.client.get(self.url("councils:meeting_pdf", meeting.pk, "notices"))
        self.assertEqual(response.status_code, 200)
        text = text_of(response)
        for member in posted:
            self.assertIn("".join(member.postal_address.split()), text)
        row = PersonalDataAccess.objects.get()
        self.assertEqual(
            (row.user, row.what, row.kind, row.file_format, row.record_count),
            (coordinator, "開催通知（PDF）", AccessKind.DOCUMENT, "pdf", len(posted)),
        )
