"""`sasaeai backup DIR`: the database and every uploaded or generated file (core/backup.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sasaeai.core import backup


class Command(BaseCommand):
    help = (
        "データベースとアップロード・生成ファイルを、DIR の中に新しく作るフォルダ"
        "（sasaeai-日付-時刻）へバックアップします。目録 manifest.json に、各テーブルの行数と"
        "各ファイルの SHA-256 を記録します。サーバーを止める必要はありません。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", metavar="DIR", help="バックアップを置くフォルダ")
        parser.add_argument(
            "--keep",
            type=int,
            metavar="N",
            help="作成後、DIR のバックアップを新しい N 回分だけ残し、古いものを削除する",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(options["directory"]).expanduser().resolve()
        try:
            made = backup.create_backup(directory)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        manifest = backup.read_manifest(made)
        rows = sum(manifest["tables"].values())
        files = [name for name in manifest["files"] if name.startswith(f"{backup.FILES_DIR}/")]
        self.stdout.write(
            self.style.SUCCESS(f"バックアップを作成しました: {made}")
            + f"\n  テーブル {len(manifest['tables'])}個（{rows:,}行）・ファイル {len(files)}件"
        )
        if options["keep"] is not None:
            for removed in backup.prune(directory, keep=options["keep"]):
                self.stdout.write(f"  古いバックアップを削除しました: {removed}")
