"""Background jobs of the import flow: reading and committing large files off the request."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django_tasks import task

from sasaeai.accounts.models import User

from . import imports
from .models import ImportBatch, JobState


@task()
def preview_import(batch_id: int) -> None:
    """Read and judge every row of a large file; the result waits on the batch."""
    batch = ImportBatch.objects.select_related("municipality").get(pk=batch_id)
    imports.batch_job_state(batch, JobState.RUNNING)
    try:
        data = imports.preview_to_data(imports.batch_preview(batch))
    except Exception as error:
        imports.batch_job_state(
            batch, JobState.FAILED, job_error=f"読み込みに失敗しました: {error}"
        )
        raise
    imports.batch_job_state(batch, JobState.DONE, preview_data=data, job_error="")


@task()
def commit_import(batch_id: int, excluded_lines: list[int], user_id: int) -> None:
    """Write a large file in one transaction; a refusal is kept on the batch for the page."""
    batch = ImportBatch.objects.select_related("municipality").get(pk=batch_id)
    imports.batch_job_state(batch, JobState.RUNNING)
    try:
        imports.batch_commit(
            batch=batch, excluded_lines=excluded_lines, user=User.objects.get(pk=user_id)
        )
    except ValidationError as error:
        imports.batch_job_state(batch, JobState.DONE, job_error=" ".join(error.messages))
        return
    except Exception as error:
        imports.batch_job_state(
            batch,
            JobState.FAILED,
            job_error=f"取込に失敗しました（何も書き込まれていません）: {error}",
        )
        raise
    imports.batch_job_state(batch, JobState.DONE, job_error="")
