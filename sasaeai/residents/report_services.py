"""「情報がちがう」 (issue #26, point 7): a resident's report on a place's page, and a
coordinator's answer to it.

On receipt the place is flagged 要確認 with a line naming the report (Resource.review_reason,
written through resources.services so its history keeps it) and the coordinators of its 圏域
hear of it. On resolution the report keeps who did what, a Verification of the place is
written (the check a coordinator made to answer it, with its method), and the report's line
leaves review_reason (other lines, an import's or another report's, stay).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NoReturn

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sasaeai.accounts.permissions import edit_scope, may_edit_ids
from sasaeai.areas.models import Municipality
from sasaeai.core.history import history_user
from sasaeai.notices import services as notices
from sasaeai.notices.constants import NoticeKind
from sasaeai.resources import selectors
from sasaeai.resources import services as resources
from sasaeai.resources.constants import VerificationMethod, choice_labels
from sasaeai.utils.text import as_typed

from .constants import MESSAGE_MAX, ReportField, ReportStatus
from .models import CorrectionReport
from .recipients import area_of, coordinators_for

RESOLUTION_MAX = 500
# Unanswered reports one place keeps at most (report_submit).
OPEN_REPORTS_MAX = 5
# Verification.note holds 200 characters.
NOTE_MAX = 200
# How a coordinator may have checked before answering; 「主催者が確認」 is for an organiser's
# own proposal (point 8), not for a check the coordinator made.
RESOLVE_METHODS = tuple(m for m in VerificationMethod if m != VerificationMethod.ORGANISER)


def refuse(field: str, message: str) -> NoReturn:
    raise ValidationError({field: message})


def report_line(report: CorrectionReport) -> str:
    """The report's line in the place's review_reason: 「住民から「情報がちがう」の報告（日時・費用、
    受付番号 12）」. Not the resident's words: the 要確認 reason is shown to everyone who may read
    the registry (viewers too), and a resident's message may name a person; the coordinators
    read it on the report's own page. The number makes the line the report's own, so resolving
    it takes out this line and no other."""
    labels = "・".join(choice_labels(ReportField, report.fields))
    return _("住民から「情報がちがう」の報告（%(fields)s、受付番号 %(number)d）") % {
        "fields": labels,
        "number": report.pk,
    }


@transaction.atomic
def report_submit(
    *, municipality: Municipality, resource_id: int, fields: Sequence[str], message: str
) -> CorrectionReport | None:
    """A resident's 「情報がちがう」 on a public place (no account): stored, the place flagged
    要確認, its 圏域's coordinators told. A place already waiting on OPEN_REPORTS_MAX answers
    takes no more (None): the reports already say it needs a look, and a script that gets
    past the honeypot and the rate limit cannot grow the 要確認 reason or the coordinators'
    notices without end; the resident is thanked all the same."""
    resource = selectors.public_base(municipality).filter(pk=resource_id).first()
    if resource is None:
        refuse("resource", _("この場所は見つかりません。"))
    chosen = list(dict.fromkeys(fields))
    message = as_typed(message)
    if not chosen:
        refuse("fields", _("ちがう項目を1つ以上選んでください。"))
    if any(value not in ReportField.values for value in chosen):
        refuse("fields", _("ちがう項目を選び直してください。"))
    if len(message) > MESSAGE_MAX:
        refuse(
            "message",
            _("どこがちがうかは%(most)d文字までにしてください（今は%(count)d文字です）。")
            % {"most": MESSAGE_MAX, "count": len(message)},
        )
    if ReportField.OTHER in chosen and not message:
        refuse("message", _("「その他」を選んだときは、どこがちがうかを書いてください。"))
    open_reports = CorrectionReport.objects.filter(resource=resource, status=ReportStatus.OPEN)
    if open_reports.count() >= OPEN_REPORTS_MAX:
        return None
    order = {value: n for n, value in enumerate(ReportField.values)}
    chosen.sort(key=order.__getitem__)
    with history_user(None):
        report = CorrectionReport.objects.create(
            municipality=municipality, resource=resource, fields=chosen, message=message
        )
    resources.resource_review_note_add(resource=resource, line=report_line(report), user=None)
    notices.notify(
        users=coordinators_for(municipality, area_of(resource), timezone.localdate()),
        municipality=municipality,
        kind=NoticeKind.RESIDENT_REQUEST,
        key=f"report:{report.pk}",
        title=_("「%(name)s」に「情報がちがう」の報告が届きました") % {"name": resource.name},
        url=reverse("residents:report_resolve", args=[municipality.code, report.pk]),
        body=_("ちがう項目: %(fields)s")
        % {"fields": "・".join(choice_labels(ReportField, chosen))},
    )
    return report


@transaction.atomic
def report_resolve(
    *,
    report: CorrectionReport,
    user: Any,
    status: str,
    resolution: str,
    method: str,
) -> CorrectionReport:
    """A coordinator's answer: 修正した or 確認した結果、正しかった, with what was done; written
    also as a Verification of the place (how it was checked) and the report's 要確認 line
    taken out. Only by someone who may edit the place (a layer-2 coordinator in their 圏域)."""
    report = (
        CorrectionReport.objects.select_for_update().select_related("resource").get(pk=report.pk)
    )
    resource = report.resource
    scope = edit_scope(user, report.municipality)
    if not may_edit_ids(scope, resources.resource_area_ids(resource)):
        raise PermissionDenied(_("この地域資源を編集する権限がありません。"))
    resolution = as_typed(resolution)
    if report.status != ReportStatus.OPEN:
        refuse("status", _("この報告はすでに対応済みです。"))
    if status not in (ReportStatus.FIXED, ReportStatus.CONFIRMED):
        refuse("status", _("対応の結果を選んでください。"))
    if method not in RESOLVE_METHODS:
        refuse("method", _("確認方法を選んでください。"))
    if not resolution:
        refuse("resolution", _("対応の内容を入力してください。"))
    if len(resolution) > RESOLUTION_MAX:
        refuse(
            "resolution",
            _("対応の内容は%(most)d文字までにしてください（今は%(count)d文字です）。")
            % {"most": RESOLUTION_MAX, "count": len(resolution)},
        )
    report.status, report.resolution = status, resolution
    report.resolved_by, report.resolved_at = user, timezone.now()
    with history_user(user):
        report.save()
    note = _("「情報がちがう」の報告に対応: %(status)s。%(resolution)s") % {
        "status": ReportStatus(status).label,
        "resolution": " ".join(resolution.split()),
    }
    if len(note) > NOTE_MAX:
        note = note[: NOTE_MAX - 1] + "…"
    resources.resource_verify(resource=resource, user=user, method=method, note=note)
    resources.resource_review_note_remove(resource=resource, line=report_line(report), user=user)
    return report
