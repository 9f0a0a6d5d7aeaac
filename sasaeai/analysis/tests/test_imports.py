"""Imports of the analysis app: 500 m mesh population (e-Stat) and ニーズ調査 results.

Mesh centres worked out by hand (JIS X 0410; level 4 = 500 m, quarters 1 SW, 2 SE, 3 NW, 4 NE):
  533945253: 53 → lat 53 / 1.5 = 35.333…°; 39 → lon 100 + 39 = 139°.
             45 (10 km): lat + 4 × 5′ = 35.666…°; lon + 5 × 7.5′ = 139.625°.
             25 (1 km):  lat + 2 × 30″ = 35.68333…°; lon + 5 × 45″ = 139.6875°.
             3 (NW 500 m): lat + 15″ = 35.6875°; lon + 0.
             centre: lat + 7.5″ = 35.6895833…°; lon + 11.25″ = 139.690625°.
  533945254: as above, but NE: lon + 22.5″ → centre (35.6895833…, 139.696875).
  533945263: 1 km square 26: lon 139.625 + 6 × 45″ = 139.7 → centre (35.6895833…, 139.703125).
  533945273: 1 km square 27: lon 139.7125 → centre (35.6895833…, 139.715625).
  533945283: 1 km square 28: lon 139.725 → centre (35.6895833…, 139.728125).
  533946253: 10 km square 46: lon 139.75, then 25 → 139.8125 → centre (35.6895833…, 139.815625).
  533945243: 1 km square 24: lon 139.675 → centre (35.6895833…, 139.678125).
At 35.69°N one degree of latitude is 111,195 m and one of longitude 111,195 × cos 35.69° ≈ 90,306 m.
Towns: 本町 (35.6896, 139.6906), 東町 (35.6896, 139.6969).
  253 → 本町 (about 2 m); 254 → 東町 (0.000025° ≈ 2 m).
  263 → 東町: 0.006225° ≈ 562 m (本町: 0.012525° ≈ 1,131 m).
  273 → 東町: 0.018725° ≈ 1,691 m, inside 2 km.   283: 0.031225° ≈ 2,820 m, outside.
  533946253: 0.118725° ≈ 10.7 km from 東町, outside.
"""

import io
import random
from decimal import Decimal
from unittest import mock

import numpy as np
import time_machine
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.analysis.importers import nearest_towns
from sasaeai.analysis.models import MeshPopulation, NeedsSurveyValue
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.core.import_undo import batch_undo
from sasaeai.core.imports import batch_commit, batch_create, batch_preview
from sasaeai.core.models import ImportBatch, ImportStatus
from sasaeai.utils.geo import distance_m

# 2020 census (T001141): codes in row 1, labels in row 2 with full-width digits and spaces.
HEAD_2020 = (
    "KEY_CODE,HTKSYORI,HTKSAKI,GASSAN,T001141001,T001141002,T001141003,"
    "T001141019,T001141020,T001141022\r\n"
    ",,,,人口（総数）,人口（総数）　男,人口（総数）　女,"
    "６５歳以上人口　総数,６５歳以上人口　男,７５歳以上人口　総数\r\n"
)
# 2015 census (T000847): other codes, labels without brackets, no 75+ column.
HEAD_2015 = (
    "KEY_CODE,HTKSYORI,HTKSAKI,GASSAN,T000847001,T000847002,T000847003,T000847010\r\n"
    ",,,,人口総数,　男,　女,65歳以上人口総数\r\n"
)


def mesh_file(head: str, *lines: str) -> bytes:
    """An e-Stat mesh file as downloaded: Shift_JIS (cp932), CRLF."""
    return (head + "".join(f"{line}\r\n" for line in lines)).encode("cp932")


class MeshImportTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.area = Layer2AreaFactory(municipality=cls.city, name="北部圏域")
        cls.hon = TownFactory(area=cls.area, name="本町", latitude=35.6896, longitude=139.6906)
        cls.higashi = TownFactory(area=cls.area, name="東町", latitude=35.6896, longitude=139.6969)
        TownFactory(area=cls.area, name="位置なし町")  # no coordinates: never chosen
        cls.user = user_with_role(Role.MUNICIPAL_ADMIN, cls.city)

    def upload(self, data: bytes, name: str = "tblT001141H5339.txt") -> ImportBatch:
        return batch_create(
            municipality=self.city, kind="meshes", name=name, data=data, user=self.user
        )

    def preview_of(self, data: bytes):  # type: ignore[no-untyped-def]
        return batch_preview(self.upload(data))

    def test_2020_columns_are_picked_by_label_and_each_mesh_goes_to_its_nearest_town(self) -> None:
        data = mesh_file(
            HEAD_2020,
            '533945253,0,,,"1,234",600,634,345,150,180',  # line 3
            "533945254,0,,,120,60,60,30,10,12",  # line 4
            "533945263,0,,,80,40,40,30,10,9",  # line 5
        )
        preview = self.preview_of(data)
        self.assertEqual(preview.file_errors, [])
        self.assertEqual(
            [(row.line, row.label, row.summary) for row in preview.rows],
            [
                (3, "533945253", ("本町", 1234, 345, 180, "新規")),
                (4, "533945254", ("東町", 120, 30, 12, "新規")),
                (5, "533945263", ("東町", 80, 30, 9, "新規")),
            ],
        )
        self.assertEqual(preview.encoding, "cp932")

    def test_2015_labels_without_brackets_are_read_and_the_75_column_is_optional(self) -> None:
        preview = self.preview_of(mesh_file(HEAD_2015, "533945253,0,,,300,140,160,90"))
        self.assertEqual(preview.file_errors, [])
        self.assertEqual(preview.rows[0].summary, ("本町", 300, 90, "—", "新規"))
        self.assertEqual(preview.rows[0].note, "")

    def test_a_suppressed_cell_is_stored_empty_and_the_row_says_why(self) -> None:
        batch = self.upload(
            mesh_file(
                HEAD_2020,
                "533945254,1,533945253,,12,*,*,*,*,*",  # line 3: secret
                "533945263,0,,,80,40,40,30,10,",  # line 4: no 75+ figure
                "533945264,0,,,8,8,0,-,-,-",  # line 5: "-" is e-Stat's 該当数値なし (0)
            )
        )
        rows = batch_preview(batch).rows
        self.assertEqual(rows[0].errors, [])
        self.assertEqual(rows[0].note, "65歳以上・75歳以上は秘匿（*）のため人数なし")
        self.assertEqual(rows[0].summary, ("東町", 12, "—", "—", "新規"))
        self.assertEqual(rows[1].note, "75歳以上は空欄のため人数なし")
        self.assertEqual((rows[2].note, rows[2].summary), ("", ("東町", 8, 0, 0, "新規")))
        batch_commit(batch=batch, excluded_lines=[], user=self.user)
        mesh = MeshPopulation.objects.get(code="533945254")
        self.assertEqual((mesh.total, mesh.age65, mesh.age75), (12, None, None))
        none = MeshPopulation.objects.get(code="533945264")
        self.assertEqual((none.total, none.age65, none.age75), (8, 0, 0))

    def test_meshes_more_than_2km_from_every_town_are_skipped_and_counted(self) -> None:
        preview = self.preview_of(
            mesh_file(
                HEAD_2020,
                "533945253,0,,,100,50,50,20,10,5",  # line 3
                "533945273,0,,,100,50,50,20,10,5",  # line 4: 1,691 m from 東町
                "533945283,0,,,100,50,50,20,10,5",  # line 5: 2,820 m away
                "533946253,0,,,100,50,50,20,10,5",  # line 6: 10.7 km away
            )
        )
        self.assertEqual([row.line for row in preview.rows], [3, 4])
        self.assertEqual(preview.rows[1].summary[0], "東町")
        self.assertEqual(
            preview.notes,
            ["市町村の町丁目から2km以上離れたメッシュ 2 件は対象外として読み飛ばしました。"],
        )

    def test_a_file_with_no_mesh_near_the_city_cannot_be_committed(self) -> None:
        preview = self.preview_of(mesh_file(HEAD_2020, "533946253,0,,,100,50,50,20,10,5"))
        self.assertEqual(
            preview.file_errors,
            [
                "この市町村の町丁目から2km以内のメッシュが1件もありません。"
                "この市町村を含む地域のファイルか確かめてください。"
            ],
        )

    def test_bad_codes_and_counts_are_errors_naming_the_line_and_field(self) -> None:
        preview = self.preview_of(
            mesh_file(
                HEAD_2020,
                "533945253,0,,,100,50,50,20,10,5",  # line 3: fine
                "533945255,0,,,100,50,50,20,10,5",  # line 4: a 2 km mesh (quarter 5)
                "5339452,0,,,100,50,50,20,10,5",  # line 5: 1 km code
                "533985253,0,,,100,50,50,20,10,5",  # line 6: no 10 km square 8
                ",0,,,100,50,50,20,10,5",  # line 7: blank code
                "533945254,0,,,abc,50,50,20,10,5",  # line 8: not a number
                "533945263,0,,,10,5,5,20,10,5",  # line 9: 20 aged 65+ of 10 people
                "533945253,0,,,100,50,50,20,10,5",  # line 10: same mesh as line 3
            )
        )
        errors = {row.line: row.errors for row in preview.rows}
        self.assertEqual(errors[3], [])
        self.assertEqual(
            errors[4],
            [
                "メッシュコード: 「533945255」は500mメッシュ（9桁の4次メッシュ）のコードではありません。"
            ],
        )
        self.assertEqual(
            errors[5],
            [
                "メッシュコード: 「5339452」は500mメッシュ（9桁の4次メッシュ）のコードではありません。"
            ],
        )
        self.assertEqual(
            errors[6],
            [
                "メッシュコード: 「533985253」は500mメッシュ（9桁の4次メッシュ）のコードではありません。"
            ],
        )
        self.assertEqual(errors[7], ["メッシュコード: 空欄です。"])
        self.assertEqual(errors[8], ["人口総数: 「abc」は人数として読み取れません"])
        self.assertEqual(errors[9], ["65歳以上（20人）が人口総数（10人）を超えています。"])
        self.assertEqual(errors[10], ["3行目と同じメッシュコードです。"])
        self.assertEqual(preview.error_lines, [4, 5, 6, 7, 8, 9, 10])

    def test_a_missing_column_is_a_file_error(self) -> None:
        head = "KEY_CODE,HTKSYORI,HTKSAKI,GASSAN,T001141001\r\n,,,,人口（総数）\r\n"
        preview = self.preview_of(mesh_file(head, "533945253,0,,,100"))
        self.assertEqual(
            preview.file_errors,
            [
                "必要な列がありません: 65歳以上人口 総数。e-Stat の地域メッシュ統計"
                "（国勢調査 人口及び世帯）のファイルを、2行目の項目名の行も含めてそのまま選んでください。"
            ],
        )
        self.assertEqual(preview.rows, [])

    def test_a_file_without_the_key_code_column_is_a_file_error(self) -> None:
        head = "CODE,T001141001,T001141019\r\n,人口（総数）,６５歳以上人口　総数\r\n"
        preview = self.preview_of(mesh_file(head, "533945253,100,20"))
        self.assertEqual(
            preview.file_errors, ["メッシュコードの列（1行目が「KEY_CODE」の列）がありません。"]
        )

    def test_a_city_without_town_coordinates_is_told_to_import_the_towns_first(self) -> None:
        other = MunicipalityFactory(code="132021")
        TownFactory(area=Layer2AreaFactory(municipality=other), name="桜町")
        batch = batch_create(
            municipality=other,
            kind="meshes",
            name="mesh.txt",
            data=mesh_file(HEAD_2020, "533945253,0,,,100,50,50,20,10,5"),
            user=self.user,
        )
        self.assertEqual(
            batch_preview(batch).file_errors,
            [
                "緯度・経度の入った町丁目がありません。メッシュを町丁目に割り当てるため、"
                "先に「町丁目一覧の取込」で緯度・経度の入った町丁目一覧を取り込んでください。"
            ],
        )

    def test_the_town_nearest_in_metres_wins_over_the_one_nearest_in_degrees(self) -> None:
        # Around 533945253's centre (35.6895833, 139.690625): 北町 0.004° north = 444.8 m;
        # 西町 0.0045° west = 0.0045 × 90,306 m = 406.4 m. In plain degrees 北町 looks nearer.
        other = MunicipalityFactory(code="132021")
        area = Layer2AreaFactory(municipality=other)
        TownFactory(area=area, name="北町", latitude=35.6935833, longitude=139.690625)
        TownFactory(area=area, name="西町", latitude=35.6895833, longitude=139.686125)
        batch = batch_create(
            municipality=other,
            kind="meshes",
            name="mesh.txt",
            data=mesh_file(HEAD_2020, "533945253,0,,,100,50,50,20,10,5"),
            user=self.user,
        )
        self.assertEqual(batch_preview(batch).rows[0].summary[0], "西町")

    def test_commit_stores_centre_town_and_counts_with_history_by_the_user(self) -> None:
        batch = self.upload(mesh_file(HEAD_2020, '533945253,0,,,"1,234",600,634,345,150,180'))
        self.assertEqual(batch_commit(batch=batch, excluded_lines=[], user=self.user), 1)
        mesh = MeshPopulation.objects.get()
        self.assertEqual(
            (mesh.code, mesh.town, mesh.total, mesh.age65, mesh.age75, mesh.import_batch),
            ("533945253", self.hon, 1234, 345, 180, batch),
        )
        self.assertAlmostEqual(mesh.latitude, 35.6895833, places=6)
        self.assertAlmostEqual(mesh.longitude, 139.690625, places=6)
        self.assertEqual(
            list(MeshPopulation.history.values_list("history_type", "history_user")),
            [("+", self.user.pk)],
        )

    def test_reimporting_updates_meshes_in_the_file_and_leaves_the_others(self) -> None:
        kept = MeshPopulation.objects.create(
            municipality=self.city, code="533945243", town=self.hon,
            latitude=35.6895833, longitude=139.678125, total=77, age65=20, age75=9,
        )  # fmt: skip
        old = MeshPopulation.objects.create(
            municipality=self.city, code="533945253", town=self.higashi,
            latitude=35.6895833, longitude=139.690625, total=1, age65=1, age75=1,
        )  # fmt: skip
        batch = self.upload(
            mesh_file(
                HEAD_2020,
                "533945253,0,,,100,50,50,20,10,5",  # line 3: update
                "533945254,0,,,60,30,30,10,5,2",  # line 4: new
            )
        )
        self.assertEqual([row.summary[-1] for row in batch_preview(batch).rows], ["更新", "新規"])
        self.assertEqual(batch_commit(batch=batch, excluded_lines=[], user=self.user), 2)
        old.refresh_from_db()
        kept.refresh_from_db()
        self.assertEqual((old.town, old.total, old.age65, old.age75), (self.hon, 100, 20, 5))
        self.assertEqual((kept.total, kept.import_batch), (77, None))
        self.assertEqual(MeshPopulation.objects.count(), 3)
        self.assertEqual(
            sorted(
                MeshPopulation.history.filter(history_user=self.user).values_list(
                    "code", "history_type"
                )
            ),
            [("533945253", "~"), ("533945254", "+")],
        )
        # Undo takes the updated mesh back and removes the new one.
        batch_undo(batch=batch, user=self.user)
        old.refresh_from_db()
        self.assertEqual((old.town, old.total), (self.higashi, 1))
        self.assertEqual(MeshPopulation.objects.count(), 2)

    def test_a_row_error_blocks_the_commit_and_nothing_is_written(self) -> None:
        batch = self.upload(
            mesh_file(
                HEAD_2020,
                "533945253,0,,,100,50,50,20,10,5",  # line 3
                "533945255,0,,,100,50,50,20,10,5",  # line 4: bad code
            )
        )
        with self.assertRaisesMessage(ValidationError, "エラーのある行（4行目）"):
            batch_commit(batch=batch, excluded_lines=[], user=self.user)
        self.assertEqual(MeshPopulation.objects.count(), 0)
        self.assertEqual(batch_commit(batch=batch, excluded_lines=[4], user=self.user), 1)

    def test_a_failure_midway_through_the_write_leaves_nothing_written(self) -> None:
        MeshPopulation.objects.create(
            municipality=self.city, code="533945253", town=self.hon,
            latitude=35.6895833, longitude=139.690625, total=1,
        )  # fmt: skip
        batch = self.upload(
            mesh_file(
                HEAD_2020,
                "533945253,0,,,100,50,50,20,10,5",  # line 3: update (fails)
                "533945254,0,,,60,30,30,10,5,2",  # line 4: new (created first)
            )
        )
        with (
            mock.patch(
                "simple_history.utils.bulk_update_with_history", side_effect=RuntimeError("障害")
            ),
            self.assertRaises(RuntimeError),
        ):
            batch_commit(batch=batch, excluded_lines=[], user=self.user)
        self.assertEqual(
            list(MeshPopulation.objects.values_list("code", "total")), [("533945253", 1)]
        )
        batch.refresh_from_db()
        self.assertEqual(batch.status, ImportStatus.PREVIEW)


