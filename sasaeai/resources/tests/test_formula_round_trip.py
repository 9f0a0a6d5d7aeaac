"""Issue #20 hole 5 / build 2: texts a spreadsheet would run as formulas leave every export as
plain text, and the flat sheet read back (xlsx and both CSV encodings) still changes nothing."""

import io
import zipfile

from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.core.imports import batch_create, batch_preview
from sasaeai.resources.models import Contact
from sasaeai.resources.tests.factories import OrganizationFactory, resource_at

HOSTILE_NAME = '=HYPERLINK("http://evil.example","x")'


class FormulaRoundTripTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        area = Layer2AreaFactory(municipality=cls.city)
        town = TownFactory(area=area, name="本町一丁目", latitude=35.7, longitude=139.4)
        cls.user = user_with_role(Role.SC_LAYER1, cls.city)
        organization = OrganizationFactory(municipality=cls.city, name="+81 3-1234-5678の会")
        cls.resource = resource_at(
            town,
            name=HOSTILE_NAME,
            kana="はいぱーりんく",
            organization=organization,
            fee_free=False,
            fee_amount=100,
            fee_note="-5",
            description="@SUM(A1)",
        )
        Contact.objects.create(resource=cls.resource, name="-田中", phone="+81312345678")

    def setUp(self) -> None:
        self.client.force_login(self.user)

    def export(self, file_format: str) -> bytes:
        url = reverse("resources:export_flat", kwargs={"lgcode": self.city.code})
        response = self.client.get(url, {"format": file_format})
        self.assertEqual(response.status_code, 200)
        return response.content

    def changes(self, data: bytes, name: str) -> dict[str, tuple[str, ...]]:
        batch = batch_create(
            municipality=self.city, kind="resources_flat", name=name, data=data, user=self.user
        )
        preview = batch_preview(batch)
        self.assertEqual(preview.file_errors, [])
        self.assertEqual({row.line: row.errors for row in preview.rows if row.errors}, {})
        rows = [row for row in preview.rows if row.payload is not None]
        self.assertEqual(len(rows), 1)
        return {row.label: row.summary for row in rows if row.summary[0] != "変更なし"}

    def test_the_xlsx_holds_the_hostile_texts_as_strings_and_reads_back_unchanged(self) -> None:
        data = self.export("xlsx")
        book = load_workbook(io.BytesIO(data))
        sheet = book.active
        header = [c.value for c in sheet[1]]
        row = sheet[2]
        name = row[header.index("名称")]
        self.assertEqual((name.value, name.data_type), (HOSTILE_NAME, "s"))
        self.assertEqual(row[header.index("参加費の補足")].value, "-5")
        self.assertEqual(row[header.index("内容")].value, "@SUM(A1)")
        self.assertEqual(row[header.index("電話番号")].value, "+81312345678")
        # No formula anywhere in the sheet's XML (a formula cell is written as <f>…</f>).
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            self.assertNotIn(b"<f>", archive.read("xl/worksheets/sheet1.xml"))
        calamine = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
        self.assertEqual(calamine.to_python()[1][1], HOSTILE_NAME)
        self.assertEqual(self.changes(data, "地域資源.xlsx"), {})

    def test_the_csv_quotes_formula_like_texts_only_and_reads_back_unchanged(self) -> None:
        for file_format, encoding in (("csv", "utf-8-sig"), ("csv-sjis", "cp932")):
            with self.subTest(file_format):
                data = self.export(file_format)
                text = data.decode(encoding)
                # csv doubles the quotes inside a quoted field: "'=HYPERLINK(""http…"",""x"")"
                self.assertIn('"\'=HYPERLINK(""http://evil.example"",""x"")"', text)
                self.assertIn(",'@SUM(A1)", text)
                self.assertIn(",'+81 3-1234-5678の会,", text)
                self.assertIn(",'-田中,", text)
                # Plain numbers stay numbers: no quote before -5 or the phone number.
                self.assertIn(",-5,", text)
                self.assertIn(",+81312345678,", text)
                self.assertEqual(self.changes(data, "地域資源.csv"), {})
