import datetime
import io

import pytest
from openpyxl import load_workbook

from sasaeai.utils.tabular import csv_bytes, unencodable_in_cp932, xlsx_bytes

HEADER = ["名称", "開始日", "定員"]
ROWS = [["ふれあいサロン", datetime.date(2025, 4, 1), 20], ["𠮷野家の会🍵", None, None]]


def test_utf8_csv_starts_with_a_bom_and_uses_crlf() -> None:
    data = csv_bytes(HEADER, ROWS, "utf-8-sig")
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines()[1] == "ふれあいサロン,2025-04-01,20"
    assert b"\r\n" in data


def test_values_shift_jis_cannot_hold_are_listed_with_row_and_column() -> None:
    # Row 3 of the file (header = row 1): 𠮷 (U+20BB7) and 🍵 are outside cp932.
    (found,) = unencodable_in_cp932(HEADER, ROWS)
    assert (found.row, found.column, found.characters) == (3, "名称", "𠮷🍵")


def test_shift_jis_csv_refuses_rather_than_replacing_characters() -> None:
    assert csv_bytes(HEADER, ROWS[:1], "cp932").decode("cp932").startswith("名称,開始日,定員")
    with pytest.raises(UnicodeEncodeError):
        csv_bytes(HEADER, ROWS, "cp932")


def test_the_workbook_has_a_bold_frozen_header_and_real_dates() -> None:
    sheet = load_workbook(io.BytesIO(xlsx_bytes("地域資源", HEADER, ROWS))).active
    assert [c.value for c in sheet[1]] == HEADER
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"
    assert sheet["B2"].value == datetime.datetime(
        2025, 4, 1
    )  # openpyxl reads dates back as datetimes
    assert sheet.title == "地域資源"
