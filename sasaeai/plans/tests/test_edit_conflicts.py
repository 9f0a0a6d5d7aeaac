"""Two people edit the same plan, measure, indicator or indicator target (issue #21): the second
is refused, told who saved first and when (in 和暦), their form's input kept; the record holds
the first change."""

from decimal import Decimal

from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import MunicipalityFactory
from sasaeai.core.tests.edit_conflicts import SAVED_AT_WAREKI, EditConflictMixin, both_open
from sasaeai.plans import services
from sasaeai.plans.models import Indicator, IndicatorValue, Measure, Plan


class PlanEditConflictTests(EditConflictMixin, TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012", name="八王子市")
        cls.admin = user_with_role(Role.MUNICIPAL_ADMIN, cls.city, user__display_name="管理 太郎")
        cls.sc1 = user_with_role(Role.SC_LAYER1, cls.city)
        cls.plan = services.plan_create(
            municipality=cls.city, name="第10期", first_year=2027, last_year=2029, user=cls.admin
        )
        cls.measure = services.measure_save(
            measure=Measure(plan=cls.plan), order=1, name="通いの場の普及", user=cls.admin
        )
        cls.indicator = services.indicator_save(
            indicator=Indicator(measure=cls.measure), order=1, name="通いの場の数", unit="か所",
            direction="up", source="manual", user=cls.admin,
        )  # fmt: skip

    def race(self, name: str, pk: int, first: dict[str, str], second: dict[str, str]) -> None:
        url = reverse(f"plans:{name}", kwargs={"lgcode": self.city.code, "pk": pk})
        refused = self.two_editors(url, self.admin, self.sc1, first, second, who="管理 太郎")
        self.assertContains(refused, f'value="{second["name"]}"', status_code=400)

    def test_a_plan(self) -> None:
        years = {"first_year": "2027", "last_year": "2029"}
        self.race("plan_edit", self.plan.pk, {"name": "第10期計画", **years},
                  {"name": "第十期", **years})  # fmt: skip
        self.assertEqual(Plan.objects.get().name, "第10期計画")

    def test_a_measure(self) -> None:
        self.race("measure_edit", self.measure.pk, {"order": "1", "name": "通いの場を広める"},
                  {"order": "1", "name": "通いの場を増やす"})  # fmt: skip
        self.assertEqual(Measure.objects.get().name, "通いの場を広める")

    def test_an_indicators_target_set_from_the_plan_page(self) -> None:
        page = reverse("plans:detail", kwargs={"lgcode": self.city.code, "pk": self.plan.pk})
        url = reverse("plans:indicator_value", kwargs={"lgcode": self.city.code,
                                                      "pk": self.indicator.pk})  # fmt: skip
        target = {"year": "2027", "kind": "target"}
        with both_open(page, self.admin, self.sc1) as (a, b, opened):
            a.post(url, {**target, "value": "10", "version": opened})
            refused = b.post(url, {**target, "value": "12", "version": opened}, follow=True)
        self.assertContains(
            refused, f"管理 太郎さんが保存しました（{SAVED_AT_WAREKI}）。保存しませんでした"
        )
        self.assertEqual(IndicatorValue.objects.get().value, Decimal(10))

    def test_an_indicator(self) -> None:
        kept = {"order": "1", "unit": "か所", "direction": "up", "source": "manual"}
        self.race("indicator_edit", self.indicator.pk, {"name": "通いの場の箇所数", **kept},
                  {"name": "通いの場の登録数", **kept})  # fmt: skip
        self.assertEqual(Indicator.objects.get().name, "通いの場の箇所数")
