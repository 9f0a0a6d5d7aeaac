"""Every write of the councils app: councils and members, meetings (agenda and minutes under
optimistic locking), decisions, action items, teams, reflections, and 地域課題 with escalation,
grouping and answers. Other apps create challenges only through `challenge_create`."""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sasaeai.areas.constants import Layer
from sasaeai.areas.models import Area, Municipality
from sasaeai.core import versioning
from sasaeai.core.history import history_user

# Re-exported: views and tests catch councils.services.EditConflictError.
from sasaeai.core.versioning import EditConflictError as EditConflictError
from sasaeai.resources.constants import Sector
from sasaeai.resources.models import Organization, Resource
from sasaeai.utils.wareki import to_wareki

from . import notices
from .constants import (
    ANSWER_STATUSES,
    CHALLENGE_TRANSITIONS,
    OPEN_MEETING_KINDS,
    ChallengeCategory,
    ChallengeSource,
    ChallengeStatus,
    EvidenceKind,
    KptKind,
    MeetingStatus,
    Priority,
    Standing,
    TargetIndicator,
)
from .models import (
    ActionItem,
    ActionProgress,
    Advice,
    AgendaItem,
    AreaTarget,
    Attendance,
    Challenge,
    ChallengeEvidence,
    ChallengeGroup,
    ChallengeStatusChange,
    Council,
    CouncilAims,
    CouncilMessage,
    Decision,
    Escalation,
    EscalationHandover,
    Material,
    Meeting,
    MeetingGuest,
    Membership,
    MessageReceipt,
    PlanningTeam,
    ReflectionItem,
    new_token,
)
from .permissions import can_write, may_advise


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
    parent: Council | None = None,
) -> Council:
    """A council of the area's layer (one area may have more than one, e.g. a new one), or
    a layer-1 council's 専門部会 (`parent`)."""
    if area.municipality_id != municipality.pk:
        refuse("area", _("この市町村の圏域を選んでください。"))
    if not name.strip():
        refuse("name", _("協議体の名称を入力してください。"))
    if Council.objects.filter(municipality=municipality, name=name.strip()).exists():
        refuse("name", _("同じ名称の協議体がすでにあります。"))
    check_parent(municipality_id=municipality.pk, area=area, parent=parent)
    with history_user(user):
        council = Council.objects.create(
            municipality=municipality,
            area=area,
            parent=parent,
            name=name.strip(),
            aims=aims,
            target_state=target_state,
            established_on=established_on,
            office_phone=office_phone.strip(),
        )
    if aims or target_state:
        keep_aims_version(council, user=user)
    return council


@transaction.atomic
def council_update(
    *,
    council: Council,
    name: str,
    user: Any,
    established_on: datetime.date | None = None,
    office_phone: str = "",
    expected_version: int | None = None,
    parent: Council | None = None,
) -> Council:
    """Change a council's name, parent (専門部会) and the 事務局's phone number printed on its
    notices (its aims change only through council_revise_aims, which keeps every version);
    refused with EditConflictError when saved since the form was opened at `expected_version`."""
    if not name.strip():
        refuse("name", _("協議体の名称を入力してください。"))
    taken = Council.objects.filter(municipality_id=council.municipality_id, name=name.strip())
    if taken.exclude(pk=council.pk).exists():
        refuse("name", _("同じ名称の協議体がすでにあります。"))
    check_parent(
        municipality_id=council.municipality_id, area=council.area, parent=parent, council=council
    )
    versioning.claim_version(council, expected_version, what=_("協議体の設定"))
    council.parent, council.name = parent, name.strip()
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
    joint_councils: Sequence[Council] = (),
) -> Meeting:
    """A planned (予定) meeting of the council, held jointly with `joint_councils` (a 交流会
    of several 第2層協議体, a タウンミーティング ...): their members may be marked present and
    the meeting is on their lists and calendars too."""
    if not title.strip():
        refuse("title", _("会議名を入力してください。"))
    if ends_at is not None and ends_at < starts_at:
        refuse("ends_at", _("終了は開始より後の時刻にしてください。"))
    check_joint_councils(council, joint_councils, kind)
    with history_user(user):
        meeting = Meeting.objects.create(
            council=council,
            kind=kind,
            title=title.strip(),
            starts_at=starts_at,
            ends_at=ends_at,
            venue=venue,
        )
        meeting.joint_councils.set(joint_councils)
    return meeting


