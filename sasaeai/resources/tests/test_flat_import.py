"""What the flat sheet preview says about bad sheets, remapped columns and Excel quirks (the
round trip on the whole demo city is in test_demo_flat_round_trip.py)."""

import io
import re
import zipfile

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from openpyxl import Workbook

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import MunicipalityFactory
from sasaeai.core.imports import (
    ValueChoice,
    batch_commit,
    batch_create,
    batch_map_values,
    batch_preview,
)
from sasaeai.core.models import ImportColumnMapping
from sasaeai.resources.models import Resource
from sasaeai.utils.tabular import xlsx_bytes


def workbook_bytes(rows: list[list]) -> bytes:
    return xlsx_bytes("地域資源", rows[0], rows[1:])


class BadSheetTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.user = user_with_role(Role.SC_LAYER1, cls.city)

    def preview(self, rows: list[list]):  # type: ignore[no-untyped-def]
        batch = batch_create(
            municipality=self.city,
            kind="resources_flat",
            name="x.xlsx",
            data=workbook_bytes(rows),
            user=self.user,
        )
        return batch, batch_preview(batch)

    def test_unfamiliar_english_headers_are_still_understood(self) -> None:
        rows = [
            ["Name", "Type", "Venue", "Latitude", "Longitude", "Schedule"],
            ["Morning Exercise", "Community Salon", "Hall A", 35.7, 139.4, "毎週火曜 10時〜12時"],
        ]
        batch, preview = self.preview(rows)
        (row,) = preview.rows
        # 「Community Salon」 is none of our kinds: never guessed, asked for (issue #22).
        self.assertEqual(
            row.errors,
            [
                "種類: 「Community Salon」をどの種類として取り込むか決まっていません"
                "（「値の割り当て」で選んでください）。"
            ],
        )
        self.assertEqual(
            preview.value_choices,
            [ValueChoice("種類", "Community Salon", "communitysalon", 1)],
        )
        batch_map_values(
            batch=batch, choices={"種類": {"Community Salon": "kayoi"}}, user=self.user
        )
        batch.refresh_from_db()
        (row,) = batch_preview(batch).rows
        self.assertEqual((row.errors, row.summary), ([], ("新規", "毎週火曜 10時〜12時")))
        batch_commit(batch=batch, excluded_lines=[], user=self.user)
        self.assertEqual(Resource.objects.get().kind, "kayoi")
        # Remembered: the next file saying 「community salon」 is read so, and says so.
        again = self.preview(rows)[1]
        self.assertEqual(again.rows[0].errors, [])
        self.assertEqual(
            again.value_choices,
            [ValueChoice("種類", "Community Salon", "communitysalon", 1, "kayoi", True)],
        )

    def test_a_file_without_kinds_is_blocked_until_one_is_chosen_for_the_whole_file(self) -> None:
        # A facility list says nothing of 通いの場: nothing is stored as one unless the user
        # says so (before issue #22 every such row silently became 通いの場).
        rows = [
            ["名称", "会場"],
            ["特別養護老人ホーム愛全園", "愛全園"],
            ["デイサービスさくら", ""],
        ]
        batch, preview = self.preview(rows)
        self.assertEqual(preview.error_lines, [2, 3])
        self.assertEqual(preview.value_choices, [ValueChoice("種類", "", "", 2)])
        with self.assertRaises(ValidationError):
            batch_commit(batch=batch, excluded_lines=[], user=self.user)
        self.assertEqual(Resource.objects.count(), 0)
        with self.assertRaisesMessage(
            ValidationError, "種類: 「遊び場」は選べる値ではありません（値「」）。"
        ):
            batch_map_values(batch=batch, choices={"種類": {"": "遊び場"}}, user=self.user)
        batch_map_values(batch=batch, choices={"種類": {"": "care_provider"}}, user=self.user)
        batch.refresh_from_db()
        self.assertEqual(batch_commit(batch=batch, excluded_lines=[], user=self.user), 2)
        self.assertEqual(
            sorted(Resource.objects.values_list("name", "kind")),
            [
                ("デイサービスさくら", "care_provider"),
                ("特別養護老人ホーム愛全園", "care_provider"),
            ],
        )

    def test_bad_rows_are_named_and_nothing_is_written(self) -> None:
        rows = [
            ["名称", "種類", "活動内容", "定員", "参加費", "会場", "緯度", "経度"],
            ["体操の会", "通いの場", "体操（運動）", 20, "無料", "北集会所", 35.7, 139.4],
            ["", "通いの場", "", "", "", "", "", ""],  # line 3: no name
            ["囲碁の会", "遊び場", "囲碁", "二十", "安い", "南集会所", 139.4, 35.7],  # line 4
        ]
        batch, preview = self.preview(rows)
        errors = {row.line: row.errors for row in preview.rows}
        self.assertEqual(errors[2], [])
        self.assertEqual(errors[3], ["名称: 空欄です。"])
        self.assertEqual(
            errors[4],
            [
                "種類: 「遊び場」をどの種類として取り込むか決まっていません（「値の割り当て」で選んでください）。",
                "活動内容: 「囲碁」は選べる項目にありません。",
                "定員: 「二十」は数として読み取れません。",
                "参加費: 「安い」は「無料」か金額（例: 300）で入力してください。",
                "緯度・経度: 緯度（139.4）と経度（35.7）が入れ替わっているようです。",
            ],
        )
        with self.assertRaises(ValidationError):
            batch_commit(batch=batch, excluded_lines=[], user=self.user)
        self.assertEqual(Resource.objects.count(), 0)
        self.assertEqual(batch_commit(batch=batch, excluded_lines=[3, 4], user=self.user), 1)
        self.assertEqual(
            list(Resource.objects.values_list("name", "capacity", "fee_free")),
            [("体操の会", 20, True)],
        )

    def test_width_and_superscript_digits_are_read_after_nfkc(self) -> None:
        # Cells are NFKC-normalised when read: 「２０」 → 20 and 「²」 → 2 (never a crash in int()).
        rows = [
            ["名称", "種類", "定員", "参加費", "会場", "緯度", "経度"],
            ["体操の会", "通いの場", "２０", "²", "北集会所", 35.7, 139.4],
        ]
        batch, preview = self.preview(rows)
        (row,) = preview.rows
        self.assertEqual(row.errors, [])
        batch_commit(batch=batch, excluded_lines=[], user=self.user)
        self.assertEqual(list(Resource.objects.values_list("capacity", "fee_amount")), [(20, 2)])

    def test_a_file_that_is_not_a_spreadsheet_is_refused(self) -> None:
        batch = batch_create(
            municipality=self.city,
            kind="resources_flat",
            name="x.xlsx",
            data=b"PK\x03\x04 not really a zip",
            user=self.user,
        )
        self.assertEqual(
            batch_preview(batch).file_errors,
            ["Excelファイルとして読み取れません（壊れているか、パスワード付きです）。"],
        )

    def test_a_new_row_like_an_existing_resource_is_marked_as_a_possible_duplicate(self) -> None:
        from sasaeai.resources.tests.factories import ResourceFactory

        ResourceFactory(municipality=self.city, name="いきいきサロン中央")
        rows = [["名称", "種類"], ["いきいき サロン 中央", "通いの場"], ["囲碁クラブ", "通いの場"]]
        _, preview = self.preview(rows)
        self.assertEqual(
            [row.summary[0] for row in preview.rows],
            ["重複の疑い（選んでください）", "新規"],
        )
        suspect = preview.rows[0].suspect
        assert suspect is not None
        self.assertEqual([c.label for c in suspect.candidates], ["いきいきサロン中央"])

    def test_header_rows_repeated_on_each_printed_page_and_repeated_rows_are_skipped(self) -> None:
        rows = [
            ["Name", "Venue"],
            ["体操の会", "北集会所"],
            ["Name", "Venue"],
            ["体操の会", "北集会所"],
            ["囲碁の会", "南集会所"],
        ]
        _, preview = self.preview(rows)
        self.assertEqual([row.label for row in preview.rows], ["体操の会", "囲碁の会"])
        self.assertEqual(preview.notes, ["4行目は2行目と同じ内容のため読み飛ばしました。"])

    def test_a_further_venue_row_that_contradicts_the_first_row_is_an_error(self) -> None:
        # Found by the property test: the second row of a resource was only checked for its venue.
        rows = [
            ["名称", "種類", "会場"],
            ["体操の会", "通いの場", "北集会所"],
            ["体操の会", "移動支援", "南集会所"],
        ]
        _, preview = self.preview(rows)
        self.assertEqual(
            [row.errors for row in preview.rows],
            [[], ["種類: 「移動支援」が同じ地域資源の2行目（「通いの場」）と違います。"]],
        )


class RemapTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.user = user_with_role(Role.SC_LAYER1, cls.city)

    def setUp(self) -> None:
        self.client.force_login(self.user)

    def upload(self) -> str:
        rows = [["Titel", "Ort", "Notiz"], ["Morgengymnastik", "Halle A", "egal"]]
        upload = io.BytesIO(workbook_bytes(rows))
        upload.name = "liste.xlsx"
        url = reverse("core:import_upload", kwargs={"lgcode": "132012", "kind": "resources_flat"})
        return self.client.post(url, {"file": upload})["Location"]

    def test_unknown_headers_can_be_mapped_by_hand_and_the_mapping_is_remembered(self) -> None:
        page = self.upload()
        self.assertContains(self.client.get(page), "「名称」の列が見つかりません。")
        self.client.post(
            page,
            {
                "action": "map_columns",
                "mapped_header": ["Titel", "Ort", "Notiz"],
                "mapped_field": ["名称", "会場", ""],
            },
        )
        again = self.client.get(page)
        self.assertContains(again, "Morgengymnastik")
        self.assertNotContains(again, "「名称」の列が見つかりません。")
        # No 種類 column: the kind of every row is asked, on the page, for the whole file.
        self.assertContains(
            again, '<label for="value-choice-0">（空欄・列なし）</label>', html=False
        )
        self.client.post(
            page,
            {
                "action": "map_values",
                "value_field": ["種類"],
                "value_value": [""],
                "value_choice": ["kayoi"],
            },
        )
        again = self.client.get(page)
        # The column left 「使わない」 is named with what it holds, never dropped unseen.
        self.assertContains(again, "取り込まない列: Notiz（例: egal）")
        self.client.post(page, {"action": "commit"})
        self.assertEqual(Resource.objects.get().name, "Morgengymnastik")
        # Remembered on commit (core.imports): a new file with these headers reads the same.
        self.assertEqual(
            sorted(
                ImportColumnMapping.objects.filter(
                    municipality=self.city, kind="resources_flat"
                ).values_list("header_key", "field")
            ),
            [("notiz", ""), ("ort", "会場"), ("titel", "名称")],
        )
        self.assertContains(self.client.get(self.upload()), "前回の割り当て: 列「Titel」→ 名称")


