"""The agreement round (issue #25, point 4): the facilitator writes a sentence per group and opens
the round; phones answer 賛成・どちらでもない・反対 with their sector, anonymously, a second answer
replacing the first; the results count each sector apart and name the statements that agree in
every sector and those that divide sectors. Readers see the results and may change nothing;
another municipality's dialogue is a 404; after the round the phone page shows nothing of it."""

import datetime
from collections.abc import Iterator
from itertools import count
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client, SimpleTestCase, TestCase, override_settings
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import AreaFactory, Layer2AreaFactory, MunicipalityFactory
from sasaeai.councils import services as councils
from sasaeai.councils.constants import MeetingKind
from sasaeai.councils.tests.factories import MeetingFactory
from sasaeai.dialogues import agreement, services
from sasaeai.dialogues.agreement import BROAD, DIVIDED, MIXED, TOO_FEW, Tally, judge
from sasaeai.dialogues.constants import Answer
from sasaeai.dialogues.models import CardGroup, Dialogue, Vote
from sasaeai.dialogues.public_views import VOTE_COOKIE
from sasaeai.resources.constants import Sector

from .factories import cards, dialogue_at

AGREE, NEUTRAL, DISAGREE = Answer.AGREE, Answer.NEUTRAL, Answer.DISAGREE
RESIDENTS, NONPROFIT, BUSINESS = Sector.RESIDENTS, Sector.NONPROFIT, Sector.BUSINESS
WELFARE, PUBLIC = Sector.WELFARE, Sector.PUBLIC
SHOPPING = "買い物を地域で助け合う仕組みがほしい"
SALON = "空き店舗を誰でも使えるサロンにする"
RUBBISH = "ゴミ出しを近所で手伝い合う"
CLOSED_ROUND = "いまは賛否を受け付けていません。"
VOTED = "答えを受け付けました。選び直して、もう一度送ることもできます。"


def t(sector: str, agree: int = 0, neutral: int = 0, disagree: int = 0) -> Tally:
    return Tally(sector=sector, label=sector, agree=agree, neutral=neutral, disagree=disagree)


class JudgeTests(SimpleTestCase):
    """The rule on its edges (at least 3 answers; 70 % 賛成; 50 % 反対; 40 points apart)."""

    def test_seventy_percent_in_every_counted_sector_is_broad(self) -> None:
        # 7 of 10 is exactly 70 %, and 3 of 3 is 100 %: both at least 70 %.
        self.assertEqual(judge([t(RESIDENTS, 7, 2, 1), t(NONPROFIT, 3)]), BROAD)

    def test_two_of_three_is_under_seventy(self) -> None:
        # 2 of 3 = 66.7 % < 70 %; 賛成 shares 100 % and 66.7 % are 33.3 points apart (< 40) and
        # no sector has 50 % 反対: neither mark.
        self.assertEqual(judge([t(RESIDENTS, 3), t(NONPROFIT, 2, 1)]), MIXED)

    def test_one_sector_agreeing_and_another_half_against_divides(self) -> None:
        # 70 % 賛成 against 4 of 10 賛成 (30 points apart, under 40) but 5 of 10 = 50 % 反対.
        self.assertEqual(judge([t(RESIDENTS, 7, 3), t(BUSINESS, 4, 1, 5)]), DIVIDED)

    def test_forty_points_apart_divides_without_anyone_against(self) -> None:
        # 7 of 10 = 70 % against 3 of 10 = 30 % 賛成, the rest どちらでもない: exactly 40 points.
        self.assertEqual(judge([t(RESIDENTS, 7, 3), t(PUBLIC, 3, 7)]), DIVIDED)

    def test_forty_one_points_apart_divide_and_thirty_eight_do_not(self) -> None:
        # 2 of 3 = 66.7 % against 1 of 4 = 25 %: 41.7 points apart → divided; but 2 of 3 against
        # 2 of 7 (28.6 %) is 38.1 points and nobody at 50 % 反対 → neither.
        self.assertEqual(judge([t(RESIDENTS, 2, 1), t(PUBLIC, 1, 3)]), DIVIDED)
        self.assertEqual(judge([t(RESIDENTS, 2, 1), t(PUBLIC, 2, 5)]), MIXED)

    def test_a_sector_with_two_answers_and_the_answers_without_a_sector_do_not_count(self) -> None:
        # Residents alone have 3 answers; business has 2; the 5 without a sector form none.
        self.assertEqual(judge([t(RESIDENTS, 3), t(BUSINESS, 0, 0, 2), t("", 5)]), TOO_FEW)

    def test_a_sector_too_small_to_count_does_not_break_broad_agreement(self) -> None:
        self.assertEqual(judge([t(RESIDENTS, 3), t(NONPROFIT, 3), t(BUSINESS, 0, 0, 2)]), BROAD)


