"""The organiser's link of a 確認票 (issue #26, point 8): a signed, expiring address printed as a
QR code on each sheet, where the organiser, with no account, sees their listing and proposes
changes (the page is residents', `residents_public:organiser`).

The token is `django.core.signing` (a TimestampSigner with a salt of its own), carrying the
resource's pk and a random nonce, stamped with the time it was made: nobody can make one for another resource or
stretch its life, and `ORGANISER_LINK_DAYS` after printing it stops working. The nonce names the
printed sheet: the proposal sent from it carries the nonce, and once a coordinator decides
that proposal the link is spent (the residents app checks). Nothing is stored when a sheet is
printed, so printing costs no writes and an unused link simply expires.

Made here because the 確認票 is made here; read by the residents app, above this one.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "sasaeai.resources.organiser_link"
# 9 random bytes (12 characters): unique to each printed sheet (the signature, not the nonce,
# keeps links from being made up), and short enough to keep the QR code small.
NONCE_BYTES = 9


class LinkInvalidError(Exception):
    """The link was not made here (altered, cut short, or made up)."""


@dataclass(frozen=True)
class OrganiserLink:
    resource_id: int
    nonce: str


class LinkExpiredError(Exception):
    """The link was made here but is older than ORGANISER_LINK_DAYS; `link` says what it was
    for (the page names the municipality to ask)."""

    def __init__(self, link: OrganiserLink) -> None:
        super().__init__(link)
        self.link = link


def link_days() -> int:
    return int(settings.ORGANISER_LINK_DAYS)


def signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def make_token(resource_id: int) -> str:
    """A new token for the resource, with a fresh nonce (each printed sheet its own):
    「<pk>.<nonce>:<time>:<signature>」, short, so the printed QR code stays coarse enough
    for an old phone's camera."""
    return signer().sign(f"{resource_id}.{secrets.token_urlsafe(NONCE_BYTES)}")


def read_token(token: str) -> OrganiserLink:
    """The resource and nonce a token carries; LinkExpiredError past its days, LinkInvalidError when it
    was not made here."""
    try:
        return link_of(signer().unsign(token, max_age=datetime.timedelta(days=link_days())))
    except signing.SignatureExpired:
        # Genuine but old: read again without the age check, to say what it was for.
        raise LinkExpiredError(link_of(signer().unsign(token))) from None
    except signing.BadSignature as error:
        raise LinkInvalidError from error


def link_of(value: str) -> OrganiserLink:
    pk, _dot, nonce = value.partition(".")
    if not pk.isascii() or not pk.isdigit() or not nonce:
        raise LinkInvalidError
    return OrganiserLink(resource_id=int(pk), nonce=nonce)


def organiser_url(token: str) -> str:
    """The address as printed (the QR code): on `settings.SITE_URL`, as the portal's handouts
    are, never on the host a request named."""
    path = reverse("residents_public:organiser", kwargs={"token": token})
    return settings.SITE_URL.rstrip("/") + path


def valid_until(today: datetime.date) -> datetime.date:
    """The last whole day a link printed today works (printed on the sheet): the link lasts
    ORGANISER_LINK_DAYS from the moment it was made, so on the day after this one it stops at
    the hour it was printed."""
    return today + datetime.timedelta(days=link_days() - 1)
