"""The register of 地域課題 (issue #23, point 7): each filter with the rows it leaves, pages that
keep the filters, a challenge's page with what answered it, its priority set by its writers
only, and an action's progress recording the 地域資源 it gave birth to (never another city's)."""

import datetime

import time_machine
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import AreaFactory, Layer2AreaFactory, MunicipalityFactory
from sasaeai.councils import services
from sasaeai.councils.constants import EvidenceKind
from sasaeai.councils.models import ActionItem, Challenge, EscalationHandover
from sasaeai.projects import services as projects
from sasaeai.resources.tests.factories import ResourceFactory

from .factories import TOKYO, MeetingFactory, MembershipFactory

NOW = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=TOKYO)


def at(*when: int) -> datetime.datetime:
    return datetime.datetime(*when, tzinfo=TOKYO)


class RegisterFixture(TestCase):
    """Four challenges of 東大和市 and one of another city:

    | title            | council      | 圏域 | layer | categories         | source       | priority | registered (JST)       | 年度 | status |
    | 坂道で買い物      | 北部          | 北部 | 2     | mobility, shopping | meeting      | high     | 2025-05-10 10:00       | 2025 | 提起 (escalated to 第1層) |
    | 見守りの空白      | 第1層         | 全域 | 1     | watching           | coordinator  | low      | 2026-03-31 23:30       | 2025 | 提起 |
    | サロンの担い手    | 南部          | 南部 | 2     | supporters         | workshop     | normal   | 2026-04-01 00:30       | 2026 | 検討中 |
    | 配食の届かない地区 | (none)       | 北部 | 2     | meals              | gap_analysis | normal   | 2026-06-01 09:00       | 2026 | 提起 |
    """

    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132233", name="東大和市")
        cls.whole = AreaFactory(municipality=cls.city, name="東大和市全域")
        cls.north = Layer2AreaFactory(municipality=cls.city, parent=cls.whole, name="北部圏域")
        cls.south = Layer2AreaFactory(municipality=cls.city, parent=cls.whole, name="南部圏域")
        cls.sc1 = user_with_role(Role.SC_LAYER1, cls.city)
        cls.north_sc = user_with_role(Role.SC_LAYER2, cls.city, area=cls.north)
        cls.south_sc = user_with_role(Role.SC_LAYER2, cls.city, area=cls.south)
        cls.viewer = user_with_role(Role.VIEWER, cls.city)
        make = services.council_create
        cls.layer1 = make(municipality=cls.city, area=cls.whole, name="推進会議", user=cls.sc1)
        cls.north_council = make(
            municipality=cls.city, area=cls.north, name="北部支え合い会議", user=cls.sc1
        )
        cls.south_council = make(
            municipality=cls.city, area=cls.south, name="南部支え合い会議", user=cls.sc1
        )
        cls.salon = ResourceFactory(
            municipality=cls.city, name="サロンひまわり", kana="さろんひまわり"
        )
        cls.slope = cls.raise_at(
            at(2025, 5, 10, 10), council=cls.north_council, title="坂道で買い物",
            categories=["mobility", "shopping"], source="meeting",
            evidence=[services.EvidenceInput(EvidenceKind.RESOURCE, "近くのサロン", resource=cls.salon)],
        )  # fmt: skip
        cls.watch = cls.raise_at(
            at(2026, 3, 31, 23, 30), council=cls.layer1, title="見守りの空白",
            categories=["watching"], source="coordinator",
        )  # fmt: skip
        cls.helpers = cls.raise_at(
            at(2026, 4, 1, 0, 30), council=cls.south_council, title="サロンの担い手",
            categories=["supporters"], source="workshop",
        )  # fmt: skip
        cls.meals = cls.raise_at(
            at(2026, 6, 1, 9), area=cls.north, title="配食の届かない地区",
            categories=["meals"], source="gap_analysis",
        )  # fmt: skip
        services.challenge_set_priority(challenge=cls.slope, priority="high", user=cls.sc1)
        services.challenge_set_priority(challenge=cls.watch, priority="low", user=cls.sc1)
        services.challenge_set_status(challenge=cls.helpers, status="considering", user=cls.sc1)
        services.challenge_escalate(challenge=cls.slope, reason="交通の協議が要る", user=cls.sc1)
        # Another city's challenge, which no filter of 東大和市 may show.
        other = MunicipalityFactory(code="132012")
        services.challenge_create(
            municipality=other, area=AreaFactory(municipality=other), title="よその課題",
            source="meeting", user=cls.sc1,
        )  # fmt: skip

    @classmethod
    def raise_at(cls, when: datetime.datetime, **values) -> Challenge:  # type: ignore[no-untyped-def]
        with time_machine.travel(when, tick=False):
            return services.challenge_create(municipality=cls.city, user=cls.sc1, **values)

    def register(self, **query: str):  # type: ignore[no-untyped-def]
        url = reverse("councils:challenges", kwargs={"lgcode": self.city.code})
        return self.client.get(url, query)

    def titles(self, **query: str) -> list[str]:
        response = self.register(**query)
        self.assertEqual(response.status_code, 200)
        return [c.title for c in response.context["page"]]

    def challenge_url(self, challenge: Challenge, name: str = "challenge") -> str:
        return reverse(f"councils:{name}", kwargs={"lgcode": self.city.code, "pk": challenge.pk})


