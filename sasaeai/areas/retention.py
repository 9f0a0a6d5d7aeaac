"""Coordinators' desks under the retention period (core.retention): a desk removed from an area
keeps its person's name, phone and e-mail in its history rows; once it was removed longer ago
than the period they go. A desk in use is kept whole, published or not: it is how residents and
organisers reach the area's coordinator."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from sasaeai.core.retention import PurgeKind, deleted_pks, ended_text, register_purge

from .models import CoordinatorDesk


def desks_due(municipality: Any, cutoff: datetime.date) -> dict[int, str]:
    removed = deleted_pks(
        CoordinatorDesk, CoordinatorDesk.history.filter(area__municipality=municipality)
    )
    return {
        pk: ended_text(row.history_date, _("削除"))
        for pk, row in removed.items()
        if timezone.localdate(row.history_date) < cutoff
    }


def desk_label(desk: Any) -> str:
    """「丘陵地域包括支援センターの窓口」: the organisation, not the person."""
    return _("%(organization)sの窓口") % {"organization": desk.organization}


def register() -> None:
    register_purge(
        PurgeKind(
            key="coordinator_desks",
            title=_("削除したコーディネーターの連絡先（担当者名・電話・メール）"),
            model=CoordinatorDesk,
            cleared={"person_name": "", "phone": "", "email": ""},
            due=desks_due,
            label=desk_label,
            order=5,
        )
    )
