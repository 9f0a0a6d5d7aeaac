"""Hole 13 of issue #20: read-only users start no background job. The 確認票 batch is started
by those who may edit (a layer-2 coordinator for their own 圏域 only); viewers, council members
and advisers get 403 and no GeneratedFile, and the menu does not offer it to them."""

import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.core.models import GeneratedFile
from sasaeai.resources.tests.factories import resource_at

NOW = datetime.datetime(2025, 6, 10, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
STALE = datetime.date(2024, 1, 15)  # more than 12 months before NOW: 要確認


@time_machine.travel(NOW, tick=False)
class SheetBatchRightsTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012", name="八王子市")
        cls.north = Layer2AreaFactory(municipality=cls.city, name="北部圏域")
        cls.south = Layer2AreaFactory(
            municipality=cls.city, name="南部圏域", parent=cls.north.parent
        )
        resource_at(TownFactory(area=cls.north), name="北サロン", last_verified_on=STALE)
        resource_at(TownFactory(area=cls.south), name="南サロン", last_verified_on=STALE)
        cls.sc2_north = user_with_role(Role.SC_LAYER2, cls.city, area=cls.north)
        cls.url = reverse("resources:sheet_batch", args=["132012"])

    def post(self, user, area: object = ""):  # type: ignore[no-untyped-def]
        self.client.force_login(user)
        with self.captureOnCommitCallbacks(execute=False) as queued:
            response = self.client.post(self.url, {"area": area})
        return response, queued

    def test_read_only_roles_get_403_and_no_job(self) -> None:
        for role in (Role.VIEWER, Role.COUNCIL_MEMBER, Role.ADVISER):
            with self.subTest(role):
                user = user_with_role(role, self.city)
                response, queued = self.post(user, self.north.pk)
                self.assertEqual(response.status_code, 403)
                self.assertEqual(queued, [])
                self.assertFalse(GeneratedFile.objects.exists())
                self.assertEqual(self.client.get(self.url).status_code, 403)
                home = self.client.get(reverse("resources:list", args=["132012"]))
                self.assertNotContains(home, self.url)

    def test_a_coordinator_starts_the_job(self) -> None:
        response, queued = self.post(user_with_role(Role.SC_LAYER1, self.city))
        generated = GeneratedFile.objects.get()
        self.assertRedirects(
            response,
            reverse("core:generated_file", args=["132012", generated.pk]),
            fetch_redirect_response=False,
        )
        self.assertEqual(len(queued), 1)
        self.assertEqual(generated.title, "確認票_八王子市_要確認2件")

    def test_a_layer2_coordinator_makes_the_sheets_of_their_own_area_only(self) -> None:
        self.client.force_login(self.sc2_north)
        page = self.client.get(self.url)
        self.assertContains(page, f'<option value="{self.north.pk}">北部圏域</option>')
        self.assertNotContains(page, "南部圏域")
        self.assertNotContains(page, "市町村全体")
        response, queued = self.post(self.sc2_north, self.south.pk)
        self.assertContains(
            response, "担当している日常生活圏域から選んでください。", status_code=400
        )
        response, queued = self.post(self.sc2_north, "")
        self.assertEqual(response.status_code, 400)
        self.assertFalse(GeneratedFile.objects.exists())
        response, queued = self.post(self.sc2_north, self.north.pk)
        self.assertEqual(GeneratedFile.objects.get().title, "確認票_北部圏域_要確認1件")
        self.assertEqual(len(queued), 1)
