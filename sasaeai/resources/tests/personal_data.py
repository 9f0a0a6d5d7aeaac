"""The registry's personal data read from the database, and what a page or file must not hold
of it (issue #21): the shared part of the resources' personal-data tests.

Read from the database, not a fixed list: every contact that is not public (its name, phone
and e-mail) and every venue in a private home (its 番地以下, building, postal code and position).
A value that is also a public value (two people of the same name, one public; a 番地 shared with
a public venue in another 町) is left out, since showing the public one is right.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from sasaeai.core.tests.received import assert_holds_none, personal_in, text_of
from sasaeai.resources.constants import VenueType
from sasaeai.resources.models import Contact, Location

__all__ = ["assert_holds_none", "personal_in", "text_of"]

PUBLIC_CONTACT = Q(is_public=True, public_consent_on__isnull=False)
PRIVATE_HOME = Q(venue_type=VenueType.PRIVATE_HOME)


def contact_values(contacts: Any) -> set[str]:
    return {
        v.strip()
        for row in contacts.values_list("name", "phone", "email")
        for v in row
        if v.strip()
    }


def venue_values(venues: Any) -> set[str]:
    values = set()
    for venue in venues:
        values |= {venue.postal_code, venue.street, venue.building}
        if venue.latitude is not None:
            values |= {str(venue.latitude), str(venue.longitude)}
    return {v.strip() for v in values if v and v.strip()}


def personal_values() -> dict[str, set[str]]:
    """Every personal value of the registry, by kind, without those that are also public."""
    public = contact_values(Contact.objects.filter(PUBLIC_CONTACT)) | venue_values(
        Location.objects.exclude(PRIVATE_HOME)
    )
    return {
        "非公開の連絡先": contact_values(Contact.objects.exclude(PUBLIC_CONTACT)) - public,
        "個人宅の住所・位置": venue_values(Location.objects.filter(PRIVATE_HOME)) - public,
    }