class AgreementFixture(TestCase):
    """八王子市's 北部 council with its coordinator (sc2, a writer) and a viewer; a workshop's
    dialogue 受付中 with three named groups (買い物, 空き店舗, ゴミ出し) and a fourth group that
    is not asked; another city with a dialogue of its own."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012", name="八王子市")
        whole = AreaFactory(municipality=cls.city, name="全域")
        north = Layer2AreaFactory(municipality=cls.city, parent=whole, name="北部圏域")
        cls.sc2 = user_with_role(Role.SC_LAYER2, cls.city, area=north)
        cls.viewer = user_with_role(Role.VIEWER, cls.city)
        council = councils.council_create(
            municipality=cls.city, area=north, name="北部地域支え合い会議", user=cls.sc2
        )
        meeting = MeetingFactory(council=council, kind=MeetingKind.WORKSHOP, title="北部WS")
        cls.dialogue = dialogue_at(meeting, user=cls.sc2)
        services.dialogue_set_status(dialogue=cls.dialogue, user=cls.sc2, status="open")
        cls.shopping = cls.group("買い物", "買い物が不便", SHOPPING)
        cls.salon = cls.group("空き店舗", "空き店舗が多い", SALON)
        cls.rubbish = cls.group("ゴミ出し", "ゴミ出しがつらい", RUBBISH)
        cls.unasked = cls.group("公園", "公園のベンチが少ない", "")
        other_city = MunicipalityFactory(code="132021")
        other_sc = user_with_role(Role.SC_LAYER1, other_city)
        other_council = councils.council_create(
            municipality=other_city, area=AreaFactory(municipality=other_city), name="よそ",
            user=other_sc,
        )  # fmt: skip
        cls.foreign = dialogue_at(MeetingFactory(council=other_council), user=other_sc)
        services.dialogue_set_status(dialogue=cls.foreign, user=other_sc, status="open")
        cls.foreign_group = services.group_create(
            dialogue=cls.foreign,
            user=other_sc,
            name="よその",
            cards=cards(cls.foreign, "よそのカード", user=other_sc),
        )
        agreement.group_statement_set(group=cls.foreign_group, user=other_sc, statement="よその文")
        agreement.agreement_open(dialogue=cls.foreign, user=other_sc)

    @classmethod
    def group(cls, name: str, text: str, statement: str) -> CardGroup:
        made = services.group_create(
            dialogue=cls.dialogue,
            user=cls.sc2,
            name=name,
            cards=cards(cls.dialogue, text, user=cls.sc2),
        )
        if statement:
            agreement.group_statement_set(group=made, user=cls.sc2, statement=statement)
        return made

    def setUp(self) -> None:
        cache.clear()  # the rate limit's counters of another test
        self.phones: Iterator[int] = count(1)

    def open_round(self) -> None:
        agreement.agreement_open(dialogue=self.dialogue, user=self.sc2)

    def answer(self, group: CardGroup, sector: str, answer: str, times: int = 1) -> None:
        """`times` phones (new tokens) answer the same."""
        for _ in range(times):
            agreement.vote_record(
                dialogue=self.dialogue, group=group, participant=f"phone{next(self.phones)}",
                sector=sector, answer=answer,
            )  # fmt: skip

    def dialogue_now(self) -> Dialogue:
        return Dialogue.objects.get(pk=self.dialogue.pk)

    def url(self, name: str, dialogue: Dialogue | None = None) -> str:
        dialogue = dialogue or self.dialogue
        return reverse(f"dialogues:{name}", args=[dialogue.municipality.code, dialogue.pk])

    def phone_url(self) -> str:
        return reverse("dialogues_public:write", kwargs={"key": self.dialogue.key})


class ResultsTests(AgreementFixture):
    """A hand-built set of answers on three statements.

    買い物 (SHOPPING): 住民 7 賛成, 2 どちらでもない, 1 反対 (10: 7/10 = 70 %); NPO 3 賛成 (3: 100 %);
    企業 2 反対 (2: under 3, not counted); no sector 1 反対. Counted: 住民 and NPO, both ≥ 70 %
    → どの分野でも賛成が多い. Total 10 / 2 / 4 of 16: 62.5 → 63 %, 12.5 → 13 %, 25 %.

    空き店舗 (SALON): 住民 3 賛成, 1 どちらでもない (4: 75 / 25 / 0 %); 企業 1 賛成, 2 反対 (3:
    33.3 → 33 %, 0, 66.7 → 67 %); 福祉 2 賛成, 1 どちらでもない (3: 67 / 33 / 0 %). 住民 ≥ 70 %
    賛成 and 企業 ≥ 50 % 反対 → 分野によって分かれている. Total 6 / 2 / 2 of 10: 60 / 20 / 20 %.

    ゴミ出し (RUBBISH): 住民 3 賛成 (3); NPO 2 反対 (2: not counted); no sector 4 賛成 (never a
    sector): one counted sector → too few to judge. Total 7 / 0 / 2 of 9: 77.8 → 78 %, 0, 22 %.

    公園 has no statement and is not in the results."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        agreement.agreement_open(dialogue=cls.dialogue, user=cls.sc2)

    def setUp(self) -> None:
        super().setUp()
        plan = [
            (self.shopping, RESIDENTS, AGREE, 7), (self.shopping, RESIDENTS, NEUTRAL, 2),
            (self.shopping, RESIDENTS, DISAGREE, 1), (self.shopping, NONPROFIT, AGREE, 3),
            (self.shopping, BUSINESS, DISAGREE, 2), (self.shopping, "", DISAGREE, 1),
            (self.salon, RESIDENTS, AGREE, 3), (self.salon, RESIDENTS, NEUTRAL, 1),
            (self.salon, BUSINESS, AGREE, 1), (self.salon, BUSINESS, DISAGREE, 2),
            (self.salon, WELFARE, AGREE, 2), (self.salon, WELFARE, NEUTRAL, 1),
            (self.rubbish, RESIDENTS, AGREE, 3), (self.rubbish, NONPROFIT, DISAGREE, 2),
            (self.rubbish, "", AGREE, 4),
        ]  # fmt: skip
        for group, sector, answer, times in plan:
            self.answer(group, sector, answer, times)

    def test_each_statement_is_counted_per_sector_and_judged(self) -> None:
        found = agreement.results(self.dialogue)
        rows = {
            s.statement: [
                (r.label, r.agree, r.neutral, r.disagree, r.agree_percent, r.counted)
                for r in s.rows
            ]
            for s in found.statements
        }
        self.assertEqual(
            rows,
            {
                SHOPPING: [
                    ("住民・地縁組織", 7, 2, 1, 70, True),
                    ("NPO・ボランティア", 3, 0, 0, 100, True),
                    ("民間企業・商店", 0, 0, 2, 0, False),
                    ("分野の記入なし", 0, 0, 1, 0, False),
                ],
                SALON: [
                    ("住民・地縁組織", 3, 1, 0, 75, True),
                    ("福祉（社協・包括）", 2, 1, 0, 67, True),
                    ("民間企業・商店", 1, 0, 2, 33, True),
                ],
                RUBBISH: [
                    ("住民・地縁組織", 3, 0, 0, 100, True),
                    ("NPO・ボランティア", 0, 0, 2, 0, False),
                    ("分野の記入なし", 4, 0, 0, 100, False),
                ],
            },
        )
        totals = [
            (
                s.total.total,
                s.total.agree_percent,
                s.total.neutral_percent,
                s.total.disagree_percent,
            )
            for s in found.statements
        ]
        self.assertEqual(totals, [(16, 63, 13, 25), (10, 60, 20, 20), (9, 78, 0, 22)])
        self.assertEqual([s.verdict for s in found.statements], [BROAD, DIVIDED, TOO_FEW])
        self.assertEqual([s.statement for s in found.broad], [SHOPPING])
        self.assertEqual([s.statement for s in found.divided], [SALON])

    def test_the_results_page_shows_the_marks_and_the_counts_in_words(self) -> None:
        self.client.force_login(self.viewer)
        page = self.client.get(self.url("agreement"))
        self.assertContains(page, "<h1>「この地域で気になっていること」の賛否</h1>", html=True)
        # The rule in one sentence, with the numbers of constants.py.
        self.assertContains(
            page,
            "答えた人が3人以上の分野が2つ以上あり、そのどの分野でも賛成が70%以上の文を"
            "「どの分野でも賛成が多い」、答えた人が3人以上の分野のうち、ある分野で賛成が70%以上"
            "かつ別の分野で反対が50%以上の文と、賛成の割合が40ポイント以上違う分野がある文を"
            "「分野によって分かれている」としています",
        )
        self.assertContains(page, "どの分野でも賛成が多い文（1）")
        self.assertContains(page, "分野によって分かれている文（1）")
        self.assertContains(
            page, f'<a href="#statement-{self.shopping.pk}">{SHOPPING}</a>', html=True
        )
        self.assertContains(page, f'<a href="#statement-{self.salon.pk}">{SALON}</a>', html=True)
        self.assertContains(
            page, '<strong class="badge">どの分野でも賛成が多い</strong>', html=True
        )
        self.assertContains(
            page, '<strong class="badge">分野によって分かれている</strong>', html=True
        )
        self.assertContains(page, "答えた人が3人以上の分野が2つに届かないため、判断していません")
        # 住民 on 買い物: 7 (70 %), 2 (20 %), 1 (10 %), 10 answers.
        self.assertContains(
            page,
            '<tr><th scope="row">住民・地縁組織</th><td class="num">7（70%）</td>'
            '<td class="num">2（20%）</td><td class="num">1（10%）</td><td class="num">10</td></tr>',
            html=True,
        )
        self.assertContains(page, "民間企業・商店（3人未満のため判断に使いません）")
        self.assertContains(page, "分野の記入なし（合計にだけ数えます）")
        self.assertContains(page, '<td class="num">10（63%）</td>', html=True)
        self.assertContains(page, "グループ「買い物」・答え16件")
        self.assertNotContains(page, "公園")


