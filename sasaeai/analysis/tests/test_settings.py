"""The municipality's analysis settings: defaults, saving with history, and refusals in Japanese."""

from decimal import Decimal

from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.analysis import services
from sasaeai.analysis.models import AnalysisSettings
from sasaeai.areas.tests.factories import MunicipalityFactory


class AnalysisSettingsTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.admin = user_with_role(Role.MUNICIPAL_ADMIN, cls.city)
        cls.url = reverse("analysis:settings", args=[cls.city.code])

    def post(self, **changes: str):  # type: ignore[no-untyped-def]
        data = {
            "participation_target": "10.0", "short_below": "0.50", "rich_above": "1.50",
            "detour_factor": "1.30", "weight_late_elderly": "2", "weight_uncovered": "1",
            "weight_missing_supports": "1", "weight_risk": "0", **changes,
        }  # fmt: skip
        self.client.force_login(self.admin)
        return self.client.post(self.url, data)

    def test_defaults_before_anything_is_saved(self) -> None:
        settings = services.analysis_settings(self.city)
        self.assertEqual(
            (settings.short_below, settings.rich_above, settings.detour_factor),
            (Decimal("0.50"), Decimal("1.50"), Decimal("1.30")),
        )
        self.assertEqual(set(services.weights_of(settings).values()), {Decimal(1)})

    def test_saved_with_who_changed_it(self) -> None:
        self.assertEqual(self.post().status_code, 302)
        settings = AnalysisSettings.objects.get(municipality=self.city)
        self.assertEqual(settings.participation_target, Decimal("10.0"))
        self.assertEqual(services.weights_of(settings)["late_elderly"], Decimal(2))
        self.assertEqual(settings.history.first().history_user, self.admin)

    def test_out_of_range_values_are_refused_and_the_input_is_kept(self) -> None:
        # 不足 is below 1× and 充実 above 1× by their ranges (0.05–0.95, 1.05–5.00), so they
        # cannot cross; the detour factor is 1.00–3.00 and weights 0–10.
        self.assertEqual(self.post(detour_factor="1.45").status_code, 302)
        response = self.post(detour_factor="5", weight_risk="-1", short_below="1.2")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'value="5"', status_code=400)
        # Each refused field is named in the summary at the top, linked to its input.
        for field in ("detour_factor", "weight_risk", "short_below"):
            self.assertContains(response, f'<li><a href="#id_{field}">', status_code=400)
        self.assertEqual(AnalysisSettings.objects.get().detour_factor, Decimal("1.45"))
