"""The one permission module: every view (and later the API) asks here."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .constants import AREA_SCOPED_ROLES, ROLE_PERMS, Perm
from .models import RoleAssignment

if TYPE_CHECKING:
    from sasaeai.areas.models import Area, Municipality

# URL names that anyone may open without signing in. The resolver-walking test fails on any
# other view that has no entry in its permission matrix.
PUBLIC_URL_NAMES = frozenset(
    {
        "accounts:login",
        # The code after the password (two-factor sign-in): only for the password step kept
        # in this session; without it the page sends back to the login page.
        "accounts:two_factor_verify",
        # パスワードを忘れた・初回の設定: the one-time link in the address is the key, and
        # the request form never says whether an account exists.
        "accounts:password_reset",
        "accounts:password_reset_done",
        "accounts:password_reset_confirm",
        "accounts:password_reset_complete",
        "core:health",
        # 住民向けポータル: public data only (resources.selectors.public_*).
        "portal:home",
        "portal:search",
        "portal:map",
        "portal:detail",
        "portal:area",
        "portal:print_list",
        "portal:print_pdf",
        "portal:this_week",
        "portal:accessibility",
        # 手伝える活動をさがす・あなたに合う活動: public data only, nothing stored (issue #26).
        "portal:help_wanted",
        "portal:match",
        # 「行ってみたい」「手伝いたい」「相談したい」: a form without an account (issue #26);
        # what it stores goes only to coordinators (residents.views, the personal-data right).
        "residents_public:request",
        "residents_public:request_done",
        # 「情報がちがう」 under a public place's page (404 for any other), no account (#26).
        "residents_public:report",
        "residents_public:report_done",
        # The organiser's page from a 確認票's QR code: the signed, expiring token is the key.
        "residents_public:organiser",
        # オープンデータ: files of public data only, made by the morning job (issue #27).
        "opendata:page",
        "opendata:file",
        "opendata:catalog",
        # HSDS 3.1 API: the same public data as JSON, read-only (issue #27).
        "opendata:hsds_meta",
        "opendata:hsds_services",
        "opendata:hsds_service",
        "opendata:hsds_organizations",
        "opendata:hsds_organization",
        "opendata:hsds_service_at_locations",
        "opendata:hsds_service_at_location",
        "opendata:hsds_taxonomies",
        "opendata:hsds_taxonomy_terms",
        # A council's meetings for calendar apps: the secret token in the address is the key.
        "councils:calendar",
        # 対話の参加者用ページ: cards from phones, no account; the dialogue's key is the way in.
        "dialogues_public:write",
    }
)
# Views for any signed-in user, whatever their roles (they show only the user's own data).
SIGNED_IN_URL_NAMES = frozenset(
    {
        "accounts:logout",
        "accounts:password_change",
        "accounts:password_change_done",
        "core:home",
        # 「2段階認証の設定」: the user's own authenticator app and recovery codes.
        "accounts:two_factor",
        "accounts:two_factor_codes",
        "accounts:two_factor_codes_renew",
        "accounts:two_factor_off",
    }
)


def active_assignments(user: Any, on: datetime.date | None = None) -> list[RoleAssignment]:
    """The user's role assignments valid on the given date (today in Asia/Tokyo by default)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cache = user.__dict__.setdefault("_sasaeai_roles", {})
    day = on or timezone.localdate()
    if day not in cache:
        cache[day] = list(
            RoleAssignment.objects.active_on(day)
            .filter(user=user)
            .select_related("municipality", "area")
        )
    return cache[day]


def has_perm(
    user: Any,
    perm: str,
    municipality: Municipality,
    area: Area | None = None,
    on: datetime.date | None = None,
) -> bool:
    """May `user` do `perm` in `municipality` (and, for edits, in `area`) on the date?"""
    if getattr(user, "is_superuser", False):
        return True
    for assignment in active_assignments(user, on):
        if assignment.municipality_id != municipality.pk:
            continue
        if perm not in ROLE_PERMS[assignment.role]:
            continue
        if perm == Perm.EDIT_AREA and assignment.role in AREA_SCOPED_ROLES:
            if area is None or assignment.area_id is None:
                continue
            if area.pk != assignment.area_id and area.parent_id != assignment.area_id:
                continue
        return True
    return False


def may_see_personal(user: Any, municipality: Municipality) -> bool:
    """May `user` see personal data in `municipality` (issue #21)? Coordinators and the
    municipal admin; never council members, advisers or viewers."""
    return has_perm(user, Perm.PERSONAL_DATA, municipality)


def may_edit_in(user: Any, municipality: Municipality, areas: list[Area]) -> bool:
    """Edit rights for a record placed in `areas`: any one of them suffices; a record with no
    area yet may be edited by anyone who may edit somewhere in the municipality."""
    if not areas:
        if getattr(user, "is_superuser", False):
            return True
        return any(
            a.municipality_id == municipality.pk and Perm.EDIT_AREA in ROLE_PERMS[a.role]
            for a in active_assignments(user)
        )
    return any(has_perm(user, Perm.EDIT_AREA, municipality, area) for area in areas)


