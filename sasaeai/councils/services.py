"""Every write of the councils app: councils and members, meetings (agenda and minutes under
optimistic locking), decisions, action items, teams, reflections, and 地域課題 with escalation,
grouping and answers. Other apps create challenges only through `challenge_create`."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sasaeai.areas.constants import Layer
from sasaeai.areas.models import Area, Municipality
from sasaeai.core import versioning
from sasaeai.core.history import history_user

# Re-exported: views and tests catch councils.services.EditConflictError.
from sasaeai.core.versioning import EditConflictError as EditConflictError
from sasaeai.resources.models import Organization, Resource

from .constants import (
    ANSWER_STATUSES,
    CHALLENGE_TRANSITIONS,
    ChallengeCategory,
    ChallengeSource,
    ChallengeStatus,
    EvidenceKind,
    KptKind,
    MeetingStatus,
)
from .models import (
    ActionItem,
    ActionProgress,
    AgendaItem,
    Attendance,
    Challenge,
    ChallengeEvidence,
    ChallengeGroup,
    ChallengeStatusChange,
    Council,
    CouncilMessage,
    Decision,
    Escalation,
    Material,
    Meeting,
    Membership,
    PlanningTeam,
    ReflectionItem,
    new_token,
)


def refuse(field: str, message: str) -> None:
    raise ValidationError({field: message})


# --- councils and members ----------------------------------------------------------------------


@transaction.atomic
def council_create(
    *,
    municipality: Municipality,
    area: Area,
    name: str,
    user: Any,
    aims: str = "",
    target_state: str = "",
    established_on: datetime.date | None = None,
    office_phone: str = "",
) -> Council:
    """A council of the area's layer (one area may have more than one, e.g. a new one)."""
    if area.municipality_id != municipality.pk:
        refuse("area", _("この市町村の圏域を選んでください。"))
    if not name.strip():
        refuse("name", _("協議体の名称を入力してください。"))
    if Council.objects.filter(municipality=municipality, name=name.strip()).exists():
        refuse("name", _("同じ名称の協議体がすでにあります。"))
    with history_user(user):
        return Council.objects.create(
            municipality=municipality,
            area=area,
            name=name.strip(),
            aims=aims,
            target_state=target_state,
            established_on=established_on,
            office_phone=office_phone.strip(),
        )


@transaction.atomic
def council_update(
    *,
    council: Council,
    name: str,
    user: Any,
    aims: str = "",
    target_state: str = "",
    established_on: datetime.date | None = None,
    office_phone: str = "",
    expected_version: int | None = None,
) -> Council:
    """Change a council's name, aims and the 事務局's phone number printed on its notices;
    refused with EditConflictError when saved since the form was opened at `expected_version`."""
    if not name.strip():
        refuse("name", _("協議体の名称を入力してください。"))
    taken = Council.objects.filter(municipality_id=council.municipality_id, name=name.strip())
    if taken.exclude(pk=council.pk).exists():
        refuse("name", _("同じ名称の協議体がすでにあります。"))
    versioning.claim_version(council, expected_version, what=_("協議体の設定"))
    council.name, council.aims, council.target_state = name.strip(), aims, target_state
    council.established_on, council.office_phone = established_on, office_phone.strip()
    with history_user(user):
        council.save()
    return council


@transaction.atomic
def council_rotate_calendar_token(*, council: Council, user: Any) -> Council:
    """A new secret calendar address; the old one stops working at once."""
    council.calendar_token = new_token()
    with history_user(user):
        council.save(update_fields=["calendar_token"])
    return council


@dataclass
class MemberInput:
    """A member as entered on the council's member form."""

    name: str
    role: str
    term_start: datetime.date
    kana: str = ""
    sector: str = ""
    organization: Organization | None = None
    user: Any = None
    term_end: datetime.date | None = None
    email: str = ""
    postal_address: str = ""


@transaction.atomic
def membership_add(*, council: Council, data: MemberInput, user: Any) -> Membership:
    """A member for a term; the sector defaults to their organisation's (住民 for a resident)."""
    from sasaeai.resources.constants import Sector

    if not data.name.strip():
        refuse("name", _("氏名を入力してください。"))
    organization = data.organization
    if organization is not None and organization.municipality_id != council.municipality_id:
        refuse("organization", _("この市町村の団体から選んでください。"))
    if data.term_end is not None and data.term_end < data.term_start:
        refuse("term_end", _("任期の終わりは始まりより後の日にしてください。"))
    sector = data.sector or (organization.sector if organization else Sector.RESIDENTS)
    with history_user(user):
        return Membership.objects.create(
            council=council,
            name=data.name.strip(),
            kana=data.kana,
            user=data.user,
            organization=organization,
            sector=sector,
            role=data.role,
            term_start=data.term_start,
            term_end=data.term_end,
            email=data.email,
            postal_address=data.postal_address,
        )


