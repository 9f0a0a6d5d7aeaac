"""A migrated template for the test databases, built once and copied for each pytest-xdist worker.

Migrating an empty database takes about 20 s, almost all of it Django re-rendering model states
(every history model points at the user model, so each new model re-renders most others). The
template is migrated once by the real migrations, kept under a name that hashes every migration
file, and each worker's test database starts as a copy of it: SQLite copies the file, PostgreSQL
uses CREATE DATABASE … TEMPLATE. Django then runs migrate on the copy, which finds nothing to do.
"""

import fcntl
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.apps import apps
from django.conf import settings
from django.db import connection

TEMPLATE_DIR = Path(settings.BASE_DIR) / "var" / "test-templates"


def migrations_digest() -> str:
    """A hash of every migration file of every installed app (ours and third-party)."""
    digest = hashlib.sha256()
    for config in sorted(apps.get_app_configs(), key=lambda c: c.label):
        for path in sorted((Path(config.path) / "migrations").glob("*.py")):
            digest.update(f"{config.label}/{path.name}\n".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@contextmanager
def exclusive(name: str) -> Iterator[None]:
    """One worker builds a template while the others wait for it."""
    TEMPLATE_DIR.mkdir(parents=True, exist_ok=True)
    with (TEMPLATE_DIR / f"{name}.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def migrate(database_url: str) -> None:
    """Run the real migrations in a child process, against the database at `database_url`."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
    }
    subprocess.run(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "migrate", "-v0"],
        env=env,
        check=True,
        stdin=subprocess.DEVNULL,
    )


def sqlite_template() -> Path:
    """The migrated SQLite file for today's migrations, built if missing."""
    path = TEMPLATE_DIR / f"sqlite-{migrations_digest()}.sqlite3"
    with exclusive("sqlite"):
        if not path.exists():
            for stale in TEMPLATE_DIR.glob("sqlite-*.sqlite3*"):
                stale.unlink()
            building = path.with_suffix(".building")
            building.unlink(missing_ok=True)
            migrate(f"sqlite:///{building}")
            # Out of WAL mode, so that the one file holds everything and can be copied alone.
            with closing(sqlite3.connect(building)) as database:
                database.execute("PRAGMA journal_mode=DELETE")
            building.replace(path)
    return path


def use_sqlite_template() -> None:
    """Copy the template to this worker's test database file (kept by keepdb)."""
    test_name = Path(settings.DATABASES["default"]["TEST"]["NAME"])
    for suffix in ("", "-wal", "-shm"):
        Path(f"{test_name}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(sqlite_template(), test_name)


def postgresql_template() -> str:
    """A migrated database to copy, made from the configured TEST TEMPLATE; its name."""
    database = settings.DATABASES["default"]
    base = database.get("TEST", {}).get("TEMPLATE") or "template0"
    name = f"{database['NAME']}_tpl_{migrations_digest()}"[-63:]
    with exclusive("postgresql"), connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            building = f"{name[:54]}_building"
            cursor.execute(f'DROP DATABASE IF EXISTS "{building}"')
            # C.UTF-8, else pg_trgm makes no trigrams for Japanese; a configured template
            # (CI's) already has it, and PostgreSQL refuses another locale than its template's.
            locale = " ENCODING 'UTF8' LOCALE 'C.UTF-8'" if base == "template0" else ""
            cursor.execute(f'CREATE DATABASE "{building}" TEMPLATE "{base}"{locale}')
            migrate(with_database_name(os.environ["DATABASE_URL"], building))
            cursor.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
    return name


def with_database_name(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def build_template() -> str:
    """The template of the configured database, built if missing (scripts/test-templates.py)."""
    if connection.vendor == "sqlite":
        return str(sqlite_template())
    return postgresql_template()


def prepare() -> bool:
    """Point the test database at a migrated template; True when Django must keep the copy."""
    vendor = connection.vendor
    if vendor == "sqlite":
        use_sqlite_template()
        return True
    if vendor == "postgresql":
        settings.DATABASES["default"].setdefault("TEST", {})["TEMPLATE"] = postgresql_template()
    return False


def remove_sqlite_copy() -> None:
    if connection.vendor == "sqlite":
        folder = Path(settings.DATABASES["default"]["TEST"]["NAME"]).parent
        shutil.rmtree(folder, ignore_errors=True)


def quick_postgresql_flush() -> None:
    """Make Django's flush on PostgreSQL delete only the tables that hold rows.

    A transactional test (every browser test) ends with Django's flush, which on PostgreSQL is
    one TRUNCATE of all ~170 tables: about 0.5 s each time, since TRUNCATE gives every table and
    index a new file. After a test, a few dozen tables hold rows. One query finds them (each
    table asked for one row) and DELETE empties just those, in the flush's own transaction;
    Django makes every foreign key DEFERRABLE INITIALLY DEFERRED, so the order of the DELETEs
    does not matter. Sequences are not reset, as Django's flush does not reset them either
    unless a test asks (reset_sequences), which then takes Django's own way, like a cascade."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.sql_flush

    def sql_flush(
        self: Any,
        style: Any,
        tables: Any,
        *,
        reset_sequences: bool = False,
        allow_cascade: bool = False,
    ) -> list[str]:
        tables = list(tables)
        if reset_sequences or allow_cascade or not tables:
            return original(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        quote = self.quote_name
        probe = " UNION ALL ".join(
            f"(SELECT {n} FROM {quote(table)} LIMIT 1)" for n, table in enumerate(tables)
        )
        with self.connection.cursor() as cursor:
            cursor.execute(probe)
            filled = [tables[n] for (n,) in cursor.fetchall()]
        return [f"DELETE FROM {quote(table)};" for table in filled]

    DatabaseOperations.sql_flush = sql_flush  # type: ignore[method-assign]
