"""Backups of the database and the uploaded files, and their restore (issue #21, item 5).

`sasaeai backup DIR` writes one new folder DIR/sasaeai-YYYYMMDD-HHMMSS holding

    database.sqlite3   SQLite: a copy made by SQLite's online backup API (consistent while the
                       server keeps writing), one file (journal mode DELETE, not WAL)
    database.dump      PostgreSQL: `pg_dump -Fc` of one snapshot
    files/...          every file under MEDIA_ROOT (uploads, import files, generated PDFs)
    manifest.json      when, which engine, the latest applied migration of each app, the row
                       count of every table and the SHA-256 and size of every file above

Always a new dated folder, never DIR itself: DIR keeps the newest BACKUP_KEEP backups side by
side. The folder is written as DIR/.sasaeai-….partial and renamed when the manifest is on disk,
so a folder named sasaeai-… is always a whole backup; a crashed run leaves only a .partial folder,
which the next scheduled run removes.

The row counts come from the same snapshot as the data (SQLite: counted in the copy;
PostgreSQL: counted in the transaction whose snapshot pg_dump is given), so a restore can be
checked against them exactly even if people kept working during the backup. Files are copied
after the database: a file deleted in that moment is missing from the backup (the database
still names it), a file added is there without its row; both are harmless.

`sasaeai restore DIR` first checks every digest of the manifest (a damaged or altered backup is
refused before anything is written), then refuses a database holding any row, restores the
database and the files, and counts and hashes everything again against the manifest.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import load_backend
from django.utils import timezone

MANIFEST = "manifest.json"
FORMAT = 1
SQLITE_FILE = "database.sqlite3"
POSTGRESQL_FILE = "database.dump"
FILES_DIR = "files"
PREFIX = "sasaeai-"
PARTIAL = ".partial"
CHUNK = 1024 * 1024
# A .partial folder this old is what a crashed backup left behind (a backup of a city takes
# minutes, not hours), so the scheduled run removes it.
STALE_PARTIAL = datetime.timedelta(hours=12)
# libpq's environment variables for the connection options a DATABASE_URL may carry
# (?sslmode=require…); everything else goes on the command line, the password never.
LIBPQ_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the person who ran it."""


# ---------------------------------------------------------------------------------------------
# Databases