@transaction.atomic
def membership_end(
    *, membership: Membership, on: datetime.date, user: Any, expected_version: int | None = None
) -> Membership:
    """End a member's term on the given day (they stay in past meetings' records); refused
    with EditConflictError when the member was changed since the button was shown at
    `expected_version`."""
    if on < membership.term_start:
        refuse("term_end", _("任期の終わりは始まりより後の日にしてください。"))
    versioning.claim_version(membership, expected_version, what=_("メンバーの記録"), kept=False)
    membership.term_end = on
    with history_user(user):
        membership.save(update_fields=["term_end"])
    return membership


# --- meetings --------------------------------------------------------------------------------


@transaction.atomic
def meeting_schedule(
    *,
    council: Council,
    kind: str,
    title: str,
    starts_at: datetime.datetime,
    user: Any,
    ends_at: datetime.datetime | None = None,
    venue: str = "",
) -> Meeting:
    """A planned (予定) meeting."""
    if not title.strip():
        refuse("title", _("会議名を入力してください。"))
    if ends_at is not None and ends_at < starts_at:
        refuse("ends_at", _("終了は開始より後の時刻にしてください。"))
    with history_user(user):
        return Meeting.objects.create(
            council=council,
            kind=kind,
            title=title.strip(),
            starts_at=starts_at,
            ends_at=ends_at,
            venue=venue,
        )


@dataclass
class AgendaInput:
    """One agenda line as the editor left it (pk None for a new line)."""

    title: str
    pk: int | None = None
    presenter: str = ""
    duration_minutes: int | None = None
    notes: str = ""


def claim_version(meeting: Meeting, expected_version: int) -> None:
    """Take the meeting's next version (the project's one conditional UPDATE), or refuse with
    EditConflictError when another save took it first. The meeting is not a VersionedModel:
    its version moves only with the agenda and minutes, not with every save (status, times)."""
    versioning.claim_version(meeting, expected_version, what=_("会議の次第・議事録"))


@transaction.atomic
def meeting_record_save(
    *,
    meeting: Meeting,
    expected_version: int,
    agenda: Sequence[AgendaInput],
    minutes: str,
    user: Any,
    private_notes: str | None = None,
) -> Meeting:
    """Save the agenda (in the given order) and the minutes as one edit, refused with
    EditConflictError when the meeting changed since `expected_version` was read."""
    for number, line in enumerate(agenda, start=1):
        if not line.title.strip():
            refuse("agenda", _("%(n)d番目の議題に題名を入力してください。") % {"n": number})
    claim_version(meeting, expected_version)
    existing = {item.pk: item for item in meeting.agenda_items.all()}
    kept = {item.pk for item in agenda if item.pk is not None}
    if kept - set(existing):
        refuse("agenda", _("この会議にない議題が含まれています。画面を開き直してください。"))
    with history_user(user):
        for old in existing.values():
            if old.pk not in kept:
                old.delete()
        for order, line in enumerate(agenda, start=1):
            row = existing.get(line.pk) if line.pk is not None else None
            row = row or AgendaItem(meeting=meeting)
            row.order, row.title, row.presenter = order, line.title.strip(), line.presenter
            row.duration_minutes, row.notes = line.duration_minutes, line.notes
            row.save()
        meeting.minutes = minutes
        if private_notes is not None:
            meeting.private_notes = private_notes
        mark_held_if_started(meeting)
        meeting.save()
    return meeting


def mark_held_if_started(meeting: Meeting) -> bool:
    """The one rule for 開催済: a planned meeting becomes held when its attendance or minutes
    are saved after its start. Saving them earlier (an agenda prepared the week before, a
    register drafted in advance) leaves it 予定, and a cancelled meeting stays 中止. Returns
    whether the status changed; the caller saves the meeting."""
    if meeting.status != MeetingStatus.PLANNED:
        return False
    if timezone.now() < meeting.starts_at:
        return False
    meeting.status = MeetingStatus.HELD
    return True


