"""Every change to a dialogue, its cards and its groups goes through here: keyword-only, atomic,
checked before anything is written, refused with a Japanese ValidationError naming the field,
recorded in history with who (history_user)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from sasaeai.areas.models import Town
from sasaeai.core.history import history_user
from sasaeai.core.versioning import claim_version
from sasaeai.councils.constants import ChallengeSource, EvidenceKind, MeetingKind
from sasaeai.councils.models import Challenge, Meeting, Membership
from sasaeai.councils.services import EvidenceInput, challenge_create
from sasaeai.resources.constants import Sector

from .constants import CARD_TEXT_MAX, CardSource, CardType, DialogueStatus, Method
from .grouping import suggest_groups, suggest_label
from .models import Card, CardGroup, Dialogue

# Which status may follow which: forward one step at a time, and back from まとめ中 to 受付中
# (a card forgotten); 完了 is the record and stays.
TRANSITIONS: dict[str, frozenset[str]] = {
    DialogueStatus.PREPARING: frozenset({DialogueStatus.OPEN}),
    DialogueStatus.OPEN: frozenset({DialogueStatus.SUMMARISING}),
    DialogueStatus.SUMMARISING: frozenset({DialogueStatus.OPEN, DialogueStatus.DONE}),
    DialogueStatus.DONE: frozenset(),
}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def refuse(field: str, message: str) -> NoReturn:
    raise ValidationError({field: message})


# --- dialogues -----------------------------------------------------------------------------------


@transaction.atomic
def dialogue_create(*, meeting: Meeting, user: Any, method: str, question: str) -> Dialogue:
    """A dialogue in preparation at a meeting, with its participants' address ready."""
    if method not in Method.values:
        refuse("method", _("対話の方法を選んでください。"))
    question = clean_text(question)
    if not question:
        refuse("question", _("問いを入力してください。"))
    if len(question) > 200:
        refuse("question", _("問いは200文字までにしてください。"))
    with history_user(user):
        return Dialogue.objects.create(
            municipality=meeting.council.municipality,
            meeting=meeting,
            method=method,
            question=question,
            created_by=user,
        )


@transaction.atomic
def dialogue_set_status(*, dialogue: Dialogue, user: Any, status: str) -> Dialogue:
    """One step along 準備 → 受付中 → まとめ中 → 完了 (まとめ中 may go back to 受付中)."""
    if status not in TRANSITIONS.get(dialogue.status, frozenset()):
        now = DialogueStatus(dialogue.status).label
        wanted = DialogueStatus(status).label if status in DialogueStatus.values else status
        refuse(
            "status",
            _("「%(now)s」の対話を「%(next)s」にはできません。") % {"now": now, "next": wanted},
        )
    dialogue.status = status
    # A finished dialogue takes no more answers either: the agreement round ends with it.
    if status == DialogueStatus.DONE:
        dialogue.voting = False
    with history_user(user):
        dialogue.save(update_fields=["status", "voting"])
    return dialogue


@transaction.atomic
def dialogue_settings(
    *,
    dialogue: Dialogue,
    user: Any,
    cross_sector_min: int,
    threshold: float,
    expected_version: int | None = None,
) -> Dialogue:
    """How many sectors make a group cross sectors, and how close cards must be to be grouped."""
    _writable(dialogue)
    if not 2 <= cross_sector_min <= len(Sector.values):
        refuse(
            "cross_sector_min",
            _("分野の数は2から%(most)dまでで指定してください。") % {"most": len(Sector.values)},
        )
    if not 0.05 <= threshold <= 0.95:
        refuse("threshold", _("まとめる近さは0.05から0.95までで指定してください。"))
    claim_version(dialogue, expected_version, what=_("対話"))
    dialogue.cross_sector_min = cross_sector_min
    dialogue.threshold = threshold
    with history_user(user):
        dialogue.save(update_fields=["cross_sector_min", "threshold"])
    return dialogue


