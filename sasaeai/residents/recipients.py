"""Who hears of what residents and organisers send (a request, a 「情報がちがう」 report, an
organiser's proposal): the coordinators of the place's 圏域, falling back upward so that a
message never lands with nobody.

1. layer-2 coordinators whose assignment names the area, or its parent (an sc2 assigned to a
   layer-1 area edits in every area under it);
2. else the layer-1 coordinators of the municipality (whatever area their assignment names:
   they edit everywhere);
3. else the municipal admins.

Only assignments valid on the day and active users count.
"""

from __future__ import annotations

import datetime
from typing import Any

from sasaeai.accounts.constants import Role
from sasaeai.accounts.models import RoleAssignment, User
from sasaeai.areas.models import Area, Municipality


def coordinators_for(
    municipality: Municipality, area: Area | None, today: datetime.date
) -> list[Any]:
    """The users to tell of something about a place in `area` (None: no known area), by the
    order in the module's docstring; ordered by id, each once."""
    assignments = RoleAssignment.objects.active_on(today).filter(
        municipality=municipality, user__is_active=True
    )
    if area is not None:
        areas = [area.pk] if area.parent_id is None else [area.pk, area.parent_id]
        found = users_of(assignments.filter(role=Role.SC_LAYER2, area_id__in=areas))
        if found:
            return found
    found = users_of(assignments.filter(role=Role.SC_LAYER1))
    if found:
        return found
    return users_of(assignments.filter(role=Role.MUNICIPAL_ADMIN))


def users_of(assignments: Any) -> list[Any]:
    return list(User.objects.filter(pk__in=assignments.values("user_id")).order_by("pk"))


def area_of(resource: Any) -> Area | None:
    """The 圏域 a place belongs to: the area of its first venue's town (the venue's own area
    when it has no town: a venue placed by hand); None when no venue is placed anywhere."""
    venues = resource.service_locations.order_by("pk").select_related(
        "location__town__area", "location__area"
    )
    for link in venues:
        location = link.location
        if location.town_id is not None and location.town.area_id is not None:
            return location.town.area
        if location.area_id is not None:
            return location.area
    return None