@transaction.atomic
def attendance_record(
    *, meeting: Meeting, present: Iterable[Membership], guests_count: int, user: Any
) -> Meeting:
    """Who of the members on the day came, and how many others; once the meeting has started,
    it becomes 開催済 (mark_held_if_started)."""
    on = timezone.localtime(meeting.starts_at).date()
    members = members_on(meeting.council, on)
    chosen = {m.pk for m in present}
    if chosen - {m.pk for m in members}:
        refuse("present", _("開催日に任期中のメンバーから選んでください。"))
    with history_user(user):
        for member in members:
            Attendance.objects.update_or_create(
                meeting=meeting, membership=member, defaults={"present": member.pk in chosen}
            )
        meeting.guests_count = guests_count
        mark_held_if_started(meeting)
        meeting.save(update_fields=["guests_count", "status"])
    return meeting


def members_on(council: Council, on: datetime.date) -> list[Membership]:
    """Members whose term covers the day, in 50音順."""
    return list(
        council.memberships.filter(term_start__lte=on)
        .exclude(term_end__lt=on)
        .order_by("kana", "name", "pk")
    )


@transaction.atomic
def meeting_set_status(*, meeting: Meeting, status: str, user: Any) -> Meeting:
    """Call a planned meeting off (中止) or put it back; 開催済 comes only from saving the
    attendance or minutes after the start (mark_held_if_started)."""
    allowed: dict[str, set[str]] = {
        MeetingStatus.PLANNED: {MeetingStatus.CANCELLED},
        MeetingStatus.CANCELLED: {MeetingStatus.PLANNED},
    }
    if status not in allowed.get(meeting.status, set()):
        refuse(
            "status",
            _(
                "開催済の会議の状態は変えられません。開始時刻の後に出欠か議事録を保存すると"
                "開催済になります。"
            ),
        )
    meeting.status = status
    with history_user(user):
        meeting.save(update_fields=["status"])
    return meeting


MATERIAL_SUFFIXES = (
    ".pdf",
    ".docx",
    ".xlsx",
    ".pptx",
    ".doc",
    ".xls",
    ".ppt",
    ".jpg",
    ".jpeg",
    ".png",
    ".txt",
    ".csv",
)
MATERIAL_MAX_BYTES = 20 * 1024 * 1024


@transaction.atomic
def material_add(*, meeting: Meeting, title: str, file: Any, user: Any) -> Material:
    """A handout of the meeting (PDF, Office, image or text, at most 20MB)."""
    name = str(getattr(file, "name", ""))
    if not name.lower().endswith(MATERIAL_SUFFIXES):
        refuse(
            "file",
            _("資料は PDF・Word・Excel・PowerPoint・画像・テキストのファイルにしてください。"),
        )
    if getattr(file, "size", 0) > MATERIAL_MAX_BYTES:
        refuse("file", _("資料は20MBまでにしてください。"))
    with history_user(user):
        return Material.objects.create(
            meeting=meeting, title=title.strip() or name, file=file, uploaded_by=user
        )


# --- decisions, actions, teams, reflections ----------------------------------------------------


@transaction.atomic
def decision_record(
    *,
    council: Council,
    title: str,
    method: str,
    decided_on: datetime.date,
    user: Any,
    reason: str = "",
    meeting: Meeting | None = None,
    review_on: datetime.date | None = None,
) -> Decision:
    """What was decided, why and how (合意 / 多数決 / 持ち帰り)."""
    if not title.strip():
        refuse("title", _("決定事項を入力してください。"))
    if meeting is not None and meeting.council_id != council.pk:
        refuse("meeting", _("この協議体の会議を選んでください。"))
    if review_on is not None and review_on < decided_on:
        refuse("review_on", _("見直し日は決定日より後の日にしてください。"))
    with history_user(user):
        return Decision.objects.create(
            council=council,
            meeting=meeting,
            title=title.strip(),
            reason=reason,
            method=method,
            decided_on=decided_on,
            review_on=review_on,
        )


def check_owners(council: Council, owners: Sequence[Membership]) -> None:
    if not owners:
        refuse("owners", _("担当を1人以上選んでください。"))
    if any(o.council_id != council.pk for o in owners):
        refuse("owners", _("担当はこの協議体のメンバーから選んでください。"))


