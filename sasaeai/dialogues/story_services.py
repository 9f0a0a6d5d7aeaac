"""Every change to a dialogue's stories (ストーリー探し, issue #25 point 5): making, editing and
removing one, and turning one into a 地域課題, an action of the meeting's council, a つなぎ or a
官民連携 project at stage アイデア — one step each, once each, the story keeping the link.

House style (services.py): keyword-only, atomic, every check before the first write, a
refusal is a Japanese ValidationError naming the field, history says who."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sasaeai.accounts.constants import Perm
from sasaeai.accounts.permissions import has_perm
from sasaeai.activities import services as activities
from sasaeai.activities.constants import ConnectionPurpose
from sasaeai.activities.models import Connection
from sasaeai.core.history import history_user
from sasaeai.councils import services as councils
from sasaeai.councils.constants import EvidenceKind
from sasaeai.councils.models import ActionItem, Challenge, Membership
from sasaeai.projects import services as projects
from sasaeai.projects.constants import Origin
from sasaeai.projects.models import Project
from sasaeai.resources.models import Organization, Resource

from .constants import CardType, DialogueStatus
from .models import Card, Dialogue, Story
from .services import card_evidence, challenge_source, clean_text, refuse
from .stories import council_area

TITLE_MAX = 100
NOTE_MAX = 1000
WISH_TYPES = (CardType.WISH, CardType.TROUBLE)
# The lengths of the fields the steps fill in other apps' records.
ORIGIN_NOTE_MAX = 200  # projects.Project.origin_note
CONNECTION_NOTE_MAX = 300  # activities.Connection.note


def _checked(
    dialogue: Dialogue,
    *,
    title: str,
    wish: Card | None,
    ability: Card | None,
    resource: Resource | None,
    note: str,
    story: Story | None = None,
) -> dict[str, Any]:
    """The story's fields, cleaned, or a refusal naming the field."""
    if dialogue.status == DialogueStatus.DONE:
        refuse("status", _("完了した対話のストーリーは変更できません。"))
    title = clean_text(title)
    if not title:
        refuse("title", _("ストーリーの名前を入力してください。"))
    if len(title) > TITLE_MAX:
        refuse(
            "title",
            _("ストーリーの名前は%(most)d文字までにしてください（%(count)d文字あります）。")
            % {"most": TITLE_MAX, "count": len(title)},
        )
    for field, card, kinds, message in (
        ("wish", wish, WISH_TYPES, _("「やりたいこと」か「困りごと」のカードを選んでください。")),
        ("ability", ability, (CardType.ABILITY,), _("「できること」のカードを選んでください。")),
    ):
        if card is None:
            continue
        if card.dialogue_id != dialogue.pk:
            refuse(field, _("この対話のカードを選んでください。"))
        if card.hidden:
            refuse(field, _("非表示のカードはストーリーに使えません。"))
        if card.card_type not in kinds:
            refuse(field, message)
    if wish is None and ability is None:
        refuse(
            "wish", _("「やりたいこと・困りごと」か「できること」のカードを1枚以上選んでください。")
        )
    if resource is not None and resource.municipality_id != dialogue.municipality_id:
        refuse("resource", _("この市町村の地域資源を選んでください。"))
    note = clean_text(note)
    if len(note) > NOTE_MAX:
        refuse(
            "note",
            _("つながり方は%(most)d文字までにしてください（%(count)d文字あります）。")
            % {"most": NOTE_MAX, "count": len(note)},
        )
    same = Story.objects.filter(dialogue=dialogue, wish=wish, ability=ability, resource=resource)
    if story is not None:
        same = same.exclude(pk=story.pk)
    twin = same.first()
    if twin is not None:
        refuse(
            "wish",
            _("同じカードと地域資源のストーリー「%(title)s」が既にあります。") % {"title": twin},
        )
    return {"title": title, "wish": wish, "ability": ability, "resource": resource, "note": note}


