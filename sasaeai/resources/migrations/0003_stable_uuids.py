"""Stable UUIDs for HSDS export: added empty, filled for existing rows, then made unique."""

import uuid

from django.db import migrations, models

MODELS = ["organization", "resource", "location", "serviceatlocation", "schedule", "contact"]


def fill(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("resources", name)
        rows = list(model.objects.filter(uuid__isnull=True).only("pk"))
        for row in rows:
            row.uuid = uuid.uuid4()
        model.objects.bulk_update(rows, ["uuid"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("resources", "0002_constraint_messages")]

    operations = (
        [migrations.AddField(name, "uuid", models.UUIDField(null=True, editable=False)) for name in MODELS]
        + [migrations.AddField(f"historical{name}", "uuid", models.UUIDField(null=True, editable=False)) for name in MODELS]
        + [migrations.RunPython(fill, migrations.RunPython.noop)]
        + [
            migrations.AlterField(name, "uuid", models.UUIDField(default=uuid.uuid4, unique=True, editable=False))
            for name in MODELS
        ]
        + [
            migrations.AlterField(f"historical{name}", "uuid", models.UUIDField(db_index=True, default=uuid.uuid4, editable=False))
            for name in MODELS
        ]
    )
