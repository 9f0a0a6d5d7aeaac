"""Property: whatever rows a sheet holds, confirming writes everything or nothing, and every bad
row carries a message (hypothesis, `ci` profile: 50 examples)."""

from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import MunicipalityFactory
from sasaeai.core.imports import batch_commit, batch_create, batch_preview
from sasaeai.resources.models import Resource
from sasaeai.utils.tabular import csv_bytes

HEADER = ["名称", "種類", "活動内容", "参加費", "定員", "会場", "緯度", "経度"]
GOOD = {
    "名称": "体操の会",
    "種類": "通いの場",
    "活動内容": "体操（運動）",
    "参加費": "無料",
    "定員": "20",
    "会場": "北集会所",
    "緯度": "35.7",
    "経度": "139.4",
}
# Each corruption makes a row invalid in one known way.
CORRUPTIONS = {
    "名称": "",
    "種類": "遊び場",
    "活動内容": "宇宙旅行",
    "参加費": "お気持ち",
    "定員": "二十",
    "緯度": "139.4",  # swapped with 経度 below
}

rows_strategy = st.lists(
    st.tuples(st.integers(min_value=0, max_value=9999), st.sampled_from([None, *CORRUPTIONS])),
    min_size=1,
    max_size=12,
)


class MalformedSheetPropertyTests(TestCase):
    @given(rows=rows_strategy, encoding=st.sampled_from(["utf-8-sig", "cp932"]))
    def test_a_commit_is_complete_or_writes_nothing_and_every_bad_row_is_named(
        self, rows, encoding
    ) -> None:  # type: ignore[no-untyped-def]
        city = MunicipalityFactory(code="132012")
        user = user_with_role(Role.SC_LAYER1, city)
        table = []
        for number, corruption in rows:
            values = {**GOOD, "名称": f"体操の会{number}", "会場": f"集会所{number % 3}"}
            if corruption == "緯度":
                values["緯度"], values["経度"] = "139.4", "35.7"
            elif corruption is not None:
                values[corruption] = CORRUPTIONS[corruption]
            table.append([values[h] for h in HEADER])
        batch = batch_create(
            municipality=city,
            kind="resources_flat",
            name="x.csv",
            data=csv_bytes(HEADER, table, encoding),
            user=user,
        )
        preview = batch_preview(batch)
        bad_lines = {row.line for row in preview.rows if row.errors}
        corrupted = {
            line for line, (_, corruption) in enumerate(rows, start=2) if corruption is not None
        }
        read_lines = {row.line for row in preview.rows}
        # Identical rows are read once; every corrupted row that was read has a message.
        self.assertLessEqual(corrupted & read_lines, bad_lines)
        # Rows of one resource (same 名称) must agree, so a good row next to a corrupted row of
        # the same resource may be named too; no row of an all-good resource ever is.
        names = {line: table[line - 2][0] for line in read_lines}
        tainted = {names[line] for line in corrupted & read_lines}
        self.assertLessEqual(bad_lines, {line for line in read_lines if names[line] in tainted})
        if bad_lines:
            with self.assertRaises(ValidationError):
                batch_commit(batch=batch, excluded_lines=[], user=user)
            self.assertEqual(Resource.objects.count(), 0)
        else:
            written = batch_commit(batch=batch, excluded_lines=[], user=user)
            self.assertEqual(Resource.objects.count(), written)
            self.assertEqual(written, sum(1 for row in preview.rows if row.payload is not None))
