"""Personal data in the registry (issue #21): what council members, advisers and viewers do not
see, stated once for every staff screen, export and 確認票 of resources.

Two things are personal data here:
- a contact that is not public (selectors.PUBLIC_CONTACTS: marked public *and* with the date
  its person agreed): its name, phone number and e-mail address;
- the address and the map position of a venue in a private home (個人宅,
  selectors.shown_only_as_town): its postal code, 番地以下, building and coordinates. Its name
  and 町丁目 stay, as residents see them.

Users with Perm.PERSONAL_DATA (accounts.permissions.may_see_personal: the municipal admin and
the coordinators) see everything, and each page or file that showed them any of it is written to
the access log (core.access_log) with the number of resources that held some.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable

from .models import Contact, Location, Resource
from .selectors import shown_only_as_town


def is_private_contact(contact: Contact) -> bool:
    """The Python form of selectors.PUBLIC_CONTACTS, for prefetched contacts."""
    return not (contact.is_public and contact.public_consent_on is not None)


def is_private_address(location: Location) -> bool:
    """A venue whose address is personal data (a private home with any part of one)."""
    return shown_only_as_town(location.venue_type) and bool(
        location.postal_code
        or location.street
        or location.building
        or location.latitude is not None
    )


def contacts_shown(resource: Resource, personal: bool) -> list[Contact]:
    """The resource's contacts (prefetched) a user sees: all, or the public ones alone."""
    contacts = list(resource.contacts.all())
    return contacts if personal else [c for c in contacts if not is_private_contact(c)]


def address_shown(location: Location, personal: bool) -> bool:
    """Whether the user sees the venue's address and position."""
    return personal or not shown_only_as_town(location.venue_type)


def holds_personal(resource: Resource) -> bool:
    """Does the resource's full staff record (contacts and venues prefetched) hold any?"""
    return any(is_private_contact(c) for c in resource.contacts.all()) or any(
        is_private_address(link.location) for link in resource.service_locations.all()
    )


def personal_count(resources: Iterable[Resource]) -> int:
    """How many of the resources hold personal data: the access log's record count."""
    return sum(1 for resource in resources if holds_personal(resource))


def venue_for(location: Location, personal: bool) -> Location:
    """The venue as the user sees it: itself, or for a private home seen without the
    permission a copy with its postal code, 番地以下, building and position emptied (a copy, so
    the prefetched venue is never changed, and never saved)."""
    if address_shown(location, personal):
        return location
    hidden = copy.copy(location)
    hidden.postal_code = hidden.street = hidden.building = ""
    hidden.latitude = hidden.longitude = None
    return hidden
