"""お知らせ of the councils app (issue #24): who is told (a council's writers, an action's
owners), the notices of its events (an issue received at layer 1, an answer back at layer 2, an
action assigned), created by the services inside their transaction, and the daily scans (an
action overdue, a meeting in three days, a record still incomplete a week after the meeting),
registered with notices.services.register_scan in CouncilsConfig.ready().

Event notices leave out the user who did the thing: one does not need a notice of what one
just did."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sasaeai.accounts.constants import AREA_SCOPED_ROLES, ROLE_PERMS, Perm
from sasaeai.accounts.models import RoleAssignment
from sasaeai.areas.models import Area
from sasaeai.notices.constants import NoticeKind
from sasaeai.notices.models import Notice
from sasaeai.notices.services import notify, register_scan
from sasaeai.utils.wareki import to_wareki

from .constants import OPEN_ACTION_STATUSES, MeetingStatus
from .models import (
    ActionItem,
    ChallengeGroup,
    Council,
    Escalation,
    EscalationHandover,
    Meeting,
    Membership,
)

# Roles that may edit (Perm.EDIT_AREA), read from the table has_perm reads, so that the
# writers found here and permissions.can_coordinate cannot drift apart.
EDITING_ROLES = frozenset(role for role, perms in ROLE_PERMS.items() if Perm.EDIT_AREA in perms)

MEETING_SOON_DAYS = 3
RECORD_AFTER_DAYS = 7
# why: the record scan looks back at most this far. A city that imports or enters years of
# past meetings (with no minutes typed in) would otherwise get one notice per old meeting on
# the first morning; a record not written two months after the meeting is no longer news
# (the council home still lists it under 「記録する」).
RECORD_LOOKBACK_DAYS = 60


# --- who is told ---------------------------------------------------------------------------------


def writers_of(
    councils: Iterable[Council], on: datetime.date | None = None
) -> dict[int, list[Any]]:
    """Each council's writers on the day (council pk → active users, in pk order), the users
    for whom permissions.can_write holds: its members with a user account whose term covers
    the day, and those who coordinate it (can_coordinate: the municipal admin and layer-1
    coordinators of its municipality, the layer-2 coordinators of its 圏域 or of the area above
    it). The site operator (a superuser) writes everywhere but is told only through a role.
    Three queries, however many councils."""
    councils = list(councils)
    if not councils:
        return {}
    day = on or timezone.localdate()
    found: dict[int, dict[int, Any]] = {c.pk: {} for c in councils}
    members = (
        Membership.objects.filter(
            council_id__in=found, user__isnull=False, user__is_active=True, term_start__lte=day
        )
        .exclude(term_end__lt=day)
        .select_related("user")
        .order_by("pk")
    )
    for member in members:
        user = member.user
        assert user is not None  # filtered above
        found[member.council_id][user.pk] = user
    parent_of = dict(
        Area.objects.filter(pk__in={c.area_id for c in councils}).values_list("pk", "parent_id")
    )
    assignments = (
        RoleAssignment.objects.active_on(day)
        .filter(
            municipality_id__in={c.municipality_id for c in councils},
            role__in=EDITING_ROLES,
            user__is_active=True,
        )
        .select_related("user")
    )
    for assignment in assignments:
        for council in councils:
            if council.municipality_id != assignment.municipality_id:
                continue
            # The rule of has_perm for an area-scoped role: its 圏域 or the one above.
            if assignment.role in AREA_SCOPED_ROLES and (
                assignment.area_id is None
                or assignment.area_id not in (council.area_id, parent_of.get(council.area_id))
            ):
                continue
            found[council.pk][assignment.user_id] = assignment.user
    return {pk: [users[k] for k in sorted(users)] for pk, users in found.items()}


def council_writers(council: Council, on: datetime.date | None = None) -> list[Any]:
    """The users who may write the council's records (writers_of for one council)."""
    return writers_of([council], on)[council.pk]


def current_with_user(on: datetime.date) -> Any:
    """Memberships whose term covers the day and that have an active user account (a member
    without one cannot be told in the app; their notices go by post)."""
    return (
        Membership.objects.filter(user__isnull=False, user__is_active=True, term_start__lte=on)
        .exclude(term_end__lt=on)
        .select_related("user")
        .order_by("pk")
    )


def others(users: Iterable[Any], user: Any) -> list[Any]:
    """The users but the one who acted."""
    # why: event notices leave out the acting user: one does not need a notice of what one
    # just did (a coordinator who escalates, answers or assigns is also among the writers).
    acting = getattr(user, "pk", None)
    return [u for u in users if u.pk != acting]


# --- events (called by services, inside their transaction) ------------------------------------