@transaction.atomic
def action_create(
    *,
    council: Council,
    title: str,
    owners: Sequence[Membership],
    user: Any,
    due_on: datetime.date | None = None,
    meeting: Meeting | None = None,
    decision: Decision | None = None,
    team: PlanningTeam | None = None,
) -> ActionItem:
    """An action item (実践) with its owners."""
    if not title.strip():
        refuse("title", _("やることを入力してください。"))
    check_owners(council, owners)
    if team is not None and team.council_id != council.pk:
        refuse("team", _("この協議体のチームを選んでください。"))
    with history_user(user):
        action = ActionItem.objects.create(
            council=council,
            title=title.strip(),
            due_on=due_on,
            meeting=meeting,
            decision=decision,
            team=team,
        )
        action.owners.set(owners)
    return action


@transaction.atomic
def action_progress_add(
    *, action: ActionItem, note: str, user: Any, status: str | None = None
) -> ActionItem:
    """A progress note, optionally with a new status (進行中, 完了 ...)."""
    if not note.strip() and status is None:
        refuse("note", _("経過を入力してください。"))
    with history_user(user):
        if note.strip():
            ActionProgress.objects.create(action=action, note=note.strip(), written_by=user)
        if status is not None and status != action.status:
            action.status = status
            action.save(update_fields=["status"])
    return action


@transaction.atomic
def team_form(
    *,
    council: Council,
    name: str,
    purpose: str,
    members: Sequence[Membership],
    user: Any,
    formed_at: Meeting | None = None,
) -> PlanningTeam:
    """A 企画検討チーム of the council's members."""
    if not name.strip():
        refuse("name", _("チーム名を入力してください。"))
    if not purpose.strip():
        refuse("purpose", _("チームの目的を入力してください。"))
    check_owners(council, members)
    with history_user(user):
        team = PlanningTeam.objects.create(
            council=council, formed_at=formed_at, name=name.strip(), purpose=purpose.strip()
        )
        team.members.set(members)
    return team


@transaction.atomic
def reflection_add(*, meeting: Meeting, kind: str, text: str, user: Any) -> ReflectionItem:
    if not text.strip():
        refuse("text", _("振り返りの内容を入力してください。"))
    with history_user(user):
        return ReflectionItem.objects.create(meeting=meeting, kind=kind, text=text.strip())


@transaction.atomic
def try_to_action(
    *,
    item: ReflectionItem,
    owners: Sequence[Membership],
    user: Any,
    due_on: datetime.date | None = None,
) -> ActionItem:
    """Make a Try an action item in one step (its text becomes the action's title)."""
    if item.kind != KptKind.TRY:
        refuse("item", _("実践にできるのは「次にやること（Try）」だけです。"))
    if item.action_id is not None:
        refuse("item", _("この「次にやること」はすでに実践になっています。"))
    meeting = item.meeting
    action = action_create(
        council=meeting.council,
        title=item.text,
        owners=owners,
        due_on=due_on,
        meeting=meeting,
        user=user,
    )
    item.action = action
    with history_user(user):
        item.save(update_fields=["action"])
    return action


# --- 地域課題 ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceInput:
    """One piece of evidence: an indicator's figure, a resource, a meeting or a note."""

    kind: str
    label: str
    value: str = ""
    resource: Resource | None = None
    meeting: Meeting | None = None


@transaction.atomic
def challenge_create(
    *,
    municipality: Municipality,
    title: str,
    source: str,
    user: Any,
    council: Council | None = None,
    area: Area | None = None,
    description: str = "",
    categories: Sequence[str] = (),
    source_meeting: Meeting | None = None,
    evidence: Sequence[EvidenceInput] = (),
) -> Challenge:
    """A 地域課題 (status 提起) with its evidence; its layer is the council's, else the area's,
    else layer 1 (the whole municipality)."""
    if not title.strip():
        refuse("title", _("課題を入力してください。"))
    if source not in ChallengeSource.values:
        refuse("source", _("きっかけを選んでください。"))
    unknown = [c for c in categories if c not in ChallengeCategory.values]
    if unknown:
        refuse("categories", _("分野「%(value)s」は選べません。") % {"value": unknown[0]})
    if council is not None and council.municipality_id != municipality.pk:
        refuse("council", _("この市町村の協議体を選んでください。"))
    area = area or (council.area if council else None)
    if area is not None and area.municipality_id != municipality.pk:
        refuse("area", _("この市町村の圏域を選んでください。"))
    layer = area.layer if area is not None else Layer.FIRST
    with history_user(user):
        challenge = Challenge.objects.create(
            municipality=municipality,
            council=council,
            area=area,
            layer=layer,
            title=title.strip(),
            description=description,
            categories=list(categories),
            source=source,
            source_meeting=source_meeting,
            created_by=user,
        )
        ChallengeStatusChange.objects.create(
            challenge=challenge, status=ChallengeStatus.RAISED, changed_by=user
        )
        for item in evidence:
            if item.kind not in EvidenceKind.values or not item.label.strip():
                refuse("evidence", _("根拠の種類と内容を入力してください。"))
            ChallengeEvidence.objects.create(
                challenge=challenge,
                kind=item.kind,
                label=item.label.strip(),
                value=item.value,
                resource=item.resource,
                meeting=item.meeting,
            )
    return challenge


