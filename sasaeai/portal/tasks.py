"""Background jobs of the residents' pages: a large area's 印刷用リスト PDF."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django_tasks import task

from sasaeai.areas.models import Area
from sasaeai.core.constants import JobStatus
from sasaeai.core.generated_files import (
    generated_file_fail,
    generated_file_progress,
)
from sasaeai.core.models import GeneratedFile

from . import handout

# How far the bar shows once the places are read (laying out the pages is the rest).
READ_SHARE = 20


@task()
def make_handout(generated_file_id: int, area_id: int) -> None:
    """Render one area's handout into the PDF stored on the GeneratedFile (its QR codes open
    settings.SITE_URL, as every printed address does)."""
    generated = GeneratedFile.objects.select_related("municipality").get(pk=generated_file_id)
    generated_file_progress(pk=generated.pk, progress=0, status=JobStatus.RUNNING)
    try:
        municipality = generated.municipality
        area = Area.objects.get(pk=area_id, municipality=municipality)
        groups = handout.handout_groups(municipality, area)
        generated_file_progress(pk=generated.pk, progress=READ_SHARE)
        handout.handout_store(
            generated=generated, groups=groups, municipality=municipality, area=area
        )
    except Exception as error:
        generated_file_fail(
            pk=generated.pk,
            error=_("印刷用リストを作成できませんでした（%(error)s）") % {"error": error},
        )
        raise
