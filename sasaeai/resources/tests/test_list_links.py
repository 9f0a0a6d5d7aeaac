"""The resource list's page and export links, followed as a person would: the hrefs are read
from the rendered page, never rebuilt in the test (issue #18, item 1: `{% querystring %}`
already starts with "?", and a second "?" made 次へ stay on page 1 and the exports ignore the
filter)."""

import csv
import io
import json
import zipfile
from html.parser import HTMLParser
from urllib.parse import urljoin

from django.test import TestCase
from django.utils import timezone
from openpyxl import load_workbook

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.resources.tests.factories import resource_at

LIST = "/staff/132012/resources/"


class Anchors(HTMLParser):
    """Every <a href> of a page with its text."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self.open: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.open.append([dict(attrs).get("href") or "", ""])

    def handle_data(self, data: str) -> None:
        for anchor in self.open:
            anchor[1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.open:
            href, text = self.open.pop()
            self.found.append((text.strip(), href))


def anchors(html: str) -> list[tuple[str, str]]:
    parser = Anchors()
    parser.feed(html)
    return parser.found


def export_anchors(html: str) -> list[tuple[str, str]]:
    return [(t, h) for t, h in anchors(html) if h.startswith(LIST + "export/")]


def format_named(text: str) -> str:
    """The format a link's words promise (the words before and after issue #18 both)."""
    if "Shift_JIS" in text:
        return "csv-sjis"
    if "UTF-8" in text:
        return "csv-utf8"
    if "xlsx" in text or text == "Excel":
        return "xlsx"
    if "JSON" in text:
        return "json"
    if "zip" in text:
        return "zip"
    raise AssertionError(f"リンク「{text}」が形式を言っていません。")


def csv_names(text: str, column: str) -> list[str]:
    return [row[column] for row in csv.DictReader(io.StringIO(text))]