@time_machine.travel(NOW, tick=False)
class RegisterFilterTests(RegisterFixture):
    def setUp(self) -> None:
        self.client.force_login(self.viewer)

    def test_it_lists_every_challenge_of_the_city_newest_first(self) -> None:
        # 06-01 2026, 04-01 2026, 03-31 2025-FY, 05-10 2025; the other city's is not there.
        self.assertEqual(
            self.titles(), ["配食の届かない地区", "サロンの担い手", "見守りの空白", "坂道で買い物"]
        )
        self.assertContains(self.register(), "4件")

    def test_high_priority_first_then_newest(self) -> None:
        # 高: 坂道; 中: 配食 (06-01) then 担い手 (04-01); 低: 見守り.
        self.assertEqual(
            self.titles(order="priority"),
            ["坂道で買い物", "配食の届かない地区", "サロンの担い手", "見守りの空白"],
        )

    def test_each_filter_leaves_its_rows(self) -> None:
        cases = {
            "status": ("considering", ["サロンの担い手"]),
            "category": ("shopping", ["坂道で買い物"]),
            "area": (str(self.north.pk), ["配食の届かない地区", "坂道で買い物"]),
            "layer": ("1", ["見守りの空白"]),
            "source": ("workshop", ["サロンの担い手"]),
            "priority": ("high", ["坂道で買い物"]),
            # 年度2025 = 2025-04-01 .. 2026-03-31 JST: 見守り (03-31 23:30) is in, 担い手
            # (04-01 00:30, still 03-31 in UTC) is not.
            "year": ("2025", ["見守りの空白", "坂道で買い物"]),
        }
        for name, (value, expected) in cases.items():
            with self.subTest(name):
                self.assertEqual(self.titles(**{name: value}), expected)

    def test_a_category_matches_one_value_of_the_list(self) -> None:
        # 坂道 has two categories: either finds it; a category nobody chose finds nothing.
        self.assertEqual(self.titles(category="mobility"), ["坂道で買い物"])
        self.assertEqual(self.titles(category="places"), [])

    def test_filters_combine(self) -> None:
        self.assertEqual(
            self.titles(year="2026", layer="2"), ["配食の届かない地区", "サロンの担い手"]
        )
        self.assertEqual(self.titles(year="2026", source="gap_analysis"), ["配食の届かない地区"])

    def test_an_unknown_choice_is_refused_with_the_field_named(self) -> None:
        response = self.register(status="unknown")
        self.assertContains(response, "状態は一覧から選んでください。")
        self.assertEqual(list(response.context["page"]), [])

    def test_each_row_shows_its_council_escalation_and_actions(self) -> None:
        member = MembershipFactory(council=self.north_council)
        for title in ("移動販売の相談", "送迎の検討"):
            services.action_create(
                council=self.north_council, title=title, owners=[member], challenge=self.slope,
                user=self.sc1,
            )  # fmt: skip
        response = self.register(priority="high")
        self.assertContains(response, "提起済（推進会議）")
        self.assertContains(response, '<td class="num">2件</td>', html=True)
        self.assertContains(response, "令和7年5月10日")
        self.assertContains(response, "北部支え合い会議")
        self.assertContains(response, f'href="{self.challenge_url(self.slope)}"')

    def test_the_register_reads_a_fixed_number_of_queries(self) -> None:
        # session, user, municipality, role assignments (the permission); the first 年度
        # (MIN), the 圏域 of the filter; the count and the page's rows (council, 圏域 and
        # escalation joined, the actions counted in a subquery): 8, however many rows.
        self.register()
        with self.assertNumQueries(9):  # +1: the header's unread お知らせ
            self.register()
        member = MembershipFactory(council=self.north_council)
        services.action_create(
            council=self.north_council, title="相談", owners=[member], challenge=self.slope,
            user=self.sc1,
        )  # fmt: skip
        services.challenge_escalate(challenge=self.helpers, reason="予算", user=self.sc1)
        with self.assertNumQueries(9):  # +1: the header's unread お知らせ
            self.register()

    def test_the_page_links_keep_the_filters(self) -> None:
        # 51 low-priority challenges besides 見守り: 52 rows, 50 on page 1 and 2 on page 2.
        Challenge.objects.bulk_create(
            Challenge(
                municipality=self.city, layer=2, area=self.north, title=f"課題{n}",
                source="meeting", priority="low", created_by=self.sc1,
            )
            for n in range(51)
        )  # fmt: skip
        first = self.register(priority="low")
        self.assertContains(first, "52件")
        self.assertEqual(len(first.context["page"]), 50)
        self.assertContains(first, 'href="?priority=low&amp;page=2"')
        second = self.register(priority="low", page="2")
        self.assertEqual(len(second.context["page"]), 2)
        self.assertContains(second, 'href="?priority=low&amp;page=1"')