def edit_scope(user: Any, municipality: Municipality) -> frozenset[int] | None:
    """Where the user may edit in the municipality: None for everywhere (a superuser, or an
    edit right not limited to one 圏域: the municipal admin, layer-1 coordinators), else the
    ids of the assigned 圏域 and of the areas under them (the rule of has_perm), empty for
    read-only roles. Services check the *target* of a write against it (issue #20)."""
    from sasaeai.areas.models import Area

    if getattr(user, "is_superuser", False):
        return None
    assigned: set[int] = set()
    for assignment in active_assignments(user):
        if assignment.municipality_id != municipality.pk:
            continue
        if Perm.EDIT_AREA not in ROLE_PERMS[assignment.role]:
            continue
        if assignment.role not in AREA_SCOPED_ROLES:
            return None
        if assignment.area_id is not None:
            assigned.add(assignment.area_id)
    if not assigned:
        return frozenset()
    return frozenset(
        Area.objects.filter(
            Q(pk__in=assigned) | Q(parent_id__in=assigned), municipality=municipality
        ).values_list("pk", flat=True)
    )


def in_scope(scope: frozenset[int] | None, area_id: int | None) -> bool:
    """May a record be placed in (or stay in) this area, for a user of this edit_scope? A record
    with no area yet: whoever may edit somewhere (the rule of may_edit_in)."""
    if scope is None:
        return True
    if area_id is None:
        return bool(scope)
    return area_id in scope


def may_edit_ids(scope: frozenset[int] | None, area_ids: Iterable[int]) -> bool:
    """may_edit_in for an edit_scope: a record in these areas may be edited when any one of
    them is in the scope; a record with no area yet by whoever may edit somewhere."""
    if scope is None:
        return True
    wanted = set(area_ids)
    return bool(wanted & scope) if wanted else bool(scope)


def require_perm(
    user: Any, perm: str, municipality: Municipality, area: Area | None = None
) -> None:
    """Raise PermissionDenied (403) unless has_perm."""
    if not has_perm(user, perm, municipality, area):
        raise PermissionDenied("この操作を行う権限がありません。")


def is_operator(user: Any) -> bool:
    """The site operator (a superuser): starts municipalities and creates their first admin."""
    return bool(getattr(user, "is_superuser", False))


def require_operator(user: Any) -> None:
    """Raise PermissionDenied (403) unless the user is the site operator (Perm.OPERATE)."""
    if not is_operator(user):
        raise PermissionDenied("この操作を行う権限がありません。")


class OperatorRequiredMixin:
    """Views of the site operator (Perm.OPERATE): superusers only, 403 for every role."""

    permission: str = Perm.OPERATE

    def dispatch(self, request, *args, **kwargs):
        require_operator(request.user)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


def municipalities_for(user: Any) -> list[Municipality]:
    """Municipalities where the user holds any active role, in code order."""
    from sasaeai.areas.models import Municipality

    if getattr(user, "is_superuser", False):
        return list(Municipality.objects.order_by("code"))
    seen = {a.municipality_id: a.municipality for a in active_assignments(user)}
    return sorted(seen.values(), key=lambda m: m.code)


class MunicipalityPermissionMixin:
    """Resolves `lgcode` from the URL into `self.municipality` and checks `permission`."""

    permission: str = Perm.VIEW
    municipality: Municipality
    request: Any
    kwargs: dict[str, Any]

    def dispatch(self, request, *args, **kwargs):
        from sasaeai.areas.models import Municipality

        self.municipality = get_object_or_404(Municipality, code=kwargs["lgcode"])
        require_perm(request.user, self.permission, self.municipality)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def can(self, perm: str, area: Area | None = None) -> bool:
        return has_perm(self.request.user, perm, self.municipality, area)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["municipality"] = self.municipality
        context.update(menu_flags(self.request.user, self.municipality))
        return context


def menu_flags(user: Any, municipality: Municipality) -> dict[str, bool]:
    """What the staff menu (core/_staff_nav.html) and the sections' tabs may offer: every page
    with the menu needs them, also one drawn outside MunicipalityPermissionMixin."""
    return {
        "can_import": has_perm(user, Perm.IMPORT_DATA, municipality),
        "can_manage": has_perm(user, Perm.MANAGE, municipality),
        "can_log_activities": has_perm(user, Perm.COORDINATE, municipality),
        "can_manage_users": has_perm(user, Perm.MANAGE_USERS, municipality),
        # Edits somewhere here (and so starts the 確認票 batch): the menu offers it only then.
        "can_make_sheets": may_edit_in(user, municipality, []),
    }
