"""Property (issue #22): whatever a facility list says in the columns the import maps, importing
it, exporting the registry and importing that export again changes nothing, and the same list
imported twice creates nothing new (hypothesis)."""

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import MunicipalityFactory
from sasaeai.core.imports import batch_commit, batch_create, batch_preview
from sasaeai.resources import selectors
from sasaeai.resources.constants import ResourceKind
from sasaeai.resources.exports.flat import FLAT_COLUMNS, flat_rows
from sasaeai.resources.matching import record_key
from sasaeai.resources.models import Resource
from sasaeai.utils.tabular import xlsx_bytes

HEADER = [
    "名称", "種類", "定員", "参加費", "会場", "住所", "緯度", "経度", "ホームページ", "電話番号",
    "開所日", "開所時間",
]  # fmt: skip
# Names as people type them: full-width brackets and spaces, circled digits, ㈱.
NAME_CHARACTERS = "あいうえおサロン体操の会（）()　 ①㈱ABCａｂ12"

names = st.text(NAME_CHARACTERS, min_size=1, max_size=12).map(str.strip).filter(bool)
# Where a resource meets: a named venue is one place, so its address and position are the same
# wherever it is named; no venue name with an address or a position makes one named after the
# resource.
places = st.sampled_from(
    [
        ("", "", ("", "")),
        ("", "八王子市本町1-2", ("35.6664", "139.3160")),
        ("", "", ("35.1234", "139.5678")),
        ("北集会所", "八王子市北町1", ("35.7000", "139.3000")),
        ("ひだまり　サロン", "", ("", "")),
    ]
)
rows = st.lists(
    st.tuples(
        names,
        st.sampled_from([str(label) for label in ResourceKind.labels]),
        st.sampled_from(["", "20", "１５"]),
        st.sampled_from(["", "無料", "300"]),
        places,
        st.sampled_from(["", "https://example.jp/a", "http://example.org/x?y=1"]),
        st.sampled_from(["", "042-000-0000", "０４２-１１１-２２２２"]),
        st.sampled_from([("", ""), ("月〜金", "9:00〜17:00"), ("月火水木金土日", "8:30〜17:15")]),
    ),
    min_size=1,
    max_size=5,
    unique_by=lambda row: record_key(row[0]),
)


def as_cells(row: tuple) -> list[str]:
    name, kind, capacity, fee, (venue, address, (lat, lon)), url, phone, (days, hours) = row
    return [name, kind, capacity, fee, venue, address, lat, lon, url, phone, days, hours]


class RoundTripTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.user = user_with_role(Role.SC_LAYER1, cls.city)

    def verdicts(self, header: list[str], cells: list[list]) -> tuple[list[str], int]:
        batch = batch_create(
            municipality=self.city, kind="resources_flat", name="list.xlsx",
            data=xlsx_bytes("一覧", header, cells), user=self.user,
        )  # fmt: skip
        preview = batch_preview(batch)
        self.assertEqual([row.errors for row in preview.rows], [[]] * len(preview.rows))
        written = batch_commit(batch=batch, excluded_lines=[], user=self.user)
        return [str(row.summary[0]) for row in preview.rows if row.summary], written

    @settings(max_examples=20, deadline=None)
    @given(rows)
    def test_import_export_import_changes_nothing(self, generated: list[tuple]) -> None:
        cells = [as_cells(row) for row in generated]
        first, _ = self.verdicts(HEADER, cells)
        self.assertTrue(all(v.startswith("新規") for v in first))
        count = Resource.objects.filter(municipality=self.city).count()
        self.assertEqual(count, len(generated))
        # The same list again: found by name and venue, nothing new, nothing written.
        again, written = self.verdicts(HEADER, cells)
        self.assertEqual((again, written), (["変更なし"] * len(generated), 0))
        # Our export of what was stored, read back: no change either.
        resources = selectors.sheet_resources(
            self.city, list(Resource.objects.values_list("pk", flat=True))
        )
        exported, written = self.verdicts(list(FLAT_COLUMNS), flat_rows(resources))
        self.assertEqual(set(exported), {"変更なし"})
        self.assertEqual(written, 0)
        self.assertEqual(Resource.objects.filter(municipality=self.city).count(), count)
