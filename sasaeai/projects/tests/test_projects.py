"""官民連携 projects: the stage path with its dated history, refused steps in Japanese, budget
totals per 年度, the board by stage, who may write, a refused form that keeps its input and
writes nothing, and the demo's four projects."""

import datetime
from decimal import Decimal
from typing import Any

import time_machine
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts import demo as accounts_demo
from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import UserFactory, user_with_role
from sasaeai.areas import demo as areas_demo
from sasaeai.areas.models import Area
from sasaeai.areas.tests.factories import Layer2AreaFactory, TownFactory
from sasaeai.councils import services as councils
from sasaeai.projects import demo as project_demo
from sasaeai.projects import services
from sasaeai.projects.models import Project, ProjectBudget, ProjectStageChange
from sasaeai.projects.selectors import budget_totals
from sasaeai.projects.services import BudgetInput, ProjectInput
from sasaeai.resources.constants import OrganizationType
from sasaeai.resources.tests.factories import OrganizationFactory, ResourceFactory

D = datetime.date
NOW = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=datetime.UTC)


STARTED = D(2025, 5, 24)


def a_town(**kwargs) -> Any:
    """A town of 八王子市, named by its code: the municipality factory's code iterator is left
    alone, so other modules' fixtures get the codes they expect."""
    return TownFactory(area__municipality__code="132012", **kwargs)


def new_project(city, user, *, title="移動販売と見守り", area=None, on=STARTED) -> Project:
    return services.project_create(
        municipality=city,
        data=ProjectInput(title=title, origin="workshop", area=area),
        started_on=on,
        user=user,
    )


def walk(project: Project, user, steps: list[tuple[str, datetime.date]]) -> None:
    for stage, day in steps:
        services.project_change_stage(project=project, stage=stage, on=day, user=user)


class StageTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.town = a_town()
        cls.city = cls.town.municipality
        cls.user = UserFactory(display_name="第1層SC 支援 一郎")

    def history(self, project: Project) -> list[tuple[str, datetime.date, str]]:
        return [
            (c.stage, c.changed_on, str(c.changed_by))
            for c in ProjectStageChange.objects.filter(project=project).order_by("pk")
        ]

    def test_a_project_walks_the_path_to_a_trial_with_each_step_dated(self) -> None:
        project = new_project(self.city, self.user)
        walk(
            project,
            self.user,
            [("research", D(2025, 7, 1)), ("design", D(2025, 10, 15)), ("trial", D(2026, 4, 1))],
        )
        project.refresh_from_db()
        self.assertEqual(project.stage, "trial")
        self.assertEqual(
            self.history(project),
            [
                ("idea", D(2025, 5, 24), "第1層SC 支援 一郎"),
                ("research", D(2025, 7, 1), "第1層SC 支援 一郎"),
                ("design", D(2025, 10, 15), "第1層SC 支援 一郎"),
                ("trial", D(2026, 4, 1), "第1層SC 支援 一郎"),
            ],
        )

    def test_a_trial_may_become_part_of_the_general_service(self) -> None:
        project = new_project(self.city, self.user)
        walk(
            project,
            self.user,
            [
                ("research", D(2025, 6, 1)),
                ("design", D(2025, 7, 1)),
                ("trial", D(2025, 8, 1)),
                ("general_service", D(2026, 4, 1)),
            ],
        )
        project.refresh_from_db()
        self.assertEqual(project.stage, "general_service")

    def test_a_project_may_be_cancelled_before_an_end(self) -> None:
        project = new_project(self.city, self.user)
        walk(project, self.user, [("research", D(2025, 6, 1)), ("cancelled", D(2025, 9, 30))])
        self.assertEqual(
            [c[:2] for c in self.history(project)],
            [("idea", D(2025, 5, 24)), ("research", D(2025, 6, 1)), ("cancelled", D(2025, 9, 30))],
        )

    def test_skipping_a_stage_is_refused_naming_the_possible_steps(self) -> None:
        project = new_project(self.city, self.user)
        with self.assertRaises(ValidationError) as caught:
            services.project_change_stage(
                project=project, stage="trial", on=D(2025, 6, 1), user=self.user
            )
        self.assertEqual(
            caught.exception.message_dict,
            {
                "stage": [
                    "「アイデア」から「試行」には進めません。選べるのは「調査・インタビュー」「中止」です。"
                ]
            },
        )
        project.refresh_from_db()
        self.assertEqual((project.stage, len(self.history(project))), ("idea", 1))

    def test_going_back_is_refused(self) -> None:
        project = new_project(self.city, self.user)
        walk(project, self.user, [("research", D(2025, 6, 1)), ("design", D(2025, 7, 1))])
        with self.assertRaises(ValidationError) as caught:
            services.project_change_stage(
                project=project, stage="research", on=D(2025, 8, 1), user=self.user
            )
        self.assertEqual(
            caught.exception.messages,
            [
                "「企画・デザイン」から「調査・インタビュー」には進めません。選べるのは「試行」「中止」です。"
            ],
        )

    def test_an_ended_project_keeps_its_stage(self) -> None:
        project = new_project(self.city, self.user)
        walk(project, self.user, [("cancelled", D(2025, 6, 1))])
        with self.assertRaises(ValidationError) as caught:
            services.project_change_stage(
                project=project, stage="research", on=D(2025, 7, 1), user=self.user
            )
        self.assertEqual(
            caught.exception.messages, ["「中止」で終わった事業の段階は変えられません。"]
        )

    def test_a_step_dated_before_the_last_one_is_refused(self) -> None:
        project = new_project(self.city, self.user)
        with self.assertRaises(ValidationError) as caught:
            services.project_change_stage(
                project=project, stage="research", on=D(2025, 5, 23), user=self.user
            )
        self.assertEqual(
            caught.exception.message_dict,
            {
                "changed_on": [
                    "日付は前の段階「アイデア」の日（令和7年5月24日）以降にしてください。"
                ]
            },
        )

    def test_the_history_names_who_changed_the_stage(self) -> None:
        project = new_project(self.city, self.user)
        other = UserFactory(display_name="第2層SC 中央 和子")
        services.project_change_stage(
            project=project, stage="research", on=D(2025, 6, 1), user=other
        )
        latest = project.history.order_by("-history_id").first()
        assert latest is not None
        self.assertEqual(
            (latest.stage, str(latest.history_user)), ("research", "第2層SC 中央 和子")
        )


