"""One scheduler for every periodic job: `sasaeai run-due` runs each job whose time has come.

An app registers its jobs in its AppConfig.ready() (core never imports the apps above it):

    register("imports_abandoned", title="…", every="daily", at=datetime.time(3, 0), run=fn)

A job's due time is the latest moment of its schedule at or before now (daily at a local time,
hourly at a minute, or every N minutes), so a server that was down at 03:00 runs the job once
at its next call, never once per missed day. Before running, a row (job, due) is inserted in
ScheduledRun: the unique pair is the claim, so a second call, or another server calling at the
same moment, finds the row and leaves the job alone. A job that fails is recorded with its
error and is NOT run again for the same due time: a job may have done part of its work (a
digest sent to half the list), and repeating it every minute would do that part again; it
runs at its next due time, and `sasaeai run-due --list` shows the failure meanwhile.
"""

from __future__ import annotations

import datetime
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from .constants import RunStatus
from .models import ScheduledRun

DAY_MINUTES = 24 * 60


@dataclass(frozen=True)
class Job:
    """A periodic job. `run` does the work and may return a short Japanese summary."""

    name: str
    title: str
    run: Callable[[], str | None]
    every: str | int = "daily"  # "daily", "hourly", or a number of minutes dividing a day
    at: datetime.time = datetime.time(3, 0)  # daily: the local time; hourly: its minute

    def due(self, now: datetime.datetime) -> datetime.datetime:
        """The latest due time at or before `now` (local time, Asia/Tokyo)."""
        local = timezone.localtime(now)
        if self.every == "daily":
            due = local.replace(hour=self.at.hour, minute=self.at.minute, second=0, microsecond=0)
            return due if due <= local else due - datetime.timedelta(days=1)
        if self.every == "hourly":
            due = local.replace(minute=self.at.minute, second=0, microsecond=0)
            return due if due <= local else due - datetime.timedelta(hours=1)
        minutes = int(self.every)
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        since = (local.hour * 60 + local.minute) // minutes * minutes
        return midnight + datetime.timedelta(minutes=since)

    def next_due(self, now: datetime.datetime) -> datetime.datetime:
        """The first due time after `now`."""
        if self.every == "daily":
            return self.due(now) + datetime.timedelta(days=1)
        if self.every == "hourly":
            return self.due(now) + datetime.timedelta(hours=1)
        return self.due(now) + datetime.timedelta(minutes=int(self.every))

    @property
    def schedule_text(self) -> str:
        if self.every == "daily":
            return f"毎日 {self.at:%H:%M}"
        if self.every == "hourly":
            return f"毎時 {self.at.minute}分"
        return f"{int(self.every)}分ごと"


JOBS: dict[str, Job] = {}


def register(
    name: str,
    *,
    title: str,
    run: Callable[[], str | None],
    every: str | int = "daily",
    at: datetime.time = datetime.time(3, 0),
) -> Job:
    """Add a periodic job (from an AppConfig.ready()); registering a name again replaces it."""
    minutes = every not in ("daily", "hourly")
    if minutes and (not isinstance(every, int) or every <= 0 or DAY_MINUTES % every):
        raise ValueError(f"every: {every!r} is not daily, hourly or minutes dividing a day")
    job = Job(name=name, title=title, run=run, every=every, at=at)
    JOBS[name] = job
    return job


@dataclass(frozen=True)
class Outcome:
    job: Job
    due: datetime.datetime
    status: str  # RunStatus
    message: str  # the job's summary, or its error

    @property
    def line(self) -> str:
        when = f"{timezone.localtime(self.due):%Y-%m-%d %H:%M}"
        if self.status == RunStatus.FAILED:
            return f"失敗: {self.job.name}（{self.job.title}、{when} の分）: {self.message}"
        summary = f": {self.message}" if self.message else ""
        return f"実行しました: {self.job.name}（{self.job.title}、{when} の分）{summary}"


def claim(job: Job, due: datetime.datetime, now: datetime.datetime) -> ScheduledRun | None:
    """Insert the (job, due) row; None when it is there already (run, running, or taken by
    another server a moment ago)."""
    try:
        with transaction.atomic():
            return ScheduledRun.objects.create(job=job.name, due=due, started_at=now)
    except IntegrityError:
        return None


def due_jobs(now: datetime.datetime | None = None) -> list[tuple[Job, datetime.datetime]]:
    """The jobs whose latest due time has no row yet, with that time (nothing is claimed)."""
    now = now or timezone.now()
    wanted = [(job, job.due(now)) for job in sorted(JOBS.values(), key=lambda j: j.name)]
    taken = set(
        ScheduledRun.objects.filter(job__in=[job.name for job, _due in wanted]).values_list(
            "job", "due"
        )
    )
    return [(job, due) for job, due in wanted if (job.name, due) not in taken]


def run_due(now: datetime.datetime | None = None) -> list[Outcome]:
    """Run every job whose time has come and which no one has claimed; one job's failure is
    recorded and the others still run."""
    outcomes = []
    for job, due in due_jobs(now):
        run = claim(job, due, timezone.now())
        if run is None:
            continue
        try:
            message = job.run() or ""
        except Exception as error:  # any failure is recorded, the rest run
            run.status = RunStatus.FAILED
            run.error = traceback.format_exc()
            message = f"{type(error).__name__}: {error}"
        else:
            run.status = RunStatus.DONE
            run.result = message
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "error", "result", "finished_at"])
        outcomes.append(Outcome(job, due, run.status, message))
    return outcomes


def last_runs() -> dict[str, ScheduledRun]:
    """Each job's latest run (by due time)."""
    runs = {name: ScheduledRun.objects.filter(job=name).order_by("-due").first() for name in JOBS}
    return {name: run for name, run in runs.items() if run is not None}


# Rows of runs older than this are deleted by the job below: only the latest due time of each
# job is ever looked up, and three months answer "did it run, and why did it fail?".
KEEP_RUNS_DAYS = 90


def scheduled_runs_prune() -> str:
    """Delete the records of runs that finished long ago (never a running one)."""
    cutoff = timezone.now() - datetime.timedelta(days=KEEP_RUNS_DAYS)
    old = ScheduledRun.objects.filter(due__lt=cutoff).exclude(status=RunStatus.RUNNING)
    count, _by_model = old.delete()
    return f"{KEEP_RUNS_DAYS}日より前の実行記録 {count}件を削除しました。"


# Finished background jobs' rows (django-tasks-db's DBTaskResult) are read by nothing once the
# job is over (its GeneratedFile or ImportBatch keeps the outcome); a month is kept for anyone
# looking into a failure.
KEEP_TASK_RESULTS_DAYS = 30


def task_results_prune() -> str:
    """Delete the worker's records of jobs that finished more than a month ago."""
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - datetime.timedelta(days=KEEP_TASK_RESULTS_DAYS)
    count, _by_model = DBTaskResult.objects.finished().filter(finished_at__lte=cutoff).delete()
    return f"終了から{KEEP_TASK_RESULTS_DAYS}日を過ぎたバックグラウンド処理の記録 {count}件を削除しました。"