def vendor_of(database: dict[str, Any]) -> str:
    engine = database["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        return "sqlite"
    if engine in ("django.db.backends.postgresql", "django.contrib.gis.db.backends.postgis"):
        return "postgresql"
    raise BackupError(f"このデータベース（{engine}）のバックアップには対応していません。")


def default_database() -> dict[str, Any]:
    return connection.settings_dict


@contextmanager
def opened(database: dict[str, Any]) -> Iterator[BaseDatabaseWrapper]:
    """A connection of its own to `database` (a settings dict), closed afterwards: the restore
    checks a database other than the default one in the tests, and the backup keeps a
    transaction of its own open on PostgreSQL."""
    wrapper = load_backend(database["ENGINE"]).DatabaseWrapper(
        {**connection.settings_dict, **database}, "sasaeai_backup"
    )
    try:
        wrapper.ensure_connection()
        yield wrapper
    finally:
        wrapper.close()


def counts_of(wrapper: BaseDatabaseWrapper) -> dict[str, int]:
    """The row count of every table: all of them, not only the installed models' (history,
    django-axes, django-otp, django-tasks and django_migrations included), so that nothing a
    restore left out goes unnoticed."""
    with wrapper.cursor() as cursor:
        tables = sorted(wrapper.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {wrapper.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def migrations_of(wrapper: BaseDatabaseWrapper) -> dict[str, str]:
    """The latest applied migration of each app (by the order they were applied)."""
    with wrapper.cursor() as cursor:
        if "django_migrations" not in wrapper.introspection.table_names(cursor):
            return {}
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY applied, id")
        return dict(cursor.fetchall())


def sqlite_counts(path: Path) -> tuple[dict[str, int], dict[str, str]]:
    """Counts and migrations of a SQLite file, read with sqlite3 itself (no Django options)."""
    with closing(sqlite3.connect(path)) as database:
        tables = sorted(
            name
            for (name,) in database.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        )
        counts = {t: database.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
        migrations: dict[str, str] = {}
        if "django_migrations" in counts:
            rows = database.execute("SELECT app, name FROM django_migrations ORDER BY applied, id")
            migrations = dict(rows)
    return counts, migrations


def libpq_arguments(database: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """Command-line arguments (host, port, user) and environment (password, TLS options) for
    pg_dump / pg_restore. The password goes in PGPASSWORD, never on the command line, which
    every user of the server can read in `ps`."""
    arguments = []
    if database.get("HOST"):
        arguments += ["--host", str(database["HOST"])]
    if database.get("PORT"):
        arguments += ["--port", str(database["PORT"])]
    if database.get("USER"):
        arguments += ["--username", str(database["USER"])]
    env = {**os.environ}
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = str(database["PASSWORD"])
    for option, name in LIBPQ_ENV.items():
        value = (database.get("OPTIONS") or {}).get(option)
        if value is not None:
            env[name] = str(value)
    return arguments, env


def postgresql_program(name: str) -> str:
    """pg_dump or pg_restore: on PATH, else the newest under /usr/lib/postgresql/*/bin
    (Debian installs them there). It must be at least as new as the server."""
    found = shutil.which(name)
    if found:
        return found

    def version(path: str) -> int:
        match = re.search(r"/postgresql/(\d+)/", path)
        return int(match.group(1)) if match else 0

    candidates = sorted(
        (str(p) for p in Path("/usr/lib/postgresql").glob(f"*/bin/{name}")), key=version
    )
    if not candidates:
        raise BackupError(
            f"{name} が見つかりません。PostgreSQL のクライアント（Debian/Ubuntu では "
            "postgresql-client）をインストールしてください。"
        )
    return candidates[-1]


def run_program(command: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(
        command, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(
            f"{what}に失敗しました（{Path(command[0]).name}）: {result.stderr.strip()}"
        )


# ---------------------------------------------------------------------------------------------
# Files


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def copy_hashed(source: Path, target: Path) -> dict[str, Any]:
    """Copy one file, hashing what was written; its digest and size."""
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    with source.open("rb") as reading, target.open("wb") as writing:
        while chunk := reading.read(CHUNK):
            digest.update(chunk)
            writing.write(chunk)
            size += len(chunk)
        writing.flush()
        os.fsync(writing.fileno())
    shutil.copystat(source, target)
    return {"sha256": digest.hexdigest(), "size": size}


def files_under(root: Path) -> list[Path]:
    """Every regular file under `root` (symbolic links are not followed), relative, sorted."""
    if not root.is_dir():
        return []
    found = []
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                found.append(path.relative_to(root))
    return sorted(found)


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


# ---------------------------------------------------------------------------------------------
# Backup


def backup_sqlite(target: Path) -> tuple[dict[str, int], dict[str, str]]:
    """SQLite's online backup API from the running connection: a consistent copy even while
    other processes write (it restarts the copy when they do)."""
    connection.ensure_connection()
    with closing(sqlite3.connect(target)) as copy:
        connection.connection.backup(copy)
        # One self-contained file: out of WAL mode, no -wal/-shm beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
    return sqlite_counts(target)


def backup_postgresql(
    target: Path, database: dict[str, Any]
) -> tuple[dict[str, int], dict[str, str]]:
    """`pg_dump -Fc` of the snapshot of a REPEATABLE READ transaction that counts the rows, so
    the counts describe exactly what was dumped."""
    program = postgresql_program("pg_dump")
    arguments, env = libpq_arguments(database)
    with opened(database) as wrapper, wrapper.cursor() as cursor:
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        try:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = counts_of(wrapper)
            migrations = migrations_of(wrapper)
            # --no-comments: a COMMENT ON EXTENSION pg_trgm can only be restored by the
            # extension's owner (often postgres), and it would fail the whole restore.
            run_program(
                [
                    program,
                    "--format=custom",
                    "--no-comments",
                    f"--snapshot={snapshot}",
                    "--file",
                    str(target),
                    *arguments,
                    "--dbname",
                    str(database["NAME"]),
                ],
                env,
                "データベースの書き出し",
            )
        finally:
            cursor.execute("ROLLBACK")
    return counts, migrations


def backup_name(now: datetime.datetime) -> str:
    return f"{PREFIX}{timezone.localtime(now):%Y%m%d-%H%M%S}"


def create_backup(
    directory: Path,
    *,
    database: dict[str, Any] | None = None,
    files_root: Path | None = None,
    now: datetime.datetime | None = None,
) -> Path:
    """Write a new backup folder under `directory`; its path. Nothing named sasaeai-… appears
    unless the backup is whole."""
    database = database or default_database()
    files_root = files_root or media_root()
    vendor = vendor_of(database)
    if directory.resolve().is_relative_to(files_root.resolve()):
        # Each backup would copy the ones before it, and the next restore would bring them back.
        raise BackupError(
            f"バックアップの置き場所 {directory} が、バックアップするファイルの置き場所 "
            f"{files_root} の中にあります。別の場所（できれば別のディスク）を指定してください。"
        )
    directory.mkdir(parents=True, exist_ok=True)
    name = backup_name(now or timezone.now())
    final = directory / name
    number = 1
    while final.exists():  # two backups in one second
        number += 1
        final = directory / f"{name}-{number}"
    work = directory / f".{final.name}{PARTIAL}"
    work.mkdir()
    try:
        if vendor == "sqlite":
            database_file = SQLITE_FILE
            counts, migrations = backup_sqlite(work / SQLITE_FILE)
        else:
            database_file = POSTGRESQL_FILE
            counts, migrations = backup_postgresql(work / POSTGRESQL_FILE, database)
        files: dict[str, dict[str, Any]] = {
            database_file: {
                "sha256": sha256_of(work / database_file),
                "size": (work / database_file).stat().st_size,
            }
        }
        for relative in files_under(files_root):
            key = f"{FILES_DIR}/{relative.as_posix()}"
            files[key] = copy_hashed(files_root / relative, work / FILES_DIR / relative)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.localtime(now or timezone.now()).isoformat(),
            "engine": vendor,
            "database_file": database_file,
            "migrations": dict(sorted(migrations.items())),
            "tables": counts,
            "files": files,
        }
        with (work / MANIFEST).open("w", encoding="utf-8") as handle:
            json.dump(manifest, handle, ensure_ascii=False, indent=2)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        work.rename(final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return final


def backups_in(directory: Path) -> list[Path]:
    """The whole backups in `directory`, oldest first (their names sort by date)."""
    if not directory.is_dir():
        return []
    return sorted(
        path
        for path in directory.iterdir()
        if path.is_dir() and path.name.startswith(PREFIX) and (path / MANIFEST).is_file()
    )


def prune(directory: Path, *, keep: int, now: datetime.datetime | None = None) -> list[Path]:
    """Delete all but the newest `keep` backups (never fewer than one kept), and the .partial
    folders crashed runs left behind; the deleted paths."""
    removed = []
    for old in backups_in(directory)[: -max(keep, 1)]:
        shutil.rmtree(old)
        removed.append(old)
    cutoff = (now or timezone.now()).timestamp() - STALE_PARTIAL.total_seconds()
    for partial in directory.glob(f".{PREFIX}*{PARTIAL}"):
        if partial.is_dir() and partial.stat().st_mtime < cutoff:
            shutil.rmtree(partial, ignore_errors=True)
            removed.append(partial)
    return removed


def scheduled_backup() -> str:
    """The periodic job: a backup into BACKUP_DIR, keeping the newest BACKUP_KEEP."""
    directory = Path(settings.BACKUP_DIR)
    made = create_backup(directory)
    removed = prune(directory, keep=settings.BACKUP_KEEP)
    return f"{made} を作成し、古いバックアップ {len(removed)}件を削除しました。"


def register_job() -> None:
    """Register the daily backup when BACKUP_DIR is set (from CoreConfig.ready())."""
    from .schedule import register

    if settings.BACKUP_DIR:
        register(
            "backup",
            title=f"バックアップ（{settings.BACKUP_DIR}、新しい{settings.BACKUP_KEEP}回分を保持）",
            every="daily",
            at=datetime.time(2, 30),
            run=scheduled_backup,
        )


# ---------------------------------------------------------------------------------------------
# Restore


@dataclass
class Check:
    """One line of the restore's summary: a table's rows or a file's digest."""

    kind: str  # "テーブル" or "ファイル"
    name: str
    expected: str
    found: str

    @property
    def ok(self) -> bool:
        return self.expected == self.found


@dataclass
class Report:
    manifest: dict[str, Any]
    checks: list[Check] = field(default_factory=list)

    @property
    def mismatches(self) -> list[Check]:
        return [check for check in self.checks if not check.ok]


def read_manifest(source: Path) -> dict[str, Any]:
    path = source / MANIFEST
    if not path.is_file():
        newest = backups_in(source)
        hint = f"（このフォルダの最新のバックアップ: {newest[-1]}）" if newest else ""
        raise BackupError(
            f"{source} に {MANIFEST} がありません。sasaeai backup が作ったフォルダ"
            f"（sasaeai-日付-時刻）を指定してください{hint}。"
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"{MANIFEST} を読めません: {error}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{MANIFEST} の形式（{manifest.get('format')}）に対応していません。")
    return manifest


def verify_backup(source: Path, manifest: dict[str, Any]) -> list[str]:
    """Every file the manifest lists, with its digest and size; no file it does not list. The
    problems found, in Japanese (none: the backup is as it was written)."""
    problems = []
    listed = manifest["files"]
    for name, expected in sorted(listed.items()):
        path = source / name
        if not path.is_file():
            problems.append(f"{name}: ありません")
        elif path.stat().st_size != expected["size"] or sha256_of(path) != expected["sha256"]:
            problems.append(f"{name}: 内容がバックアップ時と違います（SHA-256 が一致しません）")
    present = {f"{FILES_DIR}/{p.as_posix()}" for p in files_under(source / FILES_DIR)}
    for name in sorted(present - set(listed)):
        problems.append(f"{name}: 目録（{MANIFEST}）にないファイルです")
    return problems


def target_counts(database: dict[str, Any]) -> dict[str, int]:
    """The row count of every table of the database to restore into ({} when a SQLite file
    does not exist yet)."""
    if vendor_of(database) == "sqlite":
        path = Path(database["NAME"])
        return sqlite_counts(path)[0] if path.is_file() else {}
    try:
        with opened(database) as wrapper:
            return counts_of(wrapper)
    except BackupError:
        raise
    except Exception as error:
        raise BackupError(
            f"復元先のデータベース {database['NAME']} に接続できません: {error}"
        ) from error


def refuse_unless_empty(database: dict[str, Any], files_root: Path) -> None:
    """A restore never mixes with or overwrites data: the database must hold no row and the
    file folder no file."""
    counts = target_counts(database)
    filled = {table: rows for table, rows in counts.items() if rows}
    if filled:
        named = [
            f"自治体 {filled['areas_municipality']}件" if "areas_municipality" in filled else "",
            f"利用者 {filled['accounts_user']}件" if "accounts_user" in filled else "",
        ]
        shown = "、".join(n for n in named if n) or "、".join(
            f"{table} {rows}件" for table, rows in sorted(filled.items())[:5]
        )
        raise BackupError(
            f"復元先のデータベース {database['NAME']} にはすでにデータがあります"
            f"（{shown}ほか、行のあるテーブル {len(filled)}個）。"
            "上書きはしません。空のデータベースを用意してから復元してください"
            "（PostgreSQL は CREATE DATABASE で作ったまま migrate していないもの、"
            "SQLite はファイルがないか空のもの）。"
        )
    if counts and vendor_of(database) == "postgresql":
        raise BackupError(
            f"復元先のデータベース {database['NAME']} には行はありませんが、テーブルがすでに"
            f"あります（{len(counts)}個、migrate 済み）。pg_restore はテーブルを作るところから"
            "行うため、CREATE DATABASE で作り直した、migrate していないデータベースに"
            "復元してください。"
        )
    present = files_under(files_root)
    if present:
        raise BackupError(
            f"ファイルの置き場所 {files_root} にすでにファイルがあります（{len(present)}件、"
            f"例: {present[0]}）。上書きはしません。空にしてから復元してください。"
        )


def restore_sqlite(source: Path, database: dict[str, Any]) -> None:
    """Put the copy in place of the database file. Its old -wal/-shm files go first: SQLite
    would otherwise apply the old log to the new file."""
    path = Path(database["NAME"])
    path.parent.mkdir(parents=True, exist_ok=True)
    connections.close_all()
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    try:
        copy_hashed(source / SQLITE_FILE, Path(temporary))
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def restore_postgresql(source: Path, database: dict[str, Any]) -> None:
    """pg_restore in one transaction (all or nothing), owned by the configured user."""
    program = postgresql_program("pg_restore")
    arguments, env = libpq_arguments(database)
    run_program(
        [
            program,
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            *arguments,
            "--dbname",
            str(database["NAME"]),
            str(source / POSTGRESQL_FILE),
        ],
        env,
        "データベースの復元",
    )


def restore_backup(
    source: Path,
    *,
    database: dict[str, Any] | None = None,
    files_root: Path | None = None,
) -> Report:
    """Check the backup, restore it into the empty database and file folder, and compare
    every table's rows and every file's digest with the manifest."""
    database = database or default_database()
    files_root = files_root or media_root()
    manifest = read_manifest(source)
    problems = verify_backup(source, manifest)
    if problems:
        raise BackupError(
            "バックアップが壊れているか、作成後に変更されています。復元しません。\n"
            + "\n".join(f"  {problem}" for problem in problems)
        )
    vendor = vendor_of(database)
    if manifest["engine"] != vendor:
        raise BackupError(
            f"このバックアップは {manifest['engine']} のものです。{vendor} には復元できません。"
        )
    refuse_unless_empty(database, files_root)
    if vendor == "sqlite":
        restore_sqlite(source, database)
    else:
        restore_postgresql(source, database)
    for name in manifest["files"]:
        if name.startswith(f"{FILES_DIR}/"):
            copy_hashed(source / name, files_root / name.removeprefix(f"{FILES_DIR}/"))
    return compare(manifest, database, files_root)


def compare(manifest: dict[str, Any], database: dict[str, Any], files_root: Path) -> Report:
    """Count and hash the restored database and files again, against the manifest."""
    report = Report(manifest)
    counts = target_counts(database)
    expected_tables = manifest["tables"]
    for table in sorted(set(expected_tables) | set(counts)):
        report.checks.append(
            Check(
                "テーブル",
                table,
                str(expected_tables.get(table, "なし")),
                str(counts.get(table, "なし")),
            )
        )
    expected_files = {
        name.removeprefix(f"{FILES_DIR}/"): entry["sha256"]
        for name, entry in manifest["files"].items()
        if name.startswith(f"{FILES_DIR}/")
    }
    present = {p.as_posix(): files_root / p for p in files_under(files_root)}
    for name in sorted(set(expected_files) | set(present)):
        found = sha256_of(present[name]) if name in present else "なし"
        report.checks.append(Check("ファイル", name, expected_files.get(name, "なし"), found))
    return report
