"""The column-mapping step of the import framework (issue #17, point 5), as the population
import uses it: a header the synonym table does not know is mapped on the preview, the mapping
is remembered for the municipality when the batch is committed, and the next file is read with it.

The workbook used throughout (both-sexes bands; 「人口総数（人）」 and 「世帯（戸）」 are not in
POPULATION_COLUMNS, so they are left unread until mapped; the screens show headers as
read, in NFKC: 「人口総数(人)」):

本町一丁目: 0～64歳 70, 65～74歳 15, 75～84歳 10, 85歳以上 5 → total 100, 65+ 30, rate 30.0%.
本町二丁目: 40, 6, 3, 1 → total 50, 65+ 10, rate 20.0%.
新町:       10, 5, 3, 2 → total 20, 65+ 10, rate 50.0% (not in the town list).
City: 100 + 50 + 20 = 170; 65+ 30 + 10 + 10 = 50; rate 50 / 170 = 29.41…% → 29.4%.
"""

import datetime
import io
import tempfile
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas import selectors
from sasaeai.areas.models import PopulationRecord
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.areas.tests.test_population_shapes import workbook
from sasaeai.core.imports import batch_commit, batch_create, batch_map_columns, batch_preview
from sasaeai.core.models import ImportBatch, ImportColumnMapping

APRIL = datetime.datetime(2025, 4, 1)
HEAD = [
    "町丁目名",
    "調査日",
    "人口総数（人）",
    "世帯（戸）",
    "0～64歳",
    "65～74歳",
    "75～84歳",
    "85歳以上",
]
HONCHO_1 = ["本町一丁目", APRIL, 100, 45, 70, 15, 10, 5]
HONCHO_2 = ["本町二丁目", APRIL, 50, 22, 40, 6, 3, 1]
SHINMACHI = ["新町", APRIL, 20, 9, 10, 5, 3, 2]


class PopulationMappingTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.area = Layer2AreaFactory(municipality=cls.city, name="中央圏域")
        cls.town_1 = TownFactory(area=cls.area, code="001", name="本町一丁目")
        cls.town_2 = TownFactory(area=cls.area, code="002", name="本町二丁目")
        cls.user = user_with_role(Role.SC_LAYER1, cls.city, user__username="sc1")

    def upload(self, *rows: list, head: list[str] = HEAD) -> ImportBatch:
        return batch_create(
            municipality=self.city,
            kind="population",
            name="人口.xlsx",
            data=workbook(head, list(rows)),
            user=self.user,
        )

    def url(self, batch: ImportBatch) -> str:
        return reverse("core:import_preview", kwargs={"lgcode": "132012", "pk": batch.pk})

    def remember_total(self) -> None:
        """A first file committed with 「人口総数（人）」 mapped to 総人口."""
        batch = self.upload(HONCHO_1)
        batch_map_columns(batch=batch, choices={"人口総数（人）": "総人口"}, user=self.user)
        batch_commit(batch=batch, excluded_lines=[], user=self.user)

    def test_an_unknown_header_is_mapped_on_the_preview_and_the_ticks_are_kept(self) -> None:
        batch = self.upload(HONCHO_1, HONCHO_2, SHINMACHI)
        self.client.force_login(self.user)
        page = self.client.get(self.url(batch))
        self.assertContains(page, "必要な列がありません: 総人口")
        self.assertContains(page, '<label for="mapped-field-0">人口総数(人)</label>', html=False)
        self.assertContains(page, '<option value="総人口">総人口</option>', html=True)
        columns = {"mapped_header": ["人口総数（人）", "世帯（戸）"]}
        response = self.client.post(
            self.url(batch), {"action": "map_columns", **columns, "mapped_field": ["総人口", ""]}
        )
        self.assertRedirects(response, self.url(batch))
        # Read again: 新町 is not in the town list, so the choice to create it appears.
        page = self.client.get(self.url(batch))
        self.assertContains(page, "この 1 件の町丁目を作る")
        self.assertFalse(ImportColumnMapping.objects.exists())  # remembered only on commit
        # Ticked, then 世帯（戸） mapped too: the tick survives the second reading.
        response = self.client.post(
            self.url(batch),
            {
                "action": "map_columns",
                "option": ["create_towns"],
                **columns,
                "mapped_field": ["総人口", "世帯数"],
            },
        )
        self.assertRedirects(response, self.url(batch) + "?option=create_towns")
        page = self.client.get(self.url(batch) + "?option=create_towns")
        self.assertContains(page, 'value="create_towns" id="option-create_towns"')
        self.assertContains(page, "checked>", html=False)
        # The mapped 世帯数 shows on each row read: 45 and 22 households (新町 waits for the
        # tick to be confirmed, so its row is still judged as a missing town).
        self.assertContains(page, "世帯数（列「世帯(戸)」）")
        preview = page.context["preview"]
        self.assertEqual([row.summary[-1] for row in preview.rows[:2]], ["45", "22"])
        response = self.client.post(
            self.url(batch), {"action": "commit", "option": ["create_towns"]}
        )
        self.assertRedirects(response, self.url(batch))
        city = selectors.municipality_population(self.city, datetime.date(2025, 4, 1))
        self.assertEqual((city.total, city.age65), (170, 50))  # 100+50+20; 30+10+10
        self.assertEqual(city.aging_rate, Decimal("29.4"))  # 50 / 170 = 29.41…%
        one = selectors.town_population(self.city, datetime.date(2025, 4, 1))[self.town_1.pk]
        self.assertEqual((one.total, one.age65, one.age75, one.age85), (100, 30, 15, 5))
        self.assertEqual(PopulationRecord.objects.get(town=self.town_2).households, 22)
        remembered = ImportColumnMapping.objects.filter(municipality=self.city, kind="population")
        self.assertEqual(
            sorted(remembered.values_list("header", "field")),
            [("世帯(戸)", "世帯数"), ("人口総数(人)", "総人口")],
        )
        self.assertEqual(remembered.get(field="総人口").history.get().history_user, self.user)

    def test_the_next_file_is_read_with_the_remembered_mapping_and_says_so(self) -> None:
        self.remember_total()
        batch = self.upload(HONCHO_2)
        preview = batch_preview(batch)
        self.assertEqual(preview.file_errors, [])
        self.assertEqual(preview.mapping_notes, ["前回の割り当て: 列「人口総数(人)」→ 総人口"])
        self.assertEqual(preview.rows[0].summary[1], 50)
        self.client.force_login(self.user)
        page = self.client.get(self.url(batch))
        self.assertContains(page, "前回の割り当て: 列「人口総数(人)」→ 総人口")
        # Changeable: set to 「使わない」 for this file, 総人口 is missing again.
        self.client.post(
            self.url(batch),
            {"action": "map_columns", "mapped_header": ["人口総数（人）"], "mapped_field": [""]},
        )
        batch.refresh_from_db()
        self.assertEqual(batch_preview(batch).file_errors, ["必要な列がありません: 総人口"])

    def test_one_field_from_two_columns_is_refused_naming_both(self) -> None:
        head = [*HEAD[:3], "総人口", *HEAD[3:]]
        batch = self.upload([*HONCHO_1[:3], 100, *HONCHO_1[3:]], head=head)
        expected = (
            "「総人口」に2つの列（列「人口総数(人)」と列「総人口」）が割り当てられています。"
            "どちらか一方を「使わない」にしてください。"
        )
        with self.assertRaisesMessage(ValidationError, expected):
            batch_map_columns(batch=batch, choices={"人口総数（人）": "総人口"}, user=self.user)
        self.client.force_login(self.user)
        response = self.client.post(
            self.url(batch),
            {
                "action": "map_columns",
                "mapped_header": ["人口総数（人）"],
                "mapped_field": ["総人口"],
            },
        )
        self.assertContains(response, expected, status_code=400)
        batch.refresh_from_db()
        self.assertEqual(batch.column_mapping, {})
        # Two unknown columns both mapped to 世帯数 are refused the same way.
        with self.assertRaisesMessage(ValidationError, "列「人口総数(人)」と列「世帯(戸)」"):
            batch_map_columns(
                batch=batch,
                choices={"人口総数（人）": "世帯数", "世帯（戸）": "世帯数"},
                user=self.user,
            )

    def test_a_field_the_importer_does_not_know_is_refused(self) -> None:
        batch = self.upload(HONCHO_1)
        with self.assertRaisesMessage(
            ValidationError, "「高齢者数」はこの取込で読める項目ではありません"
        ):
            batch_map_columns(batch=batch, choices={"人口総数（人）": "高齢者数"}, user=self.user)
        batch.refresh_from_db()
        self.assertEqual(batch.column_mapping, {})

    def test_the_command_reads_with_the_remembered_mapping(self) -> None:
        self.remember_total()
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "人口.xlsx"
            path.write_bytes(workbook(HEAD, [HONCHO_2]))
            out = io.StringIO()
            call_command(
                "import_population", str(path), municipality="132012", user="sc1",
                stdout=out, stderr=io.StringIO(),
            )  # fmt: skip
        self.assertIn("前回の割り当て: 列「人口総数(人)」→ 総人口", out.getvalue())
        self.assertIn("1件を取り込みました（除外 0行）。", out.getvalue())
        two = selectors.town_population(self.city, datetime.date(2025, 4, 1))[self.town_2.pk]
        self.assertEqual((two.total, two.age65), (50, 10))  # 6 + 3 + 1 = 10
