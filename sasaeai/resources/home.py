"""The registry's block of the home page (core.home_blocks, issue #24): 要確認 in my areas,
the list's own filter (?check=1&mine=1&order=verified) read through the same selector."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from sasaeai.accounts.permissions import active_assignments, may_edit_in
from sasaeai.areas.models import Area, Municipality
from sasaeai.core.home_blocks import HomeBlock, Listed, listed, register_block

from .selectors import ResourceFilters, resource_list


@dataclass(frozen=True)
class ToCheck:
    listed: Listed
    everywhere: bool  # no area on the user's roles: the whole municipality


def my_areas(user: Any, municipality: Municipality) -> tuple[Area, ...]:
    """The areas on the user's role assignments here (none: the whole municipality), as the
    list's 「担当の圏域」 filter reads them."""
    return tuple(
        a.area
        for a in active_assignments(user)
        if a.municipality_id == municipality.pk and a.area is not None
    )


def to_check_block(user: Any, municipality: Municipality, today: datetime.date) -> Any:
    """For those who edit the registry: the resources in their areas due for verification,
    the longest unverified first."""
    if not may_edit_in(user, municipality, []):
        return None
    areas = my_areas(user, municipality)
    filters = ResourceFilters(areas=areas, needs_check=True, ordering="verified")
    return ToCheck(listed(resource_list(municipality, filters)), everywhere=not areas)


def register() -> None:
    """Called from ResourcesConfig.ready()."""
    register_block(
        HomeBlock("resources.to_check", 50, "resources/home/_to_check.html", to_check_block)
    )
