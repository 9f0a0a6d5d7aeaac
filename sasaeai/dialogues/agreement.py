"""The agreement round of a dialogue (issue #25, point 4): the facilitator writes a sentence for
each group (its statement), opens the round, and participants answer 賛成・どちらでもない・反対 on
their phones, anonymously (a random token their phone keeps) and with the sector they choose.

The results are counted per sector, never only in total, so that a difference between sectors
is noticed rather than averaged away: a statement is 「どの分野でも賛成が多い」 when every sector
with enough answers agrees, and 「分野によって分かれている」 when one sector agrees and another
does not (the rule and its numbers: constants.AGREEMENT_*). `tally` and `judge` are pure; the
services below write, each keyword-only, atomic and checked before the first write."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from sasaeai.core.history import history_user
from sasaeai.resources.constants import Sector

from .constants import (
    AGREEMENT_AGAINST_SHARE,
    AGREEMENT_BROAD_SHARE,
    AGREEMENT_GAP_POINTS,
    AGREEMENT_MIN_ANSWERS,
    Answer,
    DialogueStatus,
)
from .models import CardGroup, Dialogue, Vote
from .selectors import NO_SECTOR_LABEL
from .services import clean_text, refuse

STATEMENT_MAX = 200
# The token a phone keeps (secrets.token_urlsafe(16) is 22 characters); the column holds 32.
PARTICIPANT_MAX = 32

BROAD = "broad"
DIVIDED = "divided"
MIXED = "mixed"
TOO_FEW = "too_few"


# --- the results (pure) ----------------------------------------------------------------------------


def percent(part: int, whole: int) -> int:
    """A share in whole percent, halves rounded up (62.5 → 63), 0 of nothing."""
    if whole == 0:
        return 0
    return int(Fraction(part * 100, whole) + Fraction(1, 2))


@dataclass(frozen=True)
class Tally:
    """The answers of one sector (sector "" : those who chose none; "*" : everyone)."""

    sector: str
    label: str
    agree: int = 0
    neutral: int = 0
    disagree: int = 0

    @property
    def total(self) -> int:
        return self.agree + self.neutral + self.disagree

    @property
    def counted(self) -> bool:
        """Enough answers for the sector to take part in the judgement."""
        return bool(self.sector) and self.sector != "*" and self.total >= AGREEMENT_MIN_ANSWERS

    @property
    def agree_share(self) -> Fraction:
        return Fraction(self.agree, self.total) if self.total else Fraction(0)

    @property
    def disagree_share(self) -> Fraction:
        return Fraction(self.disagree, self.total) if self.total else Fraction(0)

    @property
    def agree_percent(self) -> int:
        return percent(self.agree, self.total)

    @property
    def neutral_percent(self) -> int:
        return percent(self.neutral, self.total)

    @property
    def disagree_percent(self) -> int:
        return percent(self.disagree, self.total)


@dataclass(frozen=True)
class StatementResult:
    group_id: int
    name: str
    statement: str
    sectors: list[Tally]  # named sectors that answered, in the order of Sector
    unnamed: Tally | None  # those who chose no sector: in the total, never a sector
    total: Tally
    verdict: str  # BROAD, DIVIDED, MIXED or TOO_FEW

    @property
    def broad(self) -> bool:
        return self.verdict == BROAD

    @property
    def divided(self) -> bool:
        return self.verdict == DIVIDED

    @property
    def rows(self) -> list[Tally]:
        return [*self.sectors, *([self.unnamed] if self.unnamed else [])]


@dataclass(frozen=True)
class Results:
    statements: list[StatementResult]

    @property
    def broad(self) -> list[StatementResult]:
        return [s for s in self.statements if s.broad]

    @property
    def divided(self) -> list[StatementResult]:
        return [s for s in self.statements if s.divided]


def judge(sectors: Sequence[Tally]) -> str:
    """BROAD when at least two sectors have enough answers and each of them is at the broad
    share 賛成; DIVIDED when, among those sectors, one is at the broad share 賛成 and another at
    the against share 反対, or two 賛成 shares lie the gap apart; TOO_FEW under two such
    sectors; MIXED otherwise. Exact fractions: 7 of 10 is 70 %, not 69.99…"""
    counted = [t for t in sectors if t.counted]
    if len(counted) < 2:
        return TOO_FEW
    shares = [t.agree_share for t in counted]
    broad = Fraction(AGREEMENT_BROAD_SHARE, 100)
    if all(share >= broad for share in shares):
        return BROAD
    agreeing = any(share >= broad for share in shares)
    against = any(t.disagree_share >= Fraction(AGREEMENT_AGAINST_SHARE, 100) for t in counted)
    apart = max(shares) - min(shares) >= Fraction(AGREEMENT_GAP_POINTS, 100)
    return DIVIDED if (agreeing and against) or apart else MIXED


def tally_of(sector: str, label: str, answers: Iterable[str]) -> Tally:
    counted = Counter(answers)
    return Tally(
        sector=sector,
        label=label,
        agree=counted[Answer.AGREE],
        neutral=counted[Answer.NEUTRAL],
        disagree=counted[Answer.DISAGREE],
    )


def tally(
    statements: Sequence[tuple[int, str, str]], answers: Iterable[tuple[int, str, str]]
) -> Results:
    """The results of (group id, name, statement) from the answers (group id, sector, answer);
    answers to a group not listed are left out."""
    by_group: dict[int, list[tuple[str, str]]] = {pk: [] for pk, _name, _text in statements}
    for group_id, sector, answer in answers:
        if group_id in by_group:
            by_group[group_id].append((sector, answer))
    found = []
    for pk, name, text in statements:
        given = by_group[pk]
        sectors = [
            tally_of(value, str(label), (a for s, a in given if s == value))
            for value, label in Sector.choices
            if any(s == value for s, _a in given)
        ]
        blank = [a for s, a in given if s not in Sector.values]
        found.append(
            StatementResult(
                group_id=pk,
                name=name,
                statement=text,
                sectors=sectors,
                unnamed=tally_of("", NO_SECTOR_LABEL, blank) if blank else None,
                total=tally_of("*", _("合計"), (a for _s, a in given)),
                verdict=judge(sectors),
            )
        )
    return Results(statements=found)


def results(dialogue: Dialogue) -> Results:
    """The dialogue's statements (in the board's order) with their answers, in two queries."""
    groups = list(
        dialogue.groups.exclude(statement="")
        .order_by("position", "pk")
        .values_list("pk", "name", "statement")
    )
    answers = Vote.objects.filter(group_id__in=[pk for pk, _n, _s in groups]).values_list(
        "group_id", "sector", "answer"
    )
    named = [(pk, name or _("（名前なし）"), text) for pk, name, text in groups]
    return tally(named, answers)


# --- reads for the pages ----------------------------------------------------------------------------


def voting_open(dialogue: Dialogue) -> bool:
    """The round takes answers: opened by the facilitator, and the dialogue not 完了."""
    return dialogue.voting and dialogue.status != DialogueStatus.DONE


def asked_groups(dialogue: Dialogue) -> list[CardGroup]:
    """The groups whose statement is asked, in the board's order."""
    return list(dialogue.groups.exclude(statement="").order_by("position", "pk"))


