"""The 介護サービス事業所 import with the files municipalities publish (issue #22): both 自治体標準
generations, a 介護施設 list in Excel, re-imports, values that cannot be read, unread columns and
the column-mapping step. Every expected value is written out by hand."""

from __future__ import annotations

import datetime
import io
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
from django.core.exceptions import ValidationError
from django.test import TestCase
from openpyxl import Workbook

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.core.imports import (
    batch_commit,
    batch_create,
    batch_decide,
    batch_map_columns,
    batch_preview,
    batch_preview_kept,
    importer_for,
    match_columns,
)
from sasaeai.core.models import ImportBatch, ImportColumnMapping
from sasaeai.resources.constants import OrganizationType, ResourceKind, VenueType
from sasaeai.resources.importers.care import COLUMN_SYNONYMS
from sasaeai.resources.models import Location, Organization, Resource, SourceId
from sasaeai.utils.tabular import csv_bytes

from .factories import LocationFactory, OrganizationFactory, ResourceFactory
from .test_care_import import NEW, OLD, old_row

TOKYO = ZoneInfo("Asia/Tokyo")
# The day of each import, pinned: the phone's source names it in 和暦.
IMPORT_DAY = datetime.datetime(2026, 12, 5, 10, tzinfo=TOKYO)  # 令和8年12月5日 (2026 = 令和8)
NEXT_YEAR = datetime.datetime(2027, 1, 10, 10, tzinfo=TOKYO)  # 令和9年1月10日

# A real-style 介護施設 list (the headers of issue #22).
FACILITY = ["事業所番号", "事業所名", "サービス種類名", "事業所郵便番号", "事業所住所",
            "事業所電話番号", "申請者名", "緯度", "経度"]  # fmt: skip