class NearestTownTests(TestCase):
    def test_it_agrees_with_distance_m_on_a_grid_of_points(self) -> None:
        # The oracle is the plain haversine of utils.geo, one pair at a time.
        rng = random.Random(20251001)
        towns = [(35.60 + rng.random() * 0.1, 139.60 + rng.random() * 0.1) for _ in range(40)]
        points = [(35.55 + i * 0.01, 139.55 + j * 0.01) for i in range(21) for j in range(21)]
        index, distance = nearest_towns(
            np.array([p[0] for p in points]),
            np.array([p[1] for p in points]),
            np.array([t[0] for t in towns]),
            np.array([t[1] for t in towns]),
            within_m=2000,
        )
        close = 0
        for k, (lat, lon) in enumerate(points):
            metres = [distance_m(lat, lon, t_lat, t_lon) for t_lat, t_lon in towns]
            best = min(range(len(towns)), key=metres.__getitem__)
            if metres[best] <= 2000:
                close += 1
                self.assertEqual(int(index[k]), best)
                self.assertAlmostEqual(float(distance[k]), metres[best], delta=0.01)
            else:
                self.assertGreater(float(distance[k]), 2000)
        self.assertGreater(close, 50)  # the grid reaches beyond the towns on every side


class MeshScreenTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        TownFactory(
            area=Layer2AreaFactory(municipality=cls.city),
            name="本町",
            latitude=35.6896,
            longitude=139.6906,
        )
        cls.url = reverse("core:import_upload", kwargs={"lgcode": "132012", "kind": "meshes"})

    def test_only_users_who_may_import_reach_the_upload_page(self) -> None:
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.client.force_login(user_with_role(Role.VIEWER, self.city))
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.client.force_login(user_with_role(Role.SC_LAYER1, self.city))
        self.assertContains(self.client.get(self.url), "500mメッシュ人口（国勢調査）の取込")

    def test_the_txt_file_from_e_stat_is_accepted_and_previewed(self) -> None:
        self.client.force_login(user_with_role(Role.SC_LAYER1, self.city))
        upload = io.BytesIO(mesh_file(HEAD_2020, "533945253,0,,,100,50,50,20,10,5"))
        upload.name = "tblT001141H5339.txt"
        response = self.client.post(self.url, {"file": upload})
        page = self.client.get(response["Location"])
        self.assertContains(page, "533945253")
        self.assertContains(page, "本町")


