"""Activities' personal data under the retention period (core.retention): the free text 関わった人
(residents' names) goes once the activity was done longer ago than the period; the rest of the
entry (what was done, with which organisations, how long) stays for the yearly counts."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _

from sasaeai.core.retention import PurgeKind, deleted_pks, ended_text, register_purge
from sasaeai.utils.wareki import to_wareki

from .models import Activity


def activities_due(municipality: Any, cutoff: datetime.date) -> dict[int, str]:
    due = {
        pk: ended_text(done_on, _("活動"))
        for pk, done_on in Activity.objects.filter(
            municipality=municipality, done_on__lt=cutoff
        ).values_list("pk", "done_on")
    }
    removed = deleted_pks(Activity, Activity.history.filter(municipality=municipality))
    for pk, row in removed.items():
        if row.done_on < cutoff:
            due[pk] = ended_text(row.done_on, _("活動（記録は削除済み）"))
    return due


def activity_label(activity: Any) -> str:
    """「令和2年4月1日の個別支援」: the date and kind, not the text."""
    return _("%(day)sの%(kind)s") % {
        "day": to_wareki(activity.done_on),
        "kind": activity.get_kind_display(),
    }


def register() -> None:
    register_purge(
        PurgeKind(
            key="activities",
            title=_("活動記録の「関わった人」"),
            model=Activity,
            cleared={"people": ""},
            due=activities_due,
            label=activity_label,
            order=30,
        )
    )
