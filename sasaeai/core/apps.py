import datetime
from collections.abc import Callable

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sasaeai.core"
    label = "core"
    verbose_name = "共通"

    def ready(self) -> None:
        from . import retention
        from .imports import abandoned_job
        from .schedule import register, scheduled_runs_prune, task_results_prune

        retention.register_import_files()
        # The nightly housekeeping, one after another from 03:00 (name, title, time, job).
        nightly: list[tuple[str, str, tuple[int, int], Callable[[], str | None]]] = [
            ("imports_abandoned", "確認待ちのまま放置された取込の取消", (3, 0), abandoned_job),
            ("task_results_prune", "終わったバックグラウンド処理の記録の削除", (3, 15),
             task_results_prune),
            ("scheduled_runs_prune", "古い定期ジョブの実行記録の削除", (3, 30),
             scheduled_runs_prune),
            ("personal_data_purge", "保存期間を過ぎた個人情報の消去", (3, 45),
             retention.purge_job),
            ("sign_in_logs_prune", "古いサインインの記録の削除", (3, 50),
             retention.sign_in_logs_prune),
            ("generated_personal_files_prune", "個人情報を含む作成ファイルの削除", (3, 55),
             retention.generated_personal_files_prune),
        ]  # fmt: skip
        for name, title, (hour, minute), job in nightly:
            register(name, title=title, every="daily", at=datetime.time(hour, minute), run=job)
        # Only when BACKUP_DIR is set (daily at 02:30, before the other jobs of the night).
        from .backup import register_job

        register_job()
