"""確認票: one printed A4 page per resource, its current data beside blank lines for corrections.

A staff document: it shows phone numbers and private-home addresses (marked 個人宅), so it is
only ever served by permission-checked views, never linked from public pages. Each sheet
carries a QR code of the organiser's link (resources.organiser_links, issue #26): the group
given the sheet can also send its corrections from a phone, no account needed.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import segno
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from sasaeai.areas.models import Municipality
from sasaeai.utils.pdf import base_url, font_path, stylesheet
from sasaeai.utils.wareki import to_wareki

from .. import organiser_links, scheduling
from ..constants import Activity, SupportType, TagCategory, VerificationMethod
from ..models import Location, Resource
from ..personal import address_shown, contacts_shown

# Resources laid out per WeasyPrint document: progress is reported after each chunk, and the
# chunks share one FontConfiguration so the combined PDF embeds the font once.
CHUNK = 10
NOT_SET = gettext_lazy("（未登録）")

ProgressCallback = Callable[[int, int], None]  # (resources done, resources in all)


@dataclass(frozen=True)
class SheetRow:
    """One printed field: its label, the current value as lines, and lines left for writing."""

    label: str
    lines: tuple[str, ...]
    blank_lines: int

    @property
    def writing_lines(self) -> range:
        return range(self.blank_lines)


@dataclass(frozen=True)
class Sheet:
    """Everything printed on one resource's page."""

    pk: int
    name: str
    rows: tuple[SheetRow, ...]
    # The organiser's link (a fresh nonce for each sheet printed) as an inline SVG QR code.
    organiser_qr: str = ""


def organiser_qr(resource: Resource) -> SafeString:
    """A new organiser's link for the resource as an inline SVG QR code (error correction M,
    sized by the sheet's CSS), labelled with what it opens."""
    url = organiser_links.organiser_url(organiser_links.make_token(resource.pk))
    svg = segno.make(url, error="m").svg_inline(omitsize=True, svgclass="sheet__qr-code")
    label = _("「%(name)s」の掲載内容を確認するページを開くQRコード") % {"name": resource.name}
    # segno writes only the path data of the URL; the label is escaped here.
    return mark_safe(
        svg.replace("<svg ", format_html('<svg role="img" aria-label="{}" ', label), 1)
    )


def row(label: str, values: Sequence[str], blank_lines: int = 2) -> SheetRow:
    """A row; an empty value prints as （未登録） so the person checking can fill it in."""
    lines = tuple(v for v in values if v) or (str(NOT_SET),)
    return SheetRow(label, lines, max(blank_lines, len(lines)))


def location_lines(location: Location, personal: bool = True) -> list[str]:
    """The venue and its address; a private home marked 【個人宅】 (this is a staff document),
    its address left out for those who may not see personal data (resources.personal)."""
    mark = _("【個人宅】") if location.is_private_home else ""
    town = location.town.name if location.town else ""
    where = (location.address if address_shown(location, personal) else "") or (
        _("町丁目：%(town)s") % {"town": town} if town else _("住所未登録")
    )
    return [f"{mark}{location.name}（{location.get_venue_type_display()}）", where]


def tag_labels(resource: Resource, category: str, choices: type[Activity | SupportType]) -> str:
    values = [t.value for t in resource.tags.all() if t.category == category]
    return "、".join(str(choices(v).label) if v in choices.values else v for v in values)


def fee_text(resource: Resource) -> str:
    if resource.fee_free:
        amount = _("無料")
    elif resource.fee_amount is not None:
        amount = _("%(amount)s円") % {"amount": f"{resource.fee_amount:,}"}
    else:
        return resource.fee_note
    return f"{amount}（{resource.fee_note}）" if resource.fee_note else amount


def fact_line(label: str, value: bool | None, yes: str, no: str) -> str:
    """A public fact as recorded; unknown shows both words, for the group to circle one."""
    if value is None:
        return _("%(label)s：未確認（%(yes)s・%(no)s）") % {"label": label, "yes": yes, "no": no}
    return f"{label}：{yes if value else no}"


def number_text(value: int | None, unit: str) -> str:
    return "" if value is None else f"{value:,}{unit}"


def verified_text(resource: Resource) -> str:
    if resource.last_verified_on is None:
        return _("まだ確認されていません")
    method = resource.get_last_verified_method_display()
    return to_wareki(resource.last_verified_on) + (f"（{method}）" if method else "")


