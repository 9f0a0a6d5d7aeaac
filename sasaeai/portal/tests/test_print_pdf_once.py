"""Hole 1 of issue #20: the public 印刷用リスト PDF is made once for what it prints and then sent
from its stored file, whoever asks and whatever `Host` they name; its QR codes open SITE_URL."""

import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import time_machine
from django.test import override_settings
from django.urls import reverse

from sasaeai.core.constants import JobStatus
from sasaeai.core.models import GeneratedFile
from sasaeai.core.tests.pdf import downloaded, qr_codes
from sasaeai.portal import handout

from .test_views import PortalFixture

NOW = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
# test settings: ALLOWED_HOSTS = testserver, localhost, 127.0.0.1 (any port).
HOSTS = ("testserver", "localhost", "127.0.0.1:8001")


class Fixture(PortalFixture):
    def url(self) -> str:
        return reverse("portal:print_pdf", kwargs={"lgcode": self.city.code, "pk": self.north.pk})

    def files(self) -> list[GeneratedFile]:
        return list(GeneratedFile.objects.filter(kind=f"handout:{self.north.pk}").order_by("pk"))

    def counting_renders(self) -> mock._patch:  # type: ignore[type-arg]
        return mock.patch(
            "sasaeai.portal.handout.render_handout_pdf", wraps=handout.render_handout_pdf
        )


@time_machine.travel(NOW, tick=False)
class SmallAreaTests(Fixture):
    """北部圏域 has one place, well under LARGE_AREA_PLACES (40): its PDF too is made once, by
    the job the first visit starts (the test runs it: tasks are immediate in test settings,
    once the visit's transaction commits), and then sent from the stored file."""

    def test_visits_render_once_and_later_ones_are_the_stored_file(self) -> None:
        with self.counting_renders() as render:
            with self.captureOnCommitCallbacks(execute=True):
                first = self.client.get(self.url())
            later = [self.client.get(self.url()) for _ in range(2)]
        self.assertEqual(render.call_count, 1)
        self.assertContains(first, "PDFを作成しています。数秒で開きます。", status_code=202)
        self.assertEqual([r.status_code for r in later], [200, 200])
        [generated] = self.files()
        self.assertEqual(generated.status, JobStatus.DONE)
        self.assertIsNone(generated.created_by)
        with generated.file.open("rb") as stored:
            content = stored.read()
        self.assertTrue(content.startswith(b"%PDF"))
        self.assertEqual([downloaded(r) for r in later], [content, content])

    def test_other_host_headers_get_the_same_one_file(self) -> None:
        with self.counting_renders() as render:
            with self.captureOnCommitCallbacks(execute=False) as callbacks:
                for host in HOSTS:
                    response = self.client.get(self.url(), headers={"host": host})
                    self.assertEqual(response.status_code, 202, host)
            self.assertEqual(len(callbacks), 1)
            callbacks[0]()  # the worker runs the one job
            contents = []
            for host in HOSTS:
                response = self.client.get(self.url(), headers={"host": host})
                self.assertEqual(response.status_code, 200, host)
                contents.append(downloaded(response))
        self.assertEqual(render.call_count, 1)
        self.assertEqual(len(self.files()), 1)
        self.assertEqual(contents[1:], [contents[0], contents[0]])

    def test_a_visitor_while_the_job_runs_waits_for_that_file(self) -> None:
        # The first visitor's job has claimed the row and is reading the places.
        groups = handout.handout_groups(self.city, self.north)
        GeneratedFile.objects.create(
            municipality=self.city,
            title="印刷用リスト_北部圏域",
            kind=f"handout:{self.north.pk}",
            digest=handout.handout_digest(groups, self.city, self.north),
            status=JobStatus.RUNNING,
            progress=5,
        )
        with self.counting_renders() as render, self.captureOnCommitCallbacks() as callbacks:
            waiting = self.client.get(self.url())
            poll = self.client.get(self.url(), headers={"Accept": "application/json"})
        self.assertEqual((render.call_count, callbacks), (0, []))
        self.assertContains(waiting, "PDFを作成しています。数秒で開きます。", status_code=202)
        self.assertNotContains(waiting, "場所が多いため", status_code=202)
        self.assertEqual(
            poll.json(),
            {
                "done": False,
                "failed": False,
                "progress": 5,
                "text": "場所の情報を読み込んでいます（5％）。",
            },
        )
        self.assertEqual(len(self.files()), 1)

    def test_a_job_stuck_for_ten_minutes_is_asked_for_again(self) -> None:
        # A visit at 9:49 queued the job; its worker was stopped while it ran (still RUNNING).
        with (
            time_machine.travel(NOW - datetime.timedelta(minutes=11), tick=False),
            self.captureOnCommitCallbacks(execute=False),
        ):
            self.client.get(self.url())
        GeneratedFile.objects.update(status=JobStatus.RUNNING, progress=20)
        poll = self.client.get(self.url(), headers={"Accept": "application/json"})
        self.assertEqual(
            (poll.json()["failed"], poll.json()["text"]),
            (True, "PDFを作成できませんでした。「もう一度開く」を押すと、作り直します。"),
        )
        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            self.assertEqual(self.client.get(self.url()).status_code, 202)
        self.assertEqual(len(callbacks), 1)
        self.assertEqual([f.status for f in self.files()], [JobStatus.RUNNING, JobStatus.DONE])
        self.assertEqual(self.client.get(self.url()).status_code, 200)


@time_machine.travel(NOW, tick=True)
@mock.patch("sasaeai.portal.handout.LARGE_AREA_PLACES", 0)
class LargeAreaHostTests(Fixture):
    def test_other_host_headers_start_one_job(self) -> None:
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            for host in HOSTS:
                response = self.client.get(self.url(), headers={"host": host})
                self.assertEqual(response.status_code, 202, host)
        self.assertEqual(len(self.files()), 1)
        self.assertEqual(len(callbacks), 1)


@time_machine.travel(NOW, tick=False)
@override_settings(SITE_URL="https://sasae.example.jp/")
class SiteUrlTests(Fixture):
    def test_the_pdfs_qr_code_opens_site_url_whatever_the_host(self) -> None:
        # The detail page of the exercise class, on SITE_URL (its trailing / not doubled).
        expected = [f"https://sasae.example.jp/132012/places/{self.exercise.pk}/"]
        with self.captureOnCommitCallbacks(execute=True):
            self.client.get(self.url(), headers={"host": "localhost"})
        response = self.client.get(self.url(), headers={"host": "localhost"})
        self.assertEqual(qr_codes(downloaded(response)), expected)

    def test_the_printed_pages_links_are_on_site_url(self) -> None:
        expected = f"https://sasae.example.jp/132012/places/{self.exercise.pk}/"
        for name in ("print_list", "search"):
            kwargs = {"lgcode": self.city.code}
            if name == "print_list":
                kwargs["pk"] = self.north.pk
            url = reverse(f"portal:{name}", kwargs=kwargs)
            response = self.client.get(url, {"print": "1"}, headers={"host": "localhost"})
            urls = [e.url for _kind, entries in response.context["groups"] for e in entries]
            self.assertIn(expected, urls, name)
            self.assertFalse([u for u in urls if "localhost" in u], name)
