"""自治体標準オープンデータセット「介護サービス事業所一覧」 and facility lists like it (CSV or .xlsx)
as resources of kind 介護サービス事業所.

Columns are found through the column-mapping step of core.imports (a synonym table per field,
both 自治体標準 generations and the headers municipalities really use; the user maps the rest).
An office is matched to the registry by its 事業所番号 (which may contain letters): first by the
SourceId an earlier import stored, then by the venue's external_id (imports before issue #22).
A re-import writes only the offices whose values changed, and names the changed fields.

Nothing the file says is dropped without a word: a value that cannot be read is stored in the
resource's 要確認の理由 with the value verbatim, and a column no field takes is listed as unread.
This import IS the facilities' open data, so its phone numbers are the venues' public 代表電話.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sasaeai.areas.models import Municipality
from sasaeai.core.bulk import insert_with_history
from sasaeai.core.imports import (
    ColumnMatch,
    Preview,
    PreviewRow,
    json_str_map,
    match_columns,
    pk_to_json,
    records_by_pk,
    table_preview,
    unread_with_samples,
)
from sasaeai.utils.geo import coordinate_errors, split_position
from sasaeai.utils.table_reader import cell_text
from sasaeai.utils.text import as_typed

from .. import scheduling, services
from ..constants import OrganizationType, ResourceKind, VenueType
from ..matching import record_key
from ..models import Location, Organization, Resource, ServiceAtLocation, SourceId
from ..validators import corporate_number_check_digit
from . import flat
from .flat import fitted, header_key, typed_cell

# Field (the Japanese label the mapping select shows) → the header words it is found by
# (core.imports.column_key: NFKC, spaces and underscores ignored, any case): the 2020 自治体標準
# header first, then the newer generation's, then what other facility lists write, then English.
# The order is the order the mapping step offers the fields in.
COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "事業所名": ("介護サービス事業所名称", "名称", "事業所名", "事業所名称", "施設名", "name"),
    "事業所番号": ("事業所番号", "介護保険事業所番号", "officeNumber", "officeCode"),
    "サービスの種類": (
        "実施サービス", "サービス種別", "サービス種類名", "サービス種類", "サービス名",
        "service", "serviceType",
    ),
    "ふりがな": (
        "介護サービス事業所名称_カナ", "名称_カナ", "事業所名カナ", "事業所名_カナ", "フリガナ",
        "よみがな", "カナ", "kana", "nameKana",
    ),
    "郵便番号": ("郵便番号", "事業所郵便番号", "〒", "postalCode", "zipCode"),
    "住所": ("住所", "所在地_連結表記", "事業所住所", "所在地", "事業所所在地", "address"),
    "方書": ("方書", "所在地_方書", "建物名", "building"),
    "緯度": ("緯度", "latitude", "lat"),
    "経度": ("経度", "longitude", "lng", "lon"),
    "位置": ("位置", "座標", "位置情報", "location", "coordinates"),
    "電話番号": (
        "電話番号", "事業所電話番号", "電話", "TEL", "telephoneNumber", "phoneNumber", "phone",
    ),
    "法人名": ("法人の名称", "申請者名", "法人名", "法人名称", "運営法人", "corporationName"),
    "法人番号": ("法人番号", "corporateNumber"),
    "定員": ("定員", "capacity"),
    "URL": ("URL", "ホームページ", "ホームページアドレス", "website", "homepage"),
    # The opening days and hours, as the flat import reads them (its opening_of).
    "開所日": ("利用可能曜日", "開所日", "営業日", "availableDate", "availableDays"),
    "開所時間": ("開所時間", "営業時間", "利用可能時間", "受付時間", "hours"),
    "開始時刻": ("開始時間", "開始時刻", "startTime"),
    "終了時刻": ("終了時間", "終了時刻", "endTime"),
    "休業日・備考": ("利用可能日時特記事項", "休業日", "定休日", "休館日", "availableDateNote"),
}  # fmt: skip
REQUIRED = ("事業所名", "事業所番号")
# The SourceId source of this import: the header as flat.header_key compares it, so a flat
# sheet with a 事業所番号 column meets the same ids.
SOURCE = header_key("事業所番号")
OFFICE_NUMBER = re.compile(r"^[0-9A-Za-z]{10}$")
# Stored as typed (issue #22: 愛全園（従来型） keeps its brackets); the other fields are numbers
# and codes read with their width folded (cell_text, NFKC), ０１２３ as 0123.
KEPT_FIELDS = frozenset((
    "事業所名", "サービスの種類", "住所", "方書", "法人名", "開所日", "開所時間", "開始時刻",
    "終了時刻", "休業日・備考",
))  # fmt: skip
# Dash-like characters NFKC leaves as they are (ー in 042ー626ー1111, the minus sign −).
DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−ーｰ", "-"))
POSTAL_CODE = re.compile(r"^〒?(\d{3})-?(\d{4})$")
PHONE = re.compile(r"^\(?0[0-9()-]+$")
DECIMAL_COUNT = re.compile(r"^(\d+)(?:名|人)?$")
STREET_LENGTH = Location._meta.get_field("street").max_length or 100
BUILDING_LENGTH = Location._meta.get_field("building").max_length or 100


@dataclass
class Office:
    """One row as the commit needs it: the mapped cells as read, and the records it updates
    (the registry's resource for its 事業所番号, and that resource's venue)."""

    values: dict[str, str]
    resource: Resource | None = None
    location: Location | None = None


@dataclass
class Reading:
    """What a row says, as it will be stored. A blank or unreadable value is "" or None and
    changes nothing; `problems` says what could not be read, with the value as written."""

    name: str = ""
    number: str = ""
    service: str = ""
    kana: str = ""
    postal_code: str = ""
    address: str = ""
    building: str = ""
    latitude: float | None = None
    longitude: float | None = None
    phone: str = ""
    corporation: str = ""
    corporate_number: str = ""
    capacity: int | None = None
    url: str = ""
    # The opening days and hours read (None: the file has none of those columns).
    schedules: list[scheduling.ScheduleSpec] | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def review_reason(self) -> str:
        return "\n".join(self.problems)


class CareServiceImporter:
    # An office named like a registered resource without its 事業所番号 waits for the
    # user's decision (core.imports).
    decides = True
    kind = "care_services"
    title = cast(str, gettext_lazy("介護サービス事業所一覧の取込"))
    summary = cast(
        str,
        gettext_lazy(
            "「介護サービス事業所一覧」（自治体標準オープンデータセットのCSV・Excel）を読み、"
            "事業所を種類「介護サービス事業所」の地域資源として登録・更新します。"
        ),
    )
    permission = "import_data"
    extensions = (".xlsx", ".csv")
    column_synonyms = COLUMN_SYNONYMS
    help_text = cast(
        str,
        gettext_lazy(
            "自治体標準オープンデータセット「介護サービス事業所一覧」（新旧どちらの見出しでも）や、"
            "事業所番号・事業所名・サービス種類名・事業所電話番号などの列がある介護施設の一覧"
            "（CSV・Excel）。見出しからわからない列は確認画面の「列の割り当て」で選べます。"
            "事業所番号が前回と同じ事業所は変わった項目だけを更新し、新しい事業所は種類"
            "「介護サービス事業所」の地域資源として登録します。電話番号は施設の代表電話として公開します。"
        ),
    )

    def parse(
        self,
        data: bytes,
        municipality: Municipality,
        *,
        for_commit: bool = False,
        mapping: Mapping[str, str] | None = None,
        decisions: Mapping[int, str] | None = None,
    ) -> Preview:
        preview, rows = table_preview(
            data, (_("新規・更新"), _("事業所番号"), _("サービスの種類"), _("変更した項目"))
        )
        if not rows:
            return preview
        header = rows[0]
        match = match_columns(header, COLUMN_SYNONYMS, mapping=mapping, every_column=True)
        preview.column_choices = match.choosable
        preview.unread_columns = unread_with_samples(header, match.found.values(), rows[1:])
        taken = {index: name for name, index in match.found.items()}
        preview.columns = [
            (cell_text(cell), taken.get(index, ""))
            for index, cell in enumerate(header)
            if cell_text(cell)
        ]
        preview.file_errors += match.conflicts
        missing = [name for name in REQUIRED if name not in match.found]
        if missing:
            preview.file_errors.append(
                _(
                    "必要な列がありません: %(columns)s。見出しから読み取れなかった列は、"
                    "「列の割り当て」でどの項目として読むかを選んでください。"
                )
                % {"columns": "、".join(missing)}
            )
        if preview.file_errors:
            return preview
        offices = [(line, row_values(cells, match)) for line, cells in enumerate(rows[1:], 2)]
        registry = Registry(municipality, [values.get("事業所番号", "") for _l, values in offices])
        unmatched = [
            values.get("事業所名", "")
            for _line, values in offices
            if registry.find(values.get("事業所番号", ""))[0] is None
        ]
        twins = Twins(municipality, unmatched, decisions or {})
        seen: dict[str, int] = {}
        for line, values in offices:
            preview.rows.append(judge(line, values, match, registry, twins, seen))
        if not preview.rows:
            preview.file_errors.append(_("見出し行のほかにデータの行がありません。"))
        return preview

    def payload_to_json(self, payload: Office) -> dict[str, Any]:
        """A row as JSON for the kept preview (core/imports.py): the cells as read, and the
        resource and venue it updates by id."""
        return {
            "values": payload.values,
            "resource": pk_to_json(payload.resource),
            "location": pk_to_json(payload.location),
        }

    def payloads_from_json(self, items: list[Any], municipality: Municipality) -> list[Office]:
        resources = records_by_pk(
            with_comparison(Resource.objects.filter(municipality=municipality)),
            (item["resource"] for item in items),
        )
        locations = records_by_pk(
            Location.objects.filter(municipality=municipality),
            (item["location"] for item in items),
        )
        return [
            Office(
                values=json_str_map(item["values"]),
                resource=None if item["resource"] is None else resources[item["resource"]],
                location=None if item["location"] is None else locations[item["location"]],
            )
            for item in items
        ]

    def write(
        self, rows: list[PreviewRow], *, municipality: Municipality, user: Any, batch: Any
    ) -> int:
        """New offices in bulk; a known office only when something changed, and then only the
        values the file gives (a blank cell never erases what the registry holds)."""
        offices = [row.payload for row in rows if isinstance(row.payload, Office)]
        source = phone_source(batch.original_name)
        todo = []
        for office in offices:
            reading = read_office(office.values)
            if office.resource is None or changes_of(reading, office):
                todo.append((office, reading))
        if not todo:
            return 0  # the same file again: nothing written, nothing to undo
        record = batch.record
        with transaction.atomic():
            corporate = {
                reading.corporation: reading.corporate_number
                for office, reading in todo
                if reading.corporation
                and (office.resource is None or "法人名" in resource_changes(reading, office))
            }
            organizations, created_orgs = services.records_by_name(
                Organization, municipality=municipality, user=user, names=corporate,
                make=lambda n: Organization(name=n, type=OrganizationType.CARE_PROVIDER, corporate_number=corporate[n]),
            )  # fmt: skip
            record("created", created_orgs)
            record("updated", corporate_numbers_saved(
                todo, organizations, created_orgs, municipality, user
            ))  # fmt: skip
            fresh = [(office, reading) for office, reading in todo if office.location is None]
            venues = services.locations_bulk_create(
                municipality=municipality, user=user,
                locations=[new_venue(reading, source) for _office, reading in fresh],
            )  # fmt: skip
            record("created", venues)
            placed = {id(office): venue for (office, _r), venue in zip(fresh, venues, strict=True)}
            new_items, new_numbers = [], []
            numbered: list[tuple[Resource, str]] = []  # known offices without their SourceId
            for office, reading in todo:
                place = placed.get(id(office)) or office.location
                assert place is not None  # every office without a venue got one above
                if office.location is not None and venue_changes(reading, office.location):
                    saved = venue_saved(reading, place, source, municipality, user)
                    record("updated", [saved])
                if office.resource is None:
                    new_items.append(resource_input(reading, office, place, organizations))
                    new_numbers.append(reading.number)
                    continue
                if resource_changes(reading, office) or place is not office.location:
                    data = resource_input(reading, office, place, organizations)
                    services.resource_save(
                        municipality=municipality, user=user, data=data, resource=office.resource
                    )
                    record("updated", [office.resource])
                if not has_source_id(office.resource, reading.number):
                    numbered.append((office.resource, reading.number))
            created = services.resources_bulk_create(
                municipality=municipality, user=user, items=new_items
            )
            record("created", created)
            numbered = [*zip(created, new_numbers, strict=True), *numbered]
            record("created", source_ids_created(municipality, user, numbered, batch.original_name))
        return len(todo)


def row_values(cells: list[Any], match: ColumnMatch) -> dict[str, str]:
    """The mapped cells of one row (only the fields the file has a column for)."""
    values = {}
    for name, index in match.found.items():
        raw = cells[index] if index < len(cells) else None
        text = typed_cell(raw) if name in KEPT_FIELDS else cell_text(raw)
        if isinstance(raw, (int, float)) and not isinstance(raw, bool) and text.isdecimal():
            # A code typed into a numeric cell of a workbook loses its leading 0: every
            # Japanese phone number starts with 0, and a 事業所番号 has 10 characters
            # (北海道's begin with 01).
            if name == "電話番号" and not text.startswith("0"):
                text = "0" + text
            if name == "事業所番号" and len(text) == 9:
                text = "0" + text
        values[name] = text
    return values


def label(name: str, match: ColumnMatch) -> str:
    """The field as row errors name it, with the file's own header when that differs."""
    written = match.headers.get(name, name)
    return name if written == name else f"{name}（列「{written}」）"


