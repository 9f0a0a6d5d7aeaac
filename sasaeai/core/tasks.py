"""Background jobs of the import flow: reading and committing large files off the request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django_tasks import task

from . import import_undo, imports
from .constants import JobStatus
from .models import ImportBatch
from .signals import job_ended


@task()
def preview_import(batch_id: int) -> None:
    """Read and judge every row of a large file; the result waits on the batch."""
    batch = ImportBatch.objects.select_related("municipality", "created_by").get(pk=batch_id)
    imports.batch_job_state(batch, JobStatus.RUNNING)
    try:
        data = imports.preview_to_data(imports.batch_preview_kept(batch))
    except Exception as error:
        message = _("読み込みに失敗しました: %(error)s") % {"error": error}
        imports.batch_job_state(batch, JobStatus.FAILED, job_error=message)
        announce_import(batch, batch.created_by, step="preview", error=message)
        raise
    imports.batch_job_state(batch, JobStatus.DONE, preview_data=data, job_error="")
    announce_import(batch, batch.created_by, step="preview", error="")


@task()
def commit_import(
    batch_id: int, excluded_lines: list[int], user_id: int, options: list[str] | None = None
) -> None:
    """Write a large file in one transaction; a refusal is kept on the batch for the page."""
    run_writing_job(
        batch_id,
        lambda batch, user: imports.batch_commit(
            batch=batch, excluded_lines=excluded_lines, user=user, options=options or ()
        ),
        failure=_("取込に失敗しました（何も書き込まれていません）"),
        user_id=user_id,
        step="commit",
    )


@task()
def undo_import(batch_id: int, user_id: int) -> None:
    """Undo a large batch in one transaction; a refusal is kept on the batch for the page."""
    run_writing_job(
        batch_id,
        lambda batch, user: import_undo.batch_undo(batch=batch, user=user),
        failure=_("元に戻せませんでした（何も変わっていません）"),
        user_id=user_id,
        step="undo",
    )


def run_writing_job(
    batch_id: int,
    action: Callable[[ImportBatch, Any], object],
    *,
    failure: str,
    user_id: int,
    step: str,
) -> None:
    batch = ImportBatch.objects.select_related("municipality").get(pk=batch_id)
    user = get_user_model().objects.get(pk=user_id)
    imports.batch_job_state(batch, JobStatus.RUNNING)
    try:
        action(batch, user)
    except ValidationError as error:
        # Refused (nothing written): for the one who asked, the job did not do its work.
        message = " ".join(error.messages)
        imports.batch_job_state(batch, JobStatus.DONE, job_error=message)
        announce_import(batch, user, step=step, error=message)
        return
    except Exception as error:
        message = f"{failure}: {error}"
        imports.batch_job_state(batch, JobStatus.FAILED, job_error=message)
        announce_import(batch, user, step=step, error=message)
        raise
    imports.batch_job_state(batch, JobStatus.DONE, job_error="")
    announce_import(batch, user, step=step, error="")


def announce_import(batch: ImportBatch, user: Any, *, step: str, error: str) -> None:
    """Tell the one who asked (core.signals.job_ended) that a step of a large import ended."""
    job_ended.send(
        sender=ImportBatch,
        municipality=batch.municipality,
        user=user,
        job="import",
        pk=batch.pk,
        step=step,
        title=batch.original_name,
        failed=bool(error),
        error=error,
    )
