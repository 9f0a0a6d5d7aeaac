"""The activity log's block of the home page (core.home_blocks, issue #24): the coordinator's
follow-ups due (次の対応日), as the log's list shows them above its filters."""

from __future__ import annotations

import datetime
from typing import Any

from sasaeai.accounts.constants import Perm
from sasaeai.accounts.permissions import has_perm
from sasaeai.areas.models import Municipality
from sasaeai.core.home_blocks import HomeBlock, listed, register_block

from .selectors import follow_ups


def follow_ups_block(user: Any, municipality: Municipality, today: datetime.date) -> Any:
    """For coordinators (Perm.COORDINATE): their own activities whose 次の対応日 has come or
    comes within the week. The log's free text (内容・結果) may name residents and is not
    shown here: the date, the kind and the day of the record say which one it is."""
    if not has_perm(user, Perm.COORDINATE, municipality):
        return None
    return listed(follow_ups(municipality, user, today).order_by("follow_up_on", "pk"))


def register() -> None:
    """Called from ActivitiesConfig.ready()."""
    register_block(
        HomeBlock("activities.follow_ups", 40, "activities/home/_follow_ups.html", follow_ups_block)
    )
