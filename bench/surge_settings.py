"""bench/surge.py's settings: the benchmarks' (no rate limits), with jobs queued in the database
for a worker process beside gunicorn, as production runs them (`sasaeai serve`, the systemd
units): the residents' PDFs are made by the worker, never inside a web request."""

from bench.settings import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
