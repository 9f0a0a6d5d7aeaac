"""The 自治体標準-style CSV: public data only, the standard's conventions, both encodings."""

import csv
import io

from django.urls import reverse

from sasaeai.resources import services
from sasaeai.resources.constants import ResourceKind
from sasaeai.resources.exports.standard_csv import STANDARD_COLUMNS
from sasaeai.resources.models import ServiceAtLocation
from sasaeai.resources.services import ResourceInput
from sasaeai.resources.tests.test_exports import ExportFixture
from sasaeai.utils.text import to_katakana


class StandardCsvTests(ExportFixture):
    def setUp(self) -> None:
        self.client.force_login(self.user)

    def download(self, file_format: str = "csv", **query: str):  # type: ignore[no-untyped-def]
        url = reverse("resources:export_standard", kwargs={"lgcode": self.city.code})
        return self.client.get(url, {"format": file_format, **query})

    def rows(self, **query: str) -> list[dict[str, str]]:
        response = self.download(**query)
        text = response.content.decode("utf-8-sig")
        return list(csv.DictReader(io.StringIO(text)))

    def test_the_salon_row_follows_the_standard(self) -> None:
        response = self.download()
        self.assertTrue(response.content.startswith(b"\xef\xbb\xbf"))  # BOM for Excel
        rows = self.rows(q="ふれあい")
        self.assertEqual(list(rows[0]), STANDARD_COLUMNS)
        (row,) = rows
        link = ServiceAtLocation.objects.get(resource=self.salon)
        expected = {
            "全国地方公共団体コード": "132012",
            "ID": str(link.uuid),
            "地方公共団体名": "東京都八王子市",
            "名称": "ふれあいサロン",
            "種別": "通いの場",
            "活動内容": "茶話会",
            "所在地_連結表記": "東京都八王子市桜町3-5-2 2階",
            "所在地_都道府県": "東京都",
            "所在地_市区町村": "八王子市",
            "所在地_町字": "桜町",
            "所在地_番地以下": "3-5-2",
            "建物名": "2階",
            "郵便番号": "192-0000",
            # The hall's position is the 桜町 centroid (approximate): left out.
            "緯度": "",
            "経度": "",
            # Only the contact who agreed to be published.
            "電話番号": "042-000-1111",
            "団体名": "NPO法人さくら",
            "法人番号": "7000012050002",
            "利用可能曜日": "火",
            "開始時間": "10:00",
            "終了時間": "12:00",
            "利用可能日時特記事項": (
                "毎週火曜日 10:00〜12:00（祝日は休み）／不定期（令和8年5月9日、令和8年8月8日）"
            ),
            "料金（基本）": "無料",
        }
        self.assertEqual({k: row[k] for k in expected}, expected)

    def test_a_private_home_is_only_its_town_and_no_person_appears(self) -> None:
        (row,) = self.rows(q="縁側")
        self.assertEqual(
            [
                row[c]
                for c in ("所在地_連結表記", "所在地_町字", "所在地_番地以下", "緯度", "団体名")
            ],
            ["", "桜町", "", "", ""],
        )
        text = self.download().content.decode("utf-8-sig")
        for private in ("山田", "1-2-3", "鈴木", "個人 花子", "090-0000-2222"):
            self.assertNotIn(private, text)

    def test_a_resource_not_published_is_left_out(self) -> None:
        services.resource_save(
            municipality=self.city, user=self.user,
            data=ResourceInput(name="非公開の会", kind=ResourceKind.KAYOI, fields={"is_public": False}),
        )  # fmt: skip
        self.assertEqual(sorted(r["名称"] for r in self.rows()), ["ふれあいサロン", "縁側カフェ"])

    def test_shift_jis_lists_what_it_cannot_hold_instead_of_replacing_it(self) -> None:
        response = self.download("csv-sjis")
        self.assertEqual(response["Content-Type"], "text/csv; charset=shift_jis")
        self.assertIn("ふれあいサロン".encode("cp932"), response.content)
        services.resource_save(
            municipality=self.city, user=self.user,
            data=ResourceInput(name="𠮷田サロン", kind=ResourceKind.KAYOI),
        )  # fmt: skip
        response = self.download("csv-sjis")
        self.assertContains(response, "Excel用CSV（Shift_JIS）では書き出せない文字があります")
        self.assertContains(response, "𠮷田サロン")
        # The 自治体標準形式 has no Excel workbook: only the UTF-8 CSV is offered instead.
        self.assertContains(response, "システム取込用CSV（UTF-8・BOM付き）で書き出す")
        self.assertNotContains(response, "Excel（.xlsx）で書き出す")

    def test_kana_is_written_in_katakana(self) -> None:
        self.assertEqual(to_katakana("ふれあいさろん・ゔ"), "フレアイサロン・ヴ")
