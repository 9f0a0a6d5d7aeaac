"""Writing the plan on screen: a plan, a measure and a computed indicator by the municipal admin
or the layer-1 coordinator; newsletter issues with their PDF; a new 年度's unit amounts by the
municipal admin. Refusals name the field, keep the input and write nothing."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import UserFactory, user_with_role
from sasaeai.areas.tests.factories import AreaFactory, Layer2AreaFactory, MunicipalityFactory
from sasaeai.plans.models import Indicator, Measure, NewsletterIssue, Plan, StandardAmountUnit
from sasaeai.plans.sources import computed


class EditingTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012", name="八王子市")
        north = Layer2AreaFactory(
            municipality=cls.city, parent=AreaFactory(municipality=cls.city), name="北部圏域"
        )
        cls.admin = user_with_role(Role.MUNICIPAL_ADMIN, cls.city)
        cls.sc1 = user_with_role(Role.SC_LAYER1, cls.city)
        cls.sc2 = user_with_role(Role.SC_LAYER2, cls.city, area=north)
        cls.viewer = user_with_role(Role.VIEWER, cls.city)

    def url(self, name: str, **kwargs: object) -> str:
        return reverse(f"plans:{name}", kwargs={"lgcode": self.city.code, **kwargs})

    def test_a_plan_its_measure_and_a_computed_indicator(self) -> None:
        self.client.force_login(self.sc1)
        response = self.client.post(
            self.url("plan_create"),
            {"name": "第10期", "first_year": "2027", "last_year": "2029", "principle": "支え合い"},
        )
        plan = Plan.objects.get()
        self.assertRedirects(response, self.url("detail", pk=plan.pk))
        self.assertEqual(
            (plan.municipality, plan.first_year, plan.last_year), (self.city, 2027, 2029)
        )
        self.client.post(
            self.url("measure_create", plan=plan.pk),
            {"order": "1", "name": "「通いの場」の普及啓発", "content": "", "target_text": "年3回"},
        )
        measure = Measure.objects.get()
        self.client.post(
            self.url("indicator_create", measure=measure.pk),
            {"order": "1", "name": "広報紙の発行回数", "unit": "回", "direction": "up",
             "source": "newsletters", "activity_kind": ""},
        )  # fmt: skip
        indicator = Indicator.objects.get()
        self.assertEqual((indicator.measure, indicator.source), (measure, "newsletters"))
        self.assertEqual(plan.history.get().history_user, self.sc1)

    def test_a_plan_ending_before_it_starts_is_refused_with_the_input_kept(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.post(
            self.url("plan_create"), {"name": "第10期", "first_year": "2029", "last_year": "2027"}
        )
        self.assertContains(
            response, "最後の年度は最初の年度より後にしてください。", status_code=400
        )
        self.assertContains(response, 'value="第10期"', status_code=400)
        self.assertFalse(Plan.objects.exists())

    def test_only_the_admin_and_layer_1_write_plans(self) -> None:
        for user in (self.sc2, self.viewer):
            with self.subTest(user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url("plan_create")).status_code, 403)
                response = self.client.post(
                    self.url("plan_create"),
                    {"name": "第10期", "first_year": "2027", "last_year": "2029"},
                )
                self.assertEqual(response.status_code, 403)
        self.assertFalse(Plan.objects.exists())

    def test_a_newsletter_issue_with_its_pdf_counts_in_its_year(self) -> None:
        self.client.force_login(self.sc2)
        pdf = SimpleUploadedFile("tsushin12.pdf", b"%PDF-1.7 test", content_type="application/pdf")
        response = self.client.post(
            self.url("newsletter_create"),
            {"title": "ささえあい通信", "number": "12", "issued_on": "令和8年3月31日", "file": pdf},
        )
        self.assertRedirects(response, self.url("newsletters"))
        issue = NewsletterIssue.objects.get()
        self.assertEqual(issue.issued_on, datetime.date(2026, 3, 31))
        # 2026-03-31 belongs to 令和7年度.
        self.assertEqual(computed("newsletters", self.city, 2025), Decimal(1))
        listing = self.client.get(self.url("newsletters"))
        self.assertContains(listing, "令和7年度")
        download = self.client.get(self.url("newsletter_file", pk=issue.pk))
        self.assertEqual(b"".join(download.streaming_content), b"%PDF-1.7 test")

    def test_a_newsletter_file_must_be_a_pdf(self) -> None:
        self.client.force_login(self.sc2)
        text = SimpleUploadedFile("tsushin.docx", b"not a pdf")
        response = self.client.post(
            self.url("newsletter_create"),
            {"title": "ささえあい通信", "number": "13", "issued_on": "2026-10-16", "file": text},
        )
        self.assertContains(
            response, "PDF: PDFファイル（拡張子 .pdf）を選んでください。", status_code=400
        )
        self.assertFalse(NewsletterIssue.objects.exists())

    def test_the_sites_operator_enters_a_new_years_units(self) -> None:
        data = {"fiscal_year": "2027", "layer1": "8500", "layer2": "4200", "programme": "4000"}
        # The amounts are national: a municipal admin of one city may not change everyone's.
        for user in (self.sc1, self.admin):
            self.client.force_login(user)
            self.assertEqual(self.client.post(self.url("unit_create"), data).status_code, 403)
        operator = UserFactory(is_superuser=True)
        self.client.force_login(operator)
        response = self.client.post(self.url("unit_create"), {**data, "fiscal_year": "abc"})
        self.assertContains(response, "年度: ", status_code=400)
        self.client.post(self.url("unit_create"), data)
        self.assertEqual(
            StandardAmountUnit.objects.filter(fiscal_year=2027)
            .values_list("layer1", "layer2", "programme")
            .get(),
            (8500, 4200, 4000),
        )
        # The same 年度 again corrects it.
        self.client.post(self.url("unit_create"), {**data, "layer2": "4300"})
        self.assertEqual(StandardAmountUnit.objects.get(fiscal_year=2027).layer2, 4300)

    def test_the_plans_history_names_who_changed_it(self) -> None:
        self.client.force_login(self.sc1)
        self.client.post(
            self.url("plan_create"), {"name": "第10期", "first_year": "2027", "last_year": "2029"}
        )
        plan = Plan.objects.get()
        self.client.post(
            self.url("plan_edit", pk=plan.pk),
            {"name": "第10期計画", "first_year": "2027", "last_year": "2029", "version": "1"},
        )
        self.client.force_login(self.viewer)
        page = self.client.get(
            reverse(
                "core:history", kwargs={"lgcode": self.city.code, "model": "plan", "pk": plan.pk}
            )
        )
        self.assertContains(page, "第10期計画")
        self.assertContains(page, str(self.sc1))


class NoUnitsTests(TestCase):
    def test_the_calculator_says_so_when_no_units_are_stored(self) -> None:
        StandardAmountUnit.objects.all().delete()
        city = MunicipalityFactory(code="132012")
        self.client.force_login(user_with_role(Role.VIEWER, city))
        response = self.client.get(reverse("plans:standard_amount", kwargs={"lgcode": city.code}))
        self.assertContains(response, "単価が登録されていないため、計算できません。")
