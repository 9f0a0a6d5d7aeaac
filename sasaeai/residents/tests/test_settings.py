"""「住民からの申し込みの届け先」 (issue #26): the municipal admin alone chooses who receives
residents' requests; the choice is saved with who made it, and a bad one is refused."""

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import MunicipalityFactory
from sasaeai.residents.constants import Routing
from sasaeai.residents.models import ResidentSettings
from sasaeai.residents.settings_services import settings_save

CODE = "132012"
URL = reverse("residents:settings", kwargs={"lgcode": CODE})


class RoutingSettingTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code=CODE)
        cls.admin = user_with_role(Role.MUNICIPAL_ADMIN, cls.city)
        cls.sc1 = user_with_role(Role.SC_LAYER1, cls.city)

    def test_the_page_offers_the_three_choices_with_the_coordinator_first_chosen(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.get(URL)
        self.assertContains(response, "住民からの申し込みの届け先")
        self.assertContains(
            response,
            '<input type="radio" name="routing" value="coordinator" id="id_routing_0" required checked>',
            html=True,
        )
        for label in (
            "圏域のコーディネーターのみ",
            "活動の主催者のみ（メールが登録されている場合）",
            "コーディネーターと主催者の両方",
        ):
            self.assertContains(response, label)
        # Opening the page writes nothing (the default is not stored until saved).
        self.assertFalse(ResidentSettings.objects.exists())

    def test_the_choice_is_saved_and_recorded_in_history_with_who_saved_it(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.post(URL, {"routing": Routing.BOTH, "reply_within_days": 5})
        self.assertRedirects(response, URL)
        stored = ResidentSettings.objects.get(municipality=self.city)
        self.assertEqual((stored.routing, stored.reply_within_days), ("both", 5))
        self.client.post(URL, {"routing": Routing.ORGANISER, "reply_within_days": 5})
        rows = stored.history.order_by("history_id").values_list("routing", "history_user")
        self.assertEqual(list(rows), [("both", self.admin.pk), ("organiser", self.admin.pk)])

    def test_a_choice_not_offered_is_refused_and_nothing_is_written(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.post(URL, {"routing": "everyone", "reply_within_days": 5})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(ResidentSettings.objects.exists())
        with self.assertRaises(ValidationError) as caught:
            settings_save(municipality=self.city, routing="everyone", by=self.admin)
        self.assertEqual(
            caught.exception.message_dict, {"routing": ["申し込みの届け先を選んでください。"]}
        )
        with self.assertRaises(ValidationError) as caught:
            settings_save(
                municipality=self.city, routing="both", by=self.admin, reply_within_days=15
            )
        self.assertEqual(
            caught.exception.message_dict,
            {"reply_within_days": ["連絡するまでの日数は1〜14日で入力してください。"]},
        )

    def test_a_coordinator_may_not_open_or_post_it(self) -> None:
        self.client.force_login(self.sc1)
        self.assertEqual(self.client.get(URL).status_code, 403)
        self.assertEqual(
            self.client.post(URL, {"routing": Routing.BOTH, "reply_within_days": 5}).status_code,
            403,
        )
        self.assertFalse(ResidentSettings.objects.exists())
