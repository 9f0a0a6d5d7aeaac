"""The affinity diagram of a dialogue (共通項探し) as an A3 landscape PDF to put on the wall or
hand out after the meeting: each group a box with its cards, the groups that cross sectors
marked by a thick double border and in words, each card's sector as a short word. Writers'
names never appear: the sheet is handed out and posted."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from sasaeai.resources.constants import Sector
from sasaeai.utils.pdf import base_url, font_path
from sasaeai.utils.wareki import to_wareki

from .exports import group_name
from .models import Card, Story
from .selectors import Board, BoardGroup, story_outcomes, story_path

WEEKDAYS = "月火水木金土日"

# A card's sector in a word or two, so that 80 cards stay readable on one sheet; the group's
# line of sector counts gives the full names.
SHORT_SECTOR: dict[str, str] = {
    Sector.RESIDENTS: "住民",
    Sector.NONPROFIT: "NPO",
    Sector.PUBLIC: "行政",
    Sector.WELFARE: "福祉",
    Sector.HEALTH_CARE: "医療・介護",
    Sector.BUSINESS: "企業・商店",
    Sector.EDUCATION: "教育",
    Sector.OTHER: "その他",
}
NO_SECTOR = "分野なし"

# The sheet's columns (the template's table). Each box goes whole into one column, the one
# that is shortest so far: WeasyPrint's CSS columns leave most of a column empty when boxes
# may not be split, and push 80 cards onto a second sheet. The sizes below follow the
# template's style (A3 landscape less 10 mm margins, 4 mm between columns, 9 pt cards) and
# serve only to compare columns; a column longer than the sheet goes on to the next sheet.
COLUMNS = 5
COLUMN_MM = (400 - 4 * (COLUMNS - 1)) / COLUMNS
BOX_INNER_MM = COLUMN_MM - 4 - 2.5  # padding, and the crossing boxes' double border
PT_MM = 25.4 / 72


@dataclass(frozen=True)
class PrintedCard:
    text: str
    sector: str  # the short word


@dataclass(frozen=True)
class PrintedGroup:
    name: str
    crosses: bool
    sector_count: int
    sectors: str  # 「住民・地縁組織 3、行政 1」; empty for the box of lone cards
    cards: list[PrintedCard]
    lone: bool = False  # the box 「まだグループにないカード」


def meeting_day(board: Board) -> str:
    """「令和8年12月20日（日）」: the day the dialogue's meeting began."""
    day = timezone.localtime(board.dialogue.meeting.starts_at).date()
    return f"{to_wareki(day)}（{WEEKDAYS[day.weekday()]}）"


def sectors_text(entry: BoardGroup) -> str:
    return "、".join(f"{s.label} {s.count}" for s in entry.sectors)


def printed(card: Card) -> PrintedCard:
    # Only the text and the sector: no name, no member, whoever may see personal data.
    return PrintedCard(text=card.text, sector=SHORT_SECTOR.get(card.sector, NO_SECTOR))


def text_width(text: str) -> float:
    """In full-width characters: a half-width letter or digit takes half a place."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)


def lines(text: str, size_pt: float) -> int:
    per_line = max(1, math.floor(BOX_INNER_MM / (size_pt * PT_MM)))
    return max(1, math.ceil(text_width(text) / per_line))


def box_height(box: PrintedGroup) -> float:
    """The box's height on the sheet in mm, near enough to choose the shortest column."""
    height = 3 + 3 + lines(box.name, 11) * 11 * 1.35 * PT_MM  # padding, margin, name
    if box.crosses:
        height += 9.5 * 1.45 * PT_MM
    height += lines(f"{len(box.cards)}枚：{box.sectors}", 8) * 8 * 1.45 * PT_MM + 1.5
    for card in box.cards:
        # The sector word is 7.5 pt beside 9 pt text: about 5/6 of its width in 9 pt.
        shown = text_width(f"［{card.sector}］") * 7.5 / 9 + text_width(card.text)
        height += math.ceil(shown / math.floor(BOX_INNER_MM / (9 * PT_MM))) * 9 * 1.45 * PT_MM
        height += 1.6  # the card's rule and padding
    return height


def into_columns(boxes: list[PrintedGroup], count: int = COLUMNS) -> list[list[PrintedGroup]]:
    """The boxes in columns of even length: the tallest first, each into the column shortest
    so far (the leftmost of equals); then each column in the board's order, the box of lone
    cards last. Empty columns stay, so that a box is as wide with two groups as with twenty."""
    heights = [0.0] * count
    placed: list[list[int]] = [[] for _ in range(count)]
    tallest_first = sorted(range(len(boxes)), key=lambda n: -box_height(boxes[n]))
    for index in tallest_first:
        shortest = heights.index(min(heights))
        placed[shortest].append(index)
        heights[shortest] += box_height(boxes[index])
    return [[boxes[n] for n in sorted(column)] for column in placed]


def board_context(board: Board, stories: Sequence[Story] = ()) -> dict[str, Any]:
    dialogue = board.dialogue
    groups = [
        PrintedGroup(
            name=group_name(entry.group),
            crosses=entry.crosses,
            sector_count=entry.sector_count,
            sectors=sectors_text(entry),
            cards=[printed(c) for c in entry.cards],
        )
        for entry in board.groups
        if entry.cards  # an emptied group has nothing to show
    ]
    boxes = list(groups)
    if board.lone:
        boxes.append(
            PrintedGroup(
                name=_("まだグループにないカード"),
                crosses=False,
                sector_count=0,
                sectors="",
                cards=[printed(c) for c in board.lone],
                lone=True,
            )
        )
    return {
        "dialogue": dialogue,
        "meeting": dialogue.meeting,
        "council": dialogue.meeting.council,
        "day": meeting_day(board),
        "created_on": to_wareki(timezone.localdate()),
        "card_count": board.card_count,
        "group_count": len(groups),
        "sector_count": sum(1 for s in board.sectors if s.sector),
        "sectors": "、".join(f"{s.label} {s.count}" for s in board.sectors),
        "columns": into_columns(boxes),
        "cross_sector_min": dialogue.cross_sector_min,
        # The story map: each story's links and what it became, after the groups.
        "stories": [
            {"title": s.title, "path": story_path(s), "became": "・".join(story_outcomes(s))}
            for s in stories
        ],
    }


def board_pdf(board: Board, stories: Sequence[Story] = ()) -> bytes:
    """The board (and its stories) as an A3 landscape PDF in the packaged Noto Sans JP (never
    a system font)."""
    font_config = FontConfiguration()
    html = render_to_string(
        "dialogues/pdf/board.html",
        {
            **board_context(board, stories),
            "font_url": font_path().as_uri(),
            "title": _("対話のまとめ"),
        },
    )
    # why: the page size and the layout are in the template's own <style>, not in a static
    # print stylesheet, so this one sheet is A3 landscape while utils.pdf's documents are A4.
    return HTML(string=html, base_url=base_url()).write_pdf(font_config=font_config)
