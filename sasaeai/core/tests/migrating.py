"""For the tests of one data migration: migrate to the state before it, through it and back.

Two ways, whichever costs less for the migration under test. Migrating the test database back
from the newest state unapplies every later migration of every app that depends on the one
under test, and Django re-renders the whole project's model states for each of them (every
history model points at the user model, so a change re-renders most models): for core/0008,
about 14 s per trip back and as much forward again, and more with every app added above.
`DataMigrationTestCase` instead migrates an empty database of its own forward to the state: only
what that state depends on runs (core/0008 needs 28 of the 105 migrations, 2 s; councils/0004
about 70, 15 s), and one step back from the newest applied migration renders only that step.
The projects test still takes the test database back (`latest()` afterwards): it checks with
today's models, which need every migration.
"""

import copy
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.apps.registry import Apps
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import load_backend
from django.test import SimpleTestCase


def migrate(targets: list[Any]) -> Apps:
    """Migrate the database (the scratch one, inside `scratch_database`) to the targets; the
    models as they are there."""
    return MigrationExecutor(connection).migrate(targets).apps


def latest() -> list[tuple[str, str]]:
    """The newest migration of every app. Not only the app under test: migrating it back also
    unapplies every later migration of other apps that depends on it (councils' 0004 depends
    on resources' 0012, which depends on core's), and the tests run after this one on the same
    database need them all."""
    return list(MigrationExecutor(connection).loader.graph.leaf_nodes())


@contextmanager
def scratch_database() -> Iterator[None]:
    """An empty database of the test database's engine, standing in for `default` inside the
    block (the migrations' own code and every query use it); the test database is not touched."""
    real = connections[DEFAULT_DB_ALIAS]
    settings = copy.deepcopy(real.settings_dict)
    if real.vendor == "sqlite":
        folder = tempfile.mkdtemp(prefix="sasaeai-migration-test-")
        settings["NAME"] = str(Path(folder) / "scratch.sqlite3")

        def drop() -> None:
            shutil.rmtree(folder, ignore_errors=True)

    else:
        # Beside the worker's test database, so CI's clean-up of a cut-short run finds it.
        settings["NAME"] = f"{real.settings_dict['NAME']}_scratch"
        quoted = real.ops.quote_name(settings["NAME"])

        def drop() -> None:
            with real._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")

        drop()
        with real._nodb_cursor() as cursor:
            cursor.execute(
                f"CREATE DATABASE {quoted} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'"
            )
    scratch = load_backend(settings["ENGINE"]).DatabaseWrapper(settings, DEFAULT_DB_ALIAS)
    connections[DEFAULT_DB_ALIAS] = scratch
    try:
        yield
    finally:
        scratch.close()
        connections[DEFAULT_DB_ALIAS] = real
        drop()


class DataMigrationTestCase(SimpleTestCase):
    """Each test runs on a scratch database (see the module's note); `databases` lets pytest-django
    open the test database's connection, whose settings the scratch one copies."""

    databases = {DEFAULT_DB_ALIAS}

    def setUp(self) -> None:
        super().setUp()
        self.enterContext(scratch_database())


def old_city(apps: Apps, code: str = "132012", name: str = "八王子市") -> Any:
    """A municipality written by the model of that state."""
    return apps.get_model("areas", "Municipality").objects.create(
        code=code, name=name, prefecture="東京都"
    )


def old_user(apps: Apps, username: str = "coordinator") -> Any:
    """A user written by the model of that state (no usable password: nobody signs in)."""
    return apps.get_model("accounts", "User").objects.create(
        username=username, display_name="生活支援コーディネーター", password="!"
    )
