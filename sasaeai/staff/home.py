"""The home page's blocks that belong to staff (core.home_blocks, issue #24): for those who run
the municipality's data, imports waiting for a decision, background jobs that failed, and towns
without a 日常生活圏域; and who counts as a council member, whose blocks come first."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from sasaeai.accounts.constants import Perm, Role
from sasaeai.accounts.permissions import active_assignments, has_perm
from sasaeai.areas.models import Area, Municipality, Town
from sasaeai.core.constants import ImportStatus, JobStatus
from sasaeai.core.home_blocks import SHOWN, HomeBlock, Listed, listed, register_block
from sasaeai.core.imports import REGISTRY as IMPORTERS
from sasaeai.core.models import GeneratedFile, ImportBatch

# Roles that attend and read: a user holding only these here sees the home of a council member
# (their council's next meeting and their actions first).
READING_ROLES = frozenset({Role.COUNCIL_MEMBER, Role.ADVISER, Role.VIEWER})
# A failed job stays on the home this long (after that the one who asked was told long ago).
FAILED_DAYS = 14


def is_member_home(user: Any, municipality: Municipality) -> bool:
    """Does the user get a council member's home here (roles that only read)?"""
    roles = {a.role for a in active_assignments(user) if a.municipality_id == municipality.pk}
    return bool(roles) and roles <= READING_ROLES and not getattr(user, "is_superuser", False)


def runs_data(user: Any, municipality: Municipality) -> bool:
    """The admin and whoever imports the municipality's data (the layer-1 coordinator)."""
    return has_perm(user, Perm.MANAGE, municipality) or has_perm(
        user, Perm.IMPORT_DATA, municipality
    )


# --- 確認待ちの取込 ------------------------------------------------------------------------------


@dataclass(frozen=True)
class WaitingImport:
    batch: ImportBatch
    title: str  # the importer's name (人口, 地域資源 …)


def imports_block(user: Any, municipality: Municipality, today: datetime.date) -> Any:
    """Uploads previewed and neither committed nor cancelled (an abandoned one is cancelled by
    core.imports.batches_abandoned_cancel), newest first; one whose job failed is listed with
    the failed jobs instead."""
    if not runs_data(user, municipality):
        return None
    waiting = (
        ImportBatch.objects.filter(municipality=municipality, status=ImportStatus.PREVIEW)
        .exclude(job_state=JobStatus.FAILED)
        .select_related("created_by")
        .order_by("-created_at", "-pk")
    )
    found = listed(waiting)
    items = [
        WaitingImport(b, str(getattr(IMPORTERS.get(b.kind), "title", b.kind))) for b in found.items
    ]
    return Listed(items, found.count)


# --- 失敗した処理 --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FailedJob:
    """A file that could not be made, or an import whose background step failed."""

    title: str
    url_name: str
    pk: int
    at: datetime.datetime


def failed_block(user: Any, municipality: Municipality, today: datetime.date) -> Any:
    """Background jobs of the municipality that failed in the last FAILED_DAYS, newest first:
    files (GeneratedFile) and imports (ImportBatch.job_state), four queries at most."""
    if not runs_data(user, municipality):
        return None
    since = timezone.now() - datetime.timedelta(days=FAILED_DAYS)
    files: QuerySet[GeneratedFile] = GeneratedFile.objects.filter(
        municipality=municipality, status=JobStatus.FAILED, created_at__gte=since
    ).order_by("-created_at", "-pk")
    batches: QuerySet[ImportBatch] = ImportBatch.objects.filter(
        municipality=municipality, job_state=JobStatus.FAILED, created_at__gte=since
    ).order_by("-created_at", "-pk")
    failed_files, failed_batches = listed(files), listed(batches)
    jobs = [
        FailedJob(f.title, "core:generated_file", f.pk, f.created_at) for f in failed_files.items
    ]
    jobs += [
        FailedJob(b.original_name, "core:import_preview", b.pk, b.created_at)
        for b in failed_batches.items
    ]
    jobs.sort(key=lambda job: job.at, reverse=True)
    return Listed(jobs[:SHOWN], failed_files.count + failed_batches.count)


# --- 圏域のない町丁目 ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TownsWithoutArea:
    listed: Listed
    # Where to put them: the assignment screen of the first 日常生活圏域 in 50音順 (None: no
    # area yet, so registering one comes first).
    assign_area: Area | None
    can_manage_areas: bool


def towns_block(user: Any, municipality: Municipality, today: datetime.date) -> Any:
    """Towns that belong to no 日常生活圏域 (a town list imported before its areas): they are in
    neither the areas' population nor the analysis."""
    if not runs_data(user, municipality):
        return None
    towns = listed(
        Town.objects.filter(municipality=municipality, area__isnull=True).order_by(
            "kana_key", "name"
        )
    )
    areas = Area.objects.current().layer2().filter(municipality=municipality)
    assign_area = areas.order_by("kana_key", "name").first() if towns.count else None
    return TownsWithoutArea(towns, assign_area, has_perm(user, Perm.MANAGE_AREAS, municipality))


def register() -> None:
    """Called from StaffConfig.ready()."""
    for block in (
        HomeBlock("staff.imports", 70, "staff/home/_imports.html", imports_block),
        HomeBlock("staff.failed", 80, "staff/home/_failed.html", failed_block),
        HomeBlock("staff.towns", 90, "staff/home/_towns.html", towns_block),
    ):
        register_block(block)
