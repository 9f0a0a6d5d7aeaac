"""お知らせ 「担当圏域の地域資源 N件が確認の時期です」: once an ISO week, each coordinator hears
how many 要確認 resources (never verified, or last verified before the municipality's 確認の期限)
their list shows under 「要確認・担当圏域」 (`?check=1&mine=1&order=verified`).

Who hears it: the users who edit the registry in a 圏域 —
- layer-2 coordinators with an assigned area (they edit in it and in the areas under it);
- layer-1 coordinators (they edit everywhere; with an area on their assignment their list's
  「担当圏域」 is that area and the ones under it, without one it is the whole municipality).
Not the municipal admin: their edit right covers the whole municipality, so the notice would
count every 要確認 resource of the city every week, and their 要確認 list is one click away; nor
read-only roles (council members, advisers, viewers), who cannot record a check.

The count is the list's own rule (resources.selectors: stale_q, and the areas of every role
assignment of the user, as ResourceFilterMixin.my_areas reads them), so the number in the
notice is the number of rows the link shows. A constant number of queries, whatever the number
of users and resources: the day's assignments, the areas under them, the settings, the 要確認
resources with their venues' areas, then notify_many.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from sasaeai.accounts.constants import Role
from sasaeai.accounts.models import RoleAssignment
from sasaeai.areas.models import Area, Municipality
from sasaeai.notices import services as notices
from sasaeai.notices.constants import NoticeKind
from sasaeai.utils.dates import add_months

from .models import Resource
from .selectors import stale_after_months_each, stale_q

SCAN_NAME = "resources_verification_due"
LIST_QUERY = "?check=1&mine=1&order=verified"


def week_key(today: datetime.date, lgcode: str) -> str:
    """The event: this ISO week in this municipality (one notice a week; a user with roles in
    two municipalities hears of each)."""
    year, week, _weekday = today.isocalendar()
    return f"verification:{year}-W{week:02d}:{lgcode}"


def due_counts(today: datetime.date) -> dict[tuple[int, int], int]:
    """(user id, municipality id) → how many 要確認 resources the user's 「担当圏域」 list shows,
    for every coordinator who hears of them (see the module's docstring); zeros left out."""
    coordinators = RoleAssignment.objects.active_on(today).filter(
        role__in=[Role.SC_LAYER1, Role.SC_LAYER2], user__is_active=True
    )
    # Every assignment of those users (the list's 「担当圏域」 reads the areas of all of them).
    rows = (
        RoleAssignment.objects.active_on(today)
        .filter(user_id__in=coordinators.values("user_id"))
        .values_list("user_id", "municipality_id", "role", "area_id")
    )
    hears: set[tuple[int, int]] = set()
    areas_of: dict[tuple[int, int], set[int]] = defaultdict(set)
    for user_id, municipality_id, role, area_id in rows:
        who = (user_id, municipality_id)
        if role == Role.SC_LAYER1 or (role == Role.SC_LAYER2 and area_id is not None):
            hears.add(who)
        if area_id is not None:
            areas_of[who].add(area_id)
    if not hears:
        return {}

    assigned = {area for who in hears for area in areas_of.get(who, ())}
    children: dict[int, set[int]] = defaultdict(set)
    for pk, parent_id in Area.objects.filter(parent_id__in=assigned).values_list("pk", "parent_id"):
        children[parent_id].add(pk)

    # One query for the 要確認 resources of every municipality, grouped by the cutoff date.
    months = stale_after_months_each(m for _u, m in hears)
    by_cutoff: dict[datetime.date, list[int]] = defaultdict(list)
    for municipality_id, n in months.items():
        by_cutoff[add_months(today, -n)].append(municipality_id)
    in_city: dict[int, set[int]] = defaultdict(set)
    in_area: dict[int, set[int]] = defaultdict(set)
    for pk, municipality_id, area_id in due_resources(by_cutoff):
        in_city[municipality_id].add(pk)
        if area_id is not None:
            in_area[area_id].add(pk)

    counts: dict[tuple[int, int], int] = {}
    for who in hears:
        mine = areas_of.get(who)
        if not mine:
            found = in_city[who[1]]
        else:
            scope = set(mine).union(*(children[a] for a in mine))
            found = set().union(*(in_area[a] for a in scope))
        if found:
            counts[who] = len(found)
    return counts


def due_resources(by_cutoff: dict[datetime.date, list[int]]) -> list[tuple[int, int, int | None]]:
    """(resource, municipality, area of a venue) of every 要確認 resource, one row per venue
    (None: no venue placed in an area): one query, one condition per cutoff date."""
    wanted = Q()
    for cutoff, municipality_ids in by_cutoff.items():
        wanted |= Q(municipality_id__in=municipality_ids) & stale_q(cutoff)
    return list(
        Resource.objects.filter(wanted)
        .order_by()
        .values_list("pk", "municipality_id", "service_locations__location__area_id")
        .distinct()
    )


def verification_due_scan(today: datetime.date) -> int:
    """The week's notice to each coordinator with 要確認 resources in their 圏域 (registered
    with notices.services.register_scan; a second run in the same week adds nothing)."""
    counts = due_counts(today)
    if not counts:
        return 0
    codes = dict(
        Municipality.objects.filter(pk__in={m for _u, m in counts}).values_list("pk", "code")
    )
    drafts = [
        notices.NoticeDraft(
            user_id=user_id,
            municipality_id=municipality_id,
            kind=NoticeKind.VERIFICATION_DUE,
            key=week_key(today, codes[municipality_id]),
            title=_("担当圏域の地域資源 %(n)d件が確認の時期です") % {"n": n},
            url=reverse("resources:list", args=[codes[municipality_id]]) + LIST_QUERY,
            body=_(
                "最終確認から期限（地域資源の設定）を過ぎたものと、まだ一度も確認していない"
                "ものです。活動が続いているかを確かめて、確認した日を記録してください。"
            ),
        )
        for (user_id, municipality_id), n in sorted(counts.items())
    ]
    return notices.notify_many(drafts=drafts)
