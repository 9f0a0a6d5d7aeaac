# The export log becomes the personal-data access log (issue #21): renamed, its rows kept.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# What the old rows were, in the words the access-log page shows.
OLD_KINDS = {
    "resources_flat": "地域資源の一覧の書き出し",
    "resources_standard": "地域資源の自治体標準形式の書き出し",
}


def describe_old_rows(apps, schema_editor):
    """Every row before #21 was an export: name it and mark it as one."""
    access = apps.get_model("core", "PersonalDataAccess")
    for row in access.objects.all():
        row.what = OLD_KINDS.get(row.kind, f"書き出し（{row.kind}）")
        row.kind = "export"
        row.save(update_fields=["what", "kind"])


def restore_old_kinds(apps, schema_editor):
    access = apps.get_model("core", "PersonalDataAccess")
    by_label = {label: kind for kind, label in OLD_KINDS.items()}
    for row in access.objects.all():
        row.kind = by_label.get(row.what, "resources_flat")
        row.save(update_fields=["kind"])


class Migration(migrations.Migration):
    dependencies = [
        ("areas", "0004_constraint_messages"),
        ("core", "0010_scheduled_run"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel(old_name="ExportLog", new_name="PersonalDataAccess"),
        migrations.RenameField(
            model_name="personaldataaccess", old_name="created_by", new_name="user"
        ),
        migrations.RenameField(
            model_name="personaldataaccess", old_name="row_count", new_name="record_count"
        ),
        migrations.AddField(
            model_name="personaldataaccess",
            name="what",
            field=models.CharField(default="", max_length=200, verbose_name="見たもの"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="personaldataaccess",
            name="path",
            field=models.CharField(blank=True, max_length=500, verbose_name="URL"),
        ),
        migrations.RunPython(describe_old_rows, restore_old_kinds, elidable=True),
        migrations.AlterField(
            model_name="personaldataaccess",
            name="kind",
            field=models.CharField(
                choices=[("view", "画面の表示"), ("export", "書き出し"), ("document", "帳票")],
                max_length=16,
                verbose_name="種類",
            ),
        ),
        migrations.AlterField(
            model_name="personaldataaccess",
            name="file_format",
            field=models.CharField(blank=True, max_length=16, verbose_name="形式"),
        ),
        migrations.AlterField(
            model_name="personaldataaccess",
            name="record_count",
            field=models.PositiveIntegerField(verbose_name="個人情報を含む件数"),
        ),
        migrations.AlterField(
            model_name="personaldataaccess",
            name="user",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="利用者",
            ),
        ),
        migrations.AlterField(
            model_name="personaldataaccess",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="日時"),
        ),
        migrations.AlterModelOptions(
            name="personaldataaccess",
            options={
                "ordering": ["-created_at", "-pk"],
                "verbose_name": "個人情報の閲覧記録",
                "verbose_name_plural": "個人情報の閲覧記録",
            },
        ),
    ]
