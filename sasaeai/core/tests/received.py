"""What a user receives, read back as text, and the check that none of some values (personal
data read from the database, issue #21) occurs in it: shared by the resources', councils' and
activities' personal-data tests."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django.test import SimpleTestCase
from openpyxl import load_workbook

from sasaeai.core.tests.pdf import downloaded, poppler


def text_of(response: Any) -> str:
    """What the user receives as text: a page or CSV decoded (UTF-8 or Shift_JIS), a PDF as
    pdftotext reads it (lines joined: a long address may wrap), every cell of every sheet of
    an xlsx, every file of a zip."""
    body = downloaded(response)
    content_type = response.get("Content-Type", "")
    if content_type.startswith("application/pdf"):
        return "".join(poppler("pdftotext", body).split())
    if content_type.startswith("application/vnd.openxmlformats-officedocument.spreadsheetml"):
        book = load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(
            str(cell)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    if content_type.startswith("application/zip"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "\n".join(archive.read(name).decode() for name in archive.namelist())
    if "shift_jis" in content_type:
        return body.decode("cp932")
    return body.decode()


def personal_in(text: str, values: dict[str, set[str]]) -> list[str]:
    """The personal values that occur in `text` (also with its spaces and line ends removed)."""
    squeezed = "".join(text.split())
    return sorted(
        f"{kind}「{value}」"
        for kind, found in values.items()
        for value in found
        if value in text or "".join(value.split()) in squeezed
    )


def assert_holds_none(
    test: SimpleTestCase, text: str, values: dict[str, set[str]], where: str
) -> None:
    """No personal value occurs in `text`; a failure names how many and the first few."""
    found = personal_in(text, values)
    test.assertEqual(found, [], f"{where}: {len(found)} personal values, e.g. {found[:5]}")
