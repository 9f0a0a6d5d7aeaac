"""Issue #20 hole 5 / build 2 and hole 11: exports never carry a live formula, CSV reading removes
exactly the `'` the exporter adds, and an over-long CSV field is a file error with its line."""

import io
import zipfile

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from sasaeai.utils import csvfile, tabular

HOSTILE = '=HYPERLINK("http://evil.example","x")'

# (text, as the CSV exporter writes it): worked out by hand from the rule in utils/tabular.py.
GUARDED = [
    ("=1+1", "'=1+1"),
    (HOSTILE, "'" + HOSTILE),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("+A1", "'+A1"),
    ("-2+3", "'-2+3"),  # starts with '-' but is a sum, not a number
    ("+81 3-1234-5678", "'+81 3-1234-5678"),  # a phone with spaces and dashes is not a number
    ("-5円", "'-5円"),
    ("\tcmd", "'\tcmd"),
    ("\r=1", "'\r=1"),
    ("'=x", "''=x"),  # already starts with ' + formula: one more, so reading back keeps one
    ("''@x", "'''@x"),
]
UNTOUCHED = [
    "-5", "+81", "-1.5", "+8112345678", "+81312345678", "1e3", "-.5",  # plain numbers
    "ふれあいサロン", "a=b", " =1", "'abc", "'-5", "'", "", "＝1",
]  # fmt: skip


@pytest.mark.parametrize(("text", "written"), GUARDED)
def test_formula_like_text_gets_one_quote_and_reading_removes_exactly_it(
    text: str, written: str
) -> None:
    assert tabular.csv_guard(text) == written
    assert tabular.csv_unguard(written) == text


@pytest.mark.parametrize("text", UNTOUCHED)
def test_numbers_and_ordinary_text_are_written_and_read_as_they_are(text: str) -> None:
    assert tabular.csv_guard(text) == text
    assert tabular.csv_unguard(text) == text


def test_a_quote_before_ordinary_text_in_a_file_is_kept() -> None:
    # Only the exporter's own prefix is removed: "'abc" and "'-5" were never guarded.
    rows, _ = csvfile.read_rows("名称,数\r\n'abc,'-5\r\n'=1+1,''=x\r\n".encode())
    assert rows == [["名称", "数"], ["'abc", "'-5"], ["=1+1", "'=x"]]


def test_csv_export_quotes_formulas_but_not_numbers_and_reads_back_equal() -> None:
    rows = [[HOSTILE, "-5", "+81312345678", "@SUM(A1)", -5, None]]
    text = tabular.csv_text(["名称", "補足", "電話", "内容", "数", "空"], rows)
    assert text.splitlines()[1] == (
        '"\'=HYPERLINK(""http://evil.example"",""x"")",-5,+81312345678,\'@SUM(A1),-5,'
    )
    read, _ = csvfile.read_rows(text.encode("utf-8-sig"))
    assert read[1] == [HOSTILE, "-5", "+81312345678", "@SUM(A1)", "-5", ""]


def test_xlsx_writes_formula_like_text_as_string_cells_never_formulas() -> None:
    data = tabular.xlsx_bytes("地域資源", ["名称", "補足", "電話"], [[HOSTILE, "-5", "#N/A"]])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")
    cell = load_workbook(io.BytesIO(data)).active["A2"]
    assert (cell.value, cell.data_type) == (HOSTILE, "s")
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    assert sheet.to_python()[1] == [HOSTILE, "-5", "#N/A"]


def test_hsds_tabular_csvs_are_guarded_too() -> None:
    from sasaeai.resources.exports.hsds_tabular import package_zip

    service = {"id": "s1", "name": HOSTILE, "description": "-5"}
    with zipfile.ZipFile(io.BytesIO(package_zip([service], name="p"))) as archive:
        line = archive.read("services.csv").decode().splitlines()[1]
    assert line.startswith('s1,,,"\'=HYPERLINK(""http://evil.example"",""x"")",,-5,')


def test_a_field_over_the_csv_limit_is_a_file_error_naming_its_line() -> None:
    data = ("地域コード,町丁目名\r\n101,桜町\r\n102," + "あ" * 140_000 + "\r\n").encode()
    with pytest.raises(csvfile.CsvDecodeError) as raised:
        csvfile.read_rows(data)
    assert str(raised.value) == "3行目の項目が長すぎます（131,072文字まで）。"
