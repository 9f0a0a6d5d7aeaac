"""Background jobs of the analysis: the 地域カルテ PDF."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from sasaeai.areas.models import Municipality
from sasaeai.core.constants import JobStatus
from sasaeai.core.generated_files import (
    generated_file_fail,
    generated_file_finish,
    generated_file_progress,
)
from sasaeai.core.models import GeneratedFile
from sasaeai.utils.pdf import render_pdf

from .karte import karte_context
from .report import analyse

KARTE_KIND = "analysis_karte"


def karte_pdf(
    municipality: Municipality,
    area_id: int,
    fiscal_year: int | None,
    day: datetime.date | None = None,
) -> bytes:
    """One area's カルテ as A4 PDF bytes."""
    analysis = analyse(municipality, fiscal_year, day)
    area = analysis.area(area_id)
    if area is None:
        raise ValueError(_("圏域が見つかりません。"))
    context = {**karte_context(analysis, area), "analysis": analysis, "municipality": municipality}
    return render_pdf("analysis/karte_pdf.html", context, "css/karte-print.css")


@task()
def make_karte(
    generated_file_id: int, area_id: int, fiscal_year: int | None, day: str | None = None
) -> None:
    """The カルテ PDF of a moment (a closed 年度, or a past day written as 2026-04-10)."""
    generated = GeneratedFile.objects.select_related("municipality").get(pk=generated_file_id)
    generated_file_progress(pk=generated.pk, progress=10, status=JobStatus.RUNNING)
    try:
        content = karte_pdf(
            generated.municipality,
            area_id,
            fiscal_year,
            datetime.date.fromisoformat(day) if day else None,
        )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        generated_file_finish(generated=generated, name=f"karte-{stamp}.pdf", content=content)
    except Exception as error:
        generated_file_fail(
            pk=generated.pk,
            error=_("地域カルテを作成できませんでした（%(error)s）") % {"error": error},
        )
        raise
