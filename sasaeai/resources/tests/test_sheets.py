"""確認票: the PDF's font, page size and text (read back with poppler-utils), and the batch job."""

import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import time_machine
from django.core.files.base import ContentFile
from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.core.constants import JobStatus
from sasaeai.core.models import GeneratedFile, PersonalDataAccess
from sasaeai.core.tests.pdf import downloaded, pages, poppler
from sasaeai.resources.constants import (
    Activity,
    SchedulePattern,
    TagCategory,
    VenueType,
    VerificationMethod,
)
from sasaeai.resources.models import Contact, Location, Resource, ResourceTag
from sasaeai.resources.selectors import sheet_resources
from sasaeai.resources.tasks import make_sheet_batch
from sasaeai.resources.tests.factories import ScheduleFactory, resource_at

# 2025-06-10 in Tokyo. Registry default: 要確認 after 12 months, so verified before 2024-06-10.
HACHIOJI = {"code": "132012", "name": "八王子市"}
TACHIKAWA = {"code": "132021", "name": "立川市"}
NOW = datetime.datetime(2025, 6, 10, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
STALE = datetime.date(2024, 1, 15)
FRESH = datetime.date(2025, 5, 1)


@time_machine.travel(NOW, tick=False)
class OneSheetTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.town = TownFactory(
            name="元本郷町一丁目",
            area=Layer2AreaFactory(municipality=MunicipalityFactory(**HACHIOJI)),
        )
        cls.city = cls.town.municipality
        cls.viewer = user_with_role(Role.VIEWER, cls.city)
        cls.coordinator = user_with_role(Role.SC_LAYER1, cls.city)
        cls.resource = resource_at(
            cls.town,
            name="ひだまり",
            kana="ひだまり",
            fee_amount=100,
            capacity=20,
            registered_total=15,
            last_verified_on=datetime.date(2024, 4, 1),
            last_verified_method=VerificationMethod.PHONE,
        )
        Location.objects.filter(service_locations__resource=cls.resource).update(
            venue_type=VenueType.PRIVATE_HOME,
            prefecture="東京都",
            city="八王子市",
            town_text="元本郷町一丁目",
            street="24番1号",
        )
        ScheduleFactory(
            resource=cls.resource,
            pattern=SchedulePattern.WEEKLY,
            weekdays=[1, 4],
            opens_at=datetime.time(10, 0),
            closes_at=datetime.time(12, 0),
            closed_on_holidays=True,
        )
        Contact.objects.create(resource=cls.resource, name="山田花子", phone="042-000-0000")
        ResourceTag.objects.create(
            resource=cls.resource, category=TagCategory.ACTIVITY, value=Activity.EXERCISE
        )
        cls.url = reverse("resources:sheet", args=[cls.city.code, cls.resource.pk])

    def sheet(self, user: object = None) -> bytes:
        self.client.force_login(user or self.coordinator)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        return response.content

    def test_it_downloads_as_a_pdf_named_after_the_resource(self) -> None:
        self.client.force_login(self.viewer)
        response = self.client.get(self.url)
        self.assertEqual(response["Content-Type"], "application/pdf")
        # 確認票_ひだまり.pdf in UTF-8: 確 E7A2BA 認 E8AA8D 票 E7A5A8, ひ E381B2 だ E381A0 ま E381BE り E3828A
        self.assertEqual(
            response["Content-Disposition"],
            "attachment; filename*=UTF-8''"
            "%E7%A2%BA%E8%AA%8D%E7%A5%A8_%E3%81%B2%E3%81%A0%E3%81%BE%E3%82%8A.pdf",
        )
        self.assertTrue(response.content.startswith(b"%PDF-"))

    def test_it_embeds_the_noto_font_and_no_other(self) -> None:
        lines = poppler("pdffonts", self.sheet()).splitlines()[2:]
        # WeasyPrint names the embedded font after the @font-face family "Noto Sans JP"; no
        # system font of that name exists here, so this is the packaged NotoSansCJKjp file.
        self.assertEqual(len(lines), 1)
        self.assertIn("+Noto-Sans-JP", lines[0])
        self.assertEqual(lines[0].split()[-5], "yes")  # columns from the right: ID gen uni sub emb

    def test_it_is_one_a4_page(self) -> None:
        info = poppler("pdfinfo", self.sheet())
        # A4 = 210 × 297 mm = 595.28 × 841.89 pt (1 pt = 25.4 / 72 mm)
        self.assertIn("Page size:       595.276 x 841.89 pts (A4)", info)
        self.assertIn("Pages:           1", info)

    def test_it_prints_the_current_data_for_staff(self) -> None:
        text = poppler("pdftotext", self.sheet())
        for expected in [
            "地域資源 確認票",
            "ひだまり",
            "毎週火曜日・金曜日 10:00〜12:00（祝日は休み）",
            "体操（運動）",
            "【個人宅】",
            "東京都八王子市元本郷町一丁目24番1号",
            "100円",
            "20人",
            "15人",
            "山田花子（連絡担当） 042-000-0000",
            "令和6年4月1日（電話）",  # 2024 − 2018 = 令和6年
            "作成日 令和7年6月10日",  # 2025 − 2018 = 令和7年
            "現在の登録内容",
            "訂正・追記",
            "確認者",
            "本人更新",
        ]:
            with self.subTest(expected):
                self.assertIn(expected, text)

    def test_a_viewer_gets_the_sheet_without_the_private_contact_and_home_address(self) -> None:
        # Issue #21: personal data is for the admin and the coordinators only.
        text = poppler("pdftotext", self.sheet(self.viewer))
        self.assertIn("ひだまり", text)
        self.assertIn("【個人宅】", text)
        self.assertIn("町丁目：元本郷町一丁目", text)
        for private in ["24番1号", "山田花子", "042-000-0000", "個人宅の住所を含みます"]:
            with self.subTest(private):
                self.assertNotIn(private, text)
        self.assertFalse(PersonalDataAccess.objects.exists())

    def test_the_coordinators_sheet_writes_one_access_log_row(self) -> None:
        self.sheet()
        row = PersonalDataAccess.objects.get()
        # One resource, holding a private contact and a private home: one record.
        self.assertEqual(
            (row.user, row.kind, row.file_format, row.record_count, row.what),
            (self.coordinator, "document", "pdf", 1, "確認票「ひだまり」"),
        )

    def test_another_municipalitys_resource_is_not_found(self) -> None:
        other_town = TownFactory(
            area=Layer2AreaFactory(municipality=MunicipalityFactory(**TACHIKAWA))
        )
        other = resource_at(other_town)
        self.client.force_login(self.viewer)
        url = reverse("resources:sheet", args=[self.city.code, other.pk])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_detail_page_links_to_the_sheet(self) -> None:
        self.client.force_login(self.viewer)
        response = self.client.get(
            reverse("resources:detail", args=[self.city.code, self.resource.pk])
        )
        self.assertContains(response, f'href="{self.url}"')
        self.assertContains(response, "確認票（PDF）")


class SheetQueryTests(TestCase):
    def test_three_resources_cost_the_same_five_queries_as_one(self) -> None:
        town = TownFactory()
        resources = [resource_at(town) for _ in range(3)]
        for resource in resources:
            ScheduleFactory(resource=resource)
        ids = [r.pk for r in resources]
        # resources (+ organization, verifier) · tags · contacts · schedules · venues
        with self.assertNumQueries(5):
            self.assertEqual(len(sheet_resources(town.municipality, ids[:1])), 1)
        with self.assertNumQueries(5):
            self.assertEqual(len(sheet_resources(town.municipality, ids)), 3)


@time_machine.travel(NOW, tick=False)
class SheetBatchTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.town_a = TownFactory(
            area=Layer2AreaFactory(municipality=MunicipalityFactory(**HACHIOJI))
        )
        cls.city = cls.town_a.municipality
        cls.area_a = cls.town_a.area
        cls.town_b = TownFactory(area=Layer2AreaFactory(municipality=cls.city))
        cls.viewer = user_with_role(Role.VIEWER, cls.city)
        # The batch is started by those who may edit (issue #20); viewers only read the files.
        cls.coordinator = user_with_role(Role.SC_LAYER1, cls.city)
        resource_at(cls.town_a, name="あおぞら", kana="あおぞら", last_verified_on=STALE)
        resource_at(cls.town_a, name="いずみ", kana="いずみ", last_verified_on=None)
        resource_at(cls.town_a, name="うみかぜ", kana="うみかぜ", last_verified_on=FRESH)
        resource_at(cls.town_b, name="えがお", kana="えがお", last_verified_on=STALE)
        cls.url = reverse("resources:sheet_batch", args=[cls.city.code])

    def post_batch(self, area_id: object = "") -> GeneratedFile:
        self.client.force_login(self.coordinator)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.url, {"area": area_id})
        generated = GeneratedFile.objects.get()
        self.assertRedirects(
            response, reverse("core:generated_file", args=[self.city.code, generated.pk])
        )
        generated.refresh_from_db()
        return generated

    def test_the_form_offers_the_layer2_areas(self) -> None:
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url)
        self.assertContains(
            response, f'<option value="{self.area_a.pk}">{self.area_a.name}</option>'
        )
        self.assertContains(response, "要確認の確認票をまとめて作成")

    def test_it_makes_one_page_for_each_stale_resource_of_the_area(self) -> None:
        generated = self.post_batch(self.area_a.pk)
        self.assertEqual(generated.status, JobStatus.DONE)
        self.assertEqual(generated.progress, 100)
        self.assertEqual(generated.created_by, self.coordinator)
        pdf = generated.file.read()
        # あおぞら (verified 2024-01-15, before 2024-06-10) and いずみ (never verified);
        # うみかぜ is fresh and えがお meets in area B.
        self.assertEqual(pages(pdf), 2)
        text = poppler("pdftotext", pdf)
        self.assertIn("あおぞら", text)
        self.assertIn("いずみ", text)
        self.assertNotIn("うみかぜ", text)
        self.assertNotIn("えがお", text)

    def test_without_an_area_it_covers_the_whole_municipality(self) -> None:
        generated = self.post_batch()
        self.assertEqual(pages(generated.file.read()), 3)  # あおぞら, いずみ, えがお

    def test_the_status_page_shows_the_finished_file_with_a_download_link(self) -> None:
        generated = self.post_batch(self.area_a.pk)
        response = self.client.get(
            reverse("core:generated_file", args=[self.city.code, generated.pk])
        )
        download = reverse("core:generated_file_download", args=[self.city.code, generated.pk])
        self.assertContains(response, "完成")
        self.assertContains(response, f'href="{download}"')
        self.assertNotContains(response, 'http-equiv="refresh"')

    def test_a_waiting_file_page_refreshes_itself(self) -> None:
        waiting = GeneratedFile.objects.create(
            municipality=self.city, title="確認票", kind="resource_sheets", created_by=self.viewer
        )
        self.client.force_login(self.viewer)
        response = self.client.get(
            reverse("core:generated_file", args=[self.city.code, waiting.pk])
        )
        self.assertContains(response, "待機中")
        self.assertContains(response, '<meta http-equiv="refresh" content="3">')

    def test_the_download_streams_the_pdf_to_a_user_of_the_municipality(self) -> None:
        generated = self.post_batch(self.area_a.pk)
        url = reverse("core:generated_file_download", args=[self.city.code, generated.pk])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(response["Content-Disposition"].startswith("attachment; filename"))
        self.assertEqual(pages(downloaded(response)), 2)

    def test_the_batch_is_logged_and_a_viewer_may_not_download_it(self) -> None:
        aozora = Resource.objects.get(name="あおぞら")
        Contact.objects.create(resource=aozora, name="川村一郎", phone="042-000-0001")
        generated = self.post_batch(self.area_a.pk)
        # The batch request is the access-log row: of area A's two stale resources, あおぞら
        # holds a private contact and いずみ nothing personal, so one record.
        row = PersonalDataAccess.objects.get()
        self.assertEqual((row.user, row.kind, row.record_count), (self.coordinator, "document", 1))
        self.client.force_login(self.viewer)
        url = reverse("core:generated_file_download", args=[self.city.code, generated.pk])
        self.assertEqual(self.client.get(url).status_code, 403)

    def test_a_user_of_another_municipality_is_refused(self) -> None:
        generated = self.post_batch(self.area_a.pk)
        outsider = user_with_role(Role.MUNICIPAL_ADMIN, MunicipalityFactory(**TACHIKAWA))
        self.client.force_login(outsider)
        url = reverse("core:generated_file_download", args=[self.city.code, generated.pk])
        self.assertEqual(self.client.get(url).status_code, 403)

    def test_a_file_of_another_municipality_is_not_found_under_ones_own_code(self) -> None:
        other_city = MunicipalityFactory(**TACHIKAWA)
        outsider = user_with_role(Role.MUNICIPAL_ADMIN, other_city)
        theirs = GeneratedFile.objects.create(
            municipality=other_city,
            title="確認票",
            kind="resource_sheets",
            status=JobStatus.DONE,
            created_by=outsider,
            file=ContentFile(b"%PDF-1.7", name="theirs.pdf"),
        )
        self.client.force_login(self.viewer)
        for name in ("core:generated_file", "core:generated_file_download"):
            with self.subTest(name):
                url = reverse(name, args=[self.city.code, theirs.pk])
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_an_area_of_another_municipality_is_refused_with_a_message(self) -> None:
        foreign = Layer2AreaFactory(municipality=MunicipalityFactory(**TACHIKAWA))
        self.client.force_login(self.coordinator)
        response = self.client.post(self.url, {"area": foreign.pk})
        self.assertContains(
            response, "この市町村の日常生活圏域から選んでください。", status_code=400
        )
        self.assertFalse(GeneratedFile.objects.exists())

    def test_nothing_is_queued_when_no_resource_needs_checking(self) -> None:
        quiet = Layer2AreaFactory(municipality=self.city)
        self.client.force_login(self.coordinator)
        response = self.client.post(self.url, {"area": quiet.pk}, follow=True)
        self.assertContains(response, "要確認の地域資源はありません。")
        self.assertFalse(GeneratedFile.objects.exists())

    def test_a_failed_render_marks_the_file_failed_with_the_reason(self) -> None:
        generated = GeneratedFile.objects.create(
            municipality=self.city, title="確認票", kind="resource_sheets", created_by=self.viewer
        )
        with mock.patch(
            "sasaeai.resources.tasks.render_sheet_pdf", side_effect=RuntimeError("フォントがない")
        ):
            make_sheet_batch.enqueue(generated.pk, [])
        generated.refresh_from_db()
        self.assertEqual(generated.status, JobStatus.FAILED)
        self.assertEqual(generated.error, "確認票を作成できませんでした（フォントがない）")
        self.assertFalse(generated.file)
