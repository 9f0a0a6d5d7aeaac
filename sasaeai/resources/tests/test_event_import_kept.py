"""Issue #22 for the 「イベント一覧」 import: the column-mapping step, nothing a file says dropped
(free-text dates kept and flagged 要確認, URL stored, unread columns listed), the file's own id
stored and used to find the event again, and the same file twice writing nothing."""

import datetime
import io
from typing import Any

from django.core.exceptions import ValidationError
from django.test import TestCase
from openpyxl import Workbook

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import MunicipalityFactory
from sasaeai.core.imports import (
    Preview,
    batch_commit,
    batch_create,
    batch_map_columns,
    batch_preview,
    importer_for,
    match_columns,
    preview_from_json,
    preview_to_json,
)
from sasaeai.core.models import ImportBatch
from sasaeai.resources import scheduling, services
from sasaeai.resources.constants import ResourceKind, SchedulePattern
from sasaeai.resources.importers.events import EventImporter
from sasaeai.resources.models import Contact, Location, Organization, Resource, Schedule, SourceId
from sasaeai.utils.tabular import csv_bytes

from .test_event_import import NEW, OLD, old_row

ENGLISH = [
    "id", "eventName", "startDate", "endDate", "startTime", "endTime", "description", "price",
    "contactName", "telephoneNumber", "organizer", "venue", "address", "latitude", "longitude",
    "capacity", "target", "url", "genre",
]  # fmt: skip


def new_row(**cells: str) -> list[str]:
    values = dict.fromkeys(NEW, "")
    values.update(cells)
    return [values[h] for h in NEW]