def read_office(values: Mapping[str, str]) -> Reading:
    """The row as it will be stored. What cannot be read is named by our field (定員, not the
    file's header): the same words whatever the file called its columns, so the reasons
    stored in 要確認の理由 compare equal when the next year's file says the same."""
    get = values.get
    reading = Reading(
        name=get("事業所名", ""),
        number=get("事業所番号", ""),
        service=get("サービスの種類", ""),
        kana=get("ふりがな", ""),
        corporation=get("法人名", ""),
    )
    problems = reading.problems
    if postal := get("郵便番号", ""):
        found = POSTAL_CODE.match(re.sub(r"\s", "", postal.translate(DASHES)))
        if found:
            reading.postal_code = f"{found[1]}-{found[2]}"
        else:
            problems.append(
                _("郵便番号: 「%(value)s」を郵便番号として読み取れませんでした。")
                % {"value": postal}
            )
    reading.address = fitted(get("住所", ""), STREET_LENGTH, "住所", problems)
    reading.building = fitted(get("方書", ""), BUILDING_LENGTH, "方書", problems)
    reading.latitude, reading.longitude = coordinates(values, problems)
    if phone := get("電話番号", ""):
        digits = re.sub(r"\s", "", phone.translate(DASHES))
        if PHONE.match(digits) and len(re.sub(r"\D", "", digits)) in (10, 11):
            reading.phone = digits
        else:
            problems.append(
                _("電話番号: 「%(value)s」を電話番号として読み取れませんでした。")
                % {"value": phone}
            )
    if corporate := get("法人番号", ""):
        if (
            len(corporate) == 13
            and corporate.isascii()
            and corporate.isdecimal()
            and int(corporate[0]) == corporate_number_check_digit(corporate[1:])
        ):
            reading.corporate_number = corporate
        else:
            problems.append(
                _("法人番号: 「%(value)s」は正しい法人番号ではありません。") % {"value": corporate}
            )
    if capacity := get("定員", ""):
        found = DECIMAL_COUNT.match(capacity.replace(",", ""))
        if found:
            reading.capacity = int(found[1])
        else:
            problems.append(
                _("定員: 「%(value)s」を数として読み取れませんでした。") % {"value": capacity}
            )
    if url := get("URL", ""):
        if flat.url_is_valid(url):
            reading.url = url
        else:
            problems.append(
                _("URL: 「%(value)s」をホームページのアドレスとして読み取れませんでした。")
                % {"value": url}
            )
    reading.schedules = opening_schedules(values, problems)
    return reading


