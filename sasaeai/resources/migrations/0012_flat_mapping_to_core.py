"""The flat import's remembered column mapping moves to core's ImportColumnMapping (issue #22:
every resource import uses the one column-mapping step), then its own field goes."""

import re

from django.db import migrations

FLAT_KIND = "resources_flat"
IGNORED = "-"  # how the flat import remembered 「使わない」; core writes ""


def move_mappings(apps, schema_editor):
    settings_model = apps.get_model("resources", "RegistrySettings")
    mapping_model = apps.get_model("core", "ImportColumnMapping")
    for settings in settings_model.objects.exclude(import_mapping={}):
        for key, target in (settings.import_mapping or {}).items():
            # core.imports.column_key also drops underscores ("total_population").
            header_key = re.sub(r"_", "", key)[:200]
            if not header_key:
                continue
            mapping_model.objects.update_or_create(
                municipality_id=settings.municipality_id,
                kind=FLAT_KIND,
                header_key=header_key,
                defaults={"header": key[:200], "field": "" if target == IGNORED else target},
            )


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0011_import_sources_phones"),
        ("core", "0011_personal_data_access"),
    ]

    operations = [
        migrations.RunPython(move_mappings, migrations.RunPython.noop),
        migrations.RemoveField(model_name="historicalregistrysettings", name="import_mapping"),
        migrations.RemoveField(model_name="registrysettings", name="import_mapping"),
    ]
