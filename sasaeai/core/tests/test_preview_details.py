"""「読み取った値」 (PreviewRow.details) on the preview page of a large file (issue #22)."""

from sasaeai.core.imports import Preview, PreviewRow, preview_from_data, preview_to_data


def test_the_page_keeps_the_values_read_of_the_first_thousand_rows_only() -> None:
    # 1,001 rows of one field each: rows 2–1001 (the first 1,000) keep theirs, row 1002 none.
    rows = [
        PreviewRow(line=n, label=f"資源{n}", details=[("名称", f"資源{n}")]) for n in range(2, 1003)
    ]
    back = preview_from_data(preview_to_data(Preview(rows=rows)))
    assert back.rows[0].details == [("名称", "資源2")]
    assert back.rows[999].details == [("名称", "資源1001")]
    assert back.rows[1000].details == []
