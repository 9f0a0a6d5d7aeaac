"""Printed A4 documents of a meeting, dated in 和暦: 次第 (agenda), 議事録 (minutes with
attendance, decisions and actions), 開催通知 (one notice per member without e-mail, to post),
and 出欠表 (an attendance sheet to tick at the door)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from sasaeai.utils.pdf import render_pdf
from sasaeai.utils.wareki import to_wareki

from .constants import OPEN_ACTION_STATUSES
from .models import ActionItem, Council, Meeting, Membership
from .selectors import overdue_first, participants_by_sector, upcoming
from .services import meeting_members, members_on

WEEKDAYS = "月火水木金土日"


def meeting_when(meeting: Meeting) -> str:
    """「令和8年12月20日（日）14:00〜16:00」."""
    starts = timezone.localtime(meeting.starts_at)
    text = f"{to_wareki(starts.date())}（{WEEKDAYS[starts.weekday()]}）{starts:%H:%M}"
    if meeting.ends_at:
        text += f"〜{timezone.localtime(meeting.ends_at):%H:%M}"
    return text


def common(meeting: Meeting, today: datetime.date) -> dict[str, Any]:
    return {
        "meeting": meeting,
        "council": meeting.council,
        "municipality": meeting.council.municipality,
        "when": meeting_when(meeting),
        "created_on": to_wareki(today),
    }


def agenda_pdf(meeting: Meeting, today: datetime.date) -> bytes:
    context = {**common(meeting, today), "items": meeting.agenda_items.all()}
    return render_pdf("councils/pdf/agenda.html", context, "css/council-print.css")


def minutes_pdf(meeting: Meeting, today: datetime.date) -> bytes:
    attendance = {a.membership_id: a.present for a in meeting.attendances.all()}
    members = meeting_members(meeting)
    context = {
        **common(meeting, today),
        "items": meeting.agenda_items.all(),
        "present": [m for m in members if attendance.get(m.pk)],
        "absent": [m for m in members if m.pk in attendance and not attendance[m.pk]],
        # Participants by sector (members and others), never their names: the minutes are
        # handed out and posted, and a guest's name is personal.
        "by_sector": participants_by_sector(meeting),
        "joint": meeting.joint_councils.all(),
        "decisions": meeting.decisions.all(),
        "actions": meeting.actions.prefetch_related("owners"),
    }
    return render_pdf("councils/pdf/minutes.html", context, "css/council-print.css")


def notice_members(meeting: Meeting) -> list[Membership]:
    """Members on the day who have no e-mail address: they get the notice by post or hand."""
    return [m for m in meeting_members(meeting) if not m.email]


def notices_pdf(meeting: Meeting, today: datetime.date) -> bytes:
    context = {
        **common(meeting, today),
        "items": meeting.agenda_items.all(),
        "members": notice_members(meeting),
    }
    return render_pdf("councils/pdf/notices.html", context, "css/council-print.css")


def attendance_sheet_pdf(meeting: Meeting, today: datetime.date) -> bytes:
    context = {**common(meeting, today), "members": meeting_members(meeting)}
    return render_pdf("councils/pdf/attendance_sheet.html", context, "css/council-print.css")


DOCUMENTS = {
    "agenda": (agenda_pdf, _("次第")),
    "minutes": (minutes_pdf, _("議事録")),
    "notices": (notices_pdf, _("開催通知")),
    "attendance-sheet": (attendance_sheet_pdf, _("出欠表")),
}


NEXT_MEETINGS = 3


MEMBER_SHEET_CSS = "css/member-sheet-print.css"


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
    meetings = upcoming(council)[:NEXT_MEETINGS]
    return [SheetMeeting(m.title, meeting_when(m), m.venue) for m in meetings]


def sheets_pdf(council: Council, members: list[Membership], today: datetime.date) -> bytes:
    # why: the meetings are the same on every member's page, so they are read once.
    context: dict[str, Any] = {
        "council": council,
        "created_on": to_wareki(today),
        "meetings": next_meetings(council),
        "sheets": [Sheet(m.name, member_actions(m, today)) for m in members],
    }
    return render_pdf("councils/pdf/member_sheet.html", context, MEMBER_SHEET_CSS)


def member_sheet_pdf(membership: Membership, today: datetime.date) -> bytes:
    """One member's page."""
    return sheets_pdf(membership.council, [membership], today)


def council_member_sheets_pdf(council: Council, today: datetime.date) -> bytes:
    """Every current member's page, one per page, in 50音順, to print at once."""
    return sheets_pdf(council, members_on(council, today), today)