class Row:
    def __init__(self, fiscal_year, planned, subsidy_planned, actual=None, subsidy_actual=None):
        self.fiscal_year, self.planned, self.subsidy_planned = fiscal_year, planned, subsidy_planned
        self.actual, self.subsidy_actual = actual, subsidy_actual


class BudgetTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.town = a_town()
        cls.city = cls.town.municipality
        cls.user = UserFactory()

    def test_totals_per_fiscal_year_add_the_projects_and_keep_unknown_actuals_blank(self) -> None:
        years, total = budget_totals(
            [
                Row(2026, 1800, 1200),
                Row(2025, 600, 400, 540, 360),
                Row(2025, 240, 240, 210, 210),
                Row(2026, 300, 300),
            ]
        )
        sums = [
            (y.fiscal_year, y.planned, y.actual, y.subsidy_planned, y.subsidy_actual) for y in years
        ]
        # 2025: 600 + 240 = 840 planned, 540 + 210 = 750 actual, 400 + 240 = 640, 360 + 210 = 570.
        # 2026: 1,800 + 300 = 2,100 planned, no actual yet, 1,200 + 300 = 1,500.
        self.assertEqual(sums, [(2025, 840, 750, 640, 570), (2026, 2100, None, 1500, None)])
        # All: 840 + 2,100 = 2,940; actual only 2025's 750; 640 + 1,500 = 2,140; 570.
        self.assertEqual(
            (total.planned, total.actual, total.subsidy_planned, total.subsidy_actual),
            (2940, 750, 2140, 570),
        )

    def test_entering_a_year_again_corrects_it(self) -> None:
        project = new_project(self.city, self.user)
        services.budget_set(project=project, data=BudgetInput(2025, 600, 400), user=self.user)
        services.budget_set(
            project=project, data=BudgetInput(2025, 600, 400, 540, 360), user=self.user
        )
        self.assertEqual(
            list(ProjectBudget.objects.values_list("fiscal_year", "planned", "actual")),
            [(2025, 600, 540)],
        )

    def test_a_subsidy_larger_than_the_budget_is_refused(self) -> None:
        project = new_project(self.city, self.user)
        with self.assertRaises(ValidationError) as caught:
            services.budget_set(project=project, data=BudgetInput(2025, 300, 400), user=self.user)
        self.assertEqual(
            caught.exception.message_dict,
            {"subsidy_planned": ["令和7年度の補助金の予算が事業費の予算を超えています。"]},
        )
        self.assertFalse(ProjectBudget.objects.exists())


