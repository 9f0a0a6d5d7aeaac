"""Writing tables the way Japanese offices open them: xlsx, CSV in UTF-8 with BOM, or Shift_JIS.

Every export goes through this module, and every text is guarded against formula injection
(OWASP "CSV injection"): a registry name such as `=HYPERLINK("http://evil.example","x")` must
reach the spreadsheet as the text it is, never as a live formula.

- xlsx: every text is written as a string cell (openpyxl would otherwise store a text starting
  with `=` as a formula, and `#N/A` as an error), so nothing is prefixed and nothing is lost.
- CSV has no cell types, so a text Excel would read as a formula gets a `'` in front
  (`csv_guard`); reading a CSV back removes exactly that one `'` (`csv_unguard`, applied by
  utils.csvfile.read_rows), so an export read back changes nothing.
"""

import csv
import datetime
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as XlsxCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

Cell = str | int | float | Decimal | datetime.date | None
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# Excel starts a formula at these characters; for CSV, OWASP's "CSV injection" advice also names
# a leading tab and carriage return.
FORMULA_STARTS = ("=", "+", "-", "@")
CSV_RISKY_STARTS = (*FORMULA_STARTS, "\t", "\r")
# A plain number, written in ASCII: optional sign, digits, optional decimals and exponent
# ("-5", "+81", "-1.5", "+8112345678", "1e3"). Excel reads these as numbers, never as formulas,
# so they are left alone; "+81 3-1234-5678" or "-5円" are not numbers and are guarded.
PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def csv_needs_quote(text: str) -> bool:
    """Whether csv_guard puts a `'` before this text: it starts like a formula (= + - @, tab,
    carriage return) and is not a plain number; or it already starts with `'` followed by such
    text, so that reading back (csv_unguard, which removes one `'`) gives the text unchanged."""
    text = text.lstrip("'")
    return text.startswith(CSV_RISKY_STARTS) and not PLAIN_NUMBER.fullmatch(text)


def csv_guard(value: str) -> str:
    """The text as a CSV cell Excel cannot run: `'` + text when csv_needs_quote, else the text.
    `=1+1` → `'=1+1`, `+81 3-1234-5678` → `'+81 3-1234-5678`, `-5` → `-5`, `'=x` → `''=x`."""
    return "'" + value if csv_needs_quote(value) else value


def csv_unguard(value: str) -> str:
    """Undo csv_guard and nothing else: `'` + text is the text only when csv_guard would have
    quoted that text. `'=1+1` → `=1+1`, `''=x` → `'=x`, but `'abc` and `'-5` stay as they are."""
    if value.startswith("'") and csv_needs_quote(value[1:]):
        return value[1:]
    return value


def csv_cell(value: Cell) -> Cell:
    """A value as written to CSV: None → empty, text guarded, numbers and dates as they are."""
    if value is None:
        return ""
    return csv_guard(value) if isinstance(value, str) else value


def attachment_header(filename: str) -> str:
    """RFC 5987/6266: the Japanese file name percent-encoded as UTF-8."""
    return f"attachment; filename*=UTF-8''{quote(filename, safe='')}"


@dataclass(frozen=True)
class Sheet:
    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[Cell]]


@dataclass(frozen=True)
class Unencodable:
    """A value Shift_JIS (cp932) cannot hold, e.g. 𠮷 or an emoji: row and column are 1-based."""

    row: int
    column: str
    value: str
    characters: str


def xlsx_bytes(title: str, header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    """A one-sheet workbook: bold frozen header, readable column widths, dates as dates."""
    return xlsx_book([Sheet(title, header, rows)])


def xlsx_book(sheets: Sequence[Sheet]) -> bytes:
    """A workbook of several sheets, each laid out as `xlsx_bytes` lays out one."""
    book = Workbook(write_only=False)
    book.remove(book.active)
    for part in sheets:
        sheet = book.create_sheet(part.title[:31])
        for column, name in enumerate(part.header, start=1):
            text_cell(sheet, 1, column, name).font = Font(bold=True)
        for number, row in enumerate(part.rows, start=2):
            for column, value in enumerate(row, start=1):
                text_cell(sheet, number, column, value)
        sheet.freeze_panes = "A2"
        for index, name in enumerate(part.header, start=1):
            lengths = [len(str(r[index - 1] or "")) for r in part.rows[:200]]
            width = max([len(str(name)), *lengths])
            sheet.column_dimensions[get_column_letter(index)].width = min(60, max(8, width * 2))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def text_cell(sheet: Worksheet, row: int, column: int, value: Cell) -> XlsxCell:
    """Write one cell; a text is always a string cell (openpyxl makes `=…` a formula and
    `#N/A` an error from a plain str, see the module docstring)."""
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def csv_text(header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> str:
    """CSV with CRLF line ends, every text guarded by csv_guard (the header too)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_cell(v) for v in header])
    writer.writerows([[csv_cell(v) for v in row] for row in rows])
    return buffer.getvalue()


def unencodable_in_cp932(
    header: Sequence[str], rows: Sequence[Sequence[Cell]]
) -> list[Unencodable]:
    """Every value that would be damaged in Shift_JIS; never replace characters silently."""
    found = []
    for number, row in enumerate(rows, start=2):
        for column, value in zip(header, row, strict=False):
            if not isinstance(value, str):
                continue
            bad = "".join(dict.fromkeys(ch for ch in value if not encodes(ch)))
            if bad:
                found.append(Unencodable(number, column, value, bad))
    return found


def encodes(character: str) -> bool:
    try:
        character.encode("cp932")
    except UnicodeEncodeError:
        return False
    return True


def csv_bytes(header: Sequence[str], rows: Sequence[Sequence[Cell]], encoding: str) -> bytes:
    """utf-8-sig (Excel opens it as UTF-8) or cp932; cp932 raises if anything cannot be encoded."""
    return csv_text(header, rows).encode(encoding)
