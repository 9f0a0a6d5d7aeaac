"""The dialogue in one paragraph for the meeting's minutes (cards by sector, the groups with
their counts, the groups that cross sectors, what became a 地域課題), and the service that puts
it into the minutes under its own heading, once per dialogue."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sasaeai.core.versioning import EditConflictError, conflict_message
from sasaeai.councils.models import Meeting
from sasaeai.councils.services import AgendaInput, meeting_record_save

from .exports import group_name
from .models import Dialogue, Story
from .selectors import Board, BoardGroup, board, stories_of, story_outcomes, story_path

HEADING = "■ 対話のまとめ"


def one_line(text: str) -> str:
    """A name or question as one line: the block in the minutes is found again line by line."""
    return " ".join(text.split())


def minutes_summary(board: Board, stories: Sequence[Story] = ()) -> str:
    """One paragraph of plain Japanese, e.g. 「対話（共通項探し）「この地域で気になっている
    こと」：カード42枚（住民・地縁組織 20、…）を9つのグループにまとめました。…」."""
    dialogue = board.dialogue
    head = _("対話（%(method)s）「%(question)s」：") % {
        "method": dialogue.get_method_display(),
        "question": one_line(dialogue.question),
    }
    count = board.card_count
    if not count:
        return head + _("カードはまだありません。")
    sectors = "、".join(f"{s.label} {s.count}" for s in board.sectors)
    cards = _("カード%(n)d枚（%(sectors)s）") % {"n": count, "sectors": sectors}
    groups = [g for g in board.groups if g.cards]
    if groups:
        sentences = [_grouped(cards, count, len(groups), len(board.lone)), *_groups(board, groups)]
    else:
        sentences = [cards + _("が出ました。まだグループにまとめていません。")]
    challenges = [one_line(g.group.challenge.title) for g in board.groups if g.group.challenge]
    if challenges:
        sentences.append(_("地域課題にしたもの：%(titles)s。") % {"titles": "、".join(challenges)})
    if stories:
        sentences.append(
            _("ストーリー：%(stories)s。") % {"stories": "、".join(map(_story, stories))}
        )
    return head + "".join(sentences)


def _story(story: Story) -> str:
    """「名前（やりたいこと → できること → 場所。官民連携の事業「…」に）」."""
    outcomes = story_outcomes(story)
    became = _("。%(what)sに") % {"what": "・".join(outcomes)} if outcomes else ""
    return f"{one_line(story.title)}（{one_line(story_path(story))}{became}）"


def _grouped(cards: str, count: int, groups: int, lone: int) -> str:
    # つ counts only to nine in Japanese: 「9つのグループ」 but 「12のグループ」.
    values = {"cards": cards, "n": groups, "tsu": "つ" if groups < 10 else ""}
    if not lone:
        return _("%(cards)sを%(n)d%(tsu)sのグループにまとめました。") % values
    return _(
        "%(cards)sのうち%(grouped)d枚を%(n)d%(tsu)sのグループにまとめました"
        "（どのグループにも入らないカード%(lone)d枚）。"
    ) % {**values, "grouped": count - lone, "lone": lone}


def _groups(board: Board, groups: list[BoardGroup]) -> list[str]:
    """The groups with their counts, then those that cross sectors (or that none does)."""
    listed = [
        _("%(name)s（%(n)d枚）") % {"name": one_line(group_name(g.group)), "n": len(g.cards)}
        for g in groups
    ]
    crossing = [
        _("%(name)s（%(sectors)d分野・%(n)d枚）")
        % {"name": one_line(group_name(g.group)), "sectors": g.sector_count, "n": len(g.cards)}
        for g in groups
        if g.crosses
    ]
    if crossing:
        common = _("分野を超えた共通項：%(groups)s。") % {"groups": "、".join(crossing)}
    else:
        common = _(
            "分野を超えた共通項（%(n)dつ以上の分野から出たグループ）はありませんでした。"
        ) % {"n": board.dialogue.cross_sector_min}
    return [_("グループ：%(groups)s。") % {"groups": "、".join(listed)}, common]


def summary_heading(dialogue: Dialogue) -> str:
    """The line that starts the dialogue's block in the minutes, found again to replace it:
    「■ 対話のまとめ（この地域で気になっていること）」. A later dialogue of the meeting with
    the same question is told apart by its number (「…・その2」); the first keeps the plain
    line, so a dialogue added later never changes the line of one already in the minutes."""
    earlier = Dialogue.objects.filter(
        meeting_id=dialogue.meeting_id, question=dialogue.question, pk__lt=dialogue.pk
    ).count()
    label = one_line(dialogue.question)
    if earlier:
        label += _("・その%(n)d") % {"n": earlier + 1}
    return f"{HEADING}（{label}）"


def with_summary(minutes: str, heading: str, paragraph: str) -> str:
    """The minutes with the dialogue's block (its heading line and the paragraph) in place of
    an earlier one, else after everything written so far. The earlier block ends at the first
    empty line or the next 「■」 heading, so what the secretary wrote around it stays."""
    block = [heading, paragraph]
    lines = minutes.replace("\r\n", "\n").split("\n")
    if heading in (line.strip() for line in lines):
        start = next(n for n, line in enumerate(lines) if line.strip() == heading)
        end = start + 1
        while end < len(lines) and lines[end].strip() and not lines[end].startswith("■"):
            end += 1
        return "\n".join([*lines[:start], *block, *lines[end:]])
    kept = minutes.replace("\r\n", "\n").rstrip()
    return "\n".join([kept, "", *block]) if kept else "\n".join(block)


@transaction.atomic
def summary_to_minutes(
    *, dialogue: Dialogue, user: Any, expected_version: int | None = None
) -> Meeting:
    """Put the dialogue's summary into its meeting's minutes (replacing this dialogue's earlier
    summary), saved like any edit of the minutes: refused when the meeting changed since
    `expected_version` (None: the version read now, so no concurrent save is overwritten)."""
    found = board(dialogue)
    if not found.card_count:
        raise ValidationError(
            {"dialogue": _("カードがまだないので、議事録に入れるまとめがありません。")}
        )
    # A fresh read: the meeting object the dialogue carries may be older than its minutes.
    meeting = Meeting.objects.get(pk=dialogue.meeting_id)
    summary = minutes_summary(found, stories_of(dialogue))
    minutes = with_summary(meeting.minutes, summary_heading(dialogue), summary)
    # The agenda stays as it is: meeting_record_save writes the agenda and the minutes as one
    # edit and claims the meeting's version (no lost edits of the minutes).
    agenda = [
        AgendaInput(
            title=item.title,
            pk=item.pk,
            presenter=item.presenter,
            duration_minutes=item.duration_minutes,
            notes=item.notes,
        )
        for item in meeting.agenda_items.all()
    ]
    try:
        return meeting_record_save(
            meeting=meeting,
            expected_version=meeting.version if expected_version is None else expected_version,
            agenda=agenda,
            minutes=minutes,
            user=user,
        )
    except EditConflictError as error:
        # A button keeps no input to show again: say so (kept=False), not "your input is kept".
        refused = EditConflictError(
            conflict_message(meeting, _("会議の次第・議事録"), kept=False), code="conflict"
        )
        refused.current = error.current
        raise refused from error
