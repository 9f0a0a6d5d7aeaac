"""The 圏域 screens' 生活支援コーディネーターの連絡先 (issue #26, point 1): who may add, change and
delete a desk, the input kept on a refusal, and what the area's page shows of each desk."""

import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.models import CoordinatorDesk
from sasaeai.areas.services import desk_save
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory
from sasaeai.core.models import PersonalDataAccess

CODE = "132012"
# 令和8年12月5日: the consent date typed below (令和8年4月1日) is before it.
TODAY = datetime.datetime(2026, 12, 5, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))


@time_machine.travel(TODAY, tick=False)
class DeskScreenTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        city = MunicipalityFactory(code=CODE)
        cls.north = Layer2AreaFactory(municipality=city, name="北部圏域")
        cls.south = Layer2AreaFactory(municipality=city, name="南部圏域", parent=cls.north.parent)
        cls.admin = user_with_role(Role.MUNICIPAL_ADMIN, city)
        cls.north_sc = user_with_role(Role.SC_LAYER2, city, area=cls.north)
        cls.viewer = user_with_role(Role.VIEWER, city)
        cls.private = desk_save(
            area=cls.north, user=None, organization="北部の窓口（準備中）", person_name="山田",
            phone="090-0000-1111",
        )  # fmt: skip

    def url(self, name: str, area, **kwargs) -> str:  # type: ignore[no-untyped-def]
        return reverse(f"areas:{name}", kwargs={"lgcode": CODE, "pk": area.pk, **kwargs})

    def form(self, **values: str) -> dict[str, str]:
        return {
            "organization": "北部地域包括支援センター",
            "phone": "042-000-9001",
            "email": "kita@example.jp",
            "hours": "平日 9時〜17時",
            "is_public": "on",
            "public_consent_on": "令和8年4月1日",
            "order": "1",
            **values,
        }

    def test_the_admin_adds_a_public_desk_and_the_area_page_lists_it(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.post(self.url("desk_create", self.north), self.form())
        self.assertRedirects(response, self.url("area_detail", self.north))
        desk = CoordinatorDesk.objects.get(organization="北部地域包括支援センター")
        # 令和8年4月1日 = 2026-04-01 (令和元年 = 2019).
        self.assertEqual(
            (desk.area, desk.is_public, desk.public_consent_on, desk.order),
            (self.north, True, datetime.date(2026, 4, 1), 1),
        )
        page = self.client.get(self.url("area_detail", self.north))
        edit = self.url("desk_edit", self.north, desk=desk.pk)
        self.assertContains(page, f'<a href="{edit}">北部地域包括支援センター</a>', html=True)
        self.assertContains(page, "公開（同意日 令和8年4月1日）")

    def test_the_form_keeps_the_input_when_the_consent_date_is_missing(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.post(
            self.url("desk_create", self.north), self.form(public_consent_on="")
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(
            response,
            "住民向けに公開するときは、公開の同意日（本人が公開に同意した日）を入力してください。",
            status_code=400,
        )
        self.assertContains(response, 'value="北部地域包括支援センター"', status_code=400)
        self.assertContains(response, 'value="kita@example.jp"', status_code=400)
        self.assertFalse(CoordinatorDesk.objects.filter(is_public=True).exists())

    def test_the_layer2_coordinator_edits_the_desk_of_their_own_area_only(self) -> None:
        self.client.force_login(self.north_sc)
        edit = self.url("desk_edit", self.north, desk=self.private.pk)
        values = self.form(version=str(self.private.version))
        self.assertRedirects(self.client.post(edit, values), self.url("area_detail", self.north))
        self.assertEqual(
            CoordinatorDesk.objects.get(pk=self.private.pk).organization,
            "北部地域包括支援センター",
        )
        # South is not their area, nor is the layer-1 area above both.
        for area in (self.south, self.north.parent):
            with self.subTest(area.name):
                self.assertEqual(self.client.get(self.url("desk_create", area)).status_code, 403)

    def test_a_viewer_is_refused_and_sees_no_private_phone_on_the_area_page(self) -> None:
        self.client.force_login(self.viewer)
        edit = self.url("desk_edit", self.north, desk=self.private.pk)
        self.assertEqual(self.client.get(edit).status_code, 403)
        self.assertEqual(self.client.post(edit, self.form()).status_code, 403)
        page = self.client.get(self.url("area_detail", self.north))
        # The organisation and 非公開, without the person, the phone or an edit link.
        self.assertContains(page, "北部の窓口（準備中）")
        self.assertContains(page, "非公開")
        self.assertNotContains(page, "090-0000-1111")
        self.assertNotContains(page, "山田")
        self.assertNotContains(page, edit)
        self.assertFalse(PersonalDataAccess.objects.exists())

    def test_the_admin_sees_the_private_desk_and_the_view_is_logged(self) -> None:
        self.client.force_login(self.admin)
        page = self.client.get(self.url("area_detail", self.north))
        self.assertContains(page, "090-0000-1111")
        log = PersonalDataAccess.objects.get()
        self.assertEqual((log.user, log.record_count), (self.admin, 1))

    def test_the_delete_button_deletes_and_a_stale_one_does_not(self) -> None:
        self.client.force_login(self.admin)
        edit = self.url("desk_edit", self.north, desk=self.private.pk)
        # Shown at an older version: someone saved the desk since.
        stale = self.client.post(edit, {"action": "delete", "version": "0"})
        self.assertRedirects(stale, edit)
        self.assertTrue(CoordinatorDesk.objects.filter(pk=self.private.pk).exists())
        current = {"action": "delete", "version": str(self.private.version)}
        self.assertRedirects(self.client.post(edit, current), self.url("area_detail", self.north))
        self.assertFalse(CoordinatorDesk.objects.filter(pk=self.private.pk).exists())

    def test_a_desk_of_another_area_is_not_found_under_this_one(self) -> None:
        self.client.force_login(self.admin)
        url = self.url("desk_edit", self.south, desk=self.private.pk)
        self.assertEqual(self.client.get(url).status_code, 404)
