"""Population import: both header generations, encodings, bands, whole-city row, errors.

The two towns used throughout, with the figures worked out by hand:

本町一丁目 (code 001): 0-4 M10 F10; 40-44 M30 F30; 65-69 M5 F7; 75-79 M4 F6; 85-89 M2 F3;
  100+ F1; 年齢不詳 M2.  total = 20+60+12+10+5+1+2 = 110; male = 10+30+5+4+2+2 = 53;
  female = 10+30+7+6+3+1 = 57.  65+ = 12+10+5+1 = 28; 75+ = 10+5+1 = 16; 85+ = 5+1 = 6.
  aging rate = 28 / 110 = 25.45…% → 25.5%
本町二丁目 (code 002): 20-24 M40 F40; 70-74 M10 F10.  total 100, 65+ = 20, 75+ = 0, 20.0%.
Both towns: total 210, 65+ 48 → 48 / 210 = 22.857…% → 22.9%.  Whole-city row: 210.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.test import TestCase

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas import selectors
from sasaeai.areas.models import PopulationBand, PopulationRecord
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.core.import_undo import batch_undo
from sasaeai.core.imports import batch_commit, batch_create, batch_preview
from sasaeai.core.models import ImportStatus

OLD_HEAD = [
    "都道府県コード又は市区町村コード",
    "地域コード",
    "都道府県名",
    "市区町村名",
    "調査年月日",
    "地域名",
]
NEW_HEAD = ["全国地方公共団体コード", "地域コード", "地方公共団体名", "調査年月日", "地域名"]
TOWN_A = {
    (0, 4): (10, 10), (40, 44): (30, 30), (65, 69): (5, 7), (75, 79): (4, 6),
    (85, 89): (2, 3), (100, None): (0, 1), (None, None): (2, 0),
}  # fmt: skip
TOWN_B = {(20, 24): (40, 40), (70, 74): (10, 10)}


def extended_bands() -> list[tuple[int | None, int | None]]:
    """0-4 … 95-99, 100歳以上, 年齢不詳."""
    return [(a, a + 4) for a in range(0, 100, 5)] + [(100, None), (None, None)]


def standard_bands() -> list[tuple[int | None, int | None]]:
    """0-4 … 80-84, 85歳以上 (no 年齢不詳 column)."""
    return [(a, a + 4) for a in range(0, 85, 5)] + [(85, None)]


def band_label(age_from: int | None, age_to: int | None, sex: str) -> str:
    if age_from is None:
        return f"年齢不詳の{sex}"
    if age_to is None:
        return f"{age_from}歳以上の{sex}"
    return f"{age_from}-{age_to}歳の{sex}"


def fold(counts: dict, bands: list) -> dict:
    """Put each count into the band of the file that contains it (85-89 and 100+ into 85歳以上)."""
    folded: dict = {band: [0, 0] for band in bands}
    for (age_from, _), (male, female) in counts.items():
        for band in bands:
            low, high = band
            inside = (age_from is None and low is None) or (
                age_from is not None
                and low is not None
                and low <= age_from
                and (high is None or age_from <= high)
            )
            if inside:
                folded[band][0] += male
                folded[band][1] += female
    return folded


def csv_text(
    *,
    generation: str = "new",
    bands: list | None = None,
    rows: list[tuple[str, str, str, dict | None, int | None]],
    code: str = "132012",
    zero: str = "0",
    thousands: bool = False,
    trailing_blank_columns: int = 0,
) -> str:
    """Build a 地域・年齢別人口 CSV. rows: (地域コード, 地域名, 調査年月日, counts or None = sum, total)."""
    bands = bands or extended_bands()
    head = OLD_HEAD if generation == "old" else NEW_HEAD
    band_heads = [band_label(a, b, sex) for a, b in bands for sex in ("男性", "女性")]
    lines = [
        ",".join(
            head
            + ["総人口", "男性", "女性", *band_heads, "世帯数", "備考"]
            + [""] * trailing_blank_columns
        )
    ]
    for area_code, name, date, counts, total_override in rows:
        folded = fold(counts or {}, bands)
        male = sum(v[0] for v in folded.values())
        female = sum(v[1] for v in folded.values())
        total = total_override if total_override is not None else male + female

        def number(n: int) -> str:
            if n == 0:
                return zero
            return f'"{n:,}"' if thousands else str(n)

        prefix = (
            [code, area_code, "東京都", "八王子市", date, name]
            if generation == "old"
            else [code, area_code, "八王子市", date, name]
        )
        cells = [*prefix, number(total), number(male), number(female)]
        cells += [number(folded[band][i]) for band in bands for i in (0, 1)]
        cells += ["", ""] + [""] * trailing_blank_columns
        lines.append(",".join(cells))
    return "\r\n".join(lines) + "\r\n"


class PopulationImportTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.area = Layer2AreaFactory(municipality=cls.city, name="中央圏域")
        cls.town_a = TownFactory(
            area=cls.area, code="001", name="本町一丁目", kana="ほんちょういっちょうめ"
        )
        cls.town_b = TownFactory(
            area=cls.area, code="002", name="本町二丁目", kana="ほんちょうにちょうめ"
        )
        cls.user = user_with_role(Role.SC_LAYER1, cls.city)

    def upload(self, text: str, encoding: str = "utf-8-sig"):  # type: ignore[no-untyped-def]
        return batch_create(
            municipality=self.city,
            kind="population",
            name="pop.csv",
            data=text.encode(encoding),
            user=self.user,
        )

    def two_towns_and_whole(self, date: str = "2025/10/1") -> list:
        return [
            ("001", "本町一丁目", date, TOWN_A, None),
            ("002", "本町二丁目", date, TOWN_B, None),
            ("", "", date, {**TOWN_A, **TOWN_B}, None),
        ]

    def assert_hand_computed_figures(self, as_of: datetime.date) -> None:
        towns = selectors.town_population(self.city, as_of)
        a = towns[self.town_a.pk]
        self.assertEqual((a.total, a.age65, a.age75, a.age85, a.unknown_age), (110, 28, 16, 6, 2))
        self.assertEqual(a.aging_rate, Decimal("25.5"))
        b = towns[self.town_b.pk]
        self.assertEqual((b.total, b.age65, b.age75, b.aging_rate), (100, 20, 0, Decimal("20.0")))
        area = selectors.area_population(self.city, as_of)[self.area.pk]
        self.assertEqual((area.total, area.age65, area.aging_rate), (210, 48, Decimal("22.9")))

    def test_the_new_header_generation_with_bom_and_extended_bands_is_stored(self) -> None:
        batch = self.upload(csv_text(rows=self.two_towns_and_whole()))
        preview = batch_preview(batch)
        self.assertEqual(preview.file_errors, [])
        self.assertEqual(preview.error_lines, [])
        self.assertEqual(preview.encoding, "utf-8-sig")
        self.assertEqual(batch_commit(batch=batch, excluded_lines=[], user=self.user), 3)
        self.assert_hand_computed_figures(datetime.date(2025, 10, 1))
        # 100歳以上 is kept as an open band, 年齢不詳 as a band without ages.
        self.assertTrue(PopulationBand.objects.filter(age_from=100, age_to=None, count=1).exists())
        self.assertTrue(PopulationBand.objects.filter(age_from=None, age_to=None, count=2).exists())

    def test_the_whole_city_row_is_stored_as_the_municipality_total_and_never_as_a_town(
        self,
    ) -> None:
        batch = self.upload(csv_text(rows=self.two_towns_and_whole()))
        preview = batch_preview(batch)
        self.assertEqual(
            preview.notes,
            ["令和7年10月1日: 市町村全体 210人、町丁目の合計 210人（一致しています）。"],
        )
        batch_commit(batch=batch, excluded_lines=[], user=self.user)
        whole = PopulationRecord.objects.get(town__isnull=True)
        self.assertEqual(whole.total, 210)
        self.assertEqual(PopulationRecord.objects.filter(town__isnull=False).count(), 2)
        # The municipality figure is the sum of towns, not doubled by the whole-city row.
        self.assertEqual(
            selectors.municipality_population(self.city, datetime.date(2025, 10, 1)).total, 210
        )

    def test_a_whole_city_total_that_differs_from_the_towns_is_reported(self) -> None:
        rows = [*self.two_towns_and_whole()[:2], ("", "", "2025/10/1", {(0, 4): (110, 105)}, None)]
        preview = batch_preview(self.upload(csv_text(rows=rows)))
        # whole 215, towns 210 → +5
        self.assertEqual(
            preview.notes,
            ["令和7年10月1日: 市町村全体 215人、町丁目の合計 210人（+5人の差があります）。"],
        )

    def test_a_whole_city_row_alone_is_announced_as_the_figure_shown_not_as_a_difference(
        self,
    ) -> None:
        rows = [("", "", "2025/10/1", {(0, 4): (110, 105)}, None)]
        preview = batch_preview(self.upload(csv_text(rows=rows)))
        # whole 110 + 105 = 215; no town rows on that date, so nothing to compare with.
        self.assertEqual(
            preview.notes,
            [
                "令和7年10月1日: 市町村全体 215人。町丁目別の行はないため、"
                "市町村全体の数として表示します。"
            ],
        )

    def test_the_old_header_generation_in_shift_jis_with_separators_dashes_and_blank_columns(
        self,
    ) -> None:
        big = {**TOWN_B, (40, 44): (600, 634)}  # 100 + 1,234 = 1,334 people, still 20 aged 65+
        text = csv_text(
            generation="old",
            bands=standard_bands(),
            rows=[
                ("001", "本町一丁目", "2025/10/1", TOWN_A, None),
                ("002", "本町二丁目", "2025/10/1", big, None),
            ],
            zero="-",
            thousands=True,
            trailing_blank_columns=3,
        )
        batch = self.upload(text, encoding="cp932")
        preview = batch_preview(batch)
        self.assertEqual(preview.encoding, "cp932")
        self.assertEqual(preview.error_lines, [], [r.errors for r in preview.rows])
        batch_commit(batch=batch, excluded_lines=[], user=self.user)
        towns = selectors.town_population(self.city, datetime.date(2025, 10, 1))
        a, b = towns[self.town_a.pk], towns[self.town_b.pk]
        # 85歳以上 holds 85-89 (2+3) and 100+ (1): 85+ is still 6; no 年齢不詳 column, so the 2 are
        # missing from the bands: the file's total must then be 108, not 110 → see fold(): M51 F57.
        self.assertEqual((a.total, a.age65, a.age85), (108, 28, 6))
        self.assertEqual(
            (b.total, b.age65, b.aging_rate), (1334, 20, Decimal("1.5"))
        )  # 20/1334 = 1.499…%

    def test_several_dates_in_one_file_become_separate_records(self) -> None:
        rows = [
            *self.two_towns_and_whole("2025/4/1")[:2],
            *self.two_towns_and_whole("令和7年10月1日")[:2],
        ]
        batch = self.upload(csv_text(rows=rows))
        self.assertEqual(batch_commit(batch=batch, excluded_lines=[], user=self.user), 4)
        dates = sorted(set(PopulationRecord.objects.values_list("as_of", flat=True)))
        self.assertEqual(dates, [datetime.date(2025, 4, 1), datetime.date(2025, 10, 1)])
        self.assert_hand_computed_figures(datetime.date(2025, 4, 1))

    def test_importing_the_same_date_again_replaces_instead_of_duplicating(self) -> None:
        for _ in range(2):
            batch = self.upload(csv_text(rows=self.two_towns_and_whole()[:2]))
            batch_commit(batch=batch, excluded_lines=[], user=self.user)
        self.assertEqual(PopulationRecord.objects.count(), 2)
        self.assert_hand_computed_figures(datetime.date(2025, 10, 1))

    def test_undoing_a_replacing_import_brings_the_replaced_figures_back(self) -> None:
        first = self.upload(csv_text(rows=self.two_towns_and_whole()[:2]))
        batch_commit(batch=first, excluded_lines=[], user=self.user)
        # The same date again, with 本町一丁目 given 本町二丁目's figures (total 100).
        second = self.upload(csv_text(rows=[("001", "本町一丁目", "2025/10/1", TOWN_B, None)]))
        batch_commit(batch=second, excluded_lines=[], user=self.user)
        as_of = datetime.date(2025, 10, 1)
        self.assertEqual(selectors.town_population(self.city, as_of)[self.town_a.pk].total, 100)
        # Undo: the new record is deleted and the replaced one (with its bands) comes back.
        self.assertEqual(batch_undo(batch=second, user=self.user), 2)
        self.assert_hand_computed_figures(as_of)
        self.assertEqual(batch_undo(batch=first, user=self.user), 2)
        self.assertEqual((PopulationRecord.objects.count(), PopulationBand.objects.count()), (0, 0))

    def test_towns_are_matched_by_name_when_the_code_is_blank(self) -> None:
        rows = [("", "本町一丁目", "2025/10/1", TOWN_A, None)]
        preview = batch_preview(self.upload(csv_text(rows=rows)))
        self.assertEqual(preview.rows[0].payload.town, self.town_a)


class MalformedPopulationFileTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        PopulationImportTests.setUpTestData.__func__(cls)  # type: ignore[attr-defined]

    def upload(self, text: str, encoding: str = "utf-8"):  # type: ignore[no-untyped-def]
        return PopulationImportTests.upload(self, text, encoding)  # type: ignore[arg-type]

    def malformed(self) -> str:
        return csv_text(
            rows=[
                ("001", "本町一丁目", "2025/10/1", TOWN_A, None),  # line 2: fine
                ("099", "存在町", "2025/10/1", TOWN_B, None),  # line 3: unknown town
                ("002", "本町二丁目", "2025/10/1", TOWN_B, 101),  # line 4: total ≠ bands
                ("002", "本町二丁目", "令和7年2月30日", TOWN_B, None),  # line 5: no such date
            ]
        )

    def test_every_bad_row_is_named_with_its_line_and_a_japanese_reason(self) -> None:
        preview = batch_preview(self.upload(self.malformed()))
        self.assertEqual(preview.error_lines, [3, 4, 5])
        errors = {row.line: row.errors for row in preview.rows}
        self.assertEqual(errors[2], [])
        self.assertIn(
            "町丁目「存在町」（地域コード 099）が登録されていません。先に町丁目一覧を取り込んでください。",
            errors[3],
        )
        self.assertIn("年齢別の人数の合計（100人）が総人口（101人）と一致しません。", errors[4])
        self.assertIn(
            "男性（50人）と女性（50人）の合計が総人口（101人）と一致しません。", errors[4]
        )
        self.assertEqual(len(errors[5]), 1)
        self.assertTrue(errors[5][0].startswith("調査年月日: 令和7年2月30日は存在しません"))

    def test_confirming_while_errors_remain_is_refused_and_writes_nothing(self) -> None:
        batch = self.upload(self.malformed())
        with self.assertRaisesMessage(ValidationError, "エラーのある行（3、4、5行目）"):
            batch_commit(batch=batch, excluded_lines=[], user=self.user)
        self.assertEqual(PopulationRecord.objects.count(), 0)
        self.assertEqual(PopulationBand.objects.count(), 0)
        batch.refresh_from_db()
        self.assertEqual(batch.status, ImportStatus.PREVIEW)

    def test_excluding_the_bad_rows_writes_the_rest_and_records_what_was_left_out(self) -> None:
        batch = self.upload(self.malformed())
        self.assertEqual(batch_commit(batch=batch, excluded_lines=[3, 4, 5], user=self.user), 1)
        batch.refresh_from_db()
        self.assertEqual(batch.excluded_lines, [3, 4, 5])
        self.assertEqual(batch.status, ImportStatus.COMMITTED)
        self.assertEqual(batch.created_by, self.user)
        self.assertEqual(
            list(PopulationRecord.objects.values_list("town__name", "total")), [("本町一丁目", 110)]
        )

    def test_a_file_of_another_municipality_is_rejected_row_by_row(self) -> None:
        preview = batch_preview(
            self.upload(
                csv_text(rows=[("001", "本町一丁目", "2025/10/1", TOWN_A, None)], code="132021")
            )
        )
        self.assertEqual(
            preview.rows[0].errors,
            ["市区町村コード「132021」がこの市町村（132012）と一致しません。"],
        )

    def test_a_file_without_the_needed_columns_is_rejected_as_a_whole(self) -> None:
        preview = batch_preview(self.upload("地域名,人口\r\n本町一丁目,110\r\n"))
        self.assertEqual(
            preview.file_errors,
            [
                "「全国地方公共団体コード」（旧様式では「都道府県コード又は市区町村コード」）の列がありません。",
                "必要な列がありません: 地域コード、調査年月日、総人口",
                "「0-4歳の男性」のような年齢別の列がありません。",
            ],
        )
        self.assertFalse(preview.can_commit([]))

    def test_a_band_across_the_65_boundary_is_rejected(self) -> None:
        text = csv_text(
            bands=[(0, 59), (60, 69), (70, None)],
            rows=[("001", "本町一丁目", "2025/10/1", {}, None)],
        )
        preview = batch_preview(self.upload(text))
        self.assertIn(
            "年齢区分「60-69歳の男性」が65歳の境目をまたいでいるため、65歳以上の人数を計算できません。",
            preview.file_errors,
        )

    def test_bytes_that_are_neither_utf8_nor_shift_jis_are_rejected(self) -> None:
        batch = batch_create(
            municipality=self.city,
            kind="population",
            name="x.csv",
            data=b"\x81\x20\xff\xfe",
            user=self.user,
        )
        self.assertEqual(len(batch_preview(batch).file_errors), 1)
        self.assertIn("文字コードを判別できません", batch_preview(batch).file_errors[0])
