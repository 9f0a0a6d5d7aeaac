"""The plan dashboard: targets, actuals and status words per 年度; values typed by the admin or
the layer-1 coordinator only; the annual report as xlsx (read back) and as an A4 PDF in 和暦
with the Noto font; and the demo city's plan."""

import datetime
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine
from django.test import SimpleTestCase, TestCase
from django.urls import reverse
from openpyxl import load_workbook

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import AreaFactory, Layer2AreaFactory, MunicipalityFactory
from sasaeai.core.tests.pdf import poppler
from sasaeai.plans import services
from sasaeai.plans.dashboard import (
    MET,
    NO_ACTUAL,
    NO_TARGET,
    RUNNING,
    SHORT,
    UPCOMING,
    status_of,
)
from sasaeai.plans.models import Indicator, IndicatorValue, Measure, NewsletterIssue, Plan

TOKYO = ZoneInfo("Asia/Tokyo")
NOW = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=TOKYO)


class StatusTests(SimpleTestCase):
    def test_words_by_direction_and_year(self) -> None:
        three, two = Decimal(3), Decimal(2)
        self.assertEqual(status_of(three, three, "up", True), MET)
        self.assertEqual(status_of(three, two, "up", True), SHORT)
        self.assertEqual(status_of(three, two, "down", True), MET)
        self.assertEqual(status_of(three, None, "up", True), NO_ACTUAL)
        self.assertEqual(status_of(None, two, "up", True), NO_TARGET)
        # A running 年度: not yet judged short.
        self.assertEqual(status_of(three, two, "up", False), RUNNING)
        self.assertEqual(status_of(three, None, "up", False), RUNNING)
        # Reached already, but the 年度 runs: still 年度途中, never 達成 before it ends.
        self.assertEqual(status_of(three, three, "up", False), RUNNING)
        self.assertEqual(status_of(three, two, "down", False), RUNNING)
        # A 年度 not begun.
        self.assertEqual(status_of(three, None, "up", False, begun=False), UPCOMING)


@time_machine.travel(NOW, tick=False)
class DashboardTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012", name="八王子市")
        north = Layer2AreaFactory(
            municipality=cls.city, parent=AreaFactory(municipality=cls.city), name="北部圏域"
        )
        cls.admin = user_with_role(Role.MUNICIPAL_ADMIN, cls.city)
        cls.sc2 = user_with_role(Role.SC_LAYER2, cls.city, area=north)
        cls.plan = Plan.objects.create(
            municipality=cls.city, name="第9期", first_year=2024, last_year=2026
        )
        measure = Measure.objects.create(
            plan=cls.plan, name="「通いの場」及び社会資源についての市民に対する普及啓発"
        )
        cls.newsletters = Indicator.objects.create(
            measure=measure, name="広報紙の発行回数", unit="回", source="newsletters"
        )
        for year in (2024, 2025, 2026):
            services.indicator_value_set(
                indicator=cls.newsletters, fiscal_year=year, kind="target", value=Decimal(3),
                user=cls.admin,
            )  # fmt: skip
        # 令和6年度: 3 issues (met); 令和7年度: 2 (short); 令和8年度 so far: 1 (running).
        for day in ("2024-06-01", "2024-10-01", "2025-02-01", "2025-06-01", "2025-10-01",
                    "2026-06-01"):  # fmt: skip
            NewsletterIssue.objects.create(
                municipality=cls.city, title="ささえあい通信", number=1,
                issued_on=datetime.date.fromisoformat(day),
            )  # fmt: skip

    def url(self, name: str, **kwargs: object) -> str:
        return reverse(f"plans:{name}", kwargs={"lgcode": self.city.code, **kwargs})

    def test_targets_actuals_and_status_per_year(self) -> None:
        self.client.force_login(self.sc2)
        response = self.client.get(self.url("detail", pk=self.plan.pk))
        html = response.content.decode()
        for year, actual, word in (("令和6年度", "3", "達成"), ("令和7年度", "2", "未達成"),
                                   ("令和8年度", "1", "年度途中")):  # fmt: skip
            with self.subTest(year):
                self.assertIn(
                    f'<th scope="row">{year}</th>\n      <td class="num">3</td>\n'
                    f'      <td class="num">{actual}</td>',
                    html,
                )
                self.assertIn(word, html)
        # A layer-2 coordinator reads it but gets no forms to change it.
        self.assertNotContains(response, "年次報告を発行する（実績を確定）")

    def test_only_the_admin_or_layer_1_write_targets(self) -> None:
        url = self.url("indicator_value", pk=self.newsletters.pk)
        data = {"year": "2026", "kind": "target", "value": "４", "version": "1"}
        self.client.force_login(self.sc2)
        self.assertEqual(self.client.post(url, data).status_code, 403)
        self.client.force_login(self.admin)
        self.client.post(url, data)
        target = IndicatorValue.objects.get(
            indicator=self.newsletters, fiscal_year=2026, kind="target"
        )
        self.assertEqual(target.value, Decimal(4))
        response = self.client.post(url, {**data, "value": "たくさん"}, follow=True)
        self.assertContains(response, "値: 「たくさん」は数として読み取れません。")
        response = self.client.post(url, {**data, "kind": "actual", "value": "5"}, follow=True)
        self.assertContains(response, "この指標の実績は記録から計算します。")

    def test_the_annual_report_xlsx_and_pdf(self) -> None:
        self.client.force_login(self.admin)
        self.client.post(self.url("report_issue", pk=self.plan.pk), {"year": "2025"})
        response = self.client.get(
            self.url("report_file", pk=self.plan.pk, year=2025, format="xlsx")
        )
        book = load_workbook(io.BytesIO(response.content))
        rows = list(book["令和7年度"].iter_rows(min_row=2, values_only=True))
        self.assertEqual(
            rows,
            [("「通いの場」及び社会資源についての市民に対する普及啓発", "広報紙の発行回数", "回",
              3, 2, "未達成", "広報紙の発行回数", "確定")],
        )  # fmt: skip
        pdf = self.client.get(self.url("report_file", pk=self.plan.pk, year=2025, format="pdf"))
        self.assertEqual(pdf["Content-Type"], "application/pdf")
        self.assertIn("(A4)", poppler("pdfinfo", pdf.content))
        fonts = poppler("pdffonts", pdf.content).splitlines()[2:]
        self.assertTrue(fonts)
        self.assertTrue(all("Noto-Sans-JP" in line and " yes " in line for line in fonts), fonts)
        text = poppler("pdftotext", pdf.content)
        for expected in ("八王子市 第9期 令和7年度 年次報告", "令和8年11月27日発行", "広報紙の発行回数",
                         "未達成"):  # fmt: skip
            self.assertIn(expected, text)


