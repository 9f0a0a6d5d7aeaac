"""Writes of the municipal admin's 「利用者と役割」: accounts, dated roles, the April handover,
利用停止, and resetting someone's two-factor sign-in. Every refusal is a Japanese ValidationError naming the field, raised before
anything is written; every write is recorded with who made it (`history_user`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from sasaeai.areas.constants import Layer
from sasaeai.areas.models import Area, Municipality
from sasaeai.core.history import history_user
from sasaeai.utils.wareki import to_wareki

from .constants import AREA_SCOPED_ROLES, Role
from .models import RoleAssignment, User
from .services import _user_errors

ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class RoleInput:
    """A role to give: which, where (a layer-2 area for the area-scoped roles), from and to."""

    role: str
    valid_from: datetime.date
    area: Area | None = None
    valid_to: datetime.date | None = None


@dataclass(frozen=True)
class NewAccount:
    """A person signing in for the first time (no password: a one-time link sets it)."""

    username: str
    display_name: str = ""
    email: str = ""


def next_april_first(today: datetime.date | None = None) -> datetime.date:
    """The next 4月1日 after today: the day coordinators change over (2026-11-27 → 2027-04-01;
    on 4月1日 itself, the one a year later)."""
    day = today or timezone.localdate()
    this_year = datetime.date(day.year, 4, 1)
    return this_year if day < this_year else datetime.date(day.year + 1, 4, 1)


def municipality_users(municipality: Municipality):
    """Everyone who holds or held a role in the municipality (their accounts are its to manage)."""
    held = RoleAssignment.objects.filter(municipality=municipality).values("user_id")
    return User.objects.filter(pk__in=held)


# --- creating an account and giving roles ---------------------------------------------------


@transaction.atomic
def user_create(
    *, municipality: Municipality, account: NewAccount, first_role: RoleInput, user: Any
) -> User:
    """A new account with its first role in the municipality and no usable password."""
    new = _unsaved_account(account)
    errors = _user_errors(new)
    errors.update(_role_errors(municipality, None, first_role))
    if errors:
        raise ValidationError(errors)
    with history_user(user):
        new.save()
        _assign(municipality, new, first_role)
    return new


def _unsaved_account(account: NewAccount) -> User:
    new = User(
        username=account.username.strip(),
        display_name=account.display_name.strip(),
        email=account.email.strip(),
    )
    new.set_unusable_password()
    return new


@transaction.atomic
def role_add(
    *, municipality: Municipality, target: User, role: RoleInput, user: Any
) -> RoleAssignment:
    """Another role (with its period and area) for someone already in the municipality."""
    errors = _role_errors(municipality, target, role)
    if errors:
        raise ValidationError(errors)
    with history_user(user):
        return _assign(municipality, target, role)


def _assign(municipality: Municipality, target: User, role: RoleInput) -> RoleAssignment:
    return RoleAssignment.objects.create(
        user=target,
        municipality=municipality,
        role=role.role,
        area=role.area,
        valid_from=role.valid_from,
        valid_to=role.valid_to,
    )


def _role_errors(
    municipality: Municipality, target: User | None, role: RoleInput
) -> dict[str, list[str]]:
    """The role, its area and its period, each refusal under its field."""
    errors: dict[str, list[str]] = {}
    if role.role not in Role.values:
        return {"role": [_("役割を選んでください。")]}
    if role.role in AREA_SCOPED_ROLES:
        if role.area is None:
            errors["area"] = [_("第2層生活支援コーディネーターには担当圏域を選んでください。")]
        elif not _is_current_layer2(municipality, role.area):
            errors["area"] = [_("この市町村の日常生活圏域（第2層）を選んでください。")]
    elif role.area is not None:
        errors["area"] = [_("担当圏域は第2層生活支援コーディネーターのときだけ選びます。")]
    if role.valid_to is not None and role.valid_to < role.valid_from:
        errors["valid_to"] = [_("終了日は開始日以降の日付にしてください。")]
    if not errors and target is not None and _overlapping(municipality, target, role).exists():
        errors["role"] = [
            _("「%(user)s」さんはこの期間に同じ役割（同じ担当圏域）を既に持っています。")
            % {"user": target}
        ]
    return errors


def _is_current_layer2(municipality: Municipality, area: Area) -> bool:
    return (
        area.municipality_id == municipality.pk
        and area.layer == Layer.SECOND
        and (area.valid_to is None)
    )


def _overlapping(municipality: Municipality, target: User, role: RoleInput):
    """The target's assignments of the same role and area whose period meets the new one."""
    found = RoleAssignment.objects.filter(
        user=target, municipality=municipality, role=role.role, area=role.area
    ).exclude(valid_to__lt=role.valid_from)
    if role.valid_to is not None:
        found = found.exclude(valid_from__gt=role.valid_to)
    return found


