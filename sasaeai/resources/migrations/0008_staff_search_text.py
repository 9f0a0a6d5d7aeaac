"""Issue #20 hole 3: residents' search column no longer holds a 住民個人 organisation's name; staff
search gets its own column. Every stored row is recomputed with the same builder the services use
(resources.search_text.refresh), so a deployed database is cleaned by migrating. On PostgreSQL
the staff column gets the trigram index the public column has (0007)."""

from django.db import migrations, models

INDEX = "resources_resource_staff_search_trgm"


def recompute(apps, schema_editor):  # type: ignore[no-untyped-def]
    from sasaeai.resources.search_text import refresh

    refresh(apps.get_model("resources", "Resource").objects.all())


def create_index(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON resources_resource "
        "USING gin (staff_search_text gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("resources", "0007_search_trigram_index")]

    operations = [
        migrations.AddField(
            model_name="historicalresource",
            name="staff_search_text",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name="resource",
            name="staff_search_text",
            field=models.TextField(blank=True, editable=False),
        ),
        # Going back, the split columns simply go away; the old search_text is not restored
        # (it would put the private names back into residents' search).
        migrations.RunPython(recompute, migrations.RunPython.noop),
        migrations.RunPython(create_index, drop_index),
    ]
