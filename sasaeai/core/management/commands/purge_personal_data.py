"""`sasaeai purge_personal_data`: empty the personal data kept longer than each municipality's
retention period (core/retention.py); the periodic job `personal_data_purge` does the same."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sasaeai.core import retention


class Command(BaseCommand):
    help = (
        "市町村ごとの保存期間（既定5年）を過ぎた個人情報（終了した地域資源・削除した連絡先の"
        "氏名・電話番号・メールアドレス、任期の終わったメンバーのメールアドレス・郵送先、"
        "活動記録の「関わった人」、取込ファイル）を、記録と変更履歴から消去します。"
        "記録の行は残し、件数は変わりません。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="消去せずに、消去される記録を一覧表示"
        )
        parser.add_argument(
            "--municipality", metavar="CODE", help="この全国地方公共団体コードの市町村だけ"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["municipality"]
        if code and not retention.municipalities(code).exists():
            raise CommandError(f"市町村コード {code} の市町村は登録されていません。")
        reports = retention.purge_all(dry_run=options["dry_run"], code=code)
        for report in reports:
            self.stdout.write(report.summary)
            if options["verbosity"] < 1:
                continue
            for kind_report in report.kinds:
                for item in kind_report.items:
                    where = "" if item.record else "（削除済みの記録の履歴のみ）"
                    self.stdout.write(
                        f"  {kind_report.kind.title}: {item.label}{where}、{item.reason}、"
                        f"変更履歴 {item.history_rows}件"
                    )
        if options["dry_run"]:
            self.stdout.write("確認のみです。何も消去していません。")