class VoteTests(AgreementFixture):
    def test_a_second_answer_from_the_same_phone_replaces_the_first(self) -> None:
        self.open_round()
        for answer, sector in ((AGREE, RESIDENTS), (DISAGREE, BUSINESS)):
            agreement.vote_record(
                dialogue=self.dialogue, group=self.shopping, participant="same-phone",
                sector=sector, answer=answer,
            )  # fmt: skip
        vote = Vote.objects.get()
        self.assertEqual(
            (vote.participant, vote.answer, vote.sector), ("same-phone", DISAGREE, BUSINESS)
        )

    def refused(self, message: str, field: str, **given: Any) -> None:
        """The service refuses with `message` on `field`, and nothing is written."""
        before = list(Vote.objects.values_list("group", "participant", "sector", "answer"))
        arguments = {
            "dialogue": self.dialogue, "group": self.shopping, "participant": "phone-x",
            "sector": RESIDENTS, "answer": AGREE, **given,
        }  # fmt: skip
        with self.assertRaises(ValidationError) as raised:
            agreement.vote_record(**arguments)
        self.assertEqual(raised.exception.message_dict, {field: [message]})
        self.assertEqual(
            list(Vote.objects.values_list("group", "participant", "sector", "answer")), before
        )

    def test_answers_are_refused_before_the_round_opens_and_after_it_closes(self) -> None:
        self.refused(CLOSED_ROUND, "answer")
        self.open_round()
        self.answer(self.shopping, RESIDENTS, AGREE)
        agreement.agreement_close(dialogue=self.dialogue, user=self.sc2)
        self.refused(CLOSED_ROUND, "answer", answer=DISAGREE, participant="phone1")
        # Kept after the close: the results stay.
        self.assertEqual(Vote.objects.get().answer, AGREE)

    def test_a_finished_dialogue_takes_no_answer_even_if_the_round_was_left_open(self) -> None:
        self.open_round()
        for status in ("summarising", "done"):
            services.dialogue_set_status(dialogue=self.dialogue, user=self.sc2, status=status)
        self.refused(CLOSED_ROUND, "answer", dialogue=self.dialogue_now())

    def test_a_group_of_another_dialogue_or_without_a_statement_is_refused(self) -> None:
        self.open_round()
        self.refused("この対話の文を選んでください。", "group", group=self.foreign_group)
        self.refused("このグループには賛否を聞く文がありません。", "group", group=self.unasked)

    def test_an_answer_or_sector_not_offered_and_an_empty_token_are_refused(self) -> None:
        self.open_round()
        self.refused(
            "賛成・どちらでもない・反対のどれかを選んでください。", "answer", answer="maybe"
        )
        self.refused("分野を選び直してください。", "sector", sector="mayor")
        for token in ("", "x" * 33):
            self.refused(
                "このスマートフォンを確かめられませんでした。ページを開き直してください。",
                "participant",
                participant=token,
            )

    def test_several_answers_are_written_all_or_none(self) -> None:
        self.open_round()
        with self.assertRaises(ValidationError):
            agreement.votes_record(
                dialogue=self.dialogue, participant="p", sector="",
                answers={self.shopping: AGREE, self.unasked: AGREE},
            )  # fmt: skip
        self.assertFalse(Vote.objects.exists())
        agreement.votes_record(
            dialogue=self.dialogue, participant="p", sector=WELFARE,
            answers={self.shopping: AGREE, self.salon: NEUTRAL},
        )  # fmt: skip
        self.assertEqual(
            sorted(Vote.objects.values_list("group__name", "sector", "answer")),
            [("空き店舗", WELFARE, NEUTRAL), ("買い物", WELFARE, AGREE)],
        )


