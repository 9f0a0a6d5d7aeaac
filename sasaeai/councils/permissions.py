"""Who may read and write a council's records, on top of accounts.permissions: members write
their own council's records, the area's coordinators (and layer 1, and the municipal admin)
write, everyone with a role in the municipality reads, only the council's coordinators read the
secretariat's private notes, and only those with the personal-data permission read members'
contact details."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from sasaeai.accounts.constants import Perm, Role
from sasaeai.accounts.permissions import active_assignments, has_perm, may_see_personal

from .models import Challenge, Council, Meeting, Membership


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


def is_adviser(user: Any, council: Council) -> bool:
    """Holds the アドバイザー role in the council's municipality today."""
    return any(
        a.role == Role.ADVISER and a.municipality_id == council.municipality_id
        for a in active_assignments(user)
    )


def may_see_interests(user: Any, council: Council) -> bool:
    """Members' 関心・気になっていること, できること and tags are shared *inside* the council:
    its writers (its members, the area's coordinators, layer 1 and the municipal admin) and the
    municipality's advisers, who support the council's dialogue. They are not contact data, but
    members write them for one another, not for every reader in the municipality: a viewer, a
    member of another council or another area's coordinator reads the council without them."""
    return can_write(user, council) or is_adviser(user, council)


def writable(user: Any, councils: Iterable[Council]) -> list[Council]:
    """Those of the councils whose records the user may write (can_write for each, with one
    query for the memberships however many councils)."""
    councils = list(councils)
    if not getattr(user, "is_authenticated", False):
        return []
    today = timezone.localdate()
    member_of = set(
        Membership.objects.filter(council__in=councils, user=user, term_start__lte=today)
        .exclude(term_end__lt=today)
        .values_list("council_id", flat=True)
    )
    return [c for c in councils if c.pk in member_of or can_coordinate(user, c)]


def attendance_councils(user: Any, meeting: Meeting) -> list[Council]:
    """The councils of a meeting whose members' attendance the user may record: at a joint
    meeting each council's writers mark their own council's members (and record the other
    participants); the rest of the record (minutes, decisions, actions, status) belongs to the
    council holding it and is written only by its writers."""
    return writable(user, meeting.all_councils())


# Who writes 助言: the municipality's advisers, and layer 1 (its coordinators and the municipal
# admin), whose job includes supporting the layer-2 councils (支援・助言).
ADVISING_ROLES = frozenset({Role.ADVISER, Role.SC_LAYER1, Role.MUNICIPAL_ADMIN})


def may_advise(user: Any, council: Council) -> bool:
    """May `user` write 助言 on the council or one of its meetings? Advisers (Role.ADVISER) and
    layer-1 coordinators (Role.SC_LAYER1 and Role.MUNICIPAL_ADMIN) of the council's
    municipality, on any of its councils; never a layer-2 coordinator, a member or a viewer,
    who write the council's own records instead. The site operator (a superuser) may too."""
    if getattr(user, "is_superuser", False):
        return True
    return any(
        a.role in ADVISING_ROLES and a.municipality_id == council.municipality_id
        for a in active_assignments(user)
    )


def may_write_challenge(user: Any, challenge: Challenge) -> bool:
    """A council's challenge: its council's writers; one raised without a council (from the
    analysis, by a coordinator): whoever may edit in its 圏域."""
    if challenge.council is not None:
        return can_write(user, challenge.council)
    return has_perm(user, Perm.EDIT_AREA, challenge.municipality, challenge.area)
