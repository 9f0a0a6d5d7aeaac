"""Reads of a dialogue: the board (groups with their cards and sectors, the cross-sector marks,
lone cards) that the screens, the PDF, the spreadsheet and the minutes' summary all show."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import QuerySet

from sasaeai.resources.constants import Sector

from .models import Card, CardGroup, Dialogue, Story


@dataclass(frozen=True)
class SectorCount:
    sector: str  # "" for cards that did not say
    label: str
    count: int


@dataclass(frozen=True)
class BoardGroup:
    group: CardGroup
    cards: list[Card]
    sectors: list[SectorCount]  # most cards first, then in the order of Sector
    crosses: bool  # 分野を超えた共通項: cards from at least the dialogue's number of sectors

    @property
    def sector_count(self) -> int:
        return sum(1 for s in self.sectors if s.sector)


@dataclass(frozen=True)
class Board:
    dialogue: Dialogue
    groups: list[BoardGroup]
    lone: list[Card]  # visible cards in no group
    hidden: list[Card]
    sectors: list[SectorCount] = field(default_factory=list)  # of every visible card

    @property
    def card_count(self) -> int:
        return sum(len(g.cards) for g in self.groups) + len(self.lone)

    @property
    def crossing(self) -> list[BoardGroup]:
        return [g for g in self.groups if g.crosses]


NO_SECTOR_LABEL = "分野の記入なし"


def sector_counts(cards: list[Card]) -> list[SectorCount]:
    """How many cards each sector wrote: most first, ties in the order of Sector, the cards
    that named no sector last."""
    counted = Counter(c.sector for c in cards)
    order = {value: n for n, value in enumerate(Sector.values)}
    named = sorted((s for s in counted if s), key=lambda s: (-counted[s], order.get(s, len(order))))
    found = [SectorCount(s, str(Sector(s).label), counted[s]) for s in named]
    if counted.get(""):
        found.append(SectorCount("", NO_SECTOR_LABEL, counted[""]))
    return found


def crosses_sectors(cards: list[Card], minimum: int) -> bool:
    return len({c.sector for c in cards if c.sector}) >= minimum


def cards_of(dialogue: Dialogue) -> QuerySet[Card]:
    return dialogue.cards.select_related("membership", "town").order_by("position", "pk")


def board(dialogue: Dialogue) -> Board:
    """The dialogue's board in two queries (its groups, its cards)."""
    groups = list(dialogue.groups.select_related("challenge").order_by("position", "pk"))
    cards = list(cards_of(dialogue))
    visible = [c for c in cards if not c.hidden]
    by_group: dict[int, list[Card]] = {}
    for card in visible:
        if card.group_id is not None:
            by_group.setdefault(card.group_id, []).append(card)
    board_groups = [
        BoardGroup(
            group=g,
            cards=by_group.get(g.pk, []),
            sectors=sector_counts(by_group.get(g.pk, [])),
            crosses=crosses_sectors(by_group.get(g.pk, []), dialogue.cross_sector_min),
        )
        for g in groups
    ]
    return Board(
        dialogue=dialogue,
        groups=board_groups,
        lone=[c for c in visible if c.group_id is None],
        hidden=[c for c in cards if c.hidden],
        sectors=sector_counts(visible),
    )


def stories_of(dialogue: Dialogue) -> list[Story]:
    """The dialogue's stories with their cards, resource and what they became, in one query."""
    return list(
        dialogue.stories.select_related(
            "wish", "ability", "resource", "challenge", "action", "connection", "project"
        ).order_by("pk")
    )


def story_path(story: Story) -> str:
    """The story's links in words: 「やりたいこと → できること → 場所」, a hidden card named as
    such (never its text), a missing link left out."""
    steps = []
    for card in (story.wish, story.ability):
        if card is not None:
            steps.append("（非表示にしたカード）" if card.hidden else card.text)
    if story.resource is not None:
        steps.append(story.resource.name)
    return " → ".join(steps)


def story_outcomes(story: Story) -> list[str]:
    """What the story became, in words (empty: nothing yet)."""
    found = []
    if story.challenge is not None:
        found.append(f"地域課題「{story.challenge.title}」")
    if story.action is not None:
        found.append(f"協議体のやること「{story.action.title}」")
    if story.connection is not None:
        found.append("つなぎ")
    if story.project is not None:
        found.append(f"官民連携の事業「{story.project.title}」")
    return found
