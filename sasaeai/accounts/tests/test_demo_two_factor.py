"""The demo city is exempt from two-factor sign-in (issue #21): `make run`'s printed logins work
with the password alone even where TWO_FACTOR_REQUIRED is on (production settings)."""

from __future__ import annotations

import time_machine
from django.test import override_settings
from django.urls import reverse

from sasaeai.accounts.demo import DEMO_PASSWORD
from sasaeai.tests.demo_city import DEMO_NOW as NOW
from sasaeai.tests.demo_city import DemoCityTestCase


@override_settings(TWO_FACTOR_REQUIRED=True)
@time_machine.travel(NOW, tick=False)
class DemoLoginsWithoutTwoFactorTests(DemoCityTestCase):
    def test_the_demo_admin_and_layer1_coordinator_sign_in_with_the_password(self) -> None:
        dashboard = reverse("areas:dashboard", args=["139998"])
        for username in ("demo-admin", "demo-sc1"):
            with self.subTest(username):
                self.client.post(reverse("accounts:logout"))
                response = self.client.post(
                    reverse("accounts:login"),
                    {"username": username, "password": DEMO_PASSWORD},
                )
                self.assertRedirects(response, reverse("core:home"), fetch_redirect_response=False)
                self.assertEqual(self.client.get(dashboard).status_code, 200)
