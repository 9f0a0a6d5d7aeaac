"""Population files of other shapes (issue #17, points 6 and 7): .xlsx, coded English headers
with numbered 5-year bands, 「男0～64歳」 style bands, dates as Excel writes them, unread columns
named, and towns the municipality lacks created from the preview in the same transaction.

The coded workbook used throughout (man1 = 0–4, man14 = 65–69 … man18 = 85歳以上):

本町一丁目: man1 10, man14 5, man16 4, man18 3; woman1 12, woman15 6, woman17 2, woman18 5.
  male = 10+5+4+3 = 22; female = 12+6+2+5 = 25; total = 47.
  65+ = (5+4+3) + (6+2+5) = 25; 75+ = (4+3) + (2+5) = 14; 85+ = 3+5 = 8.
本町二丁目: man5 20 (20–24), man13 7 (60–64); woman5 20, woman14 3 (65–69).
  male = 27; female = 23; total = 50.  65+ = 3; 75+ = 0; 85+ = 0.
"""

import datetime
import io
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from openpyxl import Workbook

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas import selectors
from sasaeai.areas.importers import POPULATION_COLUMNS
from sasaeai.areas.models import PopulationRecord, Town
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.core.import_undo import batch_undo
from sasaeai.core.imports import batch_commit, batch_create, batch_preview, match_columns
from sasaeai.core.models import ImportBatch

JANUARY = datetime.datetime(2025, 1, 1)  # a real Excel date cell
BANDS = [f"man{n}" for n in range(1, 19)] + [f"woman{n}" for n in range(1, 19)]
CODED_HEAD = ["regionName", "date", "totalPopulation", "male", "female", *BANDS, "location"]
# Band counts by header; every other band is 0.
HONCHO_1 = {"man1": 10, "man14": 5, "man16": 4, "man18": 3}
HONCHO_1 |= {"woman1": 12, "woman15": 6, "woman17": 2, "woman18": 5}
HONCHO_2 = {"man5": 20, "man13": 7, "woman5": 20, "woman14": 3}
SHINMACHI = {"man14": 1, "woman18": 2}  # male 1, female 2, total 3; 65+ 3, 75+ 2, 85+ 2


def coded_row(
    name: str, counts: dict[str, int], *, date: Any = JANUARY, location: str = ""
) -> list:
    male = sum(v for k, v in counts.items() if k.startswith("man"))
    female = sum(v for k, v in counts.items() if k.startswith("woman"))
    bands = [counts.get(band, 0) for band in BANDS]
    return [name, date, male + female, male, female, *bands, location]