@time_machine.travel(NOW, tick=False)
class DemoPlanTests(TestCase):
    def test_the_source_documents_three_measures_and_eight_indicators(self) -> None:
        from sasaeai.accounts import demo as accounts_demo
        from sasaeai.areas import demo as areas_demo
        from sasaeai.plans import demo
        from sasaeai.plans.models import AnnualReport

        city = areas_demo.build(seed=2025)
        accounts_demo.build(municipality=city)
        summary = demo.build(municipality=city)
        plan = Plan.objects.get(municipality=city)
        self.assertEqual((plan.name, plan.first_year, plan.last_year), ("第9期", 2024, 2026))
        self.assertEqual(
            list(plan.measures.values_list("name", flat=True)),
            [
                "協議体を活用した社会資源の把握等",
                "生活支援コーディネーターの活用",
                "「通いの場」及び社会資源についての市民に対する普及啓発",
            ],
        )
        self.assertEqual((summary.measures, summary.indicators), (3, 8))
        newsletters = Indicator.objects.get(measure__plan=plan, name="広報紙の発行回数")
        self.assertEqual(
            list(newsletters.values.filter(kind="target").values_list("fiscal_year", "value")),
            [(2024, Decimal(3)), (2025, Decimal(3)), (2026, Decimal(3))],
        )
        # Past years are reported and frozen: 令和7年度's newsletters were counted (3).
        self.assertEqual(
            list(AnnualReport.objects.filter(plan=plan).values_list("fiscal_year", flat=True)),
            [2024, 2025],
        )
        frozen = newsletters.values.get(kind="actual", fiscal_year=2025)
        self.assertEqual((frozen.value, frozen.frozen), (Decimal(3), True))
        # A figure carried over from before the system survives the report, frozen.
        places = Indicator.objects.get(measure__plan=plan, name="活動中の通いの場（月1回以上）")
        carried = places.values.get(kind="actual", fiscal_year=2025)
        self.assertEqual((carried.value, carried.frozen), (Decimal(163), True))


class SharedAnalysisTests(TestCase):
    def test_one_gap_analysis_per_year_whatever_the_indicators(self) -> None:
        from unittest import mock

        from sasaeai.plans import dashboard, sources

        city = MunicipalityFactory(code="132012")
        plan = Plan.objects.create(municipality=city, name="第9期", first_year=2024, last_year=2026)
        measure = Measure.objects.create(plan=plan, name="通いの場")
        for n, source in enumerate(("kayoi_active", "participation", "kayoi_active")):
            Indicator.objects.create(
                measure=measure, order=n, name=f"指標{n}", unit="か所", source=source
            )
        with mock.patch.object(sources, "analyse", wraps=sources.analyse) as analyse:
            dashboard.plan_rows(plan)
        # Three indicators × 3 年度 (令和6〜8年度, all begun by 2026-11) would be 9; one per 年度 is 3.
        self.assertEqual(analyse.call_count, 3)
