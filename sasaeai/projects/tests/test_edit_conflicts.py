"""Two people edit the same project (issue #21): the second keeps their input and is told who
saved first and when; a step of the project's stage taken meanwhile is a change too."""

import datetime

from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.core.tests.edit_conflicts import (
    SAVED_AT_WAREKI,
    EditConflictMixin,
    both_open,
    shown_version,
    signed_in,
)
from sasaeai.projects import services
from sasaeai.projects.models import Project

from .test_projects import a_town, new_project


class ProjectEditConflictTests(EditConflictMixin, TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.town = a_town()
        cls.city = cls.town.municipality
        cls.admin = user_with_role(Role.MUNICIPAL_ADMIN, cls.city, user__display_name="管理 太郎")
        cls.sc1 = user_with_role(Role.SC_LAYER1, cls.city)
        cls.project = new_project(cls.city, cls.admin, area=cls.town.area)
        cls.url = reverse("projects:edit", args=[cls.city.code, cls.project.pk])

    def values(self, title: str) -> dict[str, object]:
        return {"title": title, "origin": "workshop", "area": self.town.area.pk}

    def test_the_second_edit_is_refused_with_its_input_kept(self) -> None:
        refused = self.two_editors(
            self.url, self.admin, self.sc1, self.values("移動販売と見守りの会"),
            self.values("移動販売で見守り"), who="管理 太郎",
        )  # fmt: skip
        self.assertContains(refused, 'value="移動販売で見守り"', status_code=400)
        self.assertEqual(Project.objects.get().title, "移動販売と見守りの会")

    def test_a_part_overwritten_from_the_project_page_after_another_part_changed(self) -> None:
        # The page's forms that overwrite a part (a result, a budget, an actual) carry the
        # project's version: B's hypothesis result comes after A's budget, so it is refused.
        hypothesis = services.hypothesis_add(
            project=self.project, statement="買い物に来る", method="数える", user=self.admin
        )
        page = reverse("projects:detail", args=[self.city.code, self.project.pk])
        post = {name: reverse(f"projects:{name}", args=[self.city.code, self.project.pk])
                for name in ("budget", "hypothesis_result")}  # fmt: skip
        with both_open(page, self.admin, self.sc1, "budget-version") as (a, b, opened):
            # The result form shows the same version as the budget form (the project's).
            self.assertEqual(shown_version(b.get(page), "result-version"), opened)
            saved = a.post(post["budget"], {"budget-fiscal_year": "2026", "budget-planned": "1800",
                                             "budget-subsidy_planned": "0",
                                             "budget-version": opened})  # fmt: skip
            self.assertEqual(saved.status_code, 302)
            refused = b.post(post["hypothesis_result"], {
                "result-hypothesis": hypothesis.pk, "result-status": "supported",
                "result-result": "47人が来た", "result-version": opened,
            })  # fmt: skip
        self.assertContains(
            refused, f"管理 太郎さんが保存しました（{SAVED_AT_WAREKI}）", status_code=400
        )
        self.assertContains(refused, "47人が来た</textarea>", status_code=400)
        hypothesis.refresh_from_db()
        self.assertEqual((hypothesis.status, hypothesis.result), ("untested", ""))

    def test_a_stage_step_after_the_form_was_opened_makes_its_save_a_conflict(self) -> None:
        editor = signed_in(self.sc1)
        opened = shown_version(editor.get(self.url))
        services.project_change_stage(
            project=self.project, stage="research", on=datetime.date(2026, 11, 1), user=self.admin
        )
        response = editor.post(self.url, {**self.values("書き換え"), "version": opened})
        self.assertContains(response, "管理 太郎さんが保存しました", status_code=400)
        self.assertEqual(
            Project.objects.values_list("title", "stage").get(), ("移動販売と見守り", "research")
        )
