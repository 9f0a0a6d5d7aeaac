"""Reads of open data: the municipality's settings (or the defaults) and its stored files."""

from __future__ import annotations

from sasaeai.areas.models import Municipality
from sasaeai.core.constants import JobStatus
from sasaeai.core.models import GeneratedFile

from .constants import ATTRIBUTION_DEFAULT, LICENSE_URLS, License
from .models import OpenDataSettings

KIND_PREFIX = "opendata:"


def file_kind(filename: str) -> str:
    """GeneratedFile.kind of one open-data file: 「opendata:hsds.json」."""
    return KIND_PREFIX + filename


def opendata_settings(municipality: Municipality) -> OpenDataSettings:
    """The stored settings, or the defaults (unsaved) until the admin saves them: opening a
    page writes nothing."""
    stored = OpenDataSettings.objects.filter(municipality=municipality).first()
    return stored or OpenDataSettings(
        municipality=municipality,
        license=License.CC_BY,
        attribution=default_attribution(municipality),
    )


def default_attribution(municipality: Municipality) -> str:
    return ATTRIBUTION_DEFAULT.format(name=municipality.name)


def license_url(settings: OpenDataSettings) -> str:
    return LICENSE_URLS[License(settings.license)]


def latest_files(municipality: Municipality) -> dict[str, GeneratedFile]:
    """The newest finished file of each open-data file name (none before the first run)."""
    latest: dict[str, GeneratedFile] = {}
    done = GeneratedFile.objects.filter(
        municipality=municipality, kind__startswith=KIND_PREFIX, status=JobStatus.DONE
    ).order_by("-created_at", "-pk")
    for generated in done:
        latest.setdefault(generated.kind.removeprefix(KIND_PREFIX), generated)
    return latest


def latest_file(municipality: Municipality, filename: str) -> GeneratedFile | None:
    return (
        GeneratedFile.objects.filter(
            municipality=municipality, kind=file_kind(filename), status=JobStatus.DONE
        )
        .exclude(file="")
        .order_by("-created_at", "-pk")
        .first()
    )