NEEDS_HEAD = "圏域,指標,値,年度\r\n"


class NeedsSurveyImportTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.north = Layer2AreaFactory(municipality=cls.city, name="北部圏域")
        cls.south = Layer2AreaFactory(
            municipality=cls.city, name="南部圏域", parent=cls.north.parent
        )
        cls.user = user_with_role(Role.MUNICIPAL_ADMIN, cls.city)

    def upload(self, text: str, encoding: str = "utf-8") -> ImportBatch:
        return batch_create(
            municipality=self.city,
            kind="needs_survey",
            name="needs.csv",
            data=text.encode(encoding),
            user=self.user,
        )

    def test_rows_are_read_with_wareki_years_full_width_figures_and_percent_signs(self) -> None:
        text = (
            "日常生活圏域,指標名,値（％）,年度\r\n"
            "北部圏域,閉じこもり傾向,18.2,2025\r\n"  # line 2
            "南部圏域,うつ傾向,１２．５％,令和7年度\r\n"  # line 3: full width, R7 = 2025
            "北部圏域,転倒リスク,30,R4\r\n"  # line 4: 令和4年度 = 2022
        )
        preview = batch_preview(self.upload(text, encoding="cp932"))
        self.assertEqual(preview.file_errors, [])
        self.assertEqual(
            [(row.line, row.errors, row.summary) for row in preview.rows],
            [
                (2, [], ("北部圏域", "閉じこもり傾向", "令和7年度", Decimal("18.2"), "新規")),
                (3, [], ("南部圏域", "うつ傾向", "令和7年度", Decimal("12.5"), "新規")),
                (4, [], ("北部圏域", "転倒リスク", "令和4年度", Decimal("30.0"), "新規")),
            ],
        )

    def test_commit_stores_values_with_history_by_the_user(self) -> None:
        batch = self.upload("\ufeff" + NEEDS_HEAD + "北部圏域,閉じこもり傾向,18.2%,令和7年度\r\n")
        self.assertEqual(batch_commit(batch=batch, excluded_lines=[], user=self.user), 1)
        value = NeedsSurveyValue.objects.get()
        self.assertEqual(
            (value.area, value.indicator, value.fiscal_year, value.value, value.import_batch),
            (self.north, "閉じこもり傾向", 2025, Decimal("18.2"), batch),
        )
        self.assertEqual(NeedsSurveyValue.history.filter(history_user=self.user).count(), 1)

    def test_an_unknown_area_is_an_error_naming_the_area(self) -> None:
        preview = batch_preview(self.upload(NEEDS_HEAD + "東部圏域,うつ傾向,10,2025\r\n"))
        self.assertEqual(
            preview.rows[0].errors,
            ["圏域: 「東部圏域」という日常生活圏域は登録されていません。"],
        )

    def test_bad_years_are_errors_naming_the_year(self) -> None:
        text = NEEDS_HEAD + (
            "北部圏域,うつ傾向,10,今年\r\n"  # line 2
            "北部圏域,うつ傾向,10,令和99年\r\n"  # line 3: fine by the era, far in the future
            "北部圏域,うつ傾向,10,\r\n"  # line 4
            "北部圏域,うつ傾向,10,平成40年度\r\n"  # line 5: 平成 ended in 平成31
        )
        with time_machine.travel("2025-10-01 09:00 +09:00", tick=False):
            preview = batch_preview(self.upload(text))
        errors = {row.line: row.errors for row in preview.rows}
        self.assertEqual(errors[2], ["年度: 年度として読み取れません: 今年。"])
        # 令和99年 = 2018 + 99 = 2117; the latest accepted is 2025 + 1 = 2026.
        self.assertEqual(
            errors[3], ["年度: 2117年度は読み込めません（2000年度から2026年度まで）。"]
        )
        self.assertEqual(errors[4], ["年度: 空欄です。"])
        self.assertEqual(
            errors[5], ["年度: 平成40年度は存在しません（平成は元年度から31年度までです）。"]
        )

    def test_values_outside_0_to_100_or_finer_than_a_tenth_are_errors_naming_the_value(
        self,
    ) -> None:
        text = NEEDS_HEAD + (
            "北部圏域,うつ傾向,100.1,2025\r\n"  # line 2
            "北部圏域,うつ傾向,-5,2024\r\n"  # line 3
            "北部圏域,うつ傾向,12.25,2023\r\n"  # line 4
            "北部圏域,うつ傾向,約10,2022\r\n"  # line 5
            "北部圏域,うつ傾向,,2021\r\n"  # line 6
            "北部圏域,うつ傾向,100,2020\r\n"  # line 7: fine
            "北部圏域,うつ傾向,12.30,2019\r\n"  # line 8: fine (one decimal really)
        )
        errors = {row.line: row.errors for row in batch_preview(self.upload(text)).rows}
        self.assertEqual(errors[2], ["値: 100.1 は0〜100（％）の範囲の外です。"])
        self.assertEqual(errors[3], ["値: 「-5」は数値として読み取れません。"])
        self.assertEqual(errors[4], ["値: 「12.25」は小数第1位までにしてください。"])
        self.assertEqual(errors[5], ["値: 「約10」は数値として読み取れません。"])
        self.assertEqual(errors[6], ["値: 空欄です。"])
        self.assertEqual((errors[7], errors[8]), ([], []))

    def test_indicators_must_be_present_and_short_and_unknown_ones_are_for_display(self) -> None:
        text = (
            NEEDS_HEAD
            + (
                "北部圏域,,10,2025\r\n"  # line 2
                f"北部圏域,{'長' * 101},10,2025\r\n"  # line 3
                "北部圏域,  趣味あり  ,10,2025\r\n"  # line 4: not an analysis indicator
                "北部圏域,地域づくりへの参加意向(参加者として),40,2025\r\n"  # line 5: half-width brackets
            )
        )
        rows = {row.line: row for row in batch_preview(self.upload(text)).rows}
        self.assertEqual(rows[2].errors, ["指標: 空欄です。"])
        self.assertEqual(rows[3].errors, ["指標: 100文字以内にしてください（101文字）。"])
        self.assertEqual((rows[4].errors, rows[4].summary[1]), ([], "趣味あり"))
        self.assertEqual(rows[4].note, "分析で使う指標ではありません（表示のみ）")
        # Stored in the analysis' own spelling, with full-width brackets.
        self.assertEqual(rows[5].summary[1], "地域づくりへの参加意向（参加者として）")
        self.assertEqual(rows[5].note, "")

    def test_a_repeated_area_indicator_and_year_is_an_error_naming_the_first_line(self) -> None:
        text = NEEDS_HEAD + (
            "北部圏域,うつ傾向,10,2025\r\n"  # line 2
            "南部圏域,うつ傾向,11,2025\r\n"  # line 3: other area
            "北部圏域,うつ傾向,12,令和7年度\r\n"  # line 4: same as line 2
        )
        errors = {row.line: row.errors for row in batch_preview(self.upload(text)).rows}
        self.assertEqual(errors, {2: [], 3: [], 4: ["2行目と同じ圏域・指標・年度の行です。"]})

    def test_missing_columns_are_a_file_error(self) -> None:
        preview = batch_preview(self.upload("地区,指標,数\r\n北部圏域,うつ傾向,10\r\n"))
        self.assertEqual(preview.file_errors, ["必要な列がありません: 圏域、値、年度"])

    def test_reimporting_replaces_the_value_of_the_same_area_indicator_and_year(self) -> None:
        old = NeedsSurveyValue.objects.create(
            municipality=self.city, area=self.north, indicator="うつ傾向",
            fiscal_year=2025, value=Decimal("10.0"),
        )  # fmt: skip
        other_year = NeedsSurveyValue.objects.create(
            municipality=self.city, area=self.north, indicator="うつ傾向",
            fiscal_year=2022, value=Decimal("9.0"),
        )  # fmt: skip
        batch = self.upload(
            NEEDS_HEAD + "北部圏域,うつ傾向,12.5,2025\r\n南部圏域,うつ傾向,8,2025\r\n"
        )
        self.assertEqual([row.summary[-1] for row in batch_preview(batch).rows], ["更新", "新規"])
        self.assertEqual(batch_commit(batch=batch, excluded_lines=[], user=self.user), 2)
        old.refresh_from_db()
        other_year.refresh_from_db()
        self.assertEqual((old.value, other_year.value), (Decimal("12.5"), Decimal("9.0")))
        self.assertEqual(NeedsSurveyValue.objects.count(), 3)
        self.assertEqual(
            sorted(
                NeedsSurveyValue.history.filter(history_user=self.user).values_list(
                    "area__name", "history_type"
                )
            ),
            [("北部圏域", "~"), ("南部圏域", "+")],
        )

    def test_an_error_row_blocks_the_commit_and_nothing_is_written(self) -> None:
        batch = self.upload(
            NEEDS_HEAD + "北部圏域,うつ傾向,12.5,2025\r\n東部圏域,うつ傾向,8,2025\r\n"
        )
        with self.assertRaisesMessage(ValidationError, "エラーのある行（3行目）"):
            batch_commit(batch=batch, excluded_lines=[], user=self.user)
        self.assertEqual(NeedsSurveyValue.objects.count(), 0)
