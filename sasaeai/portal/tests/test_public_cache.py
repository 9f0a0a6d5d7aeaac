"""Issue #20 (bench: the staff login page answers within 1 s while the public pages are under
load): the residents' pages and the print PDF's digest are kept for PUBLIC_PAGE_SECONDS, so a
surge of residents costs few renderings; a change shows once that time has passed. The test
settings keep nothing (0); these tests set 30 s."""

import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from sasaeai.core.models import GeneratedFile
from sasaeai.resources.models import Contact, Resource

from .test_views import PortalFixture

NOW = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
LATER = NOW + datetime.timedelta(seconds=31)  # past the 30 s


@time_machine.travel(NOW, tick=False)
@override_settings(PUBLIC_PAGE_SECONDS=30)
class PublicCacheTests(PortalFixture):
    def setUp(self) -> None:
        caches["pages"].clear()

    def test_a_place_page_is_rendered_once_for_everyone_for_30_seconds(self) -> None:
        url = reverse("portal:detail", kwargs={"lgcode": self.city.code, "pk": self.exercise.pk})
        self.assertContains(self.client.get(url), "いきいき体操の会")
        Resource.objects.filter(pk=self.exercise.pk).update(name="のびのび体操の会")
        # Another visitor (another address) within the 30 s gets the page as it was kept.
        kept = self.client.get(url, REMOTE_ADDR="192.0.2.9")
        self.assertContains(kept, "いきいき体操の会")
        self.assertEqual(kept["Cache-Control"], "max-age=30")
        with time_machine.travel(LATER, tick=False):
            self.assertContains(self.client.get(url), "のびのび体操の会")

    def test_each_search_is_kept_by_its_own_address(self) -> None:
        url = reverse("portal:search", kwargs={"lgcode": self.city.code})
        self.assertContains(self.client.get(url, {"q": "体操"}), "いきいき体操の会")
        self.assertNotContains(self.client.get(url, {"q": "サロン"}), "いきいき体操の会")

    def test_the_pdf_follows_a_change_within_30_seconds(self) -> None:
        url = reverse("portal:print_pdf", kwargs={"lgcode": self.city.code, "pk": self.north.pk})
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(self.client.get(url).status_code, 202)
        self.assertEqual(self.client.get(url).status_code, 200)
        # The contact withdraws consent: for up to 30 s the file made before is still sent,
        # then a new one is made without their phone.
        Contact.objects.filter(name="窓口 太郎").update(is_public=False)
        self.assertEqual(self.client.get(url).status_code, 200)
        self.assertEqual(GeneratedFile.objects.count(), 1)
        with (
            time_machine.travel(LATER, tick=False),
            self.captureOnCommitCallbacks(execute=False),
        ):
            self.assertEqual(self.client.get(url).status_code, 202)
        self.assertEqual(GeneratedFile.objects.count(), 2)
