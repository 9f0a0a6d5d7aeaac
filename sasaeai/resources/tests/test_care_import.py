from django.test import TestCase

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.core.import_undo import batch_undo
from sasaeai.core.imports import batch_commit, batch_create, batch_preview
from sasaeai.resources import selectors
from sasaeai.resources.constants import ResourceKind
from sasaeai.resources.exports import hsds
from sasaeai.resources.models import Location, Organization, Resource
from sasaeai.utils.tabular import csv_bytes

OLD = [
    "都道府県コード又は市区町村コード",
    "NO",
    "都道府県名",
    "市区町村名",
    "介護サービス事業所名称",
    "介護サービス事業所名称_カナ",
    "実施サービス",
    "住所",
    "方書",
    "緯度",
    "経度",
    "電話番号",
    "内線番号",
    "FAX番号",
    "法人番号",
    "法人の名称",
    "事業所番号",
    "利用可能曜日",
    "利用可能日時特記事項",
    "定員",
    "URL",
    "備考",
]
NEW = [
    "全国地方公共団体コード",
    "ID",
    "地方公共団体名",
    "名称",
    "名称_カナ",
    "名称_英字",
    "事業所番号",
    "サービス種別",
    "所在地_連結表記",
    "緯度",
    "経度",
    "電話番号",
    "法人の名称",
    "法人番号",
    "定員",
]


def old_row(name: str, number: str, **over: str) -> list[str]:
    values = dict.fromkeys(OLD, "")
    values.update(
        {
            "介護サービス事業所名称": name,
            "事業所番号": number,
            "実施サービス": "通所介護",
            "住所": "東京都八王子市桜町1-2-3",
            "緯度": "35.7",
            "経度": "139.4",
            "法人の名称": "社会福祉法人さくら会",
            "法人番号": "7000012050002",
            "定員": "30",
        }
    )
    values.update(over)
    return [values[h] for h in OLD]


class CareServiceImportTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        TownFactory(
            area=Layer2AreaFactory(municipality=cls.city),
            name="桜町",
            latitude=35.7,
            longitude=139.4,
        )
        cls.user = user_with_role(Role.SC_LAYER1, cls.city)

    def run_import(self, header: list[str], rows: list[list[str]], encoding: str = "cp932"):  # type: ignore[no-untyped-def]
        batch = batch_create(
            municipality=self.city,
            kind="care_services",
            name="care.csv",
            data=csv_bytes(header, rows, encoding),
            user=self.user,
        )
        return batch, batch_preview(batch)

    def test_the_old_header_generation_comes_in_as_care_providers(self) -> None:
        batch, preview = self.run_import(OLD, [old_row("デイサービスさくら", "1370000001")])
        self.assertEqual(
            (preview.file_errors, preview.rows[0].errors, preview.rows[0].summary),
            ([], [], ("新規", "1370000001", "通所介護", "—")),
        )
        batch_commit(batch=batch, excluded_lines=[], user=self.user)
        resource = Resource.objects.get()
        self.assertEqual(
            (resource.kind, resource.description, resource.capacity),
            (ResourceKind.CARE_PROVIDER, "通所介護", 30),
        )
        self.assertEqual(resource.organization.corporate_number, "7000012050002")
        self.assertEqual(Location.objects.get().external_id, "1370000001")

    def test_the_new_header_generation_and_office_numbers_with_letters(self) -> None:
        row = [
            "132012",
            "1",
            "八王子市",
            "訪問介護ひまわり",
            "ほうもんかいごひまわり",
            "",
            "13A0000002",
            "訪問介護",
            "東京都八王子市桜町2-3-4",
            "35.71",
            "139.41",
            "042-000-2222",
            "株式会社ひまわり",
            "",
            "10",
        ]
        batch, preview = self.run_import(NEW, [row], "utf-8-sig")
        self.assertEqual(preview.rows[0].summary, ("新規", "13A0000002", "訪問介護", "—"))
        batch_commit(batch=batch, excluded_lines=[], user=self.user)
        self.assertEqual(Organization.objects.get().name, "株式会社ひまわり")

    def test_an_office_seen_before_is_updated_by_its_number(self) -> None:
        batch, _ = self.run_import(OLD, [old_row("デイサービスさくら", "1370000001")])
        batch_commit(batch=batch, excluded_lines=[], user=self.user)
        batch, preview = self.run_import(
            OLD, [old_row("デイサービスさくら本館", "1370000001", 定員="40")]
        )
        self.assertEqual(preview.rows[0].summary[0], "更新")
        batch_commit(batch=batch, excluded_lines=[], user=self.user)
        resource = Resource.objects.get()
        self.assertEqual(
            (resource.name, resource.capacity, Location.objects.get().name),
            ("デイサービスさくら本館", 40, "デイサービスさくら本館"),
        )

    def test_undoing_the_update_and_then_the_first_import(self) -> None:
        first, _ = self.run_import(OLD, [old_row("デイサービスさくら", "1370000001")])
        batch_commit(batch=first, excluded_lines=[], user=self.user)
        second, _ = self.run_import(
            OLD, [old_row("デイサービスさくら本館", "1370000001", 定員="40")]
        )
        batch_commit(batch=second, excluded_lines=[], user=self.user)
        # The update is undone first: venue and resource take their first names back.
        self.assertEqual(batch_undo(batch=second, user=self.user), 2)
        resource = Resource.objects.get()
        self.assertEqual(
            (resource.name, resource.capacity, Location.objects.get().name),
            ("デイサービスさくら", 30, "デイサービスさくら"),
        )
        # Then the first import: its organisation, venue, resource and the resource's
        # 事業所番号 (SourceId) are gone: 4 records.
        self.assertEqual(batch_undo(batch=first, user=self.user), 4)
        self.assertEqual(
            (Resource.objects.count(), Location.objects.count(), Organization.objects.count()),
            (0, 0, 0),
        )

    def test_bad_rows_are_named(self) -> None:
        # Only a missing name and an unusable 事業所番号 keep a row out (issue #22); a position
        # outside Japan or a wrong 法人番号 is stored as 要確認 (test_care_import_files).
        rows = [
            old_row("", "1370000001"),
            old_row("A", "137"),
            old_row("B", "1370000003", 緯度="139.4", 経度="35.7"),
            old_row("C", "1370000004", 法人番号="1234567890123"),
            old_row("D", "1370000004"),
        ]
        _, preview = self.run_import(OLD, rows)
        self.assertEqual(
            [(row.errors, row.note) for row in preview.rows],
            [
                (["事業所名（列「介護サービス事業所名称」）: 空欄です。"], ""),
                (["事業所番号: 「137」は10桁の英数字ではありません。"], ""),
                ([], "要確認として保存します: 緯度・経度: （139.4, 35.7）は日本の範囲の外です。"),
                (
                    [],
                    "要確認として保存します: "
                    "法人番号: 「1234567890123」は正しい法人番号ではありません。",
                ),
                (["事業所番号: 5行目と同じ番号です。"], ""),
            ],
        )

    def test_the_office_number_is_exported_as_the_hsds_external_identifier(self) -> None:
        batch, _ = self.run_import(OLD, [old_row("デイサービスさくら", "13B0000001")])
        batch_commit(batch=batch, excluded_lines=[], user=self.user)
        (service,) = hsds.hsds_services(selectors.public_resources(self.city))
        location = service["service_at_locations"][0]["location"]
        self.assertEqual(
            (location["external_identifier"], location["external_identifier_type"]),
            ("13B0000001", "事業所番号"),
        )
