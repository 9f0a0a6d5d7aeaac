from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import MunicipalityFactory


class ErrorPageTests(TestCase):
    def test_a_refusal_explains_itself_in_japanese(self) -> None:
        city = MunicipalityFactory(code="132012")
        self.client.force_login(user_with_role(Role.VIEWER, city))
        url = reverse("core:import_upload", kwargs={"lgcode": "132012", "kind": "population"})
        self.assertContains(
            self.client.get(url), "このページを見る権限がありません", status_code=403
        )

    def test_an_unknown_page_says_so_in_japanese(self) -> None:
        self.client.force_login(user_with_role(Role.VIEWER, MunicipalityFactory(code="132012")))
        response = self.client.get("/staff/999999/")
        self.assertContains(response, "ページが見つかりません", status_code=404)