def check_joint_councils(council: Council, joint: Sequence[Council], kind: str) -> None:
    if joint and kind not in OPEN_MEETING_KINDS:
        refuse(
            "joint_councils",
            _("合同で開けるのは、交流会・タウンミーティング・ワークショップ・"
              "コーディネーター連絡会議・研修です。"),
        )  # fmt: skip
    if any(c.municipality_id != council.municipality_id for c in joint):
        refuse("joint_councils", _("合同で開く協議体はこの市町村の協議体から選んでください。"))
    if any(c.pk == council.pk for c in joint):
        refuse("joint_councils", _("合同で開く協議体に、主催の協議体は選べません。"))


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
    *,
    meeting: Meeting,
    present: Iterable[Membership],
    user: Any,
    guests_count: int | None = None,
    councils: Sequence[Council] | None = None,
) -> Meeting:
    """Who of the members on the day came, and how many others (None: unchanged); once the
    meeting has started, it becomes 開催済 (mark_held_if_started). `councils`: whose members'
    rows this records (a joint council's writer records only their own council's); every
    council of the meeting by default."""
    on = timezone.localtime(meeting.starts_at).date()
    chosen_councils = meeting.all_councils() if councils is None else councils
    members = [m for council in chosen_councils for m in members_on(council, on)]
    chosen = {m.pk for m in present}
    if chosen - {m.pk for m in members}:
        refuse("present", _("開催日に任期中のメンバーから選んでください。"))
    with history_user(user):
        for member in members:
            Attendance.objects.update_or_create(
                meeting=meeting, membership=member, defaults={"present": member.pk in chosen}
            )
        if guests_count is not None:
            meeting.guests_count = guests_count
        mark_held_if_started(meeting)
        meeting.save(update_fields=["guests_count", "status"])
    return meeting


def members_on(council: Council, on: datetime.date) -> list[Membership]:
    """Members whose term covers the day, in 50音順."""
    return list(
        council.memberships.filter(term_start__lte=on)
        .exclude(term_end__lt=on)
        .select_related("council", "organization")
        .order_by("kana", "name", "pk")
    )


def meeting_members(meeting: Meeting, on: datetime.date | None = None) -> list[Membership]:
    """The members of every council of the meeting whose term covers its day: the host's
    first, then each joint council's, each in 50音順."""
    on = on or timezone.localtime(meeting.starts_at).date()
    return [m for council in meeting.all_councils() for m in members_on(council, on)]


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


@transaction.atomic
def guest_add(
    *,
    meeting: Meeting,
    sector: str,
    user: Any,
    standing: str = Standing.GUEST,
    organization: Organization | None = None,
    organization_name: str = "",
    name: str = "",
) -> MeetingGuest:
    """Someone at the meeting who is not a member of its councils, recorded by sector and
    organisation (from the registry, or as typed); the name is optional. Recording the
    participants after the start makes the meeting 開催済, as attendance does."""
    if standing not in Standing.values:
        refuse("standing", _("立場を選んでください。"))
    if sector not in Sector.values:
        refuse("sector", _("分野を選んでください。"))
    if organization is not None and organization.municipality_id != meeting.council.municipality_id:
        refuse("organization", _("この市町村の団体から選んでください。"))
    with history_user(user):
        guest = MeetingGuest.objects.create(
            meeting=meeting,
            standing=standing,
            sector=sector,
            organization=organization,
            # A registered organisation is named by the registry, never twice.
            organization_name="" if organization is not None else organization_name.strip(),
            name=name.strip(),
        )
        if mark_held_if_started(meeting):
            meeting.save(update_fields=["status"])
    return guest


@transaction.atomic
def guest_remove(*, guest: MeetingGuest, user: Any) -> None:
    with history_user(user):
        guest.delete()


@transaction.atomic
def meeting_set_no_outcomes(*, meeting: Meeting, no_outcomes: bool, user: Any) -> Meeting:
    """「記録なし」: the meeting decided nothing and set no action or reflection, said on
    purpose, so that its record can be complete (selectors.record_state)."""
    if no_outcomes and timezone.now() < meeting.starts_at:
        refuse("no_outcomes", _("「記録なし」は会議の開始時刻の後に選べます。"))
    meeting.no_outcomes = no_outcomes
    with history_user(user):
        meeting.save(update_fields=["no_outcomes"])
    return meeting


# --- ねらい and 目指す地域の姿 -------------------------------------------------------------------


