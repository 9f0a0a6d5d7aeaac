"""Who may read and write a council's records, on top of accounts.permissions: members write
their own council's records, the area's coordinators (and layer 1, and the municipal admin)
write, everyone with a role in the municipality reads, only the council's coordinators read the
secretariat's private notes, and only those with the personal-data permission read members'
contact details."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from sasaeai.accounts.constants import Perm
from sasaeai.accounts.permissions import has_perm, may_see_personal

from .models import Council, Membership


def is_member(user: Any, council: Council) -> bool:
    """A member of the council today (membership is not a login role; it is checked here)."""
    if not getattr(user, "is_authenticated", False):
        return False
    today = timezone.localdate()
    return (
        Membership.objects.filter(council=council, user=user, term_start__lte=today)
        .exclude(term_end__lt=today)
        .exists()
    )


def can_coordinate(user: Any, council: Council) -> bool:
    """Coordinators and admins who may edit in the council's area (private notes, contacts)."""
    return has_perm(user, Perm.EDIT_AREA, council.municipality, council.area)


def can_write(user: Any, council: Council) -> bool:
    return can_coordinate(user, council) or is_member(user, council)


def can_read(user: Any, council: Council) -> bool:
    return has_perm(user, Perm.VIEW, council.municipality)


def may_see_contacts(user: Any, council: Council) -> bool:
    """Members' e-mail addresses and postal addresses are personal data (issue #21): the
    municipality's coordinators and its admin see them; council members, advisers and viewers
    see the same pages without them."""
    return may_see_personal(user, council.municipality)
