"""お知らせ of residents' requests: when one arrives (services.notify_coordinators), and each
morning (the daily scan, `notices_scan` at 06:00) for the requests whose 「次に連絡する日」 is
today, to the coordinators of their 圏域; once per request and date (a new date set later is
told again). The title names the kind and the place, never the person."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from sasaeai.notices.constants import NoticeKind
from sasaeai.notices.services import NoticeDraft, notify_many

from .constants import OPEN_STATUSES
from .models import ResidentRequest
from .recipients import coordinators_for

SCAN_NAME = "residents_follow_ups"


def follow_up_scan(today: datetime.date) -> int:
    requests = (
        ResidentRequest.objects.filter(
            follow_up_on=today, status__in=OPEN_STATUSES, erased_at__isnull=True
        )
        .select_related("municipality", "area", "resource")
        .order_by("pk")
    )
    drafts = []
    for request in requests:
        municipality = request.municipality
        title = _("今日は次に連絡する日です：「%(kind)s」（%(place)s）") % {
            "kind": request.get_kind_display(),
            "place": request.resource.name if request.resource else _("活動の指定なし"),
        }
        url = reverse("residents:request", args=[municipality.code, request.pk])
        for user in coordinators_for(municipality, request.area, today):
            draft = NoticeDraft(
                user_id=user.pk, municipality_id=municipality.pk,
                kind=NoticeKind.RESIDENT_REQUEST,
                key=f"followup:{request.pk}:{today.isoformat()}", title=title, url=url,
            )  # fmt: skip
            drafts.append(draft)
    return notify_many(drafts=drafts)
