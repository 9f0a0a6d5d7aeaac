"""Hole 10 of issue #20: the `next` address of the venue form and of 確認済みにする is followed
only when it is on this site (core.form_views.on_this_site, url_has_allowed_host_and_scheme);
anything else sends the user to the page's own fallback, never to another site."""

from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.resources.models import Location, Verification
from sasaeai.resources.tests.factories import LocationFactory, resource_at

CODE = "132012"
# Addresses a crafted link could carry: another site, the same without a scheme, and the
# backslash form some browsers read as another site.
ELSEWHERE = ("https://evil.example/", "//evil.example/", "/\\evil.example/", "https:evil.example")


class NextAddressTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        city = MunicipalityFactory(code=CODE)
        cls.town = TownFactory(area=Layer2AreaFactory(municipality=city), latitude=35.7)
        cls.hall = LocationFactory(
            municipality=city, name="北公民館", town=cls.town, area=cls.town.area
        )
        cls.resource = resource_at(cls.town)
        cls.user = user_with_role(Role.SC_LAYER1, city)

    def setUp(self) -> None:
        self.client.force_login(self.user)

    def save_venue(self, next_address: str):  # type: ignore[no-untyped-def]
        url = reverse("resources:location_edit", kwargs={"lgcode": CODE, "pk": self.hall.pk})
        # The edit form's hidden version as the page opened now holds it (issue #21).
        version = Location.objects.get(pk=self.hall.pk).version
        data = {"name": "北公民館", "venue_type": "community_hall", "next": next_address,
                "version": version}  # fmt: skip
        return self.client.post(f"{url}?next={next_address}", data)

    def test_the_venue_form_never_sends_the_user_to_another_site(self) -> None:
        venues = reverse("resources:location_list", kwargs={"lgcode": CODE})
        for address in ELSEWHERE:
            with self.subTest(address):
                response = self.save_venue(address)
                self.assertRedirects(response, venues, fetch_redirect_response=False)

    def test_the_venue_form_follows_an_address_on_this_site(self) -> None:
        detail = reverse("resources:detail", kwargs={"lgcode": CODE, "pk": self.resource.pk})
        response = self.save_venue(detail)
        self.assertRedirects(response, detail, fetch_redirect_response=False)

    def test_verify_never_sends_the_user_to_another_site(self) -> None:
        url = reverse("resources:verify", kwargs={"lgcode": CODE, "pk": self.resource.pk})
        detail = reverse("resources:detail", kwargs={"lgcode": CODE, "pk": self.resource.pk})
        for address in ELSEWHERE:
            with self.subTest(address):
                response = self.client.post(url, {"method": "visit", "next": address})
                self.assertRedirects(response, detail, fetch_redirect_response=False)
        # Each check was recorded: only the address was ignored.
        self.assertEqual(Verification.objects.count(), len(ELSEWHERE))
