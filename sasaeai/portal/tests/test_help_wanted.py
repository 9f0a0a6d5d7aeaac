"""担い手募集 on the residents' pages (issue #26, points 5 and 6): 「手伝える活動をさがす」 filters
as the search does, a place's page offers each open role, closed roles and roles of places
residents may not see never appear, and 「あなたに合う活動」 answers from its questions.

The portal's test city (test_views.build): いきいき体操の会 (北部圏域, 桜町集会所, Tuesdays
10:00–11:30, 体操), 縁側サロン (南部圏域, a private home in 青葉町, Thursdays 13:30–15:00, 茶話会),
買い物バス (送迎あり, no venue) and 非公開の体操会 (not published)."""

from django.urls import reverse

from sasaeai.resources import selectors
from sasaeai.resources.constants import ResourceStatus
from sasaeai.resources.models import Resource, VolunteerRole
from sasaeai.resources.tests.factories import ResourceFactory

from .test_views import PortalFixture


class HelpWantedFixture(PortalFixture):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.tea = VolunteerRole.objects.create(
            resource=cls.exercise, title="お茶出し", when="毎週火曜 10時〜12時",
            how_often="月に2回ほど", asks="お茶をいれて配ります。", suits="人と話すのが好きな方",
        )  # fmt: skip
        VolunteerRole.objects.create(resource=cls.exercise, title="受付（締切）", is_open=False)
        cls.driver = VolunteerRole.objects.create(resource=cls.salon, title="送迎の運転")
        VolunteerRole.objects.create(resource=cls.hidden, title="非公開の会の片付け")
        cls.paused = ResourceFactory(
            municipality=cls.city, name="休止中の会", status=ResourceStatus.PAUSED
        )
        VolunteerRole.objects.create(resource=cls.paused, title="休止中の会の準備")

    def help_wanted(self, **query: str) -> tuple[list[str], str]:
        """The places listed and the page's text."""
        response = self.page("help_wanted", **query)
        self.assertEqual(response.status_code, 200)
        names = [row.name for row, _roles in response.context["entries"]]
        return names, response.content.decode()


class HelpWantedTests(HelpWantedFixture):
    def test_only_open_roles_of_places_residents_may_see_are_listed(self) -> None:
        names, text = self.help_wanted()
        # 50音順: いきいき before えんがわ; 買い物バス asks for no one.
        self.assertEqual(names, ["いきいき体操の会", "縁側サロン"])
        for shown in (
            "お茶出し",
            "毎週火曜 10時〜12時",
            "月に2回ほど",
            "人と話すのが好きな方",
            "送迎の運転",
        ):
            self.assertIn(shown, text)
        for hidden in ("受付（締切）", "非公開の会の片付け", "休止中の会の準備"):
            self.assertNotIn(hidden, text)

    def test_the_search_filters_narrow_it_as_they_narrow_the_search(self) -> None:
        south, north = str(self.south.pk), str(self.north.pk)
        # 地域: the search finds only 縁側サロン in 南部圏域, and so does this page.
        self.assertEqual(self.names(area=south), ["縁側サロン"])
        self.assertEqual(self.help_wanted(area=south)[0], ["縁側サロン"])
        self.assertEqual(self.help_wanted(area=north)[0], ["いきいき体操の会"])
        # 曜日 (judged on the schedules in Python): Tuesday is いきいき体操の会 only, in both.
        self.assertEqual(self.names(weekday="1"), ["いきいき体操の会"])
        self.assertEqual(self.help_wanted(weekday="1")[0], ["いきいき体操の会"])
        names, text = self.help_wanted(weekday="3")
        self.assertEqual(names, ["縁側サロン"])
        self.assertNotIn("お茶出し", text)
        # No place in 南部圏域 meets on Tuesday: nothing, with the search's hints.
        names, text = self.help_wanted(area=south, weekday="1")
        self.assertEqual(names, [])
        self.assertIn("条件に合う募集は見つかりませんでした（0件）", text)

    def test_each_role_has_its_button_to_the_request_form(self) -> None:
        _names, text = self.help_wanted()
        form = reverse("residents_public:request", args=[self.city.code])
        self.assertIn(
            f'href="{form}?kind=help&amp;place={self.exercise.pk}&amp;role={self.tea.pk}"', text
        )
        self.assertIn(
            f'href="{form}?kind=help&amp;place={self.salon.pk}&amp;role={self.driver.pk}"', text
        )

    def test_the_public_roles_selector_keeps_to_the_public_rule(self) -> None:
        found = selectors.public_roles(self.city)
        self.assertEqual(
            {pk: [role.title for role in roles] for pk, roles in found.items()},
            {self.exercise.pk: ["お茶出し"], self.salon.pk: ["送迎の運転"]},
        )
        # Closing a role takes it off; publishing the hidden place brings its role on.
        VolunteerRole.objects.filter(pk=self.driver.pk).update(is_open=False)
        Resource.objects.filter(pk=self.hidden.pk).update(is_public=True)
        found = selectors.public_roles(self.city)
        self.assertEqual(
            {pk: [role.title for role in roles] for pk, roles in found.items()},
            {self.exercise.pk: ["お茶出し"], self.hidden.pk: ["非公開の会の片付け"]},
        )


