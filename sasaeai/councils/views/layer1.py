"""Layer 1 supporting layer 2: the overview across layer-2 councils, 助言 on a council or a
meeting, messages to chosen councils and their read marks."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from sasaeai.areas.constants import Layer
from sasaeai.core.form_views import FormPageView, PostedFormMixin

from .. import overview, permissions, services
from ..forms import AdviceForm, MessageForm
from ..models import MessageReceipt
from .base import CouncilMixin, ObjectPostView
from .councils import CouncilPostView
from .meetings import MeetingView


class MessageSendView(CouncilPostView):
    form_name = "message_form"

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return MessageForm(data, council=self.council)

    def change(self, data: dict[str, Any]) -> str:
        services.message_send(council=self.council, user=self.request.user, **data)
        return _("第2層の協議体にお知らせを送りました。")


class OverviewView(CouncilMixin, TemplateView):
    """「第2層協議体の状況」: one line per layer-2 council below a layer-1 council, for every
    reader of the municipality."""

    template_name = "councils/overview.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.load_council().area.layer != Layer.FIRST:
            raise Http404(_("第2層協議体の状況は第1層協議体のページにあります。"))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        rows = overview.overview(self.council, today)
        context.update(
            rows=rows,
            totals=overview.totals(rows),
            statuses=overview.statuses(),
            today=today,
        )
        return context


def require_advise(user: Any, view: CouncilMixin) -> None:
    if not permissions.may_advise(user, view.council):
        raise PermissionDenied(_("助言を書けるのはアドバイザーと第1層のコーディネーターです。"))


class AdviceWriteView(CouncilPostView):
    """助言 on the council, from its home."""

    form_name = "advice_form"

    def load(self) -> None:
        self.load_council()
        require_advise(self.request.user, self)

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return AdviceForm(data)

    def change(self, data: dict[str, Any]) -> str:
        services.advice_write(council=self.council, body=data["body"], user=self.request.user)
        return _("助言を書きました。")

    def success_url(self) -> str:
        return super().success_url() + "#advice"


class MeetingAdviceView(PostedFormMixin, MeetingView, FormPageView):
    """助言 on a meeting, from the meeting page (a plain form: it is no part the page's script
    saves, so a refusal shows the whole page again with the input kept)."""

    form_name = "advice_form"

    def load(self) -> None:
        self.meeting = self.load_meeting()
        require_advise(self.request.user, self)

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return AdviceForm(data)

    def change(self, data: dict[str, Any]) -> str:
        services.advice_write(
            council=self.council, meeting=self.meeting, body=data["body"], user=self.request.user
        )
        return _("助言を書きました。")

    def success_url(self) -> str:
        url = reverse("councils:meeting", args=[self.municipality.code, self.meeting.pk])
        return url + "#advice"


class MessageReadView(ObjectPostView):
    """「確認しました」: a writer of the receiving council marks a message from layer 1 read."""

    model = MessageReceipt

    def change(self, record: MessageReceipt, data: Any) -> str:
        services.message_mark_read(receipt=record, user=self.request.user)
        return _("「%(title)s」を確認済みにしました。") % {"title": record.message.title}

    def back_url(self, record: MessageReceipt) -> str:
        return super().back_url(record) + "#messages"
