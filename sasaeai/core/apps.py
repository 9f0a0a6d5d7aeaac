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
