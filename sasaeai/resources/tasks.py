"""Background jobs of the registry (django-tasks): large PDFs never run inside a request."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from sasaeai.core.constants import JobStatus
from sasaeai.core.generated_files import (
    generated_file_fail,
    generated_file_finish,
    generated_file_progress,
)
from sasaeai.core.models import GeneratedFile

from .exports.sheets import render_sheet_pdf
from .selectors import sheet_resources

# Share of the progress bar for laying out pages; the rest is writing and saving the PDF.
LAYOUT_SHARE = 90


@task()
def make_sheet_batch(generated_file_id: int, resource_ids: list[int]) -> None:
    """Render the 確認票 of the given resources into one PDF stored on the GeneratedFile."""
    generated = GeneratedFile.objects.select_related("municipality").get(pk=generated_file_id)
    generated_file_progress(pk=generated.pk, progress=0, status=JobStatus.RUNNING)
    try:
        resources = sheet_resources(generated.municipality, resource_ids)
        content = render_sheet_pdf(
            resources,
            municipality=generated.municipality,
            today=timezone.localdate(),
            on_progress=lambda done, total: generated_file_progress(
                pk=generated.pk, progress=LAYOUT_SHARE * done // max(total, 1)
            ),
        )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        generated_file_finish(generated=generated, name=f"sheets-{stamp}.pdf", content=content)
    except Exception as error:
        # The status page shows this; the worker's own log keeps the traceback.
        generated_file_fail(
            pk=generated.pk, error=_("確認票を作成できませんでした（%(error)s）") % {"error": error}
        )
        raise
