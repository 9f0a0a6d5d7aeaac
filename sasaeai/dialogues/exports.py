"""A dialogue's cards as an .xlsx for the office: one row per visible card, the grouped cards
first in the board's order, then the cards in no group. Pure functions of the board; the view
decides who gets the writers' names (personal data) and writes the access log."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sasaeai.utils.tabular import Cell, xlsx_bytes

from .models import Card, CardGroup
from .selectors import Board

COLUMNS = (
    "グループ",
    "分野を超えた共通項",
    "カード",
    "種類",
    "書いた人の分野",
    "入り方",
    "町丁目",
    "場所",
)
NAME_COLUMN = "名前"
NO_GROUP = "（グループなし）"
CROSSES = "○"


def group_name(group: CardGroup) -> str:
    """The group's name, or what the board calls a group still without one."""
    return group.name or _("（名前なし）")


def writer_name(card: Card) -> str:
    """The name the writer added, else the member who said it: personal data either way."""
    if card.writer_name:
        return card.writer_name
    return card.membership.name if card.membership is not None else ""


def named_cards(board: Board) -> int:
    """How many visible cards carry a writer's name (the access log's count)."""
    return sum(1 for card in _cards(board) if writer_name(card))


def cards_xlsx(board: Board, *, include_names: bool = False) -> bytes:
    """The board's visible cards; hidden cards are left out, as from every output. The 名前
    column is there for everyone (the same columns whoever downloads, as every export of the
    project) and filled only with `include_names` (those who may see personal data)."""
    header = [*COLUMNS, NAME_COLUMN]
    rows: list[list[Cell]] = []
    for entry in board.groups:
        for card in entry.cards:
            rows.append(_row(card, group_name(entry.group), entry.crosses, include_names))
    for card in board.lone:
        rows.append(_row(card, NO_GROUP, False, include_names))
    return xlsx_bytes(_("対話カード"), header, rows)


def _row(card: Card, group: str, crosses: bool, include_names: bool) -> list[Cell]:
    row: list[Cell] = [
        group,
        CROSSES if crosses else "",
        card.text,
        card.get_card_type_display() if card.card_type else "",
        card.get_sector_display() if card.sector else "",
        card.get_source_display(),
        card.town.name if card.town is not None else "",
        card.place,
    ]
    row.append(writer_name(card) if include_names else "")
    return row


def _cards(board: Board) -> list[Card]:
    return [card for entry in board.groups for card in entry.cards] + board.lone
