"""`sasaeai run-due`: run every periodic job whose time has come (core/schedule.py)."""

from __future__ import annotations

import signal
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections
from django.utils import timezone

from sasaeai.core import schedule
from sasaeai.core.constants import RunStatus


def local(moment: Any) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


class Command(BaseCommand):
    help = (
        "時期の来た定期ジョブ（放置された取込の取消など）を、予定日時ごとに一度だけ実行します。"
        "何度呼んでも、複数のサーバーから同時に呼んでも、同じ予定日時の分は一度しか実行しません。"
        "`sasaeai serve` を使わないときは、systemd タイマーか cron で毎分実行してください。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--list", action="store_true", help="ジョブの一覧（予定・前回の実行・次の予定）を表示"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="実行せずに、いま時期の来ているジョブを表示"
        )
        parser.add_argument(
            "--every",
            type=int,
            metavar="秒",
            help="終了せず、この秒数ごとに繰り返す（SIGTERM か Ctrl-C で止まります）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.verbosity = options["verbosity"]
        if options["list"]:
            self.show_list()
        elif options["dry_run"]:
            self.show_due()
        elif options["every"]:
            self.loop(max(options["every"], 1))
        else:
            failed = self.run_once(quiet=False)
            if failed:
                raise CommandError("失敗したジョブがあります: " + "、".join(failed))

    def run_once(self, *, quiet: bool) -> list[str]:
        """Run what is due; print a line per job run. Returns the names of failed jobs."""
        outcomes = schedule.run_due()
        for outcome in outcomes:
            failed = outcome.status == RunStatus.FAILED
            (self.stderr if failed else self.stdout).write(outcome.line)
        if not outcomes and not quiet and self.verbosity >= 1:
            self.stdout.write("時期の来た定期ジョブはありません。")
        return [o.job.name for o in outcomes if o.status == RunStatus.FAILED]

    def loop(self, seconds: int) -> None:
        """Call run_due every `seconds` until SIGTERM or SIGINT; a job running when the signal
        comes finishes first. An error (the database away for a moment) is printed and the next
        round tries again, so `sasaeai serve` keeps its scheduler."""
        stop: list[int] = []
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda signum, frame: stop.append(signum))
        while not stop:
            close_old_connections()
            try:
                self.run_once(quiet=True)
            except Exception as error:  # reported; the next round retries
                self.stderr.write(
                    f"定期ジョブの確認に失敗しました: {type(error).__name__}: {error}"
                )
            deadline = time.monotonic() + seconds
            while not stop and time.monotonic() < deadline:
                time.sleep(min(0.2, max(deadline - time.monotonic(), 0)))
        sys.stdout.flush()

    def show_due(self) -> None:
        due = schedule.due_jobs()
        for job, when in due:
            self.stdout.write(f"実行予定: {job.name}（{job.title}、{local(when)} の分）")
        if not due:
            self.stdout.write("時期の来た定期ジョブはありません。")

    def show_list(self) -> None:
        now = timezone.now()
        last = schedule.last_runs()
        for name, job in sorted(schedule.JOBS.items()):
            run = last.get(name)
            if run is None:
                previous = "前回: なし"
            else:
                previous = f"前回: {local(run.due)} の分 {run.get_status_display()}"
                if run.status == RunStatus.FAILED:
                    error = run.error.strip().splitlines()[-1:] or [""]
                    previous += f"（{error[0]}）"
            waiting = run is None or run.due < job.due(now)
            upcoming = (
                "次: いま（次の呼び出しで実行）" if waiting else f"次: {local(job.next_due(now))}"
            )
            self.stdout.write(f"{name}  {job.title}  {job.schedule_text}  {previous}  {upcoming}")
        if not schedule.JOBS:
            self.stdout.write("定期ジョブは登録されていません。")