@time_machine.travel(NOW, tick=False)
class ChallengePageTests(RegisterFixture):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.member = MembershipFactory(council=cls.north_council)
        cls.meeting = MeetingFactory(council=cls.north_council, title="第3回北部会議")
        cls.action = services.action_create(
            council=cls.north_council, title="移動販売の相談", owners=[cls.member],
            meeting=cls.meeting, challenge=cls.slope, user=cls.sc1,
        )  # fmt: skip
        cls.new_place = ResourceFactory(municipality=cls.city, name="坂の上のサロン")
        services.action_progress_add(
            action=cls.action, note="始まりました", status="done", resource=cls.new_place,
            user=cls.sc1,
        )  # fmt: skip
        cls.project = projects.project_create(
            municipality=cls.city, started_on=datetime.date(2026, 6, 1), user=cls.sc1,
            data=projects.ProjectInput(
                title="移動スーパー", origin="challenge", origin_challenge=cls.slope
            ),
        )  # fmt: skip
        escalation = cls.slope.escalation
        EscalationHandover.objects.create(
            escalation=escalation, from_council=cls.layer1, to_council=cls.layer1,
            note="専門部会で扱う", handed_by=cls.sc1,
        )  # fmt: skip

    def test_it_shows_what_answered_the_challenge(self) -> None:
        self.client.force_login(self.viewer)
        response = self.client.get(self.challenge_url(self.slope))
        self.assertEqual(response.status_code, 200)
        resource = reverse("resources:detail", args=[self.city.code, self.new_place.pk])
        project = reverse("projects:detail", args=[self.city.code, self.project.pk])
        evidence = reverse("resources:detail", args=[self.city.code, self.salon.pk])
        for text in (
            "移動販売の相談", "完了", f'href="{resource}"', "坂の上のサロン",
            f'href="{project}"', "移動スーパー", f'href="{evidence}"', "サロンひまわり",
            "移動・外出・買い物", "交通の協議が要る", "専門部会で扱う", "推進会議",
        ):  # fmt: skip
            with self.subTest(text):
                self.assertContains(response, text)

    def test_the_page_reads_a_fixed_number_of_queries(self) -> None:
        self.client.force_login(self.viewer)
        self.client.get(self.challenge_url(self.slope))
        # session, user, municipality, role assignments; the challenge (its council, 圏域,
        # meeting and escalation joined), its status changes, evidence, actions (with their
        # resources), projects; the escalation's handovers; whether the viewer is a member of
        # its council (may they set the priority): 11.
        with self.assertNumQueries(12):  # +1: the header's unread お知らせ
            self.client.get(self.challenge_url(self.slope))

    def test_the_status_history_names_who_and_why(self) -> None:
        self.client.force_login(self.viewer)
        response = self.client.get(self.challenge_url(self.helpers))
        # 提起 then 検討中, both by the layer-1 coordinator on 令和8年4月1日 / 11月27日.
        self.assertContains(response, "令和8年4月1日")
        self.assertContains(response, "令和8年11月27日")
        self.assertContains(response, "検討中")
        self.assertContains(response, str(self.sc1))

    def test_another_citys_challenge_is_not_found(self) -> None:
        self.client.force_login(self.viewer)
        other = Challenge.objects.get(title="よその課題")
        self.assertEqual(self.client.get(self.challenge_url(other)).status_code, 404)

    def test_a_reader_sees_no_priority_form(self) -> None:
        self.client.force_login(self.viewer)
        self.assertNotContains(self.client.get(self.challenge_url(self.slope)), "優先度を保存する")

    def test_the_council_home_links_each_title_to_its_page(self) -> None:
        self.client.force_login(self.viewer)
        home = reverse("councils:home", args=[self.city.code, self.north_council.pk])
        self.assertContains(self.client.get(home), f'href="{self.challenge_url(self.slope)}"')

    def test_the_meeting_page_shows_the_resource_an_action_gave_birth_to(self) -> None:
        self.client.force_login(self.viewer)
        response = self.client.get(
            reverse("councils:meeting", args=[self.city.code, self.meeting.pk])
        )
        self.assertContains(response, "生まれた地域資源：")
        resource = reverse("resources:detail", args=[self.city.code, self.new_place.pk])
        self.assertContains(response, f'<a href="{resource}">坂の上のサロン</a>', html=True)


