"""The flat sheet round trip on the whole demo city: an exported sheet read back changes nothing,
one edited cell is one change."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from sasaeai.accounts.models import User
from sasaeai.core.imports import batch_commit, batch_create, batch_preview
from sasaeai.resources.models import Contact, Resource
from sasaeai.tests.demo_city import DemoCityTestCase
from sasaeai.utils.tabular import csv_bytes

from .test_flat_import import workbook_bytes


class DemoRoundTripTests(DemoCityTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = cls.demo.city
        cls.user = User.objects.get(username="demo-sc1")

    def export(self) -> list[list]:
        self.client.force_login(self.user)
        url = reverse("resources:export_flat", kwargs={"lgcode": self.city.code})
        sheet = load_workbook(io.BytesIO(self.client.get(url, {"format": "xlsx"}).content)).active
        return [list(row) for row in sheet.iter_rows(values_only=True)]

    def preview(self, data: bytes, name: str = "地域資源.xlsx"):  # type: ignore[no-untyped-def]
        batch = batch_create(
            municipality=self.city, kind="resources_flat", name=name, data=data, user=self.user
        )
        return batch, batch_preview(batch)

    def test_an_exported_sheet_read_back_shows_no_change_at_all(self) -> None:
        rows = self.export()
        _, preview = self.preview(workbook_bytes(rows))
        self.assertEqual(preview.file_errors, [])
        self.assertEqual({row.line: row.errors for row in preview.rows if row.errors}, {})
        changed = {
            row.label: row.summary
            for row in preview.rows
            if row.payload is not None and row.summary[0] != "変更なし"
        }
        self.assertEqual(changed, {})
        # One group per resource: 261 demo resources.
        self.assertEqual(
            sum(1 for row in preview.rows if row.payload is not None), Resource.objects.count()
        )

    def test_one_edited_cell_is_exactly_one_change_and_only_it_is_written(self) -> None:
        rows = self.export()
        header = rows[0]
        target = rows[1]
        target[header.index("定員")] = 99
        _, preview = self.preview(workbook_bytes(rows))
        changed = [
            row for row in preview.rows if row.payload is not None and row.summary[0] != "変更なし"
        ]
        self.assertEqual(
            [(row.label, row.summary) for row in changed], [(target[1], ("更新", "定員"))]
        )
        batch, _ = self.preview(workbook_bytes(rows))
        before = Resource.history.count()
        self.assertEqual(batch_commit(batch=batch, excluded_lines=[], user=self.user), 1)
        resource = Resource.objects.get(uuid=target[0])
        self.assertEqual(resource.capacity, 99)
        self.assertEqual(Resource.history.count() - before, 1)

    def test_the_same_sheet_as_shift_jis_csv_also_reads_back_unchanged(self) -> None:
        rows = self.export()
        data = csv_bytes(rows[0], rows[1:], "cp932")
        _, preview = self.preview(data, "地域資源.csv")
        changed = {
            row.label: row.summary
            for row in preview.rows
            if row.payload is not None and row.summary[0] != "変更なし"
        }
        self.assertEqual(changed, {})

    def test_formula_like_texts_read_back_unchanged_from_xlsx_and_csv(self) -> None:
        # Issue #20 build 2: a name Excel would run, a note and a description starting with - and
        # @, a phone written as a number; the xlsx holds them as strings, the CSV quotes the
        # formulas only, and reading either back changes nothing.
        resource = Resource.objects.order_by("pk").first()
        assert resource is not None
        Resource.objects.filter(pk=resource.pk).update(
            name='=HYPERLINK("http://evil.example","x")', fee_note="-5", description="@SUM(A1)"
        )
        Contact.objects.create(resource=resource, name="窓口", phone="+81312345678")
        rows = self.export()
        self.assertIn('=HYPERLINK("http://evil.example","x")', [row[1] for row in rows])
        self.client.force_login(self.user)
        url = reverse("resources:export_flat", kwargs={"lgcode": self.city.code})
        for data, name in (
            (workbook_bytes(rows), "地域資源.xlsx"),
            (self.client.get(url, {"format": "csv"}).content, "地域資源.csv"),
        ):
            with self.subTest(name):
                _, preview = self.preview(data, name)
                self.assertEqual(preview.file_errors, [])
                changed = {
                    row.label: row.summary
                    for row in preview.rows
                    if row.payload is not None and row.summary[0] != "変更なし"
                }
                self.assertEqual(changed, {})
