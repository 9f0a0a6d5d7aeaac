"""Hostile spreadsheets are refused with a message and this process carries on (issue #20,
hole 2): checks before parsing (size, zip members, ratio, dimension, cell references, caps),
then the child process's memory limit when a file gets past them.

On the base commit `read_table(far_cells_book())` aborts the test process itself (calamine asks
for 512 GiB); the note shows it under `prlimit`."""

from __future__ import annotations

import datetime
import io

import openpyxl
from django.test import SimpleTestCase, override_settings

from sasaeai.utils.csvfile import CsvDecodeError
from sasaeai.utils.table_reader import read_table
from sasaeai.utils.tests.books import FAR_CELLS, SHEET, bomb, book, far_cells_book, sheet_xml

NO_CAPS = {"IMPORT_MAX_ROWS": 10**9, "IMPORT_MAX_COLUMNS": 10**9, "IMPORT_MAX_CELLS": 10**18}


def workbook(rows: list[list[object]], merge: str = "") -> bytes:
    sheet = openpyxl.Workbook()
    for row in rows:
        sheet.active.append(row)
    if merge:
        sheet.active.merge_cells(merge)
    out = io.BytesIO()
    sheet.save(out)
    return out.getvalue()


NORMAL = [["名称", "開始日"], ["いきいき体操", datetime.date(2025, 4, 1)]]


