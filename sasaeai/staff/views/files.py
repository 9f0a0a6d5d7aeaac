"""Files made by background jobs: a status page that refreshes itself, and a download view."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View
from django.views.generic.base import ContextMixin

from sasaeai.accounts.constants import Perm
from sasaeai.accounts.permissions import MunicipalityPermissionMixin, may_see_personal
from sasaeai.core.access_log import PERSONAL_FILE_KINDS
from sasaeai.core.constants import JobStatus
from sasaeai.core.generated_files import generated_file_of
from sasaeai.core.models import GeneratedFile


class FileGone(Http404):
    """No such file in this municipality: never made, another municipality's, or deleted."""


class GeneratedFileMixin(MunicipalityPermissionMixin, ContextMixin):
    permission = Perm.VIEW

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().dispatch(request, *args, **kwargs)
        except FileGone:
            # why: a page saying so, not the bare 404: the link most often comes from a status
            # page or a bookmark of a personal file the daily job deleted after its days
            # (core.retention.generated_personal_files_prune); a deleted row cannot tell
            # which, so the page says what happens to such files and how to get one again.
            # The menu's context, without the status page's own (which looks the file up).
            context = super().get_context_data(days=settings.GENERATED_PERSONAL_FILE_DAYS)
            return TemplateResponse(request, "core/generated_file_gone.html", context, status=404)

    def get_generated(self) -> GeneratedFile:
        """The file, 404 when it belongs to another municipality (the URL names ours)."""
        try:
            return generated_file_of(self.municipality, self.kwargs["pk"])
        except GeneratedFile.DoesNotExist as error:
            raise FileGone(_("ファイルが見つかりません。")) from error


class GeneratedFileView(GeneratedFileMixin, TemplateView):
    """Status and progress in Japanese; a download link once 完成."""

    template_name = "core/generated_file.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["generated"] = self.get_generated()
        return context


class GeneratedFileDownloadView(GeneratedFileMixin, View):
    """Streams the stored file through this permission check (uploads have no media URL)."""

    def get(self, request: HttpRequest, lgcode: str, pk: int) -> FileResponse:
        generated = self.get_generated()
        if generated.kind in PERSONAL_FILE_KINDS and not may_see_personal(
            request.user, self.municipality
        ):
            raise PermissionDenied(_("このファイルは個人情報を含むため、ダウンロードできません。"))
        if generated.status != JobStatus.DONE or not generated.file:
            raise Http404(_("ファイルはまだできていません。"))
        suffix = PurePosixPath(generated.file.name).suffix
        return FileResponse(
            generated.file.open("rb"), as_attachment=True, filename=f"{generated.title}{suffix}"
        )