def sheet_of(resource: Resource, personal: bool = True) -> Sheet:
    """The printed rows of one resource, read from its prefetched relations; without
    `personal`, no private contact and no private home's address."""
    organization = resource.organization
    activities = tag_labels(resource, TagCategory.ACTIVITY, Activity)
    supports = tag_labels(resource, TagCategory.SUPPORT, SupportType)
    rows = [
        row(_("名称"), [resource.name], 1),
        row(_("ふりがな"), [resource.kana], 1),
        row(_("種類"), [resource.get_kind_display()], 1),
        row(_("状態"), [resource.get_status_display()], 1),
        row(
            _("運営主体"),
            [f"{organization.name}（{organization.get_type_display()}）" if organization else ""],
            1,
        ),
        row(
            _("活動内容"),
            [activities, _("支援の種類：%(types)s") % {"types": supports} if supports else ""],
        ),
        row(
            _("会場"),
            [
                line
                for link in resource.service_locations.all()
                for line in location_lines(link.location, personal)
            ],
        ),
        row(
            _("開催予定"),
            [scheduling.describe(scheduling.spec_of(s)) for s in resource.schedules.all()],
        ),
        row(_("参加費"), [fee_text(resource)], 1),
        row(
            _("申込・送迎など"),
            [
                fact_line(_("事前申込"), resource.registration_required, _("必要"), _("不要")),
                fact_line(_("送迎"), resource.pickup, _("あり"), _("なし")),
                fact_line(_("バリアフリー"), resource.barrier_free, _("対応"), _("非対応")),
            ],
        ),
        row(_("定員"), [number_text(resource.capacity, _("人"))], 1),
        row(_("登録者数"), [number_text(resource.registered_total, _("人"))], 1),
        row(
            _("連絡先"),
            [
                f"{c.name}（{c.get_role_display()}） {c.phone} {c.email}".strip()
                for c in contacts_shown(resource, personal)
            ],
        ),
        row(_("最終確認日"), [verified_text(resource)], 1),
    ]
    # A free row for what the fields miss (a new leader, a move, the group's wishes).
    rows.append(SheetRow(_("備考"), ("",), 3))
    # The organiser's link only on the sheets of those who may handle what comes back through
    # it (coordinators and the admin): a read-only user's sheet would hand out links to
    # propose changes that nobody who printed it follows up.
    return Sheet(
        resource.pk, resource.name, tuple(rows), organiser_qr(resource) if personal else ""
    )


def sheet_html(
    sheets: Sequence[Sheet],
    municipality: Municipality,
    today: datetime.date,
    personal: bool = True,
) -> str:
    return render_to_string(
        "resources/sheet.html",
        {
            "sheets": sheets,
            "personal": personal,
            "municipality": municipality,
            "created_on": to_wareki(today),
            "link_until": to_wareki(organiser_links.valid_until(today)),
            "methods": [str(label) for label in VerificationMethod.labels],
            "font_url": font_path().as_uri(),
        },
    )


def render_sheet_pdf(
    resources: Sequence[Resource],
    *,
    municipality: Municipality,
    today: datetime.date,
    on_progress: ProgressCallback | None = None,
    personal: bool = True,
) -> bytes:
    """One A4 page per resource (more if a resource's data overflows), as PDF bytes; without
    `personal`, the sheets of someone who may not see personal data (resources.personal)."""
    font_config = FontConfiguration()
    css = stylesheet(font_config, "css/sheet-print.css")
    sheets = [sheet_of(r, personal) for r in resources]
    documents = []
    for start in range(0, max(len(sheets), 1), CHUNK):
        html = HTML(
            string=sheet_html(sheets[start : start + CHUNK], municipality, today, personal),
            base_url=base_url(),
        )
        documents.append(html.render(stylesheets=[css], font_config=font_config))
        if on_progress is not None:
            on_progress(min(start + CHUNK, len(sheets)), len(sheets))
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf()


def sheet_filename(resource: Resource) -> str:
    """「確認票_いきいきサロン.pdf」 (slashes removed so it stays one file name)."""
    name = resource.name.replace("/", "・").replace("\\", "・")
    return _("確認票_%(name)s.pdf") % {"name": name}