def xlsx(header: list[str], rows: list[list[Any]]) -> bytes:
    """A workbook as an office saves it: numbers typed as numbers stay numeric cells."""
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class Fixture(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        TownFactory(
            area=Layer2AreaFactory(municipality=cls.city), name="桜町", latitude=35.7,
            longitude=139.4,
        )  # fmt: skip
        cls.user = user_with_role(Role.SC_LAYER1, cls.city)

    def upload(self, data: bytes, name: str = "kaigo.csv") -> ImportBatch:
        return batch_create(
            municipality=self.city, kind="care_services", name=name, data=data, user=self.user
        )

    def commit(self, batch: ImportBatch, when: datetime.datetime = IMPORT_DAY) -> int:
        with time_machine.travel(when, tick=False):
            return batch_commit(batch=batch, excluded_lines=[], user=self.user)

    def imported(self, data: bytes, name: str = "kaigo.csv") -> int:
        batch = self.upload(data, name)
        batch_preview(batch)
        return self.commit(batch)

    @staticmethod
    def stored(name: str) -> dict[str, Any]:
        """Everything the import stores for one office, cell by cell (a reading the file does
        not give is guessed by Sudachi and flagged: shown as （自動）)."""
        resource = Resource.objects.get(name=name)
        (place,) = [link.location for link in resource.service_locations.all()]
        organization = resource.organization
        return {
            "resource": (
                resource.kind, "（自動）" if resource.kana_is_guessed else resource.kana,
                resource.description, resource.capacity,
                resource.url, resource.review_reason,
                (resource.registration_required, resource.pickup, resource.barrier_free),
            ),
            "venue": (
                place.name, place.venue_type, place.external_id, place.postal_code, place.street,
                place.building, place.latitude, place.longitude, place.phone, place.phone_source,
            ),
            "organization": (
                (organization.name, organization.type, organization.corporate_number)
                if organization
                else None
            ),
            "source_ids": list(resource.source_ids.values_list("source", "value", "origin")),
        }  # fmt: skip


class SynonymTableTests(TestCase):
    def test_each_real_header_is_read_as_its_field(self) -> None:
        # Headers of both 自治体標準 generations, of the 介護施設 lists of issue #22 and of
        # English facility lists → the field (the label the mapping select shows).
        table = {
            "介護サービス事業所名称": "事業所名", "名称": "事業所名", "事業所名": "事業所名",
            "name": "事業所名",
            "事業所番号": "事業所番号", "officeNumber": "事業所番号",
            "実施サービス": "サービスの種類", "サービス種別": "サービスの種類",
            "サービス種類名": "サービスの種類", "service": "サービスの種類",
            "介護サービス事業所名称_カナ": "ふりがな", "名称_カナ": "ふりがな",
            "郵便番号": "郵便番号", "事業所郵便番号": "郵便番号", "postalCode": "郵便番号",
            "住所": "住所", "所在地_連結表記": "住所", "事業所住所": "住所", "address": "住所",
            "方書": "方書", "所在地_方書": "方書",
            "緯度": "緯度", "latitude": "緯度", "経度": "経度", "longitude": "経度",
            "位置": "位置", "location": "位置", "座標": "位置",
            "電話番号": "電話番号", "事業所電話番号": "電話番号",
            "telephoneNumber": "電話番号", "phone": "電話番号",
            "法人の名称": "法人名", "申請者名": "法人名", "法人名": "法人名",
            "法人番号": "法人番号", "定員": "定員", "capacity": "定員", "URL": "URL",
        }  # fmt: skip
        found = {h: list(match_columns([h], COLUMN_SYNONYMS).found) for h in table}
        self.assertEqual(found, {h: [name] for h, name in table.items()})

    def test_the_importer_offers_these_fields_for_mapping(self) -> None:
        self.assertEqual(
            tuple(importer_for("care_services").column_synonyms),  # type: ignore[attr-defined]
            ("事業所名", "事業所番号", "サービスの種類", "ふりがな", "郵便番号", "住所", "方書",
             "緯度", "経度", "位置", "電話番号", "法人名", "法人番号", "定員", "URL", "開所日",
             "開所時間", "開始時刻", "終了時刻", "休業日・備考"),
        )  # fmt: skip


class GenerationTests(Fixture):
    def test_the_old_2020_headers_in_shift_jis_are_stored_cell_by_cell(self) -> None:
        row = old_row(
            "デイサービスさくら", "1370000001", 介護サービス事業所名称_カナ="デイサービスサクラ",
            方書="さくらビル1階", 電話番号="042-000-1111", FAX番号="042-000-1112",
            URL="https://sakura.example.jp/", 利用可能曜日="月火水木金",
        )  # fmt: skip
        batch = self.upload(csv_bytes(OLD, [row], "cp932"))
        preview = batch_preview(batch)
        self.assertEqual((preview.encoding, preview.file_errors), ("cp932", []))
        # Every column no field takes is named, none dropped without a word.
        self.assertEqual(
            preview.unread_columns,
            ["都道府県コード又は市区町村コード（値なし）", "NO（値なし）", "都道府県名（値なし）",
             "市区町村名（値なし）", "内線番号（値なし）", "FAX番号（例: 042-000-1112）",
             "備考（値なし）"],
        )  # fmt: skip
        self.assertEqual(preview.rows[0].summary, ("新規", "1370000001", "通所介護", "—"))
        self.assertEqual(self.commit(batch), 1)
        # 利用可能曜日 「月火水木金」: every week, Monday (0) to Friday (4), no time given.
        self.assertEqual(
            [
                (s.pattern, s.weekdays, s.opens_at)
                for s in Resource.objects.get(name="デイサービスさくら").schedules.all()
            ],
            [("weekly", [0, 1, 2, 3, 4], None)],
        )
        self.assertEqual(
            self.stored("デイサービスさくら"),
            {
                "resource": (
                    ResourceKind.CARE_PROVIDER, "デイサービスサクラ", "通所介護", 30,
                    "https://sakura.example.jp/", "", (None, None, None),
                ),
                # The old generation has no 郵便番号 column; the address stays in one piece.
                "venue": (
                    "デイサービスさくら", VenueType.CARE_FACILITY, "1370000001", "",
                    "東京都八王子市桜町1-2-3", "さくらビル1階", 35.7, 139.4, "042-000-1111",
                    "介護サービス事業所一覧（kaigo.csv、令和8年12月5日取込）",
                ),
                "organization": (
                    "社会福祉法人さくら会", OrganizationType.CARE_PROVIDER, "7000012050002"
                ),
                "source_ids": [("事業所番号", "1370000001", "kaigo.csv")],
            },
        )  # fmt: skip

    def test_the_newer_headers_in_utf8_with_bom_are_stored_cell_by_cell(self) -> None:
        header = [*NEW, "所在地_方書", "URL", "備考"]
        row = [
            "132012", "1", "八王子市", "訪問介護ひまわり", "ホウモンカイゴヒマワリ",
            "Homon Kaigo Himawari", "13A0000002", "訪問介護", "東京都八王子市桜町2-3-4",
            "35.71", "139.41", "０４２－０００－２２２２", "株式会社ひまわり", "", "10",
            "ひまわりハイツ101", "http://himawari.example.jp/", "土日休み",
        ]  # fmt: skip
        batch = self.upload(csv_bytes(header, [row], "utf-8-sig"), "kaigo_r7.csv")
        preview = batch_preview(batch)
        self.assertEqual(preview.encoding, "utf-8-sig")
        self.assertEqual(
            preview.unread_columns,
            [
                "全国地方公共団体コード（例: 132012）",
                "ID（例: 1）",
                "地方公共団体名（例: 八王子市）",
                "名称_英字（例: Homon Kaigo Himawari）",
                "備考（例: 土日休み）",
            ],
        )
        self.assertEqual(self.commit(batch), 1)
        self.assertEqual(
            self.stored("訪問介護ひまわり"),
            {
                "resource": (
                    ResourceKind.CARE_PROVIDER, "ホウモンカイゴヒマワリ", "訪問介護", 10,
                    "http://himawari.example.jp/", "", (None, None, None),
                ),
                # ０４２－０００－２２２２ typed in full width: digits and dashes folded.
                "venue": (
                    "訪問介護ひまわり", VenueType.CARE_FACILITY, "13A0000002", "",
                    "東京都八王子市桜町2-3-4", "ひまわりハイツ101", 35.71, 139.41, "042-000-2222",
                    "介護サービス事業所一覧（kaigo_r7.csv、令和8年12月5日取込）",
                ),
                # No 法人番号 in the file: left blank, not guessed.
                "organization": ("株式会社ひまわり", OrganizationType.CARE_PROVIDER, ""),
                "source_ids": [("事業所番号", "13A0000002", "kaigo_r7.csv")],
            },
        )  # fmt: skip

    def test_a_facility_list_in_excel_with_numbers_typed_as_numbers(self) -> None:
        rows = [
            [1370000003, "特別養護老人ホーム愛全園（従来型）", "介護老人福祉施設", "１９２－０００１",
             "東京都八王子市桜町３－４－５", "０４２－６２６－１１１１", "社会福祉法人愛全会",
             35.72, 139.42],
            # 事業所番号, 郵便番号 and phone typed as numbers: the workbook keeps 170000004,
            # 1920002 and 426261112; the 0 each lost comes back (0170000004, 042…).
            [170000004, "グループホームあおば", "認知症対応型共同生活介護", 1920002,
             "東京都八王子市桜町5-6-7", 426261112, "株式会社あおば", None, None],
        ]  # fmt: skip
        batch = self.upload(xlsx(FACILITY, rows), "shisetsu.xlsx")
        preview = batch_preview(batch)
        self.assertEqual(preview.file_errors, [])
        self.assertEqual(
            preview.columns,
            [("事業所番号", "事業所番号"), ("事業所名", "事業所名"),
             ("サービス種類名", "サービスの種類"), ("事業所郵便番号", "郵便番号"),
             ("事業所住所", "住所"), ("事業所電話番号", "電話番号"), ("申請者名", "法人名"),
             ("緯度", "緯度"), ("経度", "経度")],
        )  # fmt: skip
        self.assertEqual(preview.unread_columns, [])
        self.assertEqual(
            [row.summary for row in preview.rows],
            [("新規", "1370000003", "介護老人福祉施設", "—"),
             ("新規", "0170000004", "認知症対応型共同生活介護", "—")],
        )  # fmt: skip
        self.assertEqual(self.commit(batch), 2)
        self.assertEqual(
            self.stored("特別養護老人ホーム愛全園（従来型）"),
            {
                # No ふりがな, 定員 or URL column: the reading is guessed (flagged), the rest blank.
                "resource": (
                    ResourceKind.CARE_PROVIDER, "（自動）", "介護老人福祉施設", None, "", "",
                    (None, None, None),
                ),
                "venue": (
                    "特別養護老人ホーム愛全園（従来型）", VenueType.CARE_FACILITY, "1370000003",
                    "192-0001", "東京都八王子市桜町３－４－５", "", 35.72, 139.42, "042-626-1111",
                    "介護サービス事業所一覧（shisetsu.xlsx、令和8年12月5日取込）",
                ),
                "organization": ("社会福祉法人愛全会", OrganizationType.CARE_PROVIDER, ""),
                "source_ids": [("事業所番号", "1370000003", "shisetsu.xlsx")],
            },
        )  # fmt: skip
        self.assertEqual(
            self.stored("グループホームあおば")["venue"],
            (
                "グループホームあおば", VenueType.CARE_FACILITY, "0170000004", "192-0002",
                "東京都八王子市桜町5-6-7", "", None, None, "0426261112",
                "介護サービス事業所一覧（shisetsu.xlsx、令和8年12月5日取込）",
            ),
        )  # fmt: skip

    def test_a_lat_lon_cell_gives_both_coordinates(self) -> None:
        header = ["事業所番号", "事業所名", "位置"]
        rows = [["1370000005", "小規模多機能すみれ", "35.66,139.33"],
                ["1370000006", "ショートステイもみじ", "35.66"]]  # fmt: skip
        self.imported(csv_bytes(header, rows, "utf-8"))
        # 「35.66,139.33」 → 緯度 35.66, 経度 139.33; 「35.66」 alone is kept for review.
        self.assertEqual(self.stored("小規模多機能すみれ")["venue"][6:8], (35.66, 139.33))
        self.assertEqual(
            self.stored("ショートステイもみじ")["resource"][5],
            "位置: 「35.66」を「緯度,経度」として読み取れませんでした。",
        )
        self.assertEqual(self.stored("ショートステイもみじ")["venue"][6:8], (None, None))


class ReimportTests(Fixture):
    def file(self, **first: str) -> bytes:
        return csv_bytes(
            OLD,
            [
                old_row(
                    "デイサービスさくら", "1370000001", **{"電話番号": "042-000-1111", **first}
                ),
                old_row("訪問介護ひまわり", "1370000002", 電話番号="042-000-2222"),
            ],
            "cp932",
        )

    def test_the_same_file_twice_is_nothing_new_and_nothing_written(self) -> None:
        self.assertEqual(self.imported(self.file()), 2)
        batch = self.upload(self.file())
        preview = batch_preview(batch)
        self.assertEqual(
            [row.summary for row in preview.rows],
            [("変更なし", "1370000001", "通所介護", "—"),
             ("変更なし", "1370000002", "通所介護", "—")],
        )  # fmt: skip
        self.assertEqual(self.commit(batch, NEXT_YEAR), 0)
        batch.refresh_from_db()
        self.assertEqual(batch.written, {})
        self.assertEqual(
            (Resource.objects.count(), Location.objects.count(), Organization.objects.count(),
             SourceId.objects.count()),
            (2, 2, 1, 2),
        )  # fmt: skip

    def test_opening_days_read_again_are_no_change_and_a_new_day_is_one(self) -> None:
        hours = {"利用可能曜日": "月〜金", "利用可能日時特記事項": "祝日・年末年始休み"}
        self.imported(self.file(**hours))
        again = batch_preview(self.upload(self.file(**hours)))
        self.assertEqual([row.summary[0] for row in again.rows], ["変更なし", "変更なし"])
        changed = batch_preview(self.upload(self.file(**{**hours, "利用可能曜日": "月〜土"})))
        self.assertEqual(
            changed.rows[0].summary, ("更新", "1370000001", "通所介護", "開所日・時間")
        )

    def test_one_changed_row_is_the_only_update_and_names_its_fields(self) -> None:
        self.imported(self.file())
        batch = self.upload(self.file(電話番号="042-000-9999", 定員="40"))
        preview = batch_preview(batch)
        self.assertEqual(
            [row.summary for row in preview.rows],
            [("更新", "1370000001", "通所介護", "電話番号、定員"),
             ("変更なし", "1370000002", "通所介護", "—")],
        )  # fmt: skip
        self.assertEqual(self.commit(batch, NEXT_YEAR), 1)
        sakura = Resource.objects.get(name="デイサービスさくら")
        venue = Location.objects.get(external_id="1370000001")
        batch.refresh_from_db()
        self.assertEqual(
            batch.written,
            {"updated": [["resources.location", [venue.pk]], ["resources.resource", [sakura.pk]]]},
        )
        self.assertEqual(sakura.capacity, 40)
        # The new number takes the new file and day as its source.
        self.assertEqual(
            (venue.phone, venue.phone_source),
            ("042-000-9999", "介護サービス事業所一覧（kaigo.csv、令和9年1月10日取込）"),
        )
        # The unchanged office keeps the source of the first import.
        self.assertEqual(
            Location.objects.get(external_id="1370000002").phone_source,
            "介護サービス事業所一覧（kaigo.csv、令和8年12月5日取込）",
        )

    def test_a_blank_cell_erases_nothing(self) -> None:
        self.imported(self.file())
        batch = self.upload(self.file(電話番号="", 定員="", URL=""))
        self.assertEqual(batch_preview(batch).rows[0].summary[0], "変更なし")
        self.assertEqual(Location.objects.get(external_id="1370000001").phone, "042-000-1111")

    def test_a_corporate_number_the_registry_lacked_is_added(self) -> None:
        self.imported(
            csv_bytes(OLD, [old_row("デイサービスさくら", "1370000001", 法人番号="")], "cp932")
        )
        self.assertEqual(Organization.objects.get().corporate_number, "")
        # old_row's 法人番号 7000012050002 in the next year's file.
        batch = self.upload(csv_bytes(OLD, [old_row("デイサービスさくら", "1370000001")], "cp932"))
        self.assertEqual(batch_preview(batch).rows[0].summary[3], "法人番号")
        self.commit(batch, NEXT_YEAR)
        self.assertEqual(Organization.objects.get().corporate_number, "7000012050002")

    def test_a_new_office_gives_its_registered_organisation_the_corporate_number(self) -> None:
        OrganizationFactory(
            municipality=self.city, name="社会福祉法人さくら会", corporate_number=""
        )
        self.imported(csv_bytes(OLD, [old_row("デイサービスさくら", "1370000001")], "cp932"))
        self.assertEqual(
            list(Organization.objects.values_list("name", "corporate_number")),
            [("社会福祉法人さくら会", "7000012050002")],
        )

    def test_a_large_file_s_kept_preview_commits_the_same_update(self) -> None:
        # Files over 256 KB commit from the preview kept as JSON (core.imports): the rows read
        # back from it find the same office and write the same change.
        self.imported(self.file())
        batch = self.upload(self.file(定員="40"))
        preview = batch_preview_kept(batch)
        self.assertEqual(preview.rows[0].summary[3], "定員")
        self.assertEqual(self.commit(batch, NEXT_YEAR), 1)
        self.assertEqual(Resource.objects.get(name="デイサービスさくら").capacity, 40)

    def test_an_office_of_an_import_before_source_ids_is_found_by_its_venue(self) -> None:
        venue = LocationFactory(
            municipality=self.city, name="デイサービスさくら", external_id="1370000001",
            venue_type=VenueType.CARE_FACILITY,
        )  # fmt: skip
        old = ResourceFactory(
            municipality=self.city, name="デイサービスさくら", kind=ResourceKind.CARE_PROVIDER
        )
        old.service_locations.create(location=venue)
        batch = self.upload(self.file())
        preview = batch_preview(batch)
        # Found by the venue's 事業所番号: an update that also stores the number as its id,
        # and fills what the file gives and the registry did not have (its 方書, ふりがな
        # and URL cells are blank, its name the same).
        self.assertEqual(
            preview.rows[0].summary,
            ("更新", "1370000001", "通所介護",
             "事業所番号、サービスの種類、住所、緯度・経度、電話番号、法人名、定員"),
        )  # fmt: skip
        self.commit(batch)
        self.assertEqual(Resource.objects.count(), 2)  # さくら updated, ひまわり new
        self.assertEqual(
            list(SourceId.objects.filter(resource=old).values_list("source", "value", "origin")),
            [("事業所番号", "1370000001", "kaigo.csv")],
        )
        # A second import now finds it by the SourceId and changes nothing.
        self.assertEqual(
            [row.summary[0] for row in batch_preview(self.upload(self.file())).rows],
            ["変更なし", "変更なし"],
        )

    def test_an_office_matched_to_a_private_home_puts_no_phone_on_it(self) -> None:
        home = LocationFactory(
            municipality=self.city, name="デイサービスさくら", external_id="1370000001",
            venue_type=VenueType.PRIVATE_HOME,
        )  # fmt: skip
        self.assertEqual(self.imported(self.file()), 2)
        home.refresh_from_db()
        self.assertEqual((home.phone, home.phone_source), ("", ""))

    def test_an_office_named_like_a_registered_resource_waits_for_a_decision(self) -> None:
        sakura = ResourceFactory(municipality=self.city, name="デイサービスさくら")
        # The folded spelling of a name stored before issue #22 is the same name.
        ResourceFactory(municipality=self.city, name="訪問介護ひまわり(本店)")
        rows = [
            old_row("デイサービスさくら", "1370000001"),
            old_row("訪問介護ひまわり（本店）", "1370000002"),
            old_row("グループホームあおば", "1370000003"),
        ]
        batch = self.upload(csv_bytes(OLD, rows, "cp932"))
        preview = batch_preview(batch)
        self.assertEqual(
            [row.summary[0] for row in preview.rows],
            ["重複の疑い（選んでください）",
             "重複の疑い（選んでください）", "新規"],
        )  # fmt: skip
        self.assertEqual(preview.undecided_lines([]), [2, 3])
        self.assertEqual(
            [[c.label for c in row.suspect.candidates] for row in preview.rows if row.suspect],
            [["デイサービスさくら"], ["訪問介護ひまわり(本店)"]],
        )
        with self.assertRaises(ValidationError):
            self.commit(batch)
        self.assertEqual(Resource.objects.count(), 2)
        # さくら is the registered one; ひまわり（本店） is another office.
        batch_decide(batch=batch, decisions={2: f"update:{sakura.pk}", 3: "new"}, user=self.user)
        batch.refresh_from_db()
        self.assertEqual(
            [row.summary[0] for row in batch_preview(batch).rows],
            ["更新（選択）", "新規（選択）", "新規"],
        )
        self.commit(batch)
        # 2 registered + 2 new (ひまわり（本店）, あおば); さくら now carries its 事業所番号.
        self.assertEqual(Resource.objects.count(), 4)
        self.assertEqual(list(sakura.source_ids.values_list("value", flat=True)), ["1370000001"])
        # The next import finds さくら by its number: no question asked.
        again = batch_preview(self.upload(csv_bytes(OLD, rows, "cp932")))
        self.assertEqual([row.summary[0] for row in again.rows], ["変更なし"] * 3)


class UnreadableValueTests(Fixture):
    def test_values_that_cannot_be_read_are_kept_for_review_and_the_row_is_stored(self) -> None:
        header = ["事業所番号", "事業所名", "郵便番号", "緯度", "経度", "電話番号", "定員", "URL"]
        rows = [
            ["1370000001", "デイサービスさくら", "〒192-000", "北緯35度42分", "139.4",
             "042-000-1111（代表）", "20名程度", "www.sakura.example"],
            # 20名 is a number of people: 20.
            # The phone written with minus signs (U+2212), which NFKC leaves as they are.
            ["1370000002", "訪問介護ひまわり", "192-0001", "35.7", "139.4", "042\u2212000\u22122222",
             "20名", "https://himawari.example.jp/"],
        ]  # fmt: skip
        batch = self.upload(csv_bytes(header, rows, "utf-8"))
        preview = batch_preview(batch)
        reasons = (
            "郵便番号: 「〒192-000」を郵便番号として読み取れませんでした。\n"
            "緯度・経度: 「北緯35度42分」「139.4」を数として読み取れませんでした。\n"
            "電話番号: 「042-000-1111(代表)」を電話番号として読み取れませんでした。\n"
            "定員: 「20名程度」を数として読み取れませんでした。\n"
            "URL: 「www.sakura.example」をホームページのアドレスとして読み取れませんでした。"
        )
        self.assertEqual(
            [(row.errors, row.note) for row in preview.rows],
            [([], "要確認として保存します: " + reasons.replace("\n", " ")), ([], "")],
        )
        self.assertEqual(self.commit(batch), 2)
        sakura = self.stored("デイサービスさくら")
        # Stored: the name and number; the unreadable values are blank, their reasons kept.
        self.assertEqual(sakura["resource"][3:6], (None, "", reasons))
        self.assertEqual(sakura["venue"][3:10], ("", "", "", None, None, "", ""))
        himawari = self.stored("訪問介護ひまわり")
        self.assertEqual(himawari["resource"][3:6], (20, "https://himawari.example.jp/", ""))
        self.assertEqual((himawari["venue"][3], himawari["venue"][8]), ("192-0001", "042-000-2222"))

    def test_the_same_unreadable_file_again_changes_nothing(self) -> None:
        header = ["事業所番号", "事業所名", "定員"]
        data = csv_bytes(header, [["1370000001", "デイサービスさくら", "20名程度"]], "utf-8")
        self.imported(data)
        self.assertEqual(
            [row.summary[0] for row in batch_preview(self.upload(data)).rows], ["変更なし"]
        )


class ColumnMappingTests(Fixture):
    HEADER = ["事業所コード", "事業所名", "代表TEL", "送迎"]
    ROWS = [["1370000001", "デイサービスさくら", "042-000-1111", "あり"]]

    def test_a_header_the_table_does_not_know_is_mapped_by_hand(self) -> None:
        batch = self.upload(csv_bytes(self.HEADER, self.ROWS, "utf-8"))
        preview = batch_preview(batch)
        self.assertEqual(
            preview.file_errors,
            ["必要な列がありません: 事業所番号。見出しから読み取れなかった列は、"
             "「列の割り当て」でどの項目として読むかを選んでください。"],
        )  # fmt: skip
        # Every column is offered, the one read by a synonym too (a wrong guess can be undone).
        self.assertEqual(
            [(c.header, c.field) for c in preview.column_choices],
            [("事業所コード", ""), ("事業所名", "事業所名"), ("代表TEL", ""), ("送迎", "")],
        )
        batch_map_columns(
            batch=batch, choices={"事業所コード": "事業所番号", "代表TEL": "電話番号"},
            user=self.user,
        )  # fmt: skip
        batch.refresh_from_db()
        preview = batch_preview(batch)
        self.assertEqual(
            (preview.file_errors, preview.unread_columns, preview.rows[0].summary),
            ([], ["送迎（例: あり）"], ("新規", "1370000001", "", "—")),
        )
        self.commit(batch)
        # 送迎 was not read: the fact stays unknown, never なし (or あり without a reading).
        self.assertEqual(self.stored("デイサービスさくら")["resource"][6], (None, None, None))
        self.assertEqual(
            self.stored("デイサービスさくら")["venue"][8:10],
            ("042-000-1111", "介護サービス事業所一覧（kaigo.csv、令和8年12月5日取込）"),
        )
        self.assertEqual(
            self.stored("デイサービスさくら")["source_ids"],
            [("事業所番号", "1370000001", "kaigo.csv")],
        )
        # The municipality remembers the mapping for its next file of this kind.
        self.assertEqual(
            dict(ImportColumnMapping.objects.filter(kind="care_services").values_list(
                "header", "field"
            )),
            {"事業所コード": "事業所番号", "代表TEL": "電話番号"},
        )  # fmt: skip

    def test_a_field_mapped_twice_is_refused_naming_both_columns(self) -> None:
        batch = self.upload(csv_bytes(self.HEADER, self.ROWS, "utf-8"))
        with self.assertRaises(ValidationError) as refused:
            batch_map_columns(batch=batch, choices={"代表TEL": "事業所名"}, user=self.user)
        self.assertEqual(
            refused.exception.messages,
            ["「事業所名」に2つの列（列「代表TEL」と列「事業所名」）が割り当てられています。"
             "どちらか一方を「使わない」にしてください。"],
        )  # fmt: skip
        # The same conflict met by parse (a remembered mapping) is a file error.
        preview = importer_for("care_services").parse(
            csv_bytes(self.HEADER, self.ROWS, "utf-8"), self.city, mapping={"代表tel": "事業所名"}
        )  # type: ignore[call-arg]
        self.assertEqual(
            preview.file_errors[0],
            "「事業所名」に2つの列（列「代表TEL」と列「事業所名」）が割り当てられています。"
            "どちらか一方を「使わない」にしてください。",
        )