# --- ending a role, 利用停止 ----------------------------------------------------------------


@transaction.atomic
def role_end(*, assignment: RoleAssignment, end_on: datetime.date, user: Any) -> RoleAssignment:
    """End a role on `end_on` (its last day); the last 市町村管理者 cannot be ended."""
    if assignment.valid_from is not None and end_on < assignment.valid_from:
        raise ValidationError(
            {
                "end_on": _("終了日は役割の開始日（%(day)s）以降にしてください。")
                % {"day": to_wareki(assignment.valid_from)}
            }
        )
    if assignment.role == Role.MUNICIPAL_ADMIN and not _admin_remains(
        assignment.municipality, on=end_on + ONE_DAY, besides=assignment
    ):
        raise ValidationError(
            {
                "end_on": _(
                    "%(day)sからは市町村管理者がいなくなります。先に別の人に市町村管理者の"
                    "役割を付けてください。"
                )
                % {"day": to_wareki(end_on + ONE_DAY)}
            }
        )
    with history_user(user):
        assignment.valid_to = end_on
        assignment.save(update_fields=["valid_to"])
    return assignment


def _admin_remains(
    municipality: Municipality,
    *,
    on: datetime.date,
    besides: RoleAssignment | None = None,
    besides_user: User | None = None,
) -> bool:
    """Is another active account 市町村管理者 of the municipality on the day?"""
    admins = RoleAssignment.objects.active_on(on).filter(
        municipality=municipality, role=Role.MUNICIPAL_ADMIN, user__is_active=True
    )
    if besides is not None:
        admins = admins.exclude(pk=besides.pk)
    if besides_user is not None:
        admins = admins.exclude(user=besides_user)
    return admins.exists()


@transaction.atomic
def user_deactivate(*, municipality: Municipality, target: User, user: Any) -> User:
    """利用停止: the account can no longer sign in; its roles and records stay."""
    errors = []
    if target.pk == getattr(user, "pk", None):
        errors.append(_("自分自身は利用停止にできません。"))
    elif not _admin_remains(municipality, on=timezone.localdate(), besides_user=target):
        errors.append(
            _("「%(user)s」さんは最後の市町村管理者なので、利用停止にできません。")
            % {"user": target}
        )
    elif _roles_elsewhere(municipality, target):
        errors.append(
            _(
                "「%(user)s」さんはほかの市町村でも役割を持っているため、利用停止にできません。"
                "この市町村の役割を終了してください。"
            )
            % {"user": target}
        )
    if errors:
        raise ValidationError({"user": errors})
    return _set_active(target, False, user)


def _roles_elsewhere(municipality: Municipality, target: User) -> bool:
    today = timezone.localdate()
    return (
        RoleAssignment.objects.filter(user=target)
        .exclude(municipality=municipality)
        .exclude(valid_to__lt=today)
        .exists()
    )


@transaction.atomic
def user_reactivate(*, target: User, user: Any) -> User:
    """利用再開: the account signs in again with the roles it holds."""
    return _set_active(target, True, user)


def _set_active(target: User, active: bool, user: Any) -> User:
    with history_user(user):
        target.is_active = active
        target.save(update_fields=["is_active"])
    return target


# --- 2段階認証のリセット -------------------------------------------------------------------

# The reason on the account's history row, shown in the person's 変更の記録.
TWO_FACTOR_RESET_REASON = "2段階認証のリセット"


@transaction.atomic
def two_factor_reset(*, municipality: Municipality, target: User, user: Any) -> User:
    """2段階認証のリセット, for someone who lost their phone and their recovery codes: their
    authenticator app and recovery codes are deleted and the flag cleared, so the next sign-in
    takes the password alone and sends whoever must use it to set it up again. The account's
    history row names who reset it (the devices themselves have no history)."""
    errors = []
    has_devices = (
        TOTPDevice.objects.filter(user=target).exists()
        or StaticDevice.objects.filter(user=target).exists()
    )
    if target.pk == getattr(user, "pk", None):
        # An admin resetting their own account here would need no code at all: their own
        # goes through 「2段階認証の設定」, signed in with it, or through another admin.
        errors.append(
            _(
                "自分の2段階認証はここではリセットできません。「2段階認証の設定」で設定し直すか、"
                "ほかの市町村管理者に頼んでください。"
            )
        )
    elif target.is_superuser:
        errors.append(
            _("「%(user)s」さんはシステムの運用担当者のため、2段階認証をリセットできません。")
            % {"user": target}
        )
    elif _roles_elsewhere(municipality, target):
        # The account is also another municipality's: its admin would lose the second factor
        # of a user they did not reset.
        errors.append(
            _(
                "「%(user)s」さんはほかの市町村でも役割を持っているため、"
                "2段階認証をリセットできません。"
            )
            % {"user": target}
        )
    elif not target.two_factor_enabled and not has_devices:
        errors.append(_("「%(user)s」さんは2段階認証を設定していません。") % {"user": target})
    if errors:
        raise ValidationError({"user": errors})
    TOTPDevice.objects.filter(user=target).delete()
    StaticDevice.objects.filter(user=target).delete()
    with history_user(user):
        target.two_factor_enabled = False
        # simple_history reads the reason from the instance; removed after this one save so
        # a later save of the same object is not labelled a reset.
        target._change_reason = TWO_FACTOR_RESET_REASON  # type: ignore[attr-defined]
        target.save(update_fields=["two_factor_enabled"])
        del target._change_reason  # type: ignore[attr-defined]
    return target


