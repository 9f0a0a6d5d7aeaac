"""The one scheduler (#20 point 5): `sasaeai run-due` runs each periodic job once per due time,
under time-machine, whoever calls it and however often."""

import contextlib
import datetime
import io
import threading
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

import time_machine
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TestCase, TransactionTestCase

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import MunicipalityFactory
from sasaeai.cli import main

TOKYO = ZoneInfo("Asia/Tokyo")


def tokyo(day: int, hour: int, minute: int = 0, month: int = 4) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=TOKYO)


class Counter:
    """A job that counts its runs."""

    def __init__(self) -> None:
        self.runs = 0

    def __call__(self) -> str:
        self.runs += 1
        return f"{self.runs}回目"


class SchedulerTestCase(TestCase):
    def setUp(self) -> None:
        from sasaeai.core import schedule

        self.schedule = schedule
        # Only the jobs a test registers (the real ones have a test of their own below).
        patcher = mock.patch.dict(schedule.JOBS, clear=True)
        patcher.start()
        self.addCleanup(patcher.stop)

    def run_at(self, moment: datetime.datetime) -> list:
        with time_machine.travel(moment, tick=False):
            return self.schedule.run_due()

    def command(self, *args: str, at: datetime.datetime) -> str:
        out = io.StringIO()
        with time_machine.travel(at, tick=False):
            call_command("run_due", *args, stdout=out, stderr=out)
        return out.getvalue()


class DueTimeTests(SchedulerTestCase):
    def test_a_daily_job_at_three_is_due_at_three_once_a_day(self) -> None:
        job = Counter()
        self.schedule.register("nightly", title="夜の片付け", at=datetime.time(3, 0), run=job)
        self.run_at(tokyo(1, 3, 0))  # first call: 1 April 03:00
        self.assertEqual(job.runs, 1)
        self.run_at(tokyo(2, 2, 59))  # 2 April 02:59: the 2 April run is not due yet
        self.assertEqual(job.runs, 1)
        self.run_at(tokyo(2, 3, 0))  # 2 April 03:00: due
        self.assertEqual(job.runs, 2)
        self.run_at(tokyo(2, 3, 5))  # five minutes later: already run for 2 April 03:00
        self.assertEqual(job.runs, 2)
        self.run_at(tokyo(3, 3, 0))  # the next day
        self.assertEqual(job.runs, 3)
        runs = self.schedule.ScheduledRun.objects.order_by("due")
        self.assertEqual(
            [(run.due, run.status, run.result) for run in runs],
            [
                (tokyo(1, 3), "done", "1回目"),
                (tokyo(2, 3), "done", "2回目"),
                (tokyo(3, 3), "done", "3回目"),
            ],
        )

    def test_days_missed_while_the_server_was_down_run_once(self) -> None:
        job = Counter()
        self.schedule.register("nightly", title="夜の片付け", at=datetime.time(3, 0), run=job)
        self.run_at(tokyo(1, 3, 0))
        # Down from 1 April until 4 April 10:00: the 2, 3 and 4 April runs were missed.
        outcomes = self.run_at(tokyo(4, 10, 0))
        self.assertEqual([o.due for o in outcomes], [tokyo(4, 3)])  # the latest only
        self.run_at(tokyo(4, 10, 1))
        self.assertEqual(job.runs, 2)

    def test_hourly_and_every_n_minutes(self) -> None:
        hourly = self.schedule.register(
            "h", title="毎時", every="hourly", at=datetime.time(0, 15), run=Counter()
        )
        quarter = self.schedule.register("q", title="15分", every=15, run=Counter())
        # 10:14 → the hourly job's latest due time is 09:15; the next 10:15.
        self.assertEqual(hourly.due(tokyo(1, 10, 14)), tokyo(1, 9, 15))
        self.assertEqual(hourly.next_due(tokyo(1, 10, 14)), tokyo(1, 10, 15))
        self.assertEqual(hourly.due(tokyo(1, 10, 15)), tokyo(1, 10, 15))
        # 10:44 → 10:30 (10:00, 10:15, 10:30 …); the next 10:45.
        self.assertEqual(quarter.due(tokyo(1, 10, 44)), tokyo(1, 10, 30))
        self.assertEqual(quarter.next_due(tokyo(1, 10, 44)), tokyo(1, 10, 45))
        # 00:05 Tokyo is 15:05 UTC the day before: the due time is still Tokyo's midnight.
        self.assertEqual(quarter.due(tokyo(2, 0, 5)), tokyo(2, 0, 0))

    def test_a_schedule_that_does_not_divide_the_day_is_refused(self) -> None:
        with self.assertRaises(ValueError):
            self.schedule.register("x", title="7分", every=7, run=Counter())
        with self.assertRaises(ValueError):
            self.schedule.register("x", title="毎週", every="weekly", run=Counter())


