"""The flat sheet coordinators keep in Excel: one row per resource × venue (the resource's ID
repeated on each of its venues). The same columns are read back by the flat import."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import models

from sasaeai.utils.tabular import Cell

from .. import scheduling
from ..constants import Activity, SupportType, TargetGroup
from ..models import Resource, ResourceTag, ServiceAtLocation
from ..personal import contacts_shown, venue_for

FLAT_COLUMNS = (
    "ID", "名称", "ふりがな", "種類", "状態", "運営主体", "運営主体の種別", "活動内容", "主な活動",
    "生活支援の種類", "対象", "住民主体", "曜日・頻度", "参加費", "参加費の補足", "定員",
    "1回あたりの参加者数", "登録者数", "送迎", "バリアフリー", "事前申込", "公開", "会場", "会場の種類",
    "郵便番号", "都道府県", "市区町村", "町字", "番地以下", "建物名", "緯度", "経度", "連絡先",
    "電話番号", "メール", "最終確認日", "内容", "ホームページ",
)  # fmt: skip
JOINER = "、"


def labels(choices: type[models.TextChoices], tags: list[ResourceTag], category: str) -> str:
    """Japanese labels of one tag category, in the order of the choices list."""
    values = {t.value for t in tags if t.category == category}
    return JOINER.join(str(label) for value, label in choices.choices if value in values)


def yes(value: bool) -> str:
    return "あり" if value else ""


def fact(value: bool | None) -> str:
    """A public fact (models.Resource): あり, なし, or blank when unknown, which the flat import
    reads back as unknown (importers.flat.fact_value)."""
    return "" if value is None else ("あり" if value else "なし")


def flat_rows(resources: Sequence[Resource], *, personal: bool = True) -> list[list[Cell]]:
    """Rows for the staff sheet: every field, private contacts and private homes' addresses
    included (a logged export) when `personal`; without them the same columns hold only what
    is not personal data (resources.personal), so the sheet keeps the layout the import reads."""
    rows = []
    for resource in resources:
        links: list[ServiceAtLocation | None] = list(resource.service_locations.all()) or [None]
        for link in links:
            rows.append(
                resource_cells(resource) + venue_cells(link, personal)
                + contact_cells(resource, personal)
                + [resource.last_verified_on, resource.description, resource.url]
            )  # fmt: skip
    return rows


def resource_cells(resource: Resource) -> list[Cell]:
    tags = list(resource.tags.all())
    organization = resource.organization
    return [
        str(resource.uuid), resource.name, resource.kana, resource.get_kind_display(),
        resource.get_status_display(), organization.name if organization else "",
        organization.get_type_display() if organization else "",
        labels(Activity, tags, "activity"),
        resource.get_primary_activity_display() if resource.primary_activity else "",
        labels(SupportType, tags, "support"), labels(TargetGroup, tags, "target"),
        yes(resource.resident_led),
        " ／ ".join(scheduling.describe(scheduling.spec_of(s)) for s in resource.schedules.all()),
        "無料" if resource.fee_free else resource.fee_amount, resource.fee_note, resource.capacity,
        resource.participants_per_session, resource.registered_total, fact(resource.pickup),
        fact(resource.barrier_free), fact(resource.registration_required),
        "公開" if resource.is_public else "非公開",
    ]  # fmt: skip


def venue_cells(link: ServiceAtLocation | None, personal: bool = True) -> list[Cell]:
    if link is None:
        return [""] * 10
    venue = venue_for(link.location, personal)
    return [
        venue.name, venue.get_venue_type_display(), venue.postal_code, venue.prefecture, venue.city,
        venue.town_text, venue.street, venue.building, venue.latitude, venue.longitude,
    ]  # fmt: skip


def contact_cells(resource: Resource, personal: bool = True) -> list[Cell]:
    contacts = contacts_shown(resource, personal)
    return [
        JOINER.join(c.name for c in contacts),
        JOINER.join(c.phone for c in contacts if c.phone),
        JOINER.join(c.email for c in contacts if c.email),
    ]