# --- cards ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CardInput:
    text: str
    card_type: str = ""
    sector: str = ""
    writer_name: str = ""
    membership: Membership | None = None
    town: Town | None = None
    place: str = ""


@transaction.atomic
def card_add(*, dialogue: Dialogue, data: CardInput, source: str, user: Any = None) -> Card:
    """One card: typed by the facilitator (while the dialogue is not 完了) or sent from a
    participant's phone (only while it is 受付中, and with no user)."""
    if source == CardSource.PHONE:
        if not dialogue.accepts_phones:
            refuse("text", _("この対話は受付を終了しました。"))
    else:
        _writable(dialogue)
    checked = _checked_card(dialogue, data)
    with history_user(user):
        return Card.objects.create(
            dialogue=dialogue,
            source=source,
            created_by=user,
            position=_next_position(dialogue),
            **checked,
        )


def _checked_card(dialogue: Dialogue, data: CardInput, line: str = "") -> dict[str, Any]:
    """The card's fields, cleaned, or a refusal naming the field (and the line, when pasted)."""
    text = clean_text(data.text)
    if not text:
        refuse("text", line + _("内容を入力してください。"))
    if len(text) > CARD_TEXT_MAX:
        refuse(
            "text",
            line
            + _("内容は%(most)d文字までにしてください（%(count)d文字あります）。")
            % {"most": CARD_TEXT_MAX, "count": len(text)},
        )
    if data.card_type and data.card_type not in CardType.values:
        refuse("card_type", line + _("カードの種類を選び直してください。"))
    if data.sector and data.sector not in Sector.values:
        refuse("sector", line + _("分野を選び直してください。"))
    name = clean_text(data.writer_name)
    if len(name) > 100:
        refuse("writer_name", _("名前は100文字までにしてください。"))
    if data.membership is not None and data.membership.council_id not in _council_ids(dialogue):
        refuse("membership", _("この会議の協議体のメンバーを選んでください。"))
    if data.town is not None and data.town.municipality_id != dialogue.municipality_id:
        refuse("town", _("この市町村の町丁目を選んでください。"))
    return {
        "text": text,
        "card_type": data.card_type,
        "sector": data.sector or (data.membership.sector if data.membership else ""),
        "writer_name": name,
        "membership": data.membership,
        "town": data.town,
        "place": clean_text(data.place)[:100],
    }


@transaction.atomic
def cards_paste(*, dialogue: Dialogue, user: Any, text: str) -> list[Card]:
    """Cards from lines copied out of Excel or a text file: one card a line, optionally a tab
    and the sector, and another tab and the kind (as the screen names them: 住民・地縁組織 or
    住民, 困りごと …). Every line is checked first; one bad line writes nothing and every bad
    line is named."""
    _writable(dialogue)
    problems: list[str] = []
    inputs: list[CardInput] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        cells = [c.strip() for c in raw.split("\t")]
        sector = _choice(Sector, cells[1] if len(cells) > 1 else "")
        kind = _choice(CardType, cells[2] if len(cells) > 2 else "")
        line = _("%(n)d行目: ") % {"n": number}
        if sector is None:
            problems.append(line + _("分野「%(v)s」がわかりません。") % {"v": cells[1]})
            continue
        if kind is None:
            problems.append(line + _("種類「%(v)s」がわかりません。") % {"v": cells[2]})
            continue
        if len(cells) > 3 and any(cells[3:]):
            problems.append(
                line + _("4列目より右は読みません。本文・分野・種類の3列にしてください。")
            )
            continue
        data = CardInput(text=cells[0], sector=sector, card_type=kind)
        try:
            _checked_card(dialogue, data, line)
        except ValidationError as error:
            problems += error.messages
            continue
        inputs.append(data)
    if problems:
        raise ValidationError({"text": problems})
    if not inputs:
        refuse("text", _("貼り付ける内容がありません。1行に1枚ずつ貼り付けてください。"))
    return [
        card_add(dialogue=dialogue, data=d, source=CardSource.PASTED, user=user) for d in inputs
    ]


