"""「やることの一覧」: one A4 page per member, for members without an account (most of them) —
their open actions, overdue first, and the council's next meetings, in 和暦 and large type, for
the coordinator to hand out or post. One member's page, or every current member's at once."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone

from sasaeai.utils.pdf import render_pdf
from sasaeai.utils.wareki import to_wareki

from .constants import OPEN_ACTION_STATUSES, MeetingStatus
from .documents import meeting_when
from .models import ActionItem, Council, Meeting, Membership
from .selectors import overdue_first
from .services import members_on

NEXT_MEETINGS = 3
CSS = "css/member-sheet-print.css"


@dataclass(frozen=True)
class SheetAction:
    """One open action as the sheet prints it."""

    title: str
    status: str
    due: str  # 和暦, or "" without a due date
    overdue: bool
    meeting: str  # the meeting it was decided at, or ""


@dataclass(frozen=True)
class SheetMeeting:
    title: str
    when: str  # 「令和8年12月20日（日）14:00〜16:00」
    venue: str


@dataclass(frozen=True)
class Sheet:
    """One member's page."""

    name: str
    actions: list[SheetAction]


def member_actions(membership: Membership, today: datetime.date) -> list[SheetAction]:
    """The member's 未着手 and 進行中 actions, overdue first, then by due date."""
    actions = ActionItem.objects.filter(
        owners=membership, status__in=OPEN_ACTION_STATUSES
    ).select_related("meeting")
    return [
        SheetAction(
            title=a.title,
            status=a.get_status_display(),
            due=to_wareki(a.due_on) if a.due_on else "",
            overdue=a.due_on is not None and a.due_on < today,
            meeting=a.meeting.title if a.meeting_id else "",  # type: ignore[union-attr]
        )
        for a in overdue_first(list(actions), today)
    ]


def next_meetings(council: Council) -> list[SheetMeeting]:
    """The next planned meetings the council holds or joins (a 交流会 of several councils too)."""
    meetings = (
        Meeting.objects.filter(
            Q(council=council) | Q(joint_councils=council),
            status=MeetingStatus.PLANNED,
            starts_at__gte=timezone.now(),
        )
        .distinct()
        .order_by("starts_at", "pk")[:NEXT_MEETINGS]
    )
    return [SheetMeeting(m.title, meeting_when(m), m.venue) for m in meetings]


def sheets_pdf(council: Council, members: list[Membership], today: datetime.date) -> bytes:
    # why: the meetings are the same on every member's page, so they are read once.
    context: dict[str, Any] = {
        "council": council,
        "created_on": to_wareki(today),
        "meetings": next_meetings(council),
        "sheets": [Sheet(m.name, member_actions(m, today)) for m in members],
    }
    return render_pdf("councils/pdf/member_sheet.html", context, CSS)


def member_sheet_pdf(membership: Membership, today: datetime.date) -> bytes:
    """One member's page."""
    return sheets_pdf(membership.council, [membership], today)


def council_member_sheets_pdf(council: Council, today: datetime.date) -> bytes:
    """Every current member's page, one per page, in 50音順, to print at once."""
    return sheets_pdf(council, members_on(council, today), today)
