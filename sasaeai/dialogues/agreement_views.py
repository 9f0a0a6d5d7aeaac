"""The facilitator's side of the agreement round (issue #25, point 4): a sentence for each group
(posted from the board), the buttons that open and close the round, and the results page, a
table per statement with each sector's answers and the two marks 「どの分野でも賛成が多い」 and
「分野によって分かれている」 in words. Reading and writing follow the board (views.DialogueMixin):
the meeting's council's readers and writers; another municipality's dialogue is a 404."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from . import agreement
from .constants import (
    AGREEMENT_AGAINST_SHARE,
    AGREEMENT_BROAD_SHARE,
    AGREEMENT_GAP_POINTS,
    AGREEMENT_MIN_ANSWERS,
)
from .forms import DialogueRecordForm, group_field
from .models import CardGroup
from .views import BoardActionView, BoardFormView, DialogueMixin


class StatementForm(DialogueRecordForm):
    """A group's statement, one small form per group on the board (ids "statement-3-…")."""

    id_prefix = "statement"
    target_field = "group"

    # No max_length: the service says how long the sentence is, counting as it stores it.
    statement = forms.CharField(
        label=gettext_lazy("賛否を聞く文"),
        required=False,
        error_messages={
            "null_characters_not_allowed": gettext_lazy(
                "賛否を聞く文に使えない文字が入っています。"
            )
        },
    )

    def __init__(self, *args: Any, dialogue: Any, **kwargs: Any) -> None:
        super().__init__(*args, dialogue=dialogue, **kwargs)
        self.fields["group"] = group_field(CardGroup.objects.filter(dialogue=dialogue))


class StatementView(BoardFormView):
    form_name = "statement_form"

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return StatementForm(data, dialogue=self.dialogue)

    def save(self, form: Any) -> HttpResponse:
        group = form.cleaned_data["group"]
        done = agreement.group_statement_set(
            group=group, user=self.request.user, statement=form.cleaned_data["statement"]
        )
        name = group.name or _("（名前なし）")
        if done.group.statement:
            text = _("「%(name)s」の賛否を聞く文を保存しました。") % {"name": name}
        else:
            text = _("「%(name)s」の賛否を聞く文を消しました。") % {"name": name}
        if done.answers_removed:
            text += _("前の文への答え（%(n)d件）は取り消しました。") % {"n": done.answers_removed}
        messages.success(self.request, text)
        return HttpResponseRedirect(self.board_url("agreement"))


class AgreementOpenView(BoardActionView):
    anchor = "agreement"

    def make_form(self, data: Any) -> forms.Form:
        return forms.Form(data)

    def change(self, form: Any) -> str:
        agreement.agreement_open(dialogue=self.dialogue, user=self.request.user)
        return _("賛否の受付を始めました。参加者の入力ページに文が出ています。")


class AgreementCloseView(BoardActionView):
    anchor = "agreement"

    def make_form(self, data: Any) -> forms.Form:
        return forms.Form(data)

    def change(self, form: Any) -> str:
        agreement.agreement_close(dialogue=self.dialogue, user=self.request.user)
        return _("賛否の受付を終えました。参加者の入力ページには出なくなりました。")


class ResultsView(DialogueMixin, TemplateView):
    """The answers per statement and sector; readers of the council may look."""

    template_name = "dialogues/agreement.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load_dialogue()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            dialogue=self.dialogue,
            meeting=self.dialogue.meeting,
            council=self.council,
            results=agreement.results(self.dialogue),
            voting=agreement.voting_open(self.dialogue),
            min_answers=AGREEMENT_MIN_ANSWERS,
            broad_share=AGREEMENT_BROAD_SHARE,
            against_share=AGREEMENT_AGAINST_SHARE,
            gap_points=AGREEMENT_GAP_POINTS,
        )
        return context
