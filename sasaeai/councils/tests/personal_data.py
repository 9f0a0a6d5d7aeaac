"""The personal data held by councils and the activity log, read from the database, and what
a response, file or PDF must not hold of it (issue #21). Shared by the councils' and the
activities' tests: a council member must meet neither members' contacts nor residents' names.
"""

from __future__ import annotations

import io
from typing import Any

from django.test import SimpleTestCase
from openpyxl import load_workbook

from sasaeai.activities.models import Activity, Connection
from sasaeai.core.tests.pdf import downloaded, poppler

from ..models import Meeting, Membership


def personal_values() -> dict[str, set[str]]:
    """Every non-empty personal value in the database, by where it comes from: members'
    e-mail and postal addresses, the 関わった人 of activities, つなぎ memos, and the
    secretariat's private notes (coordinators only)."""
    found: dict[str, set[str]] = {
        "メンバーのメールアドレス": set(Membership.objects.values_list("email", flat=True)),
        "メンバーの郵送先": set(Membership.objects.values_list("postal_address", flat=True)),
        "活動記録の関わった人": set(Activity.objects.values_list("people", flat=True)),
        "つなぎのメモ": set(Connection.objects.values_list("note", flat=True)),
        "会議の事務局メモ": set(Meeting.objects.values_list("private_notes", flat=True)),
    }
    return {kind: {v.strip() for v in values if v.strip()} for kind, values in found.items()}


def text_of(response: Any) -> str:
    """What the user receives, as text: a page or an iCal feed decoded, a PDF as pdftotext
    reads it (its lines joined, since a long address may wrap), an xlsx as every cell of
    every sheet."""
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
    return body.decode()


def assert_holds_none(
    test: SimpleTestCase, text: str, values: dict[str, set[str]], where: str
) -> None:
    """No personal value occurs in `text`; a failure names the value, its kind and the page."""
    squeezed = "".join(text.split())
    for kind, found in values.items():
        for value in found:
            compact = "".join(value.split())
            test.assertNotIn(value, text, f"{where}: {kind}「{value}」")
            test.assertNotIn(compact, squeezed, f"{where}: {kind}「{value}」")