def escalation_notice(*, escalation: Escalation, user: Any) -> list[Notice]:
    """ISSUE_RECEIVED: the layer-1 body an issue was sent to hears of it."""
    challenge, to_council = escalation.challenge, escalation.to_council
    return notify(
        users=others(council_writers(to_council), user),
        municipality=to_council.municipality,
        kind=NoticeKind.ISSUE_RECEIVED,
        key=f"escalation:{escalation.pk}",
        title=_("地域課題が届きました：%(title)s（%(council)sから）")
        % {"title": challenge.title, "council": escalation.from_council.name},
        url=inbox_url(to_council),
        body=_("第1層で扱ってほしい理由：%(reason)s") % {"reason": escalation.reason},
    )


def handover_notice(*, handover: EscalationHandover, user: Any) -> list[Notice]:
    """ISSUE_RECEIVED: the layer-1 body an issue was passed on to hears of it (once per body:
    passed there again later, it is not told twice)."""
    escalation, to_council = handover.escalation, handover.to_council
    body = _("%(council)sが提起した課題です。") % {"council": escalation.from_council.name}
    if handover.note:
        body += _("引き継ぐ理由：%(note)s") % {"note": handover.note}
    return notify(
        users=others(council_writers(to_council), user),
        municipality=to_council.municipality,
        kind=NoticeKind.ISSUE_RECEIVED,
        key=f"escalation:{escalation.pk}:to:{to_council.pk}",
        title=_("地域課題が届きました：%(title)s（%(council)sから）")
        % {"title": escalation.challenge.title, "council": handover.from_council.name},
        url=inbox_url(to_council),
        body=body,
    )


def answer_notices(*, group: ChallengeGroup, user: Any) -> list[Notice]:
    """ANSWER_RECEIVED: each layer-2 council whose issue the group's decision answered hears
    of the answer."""
    escalations = list(
        group.escalations.filter(answer__isnull=False).select_related(
            "challenge", "answer", "from_council__municipality"
        )
    )
    writers = writers_of({e.from_council_id: e.from_council for e in escalations}.values())
    created: list[Notice] = []
    for escalation in escalations:
        council, challenge = escalation.from_council, escalation.challenge
        assert escalation.answer is not None
        created += notify(
            users=others(writers[council.pk], user),
            municipality=council.municipality,
            kind=NoticeKind.ANSWER_RECEIVED,
            key=f"answer:{escalation.pk}",
            title=_("第1層から回答が届きました：%(title)s（%(council)sから）")
            % {"title": challenge.title, "council": group.council.name},
            url=reverse("councils:challenge", args=[council.municipality.code, challenge.pk])
            + "#escalation",
            body=_("回答：%(answer)s") % {"answer": escalation.answer.title},
        )
    return created


def action_notices(*, action: ActionItem, owners: Sequence[Membership], user: Any) -> list[Notice]:
    """ACTION_ASSIGNED: each owner (a current member with a user account) hears of the action
    once; an owner added later gets their own notice (the key names the membership)."""
    today = timezone.localdate()
    told = current_with_user(today).filter(pk__in=[o.pk for o in owners])
    council = action.council
    title = _("やることの担当になりました：%(title)s") % {"title": action.title}
    body = council.name
    if action.due_on is not None:
        body += _("（期限 %(day)s）") % {"day": to_wareki(action.due_on)}
    url = reverse("councils:my_actions", args=[council.municipality.code])
    created: list[Notice] = []
    for owner in told:
        created += notify(
            users=others([owner.user], user),
            municipality=council.municipality,
            kind=NoticeKind.ACTION_ASSIGNED,
            key=f"action:{action.pk}:{owner.pk}",
            title=title,
            url=url,
            body=body,
        )
    return created


def inbox_url(council: Council) -> str:
    """The layer-1 council's 「第2層から届いた地域課題」, where it groups, answers and passes on."""
    return reverse("councils:home", args=[council.municipality.code, council.pk]) + "#inbox"


# --- daily scans ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pending:
    """One event a scan found, with everyone who should hear of it."""

    key: str
    users: list[Any]
    municipality: Any
    title: str
    url: str
    body: str = ""


def send(kind: str, pending: list[Pending]) -> int:
    """Notify each event's users who were not told before; how many notices were created. The
    notices already there are read in one query per 500 events, so a scan that finds nothing
    new writes nothing and asks no more."""
    keys = [p.key for p in pending]
    have: set[tuple[str, int]] = set()
    for start in range(0, len(keys), 500):
        have.update(
            Notice.objects.filter(kind=kind, key__in=keys[start : start + 500]).values_list(
                "key", "user_id"
            )
        )
    created = 0
    for item in pending:
        fresh = [u for u in item.users if (item.key, u.pk) not in have]
        if fresh:
            created += len(
                notify(
                    users=fresh,
                    municipality=item.municipality,
                    kind=kind,
                    key=item.key,
                    title=item.title,
                    url=item.url,
                    body=item.body,
                )
            )
    return created