@transaction.atomic
def card_hide(*, card: Card, user: Any, reason: str) -> Card:
    """Take a card off the board (and out of the grouping and every output), keeping why."""
    reason = clean_text(reason)
    if not reason:
        refuse("reason", _("非表示にする理由を入力してください。"))
    card.hidden, card.hidden_reason, card.hidden_by, card.group = True, reason[:200], user, None
    with history_user(user):
        card.save(update_fields=["hidden", "hidden_reason", "hidden_by", "group"])
    return card


@transaction.atomic
def card_show(*, card: Card, user: Any) -> Card:
    card.hidden, card.hidden_reason, card.hidden_by = False, "", None
    with history_user(user):
        card.save(update_fields=["hidden", "hidden_reason", "hidden_by"])
    return card


# --- groups (共通項探し) ---------------------------------------------------------------------------


@transaction.atomic
def groups_suggest(*, dialogue: Dialogue, user: Any) -> list[CardGroup]:
    """Propose groups of the cards the facilitator has not placed: the groups still only
    proposed are made again; a group the facilitator touched keeps its cards."""
    _writable(dialogue)
    with history_user(user):
        CardGroup.objects.filter(dialogue=dialogue, suggested=True).delete()
        loose = list(
            dialogue.cards.filter(hidden=False, group__isnull=True).order_by("position", "pk")
        )
        texts = [c.text for c in loose]
        start = _next_group_position(dialogue)
        made = []
        for offset, indexes in enumerate(suggest_groups(texts, threshold=dialogue.threshold)):
            group = CardGroup.objects.create(
                dialogue=dialogue,
                name=suggest_label(texts, indexes)[:100],
                position=start + offset,
                suggested=True,
            )
            for index in indexes:
                loose[index].group = group
                loose[index].save(update_fields=["group"])
            made.append(group)
    return made


@transaction.atomic
def card_move(*, card: Card, user: Any, group: CardGroup | None) -> Card:
    """Put a card in another group, or leave it alone (None); both groups become the
    facilitator's (no longer only proposed)."""
    _writable(card.dialogue)
    if group is not None and group.dialogue_id != card.dialogue_id:
        refuse("group", _("この対話のグループを選んでください。"))
    if card.hidden:
        refuse("card", _("非表示のカードは動かせません。先に表示に戻してください。"))
    with history_user(user):
        touched = [g for g in (card.group, group) if g is not None]
        CardGroup.objects.filter(pk__in=[g.pk for g in touched]).update(suggested=False)
        card.group = group
        card.save(update_fields=["group"])
    return card


@transaction.atomic
def group_create(
    *, dialogue: Dialogue, user: Any, name: str, cards: Sequence[Card] = ()
) -> CardGroup:
    """A group the facilitator makes (a split: the chosen cards move into it)."""
    _writable(dialogue)
    name = clean_text(name)
    if len(name) > 100:
        refuse("name", _("グループ名は100文字までにしてください。"))
    if any(c.dialogue_id != dialogue.pk for c in cards):
        refuse("cards", _("この対話のカードを選んでください。"))
    with history_user(user):
        group = CardGroup.objects.create(
            dialogue=dialogue, name=name, position=_next_group_position(dialogue), suggested=False
        )
        for card in cards:
            card_move(card=card, user=user, group=group)
    return group


@transaction.atomic
def groups_merge(*, dialogue: Dialogue, user: Any, groups: Sequence[CardGroup]) -> CardGroup:
    """The cards of every group into the first; the others go."""
    _writable(dialogue)
    groups = list(dict.fromkeys(groups))
    if len(groups) < 2:
        refuse("groups", _("まとめるグループを2つ以上選んでください。"))
    if any(g.dialogue_id != dialogue.pk for g in groups):
        refuse("groups", _("この対話のグループを選んでください。"))
    kept, *merged = groups
    with history_user(user):
        Card.objects.filter(group__in=merged).update(group=kept)
        for group in merged:
            group.delete()
        kept.suggested = False
        kept.save(update_fields=["suggested"])
    return kept


