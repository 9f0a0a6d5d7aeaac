"""Buttons of the layer-1 inbox about one escalated challenge: pass it on to another layer-1
body (the main council ↔ a 専門部会), and take it out of its group first when it is grouped.
Both act for the body that has the challenge now, and report on that body's home."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from . import selectors, services
from .forms import HandOverForm
from .models import Escalation
from .views import ObjectPostView, form_or_refuse


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
