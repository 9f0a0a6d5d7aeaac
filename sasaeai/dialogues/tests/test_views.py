"""The facilitator's screens of a dialogue (issue #25): started from the meeting's page, cards
typed and pasted on the board, groups proposed, moved, merged, renamed and made into a 地域課題,
cards hidden with their reason; readers see and cannot change, another municipality's dialogue
is a 404, writers' names only for those who may see personal data, and the board's queries do
not grow with its cards."""

from typing import Any

from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import AreaFactory, Layer2AreaFactory, MunicipalityFactory
from sasaeai.core.models import PersonalDataAccess
from sasaeai.councils import services as councils
from sasaeai.councils.constants import EvidenceKind, MeetingKind
from sasaeai.councils.models import Challenge
from sasaeai.councils.tests.factories import MeetingFactory, MembershipFactory
from sasaeai.dialogues import services
from sasaeai.dialogues.constants import CardSource, DialogueStatus, Method
from sasaeai.dialogues.models import Card, CardGroup, Dialogue

from .factories import cards, dialogue_at

# Two obvious topics, four cards each: every 買い物 card says 買い物, every ゴミ card says ゴミ
# (three of them ゴミ出し), and the two sets share no content word but 重い (cards 1 and 5).
SHOPPING = [
    "近くのスーパーが閉店して買い物に困っている",
    "重い荷物を持って買い物から帰るのがつらい",
    "買い物に一緒に行ってくれる人がほしい",
    "移動販売で買い物できると助かる",
]
RUBBISH = [
    "ゴミ出しの日を忘れてしまう",
    "重いゴミを集積所まで出せない",
    "ゴミ出しの分別が難しい",
    "近所のゴミ出しを手伝える",
]


