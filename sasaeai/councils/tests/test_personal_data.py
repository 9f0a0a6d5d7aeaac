"""Members' e-mail and postal addresses are personal data (issue #21): the council's page shows
them on request to coordinators and the municipal admin only, and the 開催通知 (which print the
addresses) are for the council's coordinators; each look that shows at least one writes one
access-log row counting the members shown with one."""

from __future__ import annotations

import datetime

import time_machine
from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import AreaFactory, Layer2AreaFactory, MunicipalityFactory
from sasaeai.core.constants import AccessKind
from sasaeai.core.models import PersonalDataAccess
from sasaeai.core.tests.pdf import downloaded, poppler

from .factories import TOKYO, CouncilFactory, MeetingFactory, MembershipFactory

NOW = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=TOKYO)
ADDRESS = "八王子市元本郷町三丁目24番1号"


@time_machine.travel(NOW, tick=False)
class MemberContactTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        whole = AreaFactory(municipality=cls.city)
        north = Layer2AreaFactory(municipality=cls.city, parent=whole, name="北部圏域")
        south = Layer2AreaFactory(municipality=cls.city, parent=whole, name="南部圏域")
        cls.council = CouncilFactory(municipality=cls.city, area=north, name="北部の協議体")
        member = MembershipFactory
        # A: e-mail only; B: postal address only; C: neither; D: e-mail, but the term ended.
        cls.a = member(council=cls.council, name="秋山 明", kana="あきやま", email="a@example.jp")
        cls.b = member(council=cls.council, name="馬場 文", kana="ばば", postal_address=ADDRESS)
        cls.c = member(council=cls.council, name="千葉 知", kana="ちば")
        cls.d = member(
            council=cls.council, name="土井 大", kana="どい", email="d@example.jp",
            term_end=datetime.date(2026, 3, 31),
        )  # fmt: skip
        cls.meeting = MeetingFactory(council=cls.council, title="第3回北部の協議体")
        cls.sc2 = user_with_role(Role.SC_LAYER2, cls.city, area=north)
        cls.sc2_south = user_with_role(Role.SC_LAYER2, cls.city, area=south)
        cls.admin = user_with_role(Role.MUNICIPAL_ADMIN, cls.city)
        cls.member_user = user_with_role(Role.COUNCIL_MEMBER, cls.city, area=north)
        cls.c.user = cls.member_user
        cls.c.save()
        cls.adviser = user_with_role(Role.ADVISER, cls.city)
        cls.viewer = user_with_role(Role.VIEWER, cls.city)

    def home(self, query: str = "") -> str:
        return reverse("councils:home", args=[self.city.code, self.council.pk]) + query

    def notices(self) -> str:
        return reverse("councils:meeting_pdf", args=[self.city.code, self.meeting.pk, "notices"])

    def test_members_advisers_and_viewers_see_the_members_without_contacts(self) -> None:
        for user in (self.member_user, self.adviser, self.viewer):
            self.client.force_login(user)
            for query in ("", "?contacts=1"):
                page = self.client.get(self.home(query))
                self.assertContains(page, "馬場 文")
                for value in ("a@example.jp", ADDRESS, "d@example.jp", "連絡先"):
                    self.assertNotContains(page, value)
            self.assertEqual(self.client.get(self.notices()).status_code, 403)
        self.assertFalse(PersonalDataAccess.objects.exists())

    def test_the_council_page_shows_no_contacts_unless_asked_and_then_logs_once(self) -> None:
        self.client.force_login(self.sc2)
        page = self.client.get(self.home())
        self.assertContains(page, "連絡先（メールアドレス・郵送先）を表示する")
        self.assertNotContains(page, "a@example.jp")
        self.assertFalse(PersonalDataAccess.objects.exists())
        page = self.client.get(self.home("?contacts=1"))
        self.assertContains(page, "a@example.jp")
        self.assertContains(page, f"郵送先：{ADDRESS}")
        # D's term has ended: not on the page.
        self.assertNotContains(page, "d@example.jp")
        row = PersonalDataAccess.objects.get()
        # A (e-mail) and B (address) are shown with a contact; C has none, D is not shown.
        self.assertEqual(
            (row.user, row.municipality, row.kind, row.what, row.record_count, row.path,
             row.filters),
            (self.sc2, self.city, AccessKind.VIEW, "協議体メンバーの一覧（連絡先）", 2,
             self.home(), "contacts=1"),
        )  # fmt: skip

    def test_the_admin_and_a_coordinator_of_another_area_see_the_contacts_too(self) -> None:
        # The personal-data permission is the municipality's (accounts.constants), not an
        # area's: the admin and every coordinator.
        for user in (self.admin, self.sc2_south):
            self.client.force_login(user)
            self.assertContains(self.client.get(self.home("?contacts=1")), "a@example.jp")
        self.assertEqual(PersonalDataAccess.objects.count(), 2)

    def test_a_council_without_contacts_writes_no_row(self) -> None:
        self.council.memberships.update(email="", postal_address="")
        self.client.force_login(self.sc2)
        self.assertContains(self.client.get(self.home("?contacts=1")), "連絡先（非公開）")
        self.assertFalse(PersonalDataAccess.objects.exists())

    def test_the_notices_print_the_addresses_and_are_logged(self) -> None:
        self.client.force_login(self.sc2)
        response = self.client.get(self.notices())
        self.assertEqual(response.status_code, 200)
        text = poppler("pdftotext", downloaded(response))
        # Notices go to the members without e-mail on the day: B and C (D's term ended).
        self.assertIn("馬場 文 様", text)
        self.assertIn("千葉 知 様", text)
        self.assertNotIn("秋山 明 様", text)
        self.assertIn(ADDRESS, text)
        row = PersonalDataAccess.objects.get()
        # Only B's notice carries an address.
        self.assertEqual(
            (row.user, row.kind, row.what, row.file_format, row.record_count, row.path),
            (self.sc2, AccessKind.DOCUMENT, "開催通知（PDF）", "pdf", 1, self.notices()),
        )

    def test_notices_without_any_address_write_no_row(self) -> None:
        self.b.postal_address = ""
        self.b.save()
        self.client.force_login(self.sc2)
        self.assertEqual(self.client.get(self.notices()).status_code, 200)
        self.assertFalse(PersonalDataAccess.objects.exists())

    def test_the_notices_stay_with_the_council_s_own_coordinators(self) -> None:
        # May see personal data, but prints for the north council are the north's work.
        self.client.force_login(self.sc2_south)
        self.assertEqual(self.client.get(self.notices()).status_code, 403)
        self.assertFalse(PersonalDataAccess.objects.exists())

    def test_the_other_documents_log_nothing(self) -> None:
        self.client.force_login(self.sc2)
        for document in ("agenda", "minutes", "attendance-sheet"):
            url = reverse("councils:meeting_pdf", args=[self.city.code, self.meeting.pk, document])
            text = poppler("pdftotext", downloaded(self.client.get(url)))
            self.assertNotIn(ADDRESS, text)
            self.assertNotIn("a@example.jp", text)
        self.assertFalse(PersonalDataAccess.objects.exists())
