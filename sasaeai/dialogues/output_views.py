"""What a dialogue gives the office after the meeting: its cards as xlsx, the affinity diagram as
an A3 PDF, and its summary put into the meeting's minutes. Reading follows the meeting's
council (councils.permissions.can_read), the minutes its writers (can_write)."""

from __future__ import annotations

import io
import re
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import View

from sasaeai.accounts.permissions import MunicipalityPermissionMixin, may_see_personal
from sasaeai.core.access_log import record_personal_access
from sasaeai.core.form_views import ActionView
from sasaeai.councils.permissions import can_read, can_write
from sasaeai.utils.tabular import XLSX_TYPE, attachment_header

from . import documents, exports, selectors, summary
from .models import Dialogue

# Characters a file name on Windows or in a ZIP cannot hold, and control characters.
UNSAFE_IN_FILE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')


def file_name(stem: str, dialogue: Dialogue, extension: str) -> str:
    """「対話カード_20261220.xlsx」: the meeting's day, with nothing a file system refuses."""
    day = timezone.localtime(dialogue.meeting.starts_at).date()
    return UNSAFE_IN_FILE_NAME.sub("・", f"{stem}_{day:%Y%m%d}.{extension}")


class DialogueOutputMixin(MunicipalityPermissionMixin):
    """Loads the dialogue named in the URL (404 for another municipality's) with its meeting's
    council, and checks reading that council."""

    dialogue: Dialogue

    def load_dialogue(self) -> Dialogue:
        dialogue = get_object_or_404(
            Dialogue.objects.select_related(
                "meeting__council__area", "meeting__council__municipality"
            ),
            municipality=self.municipality,
            pk=self.kwargs["pk"],
        )
        if not can_read(self.request.user, dialogue.meeting.council):
            raise PermissionDenied(_("この協議体の記録を見る権限がありません。"))
        self.dialogue = dialogue
        return dialogue

    def board_url(self) -> str:
        return reverse("dialogues:board", args=[self.municipality.code, self.kwargs["pk"]])


class CardsXlsxView(DialogueOutputMixin, View):
    """The cards as xlsx. Writers' names are personal data: the 名前 column only for those who
    may see it, and a download that held any name is written to the access log."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        found = selectors.board(self.load_dialogue())
        names = may_see_personal(request.user, self.municipality)
        content = exports.cards_xlsx(found, include_names=names)
        if names:
            record_personal_access(
                user=request.user,
                municipality=self.municipality,
                what=_("対話のカードの書き出し（Excel）"),
                count=exports.named_cards(found),
                file_format="xlsx",
                path=request.get_full_path(),
            )
        response = HttpResponse(content, content_type=XLSX_TYPE)
        response["Content-Disposition"] = attachment_header(
            file_name(_("対話カード"), self.dialogue, "xlsx")
        )
        return response


class BoardPdfView(DialogueOutputMixin, View):
    """The affinity diagram as an A3 landscape PDF, shown in the browser (no names in it)."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FileResponse:
        dialogue = self.load_dialogue()
        content = documents.board_pdf(selectors.board(dialogue), selectors.stories_of(dialogue))
        name = file_name(dialogue.get_method_display(), dialogue, "pdf")
        return FileResponse(io.BytesIO(content), filename=name, content_type="application/pdf")


class SummaryToMinutesView(DialogueOutputMixin, ActionView):
    """「議事録にまとめを入れる」: the summary into the meeting's minutes, once per dialogue (a
    second press replaces it); for the writers of the meeting's council."""

    def load(self) -> None:
        dialogue = self.load_dialogue()
        if not can_write(self.request.user, dialogue.meeting.council):
            raise PermissionDenied(_("この協議体の記録を書き込む権限がありません。"))

    def act(self) -> HttpResponse:
        summary.summary_to_minutes(dialogue=self.dialogue, user=self.request.user)
        messages.success(self.request, _("議事録に対話のまとめを入れました。"))
        return HttpResponseRedirect(self.board_url())

    def refused_url(self) -> str:
        return self.board_url()
