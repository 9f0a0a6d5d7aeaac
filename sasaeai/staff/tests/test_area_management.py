"""日常生活圏域 on screen: register, rename, assign towns (checklist), retire with the towns
moved, the dashboard's to-do of towns without an area, who may do it, and the history."""

import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.models import Area, Town
from sasaeai.areas.tests.factories import (
    AreaFactory,
    Layer2AreaFactory,
    MunicipalityFactory,
    TownFactory,
)

TOKYO = ZoneInfo("Asia/Tokyo")
# A square of 0.1° around 八王子 (longitude first, as GeoJSON has it), and a bow tie: the same
# corners in the wrong order, so two edges cross at (139.35, 35.65).
SQUARE = (
    '{"type": "Polygon", "coordinates": [[[139.3, 35.6], [139.4, 35.6], [139.4, 35.7], '
    "[139.3, 35.7], [139.3, 35.6]]]}"
)
BOW_TIE = (
    '{"type": "Polygon", "coordinates": [[[139.3, 35.6], [139.4, 35.7], [139.4, 35.6], '
    "[139.3, 35.7], [139.3, 35.6]]]}"
)
APRIL_10 = datetime.datetime(2026, 4, 10, 10, 0, tzinfo=TOKYO)


class AreaFixture(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.layer1 = AreaFactory(municipality=cls.city, name="八王子市", kana="はちおうじし")
        cls.north = Layer2AreaFactory(
            municipality=cls.city, parent=cls.layer1, name="北部圏域", kana="ほくぶけんいき"
        )
        cls.south = Layer2AreaFactory(
            municipality=cls.city, parent=cls.layer1, name="南部圏域", kana="なんぶけんいき"
        )
        cls.akasaka = TownFactory(area=cls.north, name="赤坂町", kana="あかさかちょう")
        cls.ishikawa = TownFactory(area=cls.north, name="石川町", kana="いしかわちょう")
        cls.sakura = TownFactory(area=cls.south, name="桜町", kana="さくらちょう")
        cls.admin = user_with_role(Role.MUNICIPAL_ADMIN, cls.city)
        cls.sc1 = user_with_role(Role.SC_LAYER1, cls.city)

    def url(self, name: str, area: Area | None = None) -> str:
        kwargs = {"lgcode": self.city.code}
        if area is not None:
            kwargs["pk"] = area.pk
        return reverse(f"areas:{name}", kwargs=kwargs)

    def written(self) -> tuple[int, int, int, int]:
        """How many areas, towns and history rows of each there are (to prove nothing moved)."""
        return (
            Area.objects.count(),
            Area.history.count(),
            Town.objects.count(),
            Town.history.count(),
        )


class AreaCreateTests(AreaFixture):
    def setUp(self) -> None:
        self.client.force_login(self.admin)

    def test_a_blank_name_is_refused_with_the_reading_kept_and_nothing_written(self) -> None:
        before = self.written()
        response = self.client.post(self.url("area_create"), {"name": " ", "kana": "とうぶ"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "名称: 名称を入力してください。", status_code=400)
        self.assertContains(response, 'value="とうぶ"', status_code=400)
        self.assertEqual(self.written(), before)

    def test_a_name_already_used_by_a_current_area_is_refused(self) -> None:
        before = self.written()
        response = self.client.post(self.url("area_create"), {"name": "北部圏域", "kana": ""})
        self.assertContains(
            response, "同じ名前の日常生活圏域「北部圏域」が既にあります。", status_code=400
        )
        self.assertEqual(self.written(), before)

    def test_a_reading_that_is_not_kana_is_refused(self) -> None:
        response = self.client.post(self.url("area_create"), {"name": "東部圏域", "kana": "toubu"})
        self.assertContains(
            response, "ふりがなは、ひらがなかカタカナで入力してください。", status_code=400
        )
        self.assertFalse(Area.objects.filter(name="東部圏域").exists())

    def test_a_crossing_boundary_is_refused_naming_the_field_and_the_input_is_kept(self) -> None:
        before = self.written()
        data = {"name": "東部圏域", "kana": "とうぶけんいき", "boundary": BOW_TIE}
        response = self.client.post(self.url("area_create"), data)
        self.assertContains(
            response,
            "境界（GeoJSON・貼り付け）: 境界（GeoJSON）の形が正しくありません"
            "（辺が交差しているなど: Self-intersection[139.35 35.65]）。",
            status_code=400,
        )
        self.assertContains(response, 'value="東部圏域"', status_code=400)
        self.assertContains(response, "[139.4, 35.7], [139.4, 35.6]", status_code=400)
        self.assertEqual(self.written(), before)

    def test_a_boundary_with_latitude_first_is_refused(self) -> None:
        swapped = (
            '{"type": "Polygon", "coordinates": [[[35.6, 139.3], [35.6, 139.4], '
            "[35.7, 139.4], [35.6, 139.3]]]}"
        )
        response = self.client.post(
            self.url("area_create"), {"name": "東部圏域", "boundary": swapped}
        )
        self.assertContains(
            response,
            "境界（GeoJSON）が日本の範囲の外です。座標が「経度, 緯度」の順か確かめてください。",
            status_code=400,
        )

    def test_text_that_is_not_json_is_refused_with_its_line(self) -> None:
        response = self.client.post(
            self.url("area_create"), {"name": "東部圏域", "boundary": '{\n"type": Polygon}'}
        )
        self.assertContains(
            response, "境界（GeoJSON）をJSONとして読み取れません（2行目）。", status_code=400
        )

    @time_machine.travel(APRIL_10, tick=False)
    def test_a_new_area_is_registered_under_the_only_layer1_area_with_history(self) -> None:
        data = {"name": "東部圏域", "kana": "トウブケンイキ", "boundary": SQUARE}
        response = self.client.post(self.url("area_create"), data)
        area = Area.objects.get(name="東部圏域")
        self.assertRedirects(response, self.url("area_towns", area))
        # The reading is stored in hiragana; the day defaults to today; one layer-1 area is
        # chosen without asking.
        self.assertEqual(
            (area.kana, area.parent, area.layer, area.valid_from),
            ("とうぶけんいき", self.layer1, 2, datetime.date(2026, 4, 10)),
        )
        self.assertEqual(area.boundary["type"], "Polygon")
        row = area.history.get()
        self.assertEqual((row.history_type, row.history_user), ("+", self.admin))

    def test_a_designated_city_chooses_the_ward(self) -> None:
        ward = AreaFactory(municipality=self.city, name="南区", kana="みなみく")
        form = self.client.get(self.url("area_create"))
        self.assertContains(form, f'<option value="{ward.pk}">南区</option>', html=True)
        refused = self.client.post(self.url("area_create"), {"name": "東部圏域"})
        self.assertContains(
            refused, "この圏域を置く第1層（市全域・区など）を選んでください。", status_code=400
        )
        self.client.post(self.url("area_create"), {"name": "東部圏域", "parent": ward.pk})
        self.assertEqual(Area.objects.get(name="東部圏域").parent, ward)


class AreaEditTests(AreaFixture):
    def setUp(self) -> None:
        self.client.force_login(self.sc1)

    def test_a_renamed_area_keeps_who_renamed_it(self) -> None:
        data = {"name": "北部第一圏域", "kana": "ほくぶだいいちけんいき"}
        response = self.client.post(self.url("area_edit", self.north), data)
        self.assertRedirects(response, self.url("area_detail", self.north))
        self.north.refresh_from_db()
        self.assertEqual(self.north.name, "北部第一圏域")
        row = self.north.history.latest("history_id")
        self.assertEqual(
            (row.history_type, row.name, row.history_user), ("~", "北部第一圏域", self.sc1)
        )

    def test_a_bad_uploaded_boundary_is_refused_on_the_file_field(self) -> None:
        before = self.written()
        upload = SimpleUploadedFile("b.geojson", BOW_TIE.encode(), "application/geo+json")
        data = {"name": "北部第一圏域", "kana": "", "boundary_file": upload}
        response = self.client.post(self.url("area_edit", self.north), data)
        self.assertContains(
            response,
            "境界（GeoJSON・ファイル）: 境界（GeoJSON）の形が正しくありません",
            status_code=400,
        )
        self.assertContains(response, 'value="北部第一圏域"', status_code=400)
        self.assertEqual(self.written(), before)
        self.north.refresh_from_db()
        self.assertEqual(self.north.name, "北部圏域")


class TownChecklistTests(AreaFixture):
    def setUp(self) -> None:
        self.client.force_login(self.admin)

    def test_the_checklist_groups_towns_without_an_area_first(self) -> None:
        TownFactory(area=None, municipality=self.city, name="新町", kana="しんまち")
        html = self.client.get(self.url("area_towns", self.south)).content.decode()
        # No area (新町), this area (桜町), then the others (北部: 赤坂町, 石川町).
        order = [html.index(f">{name}</label>") for name in ("新町", "桜町", "赤坂町", "石川町")]
        self.assertEqual(order, sorted(order))
        self.assertIn("圏域のない町丁目（1）", html)
        self.assertInHTML(
            f'<input type="checkbox" name="towns" value="{self.sakura.pk}" '
            f'id="town-{self.sakura.pk}" data-town="{self.sakura.pk}" checked>',
            html,
        )

    def test_ticking_a_town_of_another_area_moves_it_here_with_history(self) -> None:
        data = {"towns": [self.sakura.pk, self.akasaka.pk]}
        response = self.client.post(self.url("area_towns", self.south), data, follow=True)
        self.assertContains(response, "「南部圏域」に町丁目を1件加え、0件外しました。")
        self.assertEqual(
            sorted(Town.objects.filter(area=self.south).values_list("name", flat=True)),
            ["桜町", "赤坂町"],
        )
        row = self.akasaka.history.latest("history_id")
        self.assertEqual(
            (row.history_type, row.area_id, row.history_user), ("~", self.south.pk, self.admin)
        )

    def test_an_unticked_town_is_left_without_an_area(self) -> None:
        self.client.post(self.url("area_towns", self.north), {"towns": [self.akasaka.pk]})
        self.ishikawa.refresh_from_db()
        self.assertIsNone(self.ishikawa.area)

    def test_a_town_of_another_municipality_is_refused_and_nothing_moves(self) -> None:
        stranger = TownFactory(area__municipality=MunicipalityFactory(code="132021"))
        before = self.written()
        data = {"towns": [self.sakura.pk, stranger.pk]}
        response = self.client.post(self.url("area_towns", self.south), data)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.written(), before)


class AreaRetireTests(AreaFixture):
    def setUp(self) -> None:
        self.client.force_login(self.admin)

    @time_machine.travel(APRIL_10, tick=False)
    def test_a_retired_area_leaves_todays_lists_with_its_towns_moved(self) -> None:
        data = {"retire_on": "令和8年4月1日", "successor": self.south.pk}
        response = self.client.post(self.url("area_retire", self.north), data, follow=True)
        self.assertContains(
            response, "「北部圏域」を令和8年4月1日で廃止し、町丁目2件を「南部圏域」に移しました。"
        )
        self.north.refresh_from_db()
        self.assertEqual(self.north.valid_to, datetime.date(2026, 4, 1))
        # Today's list: 南部 only; 北部 is kept (its page says when it was retired).
        listing = self.client.get(self.url("area_list")).content.decode()
        self.assertNotIn("北部圏域", listing)
        self.assertIn("南部圏域", listing)
        page = self.client.get(self.url("area_detail", self.north))
        self.assertContains(page, "この圏域は令和8年4月1日に廃止しました。")
        self.assertEqual(
            sorted(Town.objects.filter(area=self.south).values_list("name", flat=True)),
            ["桜町", "石川町", "赤坂町"],
        )
        self.assertEqual(self.north.history.latest("history_id").history_user, self.admin)
        self.assertEqual(self.ishikawa.history.latest("history_id").history_user, self.admin)
        # A retired area can no longer be edited or given towns.
        self.assertEqual(self.client.get(self.url("area_towns", self.north)).status_code, 404)

    @time_machine.travel(APRIL_10, tick=False)
    def test_a_day_after_today_or_no_successor_is_refused_and_nothing_written(self) -> None:
        before = self.written()
        url = self.url("area_retire", self.north)
        response = self.client.post(url, {"retire_on": "2026-04-11", "successor": self.south.pk})
        self.assertContains(
            response,
            "廃止日: 廃止日は今日以前の日付にしてください（その日になってから廃止します）。",
            status_code=400,
        )
        response = self.client.post(url, {"retire_on": "2026-04-01"})
        self.assertContains(
            response,
            "町丁目を移す先の日常生活圏域（廃止する圏域以外）を選んでください。",
            status_code=400,
        )
        self.assertContains(response, 'value="2026-04-01"', status_code=400)
        self.assertEqual(self.written(), before)


class DashboardTodoTests(AreaFixture):
    def test_towns_without_an_area_are_a_to_do_with_a_link_to_the_assignment(self) -> None:
        TownFactory(area=None, municipality=self.city, name="新町", kana="しんまち")
        self.client.force_login(self.sc1)
        response = self.client.get(reverse("areas:dashboard", args=[self.city.code]))
        self.assertContains(response, "やること：圏域のない町丁目（1件）")
        self.assertContains(response, "<li>新町</li>", html=True)
        # The first area in 50音順: なんぶ before ほくぶ.
        self.assertContains(
            response,
            f'<a href="{self.url("area_towns", self.south)}">町丁目を圏域に割り当てる</a>',
            html=True,
        )

    def test_a_city_without_areas_offers_registering_one_to_those_allowed(self) -> None:
        city = MunicipalityFactory(code="132021")
        layer1 = AreaFactory(municipality=city, name="立川市")
        link = f'<a href="/staff/132021/areas/new/?parent={layer1.pk}">日常生活圏域を登録する</a>'
        self.client.force_login(user_with_role(Role.SC_LAYER1, city))
        listing = self.client.get(reverse("areas:area_list", args=[city.code]))
        self.assertContains(listing, "日常生活圏域がまだ登録されていません。")
        self.assertContains(listing, link, html=True)
        self.client.force_login(user_with_role(Role.VIEWER, city))
        listing = self.client.get(reverse("areas:area_list", args=[city.code]))
        self.assertContains(listing, "日常生活圏域がまだ登録されていません。")
        self.assertNotContains(listing, "日常生活圏域を登録する")


class WhoMayManageAreasTests(AreaFixture):
    def test_other_roles_are_refused_on_every_new_screen_and_nothing_is_written(self) -> None:
        refused = {
            "layer-2 SC": user_with_role(Role.SC_LAYER2, self.city, area=self.north),
            "council member": user_with_role(Role.COUNCIL_MEMBER, self.city),
            "viewer": user_with_role(Role.VIEWER, self.city),
        }
        posts = {
            self.url("area_create"): {"name": "東部圏域"},
            self.url("area_edit", self.north): {"name": "改名圏域"},
            self.url("area_towns", self.north): {"towns": [self.sakura.pk]},
            self.url("area_retire", self.north): {
                "retire_on": "2026-04-01",
                "successor": self.south.pk,
            },
        }
        before = self.written()
        for who, user in refused.items():
            self.client.force_login(user)
            for url, data in posts.items():
                with self.subTest(who=who, url=url):
                    self.assertEqual(self.client.get(url).status_code, 403)
                    self.assertEqual(self.client.post(url, data).status_code, 403)
        self.assertEqual(self.written(), before)
