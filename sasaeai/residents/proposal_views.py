"""The coordinators' side of organisers' proposals (issue #26, point 8): the queue, and one
proposal as a diff (今の登録 → 主催者の申し出) to apply as it is, after editing, or not at all."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from sasaeai.accounts.permissions import edit_scope
from sasaeai.core.form_views import FormPageView

from . import proposal_services, queues
from .constants import ProposalStatus
from .listing_forms import DecisionForm
from .models import ListingProposal
from .proposal_services import LABELS, change_rows
from .staff_access import EditorMixin

APPROVE, REJECT = "approve", "reject"


def changed_labels(proposal: ListingProposal) -> str:
    names = [str(label) for field, label in LABELS.items() if field in proposal.changes]
    return "・".join(names) or _("変更なし（このままで正しい）")


class ProposalListView(EditorMixin, TemplateView):
    """主催者からの申し出: pending ones first, then the latest decided; a layer-2
    coordinator sees those of their 圏域 (queues.scoped)."""

    template_name = "residents/proposals.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require_editor()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        scope = edit_scope(self.request.user, self.municipality)
        context.update(
            pending=[
                {"proposal": p, "changed": changed_labels(p)}
                for p in queues.pending_proposals(self.municipality, scope)
            ],
            decided=[
                {"proposal": p, "changed": changed_labels(p)}
                for p in queues.decided_proposals(self.municipality, scope)
            ],
            scoped=scope is not None,
        )
        return context


class ProposalView(EditorMixin, FormPageView):
    """One proposal: the diff, and (while pending) the organiser's values in a form to edit,
    with 「反映する」 and 「反映しない」."""

    template_name = "residents/proposal.html"
    proposal: ListingProposal

    def load(self) -> None:
        self.proposal = get_object_or_404(
            ListingProposal.objects.select_related("resource", "decided_by"),
            pk=self.kwargs["pk"],
            municipality=self.municipality,
        )
        self.require_editor(self.proposal.resource)

    def make_form(self, data: Any = None, files: Any = None) -> DecisionForm:
        changes = self.proposal.changes
        names = tuple(field for field in LABELS if field in changes)
        initial = {field: changes[field]["new"] for field in names}
        return DecisionForm(data, names=names, initial=initial)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            proposal=self.proposal,
            rows=change_rows(self.proposal),
            pending=self.proposal.status == ProposalStatus.PENDING,
        )
        return context

    def save(self, form: DecisionForm) -> HttpResponse:
        approve = self.request.POST.get("decision") != REJECT
        proposal = proposal_services.proposal_decide(
            proposal=self.proposal,
            user=self.request.user,
            approve=approve,
            values=form.values(),
            decision_note=form.cleaned_data["decision_note"],
        )
        name = proposal.resource.name
        if approve:
            message = _("「%(name)s」に申し出を反映し、「主催者が確認」として記録しました。")
        else:
            message = _("「%(name)s」への申し出を反映しないことにしました。")
        messages.success(self.request, message % {"name": name})
        return redirect("residents:proposals", lgcode=self.municipality.code)
