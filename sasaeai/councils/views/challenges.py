"""地域課題: raised on a council, sent up to layer 1, grouped, answered, passed on between layer-1
bodies; the city-wide register and a challenge's page with what answered it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from sasaeai.accounts.permissions import MunicipalityPermissionMixin
from sasaeai.core.form_views import FormPageView, PostedFormMixin

from .. import selectors, services
from ..constants import ChallengeCategory, EvidenceKind
from ..forms import (
    AgendaChoiceForm,
    AnswerForm,
    ChallengeForm,
    EscalateForm,
    GroupForm,
    HandOverForm,
    PriorityForm,
    RegisterFilterForm,
    StatusForm,
)
from ..models import Challenge, ChallengeGroup, Escalation
from ..permissions import may_write_challenge
from ..selectors import challenge_of, challenge_register, handovers_of, register_years
from ..services import EvidenceInput
from .base import ObjectPostView, form_or_refuse
from .councils import CouncilPostView


class ChallengeCreateView(CouncilPostView):
    form_name = "challenge_form"

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return ChallengeForm(data)

    def change(self, data: dict[str, Any]) -> str:
        label, value = data.pop("evidence_label"), data.pop("evidence_value")
        kind = EvidenceKind.INDICATOR if value else EvidenceKind.NOTE
        evidence = [EvidenceInput(kind, label, value)] if label else []
        challenge = services.challenge_create(
            municipality=self.municipality, council=self.council, user=self.request.user,
            evidence=evidence, **data,
        )  # fmt: skip
        return _("地域課題「%(title)s」を登録しました。") % {"title": challenge.title}


class GroupCreateView(CouncilPostView):
    form_name = "group_form"

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return GroupForm(data, council=self.council)

    def change(self, data: dict[str, Any]) -> str:
        group = services.group_create(
            council=self.council,
            title=data["title"],
            escalations=list(data["escalations"]),
            user=self.request.user,
        )
        return _("「%(title)s」として%(n)d件の課題をまとめました。") % {
            "title": group.title,
            "n": len(data["escalations"]),
        }


class EscalateView(ObjectPostView):
    model = Challenge
    municipality_field = "municipality"

    def change(self, record: Challenge, data: Any) -> str:
        assert record.council is not None  # ObjectPostView.record found it
        bodies = services.layer1_bodies_above(record.council)
        values = form_or_refuse(EscalateForm(data, bodies=bodies))
        escalation = services.challenge_escalate(
            challenge=record, reason=values["reason"], to_council=values["to_council"],
            user=self.request.user,
        )  # fmt: skip
        return _("「%(title)s」を%(to)sに送りました。") % {
            "title": record.title,
            "to": escalation.to_council.name,
        }


class ChallengeStatusView(EscalateView):
    def change(self, record: Challenge, data: Any) -> str:
        values = form_or_refuse(StatusForm(data))
        services.challenge_set_status(challenge=record, user=self.request.user, **values)
        return _("「%(title)s」を「%(status)s」にしました。") % {
            "title": record.title,
            "status": record.get_status_display(),
        }


class GroupMixin(ObjectPostView):
    model = ChallengeGroup


class GroupAgendaView(GroupMixin):
    def change(self, record: ChallengeGroup, data: Any) -> str:
        meeting = form_or_refuse(AgendaChoiceForm(data, council=self.council))["meeting"]
        services.group_put_on_agenda(
            group=record, meeting=meeting, expected_version=meeting.version, user=self.request.user
        )
        return _("「%(title)s」を%(meeting)sの議題にしました。") % {
            "title": record.title,
            "meeting": meeting.title,
        }


class GroupAnswerView(GroupMixin):
    def change(self, record: ChallengeGroup, data: Any) -> str:
        values = form_or_refuse(AnswerForm(data, council=self.council))
        services.group_answer(group=record, user=self.request.user, **values)
        return _("「%(title)s」に回答しました。提起した協議体に届きます。") % {
            "title": record.title
        }


class EscalationPostView(ObjectPostView):
    """A button about an escalation, written by those who may write the layer-1 body that
    received it (its `to_council`)."""

    model = Escalation

    def record(self) -> Escalation:
        found = get_object_or_404(
            Escalation.objects.select_related(
                "challenge", "from_council__area", "to_council__area", "to_council__municipality"
            ),
            to_council__municipality=self.municipality,
            pk=self.kwargs["pk"],
        )
        self.council = found.to_council
        return found


class HandOverView(EscalationPostView):
    def change(self, record: Escalation, data: Any) -> str:
        bodies = selectors.council_structure(record.to_council)["handover_bodies"]
        values = form_or_refuse(HandOverForm(data, bodies=bodies))
        handover = services.escalation_hand_over(
            escalation=record, user=self.request.user, **values
        )
        return _("「%(title)s」を%(to)sに引き継ぎました。") % {
            "title": record.challenge.title,
            "to": handover.to_council.name,
        }


class GroupRemoveView(EscalationPostView):
    def change(self, record: Escalation, data: Any) -> str:
        services.group_remove(escalation=record, user=self.request.user)
        return _("「%(title)s」をまとまりから外しました。") % {"title": record.challenge.title}


PAGE_SIZE = 50


class RegisterView(MunicipalityPermissionMixin, TemplateView):
    """地域課題の一覧: every challenge of the municipality, 50 a page; the page links keep the
    filters."""

    template_name = "councils/register.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        years = register_years(self.municipality, timezone.localdate())
        form = RegisterFilterForm(
            self.request.GET or None, municipality=self.municipality, years=years
        )
        # A filter with a mistake shows its message and no rows, never every row unfiltered.
        if form.is_bound and not form.is_valid():
            rows = Challenge.objects.none()
        else:
            chosen = form.cleaned_data if form.is_bound else {}
            rows = challenge_register(self.municipality, chosen)
        context.update(
            form=form, page=Paginator(rows, PAGE_SIZE).get_page(self.request.GET.get("page"))
        )
        return context


class ChallengeView(MunicipalityPermissionMixin, TemplateView):
    """A 地域課題's page: what it is, why (evidence), its steps, where it was sent, and what
    answered it."""

    template_name = "councils/challenge.html"
    challenge: Challenge

    def load_challenge(self) -> None:
        try:
            self.challenge = challenge_of(self.municipality, self.kwargs["pk"])
        except Challenge.DoesNotExist as error:
            raise Http404(_("地域課題が見つかりません。")) from error

    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        self.load_challenge()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        challenge = self.challenge
        escalation = getattr(challenge, "escalation", None)
        context.update(
            challenge=challenge,
            categories=[
                ChallengeCategory(c).label
                for c in challenge.categories
                if c in ChallengeCategory.values
            ],
            escalation=escalation,
            handovers=handovers_of(challenge) if escalation is not None else [],
            evidence_resources=[e.resource for e in challenge.evidence.all() if e.resource],
            can_write_challenge=may_write_challenge(self.request.user, challenge),
            priority_form=kwargs.get("priority_form")
            or PriorityForm(initial={"priority": challenge.priority}),
        )
        return context


class ChallengePriorityView(PostedFormMixin, ChallengeView, FormPageView):
    """高・中・低 set on the challenge's page; refused, the page again with the choice (400)."""

    form_name = "priority_form"

    def load(self) -> None:
        self.load_challenge()
        if not may_write_challenge(self.request.user, self.challenge):
            raise PermissionDenied(_("この地域課題の優先度を変える権限がありません。"))

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return PriorityForm(data)

    def change(self, data: dict[str, Any]) -> str:
        services.challenge_set_priority(
            challenge=self.challenge, priority=data["priority"], user=self.request.user
        )
        return _("「%(title)s」の優先度を「%(priority)s」にしました。") % {
            "title": self.challenge.title,
            "priority": self.challenge.get_priority_display(),
        }

    def success_url(self) -> str:
        return reverse("councils:challenge", args=[self.municipality.code, self.challenge.pk])
