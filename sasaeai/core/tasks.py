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


@task()
def preview_import(batch_id: int) -> None:
    """Read and judge every row of a large file; the result waits on the batch."""
    batch = ImportBatch.objects.select_related("municipality").get(pk=batch_id)
    imports.batch_job_state(batch, JobStatus.RUNNING)
    try:
        data = imports.preview_to_data(imports.batch_preview_kept(batch))
    except Exception as error:
        imports.batch_job_state(
            batch,
            JobStatus.FAILED,
            job_error=_("読み込みに失敗しました: %(error)s") % {"error": error},
        )
        raise
    imports.batch_job_state(batch, JobStatus.DONE, preview_data=data, job_error="")


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
    )


@task()
def undo_import(batch_id: int, user_id: int) -> None:
    """Undo a large batch in one transaction; a refusal is kept on the batch for the page."""
    run_writing_job(
        batch_id,
        lambda batch, user: import_undo.batch_undo(batch=batch, user=user),
        failure=_("元に戻せませんでした（何も変わっていません）"),
        user_id=user_id,
    )


def run_writing_job(
    batch_id: int, action: Callable[[ImportBatch, Any], object], *, failure: str, user_id: int
) -> None:
    batch = ImportBatch.objects.select_related("municipality").get(pk=batch_id)
    imports.batch_job_state(batch, JobStatus.RUNNING)
    try:
        action(batch, get_user_model().objects.get(pk=user_id))
    except ValidationError as error:
        imports.batch_job_state(batch, JobStatus.DONE, job_error=" ".join(error.messages))
        return
    except Exception as error:
        imports.batch_job_state(batch, JobStatus.FAILED, job_error=f"{failure}: {error}")
        raise
    imports.batch_job_state(batch, JobStatus.DONE, job_error="")