class ClaimTests(SchedulerTestCase):
    def test_a_run_claimed_by_another_server_is_not_run_again(self) -> None:
        job = Counter()
        self.schedule.register("nightly", title="夜の片付け", run=job)
        # Another server inserted the row for 1 April 03:00 a moment ago (still running).
        self.schedule.ScheduledRun.objects.create(
            job="nightly", due=tokyo(1, 3), started_at=tokyo(1, 3)
        )
        self.assertEqual(self.run_at(tokyo(1, 3, 0)), [])
        self.assertEqual(job.runs, 0)

    def test_the_second_claim_of_the_same_due_time_loses(self) -> None:
        job = self.schedule.register("nightly", title="夜の片付け", run=Counter())
        first = self.schedule.claim(job, tokyo(1, 3), tokyo(1, 3))
        second = self.schedule.claim(job, tokyo(1, 3), tokyo(1, 3))
        self.assertIsNotNone(first)
        self.assertIsNone(second)
        self.assertEqual(self.schedule.ScheduledRun.objects.count(), 1)

    def test_both_servers_finding_the_job_due_run_it_once(self) -> None:
        """Two servers read "due" at the same moment; the other one inserts its row while we
        are between reading and claiming: we run nothing."""
        job = Counter()
        self.schedule.register("nightly", title="夜の片付け", run=job)
        real_claim = self.schedule.claim

        def other_server_first(*args: Any) -> Any:
            self.assertIsNotNone(real_claim(*args))  # the other server's claim, just before
            return real_claim(*args)

        with mock.patch.object(self.schedule, "claim", side_effect=other_server_first):
            mine = self.run_at(tokyo(1, 3))
        self.assertEqual((mine, job.runs), ([], 0))
        self.assertEqual(self.schedule.ScheduledRun.objects.count(), 1)


class TwoServersTests(TransactionTestCase):
    def test_two_servers_calling_at_the_same_moment_run_the_job_once(self) -> None:
        """Two threads (two connections, as two servers) both find the job due, and wait for
        each other before claiming: the database lets one insert the row."""
        from sasaeai.core import schedule

        runs: list[str] = []
        both_read = threading.Barrier(2, timeout=60)
        real_claim = schedule.claim

        def claim_together(*args: Any) -> Any:
            both_read.wait()  # both have read "due"; now both insert
            return real_claim(*args)

        def server(name: str) -> None:
            try:
                schedule.run_due()
            finally:
                connection.close()

        # One clock for both threads (time-machine's travel is process-wide). On SQLite the
        # second insert waits for the first transaction (IMMEDIATE mode), then meets the row.
        with (
            time_machine.travel(tokyo(1, 3), tick=False),
            mock.patch.dict(schedule.JOBS, clear=True),
            mock.patch.object(schedule, "claim", side_effect=claim_together),
        ):
            schedule.register("nightly", title="夜の片付け", run=lambda: runs.append("ran") or "")
            threads = [threading.Thread(target=server, args=(n,)) for n in ("a", "b")]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
        self.assertEqual(runs, ["ran"])
        self.assertEqual(schedule.ScheduledRun.objects.filter(job="nightly").count(), 1)


class FailureTests(SchedulerTestCase):
    def test_a_failing_job_is_recorded_and_the_others_still_run(self) -> None:
        def broken() -> str:
            raise RuntimeError("ディスクがいっぱいです")

        good = Counter()
        self.schedule.register("a_broken", title="壊れたジョブ", run=broken)
        self.schedule.register("b_good", title="正常なジョブ", run=good)
        outcomes = self.run_at(tokyo(1, 3))
        self.assertEqual(
            [(o.job.name, o.status) for o in outcomes], [("a_broken", "failed"), ("b_good", "done")]
        )
        self.assertEqual(good.runs, 1)
        failed = self.schedule.ScheduledRun.objects.get(job="a_broken")
        self.assertEqual(failed.status, "failed")
        self.assertIn("RuntimeError: ディスクがいっぱいです", failed.error)
        self.assertIsNotNone(failed.finished_at)
        # Not retried for the same due time (a later call that day runs nothing) …
        self.assertEqual(self.run_at(tokyo(1, 9)), [])
        # … but at its next due time.
        self.assertEqual([o.job.name for o in self.run_at(tokyo(2, 3))], ["a_broken", "b_good"])

    def test_the_command_reports_a_failure_and_exits_with_an_error(self) -> None:
        def broken() -> str:
            raise RuntimeError("ディスクがいっぱいです")

        self.schedule.register("a_broken", title="壊れたジョブ", run=broken)
        self.schedule.register("b_good", title="正常なジョブ", run=Counter())
        with self.assertRaisesMessage(CommandError, "失敗したジョブがあります: a_broken"):
            self.command(at=tokyo(1, 3))
        self.assertEqual(self.schedule.ScheduledRun.objects.get(job="b_good").status, "done")