@time_machine.travel(NOW, tick=False)
class BoardTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.town = a_town(area__name="丘陵圏域")
        cls.city = cls.town.municipality
        cls.user = user_with_role(Role.VIEWER, cls.city)
        writer = UserFactory()
        cls.trial = new_project(cls.city, writer, title="移動販売と見守り", area=cls.town.area)
        walk(
            cls.trial,
            writer,
            [("research", D(2025, 7, 1)), ("design", D(2025, 10, 15)), ("trial", D(2026, 4, 1))],
        )
        cls.idea = new_project(cls.city, writer, title="買い物ついでサロン")
        cls.cancelled = new_project(cls.city, writer, title="朝市")
        walk(cls.cancelled, writer, [("cancelled", D(2025, 6, 1))])
        services.partner_add(
            project=cls.trial, organization=OrganizationFactory(municipality=cls.city,
            name="株式会社まちかどマート", type=OrganizationType.BUSINESS), user=writer,
        )  # fmt: skip
        services.milestone_add(
            project=cls.trial, title="試行の評価", due_on=D(2027, 2, 26), user=writer
        )
        services.milestone_add(
            project=cls.trial, title="中間ふりかえり", due_on=D(2026, 9, 30), user=writer
        )
        services.budget_set(project=cls.trial, data=BudgetInput(2025, 600, 400), user=writer)
        services.budget_set(project=cls.idea, data=BudgetInput(2025, 240, 240), user=writer)

    def test_each_stage_is_a_column_with_its_projects(self) -> None:
        self.client.force_login(self.user)
        response = self.client.get(reverse("projects:board", args=[self.city.code]))
        columns = [(c.label, [p.title for p in c.projects]) for c in response.context["columns"]]
        self.assertEqual(
            columns,
            [
                ("アイデア", ["買い物ついでサロン"]),
                ("調査・インタビュー", []),
                ("企画・デザイン", []),
                ("試行", ["移動販売と見守り"]),
                ("自走", []),
                ("総合事業化", []),
                ("中止", ["朝市"]),
            ],
        )

    def test_a_card_shows_area_next_milestone_and_partners(self) -> None:
        self.client.force_login(self.user)
        response = self.client.get(reverse("projects:board", args=[self.city.code]))
        self.assertContains(
            response, '<h3 id="stage-trial">試行<span class="help">（1件）</span></h3>', html=True
        )
        # The earlier of the two open milestones is the next one.
        self.assertContains(response, "<dd>中間ふりかえり（令和8年9月30日）</dd>", html=True)
        self.assertContains(
            response, "<dd><ul><li>株式会社まちかどマート</li></ul></dd>", html=True
        )
        self.assertContains(response, "<dd>丘陵圏域</dd>", html=True)

    def test_the_board_adds_the_budget_of_all_projects_per_year(self) -> None:
        self.client.force_login(self.user)
        response = self.client.get(reverse("projects:board", args=[self.city.code]))
        # 令和7年度: 600 + 240 = 840 planned, 400 + 240 = 640 subsidy.
        years = [
            (y.fiscal_year, y.planned, y.subsidy_planned) for y in response.context["budget_years"]
        ]
        self.assertEqual(years, [(2025, 840, 640)])
        # No actual entered yet: a dash, not 0.
        self.assertContains(
            response,
            '<tr><th scope="row">令和7年度</th><td class="num">840</td><td class="num">—</td>'
            '<td class="num">640</td><td class="num">—</td></tr>',
            html=True,
        )

    def test_the_board_reads_in_a_fixed_number_of_queries(self) -> None:
        self.client.force_login(self.user)
        url = reverse("projects:board", args=[self.city.code])
        self.client.get(url)
        # Session, user, role assignments, municipality; projects, partners, milestones; budgets.
        with self.assertNumQueries(9):  # +1: the header's unread お知らせ
            self.client.get(url)


class PermissionTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.town = a_town()
        cls.city = cls.town.municipality
        cls.area = cls.town.area
        cls.other_area = Layer2AreaFactory(municipality=cls.city, parent=cls.area.parent)
        cls.admin = user_with_role(Role.MUNICIPAL_ADMIN, cls.city)
        cls.project = new_project(cls.city, cls.admin, area=cls.area)
        cls.citywide = new_project(cls.city, cls.admin, title="市全体の事業")

    def post_milestone(self, user, project=None):
        self.client.force_login(user)
        url = reverse("projects:milestone_add", args=[self.city.code, (project or self.project).pk])
        return self.client.post(
            url, {"milestone-title": "試行の評価", "milestone-due_on": "2027-02-26"}
        )

    def test_a_viewer_may_read_but_not_write(self) -> None:
        viewer = user_with_role(Role.VIEWER, self.city)
        self.client.force_login(viewer)
        page = self.client.get(reverse("projects:detail", args=[self.city.code, self.project.pk]))
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, "節目を加える")
        self.assertEqual(self.post_milestone(viewer).status_code, 403)
        self.assertFalse(self.project.milestones.exists())

    def test_a_layer_2_coordinator_of_another_area_is_refused(self) -> None:
        outsider = user_with_role(Role.SC_LAYER2, self.city, area=self.other_area)
        self.assertEqual(self.post_milestone(outsider).status_code, 403)
        self.assertFalse(self.project.milestones.exists())

    def test_a_layer_2_coordinator_of_the_area_may_write(self) -> None:
        coordinator = user_with_role(Role.SC_LAYER2, self.city, area=self.area)
        response = self.post_milestone(coordinator)
        self.assertRedirects(
            response, reverse("projects:detail", args=[self.city.code, self.project.pk])
        )
        self.assertEqual(
            list(self.project.milestones.values_list("title", "due_on")),
            [("試行の評価", D(2027, 2, 26))],
        )

    def test_a_project_of_the_whole_city_is_not_a_layer_2_coordinators_to_write(self) -> None:
        coordinator = user_with_role(Role.SC_LAYER2, self.city, area=self.area)
        self.assertEqual(self.post_milestone(coordinator, self.citywide).status_code, 403)

    def test_a_layer_2_coordinator_may_not_create_a_project_in_another_area(self) -> None:
        coordinator = user_with_role(Role.SC_LAYER2, self.city, area=self.area)
        self.client.force_login(coordinator)
        response = self.client.post(
            reverse("projects:create", args=[self.city.code]),
            {
                "title": "坂道",
                "origin": "workshop",
                "area": self.other_area.pk,
                "started_on": "2026-11-27",
            },
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Project.objects.filter(title="坂道").exists())


class FormErrorTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.town = a_town()
        cls.city = cls.town.municipality
        cls.admin = user_with_role(Role.MUNICIPAL_ADMIN, cls.city)
        cls.project = new_project(cls.city, cls.admin, area=cls.town.area)

    def setUp(self) -> None:
        self.client.force_login(self.admin)

    def url(self, name: str) -> str:
        return reverse(name, args=[self.city.code, self.project.pk])

    def test_a_refused_budget_names_the_field_keeps_the_input_and_writes_nothing(self) -> None:
        response = self.client.post(
            self.url("projects:budget"),
            {
                "budget-fiscal_year": "2026",
                "budget-planned": "1,800",
                "budget-subsidy_planned": "2000",
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(
            response,
            '<a href="#id_budget-subsidy_planned">うち補助金・予算（千円）: '
            "令和8年度の補助金の予算が事業費の予算を超えています。</a>",
            html=True,
            status_code=400,
        )
        self.assertContains(response, 'value="1,800"', status_code=400)
        self.assertContains(response, 'value="2000"', status_code=400)
        self.assertFalse(ProjectBudget.objects.exists())

    def test_a_full_width_amount_is_read(self) -> None:
        self.client.post(
            self.url("projects:budget"),
            {
                "budget-fiscal_year": "2026",
                "budget-planned": "１，８００",
                "budget-subsidy_planned": "0",
                "budget-version": "1",  # the project as registered, unchanged since
            },
        )
        self.assertEqual(list(ProjectBudget.objects.values_list("planned", flat=True)), [1800])

    def test_removing_a_partner_of_no_project_is_refused_by_a_message_on_the_page(self) -> None:
        other = new_project(self.city, self.admin, title="別の事業", area=self.town.area)
        partner = services.partner_add(
            project=other, organization=OrganizationFactory(municipality=self.city),
            role="運営", user=self.admin,
        )  # fmt: skip
        response = self.client.post(self.url("projects:partner_remove"), {"partner": partner.pk})
        self.assertRedirects(response, self.url("projects:detail"))
        said = [str(m) for m in get_messages(response.wsgi_request)]
        self.assertEqual(said, ["この事業の連携先ではありません。"])
        self.assertTrue(other.partners.filter(pk=partner.pk).exists())

    def test_a_refused_stage_shows_why_and_keeps_the_note(self) -> None:
        response = self.client.post(
            self.url("projects:stage"),
            {
                "stage-stage": "trial",
                "stage-changed_on": "2026-11-27",
                "stage-note": "試しに始める",
            },
        )
        self.assertContains(
            response,
            "「アイデア」から「試行」には進めません。選べるのは「調査・インタビュー」「中止」です。",
            status_code=400,
        )
        self.assertContains(response, "試しに始める</textarea>", status_code=400)
        self.assertEqual(self.project.stage_changes.count(), 1)

    def test_a_stage_change_by_form_is_dated(self) -> None:
        self.client.post(
            self.url("projects:stage"),
            {"stage-stage": "research", "stage-changed_on": "令和7年7月1日", "stage-note": ""},
        )
        self.assertEqual(
            list(self.project.stage_changes.values_list("stage", "changed_on")),
            [("idea", D(2025, 5, 24)), ("research", D(2025, 7, 1))],
        )

    def test_creating_with_other_and_no_text_names_the_field_and_writes_nothing(self) -> None:
        response = self.client.post(
            reverse("projects:create", args=[self.city.code]),
            {
                "title": "坂道の送迎ボランティア",
                "origin": "other",
                "origin_note": "",
                "started_on": "2026-07-06",
            },
        )
        self.assertContains(
            response, "「その他」のときは、きっかけを書いてください。", status_code=400
        )
        self.assertContains(response, 'value="坂道の送迎ボランティア"', status_code=400)
        self.assertFalse(Project.objects.filter(title="坂道の送迎ボランティア").exists())

    def test_creating_from_a_challenge_links_it(self) -> None:
        challenge = councils.challenge_create(
            municipality=self.city, title="坂道で通いの場に行けない", source="gap_analysis",
            area=self.town.area, user=self.admin,
        )  # fmt: skip
        response = self.client.post(
            reverse("projects:create", args=[self.city.code]),
            {"title": "坂道の送迎ボランティア", "origin": "challenge",
             "origin_challenge": challenge.pk, "area": self.town.area.pk, "started_on": "2026-07-06"},
        )  # fmt: skip
        project = Project.objects.get(title="坂道の送迎ボランティア")
        self.assertRedirects(
            response, reverse("projects:detail", args=[self.city.code, project.pk])
        )
        self.assertEqual((project.origin_challenge, project.stage), (challenge, "idea"))


@time_machine.travel(NOW, tick=False)
class DemoTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = areas_demo.build(seed=2025)
        accounts_demo.build(municipality=cls.city)
        hills = Area.objects.get(municipality=cls.city, name="丘陵圏域")
        west = Area.objects.get(municipality=cls.city, name="西部圏域")
        cls.challenge = councils.challenge_create(
            municipality=cls.city, title="丘陵圏域：週1回以上の通いの場に歩いて行けない高齢者が多い",
            source="gap_analysis", area=hills, user=UserFactory(),
        )  # fmt: skip
        for name, type_ in (
            ("株式会社まちかどマート", OrganizationType.BUSINESS),
            ("社会福祉法人サンプル市社会福祉協議会", OrganizationType.SOCIAL_WELFARE_COUNCIL),
        ):
            OrganizationFactory(municipality=cls.city, name=name, type=type_)
        OrganizationFactory(
            municipality=cls.city, name="狭山自治会", type=OrganizationType.NEIGHBORHOOD
        ).areas.add(west)
        cls.cooking = ResourceFactory(municipality=cls.city, name="男の料理教室")
        project_demo.build(municipality=cls.city)

    def test_four_projects_at_four_stages(self) -> None:
        self.assertEqual(
            sorted(Project.objects.values_list("title", "stage")),
            [
                ("坂道の送迎ボランティア", "research"),
                ("男性の料理教室", "self_running"),
                ("移動販売と見守り", "trial"),
                ("買い物ついでサロン", "design"),
            ],
        )

    def test_the_hill_rides_start_from_the_areas_challenge(self) -> None:
        project = Project.objects.get(title="坂道の送迎ボランティア")
        self.assertEqual((project.origin, project.origin_challenge), ("challenge", self.challenge))

    def test_the_mobile_shop_has_its_partners_and_two_years_of_budget(self) -> None:
        project = Project.objects.get(title="移動販売と見守り")
        self.assertEqual(
            list(project.partners.values_list("organization__name", "kind")),
            [
                ("株式会社まちかどマート", "business"),
                ("狭山自治会", "residents"),
                ("社会福祉法人サンプル市社会福祉協議会", "shakyo"),
            ],
        )
        self.assertEqual(
            list(project.budgets.values_list("fiscal_year", "planned")), [(2025, 600), (2026, 1800)]
        )
        self.assertEqual(
            list(project.hypotheses.values_list("status", flat=True)), ["supported", "untested"]
        )

    def test_the_cooking_class_became_a_resource(self) -> None:
        project = Project.objects.get(title="男性の料理教室")
        self.assertEqual(list(project.resources.all()), [self.cooking])
        self.assertEqual(project.outcome_indicators.get().actual, Decimal("12.00"))