class HostileWorkbookTests(SimpleTestCase):
    def refusal(self, data: bytes) -> str:
        with self.assertRaises(CsvDecodeError) as raised:
            read_table(data, "表.xlsx")
        return str(raised.exception)

    def assert_still_reads(self) -> None:
        """This process is alive and reads a normal workbook afterwards."""
        rows, encoding = read_table(workbook(NORMAL), "表.xlsx")
        self.assertEqual((rows, encoding), (NORMAL, "xlsx"))

    def test_cells_at_a1_and_xfd1048576_are_refused_naming_the_size_and_the_caps(self) -> None:
        data = far_cells_book()
        self.assertLess(len(data), 2048)
        # The dimension says A1; the cell references say row 1,048,576 and column XFD =
        # 24×26² + 6×26 + 4 = 16,384. The caps are the settings' 200,000 / 200 / 4,000,000.
        self.assertEqual(
            self.refusal(data),
            "表が大きすぎます（1,048,576行・16,384列）。読み取れるのは 200,000行・200列・"
            "4,000,000セルまでです。ファイルを分けてから、もう一度選んでください。",
        )
        self.assert_still_reads()

    @override_settings(**NO_CAPS)
    def test_with_the_caps_lifted_the_child_runs_out_of_memory_and_this_process_lives(
        self,
    ) -> None:
        # Nothing before parsing refuses the file now: the child's 1 GB address space does.
        self.assertEqual(
            self.refusal(far_cells_book()),
            "このExcelファイルは大きすぎるか壊れているため読み取れません（メモリ1,024MB・"
            "計算時間30秒の上限を超えたか、読み取りが異常終了しました）。",
        )
        self.assert_still_reads()

    def test_single_quoted_references_are_seen_too(self) -> None:
        quoted = FAR_CELLS.replace('"', "'")
        self.assertIn("（1,048,576行・16,384列）", self.refusal(book(sheet_xml(quoted))))

    def test_a_declared_dimension_over_the_caps_is_refused(self) -> None:
        # Z = column 26; the only cell is A1, so the dimension alone refuses it.
        data = book(sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>', dimension="A1:Z300000"))
        self.assertIn("（300,000行・26列）", self.refusal(data))

    def test_a_zip_bomb_is_refused_before_it_is_unpacked(self) -> None:
        data = bomb(210)  # 210 MB of spaces in the sheet
        self.assertLess(len(data), 1024 * 1024)
        # 210 MB + the other members' few hundred bytes, shown in whole megabytes.
        self.assertEqual(
            self.refusal(data),
            "このExcelファイルは展開すると 210MB になり、読み取れる大きさ（200MB）を超えます。"
            "ファイルを分けてから、もう一度選んでください。",
        )
        self.assert_still_reads()

    def test_a_member_that_unpacks_over_100_times_its_size_is_refused(self) -> None:
        data = bomb(20)  # under 200 MB in all, but about 200 : 1
        message = self.refusal(data)
        self.assertIn(f"圧縮率が異常です（{SHEET} が ", message)
        self.assertIn("100倍までです）", message)

    @override_settings(IMPORT_MAX_BYTES=1000)
    def test_a_file_over_the_size_limit_is_refused_before_anything(self) -> None:
        data = b"PK\x03\x04" + b"\0" * 2000
        # 2,004 bytes; both shown in whole megabytes: 0MB and 0MB.
        self.assertEqual(self.refusal(data), "ファイルが大きすぎます（0MB）。0MBまでです。")


class CapsTests(SimpleTestCase):
    @override_settings(IMPORT_MAX_ROWS=3)
    def test_the_row_cap_is_named_in_the_message_for_xlsx_and_csv(self) -> None:
        rows = [["a", "b"]] * 5
        expected = (
            "表が大きすぎます（5行・2列）。読み取れるのは 3行・200列・4,000,000セルまでです。"
            "ファイルを分けてから、もう一度選んでください。"
        )
        with self.assertRaisesMessage(CsvDecodeError, expected):
            read_table(workbook(rows), "表.xlsx")
        with self.assertRaisesMessage(CsvDecodeError, expected.replace("5行・2列", "5行")):
            read_table(b"a,b\n" * 5, "表.csv")

    @override_settings(IMPORT_MAX_COLUMNS=2, IMPORT_MAX_CELLS=5)
    def test_the_column_and_cell_caps_are_named_in_the_message(self) -> None:
        caps = "読み取れるのは 200,000行・2列・5セルまでです。"
        with self.assertRaisesMessage(CsvDecodeError, f"表が大きすぎます（1行・3列）。{caps}"):
            read_table(workbook([["a", "b", "c"]]), "表.xlsx")
        with self.assertRaisesMessage(CsvDecodeError, f"表が大きすぎます（2行・3列）。{caps}"):
            read_table(b"a,b,c\nd,e,f\n", "表.csv")
        # 3 rows × 2 columns = 6 cells > 5.
        with self.assertRaisesMessage(CsvDecodeError, f"表が大きすぎます（3行・2列）。{caps}"):
            read_table(workbook([["a", "b"]] * 3), "表.xlsx")

    @override_settings(IMPORT_MAX_COLUMNS=2)
    def test_the_csv_only_imports_keep_the_caps_too(self) -> None:
        """The towns and other CSV-only imports read through core.imports.csv_preview."""
        from sasaeai.core.imports import csv_preview

        preview, rows = csv_preview("町丁目,圏域,メモ\n".encode(), ())
        # 1 row × 3 columns, against 2 columns allowed.
        self.assertEqual(
            preview.file_errors,
            [
                "表が大きすぎます（1行・3列）。読み取れるのは 200,000行・2列・4,000,000セルまでです。"
                "ファイルを分けてから、もう一度選んでください。"
            ],
        )
        self.assertEqual(rows, [])


class ChildReaderTests(SimpleTestCase):
    """What the reader did in this process it still does in the child."""

    def test_values_come_back_with_their_types(self) -> None:
        values = [
            "名称",
            72,  # calamine: 72.0
            0.1,
            datetime.date(2025, 4, 1),
            datetime.datetime(2025, 4, 1, 9, 30),
            None,  # an empty cell: ""
            datetime.time(13, 30),
            True,
        ]
        rows, _ = read_table(workbook([values]), "表.xlsx")
        self.assertEqual(
            rows,
            [
                [
                    "名称",
                    72.0,
                    0.1,
                    datetime.date(2025, 4, 1),
                    datetime.datetime(2025, 4, 1, 9, 30),
                    "",
                    datetime.time(13, 30),
                    True,
                ]
            ],
        )
        self.assertEqual(
            [type(value) for value in rows[0]],
            [str, float, float, datetime.date, datetime.datetime, str, datetime.time, bool],
        )

    def test_a_merged_cell_fills_its_range(self) -> None:
        rows, _ = read_table(workbook([["運営主体", "会場"], ["A会", 1], [None, 2]], "A2:A3"), "x")
        self.assertEqual(rows, [["運営主体", "会場"], ["A会", 1.0], ["A会", 2.0]])

    def test_a_merge_far_outside_the_table_fills_only_the_table(self) -> None:
        mergers = '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
        parts = sheet_xml('<row r="1"><c r="A1"><v>7</v></c><c r="B1"><v>8</v></c></row>')
        parts[-1] = parts[-1].replace(b"</worksheet>", mergers.encode() + b"</worksheet>")
        rows, _ = read_table(book(parts), "x")
        self.assertEqual(rows, [[7.0, 7.0]])

    def test_the_answer_keeps_every_type_json_lacks(self) -> None:
        from sasaeai.utils import sheet_worker  # here, so the other tests run on the base commit

        values = [
            datetime.datetime(2025, 4, 1, 9, 30, 15),
            datetime.date(2025, 4, 1),
            datetime.time(13, 30),
            datetime.timedelta(days=1, hours=6),
            1.0,
            0.1 + 0.2,
            3,
            True,
            "",
            "日本語",
        ]
        out = io.StringIO()
        sheet_worker.dump("rows", [values], out)
        kind, rows = sheet_worker.loads(out.getvalue())
        self.assertEqual((kind, rows), ("rows", [values]))
        self.assertEqual([type(v) for v in rows[0]], [type(v) for v in values])
        with self.assertRaises(ValueError):
            sheet_worker.loads('["rows", [[{"$pickle": "x"}]]]')

    def test_formulas_without_saved_results_are_still_named(self) -> None:
        with self.assertRaisesMessage(CsvDecodeError, "保存されていないセルがあります（B1）。"):
            read_table(workbook([[1, "=A1+1"]]), "x")