def day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The day from local midnight to the next."""
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    end = timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(1), datetime.time.min)
    )
    return start, end


def scan_overdue(today: datetime.date) -> int:
    """ACTION_OVERDUE: open actions past their due date, to their owners, once per due date
    (a new due date that passes again is a new event)."""
    actions = (
        ActionItem.objects.filter(status__in=OPEN_ACTION_STATUSES, due_on__lt=today)
        .select_related("council__municipality")
        .prefetch_related(Prefetch("owners", queryset=current_with_user(today), to_attr="told"))
        .order_by("pk")
    )
    pending = []
    for action in actions:
        assert action.due_on is not None
        municipality = action.council.municipality
        pending.append(
            Pending(
                key=f"overdue:{action.pk}:{action.due_on.isoformat()}",
                users=[owner.user for owner in action.told],
                municipality=municipality,
                title=_("やることの期限が過ぎています：%(title)s（期限 %(day)s）")
                % {"title": action.title, "day": to_wareki(action.due_on)},
                url=reverse("councils:my_actions", args=[municipality.code]),
                body=action.council.name,
            )
        )
    return send(NoticeKind.ACTION_OVERDUE, pending)


def scan_meetings_soon(today: datetime.date) -> int:
    """MEETING_SOON: planned meetings on the day three days ahead, to the writers (members
    with a user account, coordinators) of every council holding it, joint ones too; once per
    date (a meeting moved to another day is told again)."""
    day = today + datetime.timedelta(MEETING_SOON_DAYS)
    start, end = day_bounds(day)
    meetings = list(
        Meeting.objects.filter(
            status=MeetingStatus.PLANNED, starts_at__gte=start, starts_at__lt=end
        )
        .select_related("council__municipality")
        .prefetch_related("joint_councils")
        .order_by("starts_at", "pk")
    )
    # The members on the meeting's day: those who will sit at it.
    writers = writers_of({c.pk: c for m in meetings for c in m.all_councils()}.values(), on=day)
    pending = []
    for meeting in meetings:
        users = {u.pk: u for c in meeting.all_councils() for u in writers[c.pk]}
        municipality = meeting.council.municipality
        when = timezone.localtime(meeting.starts_at)
        pending.append(
            Pending(
                key=f"meeting:{meeting.pk}:{day.isoformat()}",
                users=[users[k] for k in sorted(users)],
                municipality=municipality,
                title=_("%(n)d日後に会議があります：%(title)s（%(day)s %(time)s）")
                % {
                    "n": MEETING_SOON_DAYS,
                    "title": meeting.title,
                    "day": to_wareki(day),
                    "time": when.strftime("%H:%M"),
                },
                url=reverse("councils:meeting", args=[municipality.code, meeting.pk]),
                body=_("会場：%(venue)s") % {"venue": meeting.venue} if meeting.venue else "",
            )
        )
    return send(NoticeKind.MEETING_SOON, pending)


def scan_records(today: datetime.date) -> int:
    """RECORD_INCOMPLETE: meetings that started 7 to 60 days ago, not called off, whose record
    is incomplete as selectors.RecordState defines it (the council home's 「記録する」), to the
    holding council's writers; once per meeting, however long it stays incomplete."""
    # why: imported here: selectors imports services, which imports this module.
    from .selectors import RecordState, with_record_state

    start, _end = day_bounds(today - datetime.timedelta(RECORD_LOOKBACK_DAYS))
    before, _end = day_bounds(today - datetime.timedelta(RECORD_AFTER_DAYS - 1))
    meetings = with_record_state(
        Meeting.objects.filter(starts_at__gte=start, starts_at__lt=before)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("council__municipality")
        .order_by("starts_at", "pk")
    )
    waiting = [(m, RecordState.of(m)) for m in meetings]
    waiting = [(m, state) for m, state in waiting if not state.complete]
    writers = writers_of({m.council_id: m.council for m, _state in waiting}.values(), on=today)
    pending = []
    for meeting, state in waiting:
        municipality = meeting.council.municipality
        pending.append(
            Pending(
                key=f"record:{meeting.pk}",
                users=writers[meeting.council_id],
                municipality=municipality,
                title=_("会議の記録がまだ終わっていません：%(title)s（%(day)s）")
                % {
                    "title": meeting.title,
                    "day": to_wareki(timezone.localtime(meeting.starts_at).date()),
                },
                url=reverse("councils:meeting", args=[municipality.code, meeting.pk]),
                body=_("まだの記録：%(parts)s") % {"parts": "・".join(state.missing)},
            )
        )
    return send(NoticeKind.RECORD_INCOMPLETE, pending)


def register() -> None:
    """The daily scans (CouncilsConfig.ready)."""
    register_scan("councils_action_overdue", scan_overdue)
    register_scan("councils_meeting_soon", scan_meetings_soon)
    register_scan("councils_record_incomplete", scan_records)