@transaction.atomic
def challenge_set_status(
    *, challenge: Challenge, status: str, user: Any, note: str = ""
) -> Challenge:
    """One step along 提起 → 検討中 → 対応中 → 解決 / 継続 (recorded with who and why)."""
    if status not in CHALLENGE_TRANSITIONS.get(challenge.status, frozenset()):
        refuse(
            "status",
            _("「%(now)s」の課題を「%(next)s」にはできません。")
            % {
                "now": ChallengeStatus(challenge.status).label,
                "next": ChallengeStatus(status).label
                if status in ChallengeStatus.values
                else status,
            },
        )
    challenge.status = status
    with history_user(user):
        challenge.save(update_fields=["status"])
        ChallengeStatusChange.objects.create(
            challenge=challenge, status=status, note=note, changed_by=user
        )
    return challenge


def layer1_council_for(council: Council) -> Council | None:
    """The council of the layer-1 area above a layer-2 council's area (the oldest, if several)."""
    parent_id = council.area.parent_id
    if parent_id is None:
        return None
    return (
        Council.objects.filter(municipality_id=council.municipality_id, area_id=parent_id)
        .order_by("pk")
        .first()
    )


@transaction.atomic
def challenge_escalate(*, challenge: Challenge, reason: str, user: Any) -> Escalation:
    """Forward a layer-2 council's challenge to its layer-1 council, with the reason."""
    council = challenge.council
    if council is None or council.layer != Layer.SECOND:
        refuse("challenge", _("第1層に送れるのは第2層協議体の課題だけです。"))
    assert council is not None
    if not reason.strip():
        refuse("reason", _("第1層で扱ってほしい理由を入力してください。"))
    if Escalation.objects.filter(challenge=challenge).exists():
        refuse("challenge", _("この課題はすでに第1層に送っています。"))
    if challenge.status == ChallengeStatus.SOLVED:
        refuse("challenge", _("解決した課題は送れません。"))
    target = layer1_council_for(council)
    if target is None:
        refuse("challenge", _("この圏域の上の第1層協議体が登録されていません。"))
    assert target is not None
    with history_user(user):
        return Escalation.objects.create(
            challenge=challenge,
            from_council=council,
            to_council=target,
            reason=reason.strip(),
            escalated_by=user,
        )


@transaction.atomic
def group_create(
    *, council: Council, title: str, escalations: Sequence[Escalation], user: Any
) -> ChallengeGroup:
    """Group similar escalated challenges (from any areas) in the layer-1 council's inbox;
    each challenge is then 検討中 at layer 1."""
    if not title.strip():
        refuse("title", _("まとめた課題の名前を入力してください。"))
    if not escalations:
        refuse("escalations", _("まとめる課題を選んでください。"))
    with history_user(user):
        group = ChallengeGroup.objects.create(council=council, title=title.strip())
    for escalation in escalations:
        group_add(group=group, escalation=escalation, user=user)
    return group


@transaction.atomic
def group_add(*, group: ChallengeGroup, escalation: Escalation, user: Any) -> Escalation:
    if escalation.to_council_id != group.council_id:
        refuse("escalations", _("この協議体に送られた課題だけをまとめられます。"))
    if escalation.answer_id is not None:
        refuse("escalations", _("回答済みの課題はまとめられません。"))
    if escalation.group_id not in (None, group.pk):
        refuse("escalations", _("「%(title)s」はすでに別のまとまりに入っています。") % {
            "title": escalation.challenge.title,
        })  # fmt: skip
    escalation.group = group
    with history_user(user):
        escalation.save(update_fields=["group"])
    challenge = escalation.challenge
    if challenge.status in (ChallengeStatus.RAISED, ChallengeStatus.CONTINUING):
        challenge_set_status(
            challenge=challenge,
            status=ChallengeStatus.CONSIDERING,
            note=_("%(council)sで検討します。") % {"council": group.council.name},
            user=user,
        )
    return escalation


