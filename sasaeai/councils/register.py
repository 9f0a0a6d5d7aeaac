"""The one register of 地域課題 (issue #23, point 7): every challenge of the municipality in one
list, filtered and paged, and a challenge's own page with what answered it — the actions and
the 地域資源 they gave birth to, the projects it started, the resources in its evidence — where
its council's writers set its priority."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import (
    Case,
    Count,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from sasaeai.accounts.constants import Perm
from sasaeai.accounts.permissions import MunicipalityPermissionMixin, has_perm
from sasaeai.areas.constants import Layer
from sasaeai.areas.models import Area, Municipality
from sasaeai.core.form_views import FormPageView, PostedFormMixin
from sasaeai.utils.fiscal_year import (
    current_fiscal_year,
    fiscal_year,
    fiscal_year_range,
    format_fiscal_year,
)

from . import permissions, services
from .constants import ChallengeCategory, ChallengeSource, ChallengeStatus, Priority
from .models import (
    ActionItem,
    Challenge,
    ChallengeEvidence,
    ChallengeStatusChange,
    EscalationHandover,
)

PAGE_SIZE = 50
BY_PRIORITY = "priority"
ALL = ("", gettext_lazy("すべて"))


# --- the filters ---------------------------------------------------------------------------------


class RegisterFilterForm(forms.Form):
    """状態・分野・圏域・層・きっかけ・優先度・年度 (of registration), and the order."""

    status = forms.ChoiceField(
        label=gettext_lazy("状態"), required=False, choices=[ALL, *ChallengeStatus.choices]
    )
    category = forms.ChoiceField(
        label=gettext_lazy("分野"), required=False, choices=[ALL, *ChallengeCategory.choices]
    )
    area = forms.TypedChoiceField(
        label=gettext_lazy("圏域"), required=False, coerce=int, empty_value=None
    )
    layer = forms.TypedChoiceField(
        label=gettext_lazy("層"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[ALL, *Layer.choices],
    )
    source = forms.ChoiceField(
        label=gettext_lazy("きっかけ"), required=False, choices=[ALL, *ChallengeSource.choices]
    )
    priority = forms.ChoiceField(
        label=gettext_lazy("優先度"), required=False, choices=[ALL, *Priority.choices]
    )
    year = forms.TypedChoiceField(
        label=gettext_lazy("登録した年度"), required=False, coerce=int, empty_value=None
    )
    order = forms.ChoiceField(
        label=gettext_lazy("並び順"),
        required=False,
        choices=[("", gettext_lazy("新しい順")), (BY_PRIORITY, gettext_lazy("優先度の高い順"))],
    )

    def __init__(self, *args: Any, municipality: Municipality, years: list[int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        areas = Area.objects.filter(municipality=municipality).order_by("layer", "kana_key")
        self.fields["area"].choices = [ALL, *((a.pk, a.name) for a in areas)]  # type: ignore[attr-defined]
        self.fields["year"].choices = [ALL, *((y, format_fiscal_year(y)) for y in years)]  # type: ignore[attr-defined]
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = _("%(label)sは一覧から選んでください。") % {
                "label": field.label
            }


def register_years(municipality: Municipality, today: datetime.date) -> list[int]:
    """The 年度 from this one back to that of the municipality's first challenge."""
    first = Challenge.objects.filter(municipality=municipality).aggregate(first=Min("created_at"))
    current = current_fiscal_year(today)
    oldest = fiscal_year(first["first"]) if first["first"] is not None else current
    return list(range(current, min(oldest, current) - 1, -1))


def day_start(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day` in Asia/Tokyo: a 年度 is counted in local days."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# Filters that compare one column with the chosen value.
EXACT_FILTERS = {
    "status": "status",
    "source": "source",
    "priority": "priority",
    "area": "area_id",
    "layer": "layer",
}


def challenge_register(municipality: Municipality, chosen: dict[str, Any]) -> QuerySet[Challenge]:
    """The municipality's challenges matching the filters, newest first (or high priority
    first), each with its council, 圏域, escalation and number of linked actions."""
    rows = Challenge.objects.filter(municipality=municipality)
    for key, column in EXACT_FILTERS.items():
        if chosen.get(key) not in (None, ""):
            rows = rows.filter(**{column: chosen[key]})
    if chosen.get("category"):
        # why: JSONField's `contains` does not exist on SQLite; the list's JSON text holds
        # each value in double quotes on SQLite and PostgreSQL alike, and no category's value
        # is part of another's.
        rows = rows.filter(categories__icontains=f'"{chosen["category"]}"')
    if chosen.get("year") is not None:
        start, end = fiscal_year_range(chosen["year"])
        rows = rows.filter(
            created_at__gte=day_start(start),
            created_at__lt=day_start(end + datetime.timedelta(days=1)),
        )
    # A subquery, not a join with GROUP BY: the count stays right beside the other joins.
    actions = (
        ActionItem.objects.filter(challenge=OuterRef("pk"))
        .order_by()
        .values("challenge")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = rows.select_related("council", "area", "escalation__to_council").annotate(
        action_count=Coalesce(Subquery(actions, output_field=IntegerField()), 0)
    )
    if chosen.get("order") == BY_PRIORITY:
        rank = Case(
            When(priority=Priority.HIGH, then=Value(0)),
            When(priority=Priority.NORMAL, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
        return rows.annotate(rank=rank).order_by("rank", "-created_at", "-pk")
    return rows.order_by("-created_at", "-pk")


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


# --- a challenge's page --------------------------------------------------------------------------


def may_write_challenge(user: Any, challenge: Challenge) -> bool:
    """A council's challenge: its council's writers; one raised without a council (from the
    analysis, by a coordinator): whoever may edit in its 圏域."""
    if challenge.council is not None:
        return permissions.can_write(user, challenge.council)
    return has_perm(user, Perm.EDIT_AREA, challenge.municipality, challenge.area)


def challenge_of(municipality: Municipality, pk: int) -> Challenge:
    """One challenge with its whole record: history, evidence, escalation, and what answered it
    (actions with the resources they gave birth to, projects)."""
    return (
        Challenge.objects.select_related(
            "municipality",
            "council__area",
            "council__municipality",
            "area",
            "source_meeting",
            "escalation__from_council",
            "escalation__to_council",
            "escalation__answer",
        )
        .prefetch_related(
            Prefetch(
                "status_changes",
                queryset=ChallengeStatusChange.objects.select_related("changed_by"),
            ),
            Prefetch(
                "evidence", queryset=ChallengeEvidence.objects.select_related("resource", "meeting")
            ),
            Prefetch(
                "actions",
                queryset=ActionItem.objects.select_related(
                    "council", "resource", "meeting"
                ).order_by("created_at", "pk"),
            ),
            "projects",
        )
        .get(municipality=municipality, pk=pk)
    )


def handovers_of(challenge: Challenge) -> list[EscalationHandover]:
    """The path of an escalated challenge from one layer-1 body to another, oldest first."""
    return list(
        EscalationHandover.objects.filter(escalation__challenge=challenge).select_related(
            "from_council", "to_council", "handed_by"
        )
    )


class PriorityForm(forms.Form):
    priority = forms.ChoiceField(
        label=gettext_lazy("優先度"),
        choices=Priority.choices,
        error_messages={
            "required": gettext_lazy("優先度を選んでください。"),
            "invalid_choice": gettext_lazy("優先度は「高」「中」「低」から選んでください。"),
        },
    )


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
