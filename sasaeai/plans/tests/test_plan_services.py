"""The services that write the plan, its measures and indicators, newsletter issues and the
標準額 units: each refuses before writing with a Japanese message naming the field, and its
history names who changed the record."""

import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import UserFactory, user_with_role
from sasaeai.areas.tests.factories import MunicipalityFactory
from sasaeai.plans import services
from sasaeai.plans.models import Indicator, Measure, NewsletterIssue, Plan, StandardAmountUnit


class PlanServiceTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.sc1 = user_with_role(Role.SC_LAYER1, cls.city)

    def plan(self) -> Plan:
        return services.plan_create(
            municipality=self.city, name="第9期", first_year=2024, last_year=2026, user=self.sc1
        )

    def test_a_plan_is_created_and_edited_with_who_changed_it(self) -> None:
        plan = self.plan()
        services.plan_update(
            plan=plan, name="第9期（改訂）", first_year=2024, last_year=2026, user=self.sc1
        )
        plan.refresh_from_db()
        self.assertEqual(plan.name, "第9期（改訂）")
        self.assertEqual(
            [h.history_user for h in plan.history.order_by("history_id")], [self.sc1, self.sc1]
        )

    def test_a_plan_ending_before_it_starts_is_refused_naming_the_last_year(self) -> None:
        with self.assertRaises(ValidationError) as refused:
            services.plan_create(
                municipality=self.city, name="第10期", first_year=2027, last_year=2026,
                user=self.sc1,
            )  # fmt: skip
        self.assertEqual(
            refused.exception.message_dict,
            {"last_year": ["最後の年度は最初の年度より後にしてください。"]},
        )
        self.assertFalse(Plan.objects.exists())

    def test_a_measure_and_an_indicator_are_added_then_edited(self) -> None:
        measure = services.measure_save(
            measure=Measure(plan=self.plan()), order=1, name="普及啓発", user=self.sc1
        )
        indicator = services.indicator_save(
            indicator=Indicator(measure=measure), order=1, name="活動の回数", unit="回",
            direction="up", source="activities", activity_kind="visit", user=self.sc1,
        )  # fmt: skip
        services.measure_save(measure=measure, order=2, name="広報", user=self.sc1)
        self.assertEqual(Measure.objects.get().name, "広報")
        self.assertEqual(Indicator.objects.get().activity_kind, "visit")
        self.assertEqual(indicator.history.get().history_user, self.sc1)

    def test_an_unknown_activity_kind_or_a_blank_name_is_refused_and_nothing_written(
        self,
    ) -> None:
        measure = services.measure_save(
            measure=Measure(plan=self.plan()), order=1, name="普及啓発", user=self.sc1
        )
        for values, field in (
            ({"name": "回数", "activity_kind": "dance"}, "activity_kind"),
            ({"name": "", "activity_kind": ""}, "name"),
        ):
            with self.subTest(field), self.assertRaises(ValidationError) as refused:
                services.indicator_save(
                    indicator=Indicator(measure=measure), order=1, unit="回", direction="up",
                    source="manual", user=self.sc1, **values,
                )  # fmt: skip
            self.assertEqual(list(refused.exception.message_dict), [field])
        self.assertFalse(Indicator.objects.exists())

    def test_a_newsletter_issue_must_be_a_pdf(self) -> None:
        upload = SimpleUploadedFile("tsushin.docx", b"PK", content_type="application/msword")
        with self.assertRaises(ValidationError) as refused:
            services.newsletter_issue_create(
                municipality=self.city, title="ささえあい通信", number=1,
                issued_on=datetime.date(2026, 6, 1), file=upload, user=self.sc1,
            )  # fmt: skip
        self.assertEqual(
            refused.exception.message_dict,
            {"file": ["PDFファイル（拡張子 .pdf）を選んでください。"]},
        )
        issue = services.newsletter_issue_create(
            municipality=self.city, title="ささえあい通信", number=1,
            issued_on=datetime.date(2026, 6, 1), user=self.sc1,
        )  # fmt: skip
        self.assertEqual((NewsletterIssue.objects.get(), bool(issue.file)), (issue, False))

    def test_a_years_units_are_entered_then_corrected(self) -> None:
        operator = UserFactory(is_superuser=True)
        services.standard_amount_unit_set(
            fiscal_year=2027, layer1=8000, layer2=4000, programme=1000, user=operator
        )
        services.standard_amount_unit_set(
            fiscal_year=2027, layer1=8100, layer2=4000, programme=1000, user=operator
        )
        unit = StandardAmountUnit.objects.get(fiscal_year=2027)
        self.assertEqual(unit.layer1, 8100)
        self.assertEqual(unit.history.count(), 2)