@transaction.atomic
def story_create(
    *,
    dialogue: Dialogue,
    user: Any,
    title: str,
    wish: Card | None = None,
    ability: Card | None = None,
    resource: Resource | None = None,
    note: str = "",
) -> Story:
    """A story of the dialogue: a やりたい／困りごと card, a できること card (one of them at
    least) and optionally a place or resource of the municipality's registry."""
    fields = _checked(
        dialogue, title=title, wish=wish, ability=ability, resource=resource, note=note
    )
    with history_user(user):
        return Story.objects.create(dialogue=dialogue, created_by=user, **fields)


@transaction.atomic
def story_update(
    *,
    story: Story,
    user: Any,
    title: str,
    wish: Card | None = None,
    ability: Card | None = None,
    resource: Resource | None = None,
    note: str = "",
) -> Story:
    """The facilitator edits a story (what it already became keeps its link)."""
    fields = _checked(
        story.dialogue, title=title, wish=wish, ability=ability, resource=resource, note=note,
        story=story,
    )  # fmt: skip
    for name, value in fields.items():
        setattr(story, name, value)
    with history_user(user):
        story.save(update_fields=list(fields))
    return story


@transaction.atomic
def story_delete(*, story: Story, user: Any) -> None:
    """Remove a story (what it became stays: a 地域課題, an action, a つなぎ, a project)."""
    if story.dialogue.status == DialogueStatus.DONE:
        refuse("status", _("完了した対話のストーリーは変更できません。"))
    with history_user(user):
        story.delete()


# --- what a story becomes ------------------------------------------------------------------------


def _lock(story: Story) -> Story:
    """The story's row, locked until the step ends, with what it became read again: two clicks
    of one button make one record."""
    fresh = Story.objects.select_for_update().get(pk=story.pk)
    for name in ("challenge_id", "action_id", "connection_id", "project_id"):
        setattr(story, name, getattr(fresh, name))
    return story


def _keep(story: Story, user: Any, **links: Any) -> None:
    for name, value in links.items():
        setattr(story, name, value)
    with history_user(user):
        story.save(update_fields=list(links))


def _cards(story: Story) -> list[Card]:
    return [c for c in (story.wish, story.ability) if c is not None]


def _from_words(story: Story) -> str:
    """「対話「<問い>」のストーリー「<名前>」から」: where the record came from."""
    return _("対話「%(question)s」のストーリー「%(title)s」から") % {
        "question": story.dialogue.question,
        "title": story.title,
    }


def _cut(text: str, most: int) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def _outline(story: Story) -> str:
    """The story in lines: its cards, its resource and how they connect."""
    lines = [
        f"{card.get_card_type_display()}：{card.text}" for card in _cards(story) if card.card_type
    ]
    if story.resource is not None:
        lines.append(_("場所・地域資源：%(name)s") % {"name": story.resource.name})
    if story.note:
        lines.append(_("つながり方：%(note)s") % {"note": story.note})
    return "\n".join(lines)


@transaction.atomic
def story_to_challenge(*, story: Story, user: Any) -> Challenge:
    """The story becomes a 地域課題 of the meeting's council, its cards and its resource the
    evidence (once)."""
    _lock(story)
    if story.challenge_id is not None:
        refuse("story", _("このストーリーは既に地域課題になっています。"))
    dialogue = story.dialogue
    meeting = dialogue.meeting
    source = challenge_source(meeting)
    evidence = [card_evidence(card) for card in _cards(story)]
    if story.resource is not None:
        evidence.append(
            councils.EvidenceInput(
                kind=EvidenceKind.RESOURCE, label=story.resource.name, resource=story.resource
            )
        )
    description = _("%(meeting)sの%(origin)s。") % {
        "meeting": meeting.title,
        "origin": _from_words(story),
    }
    if story.note:
        description += "\n" + story.note
    challenge = councils.challenge_create(
        municipality=dialogue.municipality, title=story.title, source=source, user=user,
        council=meeting.council, source_meeting=meeting, description=description,
        evidence=evidence,
    )  # fmt: skip
    _keep(story, user, challenge=challenge)
    return challenge


