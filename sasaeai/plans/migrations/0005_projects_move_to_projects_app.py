"""The 官民連携 project models moved to the projects app (projects/0001_initial takes them over).

State only: their tables, history tables and many-to-many tables keep their plans_ names and
their rows, so the database is not touched either way. Models are removed before the models
they point at (history of the many-to-many first, Project last)."""

from django.db import migrations

MOVED = [
    "HistoricalProject_resources",
    "HistoricalProjectStageChange",
    "HistoricalProjectPartner",
    "HistoricalHypothesis",
    "HistoricalMilestone",
    "HistoricalProjectBudget",
    "HistoricalOutcomeIndicator",
    "HistoricalProject",
    "ProjectStageChange",
    "ProjectPartner",
    "Hypothesis",
    "Milestone",
    "ProjectBudget",
    "OutcomeIndicator",
    "Project",
]


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0004_projects"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name=name) for name in MOVED],
            database_operations=[],
        ),
    ]
