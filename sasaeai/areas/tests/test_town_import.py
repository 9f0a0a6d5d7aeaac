from django.test import TestCase

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.models import Town
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.core.import_undo import batch_undo
from sasaeai.core.imports import batch_commit, batch_create, batch_preview

HEADER = "地域コード,町丁目名,ふりがな,緯度,経度,圏域名\r\n"


class TownImportTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.north = Layer2AreaFactory(municipality=cls.city, name="北部圏域")
        cls.south = Layer2AreaFactory(
            municipality=cls.city, name="南部圏域", parent=cls.north.parent
        )
        cls.user = user_with_role(Role.MUNICIPAL_ADMIN, cls.city)

    def upload(self, text: str, encoding: str = "utf-8"):  # type: ignore[no-untyped-def]
        return batch_create(
            municipality=self.city,
            kind="towns",
            name="towns.csv",
            data=text.encode(encoding),
            user=self.user,
        )

    def test_new_towns_are_created_in_their_area_with_a_50on_sort_key(self) -> None:
        text = (
            HEADER
            + "101,桜町,さくらちょう,35.7,139.4,北部圏域\r\n102,青葉町,あおばちょう,35.71,139.41,南部圏域\r\n"
        )
        batch = self.upload(text, encoding="cp932")
        self.assertEqual(batch_commit(batch=batch, excluded_lines=[], user=self.user), 2)
        towns = list(
            Town.objects.order_by("kana_key").values_list("name", "area__name", "latitude")
        )
        self.assertEqual(towns, [("青葉町", "南部圏域", 35.71), ("桜町", "北部圏域", 35.7)])
        self.assertEqual(Town.history.filter(history_user=self.user).count(), 2)

    def test_an_existing_town_is_moved_to_the_area_named_in_the_file(self) -> None:
        town = TownFactory(area=self.north, code="101", name="桜町")
        batch = self.upload(HEADER + "101,桜町,さくらちょう,,,南部圏域\r\n")
        self.assertEqual(batch_preview(batch).rows[0].summary[-1], "更新")
        batch_commit(batch=batch, excluded_lines=[], user=self.user)
        town.refresh_from_db()
        self.assertEqual((town.area, town.kana), (self.south, "さくらちょう"))

    def test_undo_removes_new_towns_and_moves_the_existing_one_back(self) -> None:
        town = TownFactory(area=self.north, code="101", name="桜町")
        batch = self.upload(
            HEADER + "101,桜町,さくらちょう,,,南部圏域\r\n102,青葉町,あおばちょう,,,南部圏域\r\n"
        )
        batch_commit(batch=batch, excluded_lines=[], user=self.user)
        # 1 town created + 1 town updated.
        self.assertEqual(batch_undo(batch=batch, user=self.user), 2)
        town.refresh_from_db()
        self.assertEqual(list(Town.objects.values_list("name", flat=True)), ["桜町"])
        self.assertEqual(town.area, self.north)

    def test_unknown_areas_bad_coordinates_and_repeated_names_are_named_by_line(self) -> None:
        text = (
            HEADER
            + "1,桜町,,35.7,139.4,東部圏域\r\n2,梅町,,91,139.4,北部圏域\r\n3,梅町,,35.7,abc,北部圏域\r\n"
        )
        preview = batch_preview(self.upload(text))
        errors = {row.line: row.errors for row in preview.rows}
        self.assertEqual(
            errors[2], ["圏域名: 「東部圏域」という日常生活圏域は登録されていません。"]
        )
        self.assertEqual(errors[3], ["緯度: 91.0 は日本の範囲（20.0〜46.0）の外です。"])
        self.assertEqual(
            errors[4], ["経度: 「abc」は数値として読み取れません。", "3行目と同じ町丁目名です。"]
        )
        self.assertEqual(Town.objects.count(), 0)