def opening_schedules(
    values: Mapping[str, str], problems: list[str]
) -> list[scheduling.ScheduleSpec] | None:
    """利用可能曜日・開始時間・終了時間・利用可能日時特記事項 as schedules (opening.py reads
    「月火水木金」, 「8:30」〜「17:00」, 「祝日・年末年始（12月29日から翌年の1月3日）は休み」); what it
    cannot read is said, verbatim, and kept as a 不定期 schedule's note when nothing was read."""
    parsed = flat.opening_of(values)
    if parsed is None:
        return None
    if not parsed.complete:
        problems.append(
            _("開所日・時間: 「%(left)s」を読み取れませんでした（原文: %(text)s）。")
            % {"left": "」「".join(parsed.unparsed), "text": flat.opening_text(values)}
        )
    return parsed.specs or [flat.unread_opening(values)]


def coordinates(
    values: Mapping[str, str], problems: list[str]
) -> tuple[float | None, float | None]:
    """緯度・経度 from their own columns, or from a 位置 cell 「35.66,139.33」."""
    latitude, longitude = values.get("緯度", ""), values.get("経度", "")
    position = values.get("位置", "")
    if not (latitude or longitude) and position:
        parts = split_position(position)
        if parts is None:
            problems.append(
                _("位置: 「%(value)s」を「緯度,経度」として読み取れませんでした。")
                % {"value": position}
            )
            return None, None
        latitude, longitude = parts
    if not (latitude or longitude):
        return None, None
    try:
        pair = float(latitude), float(longitude)
    except ValueError:
        problems.append(
            _("緯度・経度: 「%(latitude)s」「%(longitude)s」を数として読み取れませんでした。")
            % {"latitude": latitude, "longitude": longitude}
        )
        return None, None
    outside = coordinate_errors(latitude, longitude, detect_swap=False)
    if outside:
        problems += outside
        return None, None
    return pair


