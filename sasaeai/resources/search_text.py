"""The two stored search columns of a resource, normalised (utils.text.normalize) so a search is a
substring match that works the same on SQLite and PostgreSQL.

- `search_text`, read by residents' search (selectors.public_matching): only what the public
  record shows, i.e. the name, its reading, the description, and the organisation's name unless
  the organisation is a private person (住民個人, selectors.organization_shown). Contacts and
  venues are in neither column: a venue in a private home is shown only as its 町丁目.
- `staff_search_text`, read by the staff list (selectors.resource_list): the same and the name of
  a 住民個人 organisation, so that staff still find a place by the person who runs it.

Both are derived from the resource and its organisation: resources.services sets them on every
save, and `refresh` recomputes them when an organisation is renamed or changes type (and in
migration 0008, for the rows stored before the columns were split).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sasaeai.utils.text import normalize

from .selectors import organization_shown


def joined(parts: Iterable[str]) -> str:
    # One line per part, so a word never matches across two parts.
    return "\n".join(normalize(p) for p in parts if p)


def public_text(resource: Any) -> str:
    """What residents' search may match: nothing the public record leaves out."""
    organization = resource.organization
    shown = organization.name if organization_shown(organization) else ""
    return joined([resource.name, resource.kana, shown, resource.description])


def staff_text(resource: Any) -> str:
    """What the staff list search matches: the organisation's name whatever its type."""
    organization = resource.organization.name if resource.organization else ""
    return joined([resource.name, resource.kana, organization, resource.description])


def refresh(resources: Any) -> int:
    """Recompute both columns of the given resources (a queryset, historical models in a
    migration included); returns how many rows changed. Derived columns only, so no history."""
    changed = []
    for resource in resources.select_related("organization").only(
        "name", "kana", "description", "search_text", "staff_search_text",
        "organization__name", "organization__type",
    ):  # fmt: skip
        texts = (public_text(resource), staff_text(resource))
        if texts != (resource.search_text, resource.staff_search_text):
            resource.search_text, resource.staff_search_text = texts
            changed.append(resource)
    resources.model._default_manager.bulk_update(
        changed, ["search_text", "staff_search_text"], batch_size=500
    )
    return len(changed)