class PlacePageTests(HelpWantedFixture):
    def test_a_place_lists_its_open_roles_with_their_buttons(self) -> None:
        response = self.page("detail", pk=str(self.exercise.pk))
        text = response.content.decode()
        self.assertIn("お手伝いしてくださる方を募集しています", text)
        self.assertIn("お茶をいれて配ります。", text)
        self.assertNotIn("受付（締切）", text)
        form = reverse("residents_public:request", args=[self.city.code])
        self.assertIn(
            f'href="{form}?kind=help&amp;place={self.exercise.pk}&amp;role={self.tea.pk}"', text
        )
        self.assertIn("このお手伝いをしたい", text)

    def test_a_place_asking_for_no_one_shows_no_roles(self) -> None:
        text = self.page("detail", pk=str(self.shopping.pk)).content.decode()
        self.assertNotIn("お手伝いしてくださる方を募集しています", text)
        self.assertNotIn("このお手伝いをしたい", text)


class MatchPageTests(HelpWantedFixture):
    def test_the_answers_give_ranked_places_with_reasons_and_links(self) -> None:
        sakura = self.city.towns.get(name="桜町")
        response = self.page(
            "match", interest="exercise", day="1", time="am", walk="10", town=str(sakura.pk)
        )
        self.assertEqual(response.status_code, 200)
        # いきいき体操の会: 体操 +3, Tuesday 10:00 +2; its hall (35.7005, 139.4005) is about 71 m
        # from 桜町's centre (35.7, 139.4): 71 / 80 → 1 minute, +2. 縁側サロン meets in 青葉町,
        # about 14 km away: out of reach. 買い物バス (no venue) scores nothing. The hidden place
        # is not public.
        rows = response.context["rows"]
        self.assertEqual(
            [(row.name, row.points, row.reason) for row in rows],
            [("いきいき体操の会", 7, "火曜の午前・歩いて約1分・体操")],
        )
        text = response.content.decode()
        form = reverse("residents_public:request", args=[self.city.code])
        self.assertIn(f'href="{form}?kind=visit&amp;place={self.exercise.pk}"', text)
        self.assertIn("行ってみたい", text)
        self.assertIn('class="qr__code"', text)

    def test_a_helper_gets_the_places_asking_for_help(self) -> None:
        response = self.page("match", want="help")
        # Only 手伝いたい was answered: each place with an open role gets +3, いきいき before
        # えんがわ in 50音順 (no 町丁目, so no distance to order by).
        self.assertEqual(
            [(row.name, row.reason) for row in response.context["rows"]],
            [("いきいき体操の会", "お手伝いを募集中"), ("縁側サロン", "お手伝いを募集中")],
        )
        form = reverse("residents_public:request", args=[self.city.code])
        self.assertIn(
            f'href="{form}?kind=help&amp;place={self.salon.pk}"', response.content.decode()
        )

    def test_before_any_answer_the_page_asks_the_questions(self) -> None:
        response = self.page("match")
        self.assertEqual(response.context["rows"], [])
        self.assertContains(response, "合う活動をさがす")
        self.assertNotContains(response, 'id="results"')
