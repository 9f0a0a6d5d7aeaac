"""The national municipality master, loaded from the real localgovjp file.

The file has 1,916 rows (see shared/data/README.md): 175 of them are wards of the 20 designated
cities, written "札幌市 中央区", so 1,916 - 175 = 1,741 municipalities. Each municipality that
is not a designated city gets one layer-1 area (1,741 - 20 = 1,721) and each ward one more
(175): 1,721 + 175 = 1,896 layer-1 areas in all.
"""

import io
from pathlib import Path
from tempfile import TemporaryDirectory

from django.core.management import CommandError, call_command
from django.test import TestCase

from sasaeai.areas.constants import MUNICIPALITY_MASTER_CSV, Layer, MunicipalityKind
from sasaeai.areas.models import Area, Municipality
from sasaeai.areas.services import municipalities_load_master


def load(**options) -> str:
    out = io.StringIO()
    call_command("load_municipalities", stdout=out, **options)
    return out.getvalue()


class LoadMunicipalitiesTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        # No skip when the file is missing: the command raises and every test here errors.
        cls.output = load()

    def test_the_real_file_is_the_default(self) -> None:
        self.assertTrue(MUNICIPALITY_MASTER_CSV.is_file())

    def test_it_loads_1741_municipalities_and_175_wards(self) -> None:
        self.assertEqual(Municipality.objects.count(), 1741)
        self.assertEqual(Area.objects.filter(layer=Layer.FIRST).count(), 1896)
        self.assertIn("市町村 1,741件と指定都市の区 175件を読み込みました。", self.output)

    def test_the_20_cities_with_wards_are_designated(self) -> None:
        designated = Municipality.objects.filter(kind=MunicipalityKind.DESIGNATED_CITY)
        self.assertEqual(designated.count(), 20)
        # Wards are areas of their city, never municipalities of their own.
        self.assertFalse(Municipality.objects.filter(name__contains=" ").exists())

    def test_sapporo_has_its_ten_wards_as_layer1_areas(self) -> None:
        sapporo = Municipality.objects.get(code="011002")
        areas = Area.objects.filter(municipality=sapporo, layer=Layer.FIRST)

        self.assertEqual(sapporo.kind, "designated")
        self.assertEqual(
            sorted(areas.values_list("name", flat=True)),
            sorted(
                [
                    "中央区",
                    "北区",
                    "東区",
                    "白石区",
                    "豊平区",
                    "南区",
                    "西区",
                    "厚別区",
                    "手稲区",
                    "清田区",
                ]
            ),
        )
        chuo = areas.get(name="中央区")
        self.assertEqual((chuo.code, chuo.kana), ("011011", "ちゅうおうく"))

    def test_an_ordinary_city_gets_one_layer1_area_named_after_itself(self) -> None:
        hachioji = Municipality.objects.get(code="132012")
        (area,) = Area.objects.filter(municipality=hachioji, layer=Layer.FIRST)

        self.assertEqual((hachioji.name, hachioji.prefecture), ("八王子市", "東京都"))
        self.assertEqual(hachioji.kind, "ordinary")
        self.assertEqual((area.name, area.kana, area.code), ("八王子市", "はちおうじし", "132012"))

    def test_a_tokyo_special_ward_is_an_ordinary_municipality(self) -> None:
        chiyoda = Municipality.objects.get(code="131016")

        self.assertEqual((chiyoda.name, chiyoda.kind), ("千代田区", "ordinary"))
        self.assertEqual(
            list(Area.objects.filter(municipality=chiyoda).values_list("name", flat=True)),
            ["千代田区"],
        )

    def test_running_it_twice_creates_nothing_new(self) -> None:
        counts = self.counts()

        load()

        self.assertEqual(self.counts(), counts)

    def counts(self) -> tuple[int, int, int, int]:
        # History rows too: an unchanged municipality must not gain an empty 変更 entry.
        return (
            Municipality.objects.count(),
            Area.objects.count(),
            Municipality.history.count(),
            Area.history.count(),
        )


class LoadMunicipalitiesErrorTests(TestCase):
    def test_a_missing_file_is_a_clear_error(self) -> None:
        with self.assertRaisesMessage(CommandError, "市町村マスタのファイルが見つかりません"):
            load(path=Path("/nonexistent/localgovjp.csv"))

    def test_a_bad_code_stops_the_load_and_writes_nothing(self) -> None:
        # 132013 breaks the check digit: 13201 gives 2 (see areas/tests/factories.py).
        header = "pid,pref,cid,city,citykana,lat,lng,url,phrase,lgcode\n"
        rows = "13,東京都,13201,八王子市,はちおうじし,,,,,132013\n"
        with TemporaryDirectory() as tmp:
            path = Path(tmp) / "bad.csv"
            path.write_text(header + rows, encoding="utf-8")
            with self.assertRaisesMessage(CommandError, "132013"):
                load(path=path)
        self.assertEqual(Municipality.objects.count(), 0)


class OnePrefectureTests(TestCase):
    def test_a_prefecture_can_load_only_its_own_municipalities(self) -> None:
        # 東京都: 23 special wards + 26 cities + 5 towns + 8 villages = 62, no designated city.
        result = municipalities_load_master(path=MUNICIPALITY_MASTER_CSV, prefecture="東京都")
        self.assertEqual((result.municipalities, result.wards), (62, 0))
        self.assertEqual(set(Municipality.objects.values_list("prefecture", flat=True)), {"東京都"})

    def test_an_unknown_prefecture_is_refused(self) -> None:
        with self.assertRaisesMessage(ValueError, "都道府県「東京」の市町村が見つかりません。"):
            municipalities_load_master(path=MUNICIPALITY_MASTER_CSV, prefecture="東京")