@transaction.atomic
def group_rename(*, group: CardGroup, user: Any, name: str) -> CardGroup:
    _writable(group.dialogue)
    name = clean_text(name)
    if not name:
        refuse("name", _("グループ名を入力してください。"))
    if len(name) > 100:
        refuse("name", _("グループ名は100文字までにしてください。"))
    group.name, group.suggested = name, False
    with history_user(user):
        group.save(update_fields=["name", "suggested"])
    return group


@transaction.atomic
def group_to_challenge(*, group: CardGroup, user: Any) -> Challenge:
    """The group becomes a 地域課題 of the meeting's council, its cards the evidence, and the
    group keeps the link (once: a group already made into one is refused)."""
    dialogue = group.dialogue
    if group.challenge_id is not None:
        refuse("group", _("このグループは既に地域課題になっています。"))
    if not group.name.strip():
        refuse("name", _("先にグループに名前を付けてください。地域課題の題名になります。"))
    cards = list(group.cards.filter(hidden=False).order_by("position", "pk"))
    if not cards:
        refuse("group", _("カードのないグループは地域課題にできません。"))
    meeting = dialogue.meeting
    challenge = challenge_create(
        municipality=dialogue.municipality,
        title=group.name[:200],
        source=challenge_source(meeting),
        user=user,
        council=meeting.council,
        source_meeting=meeting,
        description=_("%(meeting)sの対話「%(question)s」で%(count)d枚のカードから。")
        % {"meeting": meeting.title, "question": dialogue.question, "count": len(cards)},
        evidence=[card_evidence(card) for card in cards],
    )
    group.challenge, group.suggested = challenge, False
    with history_user(user):
        group.save(update_fields=["challenge", "suggested"])
    return challenge


def challenge_source(meeting: Meeting) -> str:
    """A 地域課題 from a dialogue came up at a workshop (a town meeting is one), else at a
    meeting."""
    if meeting.kind in (MeetingKind.WORKSHOP, MeetingKind.TOWN_MEETING):
        return ChallengeSource.WORKSHOP
    return ChallengeSource.MEETING


def card_evidence(card: Card) -> EvidenceInput:
    """A card as a 地域課題's evidence: its words, its writer's sector, its meeting."""
    return EvidenceInput(
        kind=EvidenceKind.CARD,
        label=card.text,
        value=card.get_sector_display() if card.sector else "",
        meeting=card.dialogue.meeting,
    )


# --- helpers -------------------------------------------------------------------------------------


def _writable(dialogue: Dialogue) -> None:
    if dialogue.status == DialogueStatus.DONE:
        refuse("status", _("完了した対話は変更できません。"))


def clean_text(value: str) -> str:
    """NFC, no control characters (NUL included), no surrounding space."""
    return _CONTROL.sub("", unicodedata.normalize("NFC", value or "")).strip()


def _choice(choices: Any, written: str) -> str | None:
    """A choice's value from what a pasted cell says: the value, the label, or the label's
    first part (住民 for 住民・地縁組織, 福祉 for 福祉（社協・包括）), compared in NFKC on both
    sides (a sheet may hold ASCII brackets or half-width kana where the label has full-width
    ones); "" for an empty cell, None when it names none of them."""
    written = unicodedata.normalize("NFKC", written).strip()
    if not written:
        return ""
    for value, label in choices.choices:
        label = unicodedata.normalize("NFKC", str(label))
        if written in (value, label, re.split(r"[・(]", label)[0]):
            return str(value)
    return None


def _council_ids(dialogue: Dialogue) -> set[int]:
    return {c.pk for c in dialogue.meeting.all_councils()}


def _next_position(dialogue: Dialogue) -> int:
    return (dialogue.cards.aggregate(m=Max("position"))["m"] or 0) + 1


def _next_group_position(dialogue: Dialogue) -> int:
    return (dialogue.groups.aggregate(m=Max("position"))["m"] or 0) + 1
