"""印刷用リスト: the area handout as a page and as an A4 PDF (read back with poppler and zbar),
made in the request for a small area and by a background job for a large one."""

import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse

from sasaeai.core.models import GeneratedFile, GeneratedFileStatus
from sasaeai.core.tests.pdf import downloaded, pages, poppler, qr_codes
from sasaeai.resources.models import Contact, Resource

from .test_views import PortalFixture

NOW = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
PRIVATE = ("山田さん宅", "1-2-3", "鈴木 一郎", "個人 花子", "090-0000-2222")


@time_machine.travel(NOW, tick=False)
class PrintListPageTests(PortalFixture):
    def test_the_page_lists_the_areas_places_with_a_qr_code_each(self) -> None:
        response = self.page("print_list", pk=self.north.pk)
        self.assertContains(response, "北部圏域の通いの場・サービス一覧")
        self.assertContains(response, "令和8年11月27日現在")
        self.assertContains(response, "いきいき体操の会")
        self.assertContains(response, "毎週火曜日 10:00〜11:30")
        self.assertContains(response, "桜町集会所（東京都八王子市桜町3-5-2）")
        self.assertContains(response, "窓口 太郎 電話 042-000-1111")
        self.assertContains(
            response, '<svg role="img" aria-label="「いきいき体操の会」のページを開くQRコード"'
        )
        self.assertNotContains(response, "縁側サロン")  # 南部圏域

    def test_a_private_home_is_only_its_town(self) -> None:
        response = self.page("print_list", pk=self.south.pk)
        self.assertContains(response, "青葉町（個人のお宅。場所はお問い合わせください）")
        html = response.content.decode()
        for private in PRIVATE:
            self.assertNotIn(private, html)

    def test_another_municipalitys_area_is_not_found(self) -> None:
        url = reverse("portal:print_list", kwargs={"lgcode": "999999", "pk": self.north.pk})
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.page("print_list", pk=self.north.parent_id).status_code, 404)


@time_machine.travel(NOW, tick=False)
class PrintPdfTests(PortalFixture):
    def pdf(self, area_pk: int) -> bytes:
        response = self.page("print_pdf", pk=area_pk)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        return downloaded(response)

    def test_a_small_area_is_an_a4_pdf_made_at_once(self) -> None:
        response = self.page("print_pdf", pk=self.north.pk)
        # 印刷用リスト_北部圏域.pdf, percent-encoded as UTF-8 (RFC 6266), to open in the browser.
        self.assertEqual(
            response["Content-Disposition"],
            "inline; filename*=utf-8''%E5%8D%B0%E5%88%B7%E7%94%A8%E3%83%AA%E3%82%B9%E3%83%88_"
            "%E5%8C%97%E9%83%A8%E5%9C%8F%E5%9F%9F.pdf",
        )
        pdf = downloaded(response)
        self.assertIn("(A4)", poppler("pdfinfo", pdf))
        self.assertEqual(pages(pdf), 1)
        text = poppler("pdftotext", pdf)
        for expected in (
            "北部圏域の通いの場・サービス一覧",
            "令和8年11月27日現在・1か所",
            "いきいき体操の会",
            "毎週火曜日 10:00〜11:30",
            "無料",
            "窓口 太郎 電話 042-000-1111",
        ):
            self.assertIn(expected, text)
        fonts = poppler("pdffonts", pdf).splitlines()[2:]
        self.assertTrue(fonts)
        self.assertTrue(all("+Noto-Sans-JP" in line for line in fonts), fonts)

    def test_each_qr_code_opens_its_places_page(self) -> None:
        # The test client's host is testserver; the detail page of the exercise class.
        self.assertEqual(
            qr_codes(self.pdf(self.north.pk)),
            [f"http://testserver/132012/places/{self.exercise.pk}/"],
        )

    def test_nothing_private_in_the_pdf(self) -> None:
        text = poppler("pdftotext", self.pdf(self.south.pk))
        self.assertIn("縁側サロン", text)
        self.assertIn("青葉町（個人のお宅。場所はお問い合わせください）", text)
        for private in PRIVATE:
            self.assertNotIn(private, text)


@time_machine.travel(NOW, tick=True)
@mock.patch("sasaeai.portal.handout.IN_REQUEST_PLACES", 0)
class LargeAreaTests(PortalFixture):
    """Past IN_REQUEST_PLACES (0 here, so the one-place area counts as large) a job makes it."""

    def files(self) -> list[GeneratedFile]:
        return list(GeneratedFile.objects.filter(kind=f"handout:{self.north.pk}").order_by("pk"))

    def test_the_first_visit_starts_one_job_and_later_visits_get_its_pdf(self) -> None:
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            waiting = self.page("print_pdf", pk=self.north.pk)
        self.assertEqual(waiting.status_code, 202)
        self.assertContains(waiting, "場所が多いため、PDFを作成しています（0％）", status_code=202)
        self.assertNotContains(waiting, "前回はPDFを作成できませんでした", status_code=202)
        [generated] = self.files()
        self.assertIsNone(generated.created_by)
        self.assertEqual(generated.status, GeneratedFileStatus.PENDING)
        # A second visit while it waits starts nothing more.
        self.assertEqual(self.page("print_pdf", pk=self.north.pk).status_code, 202)
        self.assertEqual(len(self.files()), 1)
        for callback in callbacks:  # the worker runs the job
            callback()
        pdf = downloaded(self.page("print_pdf", pk=self.north.pk))
        self.assertIn("いきいき体操の会", poppler("pdftotext", pdf))
        self.assertEqual(len(self.files()), 1)

    def test_a_change_that_would_print_makes_the_pdf_anew_and_nothing_else_does(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            self.page("print_pdf", pk=self.north.pk)
        self.assertEqual([f.status for f in self.files()], [GeneratedFileStatus.DONE])
        Resource.objects.get(pk=self.exercise.pk).save()  # saved, nothing printed changed
        self.assertEqual(self.page("print_pdf", pk=self.north.pk).status_code, 200)
        self.assertEqual(len(self.files()), 1)
        # The contact withdraws consent: the file that prints their phone is not served again.
        Contact.objects.filter(name="窓口 太郎").update(is_public=False)
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(self.page("print_pdf", pk=self.north.pk).status_code, 202)
        self.assertEqual(len(self.files()), 2)
        pdf = downloaded(self.page("print_pdf", pk=self.north.pk))
        self.assertNotIn("042-000-1111", poppler("pdftotext", pdf))

    def test_after_a_failure_the_next_visit_says_so_and_tries_again(self) -> None:
        with self.captureOnCommitCallbacks(execute=False):
            self.page("print_pdf", pk=self.north.pk)
        GeneratedFile.objects.update(status=GeneratedFileStatus.FAILED, error="テスト")
        with self.captureOnCommitCallbacks(execute=False):
            response = self.page("print_pdf", pk=self.north.pk)
        self.assertContains(
            response, "前回はPDFを作成できませんでした。もう一度作成しています。", status_code=202
        )
        self.assertEqual(
            [f.status for f in self.files()],
            [GeneratedFileStatus.FAILED, GeneratedFileStatus.PENDING],
        )
