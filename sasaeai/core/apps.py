import datetime

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sasaeai.core"
    label = "core"
    verbose_name = "共通"

    def ready(self) -> None:
        from .imports import abandoned_job
        from .schedule import register, scheduled_runs_prune, task_results_prune

        register(
            "imports_abandoned",
            title="確認待ちのまま放置された取込の取消",
            every="daily",
            at=datetime.time(3, 0),
            run=abandoned_job,
        )
        register(
            "task_results_prune",
            title="終わったバックグラウンド処理の記録の削除",
            every="daily",
            at=datetime.time(3, 15),
            run=task_results_prune,
        )
        register(
            "scheduled_runs_prune",
            title="古い定期ジョブの実行記録の削除",
            every="daily",
            at=datetime.time(3, 30),
            run=scheduled_runs_prune,
        )

        from . import retention

        retention.register_import_files()
        register(
            "personal_data_purge",
            title="保存期間を過ぎた個人情報の消去",
            every="daily",
            at=datetime.time(3, 45),
            run=retention.purge_job,
        )
        register(
            "sign_in_logs_prune",
            title="古いサインインの記録の削除",
            every="daily",
            at=datetime.time(3, 50),
            run=retention.sign_in_logs_prune,
        )
        register(
            "generated_personal_files_prune",
            title="個人情報を含む作成ファイルの削除",
            every="daily",
            at=datetime.time(3, 55),
            run=retention.generated_personal_files_prune,
        )
        # Only when BACKUP_DIR is set (daily at 02:30, before the other jobs of the night).
        from .backup import register_job

        register_job()
