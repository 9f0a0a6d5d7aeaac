"""`sasaeai import-resources` (issue #22): the scripted yearly update of the registry, with the
same preview, the same value and column mapping and the same all-or-nothing rule as the screen."""

import io
import tempfile
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import TestCase

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import MunicipalityFactory
from sasaeai.core.constants import ImportStatus
from sasaeai.core.models import ImportBatch, ImportValueMapping
from sasaeai.resources.models import Resource
from sasaeai.utils.tabular import csv_bytes

HEADER = ["施設名", "所在地", "電話番号"]
ROWS = [
    ["デイサービスさくら", "八王子市本町1-1", "042-000-0001"],
    ["ケアハウスみどり", "八王子市新町2-2", "042-000-0002"],
]


class ImportResourcesCommandTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        user_with_role(Role.SC_LAYER1, cls.city, user__username="sc1")

    def run_command(self, *flags: str, rows: list[list[str]] = ROWS) -> tuple[str, str]:
        out, err = io.StringIO(), io.StringIO()
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "施設一覧.csv"
            path.write_bytes(csv_bytes(HEADER, rows, "cp932"))
            try:
                call_command(
                    "import_resources", str(path), *flags, municipality="132012", user="sc1",
                    stdout=out, stderr=err,
                )  # fmt: skip
            finally:
                self.err = err.getvalue()
        return out.getvalue(), err.getvalue()

    def test_without_a_kind_nothing_is_written_and_the_rows_left_are_named(self) -> None:
        with self.assertRaises(CommandError):
            self.run_command()
        self.assertIn(
            "種類: 「（空欄・列なし）」（2行）をどれとして取り込むか決まっていません。", self.err
        )
        self.assertIn("2行目（デイサービスさくら）: 種類: 空欄です。", self.err)
        self.assertEqual(Resource.objects.count(), 0)
        self.assertEqual(
            list(ImportBatch.objects.values_list("status", flat=True)), [ImportStatus.CANCELLED]
        )

    def test_the_kind_by_its_japanese_label_and_the_same_file_again_is_no_change(self) -> None:
        out, _err = self.run_command("--kind", "介護サービス事業所")
        self.assertIn("新規 2件、エラー 0行", out)
        self.assertEqual(
            sorted(Resource.objects.values_list("name", "kind")),
            [("ケアハウスみどり", "care_provider"), ("デイサービスさくら", "care_provider")],
        )
        # Remembered as the screen's 値の割り当て would be: the next run needs no --kind.
        self.assertEqual(
            list(ImportValueMapping.objects.values_list("field", "value_key", "choice")),
            [("種類", "", "care_provider")],
        )
        out, _err = self.run_command("--dry-run")
        self.assertIn("変更なし 2件、エラー 0行", out)

    def test_a_kind_by_its_code_and_a_dry_run_writes_nothing(self) -> None:
        out, _err = self.run_command("--kind", "care_provider", "--dry-run")
        self.assertIn("新規 2件、エラー 0行", out)
        self.assertIn("確認のみ: 2行、エラー0行。", out)
        self.assertEqual(Resource.objects.count(), 0)

    def test_an_unknown_kind_is_refused_and_nothing_is_kept(self) -> None:
        with self.assertRaisesMessage(CommandError, "--kind 「老人ホーム」は種類にありません"):
            self.run_command("--kind", "老人ホーム")
        self.assertEqual(Resource.objects.count(), 0)
        self.assertEqual(
            list(ImportBatch.objects.values_list("status", flat=True)), [ImportStatus.CANCELLED]
        )

    def test_the_hyphenated_name_is_known(self) -> None:
        from sasaeai.cli import ALIASES

        self.assertEqual(ALIASES["import-resources"], "import_resources")