def answers_of(dialogue: Dialogue, participant: str) -> dict[int, Vote]:
    """One phone's answers on the dialogue's statements, by group id (to show its choices)."""
    if not participant:
        return {}
    votes = Vote.objects.filter(group__dialogue=dialogue, participant=participant)
    return {v.group_id: v for v in votes}


# --- services ---------------------------------------------------------------------------------------


@transaction.atomic
def agreement_open(*, dialogue: Dialogue, user: Any) -> Dialogue:
    """Start the round: the participants' page asks each group's statement."""
    if dialogue.status == DialogueStatus.DONE:
        refuse("voting", _("完了した対話では賛否を聞けません。"))
    if not dialogue.groups.exclude(statement="").exists():
        refuse(
            "statement",
            _("賛否を聞く文がまだありません。先にグループごとに文を書いてください。"),
        )
    return _set_voting(dialogue, user, True)


@transaction.atomic
def agreement_close(*, dialogue: Dialogue, user: Any) -> Dialogue:
    """End the round: the participants' page shows nothing of it any more; answers are kept."""
    return _set_voting(dialogue, user, False)


def _set_voting(dialogue: Dialogue, user: Any, voting: bool) -> Dialogue:
    dialogue.voting = voting
    with history_user(user):
        dialogue.save(update_fields=["voting"])
    return dialogue


