"""標準額 for the three kinds of municipality, with the working, and the calculator page
prefilled from the records (every expected amount worked out by hand in 千円)."""

import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.core.exceptions import ValidationError
from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.constants import MunicipalityKind
from sasaeai.areas.tests.factories import AreaFactory, Layer2AreaFactory, MunicipalityFactory
from sasaeai.plans.models import StandardAmountUnit
from sasaeai.plans.standard_amount import Units, standard_amount
from sasaeai.projects.models import Project

NOW = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
UNITS = Units(layer1=8000, layer2=4000, programme=4000)


class StandardAmountTests(SimpleTestCase):
    def test_an_ordinary_city_with_7_areas_running_the_programme(self) -> None:
        # 8,000 × 1 + 4,000 × 7 + 4,000 × 1 = 8,000 + 28,000 + 4,000 = 40,000.
        result = standard_amount(kind="ordinary", n=1, areas=7, programme=True, units=UNITS)
        self.assertEqual(
            (result.layer1, result.layer2, result.programme_amount, result.total),
            (8000, 28000, 4000, 40000),
        )
        self.assertEqual(
            result.working,
            [
                "第1層：8,000千円 × 1市町村 = 8,000千円",
                "第2層：4,000千円 × 7圏域 = 28,000千円",
                "住民参画・官民連携推進事業：4,000千円 × 1市町村 = 4,000千円",
                "合計：8,000 + 28,000 + 4,000 = 40,000千円",
            ],
        )

    def test_the_source_documents_example(self) -> None:
        # An ordinary city with 5 areas running the programme: 8,000 + 4,000 × 5 + 4,000 = 32,000.
        result = standard_amount(kind="ordinary", n=1, areas=5, programme=True, units=UNITS)
        self.assertEqual(result.total, 32000)

    def test_a_designated_city_counts_its_wards(self) -> None:
        # 10 wards, 60 areas, no programme: 8,000 × 10 + 4,000 × 60 = 80,000 + 240,000 = 320,000.
        result = standard_amount(kind="designated", n=10, areas=60, programme=False, units=UNITS)
        self.assertEqual(result.total, 320000)
        self.assertEqual(result.working[0], "第1層：8,000千円 × 10区 = 80,000千円")
        self.assertEqual(result.working[-1], "合計：80,000 + 240,000 = 320,000千円")

    def test_a_union_counts_its_member_municipalities(self) -> None:
        # 3 members, 9 areas, programme: 8,000 × 3 + 4,000 × 9 + 4,000 × 3
        # = 24,000 + 36,000 + 12,000 = 72,000.
        result = standard_amount(kind="union", n=3, areas=9, programme=True, units=UNITS)
        self.assertEqual(result.total, 72000)
        self.assertEqual(
            result.working[2], "住民参画・官民連携推進事業：4,000千円 × 構成市町村3 = 12,000千円"
        )

    def test_other_units_of_another_year(self) -> None:
        # Units 9,000 / 4,500 / 5,000: 9,000 + 4,500 × 2 + 5,000 = 23,000.
        units = Units(layer1=9000, layer2=4500, programme=5000)
        result = standard_amount(kind="ordinary", n=1, areas=2, programme=True, units=units)
        self.assertEqual(result.total, 23000)

    def test_n_must_fit_the_kind(self) -> None:
        for kind, n, message in (
            ("ordinary", 2, "一般の市町村では1です。"),
            ("designated", 0, "指定都市では区の数（1以上）を入れてください。"),
            ("union", 1, "広域連合・一部事務組合では構成市町村の数（2以上）を入れてください。"),
        ):
            with self.subTest(kind), self.assertRaisesMessage(ValidationError, message):
                standard_amount(kind=kind, n=n, areas=3, programme=False, units=UNITS)


class CalculatorPageTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012", name="八王子市")
        whole = AreaFactory(municipality=cls.city)
        for n in range(7):
            Layer2AreaFactory(municipality=cls.city, parent=whole, name=f"第{n + 1}圏域")
        cls.viewer = user_with_role(Role.VIEWER, cls.city)

    def url(self) -> str:
        return reverse("plans:standard_amount", kwargs={"lgcode": self.city.code})

    def test_the_units_of_the_plan_period_are_stored(self) -> None:
        self.assertEqual(
            list(StandardAmountUnit.objects.order_by("fiscal_year").values_list(
                "fiscal_year", "layer1", "layer2", "programme"
            )),
            [(2024, 8000, 4000, 4000), (2025, 8000, 4000, 4000), (2026, 8000, 4000, 4000)],
        )  # fmt: skip

    def test_prefilled_from_the_records(self) -> None:
        self.client.force_login(self.viewer)
        response = self.client.get(self.url())
        # 7 current layer-2 areas, an ordinary city, no programme: 8,000 + 28,000 = 36,000.
        self.assertContains(response, "36,000千円")
        self.assertContains(response, "第2層：4,000千円 × 7圏域 = 28,000千円")

    def test_the_programme_adds_its_amount(self) -> None:
        self.client.force_login(self.viewer)
        response = self.client.get(
            self.url(),
            {"fiscal_year": "2026", "kind": "ordinary", "n": "1", "areas": "7", "programme": "on"},
        )
        self.assertContains(response, "合計：8,000 + 28,000 + 4,000 = 40,000千円")

    def test_a_bad_n_is_named(self) -> None:
        self.client.force_login(self.viewer)
        response = self.client.get(
            self.url(), {"fiscal_year": "2026", "kind": "union", "n": "1", "areas": "7"}
        )
        self.assertContains(response, "市町村の数: 広域連合・一部事務組合では構成市町村の数")

    def test_a_union_is_prefilled_with_its_members(self) -> None:
        union = MunicipalityFactory(code="132039", name="広域連合", kind=MunicipalityKind.UNION)
        user = user_with_role(Role.VIEWER, union)
        self.client.force_login(user)
        response = self.client.get(reverse("plans:standard_amount", kwargs={"lgcode": union.code}))
        # No member municipalities recorded yet: at least 2; no areas: 8,000 × 2 = 16,000.
        self.assertContains(response, "第1層：8,000千円 × 構成市町村2 = 16,000千円")


@time_machine.travel(NOW, tick=False)
class CalculatorHeadingTests(TestCase):
    """The heading carries the same total as the working below it (issue #18: it read
    「令和8年度の標準額：千円」), and the programme starts ticked only when the municipality runs
    官民連携 projects."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012", name="八王子市")
        whole = AreaFactory(municipality=cls.city)
        for n in range(7):
            Layer2AreaFactory(municipality=cls.city, parent=whole, name=f"第{n + 1}圏域")
        cls.viewer = user_with_role(Role.VIEWER, cls.city)

    def page(self, query: dict[str, str] | None = None) -> str:
        self.client.force_login(self.viewer)
        url = reverse("plans:standard_amount", kwargs={"lgcode": self.city.code})
        return self.client.get(url, query or {}).content.decode()

    def test_the_heading_shows_the_total_of_the_working(self) -> None:
        # No project: unticked; 8,000 × 1 + 4,000 × 7 = 36,000 (令和8年度 on 2026-11-27).
        html = self.page()
        self.assertIn("令和8年度の標準額：36,000千円", html)
        self.assertIn("合計：8,000 + 28,000 = 36,000千円", html)
        self.assertNotIn('name="programme" checked', html)

    def test_the_heading_with_the_programme(self) -> None:
        # 8,000 + 28,000 + 4,000 × 1 = 40,000.
        query = {"fiscal_year": "2026", "kind": "ordinary", "n": "1", "areas": "7",
                 "programme": "on"}  # fmt: skip
        self.assertIn("令和8年度の標準額：40,000千円", self.page(query))

    def test_the_programme_starts_ticked_with_a_project(self) -> None:
        Project.objects.create(
            municipality=self.city, title="移動販売と見守り", origin="workshop",
            created_by=self.viewer,
        )  # fmt: skip
        html = self.page()
        self.assertIn("令和8年度の標準額：40,000千円", html)
        self.assertRegex(html, r'<input type="checkbox" name="programme"[^>]* checked')
        # Unticked by the person: 36,000 again (the box is absent from the query).
        query = {"fiscal_year": "2026", "kind": "ordinary", "n": "1", "areas": "7"}
        self.assertIn("令和8年度の標準額：36,000千円", self.page(query))

    def test_a_count_out_of_range_names_its_field(self) -> None:
        query = {"fiscal_year": "2026", "kind": "ordinary", "n": "0", "areas": "七"}
        html = self.page(query)
        self.assertIn("市町村の数は1〜999の整数で入力してください。", html)
        self.assertIn("日常生活圏域の数は0〜9999の整数で入力してください。", html)

    def test_a_cancelled_project_does_not_tick_it(self) -> None:
        Project.objects.create(
            municipality=self.city, title="中止した事業", origin="workshop",
            stage="cancelled", created_by=self.viewer,
        )  # fmt: skip
        self.assertIn("令和8年度の標準額：36,000千円", self.page())
