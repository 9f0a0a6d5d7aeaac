"""The open-data files of a municipality, as pure functions of its public registry (the one
public rule, resources.selectors.public_*): the 自治体標準-style CSV in UTF-8 with BOM and in
Shift_JIS, the HSDS 3.1 JSON and the HSDS tabular package. The job (services.opendata_refresh)
stores them; no request ever makes one."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from sasaeai.areas.models import Municipality
from sasaeai.resources import selectors
from sasaeai.resources.exports import hsds, hsds_tabular
from sasaeai.resources.exports.standard_csv import STANDARD_COLUMNS, standard_rows
from sasaeai.resources.selectors import PublicResource
from sasaeai.utils.tabular import csv_text, encodes

# Shift_JIS cannot hold every character (𠮷, some 旧字体); the traditional 〓 (ゲタ) stands in
# for each, and the page says so and points to the UTF-8 file, which holds them all.
CP932_STAND_IN = "〓"


@dataclass(frozen=True)
class Dataset:
    """One downloadable file: its name in the address, what it is, and how it is sent."""

    filename: str
    title: Any
    format: str  # as DCAT's dct:format and the page's 形式
    media_type: str
    content_type: str


DATASETS = (
    Dataset("kayoinoba_utf8.csv", _("通いの場・地域資源の一覧（自治体標準形式、UTF-8）"), "CSV",
            "text/csv", "text/csv; charset=utf-8"),
    Dataset("kayoinoba_sjis.csv", _("通いの場・地域資源の一覧（自治体標準形式、Shift_JIS）"), "CSV",
            "text/csv", "text/csv; charset=shift_jis"),
    Dataset("hsds.json", _("HSDS 3.1 形式（JSON）"), "JSON", "application/json",
            "application/json; charset=utf-8"),
    Dataset("hsds_tabular.zip", _("HSDS 3.1 表形式パッケージ（ZIP、datapackage.json 付き）"), "ZIP",
            "application/zip", "application/zip"),
)  # fmt: skip
BY_FILENAME = {dataset.filename: dataset for dataset in DATASETS}


def public_data(municipality: Municipality) -> list[PublicResource]:
    return selectors.public_resources(municipality)


def standard_csv(
    municipality: Municipality, encoding: str, resources: list[PublicResource] | None = None
) -> bytes:
    """The 自治体標準-style CSV (formula-safe cells, utils.tabular.csv_text) as utf-8-sig or
    cp932; in cp932 a character it cannot hold becomes 〓 rather than stopping the file."""
    if resources is None:
        resources = public_data(municipality)
    text = csv_text(STANDARD_COLUMNS, standard_rows(municipality, resources))
    if encoding == "cp932":
        return to_cp932(text)
    return text.encode(encoding)


def to_cp932(text: str) -> bytes:
    try:
        return text.encode("cp932")
    except UnicodeEncodeError:
        return "".join(ch if encodes(ch) else CP932_STAND_IN for ch in text).encode("cp932")


def hsds_json(municipality: Municipality, resources: list[PublicResource] | None = None) -> bytes:
    """The HSDS 3.1 service objects of every public resource, as one JSON array."""
    if resources is None:
        resources = public_data(municipality)
    services = hsds.hsds_services(resources)
    return json.dumps(services, ensure_ascii=False, indent=1).encode("utf-8")


def hsds_package(
    municipality: Municipality, resources: list[PublicResource] | None = None
) -> bytes:
    """The same services as an HSDS tabular data package (zip with datapackage.json)."""
    if resources is None:
        resources = public_data(municipality)
    return hsds_tabular.package_zip(hsds.hsds_services(resources), name=package_name(municipality))


def package_name(municipality: Municipality) -> str:
    # Without a date: the package's bytes (less the zip's own timestamps) follow the data only.
    return f"hsds-{municipality.code}"


def all_files(municipality: Municipality) -> tuple[str, dict[str, bytes]]:
    """Every file by its name, and the digest of what they hold: a sha256 of the JSON and the
    UTF-8 CSV, which between them carry every public value (the Shift_JIS CSV is the same rows;
    the zip is the JSON's objects, and its own timestamps must not count as a change)."""
    resources = public_data(municipality)
    files = {
        "kayoinoba_utf8.csv": standard_csv(municipality, "utf-8-sig", resources),
        "kayoinoba_sjis.csv": standard_csv(municipality, "cp932", resources),
        "hsds.json": hsds_json(municipality, resources),
        "hsds_tabular.zip": hsds_package(municipality, resources),
    }
    digest = hashlib.sha256()
    digest.update(files["hsds.json"])
    digest.update(files["kayoinoba_utf8.csv"])
    return digest.hexdigest(), files
