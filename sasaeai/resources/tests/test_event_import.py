"""「イベント一覧」 rows as 催し・講座 resources with dated occurrences, in both header generations."""

import datetime

from django.test import TestCase

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import MunicipalityFactory
from sasaeai.core.import_undo import batch_undo
from sasaeai.core.imports import batch_commit, batch_create, batch_preview
from sasaeai.resources import scheduling
from sasaeai.resources.constants import ResourceKind, SchedulePattern
from sasaeai.resources.models import Contact, Location, Organization, Resource
from sasaeai.utils.tabular import csv_bytes, xlsx_bytes

OLD = [
    "都道府県コード又は市区町村コード", "NO", "都道府県名", "市区町村名", "イベント名",
    "イベント名_カナ", "イベント名_英語", "開始日", "終了日", "開始時間", "終了時間",
    "開始日時特記事項", "説明", "料金（基本）", "料金（詳細）", "連絡先名称", "連絡先電話番号",
    "連絡先内線番号", "主催者", "場所名称", "住所", "方書", "緯度", "経度", "アクセス方法",
    "駐車場情報", "定員", "参加申込終了日", "参加申込終了時間", "参加申込方法", "URL", "備考",
]  # fmt: skip
NEW = [
    "全国地方公共団体コード", "ID", "地方公共団体名", "イベント名", "イベント名_カナ",
    "イベント名_英字", "開始日", "終了日", "開始時間", "終了時間", "開始日時特記事項", "説明",
    "料金(基本)", "料金(詳細)", "連絡先名称", "連絡先電話番号", "主催者", "場所名称",
    "所在地_連結表記", "所在地_方書", "緯度", "経度", "定員", "対象者", "URL",
]  # fmt: skip


def old_row(name: str, start: str, **over: str) -> list[str]:
    values = dict.fromkeys(OLD, "")
    values.update(
        {
            "イベント名": name,
            "開始日": start,
            "開始時間": "10:00",
            "終了時間": "11:30",
            "説明": "椅子に座ってできる体操です。",
            "料金（基本）": "無料",
            "連絡先名称": "高齢福祉課 山田",
            "連絡先電話番号": "042-000-1111",
            "主催者": "八王子市社会福祉協議会",
            "場所名称": "中央公民館",
            "住所": "東京都八王子市本町1-1",
            "緯度": "35.66",
            "経度": "139.32",
            "定員": "先着30名",
        }
    )
    values.update(over)
    return [values[h] for h in OLD]


class EventImportTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.user = user_with_role(Role.SC_LAYER1, cls.city)

    def run_import(self, data: bytes, name: str = "events.csv"):  # type: ignore[no-untyped-def]
        batch = batch_create(
            municipality=self.city, kind="events", name=name, data=data, user=self.user
        )
        return batch, batch_preview(batch)

    def test_rows_of_one_event_become_one_resource_with_its_dates(self) -> None:
        rows = [
            old_row("いきいき体操教室", "2026-12-01"),
            old_row("いきいき体操教室", "2026/12/15"),
            old_row(
                "健康まつり", "令和8年12月5日", 終了日="令和8年12月6日", 開始時間="", 終了時間=""
            ),
        ]
        batch, preview = self.run_import(csv_bytes(OLD, rows, "cp932"))
        self.assertEqual(preview.file_errors, [])
        self.assertEqual(
            [(row.line, row.errors, row.summary) for row in preview.rows],
            [
                (2, [], ("新規", "令和8年12月1日、ほか1日", "中央公民館")),
                (3, [], ("（同じイベントの別の日）", "", "")),
                (4, [], ("新規", "令和8年12月5日、ほか1日", "中央公民館")),
            ],
        )
        self.assertEqual(batch_commit(batch=batch, excluded_lines=[], user=self.user), 2)
        exercise = Resource.objects.get(name="いきいき体操教室")
        self.assertEqual(exercise.kind, ResourceKind.EVENT)
        # 「先着30名」 → 30; 無料 → fee_free.
        self.assertEqual((exercise.capacity, exercise.fee_free), (30, True))
        (schedule,) = exercise.schedules.all()
        spec = scheduling.spec_of(schedule)
        self.assertEqual(
            (spec.pattern, spec.dates, spec.opens_at, spec.closes_at),
            (
                SchedulePattern.IRREGULAR,
                (datetime.date(2026, 12, 1), datetime.date(2026, 12, 15)),
                datetime.time(10, 0),
                datetime.time(11, 30),
            ),
        )
        self.assertEqual(
            scheduling.next_occurrences(spec, after=datetime.date(2026, 11, 27)),
            [datetime.date(2026, 12, 1), datetime.date(2026, 12, 15)],
        )
        # One venue and one organiser, shared by both events.
        self.assertEqual((Location.objects.count(), Organization.objects.count()), (1, 1))
        self.assertEqual(exercise.organization.name, "八王子市社会福祉協議会")
        # The person named in the file is kept, but not published without consent.
        contact = Contact.objects.get(resource=exercise)
        self.assertEqual((contact.name, contact.is_public), ("高齢福祉課 山田", False))
        festival = Resource.objects.get(name="健康まつり")
        self.assertEqual(festival.schedules.get().dates, ["2026-12-05", "2026-12-06"])

    def test_a_later_list_adds_dates_to_an_event_already_registered(self) -> None:
        batch, _ = self.run_import(
            csv_bytes(OLD, [old_row("いきいき体操教室", "2026-12-01")], "cp932")
        )
        batch_commit(batch=batch, excluded_lines=[], user=self.user)
        later, preview = self.run_import(
            csv_bytes(OLD, [old_row("いきいき体操教室", "2027-01-12")], "cp932")
        )
        self.assertEqual(preview.rows[0].summary[0], "更新（開催日を追加）")
        batch_commit(batch=later, excluded_lines=[], user=self.user)
        resource = Resource.objects.get()
        self.assertEqual(resource.schedules.get().dates, ["2026-12-01", "2027-01-12"])
        # Undoing the later list takes its date away again.
        batch_undo(batch=later, user=self.user)
        self.assertEqual(resource.schedules.get().dates, ["2026-12-01"])

    def test_the_new_header_generation_from_excel_with_date_and_time_cells(self) -> None:
        values = dict.fromkeys(NEW, "")
        values.update(
            {
                "イベント名": "認知症カフェ",
                "開始日": datetime.date(2026, 12, 10),
                "開始時間": datetime.time(13, 30),
                "終了時間": datetime.time(15, 0),
                "料金(基本)": "100円",
                "場所名称": "駅前ふれあい館",
                "所在地_連結表記": "東京都八王子市旭町2-2",
            }
        )
        data = xlsx_bytes("イベント一覧", NEW, [[values[h] for h in NEW]])
        batch, preview = self.run_import(data, "events.xlsx")
        self.assertEqual(
            (preview.rows[0].errors, preview.rows[0].summary),
            ([], ("新規", "令和8年12月10日", "駅前ふれあい館")),
        )
        batch_commit(batch=batch, excluded_lines=[], user=self.user)
        resource = Resource.objects.get()
        self.assertEqual((resource.fee_free, resource.fee_amount), (False, 100))
        schedule = resource.schedules.get()
        self.assertEqual(
            (schedule.dates, schedule.opens_at, schedule.closes_at),
            (["2026-12-10"], datetime.time(13, 30), datetime.time(15, 0)),
        )
        self.assertEqual(Location.objects.get().street, "東京都八王子市旭町2-2")

    def test_a_long_period_is_read_from_the_date_note(self) -> None:
        row = old_row(
            "男性のための料理教室",
            "2026-12-01",
            終了日="2027-03-31",
            開始日時特記事項="毎週火曜 10時〜12時",
        )
        batch, preview = self.run_import(csv_bytes(OLD, [row], "utf-8-sig"))
        # 2026-12-01 … 2027-03-31: 31 + 31 + 28 + 31 = 121 days.
        self.assertEqual(
            preview.rows[0].note,
            "期間が121日と長いため、日ごとには登録せず、開始日時特記事項から開催日を読み取ります。",
        )
        self.assertEqual(preview.rows[0].summary[1], "令和8年12月1日〜令和9年3月31日")
        batch_commit(batch=batch, excluded_lines=[], user=self.user)
        spec = scheduling.spec_of(Resource.objects.get().schedules.get())
        # Tuesday is weekday 1 (Monday 0).
        self.assertEqual(
            (spec.pattern, spec.weekdays, spec.start_date, spec.opens_at),
            (SchedulePattern.WEEKLY, (1,), datetime.date(2026, 12, 1), datetime.time(10, 0)),
        )

    def test_bad_rows_are_named_and_an_excel_serial_date_is_read(self) -> None:
        # Issue #22 changed this test deliberately: 「12月吉日」 and 「朝」 were row errors; they are
        # now imported, kept as written and flagged 要確認 (test_event_import_kept.py).
        rows = [
            old_row("", "2026-12-01"),
            old_row("A", "2026-12-10", 終了日="2026-12-09"),
            old_row("B", "12月吉日"),
            old_row("C", "2026-12-01", 開始時間="朝"),
            old_row("D", "2026-12-01", 緯度="139.32", 経度="35.66"),
            # 46357: 2026-01-01 is serial 46023 (2025-01-01 = 45658, + 365), and
            # 2026-12-01 is 334 days later (Jan–Nov 2026), so 46023 + 334 = 46357.
            old_row("E", "46357"),
        ]
        _, preview = self.run_import(csv_bytes(OLD, rows, "cp932"))
        self.assertEqual(
            [(row.errors, row.note) for row in preview.rows],
            [
                (["イベント名: 空欄です。"], ""),
                (["終了日: 令和8年12月9日が開始日（令和8年12月10日）より前です。"], ""),
                (
                    [],
                    "要確認: 開始日: 「12月吉日」を日付として読み取れませんでした（原文のまま保存）。",
                ),
                (
                    [],
                    "要確認: 開始時間: 「朝」を時刻として読み取れませんでした（原文のまま保存）。",
                ),
                (["緯度・経度: 緯度（139.32）と経度（35.66）が入れ替わっているようです。"], ""),
                (
                    [],
                    "開始日の「46357」はExcelの日付の通し番号として令和8年12月1日と読みました。",
                ),
            ],
        )

    def test_a_file_without_the_event_columns_is_refused(self) -> None:
        # Issue #22: 名称 is now read as イベント名 (a synonym), so only 開始日 is missing, and the
        # message points to the column-mapping step.
        _, preview = self.run_import(csv_bytes(["名称", "住所"], [["A", "B"]], "utf-8-sig"))
        self.assertEqual(
            preview.file_errors,
            [
                "「開始日」の列が見つかりません。「イベント一覧」の見出しの行（1行目）があるか"
                "確かめるか、列の割り当てでその列を選んでください。"
            ],
        )
