"""The registry's personal data read from the database, and what a page or file must not hold
of it (issue #21): the shared part of the resources' personal-data tests.

Read from the database, not a fixed list: every contact that is not public (its name, phone
and e-mail) and every venue in a private home (its 番地以下, building, postal code and position).
A value that is also a public value (two people of the same name, one public; a 番地 shared with
a public venue in another 町) is left out, since showing the public one is right.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django.db.models import Q
from django.test import SimpleTestCase
from openpyxl import load_workbook

from sasaeai.core.tests.pdf import downloaded, poppler
from sasaeai.resources.constants import VenueType
from sasaeai.resources.models import Contact, Location

PUBLIC_CONTACT = Q(is_public=True, public_consent_on__isnull=False)
PRIVATE_HOME = Q(venue_type=VenueType.PRIVATE_HOME)


def contact_values(contacts: Any) -> set[str]:
    return {
        v.strip()
        for row in contacts.values_list("name", "phone", "email")
        for v in row
        if v.strip()
    }


def venue_values(venues: Any) -> set[str]:
    values = set()
    for venue in venues:
        values |= {venue.postal_code, venue.street, venue.building}
        if venue.latitude is not None:
            values |= {str(venue.latitude), str(venue.longitude)}
    return {v.strip() for v in values if v and v.strip()}


def personal_values() -> dict[str, set[str]]:
    """Every personal value of the registry, by kind, without those that are also public."""
    public = contact_values(Contact.objects.filter(PUBLIC_CONTACT)) | venue_values(
        Location.objects.exclude(PRIVATE_HOME)
    )
    return {
        "非公開の連絡先": contact_values(Contact.objects.exclude(PUBLIC_CONTACT)) - public,
        "個人宅の住所・位置": venue_values(Location.objects.filter(PRIVATE_HOME)) - public,
    }


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