@time_machine.travel(NOW, tick=False)
class PriorityTests(RegisterFixture):
    def test_a_coordinator_of_its_area_sets_the_priority_of_a_challenge_without_council(
        self,
    ) -> None:
        self.client.force_login(self.north_sc)
        url = self.challenge_url(self.meals, "challenge_priority")
        response = self.client.post(url, {"priority": "high"})
        self.assertRedirects(response, self.challenge_url(self.meals))
        self.meals.refresh_from_db()
        self.assertEqual(self.meals.priority, "high")

    def test_the_priority_of_a_council_challenge_is_for_its_writers(self) -> None:
        self.client.force_login(self.north_sc)
        url = self.challenge_url(self.slope, "challenge_priority")
        self.assertRedirects(
            self.client.post(url, {"priority": "low"}), self.challenge_url(self.slope)
        )
        self.slope.refresh_from_db()
        self.assertEqual(self.slope.priority, "low")

    def test_someone_of_another_area_or_a_reader_is_refused(self) -> None:
        for user, challenge in (
            (self.south_sc, self.slope),  # 北部's council
            (self.south_sc, self.meals),  # no council, 北部圏域
            (self.viewer, self.helpers),
        ):
            with self.subTest(user=str(user), challenge=challenge.title):
                self.client.force_login(user)
                url = self.challenge_url(challenge, "challenge_priority")
                self.assertEqual(self.client.post(url, {"priority": "high"}).status_code, 403)
        self.assertEqual(
            sorted(
                Challenge.objects.filter(municipality=self.city).values_list("priority", flat=True)
            ),
            ["high", "low", "normal", "normal"],
        )

    def test_an_unknown_priority_is_refused_on_the_page(self) -> None:
        self.client.force_login(self.sc1)
        url = self.challenge_url(self.helpers, "challenge_priority")
        response = self.client.post(url, {"priority": "urgent"})
        self.assertContains(
            response, "優先度は「高」「中」「低」から選んでください。", status_code=400
        )
        self.helpers.refresh_from_db()
        self.assertEqual(self.helpers.priority, "normal")

    def test_the_service_refuses_an_unknown_priority(self) -> None:
        with self.assertRaises(ValidationError) as refused:
            services.challenge_set_priority(
                challenge=self.helpers, priority="urgent", user=self.sc1
            )
        self.assertEqual(
            refused.exception.message_dict,
            {"priority": ["優先度は「高」「中」「低」から選んでください。"]},
        )


