"""印刷用リスト: the paper handout of one 日常生活圏域 that coordinators bring to salons.

Each public place of the area, grouped by kind, with its schedule in words, where it meets (a
private home only as its 町丁目), fee, 送迎 and contacts residents may see, and a small QR code
that opens its page. The same entries make the public HTML page (printed from the browser) and
the A4 PDF (WeasyPrint with Noto Sans JP). The PDF is made once for each digest of what it
prints, by a background job, and stored (GeneratedFile); every later visitor is sent the stored
file. Nothing in it comes
from the request: its QR codes open `settings.SITE_URL`, so a visitor's `Host` header can
neither change the file nor start another one.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import segno
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from sasaeai.areas.models import Area, Municipality
from sasaeai.areas.selectors import PublicDesk, public_desks_of
from sasaeai.core.constants import JobStatus
from sasaeai.core.generated_files import generated_file_create, generated_file_finish
from sasaeai.core.models import GeneratedFile
from sasaeai.resources.constants import ResourceKind
from sasaeai.resources.selectors import PublicResource
from sasaeai.utils.pdf import render_pdf
from sasaeai.utils.wareki import to_wareki

from . import search


@dataclass(frozen=True)
class Entry:
    """One place of the handout and the address its QR code opens."""

    resource: PublicResource
    url: str

    @property
    def qr(self) -> SafeString:
        return qr_svg(
            self.url, _("「%(name)s」のページを開くQRコード") % {"name": self.resource.name}
        )


# segno takes about 10 ms a code (most of it choosing the mask that scans best): a printed
# search of a whole city (a few hundred places) would spend seconds on them each time. A code
# depends only on its address and label, so each process keeps the ones it has drawn.
@functools.lru_cache(maxsize=4096)
def qr_svg(url: str, label: str) -> SafeString:
    """The URL as an inline SVG QR code (error correction M, scaled by CSS), labelled for
    screen readers."""
    svg = segno.make(url, error="m").svg_inline(omitsize=True, svgclass="qr__code")
    # segno writes only the path data of the URL it was given; the label is escaped here.
    opening = format_html('<svg role="img" aria-label="{}" ', label)
    return mark_safe(svg.replace("<svg ", opening, 1))


def place_url(municipality: Municipality, pk: int) -> str:
    """The address of a place's public page as printed (QR codes): on `settings.SITE_URL`, never
    on the host a request named, so one printed page reads the same whoever asked for it."""
    path = reverse("portal:detail", kwargs={"lgcode": municipality.code, "pk": pk})
    return settings.SITE_URL.rstrip("/") + path


def handout_groups(
    municipality: Municipality, area: Area, query: search.Query | None = None
) -> list[tuple[str, list[Entry]]]:
    """The area's public places by kind (in the order of ResourceKind), each in 50音順; only
    those meeting the query's other conditions when one is given (its 圏域 is always `area`)."""
    wanted = dataclasses.replace(query or search.Query(), area=area.pk)
    entries = [
        Entry(place, place_url(municipality, place.pk))
        for place in search.public_matches(municipality, wanted)
    ]
    return by_kind(entries)


def by_kind(entries: list[Entry]) -> list[tuple[str, list[Entry]]]:
    """Entries grouped by kind, in the order of ResourceKind, each group in the given order."""
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(entry.resource.kind, []).append(entry)
    labels = dict(ResourceKind.choices)
    return [(str(labels[kind]), groups[kind]) for kind in ResourceKind.values if kind in groups]


def place_total(groups: list[tuple[str, list[Entry]]]) -> int:
    return sum(len(entries) for _, entries in groups)


def handout_desks(municipality: Municipality, area: Area) -> tuple[PublicDesk, ...]:
    """The 生活支援コーディネーターへの相談 box the handout ends with: the area's public desks (its
    layer-1 area's when it has none). Part of the digest, so a new phone number reprints."""
    return public_desks_of(municipality, [area.pk])


def render_handout_pdf(
    groups: list[tuple[str, list[Entry]]],
    *,
    municipality: Municipality,
    area: Area,
    today: datetime.date,
) -> bytes:
    """The handout as A4 PDF bytes: a title, then the places, none split across pages."""
    context = {
        "municipality": municipality,
        "area": area,
        "created_on": to_wareki(today),
        "groups": groups,
        "count": place_total(groups),
        "desks": handout_desks(municipality, area),
    }
    return render_pdf("portal/handout_pdf.html", context, "css/handout-print.css")


def handout_filename(area: Area) -> str:
    """「印刷用リスト_北部圏域.pdf」."""
    name = area.name.replace("/", "・").replace("\\", "・")
    return _("印刷用リスト_%(name)s.pdf") % {"name": name}


# The waiting page tells a visitor to an area with more places than this that its PDF takes
# about a minute (WeasyPrint lays out about 28 places a second here: bench/handout.py, 40
# places in 1.4 s, 160 in 5.8 s); a smaller area's is ready in a few seconds.
LARGE_AREA_PLACES = 40


