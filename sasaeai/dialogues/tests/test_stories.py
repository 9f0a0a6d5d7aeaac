"""ストーリー探し (issue #25, point 5): the links the tool suggests (cards sharing words or a
theme, registry resources holding a card's nouns in the council's 圏域), a story made of a
やりたい card, a できること card and a resource, and each step it may take once: a 地域課題, an
action of the council, a つなぎ, a 官民連携 project at アイデア that shows where it came from.
Readers see and cannot change; another municipality's dialogue is a 404.

Every expected suggestion is worked out by hand from what Sudachi reads in each card (its
normalised content words: 買物 is 買い物; する, 行く, 一緒, 人 and the like are generic and left
out) and from the themes of dialogues/concepts.py."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import SimpleTestCase, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.activities.models import Connection
from sasaeai.areas.tests.factories import (
    AreaFactory,
    Layer2AreaFactory,
    MunicipalityFactory,
    TownFactory,
)
from sasaeai.councils import services as councils
from sasaeai.councils.constants import ChallengeSource, EvidenceKind, MeetingKind
from sasaeai.councils.models import ActionItem, Challenge
from sasaeai.councils.tests.factories import MeetingFactory, MembershipFactory
from sasaeai.dialogues import services, story_services
from sasaeai.dialogues.constants import CardSource, CardType
from sasaeai.dialogues.models import Card, Dialogue, Story
from sasaeai.dialogues.stories import (
    LinkSuggestion,
    ResourceMatch,
    SearchTerm,
    matching_resources,
    rank_resources,
    search_terms,
    shared_words,
    suggest_links,
)
from sasaeai.projects.constants import Origin, Stage
from sasaeai.projects.models import Project
from sasaeai.resources import search_text
from sasaeai.resources.constants import ResourceStatus
from sasaeai.resources.models import Resource
from sasaeai.resources.tests.factories import OrganizationFactory, ResourceFactory, resource_at

from .factories import dialogue_at

# --- the suggestions (pure) -----------------------------------------------------------------------


class LinkSuggestionTests(SimpleTestCase):
    def test_cards_sharing_words_or_a_theme_are_suggested_best_first(self) -> None:
        wishes = [
            (1, "買い物に一緒に行ってくれる人がほしい"),  # 買い物; theme 買い物
            (2, "スマホの使い方を教えてほしい"),  # スマホ, 使い方, 教える; 情報・デジタル (使い方)
            (3, "足腰が弱って坂道がつらい"),  # 足腰, 弱る, 坂道; 体操・運動 (足腰)
        ]
        abilities = [
            (11, "車で買物の送迎ができる"),  # 車, 買い物 (買物), 送迎; 外出・移動, 買い物
            (12, "パソコンやスマホを教えられる"),  # パソコン, スマホ, 教える; no theme
            (13, "体操教室を開ける"),  # 体操, 教室; 体操・運動 (開ける is generic: 開く)
        ]
        # 2 and 12 share スマホ and 教える: 2 × 2 = 4. 1 and 11 share 買い物 (買物 is read 買い物)
        # and the theme 買い物: 2 + 1 = 3. 3 and 13 share no word, only 体操・運動: 1. No other
        # pair shares anything.
        self.assertEqual(
            suggest_links(wishes, abilities),
            [
                LinkSuggestion(2, 12, ("スマホ", "教える"), (), 4),
                LinkSuggestion(1, 11, ("買い物",), ("買い物",), 3),
                LinkSuggestion(3, 13, (), ("体操・運動",), 1),
            ],
        )

    def test_ties_keep_the_order_of_the_cards_wishes_first(self) -> None:
        wishes = [(1, "草取りが大変"), (2, "庭の草取りを頼みたい")]
        abilities = [(11, "草取りを手伝える"), (12, "庭の手入れができる")]
        # Every card names 家事援助・ゴミ出し (草取り, 庭). (1, 11) and (2, 11) share 草取り,
        # (2, 12) shares 庭: 2 + 1 = 3 each, in the order of the wishes, then of the abilities;
        # (1, 12) shares the theme alone: 1.
        links = suggest_links(wishes, abilities)
        self.assertEqual(
            [(link.wish, link.ability, link.score) for link in links],
            [(1, 11, 3), (2, 11, 3), (2, 12, 3), (1, 12, 1)],
        )
        self.assertEqual(
            [link.title for link in links], ["草取り", "草取り", "庭", "家事援助・ゴミ出し"]
        )

    def test_a_pair_already_a_story_is_left_out_and_the_limit_holds(self) -> None:
        wishes = [(1, "草取りが大変"), (2, "庭の草取りを頼みたい")]
        abilities = [(11, "草取りを手伝える"), (12, "庭の手入れができる")]
        links = suggest_links(wishes, abilities, taken={(1, 11)}, limit=2)
        self.assertEqual([(link.wish, link.ability) for link in links], [(2, 11), (2, 12)])

    def test_cards_sharing_nothing_make_no_suggestion(self) -> None:
        # 坂道 and パソコン, 教える: no word, and neither card names a theme.
        self.assertEqual(suggest_links([(1, "坂道がつらい")], [(2, "パソコンを教えられる")]), [])

    def test_a_compound_counts_once_and_a_word_shows_as_the_card_wrote_it(self) -> None:
        # 独り暮らし (一人暮らし is read 独り暮らし) holds 暮らし, counted once with it;
        # 話し相手 is 話す and 相手.
        self.assertEqual(
            shared_words("独り暮らしで話し相手がほしい", "一人暮らしの人の話し相手になれる"),
            ("独り暮らし", "話す", "相手"),
        )
        # Sudachi's normal form of ゴミ出し is 塵出し: shown as the card wrote it.
        self.assertEqual(
            shared_words("ゴミ出しの日を忘れてしまう", "近所のゴミ出しを手伝える"), ("ゴミ出し",)
        )


class ResourceRankingTests(SimpleTestCase):
    def test_the_nouns_searched_as_written_and_as_normalised(self) -> None:
        # 車 is one character (it would match 車椅子): left out; 買物 is searched as written
        # and as 買い物; 送迎.
        self.assertEqual(
            search_terms("車で買物の送迎ができる"),
            [SearchTerm("買物", ("買物", "買い物")), SearchTerm("送迎", ("送迎",))],
        )
        # Two cards writing one noun two ways: one term, both spellings.
        self.assertEqual(
            search_terms("買い物に行きたい", "車で買物の送迎ができる"),
            [SearchTerm("買い物", ("買い物", "買物")), SearchTerm("送迎", ("送迎",))],
        )

    def test_resources_matching_most_words_come_first(self) -> None:
        terms = [
            SearchTerm("特殊詐欺", ("特殊詐欺",)),
            SearchTerm("詐欺", ("詐欺",)),
            SearchTerm("買い物", ("買い物", "買物")),
        ]
        ride = {"pk": 1, "name": "送迎の会", "organization__name": "送迎の会"}
        salon = {"pk": 2, "name": "いきいきサロン", "organization__name": "社協"}
        class_ = {"pk": 3, "name": "防犯教室", "organization__name": None}
        found = {
            "特殊詐欺": [class_],
            "詐欺": [class_, salon],
            "買い物": [ride],
            "買物": [ride, salon],
        }
        # salon: 詐欺 and 買物 (買い物) → 2 words. class_: 特殊詐欺 and 詐欺, the part counted
        # once with its compound → 1. ride: 買い物 by both spellings → 1. Ties by name:
        # 送迎 (U+9001) before 防犯 (U+9632).
        self.assertEqual(
            rank_resources(terms, found),
            [
                ResourceMatch(2, "いきいきサロン", "社協", ("詐欺", "買い物")),
                ResourceMatch(1, "送迎の会", "送迎の会", ("買い物",)),
                ResourceMatch(3, "防犯教室", "", ("特殊詐欺",)),
            ],
        )
        self.assertEqual([m.pk for m in rank_resources(terms, found, limit=1, leave_out={2})], [1])


# --- the fixture ------------------------------------------------------------------------------------


class StoryFixture(TestCase):
    """八王子市's 北部 council (layer 2) with its coordinator (sc2), a member who signs in, a
    viewer; a workshop with a dialogue holding typed cards of each kind; the registry: two
    resources of 北部 that hold the cards' words, one of 南部, one ended, one of another city."""

    WISH = "買い物に行きたい"  # 買い物; theme 買い物
    TROUBLE = "ゴミ出しが大変"  # 塵出し (ゴミ出し); 家事援助・ゴミ出し
    RIDE = "車で買物の送迎ができる"  # 車, 買い物, 送迎; 外出・移動, 買い物
    PC = "パソコンを教えられる"  # パソコン, 教える

    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012", name="八王子市")
        cls.whole = AreaFactory(municipality=cls.city, name="全域")
        north = Layer2AreaFactory(municipality=cls.city, parent=cls.whole, name="北部圏域")
        south = Layer2AreaFactory(municipality=cls.city, parent=cls.whole, name="南部圏域")
        cls.sc2 = user_with_role(Role.SC_LAYER2, cls.city, area=north)
        cls.viewer = user_with_role(Role.VIEWER, cls.city)
        cls.member_user = user_with_role(Role.COUNCIL_MEMBER, cls.city)
        cls.council = councils.council_create(
            municipality=cls.city, area=north, name="北部地域支え合い会議", user=cls.sc2
        )
        cls.member = MembershipFactory(council=cls.council, name="委員 一郎", user=cls.member_user)
        cls.meeting = MeetingFactory(
            council=cls.council, kind=MeetingKind.WORKSHOP, title="北部ワークショップ"
        )
        cls.dialogue = dialogue_at(cls.meeting, user=cls.sc2)
        cls.wish, cls.trouble, cls.ride, cls.pc, cls.slope = (
            cls.card(text, kind, sector)
            for text, kind, sector in (
                (cls.WISH, CardType.WISH, "residents"),
                (cls.TROUBLE, CardType.TROUBLE, "residents"),
                (cls.RIDE, CardType.ABILITY, "business"),
                (cls.PC, CardType.ABILITY, "nonprofit"),
                ("坂道がつらい", CardType.INTEREST, "residents"),
            )
        )
        north_town, south_town = TownFactory(area=north), TownFactory(area=south)
        cls.ride_resource = resource_at(
            north_town, name="買い物送迎ボランティア", description="車で買物と通院の送迎をします"
        )
        cls.salon = resource_at(north_town, name="ふれあいサロン", description="買い物のあとにお茶")
        cls.south_ride = resource_at(south_town, name="南部送迎サービス")
        cls.ended = resource_at(north_town, name="送迎の会", status=ResourceStatus.ENDED)
        cls.organization = OrganizationFactory(municipality=cls.city, name="北部ボランティア会")
        other_city = MunicipalityFactory(code="132021")
        cls.foreign_resource = ResourceFactory(municipality=other_city, name="よその送迎")
        cls.foreign_organization = OrganizationFactory(municipality=other_city)
        other_sc = user_with_role(Role.SC_LAYER1, other_city)
        other_council = councils.council_create(
            municipality=other_city, area=AreaFactory(municipality=other_city), name="よそ",
            user=other_sc,
        )  # fmt: skip
        cls.foreign = dialogue_at(MeetingFactory(council=other_council), user=other_sc)
        search_text.refresh(Resource.objects.all())

    @classmethod
    def card(cls, text: str, kind: str, sector: str = "", dialogue: Dialogue | None = None) -> Card:
        return services.card_add(
            dialogue=dialogue or cls.dialogue, source=CardSource.TYPED, user=cls.sc2,
            data=services.CardInput(text=text, card_type=kind, sector=sector),
        )  # fmt: skip

    def story(self, **kwargs: Any) -> Story:
        values = {
            "dialogue": self.dialogue, "user": self.sc2, "title": "買い物の送迎",
            "wish": self.wish, "ability": self.ride, "resource": self.ride_resource,
        }  # fmt: skip
        return story_services.story_create(**{**values, **kwargs})

    def url(self, name: str, dialogue: Dialogue | None = None) -> str:
        dialogue = dialogue or self.dialogue
        return reverse(f"dialogues:{name}", args=[dialogue.municipality.code, dialogue.pk])

    def counts(self) -> tuple[int, ...]:
        return (
            Story.objects.count(),
            Challenge.objects.count(),
            ActionItem.objects.count(),
            Connection.objects.count(),
            Project.objects.count(),
        )

    def finish(self) -> None:
        for status in ("open", "summarising", "done"):
            services.dialogue_set_status(dialogue=self.dialogue, user=self.sc2, status=status)


