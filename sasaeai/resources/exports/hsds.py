"""Exports of the registry as pure functions of public data. HSDS 3.1 (JSON): one service object
per resource, with its organisation, venues, addresses, schedules, public contacts and our
categories as taxonomy terms. The mapping is documented in docs/hsds-japan-profile.md."""

from __future__ import annotations

import uuid
from typing import Any

from django.utils.translation import gettext as _

from .. import scheduling
from ..constants import Activity, ResourceStatus, SupportType, TargetGroup
from ..selectors import PublicContact, PublicLocation, PublicPhone, PublicResource

# Ids derived from our stable UUIDs with uuid5, so every export gives the same ids.
NAMESPACE = uuid.UUID("6f1b6a2e-4a8c-5d3e-9b7f-2c1d0e9a8b70")
TAXONOMIES = {"activity": Activity, "support": SupportType, "target": TargetGroup}
STATUS = {
    ResourceStatus.ACTIVE: "active",
    ResourceStatus.PAUSED: "temporarily closed",
    ResourceStatus.ENDED: "defunct",
    ResourceStatus.PREPARING: "inactive",
}


def derived_id(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts)))


def hsds_services(resources: list[PublicResource]) -> list[dict[str, Any]]:
    """HSDS 3.1 service objects for the given public resources."""
    return [hsds_service(resource) for resource in resources]


def hsds_service(resource: PublicResource) -> dict[str, Any]:
    service_id = str(resource.uuid)
    service: dict[str, Any] = {
        "id": service_id,
        "name": resource.name,
        "alternate_name": resource.kana,
        "description": resource.description,
        "status": STATUS[resource.status],  # type: ignore[index]
        "fees_description": fees_text(resource),
        "schedules": [
            {**schedule, "id": derived_id(schedule_uuid, index), "service_id": service_id}
            for schedule_uuid, spec in resource.schedules
            for index, schedule in enumerate(scheduling.to_hsds(spec))
        ],
        "service_at_locations": [
            service_at_location(service_id, place) for place in resource.locations
        ],
        "contacts": [contact(service_id, person) for person in resource.contacts],
        "attributes": attributes(resource),
    }
    if resource.url:
        service["url"] = resource.url
    if resource.registration_required is not None:
        # Only what is recorded: an unknown (None) says nothing rather than 「申込は不要です」.
        service["application_process"] = (
            _("事前の申込が必要です。") if resource.registration_required else _("申込は不要です。")
        )
    if resource.organization is not None:
        organization = resource.organization
        service["organization_id"] = str(organization.uuid)
        service["organization"] = {
            "id": str(organization.uuid),
            "name": organization.name,
            "description": organization.description,
            "organization_identifiers": (
                [{
                    "id": derived_id(organization.uuid, "corporate_number"),
                    "organization_id": str(organization.uuid),
                    "identifier_scheme": "JP-CN",
                    "identifier_type": "法人番号",
                    "identifier": organization.corporate_number,
                }]
                if organization.corporate_number
                else []
            ),
        }  # fmt: skip
        if organization.phone is not None:
            service["organization"]["phones"] = [
                phone(organization.phone, organization.uuid, organization_id=str(organization.uuid))
            ]
    return service


def fees_text(resource: PublicResource) -> str:
    text = (
        "無料"
        if resource.fee_free
        else (f"{resource.fee_amount:,}円" if resource.fee_amount else "")
    )
    return (
        "（".join([text, resource.fee_note]) + "）"
        if text and resource.fee_note
        else text or resource.fee_note
    )


def service_at_location(service_id: str, place: PublicLocation) -> dict[str, Any]:
    location: dict[str, Any] = {"id": str(place.uuid), "location_type": "physical"}
    if place.private_home:
        # A private home: only its 町丁目, never a name, an address or a position.
        location["description"] = _(
            "個人宅のため所在地は町丁目（%(town)s）のみ公開しています。"
        ) % {"town": place.town_name}
    else:
        location.update(name=place.name, description=place.venue_type)
        if place.external_id:
            location.update(
                external_identifier=place.external_id, external_identifier_type="事業所番号"
            )
        if place.latitude is not None and place.longitude is not None:
            location.update(latitude=place.latitude, longitude=place.longitude)
        if place.parts is not None and place.parts.postal_code and place.parts.prefecture:
            location["addresses"] = [address(place)]
        if place.phone is not None:
            location["phones"] = [phone(place.phone, place.uuid, location_id=str(place.uuid))]
    return {
        "id": str(place.link_uuid),
        "service_id": service_id,
        "location_id": str(place.uuid),
        "location": location,
    }


def address(place: PublicLocation) -> dict[str, Any]:
    parts = place.parts
    assert parts is not None
    result = {
        "id": derived_id(place.uuid, "address"),
        "location_id": str(place.uuid),
        "address_1": f"{parts.town}{parts.street}" or parts.city,
        "city": parts.city,
        "state_province": parts.prefecture,
        "postal_code": parts.postal_code,
        "country": "JP",
        "address_type": "physical",
    }
    if parts.building:
        result["address_2"] = parts.building
    return result


def phone(number: PublicPhone, owner: object, **link: str) -> dict[str, Any]:
    """A venue's or an organisation's 代表電話 (`link`: location_id or organization_id), its
    description saying where the number was taken from."""
    result: dict[str, Any] = {"id": derived_id(owner, "phone"), **link, "number": number.number}
    result["description"] = (
        _("代表電話（出典: %(source)s）") % {"source": number.source}
        if number.source
        else _("代表電話")
    )
    return result


def contact(service_id: str, person: PublicContact) -> dict[str, Any]:
    result: dict[str, Any] = {"id": str(person.uuid), "service_id": service_id, "name": person.name}
    if person.email:
        result["email"] = person.email
    if person.phone:
        result["phones"] = [
            {
                "id": derived_id(person.uuid, "phone"),
                "contact_id": str(person.uuid),
                "number": person.phone,
            }
        ]
    return result


def attributes(resource: PublicResource) -> list[dict[str, Any]]:
    """Our categories (活動内容・生活支援の種類・対象) as HSDS attributes with taxonomy terms."""
    values = {
        "activity": resource.activities,
        "support": resource.support_types,
        "target": resource.target_groups,
    }
    result = []
    for taxonomy, codes in values.items():
        for code in codes:
            term = taxonomy_term(taxonomy, code)
            result.append({
                "id": derived_id(resource.uuid, taxonomy, code),
                "link_id": str(resource.uuid),
                "link_type": "service",
                "link_entity": "service",
                "taxonomy_term_id": term["id"],
                "taxonomy_term": term,
            })  # fmt: skip
    return result


def taxonomy_term(taxonomy: str, code: str) -> dict[str, Any]:
    """One of our categories as an HSDS taxonomy term (also listed alone by the HSDS API)."""
    return {
        "id": derived_id("taxonomy", taxonomy, code), "code": code,
        "name": str(TAXONOMIES[taxonomy](code).label), "description": f"支え合い {taxonomy} 分類",
        "taxonomy": f"sasaeai-{taxonomy}", "language": "ja",
    }  # fmt: skip
