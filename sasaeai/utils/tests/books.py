"""Hand-made .xlsx files for the spreadsheet limits tests (issue #20, hole 2): the smallest
workbook calamine reads, with whatever sheet XML a test needs, including hostile ones."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE}">'
    f'<Relationship Id="rId1" Type="{RELATIONS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{RELATIONS}">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE}">'
    f'<Relationship Id="rId1" Type="{RELATIONS}/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)
SHEET = "xl/worksheets/sheet1.xml"


def book(sheet_parts: Iterable[bytes]) -> bytes:
    """A workbook whose first sheet's XML is the parts joined; written piece by piece, so a
    sheet of hundreds of megabytes never sits in memory (level 1: fast, and 210 MB of spaces
    still packs into less than 1 MB)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open(SHEET, "w", force_zip64=True) as sheet:
            for part in sheet_parts:
                sheet.write(part)
    return out.getvalue()


def sheet_xml(rows: str, dimension: str = "A1", padding: Iterable[bytes] = ()) -> list[bytes]:
    """The parts of a sheet: `rows` is the <sheetData> content; `padding` (whitespace, valid
    between two tags) goes before it."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'
    return [
        f'{head}<dimension ref="{dimension}"/>'.encode(),
        *padding,
        f"<sheetData>{rows}</sheetData></worksheet>".encode(),
    ]


# Two numbers: at A1 and at XFD1048576, the last cell a sheet can have. The dimension says A1, as
# a hostile file would. calamine makes a dense range of 1,048,576 × 16,384 cells: 512 GiB.
FAR_CELLS = (
    '<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>'
)


def far_cells_book() -> bytes:
    return book(sheet_xml(FAR_CELLS))


def spaces(megabytes: int) -> Iterable[bytes]:
    block = b" " * (1024 * 1024)
    return (block for _ in range(megabytes))


def bomb(megabytes: int) -> bytes:
    """A real sheet with `megabytes` MB of spaces before its one cell (about 200 : 1)."""
    return book(sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>', padding=spaces(megabytes)))
