"""Files made by background jobs that hold personal data (the 確認票 batch) are deleted, row and
stored file, GENERATED_PERSONAL_FILE_DAYS days after they were made (issue #21); files being
made and files of other kinds (public handouts, the カルテ) are never touched, and the page of a
deleted file says what happened and that it can be made again."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from zoneinfo import ZoneInfo

import time_machine
from django.conf import settings
from django.core.files.storage import default_storage
from django.test import TestCase, override_settings
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import MunicipalityFactory
from sasaeai.core.constants import JobStatus
from sasaeai.core.generated_files import (
    generated_file_create,
    generated_file_fail,
    generated_file_finish,
    generated_file_progress,
)
from sasaeai.core.models import GeneratedFile
from sasaeai.core.retention import generated_personal_files_prune

TOKYO = ZoneInfo("Asia/Tokyo")
# The job runs at 03:55 on 20 April 2026; 7 days before is 03:55 on 13 April.
NOW = datetime.datetime(2026, 4, 20, 3, 55, tzinfo=TOKYO)
SHEETS = "resource_sheets"  # resources.constants.SHEET_BATCH_KIND
HANDOUT = "handout:1"  # portal.handout.handout_kind: a public page's handout, not personal
KARTE = "analysis_karte"  # not a personal kind: area statistics


def at(day: int, hour: int = 12) -> datetime.datetime:
    return datetime.datetime(2026, 4, day, hour, 0, tzinfo=TOKYO)


class PruneTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.sc = user_with_role(Role.SC_LAYER1, cls.city)

    def made(self, title: str, kind: str, finished: datetime.datetime | None) -> GeneratedFile:
        """A file requested an hour before `finished` and stored then (None: still being made)."""
        start = (finished or NOW) - datetime.timedelta(hours=1)
        with time_machine.travel(start, tick=False):
            row = generated_file_create(
                municipality=self.city, user=self.sc, title=title, kind=kind
            )
        if finished is None:
            generated_file_progress(pk=row.pk, progress=40, status=JobStatus.RUNNING)
            return row
        with time_machine.travel(finished, tick=False):
            return generated_file_finish(generated=row, name=f"{title}.pdf", content=b"%PDF-1.7")

    def prune(self) -> str:
        with self.captureOnCommitCallbacks(execute=True), time_machine.travel(NOW, tick=False):
            return generated_personal_files_prune()

    def test_the_setting_defaults_to_seven_days(self) -> None:
        self.assertEqual(settings.GENERATED_PERSONAL_FILE_DAYS, 7)

    def test_personal_files_over_seven_days_old_go_with_their_stored_file(self) -> None:
        old = self.made("確認票_古い", SHEETS, at(13, 3))  # 13 April 03:00: 7 days 55 min ago
        edge = self.made("確認票_ちょうど", SHEETS, NOW - datetime.timedelta(days=7))  # kept
        recent = self.made("確認票_新しい", SHEETS, at(19))  # 1 day ago: kept
        old_name = old.file.name
        self.assertTrue(default_storage.exists(old_name))
        with time_machine.travel(at(10), tick=False):  # failed 10 days ago: no file, row goes
            failed = generated_file_create(
                municipality=self.city, user=self.sc, title="確認票_失敗", kind=SHEETS
            )
            generated_file_fail(pk=failed.pk, error="作成できませんでした。")

        message = self.prune()

        self.assertEqual(message, "作成から7日を過ぎた個人情報を含むファイル 2件を削除しました。")
        self.assertEqual(
            sorted(GeneratedFile.objects.values_list("title", flat=True)),
            ["確認票_ちょうど", "確認票_新しい"],
        )
        self.assertFalse(default_storage.exists(old_name))
        for kept in (edge, recent):
            self.assertTrue(default_storage.exists(kept.file.name))

    def test_files_being_made_and_other_kinds_are_never_deleted(self) -> None:
        with time_machine.travel(at(1), tick=False):  # waiting since 1 April, 19 days
            generated_file_create(
                municipality=self.city, user=self.sc, title="確認票_待機", kind=SHEETS
            )
        running = self.made("確認票_作成中", SHEETS, None)
        GeneratedFile.objects.filter(pk=running.pk).update(created_at=at(2))
        handout = self.made("配布資料", HANDOUT, at(1))
        karte = self.made("地域カルテ", KARTE, at(1))

        self.assertEqual(
            self.prune(), "作成から7日を過ぎた個人情報を含むファイル 0件を削除しました。"
        )
        self.assertEqual(
            sorted(GeneratedFile.objects.values_list("title", flat=True)),
            ["地域カルテ", "確認票_作成中", "確認票_待機", "配布資料"],
        )
        self.assertTrue(default_storage.exists(handout.file.name))
        self.assertTrue(default_storage.exists(karte.file.name))

    @override_settings(GENERATED_PERSONAL_FILE_DAYS=30)
    def test_the_number_of_days_is_the_setting(self) -> None:
        self.made("確認票_20日前", SHEETS, at(1, 3))  # 1 April: 19 days ago, kept under 30
        self.assertEqual(
            self.prune(), "作成から30日を過ぎた個人情報を含むファイル 0件を削除しました。"
        )
        self.assertEqual(GeneratedFile.objects.count(), 1)

    def test_the_daily_job_is_the_registered_one(self) -> None:
        from sasaeai.core import schedule

        job = schedule.JOBS["generated_personal_files_prune"]
        self.assertEqual(job.run, generated_personal_files_prune)
        self.assertEqual(job.title, "個人情報を含む作成ファイルの削除")


class PageOfADeletedFileTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.sc = user_with_role(Role.SC_LAYER1, cls.city)

    def test_the_status_and_download_pages_say_it_was_deleted_and_can_be_made_again(self) -> None:
        self.client.force_login(self.sc)
        with time_machine.travel(at(1), tick=False):
            row = generated_file_create(
                municipality=self.city, user=self.sc, title="確認票_八王子市", kind=SHEETS
            )
            generated_file_finish(generated=row, name="x.pdf", content=b"%PDF-1.7")
        with self.captureOnCommitCallbacks(execute=True), time_machine.travel(NOW, tick=False):
            generated_personal_files_prune()
        for name in ("core:generated_file", "core:generated_file_download"):
            with self.subTest(name):
                page = self.client.get(reverse(name, args=[self.city.code, row.pk]))
                self.assertContains(
                    page,
                    "個人情報を含むファイル（確認票の一括作成など）は、作成から7日たつと"
                    "自動で削除しています。必要なときは、もう一度作成してください。",
                    status_code=404,
                )
                # A coordinator may make the batch again: the page links to it.
                self.assertContains(
                    page, reverse("resources:sheet_batch", args=[self.city.code]), status_code=404
                )


def test_the_sheet_batch_is_a_personal_kind_without_any_view_imported() -> None:
    # `run-due` loads no URLs, so no view module: the kind must be known from the apps alone,
    # or the daily job would find no kind to delete. A fresh interpreter, as run-due is.
    code = (
        "import django; django.setup(); import sys; "
        "from sasaeai.core.access_log import PERSONAL_FILE_KINDS; "
        "print(sorted(PERSONAL_FILE_KINDS), 'sasaeai.resources.views.sheets' in sys.modules)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True, text=True, check=True, env=env, cwd=settings.BASE_DIR,
    ).stdout  # fmt: skip
    assert out.strip() == "['resource_sheets'] False"
