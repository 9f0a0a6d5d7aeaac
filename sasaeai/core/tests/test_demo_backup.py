"""Backup and restore of the demo city (issue #21, item 5), on the database the suite runs on.

The demo city is built and committed once for the module (a backup made by another connection,
or by pg_dump, sees committed rows only; the shared DemoCityTestCase city lives in a transaction
that is never committed), backed up with `sasaeai backup`, and restored into a second, empty
database: a new SQLite file, or on PostgreSQL a database created here with the test
connection's credentials and dropped afterwards. Every table's rows and every file's digest are
counted and hashed by this module itself, with plain SQL and hashlib, not by the code under
test. Like core/tests/conftest.py's `demo_site`, the tests use no `db` fixture (so they run
after the transactional tests of their worker) and the module flushes the database when done.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.utils import load_backend
from django.test import override_settings
from pytest_django import DjangoDbBlocker

from sasaeai.accounts.models import User
from sasaeai.core import backup, schedule
from sasaeai.core.generated_files import generated_file_create, generated_file_finish
from sasaeai.core.tests.conftest import ensure_test_database
from sasaeai.core.tests.flushing import flushed_afterwards
from sasaeai.demo.management.commands.demo import build_city
from sasaeai.tests.demo_city import DEMO_NOW, DEMO_SEED

# An uploaded import file with a Japanese name in a nested folder, and a generated PDF's bytes.
UPLOADED_NAME = "imports/2026/11/名簿.csv"
UPLOADED = "名前,電話\nサンプル太郎,000-0000-0000\n".encode()
PDF = b"%PDF-1.7\n% a stand-in for a generated confirmation sheet\n%%EOF\n"


@dataclass(frozen=True)
class Backed:
    path: Path  # the backup folder
    counts: dict[str, int]  # every table of the source database, counted here
    files: dict[str, str]  # every file under MEDIA_ROOT, relative path -> SHA-256, hashed here


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files_of(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): sha256(p) for p in sorted(root.rglob("*")) if p.is_file()
    }


def wrapper_for(database: dict[str, Any]) -> Any:
    return load_backend(database["ENGINE"]).DatabaseWrapper(database, "restored_check")


def counts_in(database: dict[str, Any]) -> dict[str, int]:
    """Every table's rows, by plain SQL on a connection of the test's own."""
    if database["ENGINE"] == "django.db.backends.sqlite3":
        with closing(sqlite3.connect(database["NAME"])) as db:
            names = [
                n
                for (n,) in db.execute(
                    "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                )
            ]
            return {n: db.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}
    wrapper = wrapper_for(database)
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            names = [n for (n,) in cursor.fetchall()]
            counts = {}
            for name in names:
                cursor.execute(f'SELECT COUNT(*) FROM "{name}"')
                counts[name] = cursor.fetchone()[0]
            return counts
    finally:
        wrapper.close()


def municipality_codes(database: dict[str, Any]) -> list[str]:
    query = "SELECT code FROM areas_municipality ORDER BY code"
    if database["ENGINE"] == "django.db.backends.sqlite3":
        with closing(sqlite3.connect(database["NAME"])) as db:
            return [code for (code,) in db.execute(query)]
    wrapper = wrapper_for(database)
    try:
        with wrapper.cursor() as cursor:
            cursor.execute(query)
            return [code for (code,) in cursor.fetchall()]
    finally:
        wrapper.close()


@contextmanager
def empty_database(folder: Path) -> Iterator[dict[str, Any]]:
    """A second database to restore into: a SQLite file not yet there, or a PostgreSQL database
    created (TEMPLATE template0, C.UTF-8, as deploy.md says) and dropped afterwards."""
    if connection.vendor == "sqlite":
        yield {**connection.settings_dict, "NAME": str(folder / "restored.sqlite3")}
        return
    name = f"{connection.settings_dict['NAME']}_restored"[-63:]
    with connection._nodb_cursor() as cursor:  # type: ignore[attr-defined]
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(
            f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'"
        )
    try:
        yield {**connection.settings_dict, "NAME": name}
    finally:
        with connection._nodb_cursor() as cursor:  # type: ignore[attr-defined]
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def backed(
    django_db_setup: None,
    django_db_blocker: DjangoDbBlocker,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Backed]:
    media = Path(settings.MEDIA_ROOT)
    before = set(files_of(media))
    with django_db_blocker.unblock():
        ensure_test_database()
        with flushed_afterwards():
            try:
                with time_machine.travel(DEMO_NOW, tick=False):
                    demo = build_city(seed=DEMO_SEED)
                admin = User.objects.get(username="demo-admin")
                made = generated_file_create(
                    municipality=demo.city, user=admin, title="確認票", kind="confirmation"
                )
                generated_file_finish(generated=made, name="確認票.pdf", content=PDF)
                default_storage.save(UPLOADED_NAME, ContentFile(UPLOADED))
                folder = tmp_path_factory.mktemp("backups")
                call_command("backup", str(folder), stdout=io.StringIO())
                (path,) = sorted(folder.iterdir())
                yield Backed(
                    path=path, counts=counts_in(connection.settings_dict), files=files_of(media)
                )
            finally:
                for name in set(files_of(media)) - before:
                    (media / name).unlink()


def test_the_demo_city_restored_into_an_empty_database_has_every_row_and_file(
    backed: Backed, django_db_blocker: DjangoDbBlocker, tmp_path: Path
) -> None:
    files_root = tmp_path / "uploads"
    with django_db_blocker.unblock(), empty_database(tmp_path) as database:
        report = backup.restore_backup(backed.path, database=database, files_root=files_root)
        restored = counts_in(database)
        codes = municipality_codes(database)
        # The comparison notices a difference: a manifest claiming one more municipality.
        claimed = {**report.manifest, "tables": {**report.manifest["tables"]}}
        claimed["tables"]["areas_municipality"] += 1
        wrong = backup.compare(claimed, database, files_root).mismatches

    assert report.mismatches == []
    assert [(c.name, c.expected, c.found) for c in wrong] == [("areas_municipality", "2", "1")]
    # Every table of the source, counted by this test, has as many rows after the restore.
    assert restored == backed.counts
    # Not a vacuous equality: the demo city (code 139998, its users) is in the restored copy,
    # with history, django-axes, django-otp and django-tasks tables among those compared.
    assert codes == ["139998"]
    assert restored["resources_historicalresource"] > 0
    for table in ("axes_accessattempt", "otp_totp_totpdevice", "django_migrations"):
        assert table in restored
    assert any(table.startswith("django_tasks_database") for table in restored)
    # Every file, hashed by this test before and after.
    assert files_of(files_root) == backed.files
    assert files_of(files_root)[UPLOADED_NAME] == hashlib.sha256(UPLOADED).hexdigest()
    assert hashlib.sha256(PDF).hexdigest() in files_of(files_root).values()


def test_a_tampered_backup_is_refused_before_anything_is_restored(
    backed: Backed, django_db_blocker: DjangoDbBlocker, tmp_path: Path
) -> None:
    files_root = tmp_path / "uploads"
    tampered = tmp_path / "tampered"
    shutil.copytree(backed.path, tampered)
    with (tampered / "files" / UPLOADED_NAME).open("ab") as handle:
        handle.write(b"x")
    with django_db_blocker.unblock(), empty_database(tmp_path) as database:
        with pytest.raises(backup.BackupError) as refused:
            backup.restore_backup(tampered, database=database, files_root=files_root)
        left = counts_in(database)
    assert "復元しません" in str(refused.value)
    assert f"files/{UPLOADED_NAME}: 内容がバックアップ時と違います" in str(refused.value)
    # Nothing was written: no table in the database, no file in the folder.
    assert left == {}
    assert not files_root.exists()


def test_a_damaged_database_file_is_refused(backed: Backed, tmp_path: Path) -> None:
    tampered = tmp_path / "tampered"
    shutil.copytree(backed.path, tampered)
    (database_file,) = list(tampered.glob("database.*"))
    data = bytearray(database_file.read_bytes())
    data[len(data) // 2] ^= 0xFF
    database_file.write_bytes(bytes(data))
    with pytest.raises(
        backup.BackupError, match=re.escape(f"{database_file.name}: 内容がバックアップ時と違います")
    ):
        backup.restore_backup(tampered, files_root=tmp_path / "uploads")


def test_restore_into_a_database_with_data_is_refused(
    backed: Backed, django_db_blocker: DjangoDbBlocker
) -> None:
    with django_db_blocker.unblock():
        with pytest.raises(CommandError, match="すでにデータがあります（自治体 1件、利用者"):
            call_command("restore", str(backed.path), stdout=io.StringIO())
        # The configured database (the demo city) is as it was.
        assert counts_in(connection.settings_dict) == backed.counts


def test_the_scheduled_backup_keeps_the_newest_backups(
    backed: Backed, django_db_blocker: DjangoDbBlocker, tmp_path: Path
) -> None:
    # Three older whole backups and a .partial folder a crash left (mtime 1970, so stale).
    for name in ("sasaeai-20260101-023000", "sasaeai-20260102-023000", "sasaeai-20260103-023000"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "manifest.json").write_text("{}")
    crashed = tmp_path / ".sasaeai-20260104-023000.partial"
    crashed.mkdir()
    os.utime(crashed, (0, 0))
    try:
        with override_settings(BACKUP_DIR=str(tmp_path), BACKUP_KEEP=2):
            backup.register_job()
            job = schedule.JOBS["backup"]
            with django_db_blocker.unblock():
                job.run()
    finally:
        schedule.JOBS.pop("backup", None)
    assert (job.every, f"{job.at:%H:%M}") == ("daily", "02:30")
    kept = sorted(p.name for p in tmp_path.iterdir())
    # BACKUP_KEEP=2: the newest older one and today's (named after the real clock).
    assert len(kept) == 2
    assert kept[0] == "sasaeai-20260103-023000"
    assert kept[1].startswith("sasaeai-") and kept[1] > "sasaeai-20260103-023000"
    assert (tmp_path / kept[1] / "manifest.json").is_file()


def test_no_backup_job_without_backup_dir() -> None:
    with override_settings(BACKUP_DIR=""):
        backup.register_job()
    assert "backup" not in schedule.JOBS


def test_a_backup_folder_inside_the_uploads_is_refused(tmp_path: Path) -> None:
    uploads = tmp_path / "uploads"
    with pytest.raises(backup.BackupError, match=r"ファイルの置き場所 .* の中にあります"):
        backup.create_backup(uploads / "backups", files_root=uploads)
    assert not (uploads / "backups").exists()
