"""The projects models moved out of plans without moving their data: rows written at the old
state (plans/0004, no projects app) by the old models are all found by the new ones, with their
history, the many-to-many row and its history. Only the two apps' migrations are run, and they
only move state, so the test costs the state rendering and no schema change."""

import datetime
from typing import Any

from django.apps.registry import Apps
from django.test import TransactionTestCase
from django.utils import timezone

from sasaeai.accounts.tests.factories import UserFactory
from sasaeai.areas.tests.factories import Layer2AreaFactory
from sasaeai.core.tests.migrating import latest, migrate
from sasaeai.projects.models import (
    Hypothesis,
    Milestone,
    OutcomeIndicator,
    Project,
    ProjectBudget,
    ProjectPartner,
    ProjectStageChange,
)
from sasaeai.resources.tests.factories import OrganizationFactory, ResourceFactory

OLD = [("plans", "0004_projects"), ("projects", None)]


class MovedFromPlansTests(TransactionTestCase):
    def setUp(self) -> None:
        # The rows of the other apps are the same at both states: made with today's models.
        self.area = Layer2AreaFactory()
        self.city = self.area.municipality
        self.user = UserFactory()
        self.organization = OrganizationFactory(municipality=self.city)
        self.resource = ResourceFactory(municipality=self.city)
        # Whatever happens, the database is left at the latest state for the tests after this.
        self.addCleanup(migrate, latest())

    def with_history(self, old: Apps, model_name: str, /, **fields: Any) -> Any:
        """A row written by the old model, and its 作成 history row, as simple-history does."""
        row = old.get_model("plans", model_name).objects.create(**fields)
        values = {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields}
        old.get_model("plans", f"Historical{model_name}").objects.create(
            **values, history_date=timezone.now(), history_type="+", history_user_id=self.user.pk
        )
        return row

    def write_at_old_state(self) -> dict[str, int]:
        """One row of each moved model, with history, and a many-to-many row with its history."""
        old = migrate(OLD)
        project = self.with_history(
            old, "Project", municipality_id=self.city.pk, title="移動販売と見守り",
            origin="workshop", area_id=self.area.pk, stage="research",
            created_by_id=self.user.pk, created_at=timezone.now(),
        )  # fmt: skip
        link = project.resources.through.objects.create(
            project_id=project.pk, resource_id=self.resource.pk
        )
        history = old.get_model("plans", "HistoricalProject").objects.get(id=project.pk)
        old.get_model("plans", "HistoricalProject_resources").objects.create(
            id=link.pk, history=history, project_id=project.pk, resource_id=self.resource.pk
        )
        on = datetime.date(2025, 5, 24)
        of_project = {"project_id": project.pk}
        return {
            "Project": project.pk,
            "ProjectStageChange": self.with_history(
                old, "ProjectStageChange", **of_project, stage="research", changed_on=on,
                changed_by_id=self.user.pk,
            ).pk,
            "ProjectPartner": self.with_history(
                old, "ProjectPartner", **of_project, organization_id=self.organization.pk,
                kind="business", role="移動販売車を出す",
            ).pk,
            "Hypothesis": self.with_history(
                old, "Hypothesis", **of_project, statement="声かけが届く", method="記録する"
            ).pk,
            "Milestone": self.with_history(
                old, "Milestone", **of_project, title="試行の評価", due_on=on
            ).pk,
            "ProjectBudget": self.with_history(
                old, "ProjectBudget", **of_project, fiscal_year=2025, planned=600,
                subsidy_planned=400,
            ).pk,
            "OutcomeIndicator": self.with_history(
                old, "OutcomeIndicator", **of_project, name="利用者数", unit="人"
            ).pk,
        }  # fmt: skip

    def test_every_row_and_history_row_is_found_by_the_new_models(self) -> None:
        pks = self.write_at_old_state()
        migrate(latest())

        project = Project.objects.get(pk=pks["Project"])
        self.assertEqual(
            (project.title, project.stage, project.area_id, project.created_by_id),
            ("移動販売と見守り", "research", self.area.pk, self.user.pk),
        )
        self.assertEqual(list(project.resources.values_list("pk", flat=True)), [self.resource.pk])
        created = project.history.get()
        self.assertEqual((created.history_type, created.history_user_id), ("+", self.user.pk))
        self.assertEqual(
            list(created.resources.values_list("resource_id", flat=True)), [self.resource.pk]
        )
        self.assertEqual(self.resource.projects.get(), project)
        for model in (
            ProjectStageChange, ProjectPartner, Hypothesis, Milestone, ProjectBudget,
            OutcomeIndicator,
        ):  # fmt: skip
            with self.subTest(model.__name__):
                row = model.objects.get(pk=pks[model.__name__])
                self.assertEqual(row.project, project)
                self.assertEqual(
                    list(model.history.values_list("id", "history_type")),
                    [(row.pk, "+")],
                )
        self.assertEqual(project.partners.get().organization, self.organization)
        self.assertEqual(project.budgets.get().planned, 600)
