"""Writes of open data: the municipality's licence and attribution, and the morning job that
stores the public files again when the public data changed (digest-keyed, like the portal's
印刷用リスト PDFs)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sasaeai.areas.models import Municipality
from sasaeai.core.generated_files import generated_file_create, generated_file_finish
from sasaeai.core.history import history_user
from sasaeai.core.models import GeneratedFile
from sasaeai.resources.selectors import public_base

from . import files
from .constants import ATTRIBUTION_MAX, License
from .models import OpenDataSettings
from .selectors import KIND_PREFIX, file_kind, latest_file, opendata_settings

# Files of the previous digest are kept too: a download begun just before the job keeps its
# file; older ones are deleted with their rows.
KEEP_DIGESTS = 2


@transaction.atomic
def opendata_settings_save(
    *, municipality: Municipality, license: str, attribution: str, by: Any
) -> OpenDataSettings:
    """Set the licence of the municipality's open data and its attribution text, with history."""
    errors: dict[str, list[str]] = {}
    if license not in License.values:
        errors["license"] = [_("ライセンスを選んでください。")]
    attribution = attribution.strip()
    if not attribution:
        errors["attribution"] = [_("出典の表示を入力してください。")]
    elif len(attribution) > ATTRIBUTION_MAX:
        errors["attribution"] = [
            _("出典の表示は%(max)d文字以内で入力してください。") % {"max": ATTRIBUTION_MAX}
        ]
    if errors:
        raise ValidationError(errors)
    settings = opendata_settings(municipality)
    settings.license = license
    settings.attribution = attribution
    with history_user(by):
        settings.save()
    return settings


@transaction.atomic
def opendata_store(*, municipality: Municipality) -> bool:
    """Store the municipality's files when what they hold differs from the latest stored ones;
    True when new files were made."""
    digest, made = files.all_files(municipality)
    latest = latest_file(municipality, files.DATASETS[0].filename)
    if latest is not None and latest.digest == digest:
        return False
    for dataset in files.DATASETS:
        generated = generated_file_create(
            municipality=municipality,
            user=None,
            title=_("オープンデータ（%(name)s）") % {"name": dataset.filename},
            kind=file_kind(dataset.filename),
            digest=digest,
        )
        generated_file_finish(
            generated=generated, name=dataset.filename, content=made[dataset.filename]
        )
    prune(municipality)
    return True


def prune(municipality: Municipality) -> None:
    """Delete the files of all but the newest KEEP_DIGESTS digests (rows and stored files)."""
    stored = GeneratedFile.objects.filter(
        municipality=municipality, kind__startswith=KIND_PREFIX
    ).order_by("-created_at", "-pk")
    kept: list[str] = []
    for generated in stored:
        if generated.digest not in kept:
            kept.append(generated.digest)
        if kept.index(generated.digest) >= KEEP_DIGESTS:
            if generated.file:
                generated.file.delete(save=False)
            generated.delete()


def opendata_refresh() -> str:
    """The run-due job (daily 05:00): every municipality with public resources, or with files
    published before (so data no longer public is withdrawn), gets new files if it changed."""
    published = set(
        GeneratedFile.objects.filter(kind__startswith=KIND_PREFIX).values_list(
            "municipality_id", flat=True
        )
    )
    checked = made = 0
    for municipality in Municipality.objects.order_by("pk"):
        if municipality.pk not in published and not public_base(municipality).exists():
            continue
        checked += 1
        made += opendata_store(municipality=municipality)
    return _("%(checked)d市町村を確かめ、%(made)d市町村のファイルを作り直しました。") % {
        "checked": checked,
        "made": made,
    }
