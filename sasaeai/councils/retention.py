"""Personal data of the councils under the retention period (core.retention): a member's e-mail
address and postal address go once the term has been over for longer than the period, and the
name of a meeting's participant who is not a member once the meeting is that long past. A member removed
from the council is over on the day of removal (or at the end of the term, when earlier); only
the history rows then hold the data."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from sasaeai.core.retention import PurgeKind, deleted_pks, ended_text, register_purge

from .models import Council, Meeting, MeetingGuest, Membership


def memberships_due(municipality: Any, cutoff: datetime.date) -> dict[int, str]:
    over = Membership.objects.filter(council__municipality=municipality, term_end__lt=cutoff)
    due = {
        pk: ended_text(term_end, _("任期終了"))
        for pk, term_end in over.values_list("pk", "term_end")
        if term_end is not None  # always, by the filter; for the type checker
    }
    councils = Council.history.filter(municipality=municipality).values("id")
    removed = deleted_pks(Membership, Membership.history.filter(council_id__in=councils))
    for pk, row in removed.items():
        removed_on = timezone.localdate(row.history_date)
        if row.term_end is not None and row.term_end < removed_on:
            if row.term_end < cutoff:
                due[pk] = ended_text(row.term_end, _("任期終了"))
        elif removed_on < cutoff:
            due[pk] = ended_text(removed_on, _("協議体から削除"))
    return due


def membership_label(membership: Any) -> str:
    """「協議体『…』の山田 花子さん」: the name stays (the member list of past years keeps it)."""
    council = Council.objects.filter(pk=membership.council_id).values_list("name", flat=True)
    return _("協議体「%(council)s」の%(name)sさん") % {
        "council": council.first() or _("（削除された協議体）"),
        "name": membership.name,
    }


def guests_due(municipality: Any, cutoff: datetime.date) -> dict[int, str]:
    """Participants with a name (now or in their history, removed ones too) at meetings held
    before the cutoff."""
    before = datetime.datetime.combine(
        cutoff, datetime.time(), tzinfo=timezone.get_current_timezone()
    )
    past = Meeting.objects.filter(council__municipality=municipality, starts_at__lt=before)
    named = (
        MeetingGuest.history.filter(meeting_id__in=past.values("pk"))
        .exclude(name="")
        .values_list("id", "meeting_id")
        .distinct()
    )
    held = dict(past.filter(pk__in=named.values("meeting_id")).values_list("pk", "starts_at"))
    return {pk: ended_text(held[meeting], _("開催")) for pk, meeting in named}


def guest_label(guest: Any) -> str:
    """「会議『…』の参加者（住民・地縁組織）」: the meeting and the sector stay."""
    title = Meeting.objects.filter(pk=guest.meeting_id).values_list("title", flat=True).first()
    return _("会議「%(meeting)s」の参加者（%(sector)s）") % {
        "meeting": title or _("（削除された会議）"),
        "sector": guest.get_sector_display(),
    }


def register() -> None:
    register_purge(
        PurgeKind(
            key="memberships",
            title=_("協議体メンバーのメールアドレス・郵送先"),
            model=Membership,
            cleared={"email": "", "postal_address": ""},
            due=memberships_due,
            label=membership_label,
            order=20,
        )
    )
    register_purge(
        PurgeKind(
            key="meeting_guests",
            title=_("会議のメンバー以外の参加者の氏名"),
            model=MeetingGuest,
            cleared={"name": ""},
            due=guests_due,
            label=guest_label,
            order=21,
        )
    )
