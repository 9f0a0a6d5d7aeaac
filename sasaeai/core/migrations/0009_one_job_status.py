"""One job status for imports and generated files (issue #19): an import waiting for the worker
was stored as "queued", a file as "pending"; both are "pending" now. Only the waiting state's
word changes (running, done and failed were already the same); reversible."""

from django.db import migrations, models

CHOICES = [
    ("pending", "待機中"),
    ("running", "作成中"),
    ("done", "完成"),
    ("failed", "失敗"),
]


def rename_waiting(old: str, new: str):
    def run(apps, schema_editor):
        for model in ("ImportBatch", "HistoricalImportBatch"):
            apps.get_model("core", model).objects.filter(job_state=old).update(job_state=new)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0008_import_column_mapping"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalimportbatch",
            name="job_state",
            field=models.CharField(
                blank=True, choices=CHOICES, max_length=16, verbose_name="処理の状態"
            ),
        ),
        migrations.AlterField(
            model_name="importbatch",
            name="job_state",
            field=models.CharField(
                blank=True, choices=CHOICES, max_length=16, verbose_name="処理の状態"
            ),
        ),
        migrations.RunPython(
            rename_waiting("queued", "pending"), rename_waiting("pending", "queued")
        ),
    ]