# --- the registry's resources (the database) -------------------------------------------------------


class MatchingResourceTests(StoryFixture):
    def test_the_resources_of_the_councils_area_holding_the_cards_nouns(self) -> None:
        # Terms: 買い物 (and 買物), 送迎. 買い物送迎ボランティア holds both (its name 買い物 and
        # 送迎, its text 買物); ふれあいサロン holds 買い物. 南部送迎サービス is in another 圏域,
        # 送迎の会 has ended, よその送迎 is another city's.
        found = matching_resources(self.city, self.council, self.WISH, self.RIDE)
        self.assertEqual(
            [(m.name, m.words) for m in found],
            [("買い物送迎ボランティア", ("買い物", "送迎")), ("ふれあいサロン", ("買い物",))],
        )

    def test_a_layer1_council_looks_in_the_whole_municipality(self) -> None:
        layer1 = councils.council_create(
            municipality=self.city, area=self.whole, name="市全域の協議体", user=self.sc2
        )
        found = matching_resources(self.city, layer1, self.WISH, self.RIDE, limit=5)
        # 南部 too now, one word like ふれあいサロン: by name, ふ (U+3075) before 南 (U+5357).
        self.assertEqual(
            [m.name for m in found],
            ["買い物送迎ボランティア", "ふれあいサロン", "南部送迎サービス"],
        )