@transaction.atomic
def group_put_on_agenda(
    *, group: ChallengeGroup, meeting: Meeting, expected_version: int, user: Any
) -> AgendaItem:
    """Add the grouped challenges to a layer-1 meeting's agenda, as its last item."""
    if meeting.council_id != group.council_id:
        refuse("meeting", _("この協議体の会議を選んでください。"))
    if meeting.status != MeetingStatus.PLANNED:
        refuse("meeting", _("予定の会議を選んでください。"))
    claim_version(meeting, expected_version)
    areas = sorted(
        {e.from_council.area.name for e in group.escalations.select_related("from_council__area")}
    )
    last = meeting.agenda_items.aggregate(last=Max("order"))["last"] or 0
    with history_user(user):
        item = AgendaItem.objects.create(
            meeting=meeting,
            order=last + 1,
            title=_("地域課題：%(title)s（%(areas)s）")
            % {"title": group.title, "areas": "・".join(areas)},
        )
        group.agenda_item = item
        group.save(update_fields=["agenda_item"])
        meeting.save()
    return item


@transaction.atomic
def group_answer(
    *, group: ChallengeGroup, decision: Decision, status: str, user: Any
) -> ChallengeGroup:
    """The layer-1 decision answers every challenge of the group; each originating layer-2
    council sees the answer and the new status."""
    if decision.council_id != group.council_id:
        refuse("decision", _("この協議体の決定事項を選んでください。"))
    if status not in ANSWER_STATUSES:
        refuse("status", _("回答後の状態は「対応中」「解決」「継続」から選んでください。"))
    if group.answer_id is not None:
        refuse("decision", _("このまとまりにはすでに回答しています。"))
    now = timezone.now()
    group.answer = decision
    with history_user(user):
        group.save(update_fields=["answer"])
    note = _("%(council)sの回答：%(title)s") % {
        "council": group.council.name,
        "title": decision.title,
    }
    for escalation in group.escalations.select_related("challenge"):
        escalation.answer, escalation.answered_at = decision, now
        with history_user(user):
            escalation.save(update_fields=["answer", "answered_at"])
        # A challenge its own council already solved keeps its status.
        if escalation.challenge.status != ChallengeStatus.SOLVED:
            challenge_advance(challenge=escalation.challenge, status=status, note=note, user=user)
    return group


def status_path(start: str, goal: str) -> list[str]:
    """The shortest run of allowed steps from one status to another (empty when equal)."""
    paths: dict[str, list[str]] = {start: []}
    queue = [start]
    while queue:
        current = queue.pop(0)
        if current == goal:
            return paths[current]
        for following in sorted(CHALLENGE_TRANSITIONS[current]):
            if following not in paths:
                paths[following] = [*paths[current], following]
                queue.append(following)
    refuse(
        "status",
        _("この課題を「%(status)s」にはできません。") % {"status": ChallengeStatus(goal).label},
    )
    return []


def challenge_advance(*, challenge: Challenge, status: str, note: str, user: Any) -> Challenge:
    """Take every allowed step to `status` (提起 → 検討中 → 対応中 → 解決), the note on the last."""
    steps = status_path(challenge.status, status)
    for index, step in enumerate(steps, start=1):
        challenge_set_status(
            challenge=challenge, status=step, note=note if index == len(steps) else "", user=user
        )
    return challenge


@transaction.atomic
def message_send(
    *,
    council: Council,
    kind: str,
    title: str,
    body: str,
    user: Any,
    decision: Decision | None = None,
) -> CouncilMessage:
    """Good practice, a decision or a notice from a layer-1 council to its layer-2 councils."""
    if council.layer != Layer.FIRST:
        refuse("council", _("お知らせを送れるのは第1層協議体です。"))
    if not title.strip() or not body.strip():
        refuse("title", _("件名と本文を入力してください。"))
    with history_user(user):
        return CouncilMessage.objects.create(
            council=council,
            kind=kind,
            title=title.strip(),
            body=body.strip(),
            decision=decision,
            sent_by=user,
        )
