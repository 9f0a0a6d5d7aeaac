"""印刷用リスト: the area handout as a page and as an A4 PDF (read back with poppler and zbar),
made once by a background job and then sent from its stored file."""

import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import time_machine
from django.test import override_settings
from django.urls import reverse

from sasaeai.areas.models import Town
from sasaeai.core.constants import JobStatus
from sasaeai.core.models import GeneratedFile
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
    def opened(self, area_pk: int):  # type: ignore[no-untyped-def]
        """The PDF as a visitor gets it once the job the first visit started has run."""
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(self.page("print_pdf", pk=area_pk).status_code, 202)
        response = self.page("print_pdf", pk=area_pk)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        return response

    def pdf(self, area_pk: int) -> bytes:
        return downloaded(self.opened(area_pk))

    def test_a_small_area_is_an_a4_pdf(self) -> None:
        response = self.opened(self.north.pk)
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

    @override_settings(SITE_URL="https://sasae.example.jp")
    def test_each_qr_code_opens_its_places_page(self) -> None:
        # On SITE_URL (not the test client's host): the detail page of the exercise class.
        self.assertEqual(
            qr_codes(self.pdf(self.north.pk)),
            [f"https://sasae.example.jp/132012/places/{self.exercise.pk}/"],
        )

    def test_nothing_private_in_the_pdf(self) -> None:
        text = poppler("pdftotext", self.pdf(self.south.pk))
        self.assertIn("縁側サロン", text)
        self.assertIn("青葉町（個人のお宅。場所はお問い合わせください）", text)
        for private in PRIVATE:
            self.assertNotIn(private, text)


@time_machine.travel(NOW, tick=True)
@mock.patch("sasaeai.portal.handout.LARGE_AREA_PLACES", 0)
class LargeAreaTests(PortalFixture):
    """Past LARGE_AREA_PLACES (0 here, so the one-place area counts as large) a job makes it."""

    def files(self) -> list[GeneratedFile]:
        return list(GeneratedFile.objects.filter(kind=f"handout:{self.north.pk}").order_by("pk"))

    def test_the_first_visit_starts_one_job_and_later_visits_get_its_pdf(self) -> None:
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            waiting = self.page("print_pdf", pk=self.north.pk)
        self.assertEqual(waiting.status_code, 202)
        self.assertContains(waiting, "場所が多いため、PDFを作成しています。", status_code=202)
        self.assertContains(waiting, "PDFの作成の順番を待っています（0％）。", status_code=202)
        self.assertNotContains(waiting, "前回はPDFを作成できませんでした", status_code=202)
        [generated] = self.files()
        self.assertIsNone(generated.created_by)
        self.assertEqual(generated.status, JobStatus.PENDING)
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
        self.assertEqual([f.status for f in self.files()], [JobStatus.DONE])
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
        GeneratedFile.objects.update(status=JobStatus.FAILED, error="テスト")
        with self.captureOnCommitCallbacks(execute=False):
            response = self.page("print_pdf", pk=self.north.pk)
        self.assertContains(
            response, "前回はPDFを作成できませんでした。もう一度作成しています。", status_code=202
        )
        self.assertEqual(
            [f.status for f in self.files()],
            [JobStatus.FAILED, JobStatus.PENDING],
        )


@time_machine.travel(NOW, tick=False)
class PrintTheSearchTests(PortalFixture):
    def test_the_search_page_offers_to_print_its_results(self) -> None:
        response = self.page("search", q="体操")
        self.assertContains(
            response,
            '<a href="?q=%E4%BD%93%E6%93%8D&amp;print=1">この結果を印刷する</a>',
            html=True,
        )

    def test_printing_shows_every_result_with_a_qr_code_and_the_conditions(self) -> None:
        # One result a page on screen; the print has all three, grouped by kind like the
        # handout (通いの場: 体操・サロン; 移動支援: the bus), each with its QR code.
        with mock.patch("sasaeai.portal.views.PER_PAGE", 1):
            response = self.page("search", print="1")
        self.assertTemplateUsed(response, "portal/search_print.html")
        self.assertEqual(
            [
                (kind, [e.resource.name for e in entries])
                for kind, entries in response.context["groups"]
            ],
            [("通いの場", ["いきいき体操の会", "縁側サロン"]), ("移動支援", ["買い物バス"])],
        )
        self.assertContains(response, '<svg role="img" aria-label="「', count=3)
        self.assertContains(response, "令和8年11月27日現在")
        self.assertContains(response, "条件：なし（すべての場所）")
        narrowed = self.page("search", q="体操", free="1", print="1")
        self.assertContains(narrowed, "条件：ことば：体操／参加費が無料")
        self.assertContains(narrowed, '<svg role="img"', count=1)

    def test_a_printed_search_holds_nothing_private(self) -> None:
        html = self.page("search", print="1").content.decode()
        for private in PRIVATE:
            self.assertNotIn(private, html)