class RoundServiceTests(AgreementFixture):
    def test_the_round_opens_and_closes(self) -> None:
        agreement.agreement_open(dialogue=self.dialogue, user=self.sc2)
        self.assertTrue(self.dialogue_now().voting)
        agreement.agreement_close(dialogue=self.dialogue, user=self.sc2)
        self.assertFalse(self.dialogue_now().voting)

    def test_it_does_not_open_without_a_statement_or_when_done(self) -> None:
        dialogue = dialogue_at(user=self.sc2)
        with self.assertRaises(ValidationError) as raised:
            agreement.agreement_open(dialogue=dialogue, user=self.sc2)
        self.assertEqual(
            raised.exception.message_dict,
            {"statement": ["賛否を聞く文がまだありません。先にグループごとに文を書いてください。"]},
        )
        for status in ("summarising", "done"):
            services.dialogue_set_status(dialogue=self.dialogue, user=self.sc2, status=status)
        with self.assertRaises(ValidationError) as raised:
            agreement.agreement_open(dialogue=self.dialogue_now(), user=self.sc2)
        self.assertEqual(
            raised.exception.message_dict,
            {"voting": ["完了した対話では賛否を聞けません。"]},
        )
        self.assertFalse(self.dialogue_now().voting)

    def test_a_statement_of_201_characters_is_refused_with_its_count(self) -> None:
        with self.assertRaises(ValidationError) as raised:
            agreement.group_statement_set(group=self.unasked, user=self.sc2, statement="あ" * 201)
        self.assertEqual(
            raised.exception.message_dict,
            {"statement": ["賛否を聞く文は200文字までにしてください（今は201文字です）。"]},
        )
        self.assertEqual(CardGroup.objects.get(pk=self.unasked.pk).statement, "")
        agreement.group_statement_set(group=self.unasked, user=self.sc2, statement=" あ" * 100)
        # Stored trimmed: "あ あ … あ", 199 characters.
        self.assertEqual(len(CardGroup.objects.get(pk=self.unasked.pk).statement), 199)

    def test_a_statement_with_answers_is_kept_while_the_round_is_open(self) -> None:
        self.open_round()
        self.answer(self.shopping, RESIDENTS, AGREE, 2)
        with self.assertRaises(ValidationError) as raised:
            agreement.group_statement_set(group=self.shopping, user=self.sc2, statement="買い物")
        self.assertEqual(
            raised.exception.message_dict,
            {
                "statement": [
                    "賛否の受付中は、答えが集まっている文を変えられません。"
                    "受付を終えてから変えてください。"
                ]
            },
        )
        self.assertEqual(Vote.objects.count(), 2)
        # Closed, a new wording starts with no answer: the two were given to another sentence.
        agreement.agreement_close(dialogue=self.dialogue, user=self.sc2)
        done = agreement.group_statement_set(group=self.shopping, user=self.sc2, statement="買い物")
        self.assertEqual((done.group.statement, done.answers_removed), ("買い物", 2))
        self.assertFalse(Vote.objects.exists())