class Registry:
    """The offices already registered under the 事業所番号 of a file: by SourceId first, then
    by a venue's external_id (the imports before issue #22 kept the number only there)."""

    def __init__(self, municipality: Municipality, numbers: list[str]) -> None:
        # Numbers of the whole municipality (a few thousand offices at most), not an IN list
        # of the file's: a long file would pass the database's limit of query parameters.
        ids = SourceId.objects.filter(municipality=municipality, source=SOURCE)
        self.by_source = dict(ids.values_list("value", "resource_id"))
        self.venues: dict[str, Location] = {}
        venues = Location.objects.filter(municipality=municipality).exclude(external_id="")
        for venue in venues.order_by("pk"):
            self.venues.setdefault(venue.external_id, venue)
        wanted = [
            self.venues[n].pk for n in numbers if n in self.venues and n not in self.by_source
        ]
        links = ServiceAtLocation.objects.filter(location_id__in=wanted).order_by("pk")
        # A venue's care office first (a venue may also host other resources), then the oldest.
        at_venue: dict[int, list[tuple[bool, int]]] = {}
        for location_id, resource_id, kind in links.values_list(
            "location_id", "resource_id", "resource__kind"
        ):
            at_venue.setdefault(location_id, []).append(
                (kind != ResourceKind.CARE_PROVIDER, resource_id)
            )
        self.venue_resource = {pk: min(found)[1] for pk, found in at_venue.items()}
        mine = {self.by_source[n] for n in numbers if n in self.by_source}
        resources = Resource.objects.filter(pk__in=mine | set(self.venue_resource.values()))
        self.resources = {r.pk: r for r in with_comparison(resources)}

    def find(self, number: str) -> tuple[Resource | None, Location | None]:
        if number in self.by_source:
            resource = self.resources[self.by_source[number]]
            places = [link.location for link in resource.service_locations.all()]
            mine = [p for p in places if p.external_id == number]
            return resource, next(iter(mine or places), None)
        venue = self.venues.get(number)
        if venue is None:
            return None, None
        pk = self.venue_resource.get(venue.pk)
        return (self.resources[pk] if pk is not None else None), venue


