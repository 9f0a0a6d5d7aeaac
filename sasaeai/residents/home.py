"""The requests' block of the home page (core.home_blocks): requests still waiting for a first
contact, and follow-ups whose date has come, in the coordinator's 圏域. Names are personal data
and stay in the inbox: the block says the kind, the place and the date."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q

from sasaeai.accounts.constants import Perm
from sasaeai.accounts.permissions import edit_scope, has_perm
from sasaeai.areas.models import Municipality
from sasaeai.core.home_blocks import HomeBlock, listed, register_block

from .constants import OPEN_STATUSES, RequestStatus
from .models import ResidentRequest


def requests_block(user: Any, municipality: Municipality, today: datetime.date) -> Any:
    if not has_perm(user, Perm.PERSONAL_DATA, municipality) or not has_perm(
        user, Perm.COORDINATE, municipality
    ):
        return None
    # Those the user may handle (a layer-2 coordinator: their 圏域's), none erased: an erased
    # request can take no step.
    rows = ResidentRequest.objects.filter(
        municipality=municipality, status__in=OPEN_STATUSES, erased_at__isnull=True
    )
    scope = edit_scope(user, municipality)
    if scope is not None:
        rows = rows.filter(area_id__in=scope)
    waiting = rows.filter(
        Q(status=RequestStatus.RECEIVED) | Q(follow_up_on__lte=today + datetime.timedelta(days=7))
    )
    return listed(waiting.select_related("resource").order_by("received_at", "pk"))


def register() -> None:
    register_block(
        HomeBlock("residents.requests", 25, "residents/home/_requests.html", requests_block)
    )