def keep_aims_version(
    council: Council, *, user: Any, meeting: Meeting | None = None, note: str = ""
) -> CouncilAims:
    """Keep the council's ねらい and 目指す地域の姿 as they stand now, as one version."""
    return CouncilAims.objects.create(
        council=council,
        aims=council.aims,
        target_state=council.target_state,
        meeting=meeting,
        note=note.strip(),
        changed_by=user,
    )


@transaction.atomic
def council_revise_aims(
    *,
    council: Council,
    aims: str,
    target_state: str,
    user: Any,
    expected_version: int | None = None,
    meeting: Meeting | None = None,
    note: str = "",
) -> Council:
    """Revisit the council's ねらい and 目指す地域の姿 (at `meeting`, usually): the council
    holds the new text, and the new version is kept beside every earlier one. Refused with
    EditConflictError when the council was saved since the form was opened."""
    if meeting is not None and council.pk not in {c.pk for c in meeting.all_councils()}:
        refuse("meeting", _("この協議体の会議を選んでください。"))
    unchanged = (council.aims, council.target_state) == (aims.strip(), target_state.strip())
    # Revisited and kept as they were is worth keeping too, when a meeting or a note says so.
    if unchanged and meeting is None and not note.strip():
        refuse(
            "aims",
            _("ねらいも目指す地域の姿も変わっていません。見直した会議か理由を書くと、"
              "変えずに見直したことを残せます。"),
        )  # fmt: skip
    versioning.claim_version(council, expected_version, what=_("ねらいと目指す地域の姿"))
    council.aims, council.target_state = aims.strip(), target_state.strip()
    with history_user(user):
        council.save(update_fields=["aims", "target_state"])
    keep_aims_version(council, user=user, meeting=meeting, note=note)
    return council


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
    challenge: Challenge | None = None,
) -> ActionItem:
    """An action item (実践) with its owners; it may carry out a decision and answer a
    地域課題 (the register then lists it under that issue)."""
    if not title.strip():
        refuse("title", _("やることを入力してください。"))
    check_owners(council, owners)
    if team is not None and team.council_id != council.pk:
        refuse("team", _("この協議体のチームを選んでください。"))
    if decision is not None and decision.council_id != council.pk:
        refuse("decision", _("この協議体の決定事項を選んでください。"))
    if challenge is not None and challenge.municipality_id != council.municipality_id:
        refuse("challenge", _("この市町村の地域課題を選んでください。"))
    with history_user(user):
        action = ActionItem.objects.create(
            council=council,
            title=title.strip(),
            due_on=due_on,
            meeting=meeting,
            decision=decision,
            team=team,
            challenge=challenge,
        )
        action.owners.set(owners)
    notices.action_notices(action=action, owners=owners, user=user)
    return action


@transaction.atomic
def action_progress_add(
    *,
    action: ActionItem,
    note: str,
    user: Any,
    status: str | None = None,
    resource: Resource | None = None,
) -> ActionItem:
    """A progress note, optionally with a new status (進行中, 完了 ...) and the 地域資源 the
    work gave birth to (a new サロン ...), which the challenge's page then names."""
    if not note.strip() and status is None and resource is None:
        refuse("note", _("経過を入力してください。"))
    if resource is not None and resource.municipality_id != action.council.municipality_id:
        refuse("resource", _("生まれた地域資源は、この市町村の地域資源から選んでください。"))
    with history_user(user):
        if note.strip():
            ActionProgress.objects.create(action=action, note=note.strip(), written_by=user)
        changed = []
        if status is not None and status != action.status:
            action.status = status
            changed.append("status")
        if resource is not None and resource.pk != action.resource_id:
            action.resource = resource
            changed.append("resource")
        if changed:
            action.save(update_fields=changed)
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
    """The main council of the layer-1 area above a layer-2 council's area: never a 専門部会,
    even an older one (the oldest main council, if several)."""
    parent_id = council.area.parent_id
    if parent_id is None:
        return None
    return (
        Council.objects.filter(
            municipality_id=council.municipality_id, area_id=parent_id, parent__isnull=True
        )
        .order_by("pk")
        .first()
    )


@transaction.atomic
def challenge_escalate(
    *, challenge: Challenge, reason: str, user: Any, to_council: Council | None = None
) -> Escalation:
    """Forward a layer-2 council's challenge to a layer-1 body above its area, with the
    reason: `to_council` (the main council or one of its 専門部会), by default the main one."""
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
    if to_council is not None:
        if to_council not in layer1_bodies(target):
            refuse(
                "to_council",
                _("送り先は、この圏域の上の第1層協議体かその専門部会から選んでください。"),
            )
        target = to_council
    with history_user(user):
        escalation = Escalation.objects.create(
            challenge=challenge,
            from_council=council,
            to_council=target,
            reason=reason.strip(),
            escalated_by=user,
        )
    notices.escalation_notice(escalation=escalation, user=user)
    return escalation


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
    notices.answer_notices(group=group, user=user)
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