def with_comparison(resources: models.QuerySet[Resource]) -> models.QuerySet[Resource]:
    """Resources with what a row is compared with: organisation, venues, schedules and
    source ids (and the tags services.input_of carries over on an update)."""
    return resources.select_related("organization").prefetch_related(
        "service_locations__location", "source_ids", "schedules", "tags"
    )


class Twins:
    """Registered resources with an office's name (matching.record_key: 愛全園(従来型) meets
    愛全園（従来型）) but not its 事業所番号: possible duplicates, decided by the user."""

    def __init__(
        self, municipality: Municipality, names: list[str], decisions: Mapping[int, str]
    ) -> None:
        """names: the file's offices not found by their 事業所番号 (their twins are loaded in
        one go, with what the comparison needs)."""
        self.pks: dict[str, int] = {}
        resources = Resource.objects.filter(municipality=municipality).order_by("pk")
        for pk, name in resources.values_list("pk", "name"):
            self.pks.setdefault(record_key(name), pk)
        wanted = {self.pks[key] for key in map(record_key, names) if key in self.pks}
        self.loaded = {r.pk: r for r in with_comparison(resources.filter(pk__in=wanted))}
        self.decisions = decisions

    def of(self, name: str) -> Resource | None:
        pk = self.pks.get(record_key(name))
        return None if pk is None else self.loaded.get(pk)


