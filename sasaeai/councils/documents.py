"""Printed A4 documents of a meeting, dated in 和暦: 次第 (agenda), 議事録 (minutes with
attendance, decisions and actions), 開催通知 (one notice per member without e-mail, to post),
and 出欠表 (an attendance sheet to tick at the door)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from sasaeai.utils.pdf import render_pdf
from sasaeai.utils.wareki import to_wareki

from .models import Meeting, Membership
from .selectors import participants_by_sector
from .services import meeting_members

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
