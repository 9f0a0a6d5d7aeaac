"""自治体標準オープンデータセット「介護サービス事業所一覧」 as resources of kind 介護サービス事業所,
in both header generations, matched to earlier imports by 事業所番号 (which may contain letters)."""

from __future__ import annotations

import re
from typing import Any, cast

from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sasaeai.areas.models import Municipality
from sasaeai.core.imports import (
    Preview,
    PreviewRow,
    csv_preview,
    json_str_map,
    pk_to_json,
    records_by_pk,
)
from sasaeai.utils.geo import coordinate_errors
from sasaeai.utils.table_reader import cell_text

from .. import services
from ..constants import OrganizationType, ResourceKind, VenueType
from ..models import Location, Organization
from ..validators import corporate_number_check_digit
from .flat import header_key, typed_cell

# Our field → the header of each generation (old 2020 format first, then the newer one).
COLUMNS = {
    "name": ("介護サービス事業所名称", "名称"),
    "kana": ("介護サービス事業所名称_カナ", "名称_カナ"),
    "service": ("実施サービス", "サービス種別"),
    "address": ("住所", "所在地_連結表記"),
    "building": ("方書", "所在地_方書", "建物名"),
    "latitude": ("緯度",),
    "longitude": ("経度",),
    "phone": ("電話番号",),
    "corporation": ("法人の名称",),
    "corporate_number": ("法人番号",),
    "office_number": ("事業所番号",),
    "capacity": ("定員",),
}
OFFICE_NUMBER = re.compile(r"^[0-9A-Za-z]{10}$")
# Stored as typed (issue #22: 愛全園（従来型） keeps its brackets); the other fields are numbers
# and codes read with their width folded (cell_text, NFKC), ０１２３ as 0123.
KEPT_FIELDS = frozenset(("name", "service", "address", "building", "corporation"))