# --- the services ------------------------------------------------------------------------------------


class StoryServiceTests(StoryFixture):
    def assert_refused(self, field: str, message: str, **kwargs: Any) -> None:
        before = self.counts()
        with self.assertRaises(ValidationError) as caught:
            self.story(**kwargs)
        self.assertEqual(caught.exception.message_dict, {field: [message]})
        self.assertEqual(self.counts(), before)

    def test_a_story_links_a_wish_an_ability_and_a_resource(self) -> None:
        story = self.story(note="  火曜の午後に  ")
        self.assertEqual(
            (story.title, story.wish, story.ability, story.resource, story.note, story.created_by),
            ("買い物の送迎", self.wish, self.ride, self.ride_resource, "火曜の午後に", self.sc2),
        )
        self.assertEqual(story.history.get().history_user, self.sc2)

    def test_a_trouble_card_and_no_resource_make_a_story_too(self) -> None:
        story = self.story(title="ゴミ出し", wish=self.trouble, ability=None, resource=None)
        self.assertEqual((story.wish, story.ability, story.resource), (self.trouble, None, None))

    def test_a_card_of_another_dialogue_is_refused(self) -> None:
        other = dialogue_at(self.meeting, user=self.sc2)
        card = self.card("買い物に行きたい", CardType.WISH, dialogue=other)
        self.assert_refused("wish", "この対話のカードを選んでください。", wish=card)
        ability = self.card("送迎できる", CardType.ABILITY, dialogue=other)
        self.assert_refused("ability", "この対話のカードを選んでください。", ability=ability)

    def test_a_card_of_the_wrong_kind_is_refused(self) -> None:
        self.assert_refused(
            "wish", "「やりたいこと」か「困りごと」のカードを選んでください。", wish=self.slope
        )
        self.assert_refused(
            "ability", "「できること」のカードを選んでください。", ability=self.wish
        )

    def test_a_hidden_card_is_refused(self) -> None:
        services.card_hide(card=self.wish, user=self.sc2, reason="重複")
        self.assert_refused("wish", "非表示のカードはストーリーに使えません。")

    def test_a_resource_of_another_municipality_is_refused(self) -> None:
        self.assert_refused(
            "resource", "この市町村の地域資源を選んでください。", resource=self.foreign_resource
        )

    def test_a_story_needs_a_name_and_a_card(self) -> None:
        self.assert_refused("title", "ストーリーの名前を入力してください。", title=" \u3000 ")
        self.assert_refused(
            "title",
            "ストーリーの名前は100文字までにしてください（101文字あります）。",
            title="長" * 101,
        )
        self.assert_refused(
            "wish",
            "「やりたいこと・困りごと」か「できること」のカードを1枚以上選んでください。",
            wish=None,
            ability=None,
        )

    def test_the_same_cards_and_resource_twice_are_refused(self) -> None:
        self.story()
        self.assert_refused(
            "wish", "同じカードと地域資源のストーリー「買い物の送迎」が既にあります。", title="別名"
        )

    def test_a_finished_dialogue_takes_no_story(self) -> None:
        self.finish()
        self.assert_refused("status", "完了した対話のストーリーは変更できません。")

    def test_a_story_is_edited_and_deleted(self) -> None:
        story = self.story()
        story_services.story_update(
            story=story, user=self.sc2, title="送迎で買い物", wish=self.wish, ability=self.ride,
            resource=self.salon, note="サロンのあとに",
        )  # fmt: skip
        story.refresh_from_db()
        self.assertEqual(
            (story.title, story.resource, story.note),
            ("送迎で買い物", self.salon, "サロンのあとに"),
        )
        story_services.story_delete(story=story, user=self.sc2)
        self.assertFalse(Story.objects.exists())

    # --- the four steps, each once

    def test_a_story_becomes_a_challenge_with_its_cards_and_resource_as_evidence(self) -> None:
        story = self.story(note="火曜の午後")
        challenge = story_services.story_to_challenge(story=story, user=self.sc2)
        self.assertEqual(
            (challenge.title, challenge.council, challenge.source_meeting, challenge.source),
            ("買い物の送迎", self.council, self.meeting, ChallengeSource.WORKSHOP),
        )
        self.assertEqual(
            challenge.description,
            "北部ワークショップの対話「この地域で気になっていること」"
            "のストーリー「買い物の送迎」から。\n火曜の午後",
        )
        self.assertEqual(
            [(e.kind, e.label, e.value, e.resource) for e in challenge.evidence.order_by("pk")],
            [
                (EvidenceKind.CARD, self.WISH, "住民・地縁組織", None),
                (EvidenceKind.CARD, self.RIDE, "民間企業・商店", None),
                (EvidenceKind.RESOURCE, "買い物送迎ボランティア", "", self.ride_resource),
            ],
        )
        self.assertEqual(Story.objects.get().challenge, challenge)
        with self.assertRaises(ValidationError) as caught:
            story_services.story_to_challenge(story=Story.objects.get(), user=self.sc2)
        self.assertEqual(
            caught.exception.message_dict,
            {"story": ["このストーリーは既に地域課題になっています。"]},
        )
        self.assertEqual(Challenge.objects.count(), 1)

    def test_a_story_becomes_an_action_of_the_council_answering_its_challenge(self) -> None:
        story = self.story()
        challenge = story_services.story_to_challenge(story=story, user=self.sc2)
        action = story_services.story_to_action(story=story, user=self.sc2, owners=[self.member])
        self.assertEqual(
            (action.title, action.council, action.meeting, action.challenge),
            ("買い物の送迎", self.council, self.meeting, challenge),
        )
        self.assertEqual(list(action.owners.all()), [self.member])
        self.assertEqual(Story.objects.get().action, action)
        with self.assertRaises(ValidationError) as caught:
            story_services.story_to_action(story=story, user=self.sc2, owners=[self.member])
        self.assertEqual(
            caught.exception.message_dict,
            {"story": ["このストーリーは既に協議体のやることになっています。"]},
        )
        self.assertEqual(ActionItem.objects.count(), 1)

    def test_an_action_without_an_owner_of_the_council_is_refused(self) -> None:
        story = self.story()
        elsewhere = councils.council_create(
            municipality=self.city, area=self.whole, name="全域の会議", user=self.sc2
        )
        stranger = MembershipFactory(council=elsewhere)  # a member of another council
        for owners, message in (([], "担当を1人以上選んでください。"),
                                ([stranger], "担当はこの協議体のメンバーから選んでください。")):  # fmt: skip
            with self.assertRaises(ValidationError) as caught:
                story_services.story_to_action(story=story, user=self.sc2, owners=owners)
            self.assertEqual(caught.exception.message_dict, {"owners": [message]})
        self.assertEqual((ActionItem.objects.count(), Story.objects.get().action), (0, None))

    def test_a_story_becomes_a_proposed_connection_to_its_resource(self) -> None:
        story = self.story()
        connection = story_services.story_to_connection(
            story=story, user=self.sc2, organization=self.organization, purpose="users"
        )
        self.assertEqual(
            (
                connection.from_organization, connection.to_resource, connection.purpose,
                connection.status, connection.note,
            ),
            (
                self.organization, self.ride_resource, "users", "proposed",
                "対話「この地域で気になっていること」のストーリー「買い物の送迎」から",
            ),
        )  # fmt: skip
        self.assertEqual(Story.objects.get().connection, connection)
        with self.assertRaises(ValidationError) as caught:
            story_services.story_to_connection(
                story=story, user=self.sc2, organization=self.organization, purpose="users"
            )
        self.assertEqual(
            caught.exception.message_dict, {"story": ["このストーリーは既につなぎになっています。"]}
        )
        self.assertEqual(Connection.objects.count(), 1)

    def test_a_connection_needs_the_storys_resource_and_an_organisation_here(self) -> None:
        story = self.story(resource=None)
        cases = [
            (story, self.organization, "users", "resource",
             "つなぎにするには、先にストーリーの場所・地域資源を選んでください。"),
            (self.story(title="別", wish=self.trouble), None, "users", "organization",
             "つなぐ団体を選んでください。"),
            (Story.objects.get(title="別"), self.foreign_organization, "users", "organization",
             "この市町村の団体を選んでください。"),
            (Story.objects.get(title="別"), self.organization, "", "purpose",
             "つなぎの目的を選んでください。"),
        ]  # fmt: skip
        for target, organization, purpose, field, message in cases:
            with self.subTest(field), self.assertRaises(ValidationError) as caught:
                story_services.story_to_connection(
                    story=target, user=self.sc2, organization=organization, purpose=purpose
                )
            self.assertEqual(caught.exception.message_dict, {field: [message]})
        self.assertFalse(Connection.objects.exists())

    def test_a_member_who_is_no_coordinator_records_no_connection_nor_project(self) -> None:
        story = self.story()
        with self.assertRaises(PermissionDenied):
            story_services.story_to_connection(
                story=story, user=self.member_user, organization=self.organization, purpose="users"
            )
        with self.assertRaises(PermissionDenied):
            story_services.story_to_project(story=story, user=self.member_user)
        self.assertEqual(self.counts(), (1, 0, 0, 0, 0))

    def test_a_story_becomes_a_project_at_idea_that_says_where_it_came_from(self) -> None:
        story = self.story(note="火曜の午後")
        project = story_services.story_to_project(story=story, user=self.sc2)
        self.assertEqual(
            (
                project.title, project.stage, project.origin, project.origin_meeting,
                project.area, project.origin_note,
            ),
            (
                "買い物の送迎", Stage.IDEA, Origin.MEETING, self.meeting, self.council.area,
                "対話「この地域で気になっていること」のストーリー「買い物の送迎」から",
            ),
        )  # fmt: skip
        self.assertEqual(
            project.summary,
            "やりたいこと：買い物に行きたい\nできること：車で買物の送迎ができる\n"
            "場所・地域資源：買い物送迎ボランティア\nつながり方：火曜の午後",
        )
        self.assertEqual(Story.objects.get().project, project)
        with self.assertRaises(ValidationError) as caught:
            story_services.story_to_project(story=story, user=self.sc2)
        self.assertEqual(
            caught.exception.message_dict,
            {"story": ["このストーリーは既に官民連携の事業になっています。"]},
        )
        self.assertEqual(Project.objects.count(), 1)

    def test_a_long_origin_is_cut_to_the_projects_field(self) -> None:
        self.dialogue.question = "問" * 200
        self.dialogue.save(update_fields=["question"])
        story = self.story(dialogue=Dialogue.objects.get(pk=self.dialogue.pk))
        project = story_services.story_to_project(story=story, user=self.sc2)
        # 「対話「」のストーリー「買い物の送迎」から」 around 200 問: cut to 199 and 「…」.
        self.assertEqual(project.origin_note, "対話「" + "問" * 196 + "…")

    def test_a_finished_dialogues_story_still_takes_its_steps(self) -> None:
        story = self.story()
        self.finish()
        story = Story.objects.get(pk=story.pk)
        story_services.story_to_challenge(story=story, user=self.sc2)
        self.assertEqual(Challenge.objects.count(), 1)
        with self.assertRaises(ValidationError):
            story_services.story_delete(story=story, user=self.sc2)