def councils_below(council: Council) -> QuerySet[Council]:
    """The layer-2 councils under a layer-1 council (those of the 日常生活圏域 whose parent is
    its area), in the order of the areas; none for a layer-2 council."""
    return Council.objects.filter(
        municipality_id=council.municipality_id,
        area__parent_id=council.area_id,
        area__layer=Layer.SECOND,
    ).select_related("area")


@transaction.atomic
def message_send(
    *,
    council: Council,
    kind: str,
    title: str,
    body: str,
    recipients: Sequence[Council],
    user: Any,
    decision: Decision | None = None,
) -> CouncilMessage:
    """Good practice, a decision or a notice from a layer-1 council to the layer-2 councils
    it chose below it; each gets a receipt to mark read (確認しました)."""
    if council.layer != Layer.FIRST:
        refuse("council", _("お知らせを送れるのは第1層協議体です。"))
    if not title.strip() or not body.strip():
        refuse("title", _("件名と本文を入力してください。"))
    if not recipients:
        refuse("recipients", _("送り先の協議体を1つ以上選んでください。"))
    below = set(councils_below(council).values_list("pk", flat=True))
    for recipient in recipients:
        if recipient.pk not in below:
            refuse(
                "recipients",
                _("「%(name)s」はこの協議体の下の第2層協議体ではありません。")
                % {"name": recipient.name},
            )
    with history_user(user):
        message = CouncilMessage.objects.create(
            council=council,
            kind=kind,
            title=title.strip(),
            body=body.strip(),
            decision=decision,
            sent_by=user,
        )
        # One receipt per council, saved one by one so that history records each.
        for recipient in {r.pk: r for r in recipients}.values():
            MessageReceipt.objects.create(message=message, council=recipient)
    return message


@transaction.atomic
def message_mark_read(*, receipt: MessageReceipt, user: Any) -> MessageReceipt:
    """The receiving council has read the message (確認しました): once, by one of its writers;
    the sending layer-1 council sees who read it and when."""
    if not can_write(user, receipt.council):
        refuse("receipt", _("確認済みにできるのは、受け取った協議体の記録を書き込める人だけです。"))
    # The row locked first (PostgreSQL): of two presses at once, the second finds it read.
    # why: no select_related here: PostgreSQL cannot lock the nullable side of an outer join.
    locked = MessageReceipt.objects.select_for_update().get(pk=receipt.pk)
    if locked.read_at is not None:
        refuse(
            "receipt",
            _("このお知らせは%(day)sに%(who)sさんが確認済みです。")
            % {"day": to_wareki(timezone.localdate(locked.read_at)), "who": locked.read_by},
        )
    locked.read_at, locked.read_by = timezone.now(), user
    with history_user(user):
        locked.save(update_fields=["read_at", "read_by"])
    return locked


# --- 助言 ------------------------------------------------------------------------------------


@transaction.atomic
def advice_write(
    *, council: Council, body: str, user: Any, meeting: Meeting | None = None
) -> Advice:
    """助言 on a council, or on one of its meetings, by an adviser or layer 1
    (permissions.may_advise); shown there, newest first."""
    if not may_advise(user, council):
        refuse("body", _("助言を書けるのはアドバイザーと第1層のコーディネーターです。"))
    if not body.strip():
        refuse("body", _("助言を入力してください。"))
    if meeting is not None and meeting.council_id != council.pk:
        refuse("meeting", _("この協議体の会議を選んでください。"))
    with history_user(user):
        return Advice.objects.create(
            council=council, meeting=meeting, body=body.strip(), written_by=user
        )


# --- members' interests ------------------------------------------------------------------------

MAX_INTEREST_TAGS = 20
MAX_INTEREST_TAG_LENGTH = 30
# Between tags: 「、」, a comma (half or full width) or any space (a full-width one too).
TAG_SEPARATORS = re.compile(r"[、,，\s]+")