class ResourceListLinkTests(TestCase):
    """55 resources: 52 in 北部圏域 (北のサロン01〜52) and 3 in 南部圏域 (南のサロン1〜3).

    In 50音順 (きたの… before みなみの…) page 1 holds 北01〜北50 and page 2 the other five.
    Every 北 resource is checked today except 北52, no 南 resource is checked: 要確認 is
    北52 and 南1〜3 (4 rows). 南のサロン3 is not public, so the public exports of 南部圏域
    hold 南1 and 南2 only.
    """

    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.north = Layer2AreaFactory(municipality=cls.city, name="北部圏域")
        cls.south = Layer2AreaFactory(
            municipality=cls.city, name="南部圏域", parent=cls.north.parent
        )
        north_town = TownFactory(area=cls.north, latitude=35.7, longitude=139.4)
        south_town = TownFactory(area=cls.south, latitude=35.6, longitude=139.3)
        today = timezone.localdate()
        for n in range(1, 53):
            resource_at(
                north_town,
                name=f"北のサロン{n:02d}",
                kana=f"きたのさろん{n:02d}",
                last_verified_on=None if n == 52 else today,
            )
        for n in range(1, 4):
            resource_at(
                south_town, name=f"南のサロン{n}", kana=f"みなみのさろん{n}", is_public=n != 3
            )
        cls.user = user_with_role(Role.SC_LAYER1, cls.city)

    def setUp(self) -> None:
        self.client.force_login(self.user)

    def list_page(self, url: str) -> str:
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def names_on(self, html: str) -> list[str]:
        return [
            t
            for t, h in anchors(html)
            if h.startswith(LIST) and h[len(LIST) :].rstrip("/").isdigit()
        ]

    def test_next_shows_page_2_and_previous_returns_to_page_1(self) -> None:
        first = self.list_page(LIST)
        (next_href,) = [h for t, h in anchors(first) if t == "次へ"]
        second = self.list_page(urljoin(LIST, next_href))
        self.assertIn("55件（2/2ページ）", second)
        self.assertEqual(
            self.names_on(second),
            ["北のサロン51", "北のサロン52", "南のサロン1", "南のサロン2", "南のサロン3"],
        )
        (previous_href,) = [h for t, h in anchors(second) if t == "前へ"]
        again = self.list_page(urljoin(LIST, previous_href))
        self.assertEqual(self.names_on(again)[:2], ["北のサロン01", "北のサロン02"])

    def test_paging_keeps_the_filter(self) -> None:
        # 北部圏域 has 52 rows at 50 a page: 北51 and 北52 on page 2, and no 南 row.
        first = self.list_page(f"{LIST}?area={self.north.pk}&order=kana")
        (next_href,) = [h for t, h in anchors(first) if t == "次へ"]
        second = self.list_page(urljoin(LIST, next_href))
        self.assertIn("52件（2/2ページ）", second)
        self.assertEqual(self.names_on(second), ["北のサロン51", "北のサロン52"])

    def follow_exports(self, query: str) -> dict[str, list[str]]:
        """Each export link of the filtered list, followed; the names in each file, checked to
        be in the format the link names."""
        html = self.list_page(f"{LIST}?{query}")
        links = export_anchors(html)
        # 職員用 xlsx・Shift_JIS・UTF-8, 自治体標準形式 Shift_JIS・UTF-8, HSDS JSON・zip.
        self.assertEqual(len(links), 7, links)
        found: dict[str, list[str]] = {}
        for text, href in links:
            response = self.client.get(href)
            self.assertEqual(response.status_code, 200, href)
            body = response.content
            disposition = response["Content-Disposition"]
            kind = format_named(text)
            public = "/standard/" in href or "hsds" in href
            key = f"{'public' if public else 'staff'} {kind}"
            if kind == "xlsx":
                self.assertTrue(disposition.endswith(".xlsx"), (text, href, disposition))
                sheet = load_workbook(io.BytesIO(body)).active
                rows = list(sheet.iter_rows(values_only=True))
                column = rows[0].index("名称")
                names = [str(r[column]) for r in rows[1:]]
            elif kind in ("csv-sjis", "csv-utf8"):
                self.assertTrue(disposition.endswith(".csv"), (text, href, disposition))
                if kind == "csv-utf8":
                    self.assertTrue(body.startswith(b"\xef\xbb\xbf"), (text, href))
                    text_body = body.decode("utf-8-sig")
                else:
                    self.assertFalse(body.startswith(b"\xef\xbb\xbf"), (text, href))
                    text_body = body.decode("cp932")
                names = csv_names(text_body, "名称")
            elif kind == "json":
                self.assertTrue(disposition.endswith('.json"'), (text, href, disposition))
                names = [service["name"] for service in json.loads(body)]
            else:
                self.assertTrue(disposition.endswith('.zip"'), (text, href, disposition))
                with zipfile.ZipFile(io.BytesIO(body)) as archive:
                    names = csv_names(archive.read("services.csv").decode("utf-8"), "name")
            found[key] = sorted(names)
        return found

    def test_each_export_of_an_area_holds_exactly_its_rows_in_the_named_format(self) -> None:
        staff = ["南のサロン1", "南のサロン2", "南のサロン3"]
        public = ["南のサロン1", "南のサロン2"]
        self.assertEqual(
            self.follow_exports(f"area={self.south.pk}"),
            {
                "staff xlsx": staff,
                "staff csv-sjis": staff,
                "staff csv-utf8": staff,
                "public csv-sjis": public,
                "public csv-utf8": public,
                "public json": public,
                "public zip": public,
            },
        )

    def test_each_export_of_the_check_list_holds_exactly_its_rows(self) -> None:
        staff = ["北のサロン52", "南のサロン1", "南のサロン2", "南のサロン3"]
        public = ["北のサロン52", "南のサロン1", "南のサロン2"]
        self.assertEqual(
            self.follow_exports("check=1&order=verified"),
            {
                "staff xlsx": staff,
                "staff csv-sjis": staff,
                "staff csv-utf8": staff,
                "public csv-sjis": public,
                "public csv-utf8": public,
                "public json": public,
                "public zip": public,
            },
        )

    def test_the_exports_of_page_2_hold_every_filtered_row_not_one_page(self) -> None:
        found = self.follow_exports("page=2")
        self.assertEqual(len(found["staff csv-utf8"]), 55)
        self.assertEqual(len(found["public json"]), 54)

    def test_export_links_say_in_plain_words_what_each_file_is(self) -> None:
        html = self.list_page(f"{LIST}?area={self.south.pk}")
        self.assertEqual(
            [t for t, _ in export_anchors(html)],
            [
                "Excel（.xlsx）",
                "Excel用CSV（Shift_JIS）",
                "システム取込用CSV（UTF-8）",
                "Excel用CSV（Shift_JIS）",
                "システム取込用CSV（UTF-8）",
                "JSON",
                "表形式（CSVをまとめたzip）",
            ],
        )
        for words in (
            "この条件で書き出す（3件）",
            "職員用・全項目（連絡先を含む）：",
            "公開データ・自治体標準形式：",
            "公開データ・国際標準形式（HSDS 3.1）：",
            "「Excel用」は古い Excel でも文字化けせずに開ける文字コード（Shift_JIS）です。",
        ):
            self.assertIn(words, html)
        self.assertNotIn("CSV（Shift_JIS）</a>", html.replace("Excel用CSV（Shift_JIS）</a>", ""))
