import datetime
import io
import tempfile
from pathlib import Path
from unittest import mock

from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.models import PopulationRecord
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.areas.tests.test_population_import import TOWN_A, TOWN_B, csv_text
from sasaeai.core import imports
from sasaeai.core.models import ImportBatch, ImportStatus

GOOD_AND_BAD = [
    ("001", "本町一丁目", "2025/10/1", TOWN_A, None),  # line 2: 110 people
    ("099", "存在町", "2025/10/1", TOWN_B, None),  # line 3: unknown town
]


class ImportScreenTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        area = Layer2AreaFactory(municipality=cls.city)
        TownFactory(area=area, code="001", name="本町一丁目")
        cls.user = user_with_role(Role.SC_LAYER1, cls.city)

    def setUp(self) -> None:
        self.client.force_login(self.user)

    def post_file(self, text: str, name: str = "人口.csv"):  # type: ignore[no-untyped-def]
        url = reverse("core:import_upload", kwargs={"lgcode": "132012", "kind": "population"})
        upload = io.BytesIO(text.encode("cp932"))
        upload.name = name
        return self.client.post(url, {"file": upload})

    def test_uploading_shows_each_row_with_its_line_and_reason_and_writes_nothing(self) -> None:
        response = self.post_file(csv_text(rows=GOOD_AND_BAD))
        batch = ImportBatch.objects.get()
        self.assertRedirects(
            response, reverse("core:import_preview", kwargs={"lgcode": "132012", "pk": batch.pk})
        )
        page = self.client.get(response["Location"])
        self.assertContains(page, "町丁目「存在町」（地域コード 099）が登録されていません。")
        self.assertContains(page, "エラーのある行が1行あります。")
        self.assertContains(page, "Shift_JIS（cp932）")
        self.assertEqual(PopulationRecord.objects.count(), 0)

    def test_confirming_with_errors_left_in_is_refused_and_keeps_the_users_choices(self) -> None:
        self.post_file(csv_text(rows=GOOD_AND_BAD))
        batch = ImportBatch.objects.get()
        url = reverse("core:import_preview", kwargs={"lgcode": "132012", "pk": batch.pk})
        response = self.client.post(url, {"action": "commit", "exclude": ["2"]})
        self.assertEqual(response.status_code, 400)
        self.assertContains(
            response,
            "エラーのある行（3行目）を直すか、取り込まない行として選んでください。",
            status_code=400,
        )
        self.assertContains(response, 'value="2" id="exclude-2" checked', status_code=400)
        self.assertEqual(PopulationRecord.objects.count(), 0)

    def test_confirming_with_the_bad_row_left_out_writes_the_good_one(self) -> None:
        self.post_file(csv_text(rows=GOOD_AND_BAD))
        batch = ImportBatch.objects.get()
        url = reverse("core:import_preview", kwargs={"lgcode": "132012", "pk": batch.pk})
        response = self.client.post(url, {"action": "commit", "exclude": ["3"]})
        self.assertRedirects(response, url)
        batch.refresh_from_db()
        self.assertEqual(
            (batch.status, batch.excluded_lines, batch.written_count),
            (ImportStatus.COMMITTED, [3], 1),
        )
        self.assertEqual(PopulationRecord.objects.get().total, 110)

    def test_a_button_of_a_step_this_import_lacks_never_confirms_it(self) -> None:
        # The old 「この対応で読み直す」 (action=remap) and the value step of another importer:
        # before issue #22 any action the view did not know fell through to the commit.
        self.post_file(csv_text(rows=GOOD_AND_BAD))
        batch = ImportBatch.objects.get()
        url = reverse("core:import_preview", kwargs={"lgcode": "132012", "pk": batch.pk})
        for action in ("remap", "map_values"):
            with self.subTest(action):
                response = self.client.post(url, {"action": action, "exclude": ["3"]}, follow=True)
                self.assertContains(
                    response, "この操作はこの取込ではできません。何も保存していません。"
                )
        batch.refresh_from_db()
        self.assertEqual(
            (batch.status, PopulationRecord.objects.count()), (ImportStatus.PREVIEW, 0)
        )

    def test_a_file_that_is_neither_csv_nor_xlsx_is_refused_on_the_form(self) -> None:
        # The population import reads .xlsx too (issue #17), so an old .xls is what it refuses.
        response = self.post_file("x", name="人口.xls")
        self.assertContains(
            response, "CSV・XLSXファイル（拡張子 .csv、.xlsx）を選んでください。", status_code=400
        )
        self.assertEqual(ImportBatch.objects.count(), 0)

    def test_cancelling_deletes_the_waiting_file_and_writes_nothing(self) -> None:
        self.post_file(csv_text(rows=GOOD_AND_BAD))
        batch = ImportBatch.objects.get()
        path = batch.file.path
        url = reverse("core:import_preview", kwargs={"lgcode": "132012", "pk": batch.pk})
        self.client.post(url, {"action": "cancel"})
        batch.refresh_from_db()
        self.assertEqual(batch.status, ImportStatus.CANCELLED)
        self.assertFalse(Path(path).exists())

    def test_an_unknown_import_kind_is_not_found(self) -> None:
        url = reverse("core:import_upload", kwargs={"lgcode": "132012", "kind": "nothing"})
        self.assertEqual(self.client.get(url).status_code, 404)


class ImportCommandTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        ImportScreenTests.setUpTestData.__func__(cls)  # type: ignore[attr-defined]

    def write(self, tmp: str, text: str) -> str:
        path = Path(tmp) / "人口.csv"
        path.write_bytes(text.encode("cp932"))
        return str(path)

    def test_the_command_refuses_a_file_with_errors_and_writes_nothing(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = self.write(tmp, csv_text(rows=GOOD_AND_BAD))
            err = io.StringIO()
            with self.assertRaisesMessage(CommandError, "エラーがあるため何も書き込みませんでした"):
                call_command(
                    "import_population",
                    path,
                    municipality="132012",
                    user=self.user.username,
                    stderr=err,
                )
        self.assertIn(
            "3行目（存在町）: 町丁目「存在町」（地域コード 099）が登録されていません。",
            err.getvalue(),
        )
        self.assertEqual(PopulationRecord.objects.count(), 0)

    def test_the_command_can_leave_out_bad_rows_on_request(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = self.write(tmp, csv_text(rows=GOOD_AND_BAD))
            out = io.StringIO()
            call_command(
                "import_population", path, municipality="132012", user=self.user.username,
                exclude_errors=True, stdout=out, stderr=io.StringIO(),
            )  # fmt: skip
        self.assertIn("1件を取り込みました（除外 1行）。", out.getvalue())
        record = PopulationRecord.objects.get()
        self.assertEqual((record.as_of, record.total), (datetime.date(2025, 10, 1), 110))


class LargeFileTests(TestCase):
    """A large file is read and committed by the background worker (immediate in tests)."""

    @classmethod
    def setUpTestData(cls) -> None:
        ImportScreenTests.setUpTestData.__func__(cls)  # type: ignore[attr-defined]

    def setUp(self) -> None:
        self.client.force_login(self.user)
        patcher = mock.patch.object(imports, "BACKGROUND_BYTES", 10)
        patcher.start()
        self.addCleanup(patcher.stop)

    def test_the_preview_and_the_commit_run_as_jobs_and_the_page_shows_their_result(self) -> None:
        upload = io.BytesIO(csv_text(rows=GOOD_AND_BAD).encode("cp932"))
        upload.name = "人口.csv"
        url = reverse("core:import_upload", kwargs={"lgcode": "132012", "kind": "population"})
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, {"file": upload})
        batch = ImportBatch.objects.get()
        self.assertEqual((batch.job_state, len(batch.preview_data["rows"])), ("done", 2))
        page = self.client.get(response["Location"])
        self.assertContains(page, "町丁目「存在町」（地域コード 099）が登録されていません。")
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(response["Location"], {"action": "commit", "exclude": ["3"]})
        batch.refresh_from_db()
        self.assertEqual(
            (batch.status, batch.written_count, batch.job_state),
            (ImportStatus.COMMITTED, 1, "done"),
        )
        self.assertEqual(PopulationRecord.objects.get().total, 110)

    def test_while_a_job_waits_the_page_says_so_and_refreshes_itself(self) -> None:
        upload = io.BytesIO(csv_text(rows=GOOD_AND_BAD).encode("cp932"))
        upload.name = "人口.csv"
        url = reverse("core:import_upload", kwargs={"lgcode": "132012", "kind": "population"})
        response = self.client.post(url, {"file": upload})  # on_commit never runs: still queued
        page = self.client.get(response["Location"])
        self.assertContains(page, "順番を待っています。")
        self.assertContains(page, '<meta http-equiv="refresh" content="3">')

    def test_a_refused_background_commit_is_reported_and_nothing_is_written(self) -> None:
        upload = io.BytesIO(csv_text(rows=GOOD_AND_BAD).encode("cp932"))
        upload.name = "人口.csv"
        url = reverse("core:import_upload", kwargs={"lgcode": "132012", "kind": "population"})
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, {"file": upload})
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(response["Location"], {"action": "commit"})
        page = self.client.get(response["Location"])
        self.assertContains(
            page, "エラーのある行（3行目）を直すか、取り込まない行として選んでください。"
        )
        self.assertEqual(PopulationRecord.objects.count(), 0)
