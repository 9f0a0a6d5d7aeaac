"""Reading tables as offices send them: the first sheet of an .xlsx (python-calamine, fast; its
integers come back as floats and its dates as datetime/date) or a CSV in UTF-8 / Shift_JIS.

Every importer reads files through `read_table`, so there is one reader to fix and to test.
"""

from __future__ import annotations

import datetime
import io
import re
import unicodedata
import zipfile
from typing import Any

from sasaeai.utils.csvfile import CsvDecodeError, read_rows


def cell_text(value: Any) -> str:
    """One cell as text, the same whatever wrote it: 72.0 → 72, dates → ISO, None → empty."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return unicodedata.normalize("NFKC", str(value)).strip().replace("\r\n", "\n")


def read_table(data: bytes, name: str) -> tuple[list[list[Any]], str]:
    """Rows of the first sheet of an .xlsx, or of a CSV in UTF-8 / Shift_JIS. A merged cell's
    value fills every cell of its range (a 運営主体 merged over its venue rows)."""
    if data[:4] == b"PK\x03\x04":
        from python_calamine import CalamineWorkbook

        try:
            sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
            rows = [list(row) for row in sheet.to_python()]
            merged = sheet.merged_cell_ranges or []
        except Exception as error:
            raise CsvDecodeError(
                "Excelファイルとして読み取れません（壊れているか、パスワード付きです）。"
            ) from error
        uncalculated = formulas_without_values(data)
        if uncalculated:
            cells = "、".join(uncalculated[:10]) + ("ほか" if len(uncalculated) > 10 else "")
            raise CsvDecodeError(
                f"数式の計算結果が保存されていないセルがあります（{cells}）。"
                "Excelで開いて上書き保存してから、もう一度選んでください。"
            )
        top, left = sheet.start or (0, 0)
        for (r0, c0), (r1, c1) in merged:
            value = cell_at(rows, r0 - top, c0 - left)
            for r in range(r0 - top, r1 - top + 1):
                for c in range(c0 - left, c1 - left + 1):
                    if 0 <= r < len(rows) and 0 <= c < len(rows[r]):
                        rows[r][c] = value
        return rows, "xlsx"
    if name.lower().endswith((".xlsx", ".xls")):
        raise CsvDecodeError(
            "Excelファイルとして読み取れません。.xlsx 形式で保存し直してください。"
        )
    return read_rows(data)


def cell_at(rows: list[list[Any]], r: int, c: int) -> Any:
    return rows[r][c] if 0 <= r < len(rows) and 0 <= c < len(rows[r]) else None


FIRST_SHEET = re.compile(rb'<sheet\b[^>]*?r:id="([^"]+)"')
CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"[^>]*>(.*?)</c>', re.DOTALL)
VALUE = re.compile(rb"<v>[^<]+</v>|<is>")


def formulas_without_values(data: bytes) -> list[str]:
    """Cells of the first sheet holding a formula whose result was never saved (files written by
    programs rather than by Excel): they would read as empty, so they are named instead."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            workbook = book.read("xl/workbook.xml")
            rels = book.read("xl/_rels/workbook.xml.rels")
            found = FIRST_SHEET.search(workbook)
            if not found:
                return []
            relation = next(
                (
                    r[0]
                    for r in re.finditer(rb"<Relationship\b[^>]*>", rels)
                    if re.search(rb'\bId="' + re.escape(found[1]) + rb'"', r[0])
                ),
                b"",
            )
            target = re.search(rb'Target="([^"]+)"', relation)
            if not target:
                return []
            path = target[1].decode().lstrip("/")
            xml = book.read(path if path.startswith("xl/") else f"xl/{path}")
    except (KeyError, zipfile.BadZipFile):
        return []
    if b"<f>" not in xml and b"<f " not in xml:
        return []
    return [
        cell[1].decode()
        for cell in CELL.finditer(xml)
        if b"<f" in cell[2] and not VALUE.search(cell[2])
    ]