class PhoneTests(AgreementFixture):
    def vote(self, client: Client | None = None, **answers: str) -> Any:
        data = {"send": "votes", **{f"vote-{k}": v for k, v in answers.items()}}
        return (client or self.client).post(self.phone_url(), data)

    def g(self, group: CardGroup) -> str:
        return f"g{group.pk}"

    def test_the_page_asks_the_statements_only_while_the_round_is_open(self) -> None:
        page = self.client.get(self.phone_url())
        self.assertNotContains(page, SHOPPING)
        self.assertNotIn(VOTE_COOKIE, page.cookies)
        self.open_round()
        page = self.client.get(self.phone_url())
        # Under the card form, each asked statement with its three answers.
        self.assertContains(page, "カードに書くこと")
        self.assertContains(page, '<h2 id="vote-heading">グループのまとめに答える</h2>', html=True)
        for statement in (SHOPPING, SALON, RUBBISH):
            self.assertContains(page, f"<strong>{statement}</strong>", html=True)
        self.assertContains(page, "公園のベンチ", count=0)
        self.assertContains(
            page,
            f'<input type="radio" name="vote-{self.g(self.shopping)}" value="agree" '
            f'id="id_vote-{self.g(self.shopping)}_0">',
            html=True,
        )
        # A token for this phone, in a signed cookie scoped to the dialogue's page.
        cookie = page.cookies[VOTE_COOKIE]
        self.assertEqual((cookie["path"], cookie["httponly"]), (self.phone_url(), True))
        agreement.agreement_close(dialogue=self.dialogue, user=self.sc2)
        page = self.client.get(self.phone_url())
        for absent in (SHOPPING, SALON, "グループのまとめに答える", "答えを送る"):
            self.assertNotContains(page, absent)

    def test_a_phone_answers_and_its_second_answer_replaces_the_first(self) -> None:
        self.open_round()
        self.client.get(self.phone_url())
        response = self.vote(sector=RESIDENTS, **{self.g(self.shopping): AGREE})
        self.assertRedirects(response, self.phone_url(), fetch_redirect_response=False)
        page = self.client.get(self.phone_url())
        self.assertContains(page, VOTED)
        # This phone's answer is shown chosen, and its sector too.
        self.assertContains(
            page,
            f'<input type="radio" name="vote-{self.g(self.shopping)}" value="agree" '
            f'id="id_vote-{self.g(self.shopping)}_0" checked>',
            html=True,
        )
        self.vote(sector=BUSINESS, **{self.g(self.shopping): DISAGREE, self.g(self.salon): AGREE})
        stored = sorted(Vote.objects.values_list("group__name", "sector", "answer"))
        self.assertEqual(stored, [("空き店舗", BUSINESS, AGREE), ("買い物", BUSINESS, DISAGREE)])
        self.assertEqual(len(set(Vote.objects.values_list("participant", flat=True))), 1)
        # Another phone is another participant.
        self.vote(Client(), **{self.g(self.shopping): AGREE})
        self.assertEqual(Vote.objects.filter(group=self.shopping).count(), 2)

    def test_nothing_chosen_or_an_answer_not_offered_keeps_the_choices_and_writes_nothing(
        self,
    ) -> None:
        self.open_round()
        response = self.vote(sector=RESIDENTS)
        self.assertContains(
            response, "賛成・どちらでもない・反対のどれかを選んでください。", status_code=400
        )
        response = self.vote(sector=NONPROFIT, **{self.g(self.shopping): "maybe"})
        # The summary names the statement, and the sector chosen is kept.
        self.assertContains(response, f"{SHOPPING}: 答えを選び直してください。", status_code=400)
        self.assertContains(
            response,
            '<input type="radio" name="vote-sector" value="nonprofit" id="id_vote-sector_2" checked>',
            html=True,
            status_code=400,
        )
        self.assertFalse(Vote.objects.exists())

    def test_answers_after_the_close_are_refused_and_the_page_shows_nothing_of_the_round(
        self,
    ) -> None:
        self.open_round()
        self.client.get(self.phone_url())
        agreement.agreement_close(dialogue=self.dialogue, user=self.sc2)
        response = self.vote(**{self.g(self.shopping): AGREE})
        self.assertContains(response, CLOSED_ROUND, status_code=403)
        self.assertNotContains(response, SHOPPING, status_code=403)
        self.assertFalse(Vote.objects.exists())

    def test_while_summarising_the_statements_are_the_whole_page(self) -> None:
        self.open_round()
        services.dialogue_set_status(dialogue=self.dialogue, user=self.sc2, status="summarising")
        page = self.client.get(self.phone_url())
        self.assertContains(page, '<h1 id="vote-heading">グループのまとめに答える</h1>', html=True)
        self.assertContains(page, SALON)
        self.assertNotContains(page, "カードに書くこと")
        self.assertNotContains(page, "この地域で気になっていること")
        self.assertEqual(self.vote(**{self.g(self.salon): NEUTRAL}).status_code, 302)
        agreement.agreement_close(dialogue=self.dialogue, user=self.sc2)
        page = self.client.get(self.phone_url())
        self.assertContains(page, "<h1>この対話は受付を終了しました。</h1>", html=True)
        self.assertNotContains(page, SALON)

    def test_a_card_sent_during_the_round_still_works(self) -> None:
        self.open_round()
        response = self.client.post(self.phone_url(), {"text": "坂道がつらい", "sector": ""})
        self.assertEqual(response.status_code, 302)
        self.assertTrue(self.dialogue.cards.filter(text="坂道がつらい").exists())
        self.assertFalse(Vote.objects.exists())

    def test_hostile_values_are_answered_without_an_error(self) -> None:
        self.open_round()
        hostile = ["", "長" * 10_000, "a\x00b", "🙂𠮷", "²", "-1", str(10**30)]
        for name in ("vote-sector", f"vote-{self.g(self.shopping)}", "send"):
            for value in hostile:
                with self.subTest(name=name, value=value[:10]):
                    data = {"send": "votes", f"vote-{self.g(self.salon)}": AGREE, name: value}
                    response = self.client.post(self.phone_url(), data)
                    self.assertIn(response.status_code, (302, 400))
        # Only the good posts wrote, each the salon's 賛成 of this one phone.
        self.assertEqual(
            list(Vote.objects.values_list("group", "answer")), [(self.salon.pk, AGREE)]
        )