def parse_interest_tags(text: str | Iterable[str]) -> list[str]:
    """The tags as typed, in their order: split at 「、」, commas and spaces (full width too),
    blanks dropped, and a repeat dropped even when typed in the other width (「ＩＣＴ」 after
    「ICT」): compared in NFKC, kept as first typed."""
    joined = text if isinstance(text, str) else "、".join(text)
    tags: dict[str, str] = {}
    for part in TAG_SEPARATORS.split(joined):
        if part:
            tags.setdefault(unicodedata.normalize("NFKC", part), part)
    return list(tags.values())


@transaction.atomic
def membership_set_interests(
    *,
    membership: Membership,
    interests: str,
    abilities: str,
    tags: str | Iterable[str],
    user: Any,
    expected_version: int | None = None,
) -> Membership:
    """A member's 関心・気になっていること, できること and tags, shared inside the council (and
    read by the dialogue tools); refused with EditConflictError when the member was changed
    since the form was opened at `expected_version`."""
    parsed = parse_interest_tags(tags)
    for tag in parsed:
        if len(tag) > MAX_INTEREST_TAG_LENGTH:
            refuse(
                "tags",
                _("関心のタグは1つ%(max)d文字までです。「%(tag)s」を短くしてください。")
                % {"max": MAX_INTEREST_TAG_LENGTH, "tag": tag},
            )
    if len(parsed) > MAX_INTEREST_TAGS:
        refuse(
            "tags",
            _("関心のタグは%(max)d個までです（%(n)d個あります）。")
            % {"max": MAX_INTEREST_TAGS, "n": len(parsed)},
        )
    versioning.claim_version(membership, expected_version, what=_("メンバーの関心・できること"))
    membership.interests, membership.abilities = interests.strip(), abilities.strip()
    membership.interest_tags = parsed
    with history_user(user):
        membership.save(update_fields=["interests", "abilities", "interest_tags"])
    return membership


# --- the register of 地域課題: priority ----------------------------------------------------------


@transaction.atomic
def challenge_set_priority(*, challenge: Challenge, priority: str, user: Any) -> Challenge:
    """How urgently the 地域課題 should be taken up (高・中・低); the register sorts by it, and
    simple-history keeps who changed it and when."""
    if priority not in Priority.values:
        refuse("priority", _("優先度は「高」「中」「低」から選んでください。"))
    if priority != challenge.priority:
        challenge.priority = priority
        with history_user(user):
            challenge.save(update_fields=["priority"])
    return challenge


# --- layer-1 structure: 専門部会 and escalations passed on between layer-1 bodies -----------------


def check_parent(
    *, municipality_id: int, area: Area, parent: Council | None, council: Council | None = None
) -> None:
    """A 専門部会 hangs under a main layer-1 council of the same municipality and area, one
    level deep: escalations are passed between the main council and its 専門部会 only."""
    if parent is None:
        return
    if parent.municipality_id != municipality_id:
        refuse("parent", _("この市町村の協議体を選んでください。"))
    if council is not None and parent.pk == council.pk:
        refuse("parent", _("協議体を自分自身の専門部会にはできません。"))
    if parent.layer != Layer.FIRST:
        refuse("parent", _("親の協議体には第1層の協議体を選んでください。"))
    if parent.area_id != area.pk:
        refuse("parent", _("専門部会は親の協議体と同じ圏域にしてください。"))
    if parent.parent_id is not None:
        refuse(
            "parent",
            _("専門部会の下に専門部会はつくれません。親には専門部会でない協議体を選んでください。"),
        )
    if council is not None and council.subcommittees.exists():
        refuse("parent", _("専門部会のある協議体は、ほかの協議体の専門部会にできません。"))


def layer1_bodies(main: Council) -> list[Council]:
    """The bodies an escalation may be addressed or passed to: the main layer-1 council and
    its 専門部会 (in name order)."""
    return [main, *main.subcommittees.select_related("area").order_by("name", "pk")]


def layer1_bodies_above(council: Council) -> list[Council]:
    """The layer-1 bodies above a layer-2 council's area (empty when none is registered)."""
    main = layer1_council_for(council)
    return layer1_bodies(main) if main is not None else []


