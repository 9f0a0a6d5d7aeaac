"""`demo_site`: サンプル市 behind a live server, built once for a whole test module.

pytest-django's `live_server` makes every test transactional, so each test would build its own
city (20 s) and flush it. The page-walking browser tests (layout, axe) only read, so they share
one city and one server for the module: built with the database unblocked, served by its own
thread, flushed when the module ends so that no later test sees it. Their tests use no `db`
fixture, so pytest-django runs them after the transactional tests (which flush as well) and,
when they run alone, has set up no test database: `ensure_test_database` does that here.
A module using `demo_site` must not also use `db`, `transactional_db` or `live_server`.
"""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import setup_databases
from pytest_django import DjangoDbBlocker
from pytest_django.live_server_helper import LiveServer

from sasaeai.core.tests import pages_city


@dataclass(frozen=True)
class DemoSite:
    url: str
    pages: pages_city.PagesCity


def ensure_test_database() -> None:
    """The test database, as pytest-django sets it up when some collected test asks for `db`
    (the root conftest.py has already put the migrated template in place)."""
    test_name = connection.creation._get_test_db_name()  # type: ignore[attr-defined]
    if connection.settings_dict["NAME"] != test_name:
        setup_databases(verbosity=0, interactive=False, keepdb=True)


def database_sessions() -> set[int]:
    """The PostgreSQL sessions on the test database now (none on SQLite)."""
    if connection.vendor != "postgresql":
        return set()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        return {pid for (pid,) in cursor.fetchall()}


def end_server_sessions(before: set[int]) -> None:
    """Close the database sessions the server's request threads still hold. A browser keeps its
    connection alive, so a request thread may outlive server.stop() with its session open, and
    PostgreSQL then refuses to drop the test database at the end of the run. Only the sessions
    opened since the server started (not in `before`) are ended: a session this process held
    before, in whatever thread or context, is not the server's and must live on."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                " AND NOT (pid = ANY(%s))",
                [sorted(before)],
            )


@pytest.fixture(scope="module")
def demo_site(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[DemoSite]:
    with django_db_blocker.unblock():
        ensure_test_database()
        try:
            pages = pages_city.build()
            before = database_sessions()
            server = LiveServer("localhost")
            try:
                yield DemoSite(url=server.url, pages=pages)
            finally:
                server.stop()
                end_server_sessions(before)
        finally:
            # As a transactional test ends: every table emptied (after the transactional tests,
            # which do the same, nothing relies on rows the migrations seeded).
            call_command("flush", verbosity=0, interactive=False)