@time_machine.travel(NOW, tick=False)
class NarrowedPrintListTests(PortalFixture):
    def test_the_area_list_is_narrowed_by_the_searchs_conditions(self) -> None:
        url_pk = self.north.pk
        self.assertContains(self.page("print_list", pk=url_pk), "いきいき体操の会")
        # 北部圏域 has only the exercise class: 茶話会 leaves nothing, 無料 keeps it.
        tea = self.page("print_list", pk=url_pk, activity="tea")
        self.assertNotContains(tea, "いきいき体操の会")
        self.assertContains(tea, "しぼった条件：活動内容：茶話会")
        self.assertContains(self.page("print_list", pk=url_pk, free="1"), "いきいき体操の会")
        # A weekday (judged on the schedules): Tuesday keeps it, Wednesday does not.
        self.assertContains(self.page("print_list", pk=url_pk, weekday="1"), "いきいき体操の会")
        self.assertNotContains(self.page("print_list", pk=url_pk, weekday="2"), "いきいき体操の会")

    def test_the_area_stays_the_pages_own(self) -> None:
        # Another area in the address does not take the list elsewhere.
        response = self.page("print_list", pk=self.north.pk, area=str(self.south.pk))
        self.assertContains(response, "いきいき体操の会")
        self.assertNotContains(response, "縁側サロン")

    def test_only_the_areas_towns_are_offered_and_the_pdf_stays_whole(self) -> None:
        response = self.page("print_list", pk=self.north.pk, activity="tea")
        sakura = Town.objects.get(name="桜町")
        self.assertContains(response, f'<option value="{sakura.pk}">桜町</option>', html=True)
        self.assertNotContains(response, "青葉町")
        self.assertContains(response, "この地域のすべての場所をPDFで開く（A4）")
        self.assertNotContains(self.page("print_list", pk=self.north.pk), "しぼった条件")


@time_machine.travel(NOW, tick=True)
@mock.patch("sasaeai.portal.handout.LARGE_AREA_PLACES", 0)
class WaitingPageTests(PortalFixture):
    """The waiting page of a large area's PDF says how far the job has got, and its script
    asks the same address (as JSON) until the file is made."""

    def progress(self) -> dict[str, object]:
        url = reverse("portal:print_pdf", kwargs={"lgcode": self.city.code, "pk": self.north.pk})
        response = self.client.get(url, headers={"Accept": "application/json"})
        self.assertIn("Accept", [v.strip() for v in response["Vary"].split(",")])
        return response.json()

    def test_the_page_shows_a_bar_and_a_status_and_polls_for_more(self) -> None:
        with self.captureOnCommitCallbacks(execute=False):
            waiting = self.page("print_pdf", pk=self.north.pk)
        self.assertContains(
            waiting,
            '<p id="print-progress" role="status">PDFの作成の順番を待っています（0％）。</p>',
            html=True,
            status_code=202,
        )
        self.assertContains(
            waiting, '<progress id="print-progress-bar" max="100" value="0"', status_code=202
        )
        self.assertContains(waiting, 'data-print-wait="/132012/areas/', status_code=202)
        self.assertContains(waiting, "js/portal-print-wait.js", status_code=202)

    def test_the_poll_reports_each_step_and_never_starts_a_job(self) -> None:
        # No visit yet: nothing is being made, and the poll does not start anything.
        self.assertEqual(
            self.progress(),
            {
                "done": False,
                "failed": True,
                "progress": 0,
                "text": "PDFの作成が止まりました。「もう一度開く」を押してください。",
            },
        )
        self.assertEqual(GeneratedFile.objects.count(), 0)
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            self.page("print_pdf", pk=self.north.pk)
        self.assertEqual(self.progress()["text"], "PDFの作成の順番を待っています（0％）。")
        GeneratedFile.objects.update(status=JobStatus.RUNNING, progress=5)
        self.assertEqual(self.progress()["text"], "場所の情報を読み込んでいます（5％）。")
        GeneratedFile.objects.update(progress=20)  # tasks.READ_SHARE: the places are read
        self.assertEqual(
            self.progress(),
            {
                "done": False,
                "failed": False,
                "progress": 20,
                "text": "ページを組み立てています（20％）。",
            },
        )
        for callback in callbacks:  # the worker finishes the job
            callback()
        self.assertEqual(
            self.progress(),
            {
                "done": True,
                "failed": False,
                "progress": 100,
                "text": "できあがりました。PDFを開きます。",
            },
        )
        self.assertEqual(GeneratedFile.objects.count(), 1)

    def test_a_failed_job_is_reported_not_retried_by_the_poll(self) -> None:
        with self.captureOnCommitCallbacks(execute=False):
            self.page("print_pdf", pk=self.north.pk)
        GeneratedFile.objects.update(status=JobStatus.FAILED, error="テスト")
        state = self.progress()
        self.assertEqual(
            (state["failed"], state["text"]),
            (True, "PDFを作成できませんでした。「もう一度開く」を押すと、作り直します。"),
        )
        self.assertEqual(GeneratedFile.objects.count(), 1)