# --- 4月の交代 -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Handover:
    """What a handover did: the incoming account (new or not) and the roles it now starts."""

    incoming: User
    created: bool
    started: list[RoleAssignment]


@transaction.atomic
def coordinator_handover(
    *,
    municipality: Municipality,
    outgoing: User,
    incoming: User | None = None,
    new_account: NewAccount | None = None,
    on: datetime.date,
    user: Any,
) -> Handover:
    """4月の交代: every role the outgoing person holds in the municipality from `on` onwards
    ends the day before, and the same roles (area and planned end kept) start for the incoming
    one on `on`, an existing account or a new one; all or nothing."""
    handed = list(_handed_over(municipality, outgoing, on))
    new = _unsaved_account(new_account) if new_account is not None else None
    _validate_handover(municipality, outgoing, incoming, new, on, handed)
    with history_user(user):
        if new is not None:
            new.save()
        receiver = new or incoming
        assert receiver is not None  # validated: one of the two is given
        started = [_hand_over(municipality, a, receiver, on) for a in handed]
    return Handover(incoming=receiver, created=new is not None, started=started)


def _handed_over(municipality: Municipality, outgoing: User, on: datetime.date):
    """The outgoing person's roles still running on the handover day (or later)."""
    return (
        RoleAssignment.objects.filter(municipality=municipality, user=outgoing)
        .exclude(valid_to__lt=on)
        .select_related("area")
        .order_by("role", "area__kana", "pk")
    )


def _hand_over(
    municipality: Municipality, assignment: RoleAssignment, receiver: User, on: datetime.date
) -> RoleAssignment:
    planned_end = assignment.valid_to
    assignment.valid_to = on - ONE_DAY
    assignment.save(update_fields=["valid_to"])
    role = RoleInput(assignment.role, on, assignment.area, planned_end)
    return _assign(municipality, receiver, role)


def _validate_handover(
    municipality: Municipality,
    outgoing: User,
    incoming: User | None,
    new: User | None,
    on: datetime.date,
    handed: list[RoleAssignment],
) -> None:
    errors: dict[str, list[str]] = {}
    if (incoming is None) == (new is None):
        errors["incoming"] = [_("引き継ぐ人を選ぶか、新しい利用者のユーザー名を入れてください。")]
    elif incoming is not None and incoming.pk == outgoing.pk:
        errors["incoming"] = [_("交代する人と引き継ぐ人が同じです。別の人を選んでください。")]
    elif incoming is not None and not incoming.is_active:
        errors["incoming"] = [
            _("「%(user)s」さんは利用停止中です。先に利用を再開してください。") % {"user": incoming}
        ]
    elif new is not None:
        errors.update({f"new_{k}": v for k, v in _user_errors(new).items()})
    if not handed:
        errors["outgoing"] = [
            _("「%(user)s」さんには%(day)s以降も続く役割がありません。")
            % {"user": outgoing, "day": to_wareki(on)}
        ]
    started_late = [a for a in handed if a.valid_from is not None and a.valid_from >= on]
    if started_late:
        errors["on"] = [
            _("「%(user)s」さんの%(role)sは%(day)sに始まります。交代日はそれより後にしてください。")
            % {
                "user": outgoing,
                "role": started_late[0].get_role_display(),
                "day": to_wareki(started_late[0].valid_from),  # type: ignore[arg-type]
            }
        ]
    if incoming is not None and "incoming" not in errors and "on" not in errors:
        errors.update(_already_held(municipality, incoming, on, handed))
    if errors:
        raise ValidationError(errors)


def _already_held(
    municipality: Municipality, incoming: User, on: datetime.date, handed: list[RoleAssignment]
) -> dict[str, list[str]]:
    """The incoming person already holds one of the roles (same area) in the same period."""
    for a in handed:
        if _overlapping(municipality, incoming, RoleInput(a.role, on, a.area, a.valid_to)).exists():
            where = f"（{a.area.name}）" if a.area is not None else ""
            return {
                "incoming": [
                    _("「%(user)s」さんは%(role)s%(where)sを既に持っています。")
                    % {"user": incoming, "role": a.get_role_display(), "where": where}
                ]
            }
    return {}