class CommandTests(SchedulerTestCase):
    def test_the_command_prints_what_it_ran_and_then_that_nothing_is_due(self) -> None:
        self.schedule.register("nightly", title="夜の片付け", run=Counter())
        self.assertEqual(
            self.command(at=tokyo(1, 3, 0)),
            "実行しました: nightly（夜の片付け、2026-04-01 03:00 の分）: 1回目\n",
        )
        self.assertEqual(self.command(at=tokyo(1, 3, 1)), "時期の来た定期ジョブはありません。\n")

    def test_dry_run_shows_the_due_jobs_and_runs_nothing(self) -> None:
        job = Counter()
        self.schedule.register("nightly", title="夜の片付け", run=job)
        self.assertEqual(
            self.command("--dry-run", at=tokyo(1, 3, 0)),
            "実行予定: nightly（夜の片付け、2026-04-01 03:00 の分）\n",
        )
        self.assertEqual(job.runs, 0)
        self.assertFalse(self.schedule.ScheduledRun.objects.exists())

    def test_list_shows_schedule_last_run_and_next_due(self) -> None:
        def broken() -> str:
            raise RuntimeError("ディスクがいっぱいです")

        self.schedule.register("nightly", title="夜の片付け", run=Counter())
        self.schedule.register("often", title="こまめな確認", every=15, run=broken)
        self.schedule.register(
            "hourly", title="毎時の確認", every="hourly", at=datetime.time(0, 5), run=Counter()
        )
        self.run_at(tokyo(1, 3, 0))  # hourly: 1 April 02:05; often: 03:00 (fails)
        # At 03:04 every job has run for its latest due time (the hourly one's is 02:05).
        self.assertEqual(
            self.command("--list", at=tokyo(1, 3, 4)),
            "hourly  毎時の確認  毎時 5分  前回: 2026-04-01 02:05 の分 完了"
            "  次: 2026-04-01 03:05\n"
            "nightly  夜の片付け  毎日 03:00  前回: 2026-04-01 03:00 の分 完了"
            "  次: 2026-04-02 03:00\n"
            "often  こまめな確認  15分ごと  前回: 2026-04-01 03:00 の分 失敗"
            "（RuntimeError: ディスクがいっぱいです）  次: 2026-04-01 03:15\n",
        )
        # At 03:20 the 15-minute job's 03:15 run and the hourly one's 03:05 are waiting.
        waiting = self.command("--list", at=tokyo(1, 3, 20)).splitlines()
        self.assertEqual(
            [line.rpartition("  ")[2] for line in waiting],
            [
                "次: いま（次の呼び出しで実行）",
                "次: 2026-04-02 03:00",
                "次: いま（次の呼び出しで実行）",
            ],
        )

    def test_list_before_any_run(self) -> None:
        self.schedule.register("nightly", title="夜の片付け", run=Counter())
        self.assertEqual(
            self.command("--list", at=tokyo(1, 2, 0)),
            "nightly  夜の片付け  毎日 03:00  前回: なし  次: いま（次の呼び出しで実行）\n",
        )

    def test_sasaeai_help_names_run_due_and_its_options(self) -> None:
        for args in (["help"], ["help", "run-due"]):
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                self.assertEqual(main(["sasaeai", *args]), 0)
            with self.subTest(args):
                if args == ["help"]:
                    self.assertIn("\n    run-due\n", out.getvalue())
                else:
                    for option in ("--list", "--dry-run", "--every"):
                        self.assertIn(option, out.getvalue())