# --- the screen ----------------------------------------------------------------------------------------


class StoryPageTests(StoryFixture):
    def setUp(self) -> None:
        self.client.force_login(self.sc2)

    def page(self, query: str = "") -> Any:
        return self.client.get(self.url("stories") + query)

    def test_the_done_when_story_becomes_a_project_that_shows_where_it_came_from(self) -> None:
        made = self.client.post(
            self.url("story_create"),
            {
                "new-title": "買い物の送迎", "new-wish": self.wish.pk, "new-ability": self.ride.pk,
                "new-resource": self.ride_resource.pk, "new-note": "火曜の午後",
            },
        )  # fmt: skip
        story = Story.objects.get()
        self.assertRedirects(made, self.url("stories") + f"#story-{story.pk}")
        self.assertEqual(
            (story.wish, story.ability, story.resource), (self.wish, self.ride, self.ride_resource)
        )
        turned = self.client.post(self.url("story_project"), {"story": story.pk})
        self.assertRedirects(turned, self.url("stories") + f"#story-{story.pk}")
        project = Project.objects.get()
        self.assertEqual((project.stage, Story.objects.get().project), (Stage.IDEA, project))
        detail = self.client.get(reverse("projects:detail", args=[self.city.code, project.pk]))
        self.assertContains(
            detail,
            f'<a href="{reverse("councils:meeting", args=[self.city.code, self.meeting.pk])}">'
            "北部ワークショップ</a>",
        )
        self.assertContains(
            detail, "：対話「この地域で気になっていること」のストーリー「買い物の送迎」から"
        )
        # And back: the story shows what it became.
        page = self.page()
        self.assertContains(page, reverse("projects:detail", args=[self.city.code, project.pk]))
        self.assertContains(page, "買い物の送迎</a>（アイデア）")

    def test_the_page_suggests_the_link_with_its_words_and_resources(self) -> None:
        page = self.page()
        # One pair shares anything: 買い物に行きたい and 車で買物の送迎ができる (買い物, and the
        # theme 買い物). ゴミ出し and パソコン share nothing with anything.
        self.assertEqual(len(page.context["suggestions"]), 1)
        self.assertContains(page, "同じことば：買い物")
        self.assertContains(page, "同じテーマ：買い物")
        self.assertContains(page, "このつながりでストーリーを作る", count=1)
        self.assertContains(page, f'<input type="hidden" name="new-wish" value="{self.wish.pk}">')
        self.assertContains(page, f'name="new-ability" value="{self.ride.pk}"')
        self.assertContains(page, 'name="new-title" maxlength="100" value="買い物"')
        self.assertContains(
            page, '買い物送迎ボランティア<span class="help">（合うことば：買い物・送迎）'
        )

    def test_a_suggestion_made_a_story_in_one_click_is_suggested_no_more(self) -> None:
        response = self.client.post(
            self.url("story_create"),
            {"new-title": "買い物", "new-wish": self.wish.pk, "new-ability": self.ride.pk,
             "new-resource": ""},
        )  # fmt: skip
        self.assertEqual(response.status_code, 302)
        story = Story.objects.get()
        self.assertEqual((story.title, story.resource), ("買い物", None))
        page = self.page()
        self.assertEqual(page.context["suggestions"], [])
        # The story has no resource yet: the registry's matches are offered for it.
        self.assertContains(page, "ことばが合う地域資源：買い物送迎ボランティア、ふれあいサロン")

    def test_the_search_offers_the_municipalitys_resources_to_pick(self) -> None:
        page = self.page("?q=送迎")
        # The staff list's search: 送迎 is in 買い物送迎ボランティア, 南部送迎サービス and
        # 送迎の会 (ended, still in the registry); よその送迎 is another city's.
        self.assertContains(page, "「送迎」で3件見つかりました。")
        for resource in (self.ride_resource, self.south_ride, self.ended):
            self.assertContains(page, f'name="new-resource" value="{resource.pk}"')
        self.assertNotContains(page, "よその送迎")
        # A resource not 活動中 says so.
        self.assertContains(page, ">送迎の会（終了）</label>")
        self.assertContains(page, '<label for="resource-search">場所・地域資源を探す</label>')

    def test_the_form_offers_only_the_dialogues_cards_of_each_kind(self) -> None:
        form = self.page().context["create_form"]
        self.assertEqual(list(form.fields["wish"].queryset), [self.wish, self.trouble])
        self.assertEqual(list(form.fields["ability"].queryset), [self.ride, self.pc])

    def test_bad_input_keeps_it_names_the_field_and_writes_nothing(self) -> None:
        response = self.client.post(
            self.url("story_create"),
            {"new-title": "", "new-wish": self.wish.pk, "new-note": "火曜の午後に会う"},
        )
        self.assertEqual(response.status_code, 400)
        # In the summary above the page, linked to the field, and beside the field.
        self.assertContains(
            response,
            '<li><a href="#id_new-title">ストーリーの名前を入力してください。</a></li>',
            status_code=400,
        )
        self.assertContains(
            response,
            '<ul class="errorlist" id="id_new-title-errors"><li>ストーリーの名前を入力してください。',
            status_code=400,
        )
        self.assertContains(response, "火曜の午後に会う</textarea>", status_code=400)
        self.assertContains(response, f'<option value="{self.wish.pk}" selected>', status_code=400)
        self.assertEqual(self.counts(), (0, 0, 0, 0, 0))

    def test_a_card_of_another_dialogue_or_a_resource_elsewhere_is_refused(self) -> None:
        other = dialogue_at(self.meeting, user=self.sc2)
        card = self.card("買い物に行きたい", CardType.WISH, dialogue=other)
        for data, message in (
            ({"new-wish": card.pk}, "カードが見つかりません。画面を読み込み直してください。"),
            (
                {"new-wish": self.wish.pk, "new-resource": self.foreign_resource.pk},
                "この市町村の地域資源を選んでください。",
            ),
        ):
            with self.subTest(message):
                response = self.client.post(self.url("story_create"), {"new-title": "x", **data})
                self.assertContains(response, message, status_code=400)
        self.assertFalse(Story.objects.exists())

    def test_each_step_is_taken_once_and_a_second_is_refused_with_a_message(self) -> None:
        story = self.story()
        steps = {
            "story_challenge": (
                {"story": story.pk},
                "このストーリーは既に地域課題になっています。",
            ),
            "story_action": (
                {"story": story.pk, "owners": [self.member.pk]},
                "このストーリーは既に協議体のやることになっています。",
            ),
            "story_connection": (
                {"story": story.pk, "organization": self.organization.pk, "purpose": "users"},
                "このストーリーは既につなぎになっています。",
            ),
            "story_project": (
                {"story": story.pk},
                "このストーリーは既に官民連携の事業になっています。",
            ),
        }
        for name, (data, refusal) in steps.items():
            with self.subTest(name):
                first = self.client.post(self.url(name), data)
                self.assertRedirects(first, self.url("stories") + f"#story-{story.pk}")
                before = self.counts()
                second = self.client.post(self.url(name), data, follow=True)
                self.assertContains(second, refusal, status_code=second.status_code)
                self.assertEqual(self.counts(), before)
        self.assertEqual(self.counts(), (1, 1, 1, 1, 1))
        page = self.page()
        story = Story.objects.get()
        self.assertContains(
            page, reverse("councils:challenge", args=[self.city.code, story.challenge_id])
        )
        self.assertContains(page, "北部ボランティア会 → 買い物送迎ボランティア（提案）")
        self.assertNotContains(page, "地域課題にする")
        self.assertNotContains(page, "官民連携の事業（アイデア）にする")

    def test_a_connection_without_a_resource_is_refused_naming_it(self) -> None:
        story = self.story(resource=None)
        page = self.page()
        self.assertContains(page, "場所・地域資源を選ぶと、つなぎにできます。")
        response = self.client.post(
            self.url("story_connection"),
            {"story": story.pk, "organization": self.organization.pk, "purpose": "users"},
        )
        self.assertContains(
            response,
            "つなぎにするには、先にストーリーの場所・地域資源を選んでください。",
            status_code=400,
        )
        self.assertFalse(Connection.objects.exists())

    def test_an_action_without_an_owner_keeps_the_form_open_beside_its_story(self) -> None:
        story = self.story()
        response = self.client.post(
            self.url("story_action"), {"story": story.pk, "due_on": "令和9年1月31日"}
        )
        self.assertContains(response, "担当を1人以上選んでください。", status_code=400)
        self.assertContains(response, 'value="令和9年1月31日"', status_code=400)
        self.assertContains(response, f'id="action-{story.pk}-due_on"', status_code=400)
        self.assertFalse(ActionItem.objects.exists())

    def test_a_story_is_edited_on_its_form_and_deleted_by_its_button(self) -> None:
        story = self.story()
        response = self.client.post(
            self.url("story_update"),
            {"story": story.pk, "title": "送迎で買い物", "wish": self.wish.pk,
             "ability": self.ride.pk, "resource": self.salon.pk, "note": ""},
        )  # fmt: skip
        self.assertRedirects(response, self.url("stories") + f"#story-{story.pk}")
        story.refresh_from_db()
        self.assertEqual((story.title, story.resource), ("送迎で買い物", self.salon))
        response = self.client.post(self.url("story_delete"), {"story": story.pk})
        self.assertRedirects(response, self.url("stories") + "#stories")
        self.assertFalse(Story.objects.exists())

    def test_a_finished_dialogue_shows_no_form_that_changes_its_stories(self) -> None:
        self.story()
        self.finish()
        page = self.page()
        self.assertContains(page, "完了した対話です。")
        for words in (
            "ストーリーを作る</button>",
            "ストーリーを直す",
            "を削除する",
            "つながりの候補",
        ):
            self.assertNotContains(page, words)
        # What the story may still become is offered.
        self.assertContains(page, "地域課題にする")

    def test_a_card_hidden_after_the_story_shows_no_text(self) -> None:
        self.story()
        services.card_hide(card=self.wish, user=self.sc2, reason="個人が特定できる")
        page = self.page()
        self.assertContains(page, "<dd>（非表示にしたカード）</dd>")
        self.assertNotContains(page, self.WISH)

    def test_the_board_links_to_the_stories(self) -> None:
        self.assertContains(
            self.client.get(self.url("board")),
            f'<a href="{self.url("stories")}">ストーリー探し</a>',
        )


