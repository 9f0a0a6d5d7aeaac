"""Writes and reads of files made by background jobs (GeneratedFile rows).

A municipality is typed `Any` here: core sits below areas and imports no app (the model names
it as "areas.Municipality")."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from .constants import JobStatus
from .models import GeneratedFile
from .signals import job_ended


def generated_file_create(
    *, municipality: Any, user: Any, title: str, kind: str, digest: str = ""
) -> GeneratedFile:
    """A waiting (待機中) row for a job about to be enqueued."""
    return GeneratedFile.objects.create(
        municipality=municipality, title=title, kind=kind, created_by=user, digest=digest
    )


def generated_file_progress(*, pk: int, progress: int, status: str | None = None) -> None:
    """Record how far the job is (0–100); an UPDATE, so the status page sees it at once."""
    values: dict[str, Any] = {"progress": max(0, min(progress, 100))}
    if status:
        values["status"] = status
    GeneratedFile.objects.filter(pk=pk).update(**values)


@transaction.atomic
def generated_file_finish(*, generated: GeneratedFile, name: str, content: bytes) -> GeneratedFile:
    """Store the finished file and mark the row 完成."""
    generated.file.save(name, ContentFile(content), save=False)
    generated.status = JobStatus.DONE
    generated.progress = 100
    generated.finished_at = timezone.now()
    generated.save(update_fields=["file", "status", "progress", "finished_at"])
    announce_file(generated, failed=False, error="")
    return generated


def generated_file_fail(*, pk: int, error: str) -> None:
    """Mark the row 失敗 with a message the status page shows."""
    GeneratedFile.objects.filter(pk=pk).update(
        status=JobStatus.FAILED, error=error, finished_at=timezone.now()
    )
    generated = GeneratedFile.objects.select_related("municipality", "created_by").get(pk=pk)
    announce_file(generated, failed=True, error=error)


def announce_file(generated: GeneratedFile, *, failed: bool, error: str) -> None:
    """Tell the one who asked for the file (core.signals.job_ended), once the row is saved; a
    file nobody asked for (the portal's handouts) tells no one."""
    if generated.created_by_id is None:
        return
    transaction.on_commit(
        lambda: job_ended.send(
            sender=GeneratedFile,
            municipality=generated.municipality,
            user=generated.created_by,
            job="file",
            pk=generated.pk,
            step="",
            title=generated.title,
            failed=failed,
            error=error,
        )
    )


def generated_file_of(municipality: Any, pk: int) -> GeneratedFile:
    """One file of the municipality (raises DoesNotExist for another municipality's)."""
    return GeneratedFile.objects.select_related("created_by").get(municipality=municipality, pk=pk)
