"""印刷用リスト: the paper handout of one 日常生活圏域 that coordinators bring to salons.

Each public place of the area, grouped by kind, with its schedule in words, where it meets (a
private home only as its 町丁目), fee, 送迎 and contacts residents may see, and a small QR code
that opens its page. The same entries make the public HTML page (printed from the browser) and
the A4 PDF (WeasyPrint with Noto Sans JP); a large area's PDF is made by a background job.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import segno
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from sasaeai.areas.models import Area, Municipality
from sasaeai.core.constants import JobStatus
from sasaeai.core.generated_files import generated_file_create
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


def handout_groups(
    municipality: Municipality, area: Area, base_url: str, query: search.Query | None = None
) -> list[tuple[str, list[Entry]]]:
    """The area's public places by kind (in the order of ResourceKind), each in 50音順; only
    those meeting the query's other conditions when one is given (its 圏域 is always `area`)."""
    wanted = dataclasses.replace(query or search.Query(), area=area.pk)
    entries = []
    for place in search.public_matches(municipality, wanted):
        path = reverse("portal:detail", kwargs={"lgcode": municipality.code, "pk": place.pk})
        entries.append(Entry(place, base_url.rstrip("/") + path))
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
    }
    return render_pdf("portal/handout_pdf.html", context, "css/handout-print.css")


def handout_filename(area: Area) -> str:
    """「印刷用リスト_北部圏域.pdf」."""
    name = area.name.replace("/", "・").replace("\\", "・")
    return _("印刷用リスト_%(name)s.pdf") % {"name": name}


# Areas with more places than this get their PDF from a background job: WeasyPrint lays out
# about 28 places a second here (bench/handout.py: 40 places in 1.4 s, 160 in 5.8 s), so a
# request stays under about a second and a half.
IN_REQUEST_PLACES = 40


def handout_kind(area: Area) -> str:
    return f"handout:{area.pk}"


def handout_digest(
    groups: list[tuple[str, list[Entry]]], municipality: Municipality, area: Area
) -> str:
    """A hash of everything the handout prints: the day, the names, and each place's public
    record as residents see it (contacts, venues, schedules ...). Any change that would show
    on paper, such as a contact withdrawing consent, gives another digest."""
    printed = (
        timezone.localdate().isoformat(),
        municipality.name,
        area.name,
        [(kind, [(entry.url, entry.resource) for entry in entries]) for kind, entries in groups],
    )
    return hashlib.sha256(repr(printed).encode()).hexdigest()


def handout_latest(
    municipality: Municipality, area: Area, groups: list[tuple[str, list[Entry]]]
) -> GeneratedFile | None:
    """The latest file made (or being made) from exactly these groups, if any."""
    digest = handout_digest(groups, municipality, area)
    made = GeneratedFile.objects.filter(
        municipality=municipality, kind=handout_kind(area), digest=digest
    )
    return made.order_by("-created_at", "-pk").first()


def handout_file(
    municipality: Municipality,
    area: Area,
    base_url: str,
    groups: list[tuple[str, list[Entry]]],
    *,
    enqueue: Callable[[int, int, str], object],
) -> tuple[GeneratedFile, bool]:
    """The PDF of a large area made from exactly today's public data (`groups`, as read for
    this request): the one already made or being made, else a new background job, started with
    `enqueue(generated_file_id, area_id, base_url)` (the caller passes tasks.make_handout's, so
    this module never imports the tasks that import it). Also says whether the last attempt
    failed."""
    latest = handout_latest(municipality, area, groups)
    digest = handout_digest(groups, municipality, area)
    if latest is not None and latest.status != JobStatus.FAILED:
        return latest, False
    with transaction.atomic():
        generated = generated_file_create(
            municipality=municipality,
            user=None,
            title=_("印刷用リスト_%(name)s") % {"name": area.name},
            kind=handout_kind(area),
            digest=digest,
        )
        # The worker must find the row, so enqueue only once it is committed.
        transaction.on_commit(lambda: enqueue(generated.pk, area.pk, base_url))
    return generated, latest is not None