def judge(
    line: int,
    values: dict[str, str],
    match: ColumnMatch,
    registry: Registry,
    twins: Twins,
    seen: dict[str, int],
) -> PreviewRow:
    """The row's verdict. Only a missing name or an unusable 事業所番号 keep it out: any other
    value that cannot be read is stored in 要確認の理由 and shown as the row's note."""
    reading = read_office(values)
    row = PreviewRow(line=line, label=reading.name or _("（名称なし）"))
    # Every value of the row for 「読み取った値」: the phones here are facilities' public ones.
    row.details = [(name, value) for name, value in values.items() if value]
    number = reading.number
    if not reading.name:
        row.errors.append(_("%(field)s: 空欄です。") % {"field": label("事業所名", match)})
    if not OFFICE_NUMBER.match(number):
        row.errors.append(
            _("%(field)s: 「%(number)s」は10桁の英数字ではありません。")
            % {"field": label("事業所番号", match), "number": number}
        )
    elif number in seen:
        row.errors.append(
            _("%(field)s: %(line)d行目と同じ番号です。")
            % {"field": label("事業所番号", match), "line": seen[number]}
        )
    seen.setdefault(number, line)
    if row.errors:
        return row
    resource, location = registry.find(number)
    office = Office(values=values, resource=resource, location=location)
    if reading.problems:
        row.note = _("要確認として保存します: %(reasons)s") % {
            "reasons": " ".join(reading.problems)
        }
    twin = twins.of(reading.name) if resource is None else None
    decision = twins.decisions.get(line, "")
    if twin is not None:
        cells = (
            reading.name, ResourceKind.CARE_PROVIDER.label, reading.corporation, reading.name,
            reading.address, " ／ ".join(map(scheduling.describe, reading.schedules or [])),
        )  # fmt: skip
        row.suspect, resource = flat.decided_suspect(cells, [twin], decision)
        if resource is not None:
            office.resource = resource
            links = list(resource.service_locations.all())
            office.location = links[0].location if links else None
    if resource is None:
        verdict = flat.suspect_verdict(decision) if twin else _("新規")
        row.summary = (verdict, number, reading.service, "—")
    else:
        changes = changes_of(reading, office)
        verdict = _("更新") if changes else _("変更なし")
        verdict = _("更新（選択）") if twin is not None else verdict
        row.summary = (verdict, number, reading.service, "、".join(changes) or "—")
    row.payload = office
    return row


