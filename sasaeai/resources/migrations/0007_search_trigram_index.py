"""PostgreSQL only: a trigram GIN index on the stored search column, so `LIKE '%…%'` searches of
3 or more characters use an index on large registries (ARCHITECTURE: search). SQLite has no
equivalent; there the municipality filter comes first and the scan stays within one city."""

from django.db import migrations

INDEX = "resources_resource_search_trgm"


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON resources_resource "
        "USING gin (search_text gin_trgm_ops)"
    )


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("resources", "0006_event_kind")]
    operations = [migrations.RunPython(create, drop)]