# 10:02:30 in Tokyo; ten-minute windows from 10:00:00 (see test_public.RateLimitTests): the
# refused post waits 450 s, 「8分ほど」.
NOW = datetime.datetime(2026, 11, 27, 10, 2, 30, tzinfo=ZoneInfo("Asia/Tokyo"))


@time_machine.travel(NOW, tick=False)
@override_settings(DIALOGUE_CARD_RATE_LIMIT=(3, 600), RATE_LIMIT_TRUSTED_PROXIES=0)
class PhoneRateLimitTests(AgreementFixture):
    def test_answers_are_limited_apart_from_cards_with_the_choices_kept(self) -> None:
        self.open_round()
        key = f"vote-g{self.shopping.pk}"
        for n in (1, 2, 3):
            card = {"text": f"カード{n}", "sector": ""}
            self.assertEqual(self.client.post(self.phone_url(), card).status_code, 302)
        # Three cards used the cards' window; answers have their own.
        for answer in (AGREE, NEUTRAL, DISAGREE):
            data = {"send": "votes", key: answer}
            self.assertEqual(self.client.post(self.phone_url(), data).status_code, 302)
        response = self.client.post(self.phone_url(), {"send": "votes", key: AGREE})
        self.assertContains(response, "答えはまだ送られていません。", status_code=429)
        self.assertContains(response, "8分ほど待ってから", status_code=429)
        self.assertEqual(response["Retry-After"], "450")
        self.assertContains(
            response,
            f'<input type="radio" name="{key}" value="agree" id="id_{key}_0" checked>',
            html=True,
            status_code=429,
        )
        self.assertEqual(Vote.objects.get().answer, DISAGREE)