class DialogueFixture(TestCase):
    """八王子市's 北部 council with its coordinator (sc2, who may see personal data), a member
    who signs in (a council member: writes the council, sees no personal data), a viewer, and a
    workshop with a dialogue; and another city with a dialogue of its own."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012", name="八王子市")
        whole = AreaFactory(municipality=cls.city, name="全域")
        north = Layer2AreaFactory(municipality=cls.city, parent=whole, name="北部圏域")
        cls.sc2 = user_with_role(Role.SC_LAYER2, cls.city, area=north)
        cls.viewer = user_with_role(Role.VIEWER, cls.city)
        cls.member_user = user_with_role(Role.COUNCIL_MEMBER, cls.city)
        cls.council = councils.council_create(
            municipality=cls.city, area=north, name="北部地域支え合い会議", user=cls.sc2
        )
        MembershipFactory(council=cls.council, name="委員 一郎", user=cls.member_user)
        cls.meeting = MeetingFactory(
            council=cls.council, kind=MeetingKind.WORKSHOP, title="北部ワークショップ"
        )
        cls.dialogue = dialogue_at(cls.meeting, user=cls.sc2)
        other_city = MunicipalityFactory(code="132021")
        other_sc = user_with_role(Role.SC_LAYER1, other_city)
        other_council = councils.council_create(
            municipality=other_city, area=AreaFactory(municipality=other_city), name="よそ",
            user=other_sc,
        )  # fmt: skip
        cls.foreign = dialogue_at(MeetingFactory(council=other_council), user=other_sc)

    def url(self, name: str, dialogue: Dialogue | None = None) -> str:
        dialogue = dialogue or self.dialogue
        return reverse(f"dialogues:{name}", args=[dialogue.municipality.code, dialogue.pk])

    def board(self) -> Any:
        return self.client.get(self.url("board"))

    def post(self, name: str, data: dict[str, Any]) -> Any:
        return self.client.post(self.url(name), data)

    def group_of(self, *texts: str) -> CardGroup:
        """A group the facilitator made of these cards (typed first)."""
        made = cards(self.dialogue, *texts, user=self.sc2)
        return services.group_create(dialogue=self.dialogue, user=self.sc2, name="", cards=made)


class StartFromTheMeetingTests(DialogueFixture):
    def test_the_meeting_page_lists_dialogues_and_offers_to_start_one_to_writers(self) -> None:
        self.client.force_login(self.sc2)
        page = self.client.get(reverse("councils:meeting", args=[self.city.code, self.meeting.pk]))
        self.assertContains(page, "対話（共通項探し・ストーリー探し）")
        self.assertContains(page, "共通項探し「この地域で気になっていること」")
        # The fixture's dialogue: 準備, no card yet.
        self.assertContains(page, "準備・カード0枚")
        self.assertContains(page, "対話を始める")

    def test_a_reader_sees_the_list_without_the_button(self) -> None:
        self.client.force_login(self.viewer)
        page = self.client.get(reverse("councils:meeting", args=[self.city.code, self.meeting.pk]))
        self.assertContains(page, "共通項探し「この地域で気になっていること」")
        self.assertNotContains(page, "対話を始める")

    def test_a_writer_starts_a_dialogue_and_lands_on_its_board(self) -> None:
        self.client.force_login(self.member_user)
        create = reverse("dialogues:create", args=[self.city.code, self.meeting.pk])
        self.assertContains(self.client.get(create), "やってみたいこと")
        response = self.client.post(
            create, {"method": Method.STORIES, "question": "やってみたいこと"}
        )
        made = Dialogue.objects.exclude(pk=self.dialogue.pk).get(meeting=self.meeting)
        self.assertRedirects(response, self.url("board", made))
        self.assertEqual(
            (made.method, made.question, made.status),
            (Method.STORIES, "やってみたいこと", DialogueStatus.PREPARING),
        )

    def test_a_question_of_ones_own_is_written_in_the_free_field(self) -> None:
        self.client.force_login(self.sc2)
        create = reverse("dialogues:create", args=[self.city.code, self.meeting.pk])
        data = {"method": Method.FREE, "question": "other", "question_other": "10年後の北部"}
        self.client.post(create, data)
        self.assertTrue(Dialogue.objects.filter(question="10年後の北部").exists())

    def test_other_question_left_empty_keeps_the_choice_and_names_the_field(self) -> None:
        self.client.force_login(self.sc2)
        create = reverse("dialogues:create", args=[self.city.code, self.meeting.pk])
        response = self.client.post(create, {"method": Method.FREE, "question": "other"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "ほかの問いを入力してください。", status_code=400)
        self.assertContains(
            response,
            '<input type="radio" name="question" value="other" id="id_question_3" required checked>',
            status_code=400,
            html=True,
        )
        self.assertEqual(Dialogue.objects.filter(meeting=self.meeting).count(), 1)

    def test_a_reader_may_not_start_a_dialogue(self) -> None:
        self.client.force_login(self.viewer)
        create = reverse("dialogues:create", args=[self.city.code, self.meeting.pk])
        self.assertEqual(self.client.get(create).status_code, 403)
        response = self.client.post(create, {"method": Method.FREE, "question": "できること"})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(Dialogue.objects.filter(meeting=self.meeting).count(), 1)


class CardEntryTests(DialogueFixture):
    def test_a_typed_card_is_added_and_the_board_comes_back_ready_for_the_next(self) -> None:
        self.client.force_login(self.sc2)
        response = self.post(
            "card_add",
            {"card-text": "坂道が多くて歩くのがつらい", "card-sector": "residents",
             "card-card_type": "trouble"},
        )  # fmt: skip
        # Back at the text field (#card-entry) with the sector and kind of this card kept.
        self.assertEqual(
            response["Location"],
            self.url("board") + "?sector=residents&card_type=trouble#card-entry",
        )
        card = Card.objects.get(dialogue=self.dialogue)
        self.assertEqual(
            (card.text, card.sector, card.card_type, card.source),
            ("坂道が多くて歩くのがつらい", "residents", "trouble", CardSource.TYPED),
        )
        page = self.client.get(response["Location"])
        self.assertContains(page, "追加しました")
        # The next form: an empty text field with the focus, the two selects as they were.
        self.assertInHTML(
            '<input type="text" name="card-text" id="card-entry" autofocus autocomplete="off"'
            " required>",
            page.content.decode(),
        )
        self.assertContains(page, '<option value="residents" selected>住民・地縁組織</option>')
        self.assertContains(page, '<option value="trouble" selected>困りごと</option>')

    def test_a_card_too_long_keeps_the_text_and_names_the_field(self) -> None:
        self.client.force_login(self.sc2)
        text = "あ" * 201
        response = self.post("card_add", {"card-text": text, "card-sector": "business"})
        self.assertEqual(response.status_code, 400)
        # The service's words, with the field's name in front in the summary (201 > 200).
        self.assertContains(
            response,
            "カードの内容: 内容は200文字までにしてください（201文字あります）。",
            status_code=400,
        )
        self.assertContains(response, f'value="{text}"', status_code=400)
        self.assertContains(response, '<option value="business" selected>', status_code=400)
        self.assertFalse(Card.objects.exists())

    def test_an_empty_card_is_refused_naming_the_field(self) -> None:
        self.client.force_login(self.sc2)
        response = self.post("card_add", {"card-text": "", "card-card_type": "wish"})
        self.assertContains(response, "カードの内容を入力してください。", status_code=400)
        self.assertContains(response, '<option value="wish" selected>', status_code=400)
        self.assertFalse(Card.objects.exists())


class PasteTests(DialogueFixture):
    def test_pasted_lines_become_cards_with_their_sector_and_kind(self) -> None:
        self.client.force_login(self.sc2)
        text = "買い物に困っている\t住民\t困りごと\n配達ならできる\t民間企業・商店\tできること\n"
        response = self.post("cards_paste", {"paste-text": text})
        self.assertRedirects(response, self.url("board") + "#cards", fetch_redirect_response=False)
        self.assertEqual(
            list(Card.objects.values_list("text", "sector", "card_type", "source")),
            [
                ("買い物に困っている", "residents", "trouble", "pasted"),
                ("配達ならできる", "business", "ability", "pasted"),
            ],
        )
        self.assertContains(self.board(), "2枚のカードを追加しました。")

    def test_one_bad_line_of_three_writes_nothing_and_is_named(self) -> None:
        self.client.force_login(self.sc2)
        text = "買い物に困っている\t住民\n送迎ならできる\t消防団\n見守りをしたい\t\tやりたいこと\n"
        response = self.post("cards_paste", {"paste-text": text})
        self.assertEqual(response.status_code, 400)
        # Line 2 names a sector the screen does not know (消防団); lines 1 and 3 are fine.
        self.assertContains(response, "2行目: 分野「消防団」がわかりません。", status_code=400)
        self.assertNotContains(response, "1行目", status_code=400)
        self.assertNotContains(response, "3行目", status_code=400)
        # The pasted text is kept in the box (the paste section open).
        self.assertContains(response, "送迎ならできる\t消防団", status_code=400)
        self.assertContains(
            response, '<details id="paste" class="dialogue-paste" open>', status_code=400
        )
        self.assertFalse(Card.objects.exists())


class GroupTests(DialogueFixture):
    def test_suggesting_groups_finds_the_two_topics(self) -> None:
        cards(self.dialogue, *SHOPPING, *RUBBISH, user=self.sc2)
        self.client.force_login(self.sc2)
        response = self.post("groups_suggest", {})
        self.assertRedirects(response, self.url("board") + "#groups", fetch_redirect_response=False)
        groups = list(CardGroup.objects.filter(dialogue=self.dialogue).order_by("position"))
        # Worked by hand: the four 買い物 cards together, the four ゴミ cards together, nothing
        # left alone (each card shares its topic's word with the other three).
        self.assertEqual(
            [sorted(g.cards.values_list("text", flat=True)) for g in groups],
            [sorted(SHOPPING), sorted(RUBBISH)],
        )
        self.assertIn("買い物", groups[0].name)
        self.assertIn("ゴミ出し", groups[1].name)
        self.assertTrue(all(g.suggested for g in groups))
        page = self.board()
        self.assertContains(page, "2個のグループを提案しました。")
        self.assertContains(page, "まだグループにないカード（0枚）")

    def test_a_card_moves_to_another_group_by_its_select(self) -> None:
        shopping = self.group_of(*SHOPPING[:2])
        rubbish = self.group_of(*RUBBISH[:2])
        card = Card.objects.get(text=SHOPPING[0])
        self.client.force_login(self.sc2)
        response = self.post("card_move", {"card": card.pk, "to": str(rubbish.pk)})
        self.assertRedirects(
            response, self.url("board") + f"#card-{card.pk}", fetch_redirect_response=False
        )
        card.refresh_from_db()
        self.assertEqual(card.group, rubbish)
        self.assertEqual(shopping.cards.count(), 1)

    def test_a_card_leaves_its_group_or_starts_a_new_one(self) -> None:
        group = self.group_of(*SHOPPING[:2])
        first, second = Card.objects.order_by("position")
        self.client.force_login(self.sc2)
        self.post("card_move", {"card": first.pk, "to": "none"})
        self.post("card_move", {"card": second.pk, "to": "new"})
        first.refresh_from_db()
        second.refresh_from_db()
        self.assertIsNone(first.group)
        self.assertNotIn(second.group_id, (None, group.pk))
        self.assertContains(self.board(), "まだグループにないカード（1枚）")

    def test_a_move_to_another_dialogues_group_is_refused(self) -> None:
        self.group_of(*SHOPPING[:1])
        card = Card.objects.get()
        theirs = CardGroup.objects.create(dialogue=self.foreign, name="よその")
        self.client.force_login(self.sc2)
        response = self.post("card_move", {"card": card.pk, "to": str(theirs.pk)})
        self.assertRedirects(response, self.url("board"), fetch_redirect_response=False)
        self.assertContains(self.board(), "移動先のグループが見つかりません。")
        card.refresh_from_db()
        self.assertNotEqual(card.group_id, theirs.pk)

    def test_two_chosen_groups_are_merged_into_the_upper_one(self) -> None:
        upper = self.group_of(*SHOPPING[:2])
        lower = self.group_of(*SHOPPING[2:])
        services.group_rename(group=upper, user=self.sc2, name="買い物")
        self.client.force_login(self.sc2)
        response = self.post("groups_merge", {"groups": [lower.pk, upper.pk]})
        self.assertRedirects(
            response, self.url("board") + f"#group-{upper.pk}", fetch_redirect_response=False
        )
        self.assertFalse(CardGroup.objects.filter(pk=lower.pk).exists())
        self.assertEqual(upper.cards.count(), 4)
        self.assertContains(self.board(), "2個のグループを「買い物」にまとめました。")

    def test_merging_one_group_is_refused_with_the_reason(self) -> None:
        group = self.group_of(*SHOPPING[:2])
        self.group_of(*RUBBISH[:2])
        self.client.force_login(self.sc2)
        self.post("groups_merge", {"groups": [group.pk]})
        self.assertContains(self.board(), "まとめるグループを2つ以上選んでください。")
        self.assertEqual(CardGroup.objects.filter(dialogue=self.dialogue).count(), 2)

    def test_a_group_is_renamed(self) -> None:
        group = self.group_of(*SHOPPING[:2])
        self.client.force_login(self.sc2)
        response = self.post("group_rename", {"group": group.pk, "name": "買い物の足"})
        self.assertRedirects(
            response, self.url("board") + f"#group-{group.pk}", fetch_redirect_response=False
        )
        group.refresh_from_db()
        self.assertEqual((group.name, group.suggested), ("買い物の足", False))

    def test_an_empty_name_is_refused_beside_its_group(self) -> None:
        group = self.group_of(*SHOPPING[:2])
        self.client.force_login(self.sc2)
        response = self.post("group_rename", {"group": group.pk, "name": "  "})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "グループ名を入力してください。", status_code=400)
        # The summary links to the field shown again beside its group.
        self.assertContains(response, f'href="#rename-{group.pk}-name"', status_code=400)
        self.assertContains(response, f'id="rename-{group.pk}-errors"', status_code=400)
        group.refresh_from_db()
        self.assertEqual(group.name, "")

    def test_a_group_becomes_a_challenge_with_its_cards_as_evidence(self) -> None:
        group = self.group_of(
            ("近くのスーパーが閉店した", "residents"), ("配達ならできる", "business")
        )
        services.group_rename(group=group, user=self.sc2, name="買い物")
        self.client.force_login(self.sc2)
        self.assertContains(self.board(), "地域課題にする")
        self.post("group_challenge", {"group": group.pk})
        challenge = Challenge.objects.get(council=self.council)
        self.assertEqual(challenge.title, "買い物")
        self.assertEqual(
            list(challenge.evidence.values_list("kind", "label", "value")),
            [
                (EvidenceKind.CARD, "近くのスーパーが閉店した", "住民・地縁組織"),
                (EvidenceKind.CARD, "配達ならできる", "民間企業・商店"),
            ],
        )
        page = self.board()
        self.assertContains(page, "地域課題「買い物」にしました。")
        link = reverse("councils:challenge", args=[self.city.code, challenge.pk])
        self.assertContains(page, f'<a href="{link}">地域課題「買い物」を見る</a>', html=True)
        self.assertNotContains(page, "地域課題にする</button>")

    def test_a_group_without_a_name_is_not_made_a_challenge(self) -> None:
        group = self.group_of("近くのスーパーが閉店した")
        self.client.force_login(self.sc2)
        self.post("group_challenge", {"group": group.pk})
        self.assertContains(
            self.board(), "先にグループに名前を付けてください。地域課題の題名になります。"
        )
        self.assertFalse(Challenge.objects.exists())

    def test_the_sectors_of_a_group_and_the_cross_sector_mark(self) -> None:
        # Three sectors in the first group (3 ≥ the default 3): crosses; two in the second.
        self.group_of(
            ("坂道がつらい", "residents"), ("送迎できる", "nonprofit"),
            ("配達できる", "business"), ("見守りたい", "residents"),
        )  # fmt: skip
        self.group_of(("ゴミ出しがつらい", "residents"), ("手伝える", "business"))
        self.client.force_login(self.viewer)
        page = self.board().content.decode()
        # Most cards first, then in the order of Sector (NPO before 民間企業).
        self.assertIn("4枚：住民・地縁組織 2、NPO・ボランティア 1、民間企業・商店 1", page)
        self.assertIn("2枚：住民・地縁組織 1、民間企業・商店 1", page)
        self.assertEqual(page.count("分野を超えた共通項</p>"), 1)


class SettingsTests(DialogueFixture):
    def test_the_settings_are_saved_with_the_version_shown(self) -> None:
        self.client.force_login(self.sc2)
        version = Dialogue.objects.get(pk=self.dialogue.pk).version
        response = self.post(
            "settings",
            {"settings-cross_sector_min": "2", "settings-threshold": "0.5",
             "settings-version": str(version)},
        )  # fmt: skip
        self.assertRedirects(response, self.url("board") + "#groups", fetch_redirect_response=False)
        saved = Dialogue.objects.get(pk=self.dialogue.pk)
        self.assertEqual((saved.cross_sector_min, saved.threshold), (2, 0.5))

    def test_an_old_version_keeps_the_input_and_says_so(self) -> None:
        self.client.force_login(self.sc2)
        services.dialogue_settings(
            dialogue=self.dialogue, user=self.sc2, cross_sector_min=4, threshold=0.4
        )
        old = Dialogue.objects.get(pk=self.dialogue.pk).version - 1
        response = self.post(
            "settings",
            {"settings-cross_sector_min": "2", "settings-threshold": "0.6",
             "settings-version": str(old)},
        )  # fmt: skip
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'value="0.6"', status_code=400)
        saved = Dialogue.objects.get(pk=self.dialogue.pk)
        self.assertEqual((saved.cross_sector_min, saved.threshold), (4, 0.4))

    def test_a_threshold_out_of_range_names_the_field(self) -> None:
        self.client.force_login(self.sc2)
        response = self.post(
            "settings",
            {"settings-cross_sector_min": "3", "settings-threshold": "2",
             "settings-version": str(self.dialogue.version)},
        )  # fmt: skip
        self.assertContains(response, "まとめる近さ:", status_code=400)
        self.assertEqual(Dialogue.objects.get(pk=self.dialogue.pk).threshold, 0.3)


class StatusTests(DialogueFixture):
    def test_the_status_goes_forward_and_back_from_summarising(self) -> None:
        self.client.force_login(self.sc2)
        page = self.board()
        self.assertContains(page, "「受付中」にする")
        self.post("status", {"status": "open"})
        self.post("status", {"status": "summarising"})
        page = self.board()
        self.assertContains(page, "「受付中」に戻す")
        self.assertContains(page, "「完了」にする")
        self.post("status", {"status": "open"})
        self.assertEqual(Dialogue.objects.get(pk=self.dialogue.pk).status, DialogueStatus.OPEN)

    def test_a_skipped_step_is_refused_with_the_reason(self) -> None:
        self.client.force_login(self.sc2)
        self.post("status", {"status": "done"})
        self.assertContains(self.board(), "「準備」の対話を「完了」にはできません。")
        self.assertEqual(Dialogue.objects.get(pk=self.dialogue.pk).status, "preparing")

    def test_a_finished_dialogue_shows_no_form_that_changes_it(self) -> None:
        cards(self.dialogue, "坂道がつらい", user=self.sc2)
        for status in ("open", "summarising", "done"):
            services.dialogue_set_status(dialogue=self.dialogue, user=self.sc2, status=status)
        self.client.force_login(self.sc2)
        page = self.board()
        self.assertContains(page, "完了した対話です。")
        for words in ("追加する", "グループを提案する", "移動先", "非表示にする"):
            self.assertNotContains(page, words)

    def test_the_board_shows_the_participants_address_and_its_qr_code(self) -> None:
        self.client.force_login(self.viewer)
        page = self.board()
        path = f"/d/{self.dialogue.key}/"
        self.assertContains(page, path)
        qr = reverse("dialogues:qr", args=[self.city.code, self.dialogue.pk])
        self.assertContains(page, f'src="{qr}"')
        self.assertContains(
            page, reverse("dialogues:board_pdf", args=[self.city.code, self.dialogue.pk])
        )
        self.assertContains(
            page, reverse("dialogues:cards_xlsx", args=[self.city.code, self.dialogue.pk])
        )


class HideTests(DialogueFixture):
    def test_a_card_is_hidden_with_its_reason_and_shown_again(self) -> None:
        (card,) = cards(self.dialogue, "個人名を含む書き込み", user=self.sc2)
        self.client.force_login(self.sc2)
        response = self.post("card_hide", {"card": card.pk, "reason": "個人が特定できる"})
        self.assertRedirects(response, self.url("board"), fetch_redirect_response=False)
        card.refresh_from_db()
        self.assertEqual(
            (card.hidden, card.hidden_reason, card.hidden_by), (True, "個人が特定できる", self.sc2)
        )
        page = self.board()
        self.assertContains(page, "非表示のカード（1枚）")
        self.assertContains(page, "理由：個人が特定できる")
        self.assertContains(page, "まだグループにないカード（0枚）")
        self.post("card_show", {"card": card.pk})
        card.refresh_from_db()
        self.assertEqual((card.hidden, card.hidden_reason), (False, ""))

    def test_hiding_without_a_reason_is_refused_beside_the_card(self) -> None:
        (card,) = cards(self.dialogue, "個人名を含む書き込み", user=self.sc2)
        self.client.force_login(self.sc2)
        response = self.post("card_hide", {"card": card.pk, "reason": ""})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "非表示にする理由を入力してください。", status_code=400)
        # The card's 「非表示」 opened again, with the message next to its field.
        self.assertContains(response, f'id="hide-{card.pk}-errors"', status_code=400)
        self.assertContains(response, f'href="#hide-{card.pk}-reason"', status_code=400)
        card.refresh_from_db()
        self.assertFalse(card.hidden)


class PermissionTests(DialogueFixture):
    def test_a_reader_sees_the_board_without_a_form_and_may_post_nothing(self) -> None:
        (card,) = cards(self.dialogue, "坂道がつらい", user=self.sc2)
        group = self.group_of("買い物に困る")
        self.client.force_login(self.viewer)
        page = self.board()
        self.assertContains(page, "坂道がつらい")
        for words in (
            "追加する",
            "移動先",
            "グループを提案する",
            "地域課題にする",
            "「受付中」にする",
        ):
            self.assertNotContains(page, words)
        posts = {
            "card_add": {"card-text": "読者のカード"},
            "cards_paste": {"paste-text": "読者のカード"},
            "status": {"status": "open"},
            "settings": {"settings-cross_sector_min": "2", "settings-threshold": "0.5"},
            "groups_suggest": {},
            "card_move": {"card": card.pk, "to": "new"},
            "card_hide": {"card": card.pk, "reason": "試し"},
            "card_show": {"card": card.pk},
            "group_rename": {"group": group.pk, "name": "読者"},
            "groups_merge": {"groups": [group.pk]},
            "group_challenge": {"group": group.pk},
        }
        before = (Card.objects.count(), CardGroup.objects.count(), Challenge.objects.count())
        for name, data in posts.items():
            with self.subTest(name):
                self.assertEqual(self.post(name, data).status_code, 403)
        self.assertEqual(
            (Card.objects.count(), CardGroup.objects.count(), Challenge.objects.count()), before
        )
        card.refresh_from_db()
        self.assertEqual((card.group_id, card.hidden), (None, False))
        self.assertEqual(Dialogue.objects.get(pk=self.dialogue.pk).status, "preparing")

    def test_another_municipalitys_dialogue_is_not_found(self) -> None:
        self.client.force_login(self.sc2)
        # This city's address with the other city's dialogue.
        url = reverse("dialogues:board", args=[self.city.code, self.foreign.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        move = reverse("dialogues:card_add", args=[self.city.code, self.foreign.pk])
        self.assertEqual(self.client.post(move, {"card-text": "よそへ"}).status_code, 404)
        self.assertFalse(Card.objects.exists())


class WriterNameTests(DialogueFixture):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        services.dialogue_set_status(dialogue=cls.dialogue, user=cls.sc2, status="open")
        services.card_add(
            dialogue=cls.dialogue,
            data=services.CardInput(text="坂道がつらい", writer_name="北野 花子"),
            source=CardSource.PHONE,
        )
        member = cls.council.memberships.get()
        services.card_add(
            dialogue=cls.dialogue, user=cls.sc2, source=CardSource.TYPED,
            data=services.CardInput(text="送迎できる", membership=member),
        )  # fmt: skip

    def test_a_member_without_the_personal_data_permission_sees_no_name(self) -> None:
        self.client.force_login(self.member_user)
        for url in (self.url("board"), self.url("board") + "?names=1"):
            page = self.client.get(url)
            self.assertContains(page, "坂道がつらい")
            self.assertNotContains(page, "北野")
            self.assertNotContains(page, "委員 一郎")
            self.assertNotContains(page, "書いた人：")
            self.assertNotContains(page, "書いた人の名前を表示")
        self.assertFalse(PersonalDataAccess.objects.exists())

    def test_the_coordinator_sees_names_on_request_and_the_look_is_logged(self) -> None:
        self.client.force_login(self.sc2)
        page = self.board()
        self.assertNotContains(page, "北野 花子")
        self.assertContains(page, "書いた人の名前を表示する")
        page = self.client.get(self.url("board") + "?names=1")
        self.assertContains(page, "書いた人：北野 花子")
        self.assertContains(page, "書いた人：委員 一郎")
        # One look, two cards with a name.
        log = PersonalDataAccess.objects.get()
        self.assertEqual((log.user, log.record_count), (self.sc2, 2))


class QueryCountTests(DialogueFixture):
    def board_with(self, count: int) -> None:
        """`count` cards: the first half in a named group, the last one hidden, the rest lone;
        sc2 signed in."""
        made = cards(
            self.dialogue, *((f"カード{n}", "residents") for n in range(count)), user=self.sc2
        )
        services.group_create(
            dialogue=self.dialogue, user=self.sc2, name="半分", cards=made[: count // 2]
        )
        services.card_hide(card=made[-1], user=self.sc2, reason="試し")
        self.client.force_login(self.sc2)

    # The session, the user, the municipality, the user's roles, the dialogue with its
    # meeting and council, the groups (with their 地域課題), the cards (with their member and
    # 町丁目), and the header's unread お知らせ: 8, whatever the number of cards.
    def test_the_board_with_5_cards_takes_8_queries(self) -> None:
        self.board_with(5)
        with self.assertNumQueries(8):
            self.assertContains(self.board(), "カード4")

    def test_the_board_with_30_cards_takes_the_same_8_queries(self) -> None:
        self.board_with(30)
        with self.assertNumQueries(8):
            self.assertContains(self.board(), "カード29")