@transaction.atomic
def escalation_hand_over(
    *, escalation: Escalation, to_council: Council, note: str, user: Any
) -> EscalationHandover:
    """Pass an escalated challenge on from the layer-1 body that has it to another body above
    its area (the main council to a 専門部会, or back); the path is kept, and the answer still
    reaches the layer-2 council that sent it."""
    # why: two people passing the same challenge at once must not both start from the body
    # that had it; the row is read again under lock before checking.
    locked = Escalation.objects.select_for_update().get(pk=escalation.pk)
    if locked.answer_id is not None:
        refuse("escalation", _("回答済みの課題は引き継げません。"))
    if locked.group_id is not None:
        # why: a group may already be on a meeting's agenda as a set; moving one challenge out
        # of it silently would change what that body is about to decide. It is taken out of
        # the group first, deliberately (group_remove).
        refuse(
            "escalation",
            _(
                "まとまりに入っている課題は引き継げません。"
                "まとまりから外してから引き継いでください。"
            ),
        )
    if to_council.pk == locked.to_council_id:
        refuse(
            "to_council", _("いまこの課題を受け取っている協議体とは別の協議体を選んでください。")
        )
    if to_council not in layer1_bodies_above(locked.from_council):
        refuse(
            "to_council",
            _("引き継ぎ先は、この課題の圏域の上の第1層協議体かその専門部会から選んでください。"),
        )
    with history_user(user):
        handover = EscalationHandover.objects.create(
            escalation=locked,
            from_council_id=locked.to_council_id,
            to_council=to_council,
            note=note.strip(),
            handed_by=user,
        )
        locked.to_council = to_council
        locked.save(update_fields=["to_council"])
    notices.handover_notice(handover=handover, user=user)
    escalation.to_council = to_council  # the caller's copy follows (e.g. to group it next)
    return handover


@transaction.atomic
def group_remove(*, escalation: Escalation, user: Any) -> Escalation:
    """Take an unanswered challenge out of its group (to pass it on, or to decide on it
    alone); a group left empty is deleted (its agenda item stays in the meeting's record)."""
    group = escalation.group
    if group is None:
        refuse("escalation", _("この課題はまとまりに入っていません。"))
    assert group is not None
    if escalation.answer_id is not None:
        refuse("escalation", _("回答済みの課題はまとまりから外せません。"))
    escalation.group = None
    with history_user(user):
        escalation.save(update_fields=["group"])
        if not group.escalations.exists():
            group.delete()
    return escalation


# --- targets per 圏域 ---------------------------------------------------------------------------


def target_areas(council: Council) -> QuerySet[Area]:
    """The areas a council may set targets for: a layer-2 council its own 日常生活圏域; a
    layer-1 council (or its 専門部会) its own area and the current layer-2 areas below it."""
    areas = Area.objects.filter(municipality_id=council.municipality_id)
    if council.area.layer != Layer.FIRST:
        return areas.filter(pk=council.area_id)
    below = areas.filter(parent_id=council.area_id, layer=Layer.SECOND, valid_to__isnull=True)
    return (areas.filter(pk=council.area_id) | below).order_by("layer", "kana_key", "name")


@transaction.atomic
def target_set(
    *,
    council: Council,
    area: Area,
    indicator: str,
    fiscal_year: int,
    value: Decimal,
    user: Any,
) -> AreaTarget:
    """Set or change the council's target for one 圏域's figure in a 年度 (one target per
    area, indicator and 年度: setting it again changes it)."""
    if not target_areas(council).filter(pk=area.pk).exists():
        refuse("area", _("この協議体が受け持つ圏域を選んでください。"))
    if indicator not in TargetIndicator.values:
        refuse("indicator", _("指標を選んでください。"))
    if value < 0:
        refuse("value", _("目標値は0以上にしてください。"))
    if indicator == TargetIndicator.PARTICIPATION and value > 100:
        refuse("value", _("参加率の目標は100％以下にしてください。"))
    existing = AreaTarget.objects.filter(
        area=area, indicator=indicator, fiscal_year=fiscal_year
    ).first()
    # why: the analysis shows one target per figure; another council's target for the same
    # 圏域 is theirs to change, not silently overwritten from here.
    if existing is not None and existing.council_id != council.pk:
        refuse(
            "area",
            _("この圏域・指標・年度の目標は「%(council)s」が設定しています。")
            % {"council": existing.council.name},
        )
    target = existing or AreaTarget(
        council=council, area=area, indicator=indicator, fiscal_year=fiscal_year
    )
    target.value = value
    target.full_clean()
    with history_user(user):
        target.save()
    return target


@transaction.atomic
def target_remove(*, council: Council, target: AreaTarget, user: Any) -> None:
    """Remove one of the council's targets (its history keeps what it was)."""
    if target.council_id != council.pk:
        refuse("target", _("この協議体の目標ではありません。"))
    with history_user(user):
        target.delete()