@time_machine.travel(NOW, tick=False)
class BornResourceTests(RegisterFixture):
    """「生まれた地域資源」 recorded with an action's progress, on the meeting page and on わたしの
    やること; another city's resource refused with the field named."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.member_user = user_with_role(Role.COUNCIL_MEMBER, cls.city)
        cls.member = MembershipFactory(council=cls.north_council, user=cls.member_user)
        cls.meeting = MeetingFactory(council=cls.north_council)
        cls.action = services.action_create(
            council=cls.north_council, title="サロンを開く", owners=[cls.member],
            meeting=cls.meeting, user=cls.sc1,
        )  # fmt: skip
        cls.foreign = ResourceFactory(municipality=MunicipalityFactory(code="132021"))

    def progress(self, **data: str):  # type: ignore[no-untyped-def]
        url = reverse(
            "councils:meeting_part",
            kwargs={"lgcode": self.city.code, "pk": self.meeting.pk, "part": "progress"},
        )
        return self.client.post(url, {"action": str(self.action.pk), "note": "", **data})

    def test_the_meeting_page_records_the_resource_chosen_from_the_list(self) -> None:
        self.client.force_login(self.north_sc)
        page = self.client.get(reverse("councils:meeting", args=[self.city.code, self.meeting.pk]))
        label = f"サロンひまわり（No.{self.salon.pk}）"
        self.assertContains(page, f'<option value="{label}"></option>', html=True)
        self.assertContains(page, 'list="resource-choices"')
        response = self.progress(resource=label)
        self.assertEqual(response.status_code, 302)
        self.action.refresh_from_db()
        self.assertEqual(self.action.resource, self.salon)

    def test_a_name_typed_whole_is_found_in_the_city(self) -> None:
        self.client.force_login(self.north_sc)
        self.progress(resource="サロンひまわり", status="done")
        self.action.refresh_from_db()
        self.assertEqual((self.action.resource, self.action.status), (self.salon, "done"))

    def test_another_citys_resource_is_refused_with_the_field_named(self) -> None:
        self.client.force_login(self.north_sc)
        typed = f"{self.foreign.name}（No.{self.foreign.pk}）"
        response = self.progress(resource=typed)
        # Answered like any unknown number: nothing tells that the number exists elsewhere.
        self.assertContains(
            response, f"生まれた地域資源「{typed}」が見つかりません。", status_code=400
        )
        self.action.refresh_from_db()
        self.assertIsNone(self.action.resource)

    def test_a_name_not_in_the_city_is_refused_with_the_note_and_status_kept(self) -> None:
        self.client.force_login(self.north_sc)
        response = self.progress(
            resource="どこにもないサロン", note="会場が決まった", status="done"
        )
        self.assertContains(
            response, "生まれた地域資源「どこにもないサロン」が見つかりません。", status_code=400
        )
        pk = self.action.pk
        self.assertContains(
            response,
            f'id="note-a{pk}" name="note" type="text" value="会場が決まった"',
            status_code=400,
        )
        self.assertContains(
            response, '<option value="done" selected>完了</option>', status_code=400
        )
        self.assertContains(response, 'value="どこにもないサロン"', status_code=400)

    def test_my_actions_records_the_resource_too(self) -> None:
        self.client.force_login(self.member_user)
        mine = reverse("councils:my_actions", args=[self.city.code])
        self.assertContains(self.client.get(mine), 'id="resource-choices"')
        url = reverse("councils:action_progress", args=[self.city.code, self.action.pk])
        label = f"サロンひまわり（No.{self.salon.pk}）"
        self.client.post(url, {"note": "", "resource": label, "next": mine})
        self.action.refresh_from_db()
        self.assertEqual(self.action.resource, self.salon)

    def test_my_actions_refuses_another_citys_resource(self) -> None:
        self.client.force_login(self.member_user)
        mine = reverse("councils:my_actions", args=[self.city.code])
        url = reverse("councils:action_progress", args=[self.city.code, self.action.pk])
        foreign = f"x（No.{self.foreign.pk}）"
        response = self.client.post(
            url, {"note": "", "resource": foreign, "next": mine}, follow=True
        )
        self.assertContains(response, f"生まれた地域資源「{foreign}」が見つかりません。")
        self.assertIsNone(ActionItem.objects.get(pk=self.action.pk).resource)

    def test_the_service_refuses_another_citys_resource(self) -> None:
        with self.assertRaises(ValidationError) as refused:
            services.action_progress_add(
                action=self.action, note="", resource=self.foreign, user=self.sc1
            )
        self.assertEqual(
            refused.exception.message_dict,
            {"resource": ["生まれた地域資源は、この市町村の地域資源から選んでください。"]},
        )
