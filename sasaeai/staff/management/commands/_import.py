"""Shared body of the import commands: preview on the terminal, then write all or nothing."""

from collections import Counter
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from sasaeai.accounts.models import User
from sasaeai.accounts.permissions import has_perm
from sasaeai.areas.models import Municipality
from sasaeai.core.imports import (
    Preview,
    batch_cancel,
    batch_commit,
    batch_create,
    batch_preview,
    importer_for,
)
from sasaeai.core.models import ImportBatch


class ImportCommand(BaseCommand):
    kind = ""
    # The importer's choices offered as flags: name → help (create_towns → --create-towns).
    choices: dict[str, str] = {}

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", type=Path, help=_("CSVファイル（Excelの .xlsx も読める取込あり）")
        )
        for name, text in self.choices.items():
            parser.add_argument(f"--{name.replace('_', '-')}", action="store_true", help=text)
        parser.add_argument(
            "--municipality", required=True, help=_("全国地方公共団体コード（6桁）")
        )
        parser.add_argument(
            "--user",
            required=True,
            help=_("取込者として記録する利用者名（この市町村で取込の権限が必要）"),
        )
        parser.add_argument(
            "--exclude-errors",
            action="store_true",
            help=_("エラーのある行を除いて取り込む（記録されます）"),
        )
        parser.add_argument("--dry-run", action="store_true", help=_("確認だけして書き込まない"))

    def importing_user(self, username: str, municipality: Municipality) -> User:
        """The --user, who must hold the same import right as on the import screens: the
        terminal is no back door for a viewer or another municipality's staff."""
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(
                _("利用者「%(username)s」は登録されていません。") % {"username": username}
            )
        # An inactive user cannot sign in to the import screens either.
        if not user.is_active or not has_perm(
            user, importer_for(self.kind).permission, municipality
        ):
            raise CommandError(
                _("利用者 %(username)s には %(code)s %(name)s の取込の権限がありません。")
                % {"username": username, "code": municipality.code, "name": municipality.name}
            )
        return user

    def prepare(self, batch: ImportBatch, options: dict[str, Any], user: User) -> None:
        """Set what the command's own options decide on the batch, before it is read."""

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = Municipality.objects.filter(code=options["municipality"]).first()
        if municipality is None:
            raise CommandError(
                _("市町村コード「%(code)s」は登録されていません。")
                % {"code": options["municipality"]}
            )
        user = self.importing_user(options["user"], municipality)
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("ファイル「%(path)s」が見つかりません。") % {"path": path})
        batch = batch_create(
            municipality=municipality,
            kind=self.kind,
            name=path.name,
            data=path.read_bytes(),
            user=user,
        )
        try:
            self.prepare(batch, options, user)
        except CommandError:
            batch_cancel(batch=batch, user=user)  # the stored upload goes, nothing was read
            raise
        batch.refresh_from_db()
        chosen = [name for name in self.choices if options.get(name)]
        preview = batch_preview(batch, options=chosen)
        for error in preview.file_errors:
            self.stderr.write(_("ファイル: %(error)s") % {"error": error})
        for row in preview.rows:
            for error in row.errors:
                self.stderr.write(
                    _("%(line)d行目（%(label)s）: %(error)s")
                    % {"line": row.line, "label": row.label, "error": error}
                )
        for value in preview.value_choices:
            if not value.choice:
                self.stderr.write(
                    _("%(field)s: 「%(value)s」（%(count)d行）をどれとして取り込むか決まっていません。")
                    % {"field": value.field, "value": value.value or _("（空欄・列なし）"),
                       "count": value.count}
                )  # fmt: skip
        for note in [*preview.mapping_notes, *preview.notes]:
            self.stdout.write(note)
        for line in preview.readings:
            self.stdout.write(line)
        if preview.unread_columns:
            self.stdout.write(
                _("取り込まない列: %(columns)s") % {"columns": "、".join(preview.unread_columns)}
            )
        for choice in preview.choices:
            flag = f"--{choice.name.replace('_', '-')}"
            self.stdout.write(f"{choice.label}（{flag}）: {choice.help}")
        self.stdout.write(verdicts(preview))
        excluded = preview.error_lines if options["exclude_errors"] else []
        if options["dry_run"] or not preview.can_commit(excluded):
            batch_cancel(batch=batch, user=user)
            if options["dry_run"]:
                self.stdout.write(
                    _("確認のみ: %(rows)d行、エラー%(errors)d行。")
                    % {"rows": len(preview.rows), "errors": len(preview.error_lines)}
                )
                return
            raise CommandError(
                _("エラーがあるため何も書き込みませんでした（--exclude-errors で除外できます）。")
            )
        try:
            written = batch_commit(batch=batch, excluded_lines=excluded, user=user, options=chosen)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            self.style.SUCCESS(
                _("%(written)d件を取り込みました（除外 %(excluded)d行）。")
                % {"written": written, "excluded": len(excluded)}
            )
        )


def verdicts(preview: Preview) -> str:
    """「新規 3件、更新 1件、変更なし 40件、エラー 2行」: the rows by their verdict (the first
    summary cell, without its bracketed detail), as the preview page's 判定 column says."""
    counts: Counter[str] = Counter()
    for row in preview.rows:
        if row.errors:
            continue
        if row.summary:
            counts[str(row.summary[0]).split("（")[0]] += 1
    parts = [_("%(verdict)s %(count)d件") % {"verdict": v, "count": n} for v, n in counts.items()]
    parts.append(_("エラー %(count)d行") % {"count": len(preview.error_lines)})
    return "、".join(parts)