class FacilitatorTests(AgreementFixture):
    def test_the_board_writes_a_statement_per_group_and_opens_and_closes_the_round(self) -> None:
        self.client.force_login(self.sc2)
        board = self.client.get(self.url("board"))
        self.assertContains(board, "賛否を聞く（任意）")
        self.assertContains(board, "「公園」について聞く文")
        self.assertContains(board, "賛否の受付を始める")
        self.assertContains(board, f'href="{self.url("agreement")}"')
        response = self.client.post(
            self.url("group_statement"),
            {"group": self.unasked.pk, "statement": "  公園にベンチを増やす  "},
        )
        self.assertRedirects(
            response, self.url("board") + "#agreement", fetch_redirect_response=False
        )
        self.assertEqual(
            CardGroup.objects.get(pk=self.unasked.pk).statement, "公園にベンチを増やす"
        )
        response = self.client.post(self.url("agreement_open"), follow=True)
        self.assertContains(
            response, "賛否の受付を始めました。参加者の入力ページに文が出ています。"
        )
        self.assertContains(response, "賛否の受付を終える")
        self.assertTrue(self.dialogue_now().voting)
        response = self.client.post(self.url("agreement_close"), follow=True)
        self.assertContains(response, "賛否の受付を終えました。")
        self.assertFalse(self.dialogue_now().voting)

    def test_a_long_statement_is_refused_beside_its_group_with_the_text_kept(self) -> None:
        self.client.force_login(self.sc2)
        text = "あ" * 200 + "い"
        response = self.client.post(
            self.url("group_statement"), {"group": self.unasked.pk, "statement": text}
        )
        message = "賛否を聞く文は200文字までにしてください（今は201文字です）。"
        self.assertContains(response, message, status_code=400, count=2)  # summary and beside
        self.assertContains(
            response, f'href="#statement-{self.unasked.pk}-statement"', status_code=400
        )
        self.assertContains(response, f'id="statement-{self.unasked.pk}-errors"', status_code=400)
        self.assertContains(response, text, status_code=400)
        self.assertEqual(CardGroup.objects.get(pk=self.unasked.pk).statement, "")

    def test_opening_without_any_statement_says_why(self) -> None:
        for group in (self.shopping, self.salon, self.rubbish):
            agreement.group_statement_set(group=group, user=self.sc2, statement="")
        self.client.force_login(self.sc2)
        response = self.client.post(self.url("agreement_open"), follow=True)
        self.assertContains(
            response, "賛否を聞く文がまだありません。先にグループごとに文を書いてください。"
        )
        self.assertFalse(self.dialogue_now().voting)

    def test_a_reader_sees_the_results_and_may_post_nothing(self) -> None:
        self.client.force_login(self.viewer)
        self.assertEqual(self.client.get(self.url("agreement")).status_code, 200)
        board = self.client.get(self.url("board"))
        self.assertContains(board, f"<strong>買い物</strong>：{SHOPPING}", html=True)
        self.assertNotContains(board, "賛否の受付を始める")
        self.assertNotContains(board, "文を保存する")
        posts = {
            "group_statement": {"group": self.unasked.pk, "statement": "読者の文"},
            "agreement_open": {},
            "agreement_close": {},
        }
        for name, data in posts.items():
            with self.subTest(name):
                self.assertEqual(self.client.post(self.url(name), data).status_code, 403)
        self.assertEqual(CardGroup.objects.get(pk=self.unasked.pk).statement, "")
        self.assertFalse(self.dialogue_now().voting)

    def test_another_municipalitys_dialogue_is_not_found(self) -> None:
        self.client.force_login(self.sc2)
        for name in ("agreement", "agreement_open", "agreement_close", "group_statement"):
            url = reverse(f"dialogues:{name}", args=[self.city.code, self.foreign.pk])
            method = self.client.get if name == "agreement" else self.client.post
            with self.subTest(name):
                self.assertEqual(method(url).status_code, 404)
        self.assertTrue(Dialogue.objects.get(pk=self.foreign.pk).voting)

    def test_a_finished_dialogue_offers_no_statement_form_and_no_opening(self) -> None:
        for status in ("summarising", "done"):
            services.dialogue_set_status(dialogue=self.dialogue, user=self.sc2, status=status)
        self.client.force_login(self.sc2)
        board = self.client.get(self.url("board"))
        self.assertNotContains(board, "賛否の受付を始める")
        self.assertNotContains(board, "文を保存する")
        self.assertContains(board, "賛否の結果を見る")
