"""The personal-data access log (issue #21): who saw or took out personal data, when, what and
how many records.

The rule: a view, export or document writes exactly one row when it *showed* personal data to
its user, that is when at least one record with personal data (a private contact, a private
home's address, a resident's name, a member's address) was on the page or in the file. A page
or file that held none (count 0, or a user without the personal-data permission, who is shown
the same page without it) writes nothing: the log answers "who has seen whose data", and a row
for every list view without any would drown those answers.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from .constants import AccessKind
from .models import PersonalDataAccess

# Kinds of GeneratedFile (files made by background jobs) that hold personal data: only users
# with Perm.PERSONAL_DATA may download them (staff.views.files). Each app adds its own kinds
# where it makes them (resources: the 確認票 batch).
PERSONAL_FILE_KINDS: set[str] = set()

# Formats of documents made for printing; every other non-empty format is a data export.
DOCUMENT_FORMATS = frozenset({"pdf", "docx", "odt", "html-print"})


def access_kind(file_format: str) -> str:
    """A page view has no format; a PDF or Word file is a document; the rest are exports."""
    if not file_format:
        return AccessKind.VIEW
    if file_format.lower() in DOCUMENT_FORMATS:
        return AccessKind.DOCUMENT
    return AccessKind.EXPORT


@transaction.atomic
def record_personal_access(
    *,
    user: Any,
    municipality: Any,
    what: str,
    count: int,
    file_format: str = "",
    path: str = "",
) -> None:
    """Write one access-log row when `count` >= 1 records with personal data were shown.

    `what` is a Japanese description (「地域資源の一覧の書き出し（CSV）」); `path` the request's
    full path (`request.get_full_path()`): its query string is kept as the filter, cut to the
    columns' 500 and 1,000 characters so that a long search never fails the download."""
    if count < 1:
        return
    url, _sep, query = path.partition("?")
    PersonalDataAccess.objects.create(
        municipality=municipality,
        user=user,
        kind=access_kind(file_format),
        what=what[:200],
        path=url[:500],
        file_format=file_format[:16],
        filters=query[:1000],
        record_count=count,
    )