class RegisteredJobsTests(TestCase):
    """The jobs core registers in its AppConfig.ready()."""

    def test_core_registers_its_housekeeping_jobs(self) -> None:
        from sasaeai.core import schedule

        self.assertEqual(
            {name: job.schedule_text for name, job in schedule.JOBS.items()},
            {
                "imports_abandoned": "毎日 03:00",
                "task_results_prune": "毎日 03:15",
                "scheduled_runs_prune": "毎日 03:30",
                "personal_data_purge": "毎日 03:45",
                "sign_in_logs_prune": "毎日 03:50",
                "generated_personal_files_prune": "毎日 03:55",
                # open data: the public files made again when the public data changed.
                "opendata_refresh": "毎日 05:00",
                # notices: the day's scans, then the mail that lists them.
                "notices_scan": "毎日 06:00",
                "notices_digest": "毎日 07:00",
            },
        )

    def test_old_run_records_and_finished_task_results_are_deleted(self) -> None:
        from django_tasks_db.models import DBTaskResult

        from sasaeai.core.models import ScheduledRun
        from sasaeai.core.schedule import scheduled_runs_prune, task_results_prune

        now = tokyo(1, 3, 30)
        day = datetime.timedelta(days=1)
        for job, due, status in (
            ("old", now - 91 * day, "done"),  # over 90 days: deleted
            ("old_failed", now - 120 * day, "failed"),  # deleted
            ("recent", now - 89 * day, "done"),  # kept
            ("stuck", now - 200 * day, "running"),  # never deleted: it may still be running
        ):
            ScheduledRun.objects.create(job=job, due=due, started_at=due, status=status)
        for status, finished in (
            ("SUCCESSFUL", now - 31 * day),  # finished over 30 days ago: deleted
            ("FAILED", now - 40 * day),  # deleted
            ("SUCCESSFUL", now - 29 * day),  # kept
            ("READY", None),  # waiting: kept
        ):
            DBTaskResult.objects.create(
                status=status, finished_at=finished, args_kwargs={}, task_path="x.y",
                backend_name="default", run_after=now, exception_class_path="", traceback="",
            )  # fmt: skip
        with time_machine.travel(now, tick=False):
            self.assertEqual(scheduled_runs_prune(), "90日より前の実行記録 2件を削除しました。")
            self.assertEqual(
                task_results_prune(),
                "終了から30日を過ぎたバックグラウンド処理の記録 2件を削除しました。",
            )
        self.assertEqual(
            sorted(ScheduledRun.objects.values_list("job", flat=True)), ["recent", "stuck"]
        )
        self.assertEqual(
            sorted(DBTaskResult.objects.values_list("status", flat=True)), ["READY", "SUCCESSFUL"]
        )

    def test_previews_left_for_thirty_days_are_cancelled_at_three(self) -> None:
        from sasaeai.core.constants import ImportStatus
        from sasaeai.core.imports import batch_create
        from sasaeai.core.models import ImportBatch

        city = MunicipalityFactory(code="132012")
        user = user_with_role(Role.SC_LAYER1, city)
        towns = "地域コード,町丁目名,圏域名\n".encode()

        def upload(at: datetime.datetime) -> ImportBatch:
            with time_machine.travel(at, tick=False):
                return batch_create(
                    municipality=city, kind="towns", name="t.csv", data=towns, user=user
                )

        old = upload(tokyo(1, 2, 59, month=3))  # 31 days before 1 April 03:00 (and a minute)
        recent = upload(tokyo(2, 3, 1, month=3))  # 29 days and 23:59 before
        done = upload(tokyo(1, 1, 0, month=3))
        ImportBatch.objects.filter(pk=done.pk).update(status=ImportStatus.COMMITTED)
        outcomes = {o.job.name: o for o in self.run_at_three()}
        self.assertEqual(
            outcomes["imports_abandoned"].message,
            "30日以上確認待ちのままの取込 1件を取り消しました。",
        )
        statuses = dict(ImportBatch.objects.values_list("pk", "status"))
        self.assertEqual(
            statuses,
            {old.pk: "cancelled", recent.pk: "preview", done.pk: "committed"},
        )
        self.assertFalse(default_storage.exists(old.file.name))  # its upload is gone
        self.assertTrue(default_storage.exists(recent.file.name))
        # The cancel is in the batch's history (by no one: the scheduler; the upload row is recorded by none either).
        self.assertEqual(
            list(old.history.order_by("history_id").values_list("status", "history_user")),
            [("preview", None), ("cancelled", None)],
        )

    def run_at_three(self) -> list:
        from sasaeai.core.schedule import run_due

        with time_machine.travel(tokyo(1, 3, 0), tick=False):
            return run_due()
