"""One scheduler for periodic jobs (issue #20): a row per job and due time, unique, is the claim
that lets one call of `sasaeai run-due` run it (core/schedule.py)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0009_one_job_status"),
    ]

    operations = [
        migrations.CreateModel(
            name="ScheduledRun",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("job", models.CharField(max_length=100, verbose_name="ジョブ")),
                ("due", models.DateTimeField(verbose_name="予定日時")),
                (
                    "status",
                    models.CharField(
                        choices=[("running", "実行中"), ("done", "完了"), ("failed", "失敗")],
                        default="running",
                        max_length=16,
                        verbose_name="状態",
                    ),
                ),
                ("started_at", models.DateTimeField(verbose_name="開始日時")),
                (
                    "finished_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="終了日時"),
                ),
                ("result", models.TextField(blank=True, verbose_name="結果")),
                ("error", models.TextField(blank=True, verbose_name="エラー")),
            ],
            options={
                "verbose_name": "定期ジョブの実行",
                "verbose_name_plural": "定期ジョブの実行",
                "ordering": ["-due", "job"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("job", "due"), name="scheduled_run_once_per_due"
                    )
                ],
            },
        ),
    ]
