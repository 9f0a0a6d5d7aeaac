"""The unit amounts the source document gives (第9期, 令和6〜8年度): 第1層 8,000千円,
第2層 4,000千円 per area, 住民参画・官民連携推進事業 4,000千円. Later 年度 are added on screen."""

from django.db import migrations

UNITS = {2024: (8000, 4000, 4000), 2025: (8000, 4000, 4000), 2026: (8000, 4000, 4000)}


def seed(apps, schema_editor):
    Unit = apps.get_model("plans", "StandardAmountUnit")
    for year, (layer1, layer2, programme) in UNITS.items():
        Unit.objects.get_or_create(
            fiscal_year=year,
            defaults={"layer1": layer1, "layer2": layer2, "programme": programme},
        )


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_standard_amount_units")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