def english_xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(ENGLISH)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class Fixture(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.user = user_with_role(Role.SC_LAYER1, cls.city)

    def run_import(self, data: bytes, name: str = "events.csv") -> tuple[ImportBatch, Preview]:
        batch = batch_create(
            municipality=self.city, kind="events", name=name, data=data, user=self.user
        )
        return batch, batch_preview(batch)

    def imported(self, data: bytes, name: str = "events.csv") -> Preview:
        batch, preview = self.run_import(data, name)
        self.assertEqual(preview.file_errors, [])
        batch_commit(batch=batch, excluded_lines=[], user=self.user)
        return preview


class SynonymTableTests(TestCase):
    """Literal headers of real files → the field (mapping-select label) each is read as."""

    def found(self, header: list[str]) -> dict[str, str]:
        match = match_columns(header, EventImporter.column_synonyms)
        return {header[i]: label for label, i in match.found.items()}

    def test_the_old_standard_generation(self) -> None:
        match = match_columns(OLD, EventImporter.column_synonyms)
        self.assertEqual(
            self.found(OLD),
            {
                "イベント名": "イベント名", "イベント名_カナ": "イベント名_カナ",
                "開始日": "開始日", "終了日": "終了日", "開始時間": "開始時間",
                "終了時間": "終了時間", "開始日時特記事項": "開始日時特記事項", "説明": "説明",
                "料金（基本）": "料金(基本)", "料金（詳細）": "料金(詳細)",
                "連絡先名称": "連絡先名称", "連絡先電話番号": "連絡先電話番号",
                "主催者": "主催者", "場所名称": "場所名称", "住所": "住所", "方書": "方書",
                "緯度": "緯度", "経度": "経度", "定員": "定員", "参加申込方法": "参加申込方法",
                "URL": "URL", "備考": "備考",
            },
        )  # fmt: skip
        # NO is a running number of one file (not an id another year's file keeps): left
        # unread, so the user decides.
        self.assertEqual(
            match.unread,
            [
                "都道府県コード又は市区町村コード", "NO", "都道府県名", "市区町村名",
                "イベント名_英語", "連絡先内線番号", "アクセス方法", "駐車場情報",
                "参加申込終了日", "参加申込終了時間",
            ],
        )  # fmt: skip

    def test_the_new_standard_generation(self) -> None:
        match = match_columns(NEW, EventImporter.column_synonyms)
        self.assertEqual(
            self.found(NEW),
            {
                "ID": "識別子", "イベント名": "イベント名", "イベント名_カナ": "イベント名_カナ",
                "開始日": "開始日", "終了日": "終了日", "開始時間": "開始時間",
                "終了時間": "終了時間", "開始日時特記事項": "開始日時特記事項", "説明": "説明",
                "料金(基本)": "料金(基本)", "料金(詳細)": "料金(詳細)",
                "連絡先名称": "連絡先名称", "連絡先電話番号": "連絡先電話番号",
                "主催者": "主催者", "場所名称": "場所名称", "所在地_連結表記": "住所",
                "所在地_方書": "方書", "緯度": "緯度", "経度": "経度", "定員": "定員",
                "対象者": "対象者", "URL": "URL",
            },
        )  # fmt: skip
        self.assertEqual(
            match.unread, ["全国地方公共団体コード", "地方公共団体名", "イベント名_英字"]
        )

    def test_english_and_other_wordings(self) -> None:
        self.assertEqual(
            self.found(ENGLISH),
            {
                "id": "識別子", "eventName": "イベント名", "startDate": "開始日",
                "endDate": "終了日", "startTime": "開始時間", "endTime": "終了時間",
                "description": "説明", "price": "料金(基本)", "contactName": "連絡先名称",
                "telephoneNumber": "連絡先電話番号", "organizer": "主催者", "venue": "場所名称",
                "address": "住所", "latitude": "緯度", "longitude": "経度", "capacity": "定員",
                "target": "対象者", "url": "URL",
            },
        )  # fmt: skip
        for header, label in (
            ("title", "イベント名"), ("name", "イベント名"), ("fee", "料金(基本)"),
            ("telephone", "連絡先電話番号"), ("phone", "連絡先電話番号"),
            ("place", "場所名称"), ("location", "場所名称"), ("イベントID", "識別子"),
            ("#property", "識別子"), ("管理番号", "識別子"), ("位置", "緯度経度"),
            ("緯度経度", "緯度経度"), ("座標", "緯度経度"), ("ホームページ", "URL"),
        ):  # fmt: skip
            with self.subTest(header):
                self.assertEqual(
                    self.found(["開始日", header]), {"開始日": "開始日", header: label}
                )


class StandardFileTests(Fixture):
    def test_the_new_generation_with_ids_cell_by_cell_and_again_with_nothing_new(self) -> None:
        rows = [
            new_row(
                ID="E-001", イベント名="男性の料理教室（初級）", イベント名_カナ="ダンセイノリョウリキョウシツ",
                開始日="2026-12-08", 開始時間="10:00", 終了時間="12:00",
                開始日時特記事項="雨天決行", 説明="包丁の使い方から始めます。",
                **{"料金(基本)": "500円", "料金(詳細)": "材料費を含みます"},
                連絡先名称="健康推進課 佐藤", 連絡先電話番号="042-000-2222",
                主催者="八王子市社会福祉協議会", 場所名称="北部市民センター　調理室",
                所在地_連結表記="東京都八王子市北町3-3", 所在地_方書="2階",
                緯度="35.70", 経度="139.30", 定員="定員16人", 対象者="65歳以上の男性",
                URL="https://example.jp/cooking",
            ),
            new_row(
                ID="E-002", イベント名="男性の料理教室（初級）", 開始日="2026-12-22",
                開始時間="10:00", 終了時間="12:00", 場所名称="北部市民センター　調理室",
            ),
        ]  # fmt: skip
        data = csv_bytes(NEW, rows, "utf-8-sig")
        preview = self.imported(data, "event_2026.csv")
        self.assertEqual(
            [(row.errors, row.note, row.summary) for row in preview.rows],
            [
                ([], "", ("新規", "令和8年12月8日、ほか1日", "北部市民センター　調理室")),
                ([], "", ("（同じイベントの別の日）", "", "")),
            ],
        )
        resource = Resource.objects.get()
        # 「500円」 → 500; 「定員16人」 → 16; the URL is the homepage, not a line of the text.
        self.assertEqual(
            (
                resource.name, resource.kana, resource.kind, resource.fee_free,
                resource.fee_amount, resource.fee_note, resource.capacity, resource.url,
                resource.review_reason, resource.registration_required,
            ),
            (
                "男性の料理教室（初級）", "ダンセイノリョウリキョウシツ", ResourceKind.EVENT, False,
                500, "", 16, "https://example.jp/cooking", "", None,
            ),
        )  # fmt: skip
        self.assertEqual(
            resource.description,
            "包丁の使い方から始めます。\n料金: 材料費を含みます\n対象: 65歳以上の男性",
        )
        self.assertEqual(resource.organization.name, "八王子市社会福祉協議会")
        place = Location.objects.get()
        self.assertEqual(
            (place.name, place.street, place.building, place.latitude, place.longitude),
            ("北部市民センター　調理室", "東京都八王子市北町3-3", "2階", 35.70, 139.30),
        )
        contact = Contact.objects.get()
        self.assertEqual(
            (contact.name, contact.phone, contact.is_public),
            ("健康推進課 佐藤", "042-000-2222", False),
        )
        (spec,) = [scheduling.spec_of(s) for s in resource.schedules.all()]
        self.assertEqual(
            (spec.pattern, spec.dates, spec.opens_at, spec.closes_at, spec.note),
            (
                SchedulePattern.IRREGULAR,
                (datetime.date(2026, 12, 8), datetime.date(2026, 12, 22)),
                datetime.time(10, 0),
                datetime.time(12, 0),
                "雨天決行",
            ),
        )
        # Each row's id, under the header as compared (flat.header_key: 「ID」 → 「id」).
        self.assertEqual(
            list(SourceId.objects.values_list("resource", "source", "value", "origin")),
            [
                (resource.pk, "id", "E-001", "event_2026.csv"),
                (resource.pk, "id", "E-002", "event_2026.csv"),
            ],
        )
        history = (Resource.history.count(), Schedule.history.count(), SourceId.history.count())
        # The same file again: nothing new, nothing written.
        batch, again = self.run_import(data, "event_2026.csv")
        self.assertEqual(
            [row.summary for row in again.rows],
            [("変更なし", "令和8年12月8日、ほか1日", "北部市民センター　調理室"),
             ("（同じイベントの別の日）", "", "")],
        )  # fmt: skip
        self.assertEqual(batch_commit(batch=batch, excluded_lines=[], user=self.user), 0)
        self.assertEqual(
            (Resource.history.count(), Schedule.history.count(), SourceId.history.count()),
            history,
        )
        self.assertEqual(
            (Resource.objects.count(), Location.objects.count(), Organization.objects.count()),
            (1, 1, 1),
        )

    def test_the_old_generation_twice_without_ids_is_no_change_too(self) -> None:
        data = csv_bytes(OLD, [old_row("いきいき体操教室", "2026-12-01")], "cp932")
        self.imported(data)
        _, again = self.run_import(data)
        self.assertEqual(again.rows[0].summary[0], "変更なし")
        # Nothing in the file is read as an id: none stored.
        self.assertEqual(SourceId.objects.count(), 0)

    def test_an_event_is_found_by_its_id_first_even_when_renamed(self) -> None:
        first = new_row(ID="7", イベント名="脳トレ教室", 開始日="2026-12-01", 場所名称="本町会館")
        self.imported(csv_bytes(NEW, [first], "utf-8-sig"))
        # The next list renames it (and names no venue): the id says it is the same event.
        later = new_row(ID="7", イベント名="脳トレ教室（前期）", 開始日="2027-01-05")
        batch, preview = self.run_import(csv_bytes(NEW, [later], "utf-8-sig"))
        self.assertEqual(preview.rows[0].summary[0], "更新（開催日を追加）")
        batch_commit(batch=batch, excluded_lines=[], user=self.user)
        resource = Resource.objects.get()
        self.assertEqual(resource.schedules.get().dates, ["2026-12-01", "2027-01-05"])

    def test_an_id_already_on_another_resource_is_not_moved(self) -> None:
        rows = [
            new_row(ID="9", イベント名="囲碁の会", 開始日="2026-12-01"),
            new_row(ID="9", イベント名="将棋の会", 開始日="2026-12-02"),
        ]
        preview = self.imported(csv_bytes(NEW, rows, "utf-8-sig"))
        self.assertEqual(
            preview.rows[1].note,
            "要確認: 識別子: 「9」は2行目の別のイベントにも付いているため、付けていません。",
        )
        shogi = Resource.objects.get(name="将棋の会")
        self.assertEqual(
            shogi.review_reason,
            "識別子: 「9」は2行目の別のイベントにも付いているため、付けていません。",
        )
        self.assertEqual(
            list(SourceId.objects.values_list("resource__name", "value")), [("囲碁の会", "9")]
        )


class EnglishWorkbookTests(Fixture):
    def test_multi_line_cells_and_full_width_digits(self) -> None:
        data = english_xlsx(
            [
                [
                    "#１", "ノルディックウォーキング", "２０２６/１２/１０", "", "１０：００", "１１：３０",
                    "ポールの貸出あり。\r\n動きやすい服装で。", "１，０００円", "山本",
                    "０４２－０００－３３３３", "NPO法人あるく会", "浅川河川敷　集合場所",
                    "東京都八王子市浅川1\n河川敷広場", "３５．６５", "１３９．３１", "先着２０名",
                    "どなたでも", "https://example.jp/walk", "スポーツ",
                ],
            ]
        )  # fmt: skip
        batch, preview = self.run_import(data, "walk.xlsx")
        self.assertEqual(preview.unread_columns, ["genre（例: スポーツ）"])
        self.assertEqual(
            preview.columns,
            [
                ("id", "識別子"), ("eventName", "イベント名"), ("startDate", "開始日"),
                ("endDate", "終了日"), ("startTime", "開始時間"), ("endTime", "終了時間"),
                ("description", "説明"), ("price", "料金(基本)"), ("contactName", "連絡先名称"),
                ("telephoneNumber", "連絡先電話番号"), ("organizer", "主催者"),
                ("venue", "場所名称"), ("address", "住所"), ("latitude", "緯度"),
                ("longitude", "経度"), ("capacity", "定員"), ("target", "対象者"),
                ("url", "URL"), ("genre", ""),
            ],
        )  # fmt: skip
        self.assertEqual(
            (preview.rows[0].errors, preview.rows[0].summary),
            ([], ("新規", "令和8年12月10日", "浅川河川敷　集合場所")),
        )
        batch_commit(batch=batch, excluded_lines=[], user=self.user)
        resource = Resource.objects.get()
        # １，０００円 → 1000; 先着２０名 → 20; CRLF inside the cell → LF; full-width space kept.
        self.assertEqual(
            (resource.name, resource.fee_amount, resource.capacity, resource.url),
            ("ノルディックウォーキング", 1000, 20, "https://example.jp/walk"),
        )
        self.assertEqual(
            resource.description, "ポールの貸出あり。\n動きやすい服装で。\n対象: どなたでも"
        )
        schedule = resource.schedules.get()
        self.assertEqual(
            (schedule.dates, schedule.opens_at, schedule.closes_at),
            (["2026-12-10"], datetime.time(10, 0), datetime.time(11, 30)),
        )
        place = Location.objects.get()
        self.assertEqual(
            (place.name, place.street, place.latitude, place.longitude),
            ("浅川河川敷　集合場所", "東京都八王子市浅川1\n河川敷広場", 35.65, 139.31),
        )
        contact = Contact.objects.get()
        self.assertEqual(
            (contact.name, contact.phone, contact.is_public), ("山本", "042-000-3333", False)
        )
        # ＃１ folded (NFKC) to #1, under the header 「id」.
        self.assertEqual(
            list(SourceId.objects.values_list("source", "value", "origin")),
            [("id", "#1", "walk.xlsx")],
        )


class FreeTextDateTests(Fixture):
    def test_each_date_that_is_not_a_date_is_kept_and_flagged(self) -> None:
        long_text = "年" * 201
        rows = [
            old_row("定例健康相談", "毎月第2火曜日"),
            old_row("春の園芸教室", "4月上旬"),
            old_row("お花見散歩", "令和8年春頃", 開始時間="", 終了時間=""),
            old_row("介護なんでも相談", "随時", 開始時間="午前中"),
            old_row("水中ウォーキング", "第2・第4水曜"),
            old_row("料理教室", "2026-12-01", **{"料金（基本）": "500円（材料費）"}, 定員="若干名"),
            old_row("ボランティア説明会", ""),
            old_row("長い説明の会", long_text, 開始時間="", 終了時間=""),
            old_row("", "4月上旬"),
        ]  # fmt: skip
        batch, preview = self.run_import(csv_bytes(OLD, rows, "utf-8-sig"))
        self.assertEqual(
            [(row.line, row.errors, row.note, row.summary[:2]) for row in preview.rows],
            [
                (2, [], "開始日の「毎月第2火曜日」を「毎月第2火曜日 10:00〜11:30」と読みました。",
                 ("新規", "毎月第2火曜日 10:00〜11:30")),
                (3, [], "要確認: 開始日: 「4月上旬」を日付として読み取れませんでした（原文のまま保存）。",
                 ("新規", "不定期 10:00〜11:30 4月上旬")),
                (4, [], "要確認: 開始日: 「令和8年春頃」を日付として読み取れませんでした（原文のまま保存）。",
                 ("新規", "不定期 令和8年春頃")),
                (5, [], "要確認: 開始時間: 「午前中」を時刻として読み取れませんでした（原文のまま保存）。"
                 " 要確認: 開始日: 「随時」を日付として読み取れませんでした（原文のまま保存）。",
                 ("新規", "不定期 〜11:30 随時 開始時間: 午前中")),
                (6, [], "開始日の「第2・第4水曜」を「毎月第2・第4水曜日 10:00〜11:30」と読みました。",
                 ("新規", "毎月第2・第4水曜日 10:00〜11:30")),
                (7, [], "要確認: 定員: 「若干名」を人数として読み取れませんでした（原文のまま保存）。"
                 " 要確認: 料金(基本): 「500円（材料費）」を金額として読み取れませんでした（原文のまま保存）。",
                 ("新規", "令和8年12月1日")),
                (8, [], "要確認: 開始日: 空欄のため、開催日を登録していません。", ("新規", "")),
                (9, [], f"要確認: 開始日: 「{long_text}」を日付として読み取れませんでした（原文のまま保存）。"
                 f" 要確認: 開始日: 200文字までしか入らないため、先頭を保存しました。全文:「{long_text}」",
                 ("新規", f"不定期 {long_text[:200]}")),
                (10, ["イベント名: 空欄です。"], "", ()),
            ],
        )  # fmt: skip
        batch_commit(batch=batch, excluded_lines=[10], user=self.user)

        def stored(name: str) -> tuple[Any, ...]:
            resource = Resource.objects.get(name=name)
            specs = [scheduling.spec_of(s) for s in resource.schedules.all()]
            return resource.review_reason, [
                (s.pattern, s.weekdays, s.nths, s.dates, s.opens_at, s.closes_at, s.note)
                for s in specs
            ]

        ten, half_past_eleven = datetime.time(10, 0), datetime.time(11, 30)
        # Tuesday is weekday 1 and Wednesday 2 (Monday 0).
        self.assertEqual(
            stored("定例健康相談"),
            ("", [("nth_weekday", (1,), (2,), (), ten, half_past_eleven, "")]),
        )
        self.assertEqual(
            stored("水中ウォーキング"),
            ("", [("nth_weekday", (2,), (2, 4), (), ten, half_past_eleven, "")]),
        )
        self.assertEqual(
            stored("春の園芸教室"),
            (
                "開始日: 「4月上旬」を日付として読み取れませんでした（原文のまま保存）。",
                [("irregular", (), (), (), ten, half_past_eleven, "4月上旬")],
            ),
        )
        self.assertEqual(
            stored("お花見散歩"),
            (
                "開始日: 「令和8年春頃」を日付として読み取れませんでした（原文のまま保存）。",
                [("irregular", (), (), (), None, None, "令和8年春頃")],
            ),
        )
        self.assertEqual(
            stored("介護なんでも相談"),
            (
                "開始時間: 「午前中」を時刻として読み取れませんでした（原文のまま保存）。\n"
                "開始日: 「随時」を日付として読み取れませんでした（原文のまま保存）。",
                [("irregular", (), (), (), None, half_past_eleven, "随時 開始時間: 午前中")],
            ),
        )
        cooking = Resource.objects.get(name="料理教室")
        self.assertEqual(
            (cooking.fee_free, cooking.fee_amount, cooking.fee_note, cooking.capacity),
            (False, None, "500円（材料費）", None),
        )
        self.assertEqual(cooking.description, "椅子に座ってできる体操です。\n定員: 若干名")
        self.assertEqual(
            stored("ボランティア説明会"),
            ("開始日: 空欄のため、開催日を登録していません。", []),
        )
        reason, [long_spec] = stored("長い説明の会")
        self.assertEqual(long_spec[6], "年" * 200)
        self.assertIn(f"全文:「{long_text}」", reason)
        # The same file again: every schedule read back equal, nothing new, nothing written.
        again, preview = self.run_import(csv_bytes(OLD, rows, "utf-8-sig"))
        self.assertEqual([row.summary[:1] for row in preview.rows], [("変更なし",)] * 8 + [()])
        self.assertEqual(batch_commit(batch=again, excluded_lines=[10], user=self.user), 0)
        self.assertEqual(Resource.objects.count(), 8)

    def test_a_later_free_text_date_is_added_and_flagged_but_a_cleared_flag_stays_cleared(
        self,
    ) -> None:
        self.imported(csv_bytes(OLD, [old_row("いきいき体操教室", "2026-12-01")], "cp932"))
        resource = Resource.objects.get()
        data = csv_bytes(OLD, [old_row("いきいき体操教室", "4月上旬")], "cp932")
        batch, preview = self.run_import(data)
        self.assertEqual(preview.rows[0].summary[0], "更新（予定を追加・要確認の理由を追加）")
        batch_commit(batch=batch, excluded_lines=[], user=self.user)
        resource.refresh_from_db()
        self.assertEqual(
            resource.review_reason,
            "開始日: 「4月上旬」を日付として読み取れませんでした（原文のまま保存）。",
        )
        self.assertEqual(
            [(s.pattern, s.dates, s.note) for s in resource.schedules.order_by("pk")],
            [("irregular", ["2026-12-01"], ""), ("irregular", [], "4月上旬")],
        )
        services.resource_review_clear(resource=resource, user=self.user)
        _, again = self.run_import(data)
        self.assertEqual(again.rows[0].summary[0], "変更なし")

    def test_a_phrase_that_cannot_hold_and_a_blank_date_with_its_note_are_kept(self) -> None:
        rows = [
            # 隔週 needs its first day (scheduling.validate), which the phrase does not give.
            old_row("囲碁教室", "隔週木曜", 開始時間="", 終了時間=""),
            old_row("編み物の会", "", 開始時間="", 終了時間="", 開始日時特記事項="日程は広報で"),
        ]
        self.imported(csv_bytes(OLD, rows, "utf-8-sig"))
        self.assertEqual(
            [
                (r.review_reason, [(s.pattern, s.note) for s in r.schedules.all()])
                for r in Resource.objects.order_by("name")
            ],
            [
                (
                    "開始日: 「隔週木曜」を日付として読み取れませんでした（原文のまま保存）。",
                    [("irregular", "隔週木曜")],
                ),
                (
                    "開始日: 空欄のため、開始日時特記事項を開催日の補足として残しました。",
                    [("irregular", "日程は広報で")],
                ),
            ],
        )

    def test_a_name_too_long_is_refused_not_cut(self) -> None:
        _, preview = self.run_import(csv_bytes(OLD, [old_row("体" * 201, "2026-12-01")], "cp932"))
        self.assertEqual(
            preview.rows[0].errors, ["イベント名: 200文字までです（201文字あります）。"]
        )

    def test_a_date_with_its_day_of_the_week_is_a_date(self) -> None:
        preview = self.imported(
            csv_bytes(OLD, [old_row("歌声喫茶", "2026年12月4日(金)")], "utf-8-sig")
        )
        self.assertEqual((preview.rows[0].note, preview.rows[0].summary[1]), ("", "令和8年12月4日"))

    def test_the_kept_preview_reads_back_equal(self) -> None:
        rows = [old_row("定例健康相談", "毎月第2火曜日"), old_row("春の園芸教室", "4月上旬")]
        _batch, preview = self.run_import(csv_bytes(OLD, rows, "utf-8-sig"))
        importer = importer_for("events")
        again = preview_from_json(preview_to_json(preview, importer), importer, self.city)
        self.assertEqual([row.payload for row in again.rows], [row.payload for row in preview.rows])


class FactsAndValuesTests(Fixture):
    def test_registration_is_read_only_when_the_cell_says_just_that(self) -> None:
        rows = [
            old_row("A", "2026-12-01", 参加申込方法="要申込"),
            old_row("B", "2026-12-01", 参加申込方法="申込不要"),
            old_row("C", "2026-12-01", 参加申込方法="電話で申込"),
            old_row("D", "2026-12-01"),
        ]
        self.imported(csv_bytes(OLD, rows, "utf-8-sig"))
        self.assertEqual(
            list(Resource.objects.order_by("name").values_list("name", "registration_required")),
            [("A", True), ("B", False), ("C", None), ("D", None)],
        )
        # The way to apply stays in the text.
        self.assertEqual(
            Resource.objects.get(name="C").description,
            "椅子に座ってできる体操です。\n申込: 電話で申込",
        )

    def test_a_url_that_is_no_address_is_kept_in_the_text_and_flagged(self) -> None:
        rows = [old_row("A", "2026-12-01", URL="市ホームページをご覧ください")]
        self.imported(csv_bytes(OLD, rows, "utf-8-sig"))
        resource = Resource.objects.get()
        self.assertEqual(
            (resource.url, resource.description, resource.review_reason),
            (
                "",
                "椅子に座ってできる体操です。\n詳しくは: 市ホームページをご覧ください",
                "URL: 「市ホームページをご覧ください」をホームページのアドレスとして"
                "読み取れませんでした（原文のまま説明に保存）。",
            ),
        )

    def test_one_lat_lon_cell_and_a_phone_without_a_name(self) -> None:
        header = ["イベント名", "開始日", "会場", "位置", "電話番号"]
        data = csv_bytes(
            header, [["健康体操", "2026-12-01", "中央公園", "35.66, 139.32", "042-000-4444"]],
            "utf-8-sig",
        )  # fmt: skip
        self.imported(data)
        place = Location.objects.get()
        self.assertEqual((place.latitude, place.longitude), (35.66, 139.32))
        contact = Contact.objects.get()
        self.assertEqual(
            (contact.name, contact.phone, contact.is_public),
            ("問い合わせ先", "042-000-4444", False),
        )


class ColumnMappingTests(Fixture):
    def test_an_unknown_header_is_mapped_by_hand_and_remembered(self) -> None:
        header = ["催事名称", "開始日", "ジャンル"]
        data = csv_bytes(header, [["囲碁大会", "2026-12-01", "趣味"]], "utf-8-sig")
        batch, preview = self.run_import(data)
        self.assertEqual(
            preview.file_errors,
            [
                "「イベント名」の列が見つかりません。「イベント一覧」の見出しの行（1行目）があるか"
                "確かめるか、列の割り当てでその列を選んでください。"
            ],
        )
        # Every column is offered, 開始日 (read by its own name) too.
        self.assertEqual(
            [(c.header, c.field) for c in preview.column_choices],
            [("催事名称", ""), ("開始日", "開始日"), ("ジャンル", "")],
        )
        batch_map_columns(batch=batch, choices={"催事名称": "イベント名"}, user=self.user)
        batch.refresh_from_db()
        preview = batch_preview(batch)
        self.assertEqual(
            (preview.file_errors, preview.unread_columns), ([], ["ジャンル（例: 趣味）"])
        )
        batch_commit(batch=batch, excluded_lines=[], user=self.user)
        self.assertEqual(Resource.objects.get().name, "囲碁大会")
        # The next file with that header is read the same way, and the preview says so.
        _, later = self.run_import(data)
        self.assertEqual(
            (later.file_errors, later.mapping_notes),
            ([], ["前回の割り当て: 列「催事名称」→ イベント名"]),
        )

    def test_two_columns_for_one_field_are_refused_naming_both(self) -> None:
        data = csv_bytes(OLD, [old_row("A", "2026-12-01", 備考="雨天中止")], "utf-8-sig")
        batch, _ = self.run_import(data)
        with self.assertRaises(ValidationError) as raised:
            batch_map_columns(batch=batch, choices={"備考": "説明"}, user=self.user)
        self.assertEqual(
            raised.exception.messages,
            [
                "「説明」に2つの列（列「備考」と列「説明」）が割り当てられています。"
                "どちらか一方を「使わない」にしてください。"
            ],
        )