def workbook(head: list[str], rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(head)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class PopulationShapeTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.area = Layer2AreaFactory(municipality=cls.city, name="中央圏域")
        cls.town_1 = TownFactory(area=cls.area, code="001", name="本町一丁目")
        cls.town_2 = TownFactory(area=cls.area, code="002", name="本町二丁目")
        cls.user = user_with_role(Role.SC_LAYER1, cls.city)

    def upload(self, data: bytes, name: str = "人口.xlsx") -> ImportBatch:
        return batch_create(
            municipality=self.city, kind="population", name=name, data=data, user=self.user
        )

    def coded(self, *rows: list, head: list[str] = CODED_HEAD) -> ImportBatch:
        return self.upload(workbook(head, list(rows)))

    def test_a_coded_english_workbook_with_numbered_bands_is_imported(self) -> None:
        batch = self.coded(
            coded_row("本町一丁目", HONCHO_1, location="35.66,139.33"),
            coded_row("本町二丁目", HONCHO_2),
        )
        preview = batch_preview(batch)
        self.assertEqual(preview.file_errors, [])
        self.assertEqual(preview.error_lines, [], [r.errors for r in preview.rows])
        self.assertEqual(preview.encoding, "xlsx")
        self.assertEqual(preview.unread_columns, [])
        self.assertEqual(batch_commit(batch=batch, excluded_lines=[], user=self.user), 2)
        towns = selectors.town_population(self.city, datetime.date(2025, 1, 1))
        one, two = towns[self.town_1.pk], towns[self.town_2.pk]
        self.assertEqual((one.total, one.age65, one.age75, one.age85), (47, 25, 14, 8))
        self.assertEqual(one.aging_rate, Decimal("53.2"))  # 25 / 47 = 53.19…%
        self.assertEqual((two.total, two.age65, two.age75, two.age85), (50, 3, 0, 0))
        record = PopulationRecord.objects.get(town=self.town_1)
        self.assertEqual((record.male, record.female), (22, 25))
        # man18 is the open top band: 85歳以上, no upper age.
        self.assertEqual(
            list(
                record.bands.filter(age_to=None)
                .order_by("pk")
                .values_list("sex", "age_from", "count")
            ),
            [("M", 85, 3), ("F", 85, 5)],
        )

    def test_japanese_band_columns_and_a_subtotal_column_named_as_unread(self) -> None:
        # 本町一丁目: M 30, 5, 4, 3; F 32, 6, 2, 5 → total 87; 65+ = 5+4+3+6+2+5 = 25;
        # 75+ = 4+3+2+5 = 14; 85+ = 3+5 = 8. The file's own 「65歳以上」 (25) is a subtotal:
        # read as well it would count those 25 twice, so it is left aside and named.
        head = ["町丁目名", "調査日", "人口総数"]
        head += [f"{s}{b}" for s in "男女" for b in ("0～64歳", "65～74歳", "75～84歳", "85歳以上")]
        head += ["65歳以上", "備考"]
        batch = self.upload(
            workbook(head, [["本町一丁目", "2025/1/1", 87, 30, 5, 4, 3, 32, 6, 2, 5, 25, ""]])
        )
        preview = batch_preview(batch)
        self.assertEqual(preview.error_lines, [], [r.errors for r in preview.rows])
        self.assertEqual(preview.unread_columns, ["65歳以上", "備考"])
        batch_commit(batch=batch, excluded_lines=[], user=self.user)
        one = selectors.town_population(self.city, datetime.date(2025, 1, 1))[self.town_1.pk]
        self.assertEqual((one.total, one.age65, one.age75, one.age85), (87, 25, 14, 8))

    def test_a_column_the_importer_cannot_place_is_named_on_the_preview(self) -> None:
        head = [*CODED_HEAD, "surveyMethod"]
        batch = self.coded([*coded_row("本町一丁目", HONCHO_1), "住民基本台帳"], head=head)
        self.assertEqual(batch_preview(batch).unread_columns, ["surveyMethod"])
        self.client.force_login(self.user)
        url = reverse("core:import_preview", kwargs={"lgcode": "132012", "pk": batch.pk})
        self.assertContains(self.client.get(url), "取り込まない列: surveyMethod")

    def test_each_way_of_writing_the_date_is_read_and_named(self) -> None:
        cases = [
            (JANUARY, "調査年月日（列「date」）: Excelの日付（2025年1月1日）をそのまま使いました。"),
            ("2025/1/1", "調査年月日（列「date」）: 2025/1/1 を 2025年1月1日（年/月/日）と読みました。"),
            ("2025-01-01", "調査年月日（列「date」）: 2025-01-01 を 2025年1月1日（年/月/日）と読みました。"),
            ("令和7年1月1日", "調査年月日（列「date」）: 令和7年1月1日 を 2025年1月1日（和暦）と読みました。"),
            ("R7.1.1", "調査年月日（列「date」）: R7.1.1 を 2025年1月1日（和暦）と読みました。"),
            ("1/1/25", "調査年月日（列「date」）: 1/1/25 を 2025年1月1日（月/日/年）と読みました。"),
            # 13 cannot be a month, so only day/month/year is left: 13 January 2025.
            ("13/1/25", "調査年月日（列「date」）: 13/1/25 を 2025年1月13日（日/月/年）と読みました。"),
        ]  # fmt: skip
        for written, sentence in cases:
            with self.subTest(written):
                preview = batch_preview(self.coded(coded_row("本町一丁目", HONCHO_1, date=written)))
                self.assertEqual(preview.error_lines, [], preview.rows[0].errors)
                expected = datetime.date(2025, 1, 13 if written == "13/1/25" else 1)
                self.assertEqual(preview.rows[0].payload.as_of, expected)
                self.assertEqual(preview.readings, [sentence])

    def test_an_ambiguous_or_unreadable_date_is_a_row_error_naming_the_column(self) -> None:
        batch = self.coded(
            coded_row("本町一丁目", HONCHO_1, date="2/1/25"),  # 2 February or 1 February?
            coded_row("本町二丁目", HONCHO_2, date="そのうち"),
        )
        preview = batch_preview(batch)
        errors = {row.line: row.errors for row in preview.rows}
        self.assertEqual(
            errors[2],
            [
                "調査年月日（列「date」）: 「2/1/25」は 2025年2月1日（月/日/年）とも "
                "2025年1月2日（日/月/年）とも読めるため、読み取りませんでした。"
                "年・月・日の順（例: 2025/1/1）で書いてください。"
            ],
        )
        self.assertEqual(
            errors[3], ["調査年月日（列「date」）: 日付として読み取れません: そのうち"]
        )
        with self.assertRaisesMessage(ValidationError, "エラーのある行（2、3行目）"):
            batch_commit(batch=batch, excluded_lines=[], user=self.user)

    def test_every_synonym_finds_its_own_field_and_no_other(self) -> None:
        for field, words in POPULATION_COLUMNS.items():
            for word in words:
                with self.subTest(word):
                    self.assertEqual(match_columns([word], POPULATION_COLUMNS).found, {field: 0})
        # Spaces, underscores and case do not matter: "Total_Population" is totalPopulation.
        found = match_columns(["Total_Population", " 地域 名 "], POPULATION_COLUMNS).found
        self.assertEqual(found, {"総人口": 0, "地域名": 1})


class TownsFromPopulationTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.area = Layer2AreaFactory(municipality=cls.city, name="中央圏域")
        cls.town_1 = TownFactory(area=cls.area, code="001", name="本町一丁目")
        cls.user = user_with_role(Role.SC_LAYER1, cls.city, user__username="sc1")

    def upload(self, *rows: list) -> ImportBatch:
        return batch_create(
            municipality=self.city,
            kind="population",
            name="人口.xlsx",
            data=workbook(CODED_HEAD, list(rows)),
            user=self.user,
        )

    def with_new_town(self) -> ImportBatch:
        return self.upload(
            coded_row("本町一丁目", HONCHO_1),
            coded_row("新町三丁目", SHINMACHI, location="35.66,139.33"),
        )

    def test_the_preview_offers_to_create_the_towns_and_unchecked_they_stay_errors(self) -> None:
        batch = self.with_new_town()
        preview = batch_preview(batch)
        self.assertEqual(preview.error_lines, [3])
        self.assertEqual(
            preview.rows[1].errors,
            [
                "町丁目「新町三丁目」（地域コード なし）が登録されていません。"
                "先に町丁目一覧を取り込んでください。"
            ],
        )
        self.assertEqual([c.label for c in preview.choices], ["この 1 件の町丁目を作る"])
        self.assertIn("新町三丁目（しんまちさんちょうめ）", preview.choices[0].help)
        with self.assertRaisesMessage(ValidationError, "エラーのある行（3行目）"):
            batch_commit(batch=batch, excluded_lines=[], user=self.user)
        self.assertFalse(Town.objects.filter(name="新町三丁目").exists())

    def test_ticking_the_choice_creates_the_town_with_the_population_and_undo_removes_it(
        self,
    ) -> None:
        batch = self.with_new_town()
        written = batch_commit(
            batch=batch, excluded_lines=[], user=self.user, options=["create_towns"]
        )
        self.assertEqual(written, 2)
        town = Town.objects.get(name="新町三丁目")
        self.assertIsNone(town.area)
        self.assertEqual((town.kana, town.kana_needs_check), ("しんまちさんちょうめ", True))
        self.assertEqual((town.latitude, town.longitude), (35.66, 139.33))
        figures = selectors.town_population(self.city, datetime.date(2025, 1, 1))[town.pk]
        self.assertEqual((figures.total, figures.age65, figures.age75, figures.age85), (3, 3, 2, 2))
        # The city is the sum of both towns: 47 + 3 = 50, the new town without an area included.
        self.assertEqual(
            selectors.municipality_population(self.city, datetime.date(2025, 1, 1)).total, 50
        )
        batch.refresh_from_db()
        batch_undo(batch=batch, user=self.user)
        self.assertFalse(Town.objects.filter(name="新町三丁目").exists())
        self.assertEqual(PopulationRecord.objects.count(), 0)

    def test_nothing_is_created_when_another_row_has_an_error(self) -> None:
        bad = coded_row("本町一丁目", HONCHO_1)
        bad[2] = 48  # totalPopulation 48, but the bands add up to 47
        batch = self.upload(bad, coded_row("新町三丁目", SHINMACHI))
        with self.assertRaisesMessage(ValidationError, "エラーのある行（2行目）"):
            batch_commit(batch=batch, excluded_lines=[], user=self.user, options=["create_towns"])
        self.assertFalse(Town.objects.filter(name="新町三丁目").exists())
        self.assertEqual(PopulationRecord.objects.count(), 0)

    def test_the_choice_on_the_preview_screen_creates_the_towns(self) -> None:
        batch = self.with_new_town()
        self.client.force_login(self.user)
        url = reverse("core:import_preview", kwargs={"lgcode": "132012", "pk": batch.pk})
        page = self.client.get(url)
        self.assertContains(page, 'name="option" value="create_towns"')
        self.assertContains(page, "この 1 件の町丁目を作る")
        response = self.client.post(url, {"action": "commit", "option": ["create_towns"]})
        self.assertRedirects(response, url)
        self.assertEqual(PopulationRecord.objects.filter(town__name="新町三丁目").count(), 1)

    def test_the_command_reads_xlsx_and_creates_towns_when_asked(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "人口.xlsx"
            path.write_bytes(
                workbook(
                    CODED_HEAD,
                    [
                        coded_row("本町一丁目", HONCHO_1),
                        coded_row("新町三丁目", SHINMACHI, location="35.66,139.33"),
                    ],
                )
            )
            out = io.StringIO()
            call_command(
                "import_population", str(path), municipality="132012", user="sc1",
                create_towns=True, stdout=out, stderr=io.StringIO(),
            )  # fmt: skip
        text = out.getvalue()
        self.assertIn(
            "町丁目一覧になかった 1 件の町丁目を、日常生活圏域なしで作ります: "
            "新町三丁目（しんまちさんちょうめ）。",
            text,
        )
        self.assertIn("2件を取り込みました（除外 0行）。", text)
        self.assertEqual(Town.objects.get(name="新町三丁目").area, None)


class TownWithoutAreaPagesTests(TestCase):
    """A town made from a population file has no 日常生活圏域 yet: every page listing towns
    still opens, and its people count in the city's total."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.area = Layer2AreaFactory(municipality=cls.city, name="中央圏域")
        TownFactory(area=cls.area, code="001", name="本町一丁目")
        cls.user = user_with_role(Role.SC_LAYER1, cls.city)
        batch = batch_create(
            municipality=cls.city, kind="population", name="人口.xlsx", user=cls.user,
            data=workbook(
                CODED_HEAD,
                [coded_row("本町一丁目", HONCHO_1), coded_row("新町三丁目", SHINMACHI)],
            ),
        )  # fmt: skip
        batch_commit(batch=batch, excluded_lines=[], user=cls.user, options=["create_towns"])

    def test_the_staff_pages_that_list_towns_open(self) -> None:
        self.client.force_login(self.user)
        staff = {"lgcode": "132012"}
        for url in (
            reverse("areas:dashboard", kwargs=staff),
            reverse("areas:area_list", kwargs=staff),
            reverse("areas:area_detail", kwargs={**staff, "pk": self.area.pk}),
            reverse("analysis:overview", kwargs=staff),
            reverse("analysis:karte", kwargs={**staff, "area": self.area.pk}),
            reverse("resources:location_list", kwargs=staff),
            reverse("resources:list", kwargs=staff),
        ):
            with self.subTest(url):
                self.assertEqual(self.client.get(url).status_code, 200)