class CareServiceImporter:
    kind = "care_services"
    title = cast(str, gettext_lazy("介護サービス事業所一覧の取込"))
    permission = "import_data"
    help_text = cast(
        str,
        gettext_lazy(
            "自治体標準オープンデータセット「介護サービス事業所一覧」のCSV（新旧どちらの見出しでも）。"
            "事業所番号が前回と同じ事業所は更新、新しい事業所は種類「介護サービス事業所」の地域資源として登録します。"
        ),
    )

    def parse(
        self, data: bytes, municipality: Municipality, *, for_commit: bool = False
    ) -> Preview:
        preview, rows = csv_preview(data, (_("新規・更新"), _("事業所番号"), _("サービス")))
        if not rows:
            return preview
        header = [header_key(c) for c in rows[0]]
        index = {
            field: next(
                (header.index(header_key(h)) for h in names if header_key(h) in header), None
            )
            for field, names in COLUMNS.items()
        }
        missing = [COLUMNS[f][0] for f in ("name", "office_number") if index[f] is None]
        if missing:
            preview.file_errors.append(
                _("必要な列がありません: %(columns)s（新しい様式では「名称」「事業所番号」）")
                % {"columns": "、".join(missing)}
            )
            return preview
        known = {
            loc.external_id: loc
            for loc in Location.objects.filter(municipality=municipality).exclude(external_id="")
        }
        seen: dict[str, int] = {}
        for line, cells in enumerate(rows[1:], start=2):
            values = {
                f: (typed_cell if f in KEPT_FIELDS else cell_text)(cells[i])
                if i is not None and i < len(cells)
                else ""
                for f, i in index.items()
            }
            preview.rows.append(self.judge(line, values, known, seen))
        return preview

    def judge(
        self, line: int, values: dict[str, str], known: dict[str, Location], seen: dict[str, int]
    ) -> PreviewRow:
        row = PreviewRow(line=line, label=values["name"] or _("（名称なし）"))
        number = values["office_number"]
        if not values["name"]:
            row.errors.append(_("名称: 空欄です。"))
        if not OFFICE_NUMBER.match(number):
            row.errors.append(
                _("事業所番号: 「%(number)s」は10桁の英数字ではありません。") % {"number": number}
            )
        elif number in seen:
            row.errors.append(
                _("事業所番号: %(line)d行目と同じ番号です。") % {"line": seen[number]}
            )
        seen.setdefault(number, line)
        row.errors += coordinate_errors(values["latitude"], values["longitude"], detect_swap=False)
        corporate = values["corporate_number"]
        if corporate and not (
            len(corporate) == 13
            and corporate.isascii()
            and corporate.isdecimal()
            and int(corporate[0]) == corporate_number_check_digit(corporate[1:])
        ):
            row.errors.append(
                _(
                    "法人番号: 「%(number)s」は正しい法人番号ではありません"
                    "（空欄にするか直してください）。"
                )
                % {"number": corporate}
            )
        if row.errors:
            return row
        row.payload = {**values, "location": known.get(number)}
        row.summary = (_("更新") if number in known else _("新規"), number, values["service"])
        return row

    def payload_to_json(self, payload: dict[str, Any]) -> dict[str, Any]:
        """A row as JSON for the kept preview (core/imports.py): the file's values as read,
        and the venue already registered under its 事業所番号 by id."""
        values = {key: value for key, value in payload.items() if key != "location"}
        return {"values": values, "location": pk_to_json(payload["location"])}

    def payloads_from_json(
        self, items: list[Any], municipality: Municipality
    ) -> list[dict[str, Any]]:
        locations = records_by_pk(
            Location.objects.filter(municipality=municipality),
            (item["location"] for item in items),
        )
        return [
            {
                **json_str_map(item["values"]),
                "location": None if item["location"] is None else locations[item["location"]],
            }
            for item in items
        ]

    def write(
        self, rows: list[PreviewRow], *, municipality: Municipality, user: Any, batch: Any
    ) -> int:
        items = [r.payload for r in rows]
        with transaction.atomic():
            corporate = {i["corporation"]: i["corporate_number"] for i in items if i["corporation"]}
            organizations, created_orgs = services.records_by_name(
                Organization, municipality=municipality, user=user, names=corporate,
                make=lambda n: Organization(name=n, type=OrganizationType.CARE_PROVIDER, corporate_number=corporate[n]),
            )  # fmt: skip
            batch.record("created", created_orgs)
            new = [i for i in items if i["location"] is None]
            venues = services.locations_bulk_create(
                municipality=municipality, user=user, locations=[venue(i) for i in new]
            )
            batch.record("created", venues)
            batch.record("created", services.resources_bulk_create(
                municipality=municipality, user=user,
                items=[resource_input(i, place, organizations) for i, place in zip(new, venues, strict=True)],
            ))  # fmt: skip
            for item in (i for i in items if i["location"] is not None):
                batch.record("updated", update(item, municipality, user, organizations))
        return len(items)


def venue(item: dict[str, Any]) -> Location:
    location = Location(
        name=item["name"],
        kana=item["kana"],
        venue_type=VenueType.CARE_FACILITY,
        external_id=item["office_number"],
        street=item["address"][:100],
        building=item["building"][:100],
    )
    if item["latitude"] and item["longitude"]:
        location.latitude, location.longitude = float(item["latitude"]), float(item["longitude"])
    return location


def resource_input(
    item: dict[str, Any], place: Location, organizations: dict[str, Organization]
) -> services.ResourceInput:
    return services.ResourceInput(
        name=item["name"], kana=item["kana"], kind=ResourceKind.CARE_PROVIDER, description=item["service"],
        organization=organizations.get(item["corporation"]), locations=[place],
        fields={"capacity": int(item["capacity"]) if item["capacity"].isdecimal() else None},
    )  # fmt: skip


def update(
    item: dict[str, Any],
    municipality: Municipality,
    user: Any,
    organizations: dict[str, Organization],
) -> list[models.Model]:
    """An office seen before: its venue and the resource meeting there take the new values."""
    place: Location = item["location"]
    fresh = venue(item)
    values = {
        f: getattr(fresh, f)
        for f in ("name", "kana", "street", "building", "latitude", "longitude")
    }
    services.location_save(municipality=municipality, user=user, location=place, **values)
    updated: list[models.Model] = [place]
    for link in place.service_locations.select_related("resource"):
        data = resource_input(item, place, organizations)
        updated.append(
            services.resource_save(
                municipality=municipality, user=user, data=data, resource=link.resource
            )
        )
    return updated
