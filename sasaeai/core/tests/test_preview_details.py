"""「読み取った値」 (PreviewRow.details) of a large file (issue #22): kept for the first 1,000
rows on the page and in the preview kept for the commit (which never reads them)."""

import pytest

from sasaeai.core.imports import (
    Preview,
    PreviewRow,
    importer_for,
    preview_from_data,
    preview_from_json,
    preview_to_data,
    preview_to_json,
)


def thousand_and_one() -> Preview:
    # 1,001 rows of one field each: rows 2–1001 (the first 1,000) keep theirs, row 1002 none.
    rows = [
        PreviewRow(line=n, label=f"資源{n}", details=[("名称", f"資源{n}")]) for n in range(2, 1003)
    ]
    return Preview(rows=rows)


def test_the_page_keeps_the_values_read_of_the_first_thousand_rows_only() -> None:
    back = preview_from_data(preview_to_data(thousand_and_one()))
    assert back.rows[0].details == [("名称", "資源2")]
    assert back.rows[999].details == [("名称", "資源1001")]
    assert back.rows[1000].details == []


@pytest.mark.django_db
def test_the_preview_kept_for_the_commit_keeps_them_for_the_first_thousand_rows_only() -> None:
    importer = importer_for("resources_flat")
    back = preview_from_json(preview_to_json(thousand_and_one(), importer), importer, None)
    assert back.rows[999].details == [("名称", "資源1001")]
    assert back.rows[1000].details == []
    assert back.rows[1000].label == "資源1002"
