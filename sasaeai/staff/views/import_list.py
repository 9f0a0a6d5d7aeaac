"""「取込」: every kind of file the system reads, one sentence each, and the recent batches
(/staff/<lgcode>/imports/). The menu links here instead of listing each import (issue #24)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.views.generic import TemplateView

from sasaeai.accounts.constants import Perm
from sasaeai.accounts.permissions import MunicipalityPermissionMixin
from sasaeai.core import imports
from sasaeai.core.constants import JobStatus
from sasaeai.core.models import ImportBatch

RECENT = 20


@dataclass(frozen=True)
class ImportKind:
    kind: str
    title: str
    summary: str
    url: str


class ImportListView(MunicipalityPermissionMixin, TemplateView):
    permission = Perm.IMPORT_DATA
    template_name = "core/imports.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        code = self.municipality.code
        # In the order the apps register them (areas, resources, analysis); an importer with
        # a permission of its own the user lacks is left out, as its upload page would refuse.
        kinds = [
            ImportKind(
                kind=importer.kind,
                title=str(importer.title),
                summary=str(importer.summary),
                url=reverse("core:import_upload", args=[code, importer.kind]),
            )
            for importer in imports.REGISTRY.values()
            if self.can(importer.permission)
        ]
        titles = {k.kind: k.title for k in kinds}
        batches = list(
            ImportBatch.objects.filter(municipality=self.municipality)
            .select_related("created_by")
            .order_by("-created_at", "-pk")[:RECENT]
        )
        for batch in batches:
            # A kind no longer registered still shows its code rather than nothing.
            batch.kind_title = titles.get(batch.kind, batch.kind)  # type: ignore[attr-defined]
        context.update(
            kinds=kinds,
            batches=batches,
            recent=RECENT,
            busy=(JobStatus.PENDING, JobStatus.RUNNING),
        )
        return context
