"""Requests' personal data under the retention period (core.retention): a request's name, phone,
e-mail and message go once its last step (or its 受付, if none followed) is older than the
period; its kind, 圏域, dates, steps and referrals stay, so the yearly counts do not change.
The period is the one the consent sentence states (residents.services.consent_sentence)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sasaeai.core.retention import PurgeKind, ended_text, register_purge

from .models import CorrectionReport, ListingProposal, ResidentRequest
from .services import PERSONAL_FIELDS, clear_free_text


def requests_due(municipality: Any, cutoff: datetime.date) -> dict[int, str]:
    rows = (
        ResidentRequest.objects.filter(municipality=municipality)
        .annotate(last=Max("status_changes__changed_at"))
        .values_list("pk", "last", "received_at")
    )
    due = {}
    for pk, last, received in rows:
        moment = last or received
        if timezone.localdate(moment) < cutoff:
            due[pk] = ended_text(moment, _("最後の対応"))
    return due


def request_label(request: Any) -> str:
    """「令和2年4月1日受付の行ってみたい」: the date and kind, not the person."""
    return _("%(day)s受付の「%(kind)s」") % {
        "day": ended_text(request.received_at, "").rstrip("に"),
        "kind": request.get_kind_display(),
    }


def reports_due(municipality: Any, cutoff: datetime.date) -> dict[int, str]:
    """「情報がちがう」: the resident's message, once the report was answered (or, unanswered,
    received) before the cutoff; the ticked fields and the answer stay."""
    rows = CorrectionReport.objects.filter(municipality=municipality).exclude(message="")
    due = {}
    for pk, resolved, reported in rows.values_list("pk", "resolved_at", "reported_at"):
        moment = resolved or reported
        if timezone.localdate(moment) < cutoff:
            due[pk] = ended_text(moment, _("対応") if resolved else _("受付"))
    return due


def proposals_due(municipality: Any, cutoff: datetime.date) -> dict[int, str]:
    """An organiser's proposal: their note and the values they sent (a contact's phone or
    e-mail among them), once decided (or, undecided, sent) before the cutoff; what was applied
    stays in the resource's own history."""
    rows = ListingProposal.objects.filter(municipality=municipality)
    due = {}
    for pk, decided, proposed in rows.values_list("pk", "decided_at", "proposed_at"):
        moment = decided or proposed
        if timezone.localdate(moment) < cutoff:
            due[pk] = ended_text(moment, _("対応") if decided else _("受付"))
    return due


def register() -> None:
    register_purge(
        PurgeKind(
            key="resident_requests",
            title=_("住民からの申し込みのお名前・連絡先・ひとこと・経過のメモ"),
            model=ResidentRequest,
            cleared=PERSONAL_FIELDS,
            due=requests_due,
            label=request_label,
            order=35,
            # The notes and reasons of its steps and referrals may name the person too.
            before_clear=clear_free_text,
        )
    )
    register_purge(
        PurgeKind(
            key="correction_reports",
            title=_("「情報がちがう」の報告の内容"),
            model=CorrectionReport,
            cleared={"message": ""},
            due=reports_due,
            label=lambda report: _("「%(name)s」への報告") % {"name": report.resource.name},
            order=36,
        )
    )
    register_purge(
        PurgeKind(
            key="listing_proposals",
            title=_("主催者からの変更の申し出の内容"),
            model=ListingProposal,
            cleared={"note": "", "changes": {}},
            due=proposals_due,
            label=lambda proposal: (
                _("「%(name)s」の主催者からの申し出") % {"name": proposal.resource.name}
            ),
            order=37,
        )
    )
