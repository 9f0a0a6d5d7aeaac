from django.core.exceptions import ValidationError
from django.test import TestCase

from sasaeai.areas.constants import Layer, MunicipalityKind
from sasaeai.areas.models import Area
from sasaeai.areas.services import area_create, union_create
from sasaeai.areas.tests.factories import AreaFactory, MunicipalityFactory


class UnionTests(TestCase):
    def test_a_union_has_one_layer1_area_per_member_municipality(self) -> None:
        members = [MunicipalityFactory(code="132012"), MunicipalityFactory(code="132021")]
        # 13999 is unused; check digit by hand: 1*6+3*5+9*4+9*3+9*2 = 102, 102 % 11 = 3, 11-3 = 8
        union = union_create(
            code="139998",
            name="サンプル広域連合",
            kana="さんぷるこういきれんごう",
            prefecture="東京都",
            members=members,
        )
        self.assertEqual(union.kind, MunicipalityKind.UNION)
        layer1 = Area.objects.filter(municipality=union, layer=Layer.FIRST).order_by("code")
        self.assertEqual(
            [(a.name, a.member_municipality) for a in layer1],
            [("八王子市", members[0]), ("立川市", members[1])],
        )

    def test_a_union_code_with_a_wrong_check_digit_is_refused(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            union_create(code="139990", name="誤り", kana="", prefecture="東京都", members=[])
        self.assertIn("code", caught.exception.message_dict)


class AreaTests(TestCase):
    def test_a_layer2_area_must_sit_under_a_layer1_area_of_the_same_municipality(self) -> None:
        city = MunicipalityFactory(code="132012")
        foreign_parent = AreaFactory(municipality=MunicipalityFactory(code="132021"))
        with self.assertRaisesMessage(
            ValidationError, "上位の圏域は同じ市町村のものを選んでください。"
        ):
            area_create(
                municipality=city, layer=Layer.SECOND, name="中央圏域", parent=foreign_parent
            )

    def test_redrawing_areas_keeps_their_history(self) -> None:
        area = area_create(
            municipality=MunicipalityFactory(code="132012"), layer=Layer.FIRST, name="旧名"
        )
        area.name = "新名"
        area.save()
        self.assertEqual(
            list(area.history.order_by("history_date").values_list("name", flat=True)),
            ["旧名", "新名"],
        )
