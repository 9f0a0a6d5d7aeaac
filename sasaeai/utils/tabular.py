"""Writing tables the way Japanese offices open them: xlsx, CSV in UTF-8 with BOM, or Shift_JIS."""

import csv
import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

Cell = str | int | float | Decimal | datetime.date | None
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
        sheet.append(list(part.header))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in part.rows:
            sheet.append(list(row))
        sheet.freeze_panes = "A2"
        for index, name in enumerate(part.header, start=1):
            lengths = [len(str(r[index - 1] or "")) for r in part.rows[:200]]
            width = max([len(str(name)), *lengths])
            sheet.column_dimensions[get_column_letter(index)].width = min(60, max(8, width * 2))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_text(header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
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
