"""HSDS 3.1 as a tabular data package (datapackage.json + one CSV per object), flattened from the
same service objects as the JSON export, so both always say the same. Columns follow the HSDS
tabular schema (a test compares them with resources/standards/hsds-3.1/compiled/tabular.json)."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from sasaeai.utils.tabular import csv_text

# table → (file name, columns), in the order of the HSDS tabular schema.
TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "organization": ("organizations.csv", ("id", "name", "alternate_name", "description", "email", "website", "tax_status", "tax_id", "year_incorporated", "legal_status", "logo", "uri", "parent_organization_id")),
    "organization_identifier": ("organization_identifiers.csv", ("id", "organization_id", "identifier_scheme", "identifier_type", "identifier")),
    "service": ("services.csv", ("id", "organization_id", "program_id", "name", "alternate_name", "description", "url", "email", "status", "interpretation_services", "application_process", "fees_description", "wait_time", "fees", "accreditations", "eligibility_description", "minimum_age", "maximum_age", "assured_date", "assurer_email", "licenses", "alert", "last_modified")),
    "schedule": ("schedules.csv", ("id", "service_id", "location_id", "service_at_location_id", "valid_from", "valid_to", "dtstart", "timezone", "until", "count", "wkst", "freq", "interval", "byday", "byweekno", "bymonthday", "byyearday", "description", "opens_at", "closes_at", "schedule_link", "attending_type", "notes")),
    "service_at_location": ("service_at_location.csv", ("id", "service_id", "location_id", "description")),
    "location": ("locations.csv", ("id", "location_type", "url", "organization_id", "name", "alternate_name", "description", "transportation", "latitude", "longitude", "external_identifier", "external_identifier_type")),
    "address": ("addresses.csv", ("id", "location_id", "attention", "address_1", "address_2", "city", "region", "state_province", "postal_code", "country", "address_type")),
    "contact": ("contacts.csv", ("id", "organization_id", "service_id", "service_at_location_id", "location_id", "name", "title", "department", "email")),
    "phone": ("phones.csv", ("id", "location_id", "service_id", "organization_id", "contact_id", "service_at_location_id", "number", "extension", "type", "description")),
    "attribute": ("attributes.csv", ("id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value")),
    "taxonomy_term": ("taxonomy_terms.csv", ("id", "code", "name", "description", "parent_id", "taxonomy", "language", "taxonomy_id", "term_uri")),
}  # fmt: skip
# Nested keys of the JSON objects and the table their objects go to.
NESTED = {
    "organization": "organization", "organization_identifiers": "organization_identifier",
    "schedules": "schedule", "service_at_locations": "service_at_location", "location": "location",
    "addresses": "address", "contacts": "contact", "phones": "phone", "attributes": "attribute",
    "taxonomy_term": "taxonomy_term",
}  # fmt: skip


def tables_of(services: list[dict[str, Any]]) -> dict[str, dict[str, dict[str, Any]]]:
    """Rows per table, each object once (an organisation or a term shared by many services)."""
    tables: dict[str, dict[str, dict[str, Any]]] = {name: {} for name in TABLES}

    def visit(table: str, obj: dict[str, Any]) -> None:
        tables[table].setdefault(obj["id"], {k: v for k, v in obj.items() if k not in NESTED})
        for key, child_table in NESTED.items():
            value = obj.get(key)
            for child in value if isinstance(value, list) else [value] if value else []:
                visit(child_table, child)

    for service in services:
        visit("service", service)
    return tables


def package_zip(services: list[dict[str, Any]], *, name: str) -> bytes:
    """A zip with datapackage.json and one UTF-8 CSV per table."""
    tables = tables_of(services)
    resources = []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table, (path, columns) in TABLES.items():
            # Through the one CSV writer, so a text Excel would run as a formula is guarded
            # (utils.tabular.csv_guard) here as in every other export.
            rows = [[row.get(c) for c in columns] for row in tables[table].values()]
            archive.writestr(path, csv_text(columns, rows).encode("utf-8"))
            resources.append({
                "name": table, "path": path, "profile": "tabular-data-resource", "format": "csv",
                "mediatype": "text/csv", "encoding": "utf-8",
                "schema": {"fields": [{"name": c, "type": "string"} for c in columns], "primaryKey": "id"},
            })  # fmt: skip
        descriptor = {"name": name, "profile": "tabular-data-package", "resources": resources}
        archive.writestr("datapackage.json", json.dumps(descriptor, ensure_ascii=False, indent=1))
    return buffer.getvalue()