class ExcelQuirkTests(TestCase):
    """What Excel sheets do to cells: merged ranges, formulas, full-width digits, line breaks."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.user = user_with_role(Role.SC_LAYER1, cls.city)

    def sheet(self, formulas: bool = False, cached: str = "") -> bytes:
        book = Workbook()
        sheet = book.active
        sheet.append(["名称", "運営主体", "定員", "会場", "内容", "種類"])
        sheet.append(["体操の会", "桜町自治会", "３０", "北集会所", "椅子体操\n脳トレ", "通いの場"])
        sheet.append(["体操の会", None, None, "南集会所", "椅子体操\n脳トレ", "通いの場"])
        if formulas:
            sheet.append(["囲碁の会", "=B2", 10, "=D3", "", "通いの場"])
        sheet.merge_cells("B2:B3")
        sheet.merge_cells("C2:C3")
        buffer = io.BytesIO()
        book.save(buffer)
        data = buffer.getvalue()
        if cached:
            data = with_cached_values(data, cached)
        return data

    def preview(self, data: bytes):  # type: ignore[no-untyped-def]
        batch = batch_create(
            municipality=self.city, kind="resources_flat", name="x.xlsx", data=data, user=self.user
        )
        return batch, batch_preview(batch)

    def test_a_merged_cell_counts_for_every_row_it_covers(self) -> None:
        batch, preview = self.preview(self.sheet())
        self.assertEqual([row.errors for row in preview.rows], [[], []])
        batch_commit(batch=batch, excluded_lines=[], user=self.user)
        resource = Resource.objects.get()
        # 「３０」 (full width) → 30; the line break inside 内容 is kept.
        self.assertEqual(
            (resource.organization.name, resource.capacity, resource.description),
            ("桜町自治会", 30, "椅子体操\n脳トレ"),
        )
        self.assertEqual(
            sorted(resource.service_locations.values_list("location__name", flat=True)),
            ["北集会所", "南集会所"],
        )

    def test_formulas_whose_results_were_never_saved_are_named(self) -> None:
        _, preview = self.preview(self.sheet(formulas=True))
        self.assertEqual(
            preview.file_errors,
            [
                "数式の計算結果が保存されていないセルがあります（B4、D4）。"
                "Excelで開いて上書き保存してから、もう一度選んでください。"
            ],
        )

    def test_formulas_with_saved_results_are_read_as_their_results(self) -> None:
        batch, preview = self.preview(self.sheet(formulas=True, cached="南集会所"))
        self.assertEqual(preview.file_errors, [])
        self.assertEqual([row.errors for row in preview.rows], [[], [], []])
        batch_commit(batch=batch, excluded_lines=[], user=self.user)
        go = Resource.objects.get(name="囲碁の会")
        # B4 (=B2) and D4 (=D3) read as the results Excel saved with them.
        self.assertEqual(
            (go.organization.name, go.service_locations.get().location.name),
            ("南集会所", "南集会所"),
        )


def with_cached_values(data: bytes, text: str) -> bytes:
    """The workbook as Excel saves it: each formula cell also holds its last result (as text)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.endswith("sheet1.xml"):
                content = re.sub(
                    rb"<c r=\"([A-Z]+4)\"><f>([^<]*)</f><v ?/>",
                    lambda m: b'<c r="' + m[1] + b'" t="str"><f>' + m[2] + b"</f><v>"
                    + text.encode() + b"</v>",
                    content,
                )  # fmt: skip
            target.writestr(item, content)
    return buffer.getvalue()


