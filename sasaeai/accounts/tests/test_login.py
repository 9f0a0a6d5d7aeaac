from django.test import TestCase
from django.urls import reverse


class LoginPageTests(TestCase):
    def test_the_login_form_leaves_the_first_tab_stop_to_the_skip_link(self) -> None:
        response = self.client.get(reverse("accounts:login"))

        self.assertContains(response, 'name="username"')
        self.assertNotContains(response, "autofocus")
