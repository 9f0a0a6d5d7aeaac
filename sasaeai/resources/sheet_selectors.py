"""Reads behind the 確認票 (verification sheets): which resources, loaded in a fixed few queries."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from sasaeai.areas.models import Area, Municipality

from .models import Resource
from .selectors import needs_check_q, with_full_record


def sheet_resources(municipality: Municipality, ids: Sequence[int]) -> list[Resource]:
    """The resources to print, in 50音順, with everything a sheet shows prefetched."""
    resources = Resource.objects.filter(municipality=municipality, pk__in=list(ids))
    return list(with_full_record(resources).order_by("kana_key", "name", "pk"))


def needs_check_ids(
    municipality: Municipality, area: Area | None, today: datetime.date | None = None
) -> list[int]:
    """Ids of the 要確認 resources meeting in `area` (or its child areas); None = everywhere."""
    resources = Resource.objects.filter(municipality=municipality).filter(
        needs_check_q(municipality, today)
    )
    if area is not None:
        area_ids = [area.pk, *area.children.values_list("pk", flat=True)]
        resources = resources.filter(service_locations__location__area_id__in=area_ids)
    return list(
        resources.distinct().order_by("kana_key", "name", "pk").values_list("pk", flat=True)
    )


def sheet_areas(municipality: Municipality) -> list[Area]:
    """The 日常生活圏域 (layer 2) a batch of sheets can be made for, in 50音順."""
    return list(
        Area.objects.current().layer2().filter(municipality=municipality).order_by("kana_key")
    )