class VenueCellTests(TestCase):
    """A venue's cells in the sheet: what the preview calls a change is what the commit writes
    (before issue #22 a changed 緯度 was shown as 更新 and never saved), and one venue cannot
    be two places in one file."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.user = user_with_role(Role.SC_LAYER1, cls.city)

    HEADER = ["名称", "種類", "会場", "番地以下", "緯度", "経度"]

    def run_import(self, rows: list[list]):  # type: ignore[no-untyped-def]
        batch = batch_create(
            municipality=self.city, kind="resources_flat", name="x.xlsx",
            data=workbook_bytes([self.HEADER, *rows]), user=self.user,
        )  # fmt: skip
        preview = batch_preview(batch)
        if not preview.error_lines:
            batch_commit(batch=batch, excluded_lines=[], user=self.user)
        return preview

    def test_a_changed_position_is_written_and_then_no_change(self) -> None:
        self.run_import([["体操の会", "通いの場", "北集会所", "北町1", 35.7, 139.3]])
        preview = self.run_import([["体操の会", "通いの場", "北集会所", "北町1", 35.71, 139.3]])
        self.assertEqual(preview.rows[0].summary, ("更新", "会場「北集会所」の緯度"))
        venue = Resource.objects.get().service_locations.get().location
        self.assertEqual((venue.latitude, venue.longitude, venue.street), (35.71, 139.3, "北町1"))
        again = self.run_import([["体操の会", "通いの場", "北集会所", "北町1", 35.71, 139.3]])
        self.assertEqual(again.rows[0].summary, ("変更なし", "—"))

    def test_one_venue_named_with_two_positions_is_an_error_on_the_later_row(self) -> None:
        preview = self.run_import(
            [
                ["体操の会", "通いの場", "北集会所", "北町1", 35.7, 139.3],
                ["囲碁の会", "通いの場", "北集会所", "北町1", 35.8, 139.3],
            ]
        )
        self.assertEqual(
            [row.errors for row in preview.rows],
            [
                [],
                [
                    "会場「北集会所」の緯度: 「35.8」が2行目（「35.7」）と違います。"
                    "同じ会場は同じ内容にしてください。"
                ],
            ],
        )
        self.assertEqual(Resource.objects.count(), 0)
