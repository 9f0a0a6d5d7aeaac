"""「生活支援コーディネーターへの相談」 on the residents' pages (issue #26, point 1): the area's
public desk on its page, on its places' pages and on the print list (HTML and PDF, whose digest
follows the desk); a desk not public never; the layer-1 desk where an area has none."""

import datetime

from sasaeai.areas.services import desk_save
from sasaeai.core.tests.pdf import poppler
from sasaeai.portal import handout

from .test_views import PortalFixture

CONSENT = datetime.date(2025, 4, 1)


class DeskBoxTests(PortalFixture):
    """The fixture's city (test_views.build): いきいき体操の会 meets in 北部圏域 (桜町集会所) and
    has a public contact; 縁側サロン meets in 南部圏域 and has none, nor a 代表電話."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.public = desk_save(
            area=cls.north, user=None, organization="北部地域包括支援センター",
            phone="042-000-9001", email="kita@example.jp", hours="平日 9時〜17時",
            is_public=True, public_consent_on=CONSENT,
        )  # fmt: skip
        cls.private = desk_save(
            area=cls.north, user=None, organization="北部の準備中の窓口", person_name="山田",
            phone="090-0000-1111",
        )  # fmt: skip

    def pages(self, area, place) -> dict[str, str]:  # type: ignore[no-untyped-def]
        """The area's page, a place's page and the print list, as residents get them."""
        found = {}
        for name, pk in (("area", area.pk), ("detail", place.pk), ("print_list", area.pk)):
            response = self.page(name, pk=pk)
            self.assertEqual(response.status_code, 200, name)
            found[name] = response.content.decode()
        return found

    def test_the_public_desk_is_on_all_three_pages_with_links_to_call_and_write(self) -> None:
        for name, html in self.pages(self.north, self.exercise).items():
            with self.subTest(name):
                self.assertIn("生活支援コーディネーターへの相談", html)
                self.assertIn("北部地域包括支援センター", html)
                # tel: with the digits only (042-000-9001 → 0420009001).
                self.assertInHTML(
                    '<a class="desk__link" href="tel:0420009001">電話 042-000-9001</a>', html
                )
                self.assertInHTML(
                    '<a class="desk__link" href="mailto:kita@example.jp">メール kita@example.jp</a>',
                    html,
                )
                self.assertIn("受付時間：平日 9時〜17時", html)

    def test_a_desk_not_public_is_on_no_page(self) -> None:
        for name, html in self.pages(self.north, self.exercise).items():
            with self.subTest(name):
                self.assertNotIn("北部の準備中の窓口", html)
                self.assertNotIn("090-0000-1111", html)
                self.assertNotIn("山田", html)

    def test_an_area_without_a_public_desk_shows_its_layer1_desk(self) -> None:
        # 南部圏域 has no desk; 北部圏域's is not its: before the layer-1 desk, no box at all.
        before = self.pages(self.south, self.salon)
        for name, html in before.items():
            with self.subTest(name):
                self.assertNotIn("生活支援コーディネーターへの相談", html)
        desk_save(
            area=self.south.parent, user=None, organization="市社会福祉協議会",
            phone="042-000-9000", is_public=True, public_consent_on=CONSENT,
        )  # fmt: skip
        for name, html in self.pages(self.south, self.salon).items():
            with self.subTest(name):
                self.assertIn("市社会福祉協議会", html)
                self.assertNotIn("北部地域包括支援センター", html)

    def test_a_place_without_contacts_points_to_the_box(self) -> None:
        desk_save(
            area=self.south, user=None, organization="南部地域包括支援センター",
            phone="042-000-9002", is_public=True, public_consent_on=CONSENT,
        )  # fmt: skip
        html = self.page("detail", pk=self.salon.pk).content.decode()
        self.assertInHTML(
            '<a href="#coordinator">連絡先は下の「生活支援コーディネーターへの相談」にあります</a>',
            html,
        )

    def test_a_changed_desk_changes_the_print_digest_and_the_pdf_prints_it(self) -> None:
        groups = handout.handout_groups(self.city, self.north)
        before = handout.handout_digest(groups, self.city, self.north)
        # A change residents do not see (the private desk) prints nothing new.
        desk_save(
            area=self.north, desk=self.private, user=None, organization="北部の準備中の窓口",
            phone="090-0000-2222",
        )  # fmt: skip
        self.assertEqual(handout.handout_digest(groups, self.city, self.north), before)
        desk_save(
            area=self.north, desk=self.public, user=None, organization="北部地域包括支援センター",
            phone="042-000-9009", is_public=True, public_consent_on=CONSENT,
        )  # fmt: skip
        self.assertNotEqual(handout.handout_digest(groups, self.city, self.north), before)
        pdf = handout.render_handout_pdf(
            groups, municipality=self.city, area=self.north, today=datetime.date(2026, 12, 5)
        )
        text = poppler("pdftotext", pdf)
        self.assertIn("生活支援コーディネーターへの相談", text)
        self.assertIn("042-000-9009", text)
        self.assertNotIn("090-0000", text)