def handout_kind(area: Area) -> str:
    return f"handout:{area.pk}"


def handout_digest(
    groups: list[tuple[str, list[Entry]]], municipality: Municipality, area: Area
) -> str:
    """A hash of everything the handout prints: the day, the names, each place's public
    record as residents see it (contacts, venues, schedules ...) and the coordinators' desks.
    Any change that would show on paper, such as a contact withdrawing consent or a desk's new
    phone number, gives another digest."""
    printed = (
        timezone.localdate().isoformat(),
        municipality.name,
        area.name,
        [(kind, [(entry.url, entry.resource) for entry in entries]) for kind, entries in groups],
        handout_desks(municipality, area),
    )
    return hashlib.sha256(repr(printed).encode()).hexdigest()


# A job not done this long after a visit asked for it was stopped on the way (its worker was
# restarted): the next visit asks again instead of every visitor waiting for it all day. A
# handout takes seconds; the margin is for a queue that is busy with other jobs.
STUCK_AFTER = datetime.timedelta(minutes=10)


def handout_usable(generated: GeneratedFile) -> bool:
    """Whether visitors get this file or wait for it: neither failed nor stuck."""
    if generated.status == JobStatus.FAILED:
        return False
    if generated.status == JobStatus.DONE:
        return True
    return generated.created_at > timezone.now() - STUCK_AFTER


def handout_latest(municipality: Municipality, area: Area, digest: str) -> GeneratedFile | None:
    """The latest file made (or being made) from exactly the data of this digest, if any."""
    made = GeneratedFile.objects.filter(
        municipality=municipality, kind=handout_kind(area), digest=digest
    )
    return made.order_by("-created_at", "-pk").first()


@dataclass(frozen=True)
class Printed:
    """What the area's handout would print now: its digest and how many places it lists."""

    digest: str
    places: int


def handout_printed(municipality: Municipality, area: Area) -> Printed:
    """The handout's digest as of now. Reading the area's places for it costs more than
    sending the stored file, so it is kept for PUBLIC_PAGE_SECONDS, as the residents' pages are
    (see views.for_residents): a change shows on paper within that time, as on screen."""
    seconds = settings.PUBLIC_PAGE_SECONDS
    key = f"portal:handout:{area.pk}:{timezone.localdate().isoformat()}"
    cache = caches["pages"]
    if seconds:
        kept = cache.get(key)
        if isinstance(kept, Printed):
            return kept
    groups = handout_groups(municipality, area)
    printed = Printed(handout_digest(groups, municipality, area), place_total(groups))
    if seconds:
        cache.set(key, printed, seconds)
    return printed


def handout_file(
    municipality: Municipality,
    area: Area,
    printed: Printed,
    *,
    enqueue: Callable[[int, int], object],
) -> tuple[GeneratedFile, bool]:
    """The area's PDF made from exactly today's public data (`printed`, its digest): the one already made or being made, else a new background job, started with
    `enqueue(generated_file_id, area_id)` (the caller passes tasks.make_handout's, so this
    module never imports the tasks that import it). Also says whether the last attempt failed.

    Every area's PDF, a small one's too, is made by the worker, never in the request: a web
    process that lays out pages for whoever asks can be kept busy by anyone (bench/surge.py:
    rendered in the request, the seven demo areas' first visits held both gunicorn workers and
    the staff login page took 13 to 27 s). A new job is started once: the first visitor claims
    the row under a lock, so visitors arriving together wait for that one file."""
    latest = handout_latest(municipality, area, printed.digest)
    if latest is not None and handout_usable(latest):
        return latest, False
    with transaction.atomic():
        # Taken in turn per area: PostgreSQL locks the area's row; SQLite's transactions are
        # IMMEDIATE here (settings), so a second writer waits at BEGIN. Under the lock, look
        # again: a visitor just before may have claimed the file.
        list(Area.objects.select_for_update().filter(pk=area.pk).values_list("pk", flat=True))
        claimed = handout_latest(municipality, area, printed.digest)
        if claimed is not None and handout_usable(claimed):
            return claimed, False
        generated = generated_file_create(
            municipality=municipality,
            user=None,
            title=_("印刷用リスト_%(name)s") % {"name": area.name},
            kind=handout_kind(area),
            digest=printed.digest,
        )
        # The worker must find the row, so enqueue only once it is committed.
        transaction.on_commit(lambda: enqueue(generated.pk, area.pk))
    # Run at once by an immediate task backend (tests, benches), the job may be done already.
    generated.refresh_from_db()
    return generated, latest is not None


def handout_store(
    *,
    generated: GeneratedFile,
    groups: list[tuple[str, list[Entry]]],
    municipality: Municipality,
    area: Area,
) -> GeneratedFile:
    """The worker's part: render `groups` into the row's file and mark it 完成."""
    content = render_handout_pdf(
        groups, municipality=municipality, area=area, today=timezone.localdate()
    )
    return generated_file_finish(generated=generated, name=handout_filename(area), content=content)
