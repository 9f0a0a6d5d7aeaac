"""`sasaeai restore DIR`: a backup of `sasaeai backup` into an empty database (core/backup.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sasaeai.core import backup


class Command(BaseCommand):
    help = (
        "sasaeai backup のフォルダ DIR を、空のデータベースとファイル置き場へ復元し、"
        "全テーブルの行数と全ファイルの SHA-256 を目録と照合します。"
        "先に目録でバックアップ自体を検査し、壊れていれば何もしません。"
        "データの入ったデータベースには復元しません。SQLite の場合は、サーバー"
        "（sasaeai serve、gunicorn、ワーカー、run-due）をすべて止めてから実行してください。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", metavar="DIR", help="sasaeai-日付-時刻 のフォルダ")

    def handle(self, *args: Any, **options: Any) -> None:
        source = Path(options["directory"]).expanduser().resolve()
        try:
            report = backup.restore_backup(source)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.print_summary(report)
        if report.mismatches:
            raise CommandError(
                f"復元後の照合で {len(report.mismatches)}件 が目録と一致しませんでした（上の表）。"
            )
        self.stdout.write(self.style.SUCCESS("復元し、すべて目録と一致しました。"))

    def print_summary(self, report: backup.Report) -> None:
        manifest = report.manifest
        self.stdout.write(f"バックアップ作成日時: {manifest['created_at']}（{manifest['engine']}）")
        tables = [c for c in report.checks if c.kind == "テーブル"]
        files = [c for c in report.checks if c.kind == "ファイル"]
        width = max((len(c.name) for c in tables), default=10)
        self.stdout.write(f"{'テーブル':<{width - 4}}  {'目録':>8}  {'復元後':>8}  照合")
        for check in tables:
            mark = "一致" if check.ok else "不一致"
            self.stdout.write(
                f"{check.name:<{width}}  {check.expected:>10}  {check.found:>10}  {mark}"
            )
        wrong = [c for c in files if not c.ok]
        self.stdout.write(
            f"ファイル {len(files)}件: 一致 {len(files) - len(wrong)}件・不一致 {len(wrong)}件"
        )
        for check in wrong:
            self.stdout.write(
                f"  不一致: {check.name}（目録 {check.expected[:12]}… 復元後 {check.found[:12]}…）"
            )