# What the file says about the venue and the resource, compared with what the registry holds.
# Only values the file gives are compared and written: a blank cell (or one that cannot be
# read) says nothing about the office, so it never erases a stored value.
def venue_values(reading: Reading, location: Location | None = None) -> dict[str, Any]:
    """The venue fields the row sets. A 個人宅 never carries a public phone (a constraint of
    Location): an office matched to one keeps its number out of the venue."""
    values: dict[str, Any] = {"name": reading.name}
    for name, value in (
        ("kana", reading.kana),
        ("postal_code", reading.postal_code),
        ("street", reading.address),
        ("building", reading.building),
        ("phone", reading.phone),
    ):
        if value:
            values[name] = value
    if reading.latitude is not None:
        values.update(latitude=reading.latitude, longitude=reading.longitude)
    if location is not None and location.is_private_home:
        values.pop("phone", None)
    return values


VENUE_LABELS = {
    "name": "事業所名", "kana": "ふりがな", "postal_code": "郵便番号", "street": "住所",
    "building": "方書", "latitude": "緯度・経度", "longitude": "緯度・経度", "phone": "電話番号",
}  # fmt: skip


# The order changes are named in: the column table's, 緯度 and 経度 as one.
CHANGE_ORDER = (
    "事業所名", "事業所番号", "サービスの種類", "ふりがな", "郵便番号", "住所", "方書", "緯度・経度",
    "電話番号", "法人名", "法人番号", "定員", "URL", "開所日・時間", "会場", "要確認の理由",
)  # fmt: skip


def venue_changes(reading: Reading, location: Location) -> list[str]:
    return [
        VENUE_LABELS[name]
        for name, value in venue_values(reading, location).items()
        if getattr(location, name) != (as_typed(value) if isinstance(value, str) else value)
    ]


def resource_fields(reading: Reading) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if reading.capacity is not None:
        fields["capacity"] = reading.capacity
    if reading.url:
        fields["url"] = reading.url
    if reading.problems:
        fields["review_reason"] = reading.review_reason
    return fields


RESOURCE_LABELS = {"capacity": "定員", "url": "URL", "review_reason": "要確認の理由"}


def schedules_changed(reading: Reading, resource: Resource) -> bool:
    if reading.schedules is None:
        return False
    current = [scheduling.spec_of(s) for s in resource.schedules.all()]
    return [scheduling.describe(s) for s in reading.schedules] != [
        scheduling.describe(s) for s in current
    ]


def resource_changes(reading: Reading, office: Office) -> list[str]:
    resource = office.resource
    if resource is None:
        return []
    changes = []
    if resource.name != as_typed(reading.name):
        changes.append("事業所名")
    if reading.kana and resource.kana != as_typed(reading.kana):
        changes.append("ふりがな")
    if reading.service and resource.description != as_typed(reading.service):
        changes.append("サービスの種類")
    organization = resource.organization
    if reading.corporation and record_key(organization.name if organization else "") != record_key(
        reading.corporation
    ):
        changes.append("法人名")
    changes += [
        RESOURCE_LABELS[name]
        for name, value in resource_fields(reading).items()
        if getattr(resource, name) != value
    ]
    if schedules_changed(reading, resource):
        changes.append("開所日・時間")
    return changes