@transaction.atomic
def story_to_action(
    *,
    story: Story,
    user: Any,
    owners: Sequence[Membership],
    due_on: datetime.date | None = None,
) -> ActionItem:
    """The story becomes an action (やること) of the meeting's council with its owners,
    answering the story's 地域課題 when it has become one (once)."""
    _lock(story)
    if story.action_id is not None:
        refuse("story", _("このストーリーは既に協議体のやることになっています。"))
    meeting = story.dialogue.meeting
    action = councils.action_create(
        council=meeting.council, title=story.title, owners=owners, user=user, due_on=due_on,
        meeting=meeting, challenge=story.challenge,
    )  # fmt: skip
    _keep(story, user, action=action)
    return action


@transaction.atomic
def story_to_connection(
    *,
    story: Story,
    user: Any,
    organization: Organization | None,
    purpose: str,
    made_on: datetime.date | None = None,
) -> Connection:
    """The story becomes a つなぎ (提案) from an organisation to the story's resource (once).
    A coordinator's record: refused to anyone without the coordinators' permission."""
    dialogue = story.dialogue
    if not has_perm(user, Perm.COORDINATE, dialogue.municipality):
        raise PermissionDenied(_("つなぎを記録する権限がありません。"))
    _lock(story)
    if story.connection_id is not None:
        refuse("story", _("このストーリーは既につなぎになっています。"))
    if story.resource is None:
        refuse(
            "resource",
            _("つなぎにするには、先にストーリーの場所・地域資源を選んでください。"),
        )
    if organization is None:
        refuse("organization", _("つなぐ団体を選んでください。"))
    if organization.municipality_id != dialogue.municipality_id:
        refuse("organization", _("この市町村の団体を選んでください。"))
    if purpose not in ConnectionPurpose.values:
        refuse("purpose", _("つなぎの目的を選んでください。"))
    connection = activities.connection_create(
        municipality=dialogue.municipality,
        user=user,
        item=activities.ConnectionInput(
            source=activities.Actor(organization=organization),
            target=activities.Actor(resource=story.resource),
            purpose=purpose,
            note=_cut(_from_words(story), CONNECTION_NOTE_MAX),
            made_on=made_on or timezone.localdate(),
        ),
    )
    _keep(story, user, connection=connection)
    return connection


@transaction.atomic
def story_to_project(
    *, story: Story, user: Any, started_on: datetime.date | None = None
) -> Project:
    """The story becomes a 官民連携 project at stage アイデア, which shows where it came from:
    the dialogue's meeting and 「対話「…」のストーリー「…」から」 (once). Projects are written by
    those who may edit in the council's 圏域 (the whole municipality for a layer-1 council)."""
    dialogue = story.dialogue
    meeting = dialogue.meeting
    area = council_area(meeting.council)
    if not has_perm(user, Perm.EDIT_AREA, dialogue.municipality, area):
        raise PermissionDenied(_("この圏域の事業を登録する権限がありません。"))
    _lock(story)
    if story.project_id is not None:
        refuse("story", _("このストーリーは既に官民連携の事業になっています。"))
    project = projects.project_create(
        municipality=dialogue.municipality,
        started_on=started_on or timezone.localdate(),
        user=user,
        data=projects.ProjectInput(
            title=story.title,
            # 会議: the one origin that keeps the meeting (projects.services.checked), which
            # the project's page links; the note says it was this dialogue's story.
            origin=Origin.MEETING,
            summary=_outline(story),
            area=area,
            origin_meeting=meeting,
            origin_note=_cut(_from_words(story), ORIGIN_NOTE_MAX),
        ),
    )
    _keep(story, user, project=project)
    return project
