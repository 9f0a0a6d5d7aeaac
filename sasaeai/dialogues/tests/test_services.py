"""The dialogue services (issue #25): each checks before it writes, refuses in Japanese naming
the field, and writes nothing when it refuses."""

from django.core.exceptions import ValidationError
from django.test import TestCase

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import AreaFactory, MunicipalityFactory
from sasaeai.councils.constants import ChallengeSource, EvidenceKind
from sasaeai.councils.models import ChallengeEvidence
from sasaeai.councils.tests.factories import CouncilFactory, MembershipFactory
from sasaeai.dialogues import services
from sasaeai.dialogues.constants import CardSource, DialogueStatus
from sasaeai.dialogues.models import Card, CardGroup
from sasaeai.dialogues.selectors import board
from sasaeai.dialogues.tests.factories import cards, dialogue_at
from sasaeai.resources.constants import Sector


class DialogueFixture(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.whole = AreaFactory(municipality=cls.city, name="全域")
        cls.council = CouncilFactory(area=cls.whole, municipality=cls.city, name="推進協議体")
        cls.sc1 = user_with_role(Role.SC_LAYER1, cls.city)

    def setUp(self) -> None:
        self.dialogue = dialogue_at(
            user=self.sc1, council=self.council, title="第1回ワークショップ"
        )

    def refused(self, field: str, message: str, call, **kwargs) -> None:  # type: ignore[no-untyped-def]
        with self.assertRaises(ValidationError) as caught:
            call(**kwargs)
        self.assertEqual(caught.exception.message_dict, {field: [message]})


class StatusTests(DialogueFixture):
    def test_forward_one_step_at_a_time_and_back_from_summarising_only(self) -> None:
        step = services.dialogue_set_status
        self.refused(
            "status", "「準備」の対話を「まとめ中」にはできません。", step,
            dialogue=self.dialogue, user=self.sc1, status=DialogueStatus.SUMMARISING,
        )  # fmt: skip
        for status in ("open", "summarising", "open", "summarising"):
            step(dialogue=self.dialogue, user=self.sc1, status=status)
        self.dialogue.voting = True  # an agreement round still taking answers
        self.dialogue.save(update_fields=["voting"])
        step(dialogue=self.dialogue, user=self.sc1, status="done")
        self.dialogue.refresh_from_db()
        # Done: the round ends with it.
        self.assertEqual((self.dialogue.status, self.dialogue.voting), ("done", False))
        self.refused(
            "status", "「完了」の対話を「受付中」にはできません。", step,
            dialogue=self.dialogue, user=self.sc1, status=DialogueStatus.OPEN,
        )  # fmt: skip
        # Who moved it, and each step, are in the history: created + 5 steps + the round's save.
        self.assertEqual(self.dialogue.history.count(), 7)
        self.assertEqual(self.dialogue.history.first().history_user, self.sc1)


class CardTests(DialogueFixture):
    def add(self, source: str = CardSource.TYPED, **fields):  # type: ignore[no-untyped-def]
        return services.card_add(
            dialogue=self.dialogue, data=services.CardInput(**fields), source=source, user=None
        )

    def test_a_card_is_cleaned_and_takes_its_members_sector(self) -> None:
        member = MembershipFactory(council=self.council, sector=Sector.BUSINESS)
        card = self.add(text="  移動販売を\x00したい  ", card_type="wish", membership=member)
        # Spaces around and the NUL are gone; the sector is the member's (nothing was chosen).
        self.assertEqual(
            (card.text, card.sector, card.position), ("移動販売をしたい", "business", 1)
        )

    def test_bad_cards_are_named_and_nothing_is_written(self) -> None:
        self.refused("text", "内容を入力してください。", self.add, text=" \x00 ")
        self.refused(
            "text", "内容は200文字までにしてください（201文字あります）。", self.add,
            text="あ" * 201,
        )  # fmt: skip
        self.refused("sector", "分野を選び直してください。", self.add, text="a", sector="x")
        other = MembershipFactory()  # of another council
        self.refused(
            "membership", "この会議の協議体のメンバーを選んでください。", self.add,
            text="a", membership=other,
        )  # fmt: skip
        self.assertEqual(Card.objects.count(), 0)

    def test_phones_write_only_while_the_dialogue_is_open(self) -> None:
        phone = CardSource.PHONE
        self.refused("text", "この対話は受付を終了しました。", self.add, source=phone, text="a")
        services.dialogue_set_status(dialogue=self.dialogue, user=self.sc1, status="open")
        self.add(source=phone, text="公園にベンチがほしい")
        services.dialogue_set_status(dialogue=self.dialogue, user=self.sc1, status="summarising")
        self.refused("text", "この対話は受付を終了しました。", self.add, source=phone, text="b")
        # The facilitator still types while summarising.
        self.add(text="ベンチを寄付できる")
        self.assertEqual(
            list(Card.objects.values_list("text", "source")),
            [("公園にベンチがほしい", "phone"), ("ベンチを寄付できる", "typed")],
        )

    def test_pasted_lines_with_sector_and_kind_by_their_names(self) -> None:
        pasted = (
            "買い物が不便\t住民\t困りごと\n\n配達ならできる\t民間企業・商店\tできること\n"
            "見守りが必要\r\n相談にのれる\t福祉（社協・包括）\n声かけできる\t福祉(社協・包括)\n"
        )
        made = services.cards_paste(dialogue=self.dialogue, user=self.sc1, text=pasted)
        self.assertEqual(
            [(c.text, c.sector, c.card_type, c.source) for c in made],
            [
                ("買い物が不便", "residents", "trouble", "pasted"),
                ("配達ならできる", "business", "ability", "pasted"),
                ("見守りが必要", "", "", "pasted"),  # no sector, no kind: none guessed
                # The label as the screen writes it, and with ASCII brackets.
                ("相談にのれる", "welfare", "", "pasted"),
                ("声かけできる", "welfare", "", "pasted"),
            ],
        )

    def test_one_bad_pasted_line_writes_nothing_and_every_bad_line_is_named(self) -> None:
        pasted = (
            "よい行\t住民\n悪い行\t宇宙人\n\t住民\n長い" + "あ" * 200 + "\n四列\t住民\t関心\t余り"
        )
        with self.assertRaises(ValidationError) as caught:
            services.cards_paste(dialogue=self.dialogue, user=self.sc1, text=pasted)
        self.assertEqual(
            caught.exception.message_dict["text"],
            [
                "2行目: 分野「宇宙人」がわかりません。",
                "3行目: 内容を入力してください。",
                "4行目: 内容は200文字までにしてください（202文字あります）。",
                "5行目: 4列目より右は読みません。本文・分野・種類の3列にしてください。",
            ],
        )
        self.assertEqual(Card.objects.count(), 0)

    def test_a_hidden_card_keeps_why_and_leaves_its_group(self) -> None:
        (card,) = cards(self.dialogue, "不適切な内容", user=self.sc1)
        group = services.group_create(dialogue=self.dialogue, user=self.sc1, name="g", cards=[card])
        self.refused("reason", "非表示にする理由を入力してください。", services.card_hide,
                     card=card, user=self.sc1, reason=" ")  # fmt: skip
        services.card_hide(card=card, user=self.sc1, reason="個人名が書かれていたため")
        card.refresh_from_db()
        self.assertEqual(
            (card.hidden, card.hidden_reason, card.group), (True, "個人名が書かれていたため", None)
        )
        self.assertEqual(board(self.dialogue).hidden, [card])
        self.assertEqual(board(self.dialogue).groups[0].cards, [])
        self.assertEqual(group.cards.count(), 0)


class GroupTests(DialogueFixture):
    TEXTS = (
        ("近くのスーパーが閉店して買い物に困っている", Sector.RESIDENTS),  # 0
        ("買物代行のボランティアならできる", Sector.NONPROFIT),  # 1
        ("移動販売の車を出せる", Sector.BUSINESS),  # 2
        ("災害のとき一人で避難できるか不安", Sector.RESIDENTS),  # 3
        ("避難所までの道がわからない", Sector.RESIDENTS),  # 4
        ("野良猫が増えて困っている", Sector.RESIDENTS),  # 5
    )

    def setUp(self) -> None:
        super().setUp()
        self.cards = cards(self.dialogue, *self.TEXTS, user=self.sc1)

    def names(self) -> list[tuple[str, list[str], bool]]:
        found = board(self.dialogue)
        return [(g.group.name, [c.text[:4] for c in g.cards], g.crosses) for g in found.groups]

    def test_suggested_groups_cross_sectors_when_three_sectors_wrote_them(self) -> None:
        services.groups_suggest(dialogue=self.dialogue, user=self.sc1)
        # 買い物 (three spellings of it and 移動販売, a word of the shopping theme) from
        # residents, NPO and business: three sectors, the default minimum. 避難 twice, both
        # from residents. The cat stays alone.
        self.assertEqual(
            self.names(),
            [("買い物・スーパー", ["近くのス", "買物代行", "移動販売"], True), ("防災・避難", ["災害のと", "避難所ま"], False)],
        )  # fmt: skip
        self.assertEqual([c.text[:4] for c in board(self.dialogue).lone], ["野良猫が"])

    def test_a_moved_card_and_its_groups_survive_a_new_suggestion(self) -> None:
        services.groups_suggest(dialogue=self.dialogue, user=self.sc1)
        shopping, disaster = CardGroup.objects.order_by("position")
        services.card_move(card=self.cards[5], user=self.sc1, group=disaster)
        services.groups_suggest(dialogue=self.dialogue, user=self.sc1)
        # 防災 was touched (the cat moved in): kept with its three cards; 買い物 was only
        # proposed: made again from the loose cards, with a new position after the kept one.
        self.assertEqual(
            self.names(),
            [("防災・避難", ["災害のと", "避難所ま", "野良猫が"], False), ("買い物・スーパー", ["近くのス", "買物代行", "移動販売"], True)],
        )  # fmt: skip
        self.assertFalse(CardGroup.objects.get(pk=disaster.pk).suggested)
        self.assertFalse(CardGroup.objects.filter(pk=shopping.pk).exists())

    def test_merge_rename_and_a_group_becomes_a_challenge_with_its_cards(self) -> None:
        services.groups_suggest(dialogue=self.dialogue, user=self.sc1)
        shopping, disaster = CardGroup.objects.order_by("position")
        kept = services.groups_merge(
            dialogue=self.dialogue, user=self.sc1, groups=[disaster, shopping]
        )
        self.assertEqual(CardGroup.objects.get().pk, disaster.pk)
        self.assertEqual(kept.cards.count(), 5)
        services.group_rename(group=kept, user=self.sc1, name="  暮らしの足と備え ")
        challenge = services.group_to_challenge(group=kept, user=self.sc1)
        self.assertEqual(
            (challenge.title, challenge.source, challenge.council, challenge.source_meeting),
            ("暮らしの足と備え", ChallengeSource.WORKSHOP, self.council, self.dialogue.meeting),
        )
        evidence = ChallengeEvidence.objects.filter(challenge=challenge).order_by("pk")
        self.assertEqual(
            [(e.kind, e.label, e.value) for e in evidence],
            [
                (EvidenceKind.CARD, "近くのスーパーが閉店して買い物に困っている", "住民・地縁組織"),
                (EvidenceKind.CARD, "買物代行のボランティアならできる", "NPO・ボランティア"),
                (EvidenceKind.CARD, "移動販売の車を出せる", "民間企業・商店"),
                (EvidenceKind.CARD, "災害のとき一人で避難できるか不安", "住民・地縁組織"),
                (EvidenceKind.CARD, "避難所までの道がわからない", "住民・地縁組織"),
            ],
        )
        kept.refresh_from_db()
        self.assertEqual(kept.challenge, challenge)
        self.refused("group", "このグループは既に地域課題になっています。",
                     services.group_to_challenge, group=kept, user=self.sc1)  # fmt: skip

    def test_merging_needs_two_groups_of_this_dialogue(self) -> None:
        services.groups_suggest(dialogue=self.dialogue, user=self.sc1)
        one = CardGroup.objects.first()
        self.refused("groups", "まとめるグループを2つ以上選んでください。", services.groups_merge,
                     dialogue=self.dialogue, user=self.sc1, groups=[one, one])  # fmt: skip
        other = dialogue_at(user=self.sc1, council=self.council)
        self.refused("group", "この対話のグループを選んでください。", services.card_move,
                     card=self.cards[0], user=self.sc1,
                     group=services.group_create(dialogue=other, user=self.sc1, name="x"))  # fmt: skip

    def test_a_finished_dialogue_changes_no_more(self) -> None:
        for status in ("open", "summarising", "done"):
            services.dialogue_set_status(dialogue=self.dialogue, user=self.sc1, status=status)
        self.refused("status", "完了した対話は変更できません。", services.groups_suggest,
                     dialogue=self.dialogue, user=self.sc1)  # fmt: skip
        self.assertEqual(CardGroup.objects.count(), 0)
