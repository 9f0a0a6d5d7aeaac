"""Each indicator says exactly what it counts, a 年度 not yet ended is never judged, and each
年度's report (xlsx and PDF) holds that 年度 and the ones before it, never a later one (issue
#18: 「コーディネーターの活動記録の件数」 counted visits only, 令和8年度 rows showed 達成 while the
page said status waits for the 年度 to end, and the 令和7年度 PDF charted 令和8年度's values).

A small city built here, on 2026-11-27 (令和8年度 running): a plan 令和6〜令和9年度 with
  - 訪問の件数 (activity kind 訪問): 令和7年度 2 visits (and 3 consultations, not counted),
    令和8年度 so far 1 visit (and 1 consultation); targets 2 / 1 / 1 / 1;
  - 活動記録の件数 (every kind): 令和7年度 2 + 3 = 5, 令和8年度 1 + 1 = 2; no targets.
"""

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
from sasaeai.activities.models import Activity
from sasaeai.areas.tests.factories import MunicipalityFactory
from sasaeai.core.tests.pdf import poppler
from sasaeai.plans import services
from sasaeai.plans.dashboard import source_label
from sasaeai.plans.models import Indicator, Measure, Plan

NOW = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
D = datetime.date


@time_machine.travel(NOW, tick=False)
class YearReportTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012", name="八王子市")
        cls.admin = user_with_role(Role.MUNICIPAL_ADMIN, cls.city)
        cls.plan = Plan.objects.create(
            municipality=cls.city, name="第9期", first_year=2024, last_year=2027
        )
        measure = Measure.objects.create(plan=cls.plan, name="生活支援コーディネーターの活用")
        cls.visits = Indicator.objects.create(
            measure=measure, order=1, name="コーディネーターの訪問件数", unit="件",
            source="activities", activity_kind="visit",
        )  # fmt: skip
        cls.all_kinds = Indicator.objects.create(
            measure=measure, order=2, name="活動の件数", unit="件", source="activities"
        )
        for year, target in ((2024, 3), (2025, 2), (2026, 1), (2027, 1)):
            services.indicator_value_set(
                indicator=cls.visits, fiscal_year=year, kind="target", value=Decimal(target),
                user=cls.admin,
            )  # fmt: skip
        for day, kind in (
            (D(2025, 5, 1), "visit"), (D(2026, 3, 31), "visit"),
            (D(2025, 6, 1), "consultation"), (D(2025, 7, 1), "consultation"),
            (D(2025, 8, 1), "consultation"),
            (D(2026, 4, 1), "visit"), (D(2026, 11, 2), "consultation"),
        ):  # fmt: skip
            Activity.objects.create(
                municipality=cls.city, done_on=day, coordinator=cls.admin, kind=kind,
                summary="記録", created_by=cls.admin,
            )  # fmt: skip

    def url(self, name: str, **kwargs: object) -> str:
        return reverse(f"plans:{name}", kwargs={"lgcode": self.city.code, **kwargs})

    def dashboard(self) -> str:
        self.client.force_login(self.admin)
        return self.client.get(self.url("detail", pk=self.plan.pk)).content.decode()

    def test_each_label_says_what_it_counts(self) -> None:
        html = self.dashboard()
        self.assertIn("実績：コーディネーターの活動記録のうち「訪問」の件数", html)
        self.assertIn("実績：コーディネーターの活動記録の件数（すべての種類）", html)

    def test_the_counts_follow_the_labels(self) -> None:
        html = self.dashboard()
        # 訪問 only (target, actual): 令和7年度 (2, 2), 令和8年度 (1, 1); every kind (no
        # target): 5 and 2.
        for year, target, visits, every in (("令和7年度", "2", "2", "5"),
                                            ("令和8年度", "1", "1", "2")):  # fmt: skip
            with self.subTest(year):
                self.assertIn(
                    f'<th scope="row">{year}</th>\n      <td class="num">{target}</td>\n'
                    f'      <td class="num">{visits}</td>',
                    html,
                )
                self.assertIn(
                    f'<th scope="row">{year}</th>\n      <td class="num">—</td>\n'
                    f'      <td class="num">{every}</td>',
                    html,
                )

    def test_a_running_year_is_not_judged(self) -> None:
        html = self.dashboard()
        # 令和8年度: 1 visit against a target of 1 — met so far, but the 年度 runs: 年度途中.
        # 令和7年度: 2 against 2, closed: 達成. 令和6年度: 0 against 3: 未達成.
        # 令和9年度 has not begun: 開始前, no actual.
        visits = html.split("コーディネーターの訪問件数（")[1].split("</table>")[0]
        statuses = [
            part.split(">", 1)[1].split("<", 1)[0]
            for part in visits.split('<span class="plan-status')[1:]
        ]
        self.assertEqual(statuses, ["未達成", "達成", "年度途中", "開始前"])

    def test_a_closed_years_xlsx_holds_no_later_year(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.get(
            self.url("report_file", pk=self.plan.pk, year=2025, format="xlsx")
        )
        book = load_workbook(io.BytesIO(response.content))
        rows = list(book["令和7年度"].iter_rows(min_row=2, values_only=True))
        self.assertEqual(
            [row[:7] for row in rows],
            [("生活支援コーディネーターの活用", "コーディネーターの訪問件数", "件", 2, 2, "達成",
              "コーディネーターの活動記録のうち「訪問」の件数"),
             ("生活支援コーディネーターの活用", "活動の件数", "件", None, 5, "目標なし",
              "コーディネーターの活動記録の件数（すべての種類）")],
        )  # fmt: skip
        trend = list(book["計画期間の推移"].iter_rows(min_row=2, values_only=True))
        # 令和6・7年度 of two indicators: 4 rows, none of 令和8・9年度.
        self.assertEqual(
            [(row[1], row[2], row[4]) for row in trend],
            [("コーディネーターの訪問件数", "令和6年度", 0), ("コーディネーターの訪問件数", "令和7年度", 2),
             ("活動の件数", "令和6年度", 0), ("活動の件数", "令和7年度", 5)],
        )  # fmt: skip

    def test_a_closed_years_pdf_holds_no_later_year(self) -> None:
        self.client.force_login(self.admin)
        pdf = self.client.get(self.url("report_file", pk=self.plan.pk, year=2025, format="pdf"))
        text = poppler("pdftotext", pdf.content)
        self.assertIn("令和7年度 年次報告", text)
        self.assertIn("令和7年度 実績", text)  # the chart's own 年度
        self.assertNotIn("令和8年度", text)
        self.assertNotIn("令和9年度", text)
        self.assertNotIn("年度途中", text)

    def test_the_running_years_pdf_says_it_runs(self) -> None:
        self.client.force_login(self.admin)
        pdf = self.client.get(self.url("report_file", pk=self.plan.pk, year=2026, format="pdf"))
        text = poppler("pdftotext", pdf.content)
        self.assertIn("年度途中", text)
        self.assertNotIn("令和9年度", text)


class SourceLabelTests(SimpleTestCase):
    def test_what_each_actual_counts(self) -> None:
        self.assertEqual(
            [
                source_label("activities", "visit"),
                source_label("activities", "supporter_training"),
                source_label("activities", ""),
                source_label("manual"),
                source_label("connections"),
            ],
            [
                "コーディネーターの活動記録のうち「訪問」の件数",
                "コーディネーターの活動記録のうち「担い手養成」の件数",
                "コーディネーターの活動記録の件数（すべての種類）",
                "入力した値",
                "つなぎの件数（年度内に登録）",
            ],
        )