@dataclass(frozen=True)
class StatementSet:
    group: CardGroup
    answers_removed: int  # answers given to the sentence it replaced


@transaction.atomic
def group_statement_set(*, group: CardGroup, user: Any, statement: str) -> StatementSet:
    """The sentence participants are asked about a group ("" : not asked). Answers given to
    another wording would be counted for a sentence nobody saw: a changed sentence starts with
    none, and while the round is open a sentence with answers is not changed at all."""
    dialogue = group.dialogue
    if dialogue.status == DialogueStatus.DONE:
        refuse("statement", _("完了した対話は変更できません。"))
    statement = clean_text(statement)
    if len(statement) > STATEMENT_MAX:
        refuse(
            "statement",
            _("賛否を聞く文は%(most)d文字までにしてください（今は%(count)d文字です）。")
            % {"most": STATEMENT_MAX, "count": len(statement)},
        )
    if statement == group.statement:
        return StatementSet(group=group, answers_removed=0)
    answered = group.votes.count()
    if answered and voting_open(dialogue):
        refuse(
            "statement",
            _(
                "賛否の受付中は、答えが集まっている文を変えられません。"
                "受付を終えてから変えてください。"
            ),
        )
    group.statement = statement
    with history_user(user):
        group.votes.all().delete()
        group.save(update_fields=["statement"])
    return StatementSet(group=group, answers_removed=answered)


@transaction.atomic
def vote_record(
    *, dialogue: Dialogue, group: CardGroup, participant: str, sector: str, answer: str
) -> Vote:
    """One phone's answer on one statement; its second answer replaces the first."""
    _check_vote(dialogue, participant, sector)
    _check_answer(dialogue, group, answer)
    vote, _created = Vote.objects.update_or_create(
        group=group, participant=participant, defaults={"sector": sector, "answer": answer}
    )
    return vote


@transaction.atomic
def votes_record(
    *, dialogue: Dialogue, participant: str, sector: str, answers: Mapping[CardGroup, str]
) -> list[Vote]:
    """A phone's answers on several statements at once (its sector for each): every answer is
    checked before the first is written, so a refusal writes none."""
    _check_vote(dialogue, participant, sector)
    if not answers:
        refuse("answer", _("賛成・どちらでもない・反対のどれかを選んでください。"))
    for group, answer in answers.items():
        _check_answer(dialogue, group, answer)
    return [
        vote_record(
            dialogue=dialogue, group=group, participant=participant, sector=sector, answer=answer
        )
        for group, answer in answers.items()
    ]


def _check_vote(dialogue: Dialogue, participant: str, sector: str) -> None:
    if not voting_open(dialogue):
        refuse("answer", _("いまは賛否を受け付けていません。"))
    if not participant or len(participant) > PARTICIPANT_MAX:
        refuse(
            "participant",
            _("このスマートフォンを確かめられませんでした。ページを開き直してください。"),
        )
    if sector and sector not in Sector.values:
        refuse("sector", _("分野を選び直してください。"))


def _check_answer(dialogue: Dialogue, group: CardGroup, answer: str) -> None:
    if group.dialogue_id != dialogue.pk:
        refuse("group", _("この対話の文を選んでください。"))
    if not group.statement:
        refuse("group", _("このグループには賛否を聞く文がありません。"))
    if answer not in Answer.values:
        refuse("answer", _("賛成・どちらでもない・反対のどれかを選んでください。"))