class StoryPermissionTests(StoryFixture):
    def posts(self, story: Story) -> dict[str, dict[str, Any]]:
        return {
            "story_create": {"new-title": "読者", "new-wish": self.trouble.pk},
            "story_update": {"story": story.pk, "title": "読者", "wish": self.wish.pk},
            "story_delete": {"story": story.pk},
            "story_challenge": {"story": story.pk},
            "story_action": {"story": story.pk, "owners": [self.member.pk]},
            "story_connection": {
                "story": story.pk,
                "organization": self.organization.pk,
                "purpose": "users",
            },
            "story_project": {"story": story.pk},
        }

    def test_a_reader_sees_the_stories_without_a_form_and_may_post_nothing(self) -> None:
        story = self.story()
        self.client.force_login(self.viewer)
        page = self.client.get(self.url("stories"))
        self.assertContains(page, "買い物の送迎")
        for words in ("ストーリーを作る</button>", "つながりの候補", "地域課題にする", "を削除する",
                      "協議体のやることにする", "つなぎにする", "官民連携の事業（アイデア）にする"):  # fmt: skip
            self.assertNotContains(page, words)
        before = self.counts()
        for name, data in self.posts(story).items():
            with self.subTest(name):
                self.assertEqual(self.client.post(self.url(name), data).status_code, 403)
        self.assertEqual(self.counts(), before)
        self.assertEqual(Story.objects.get().title, "買い物の送迎")

    def test_a_member_makes_stories_but_neither_a_connection_nor_a_project(self) -> None:
        story = self.story()
        self.client.force_login(self.member_user)
        page = self.client.get(self.url("stories"))
        self.assertContains(page, "地域課題にする")
        self.assertNotContains(page, "つなぎ（提案）として記録する")
        self.assertNotContains(page, "官民連携の事業（アイデア）にする")
        response = self.client.post(
            self.url("story_create"), {"new-title": "ゴミ出し", "new-wish": self.trouble.pk}
        )
        self.assertEqual(response.status_code, 302)
        for name in ("story_connection", "story_project"):
            with self.subTest(name):
                data = self.posts(story)[name]
                self.assertEqual(self.client.post(self.url(name), data).status_code, 403)
        self.assertEqual(self.counts(), (2, 0, 0, 0, 0))

    def test_another_municipalitys_dialogue_is_not_found(self) -> None:
        self.client.force_login(self.sc2)

        def here(name: str) -> str:
            # This city's address with the other city's dialogue.
            return reverse(f"dialogues:{name}", args=[self.city.code, self.foreign.pk])

        self.assertEqual(self.client.get(here("stories")).status_code, 404)
        story = self.story()
        for name, data in self.posts(story).items():
            with self.subTest(name):
                self.assertEqual(self.client.post(here(name), data).status_code, 404)
        self.assertEqual(self.counts(), (1, 0, 0, 0, 0))

    def test_a_story_of_another_dialogue_is_not_found_on_this_ones_forms(self) -> None:
        other = dialogue_at(self.meeting, user=self.sc2)
        card = self.card("買い物に行きたい", CardType.WISH, dialogue=other)
        story = self.story(dialogue=other, wish=card, ability=None)
        self.client.force_login(self.sc2)
        response = self.client.post(self.url("story_challenge"), {"story": story.pk}, follow=True)
        self.assertContains(response, "ストーリーが見つかりません。画面を読み込み直してください。")
        self.assertFalse(Challenge.objects.exists())


class StoryQueryCountTests(StoryFixture):
    """Stories with their resources (so none asks the registry for matches), the only
    suggestion already a story: the session, the user, the municipality, the user's roles,
    the dialogue with its meeting and council, the cards, the stories (with their cards,
    resource and what they became); the edit forms' two card selects, the action forms'
    members and the connection forms' organisations, each once for every story; the header's
    unread お知らせ; the new story form's two card selects: 14, however many stories."""

    def count(self) -> int:
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(self.url("stories")).status_code, 200)
        return len(queries)

    def test_the_page_with_1_story_takes_14_queries(self) -> None:
        self.client.force_login(self.sc2)
        self.story()
        self.assertEqual(self.count(), 14)

    def test_the_page_with_4_stories_takes_the_same_14_queries(self) -> None:
        self.client.force_login(self.sc2)
        self.story()
        for n, resource in enumerate((self.salon, self.south_ride, self.ended)):
            self.story(title=f"送迎{n}", resource=resource)
        self.assertEqual(self.count(), 14)
