"""Reads of what residents and organisers sent about places: the coordinators' queues of
「情報がちがう」 reports and organisers' proposals.

Scoped as the registry's edits are (accounts.permissions.edit_scope): a layer-2 coordinator sees
the ones about places meeting in their 圏域 (and the areas under it); those who may edit
everywhere (the municipal admin, layer-1 coordinators) see them all."""

from __future__ import annotations

from django.db.models import QuerySet

from sasaeai.areas.models import Municipality

from .constants import ProposalStatus, ReportStatus
from .models import CorrectionReport, ListingProposal

# Answered ones shown under the open ones, newest first, for what was done lately.
RECENT = 20


def scoped(queryset: QuerySet, scope: frozenset[int] | None) -> QuerySet:
    """The rows about places with a venue in one of the areas (all of them for None)."""
    if scope is None:
        return queryset
    return queryset.filter(resource__service_locations__location__area_id__in=scope).distinct()


def open_reports(
    municipality: Municipality, scope: frozenset[int] | None
) -> QuerySet[CorrectionReport]:
    """Reports waiting for an answer, oldest first (the longest waiting at the top)."""
    reports = CorrectionReport.objects.filter(municipality=municipality, status=ReportStatus.OPEN)
    return scoped(reports, scope).select_related("resource").order_by("reported_at", "pk")


def answered_reports(
    municipality: Municipality, scope: frozenset[int] | None
) -> list[CorrectionReport]:
    reports = CorrectionReport.objects.filter(municipality=municipality).exclude(
        status=ReportStatus.OPEN
    )
    return list(
        scoped(reports, scope)
        .select_related("resource", "resolved_by")
        .order_by("-resolved_at", "-pk")[:RECENT]
    )


def pending_proposals(
    municipality: Municipality, scope: frozenset[int] | None
) -> QuerySet[ListingProposal]:
    proposals = ListingProposal.objects.filter(
        municipality=municipality, status=ProposalStatus.PENDING
    )
    return scoped(proposals, scope).select_related("resource").order_by("proposed_at", "pk")


def decided_proposals(
    municipality: Municipality, scope: frozenset[int] | None
) -> list[ListingProposal]:
    proposals = ListingProposal.objects.filter(municipality=municipality).exclude(
        status=ProposalStatus.PENDING
    )
    return list(
        scoped(proposals, scope)
        .select_related("resource", "decided_by")
        .order_by("-decided_at", "-pk")[:RECENT]
    )