def changes_of(reading: Reading, office: Office) -> list[str]:
    """The fields of a known office the file changes, in the order of the column table
    (事業所名 once, whether the resource's or the venue's name differs)."""
    if office.resource is None:
        return []
    found = resource_changes(reading, office)
    found += venue_changes(reading, office.location) if office.location else ["会場"]
    organization = office.resource.organization
    if (
        reading.corporate_number
        and organization is not None
        and "法人名" not in found
        and organization.corporate_number != reading.corporate_number
    ):
        found.append("法人番号")
    if not has_source_id(office.resource, reading.number):
        found.append("事業所番号")
    return sorted(set(found), key=CHANGE_ORDER.index)


def has_source_id(resource: Resource, number: str) -> bool:
    return any(s.source == SOURCE and s.value == number for s in resource.source_ids.all())


def phone_source(file_name: str) -> str:
    """Where a venue's 代表電話 was taken from: this file, on the day of the import."""
    return flat.phone_source(_("介護サービス事業所一覧（%(file)s、%(day)s取込）"), file_name)


def new_venue(reading: Reading, source: str) -> Location:
    location = Location(
        venue_type=VenueType.CARE_FACILITY, external_id=reading.number, **venue_values(reading)
    )
    if reading.phone:
        location.phone_source = source
    return location


def venue_saved(
    reading: Reading, place: Location, source: str, municipality: Municipality, user: Any
) -> Location:
    """A known office's venue with the file's values; the phone's source follows its number."""
    values = venue_values(reading, place)
    if "phone" in values and values["phone"] != place.phone:
        values["phone_source"] = source
    if not place.external_id:
        values["external_id"] = reading.number
    return services.location_save(municipality=municipality, user=user, location=place, **values)


def resource_input(
    reading: Reading, office: Office, place: Location, organizations: dict[str, Organization]
) -> services.ResourceInput:
    """A new office as a 介護サービス事業所; a known one keeps everything the file does not
    give (its kind, tags, schedules and other venues), with the file's values over it."""
    organization = organizations.get(reading.corporation)
    resource = office.resource
    if resource is None:
        return services.ResourceInput(
            name=reading.name, kana=reading.kana, kind=ResourceKind.CARE_PROVIDER,
            description=reading.service, organization=organization, locations=[place],
            schedules=reading.schedules or [], fields=resource_fields(reading),
        )  # fmt: skip
    data = services.input_of(resource)
    locations = list(data.locations)
    if place not in locations:
        locations.append(place)
    return dataclasses.replace(
        data,
        name=reading.name,
        kana=reading.kana or data.kana,
        description=reading.service or data.description,
        organization=organization or data.organization,
        locations=locations,
        schedules=data.schedules if reading.schedules is None else reading.schedules,
        fields=resource_fields(reading),
    )


def corporate_numbers_saved(
    todo: list[tuple[Office, Reading]],
    organizations: dict[str, Organization],
    created: list[Organization],
    municipality: Municipality,
    user: Any,
) -> list[models.Model]:
    """The 法人番号 the file gives to the organisation an office belongs to, when the registry
    had none or another one (the first office of an organisation decides). Organisations
    made by this import already carry theirs."""
    saved: dict[int, models.Model] = {}
    made = {organization.pk for organization in created}
    for office, reading in todo:
        organization = organizations.get(reading.corporation) or (
            office.resource.organization if office.resource else None
        )
        if (
            not reading.corporate_number
            or organization is None
            or organization.pk in saved
            or organization.pk in made
            or organization.corporate_number == reading.corporate_number
        ):
            continue
        saved[organization.pk] = services.organization_save(
            municipality=municipality, user=user, organization=organization,
            corporate_number=reading.corporate_number,
        )  # fmt: skip
    return list(saved.values())


def source_ids_created(
    municipality: Municipality, user: Any, numbered: list[tuple[Resource, str]], origin: str
) -> list[SourceId]:
    """Each office's 事業所番号 as its SourceId, so the next import finds it by the number."""
    ids = [
        SourceId(
            municipality=municipality,
            resource=resource,
            source=SOURCE,
            value=number,
            origin=origin[:255],
        )
        for resource, number in numbered
    ]
    return insert_with_history(ids, user=user)
