"""Writing tables the way Japanese offices open them: xlsx, CSV in UTF-8 with BOM, or Shift_JIS."""

import csv
import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

Cell = str | int | float | datetime.date | None


@dataclass(frozen=True)
class Unencodable:
    """A value Shift_JIS (cp932) cannot hold, e.g. 𠮷 or an emoji: row and column are 1-based."""

    row: int
    column: str
    value: str
    characters: str


def xlsx_bytes(title: str, header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    """A one-sheet workbook: bold frozen header, readable column widths, dates as dates."""
    book = Workbook(write_only=False)
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    sheet.freeze_panes = "A2"
    for index, name in enumerate(header, start=1):
        width = max([len(str(name))] + [len(str(r[index - 1] or "")) for r in rows[:200]])
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
