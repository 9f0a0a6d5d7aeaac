"""Writes for the registry: every change validated first, saved in one transaction, with history."""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history, update_change_reason

from sasaeai.accounts.permissions import edit_scope, in_scope, may_edit_ids
from sasaeai.areas.models import Area, Municipality, Town
from sasaeai.core.bulk import insert_rows, insert_with_history
from sasaeai.core.history import history_user
from sasaeai.core.versioning import bump_versions, claim_version
from sasaeai.utils.reading import reading
from sasaeai.utils.text import as_typed, kana_sort_key

from . import scheduling, search_text
from .constants import FrequencyBand, ResourceKind, ResourceStatus, SupportType, TagCategory
from .matching import record_key, town_name_matches
from .models import (
    Contact,
    Location,
    NamedRecord,
    Organization,
    RegistrySettings,
    Resource,
    ResourceTag,
    Schedule,
    ServiceAtLocation,
    Verification,
    VolunteerRole,
)

KINDS = frozenset(ResourceKind.values)
# Most frequent first: a resource's band is the most frequent band among its schedules.
BAND_ORDER = [
    FrequencyBand.WEEKLY_OR_MORE,
    FrequencyBand.TWO_OR_THREE_MONTHLY,
    FrequencyBand.MONTHLY,
    FrequencyBand.LESS_OR_IRREGULAR,
]


def fill_reading(record: NamedRecord) -> None:
    """Reading from Sudachi when none was typed (flagged for checking), and the 50音 key."""
    if not record.kana.strip():
        record.kana = reading(record.name)
        record.kana_is_guessed = True
    record.kana_key = kana_sort_key(record.kana)


@dataclass
class ResourceInput:
    """Everything a coordinator can set on a resource in one save."""

    name: str
    kind: str
    kana: str = ""
    description: str = ""
    organization: Organization | None = None
    primary_activity: str = ""
    activities: Sequence[str] = ()
    support_types: Sequence[str] = ()
    target_groups: Sequence[str] = ()
    schedules: Sequence[scheduling.ScheduleSpec] = ()
    locations: Sequence[Location] = ()
    fields: dict[str, Any] = field(default_factory=dict)


def input_of(resource: Resource) -> ResourceInput:
    """The resource as it stands, as input for resource_save (to change one part of it)."""
    tags: dict[str, list[str]] = {}
    for tag in resource.tags.all():
        tags.setdefault(tag.category, []).append(tag.value)
    return ResourceInput(
        name=resource.name,
        kind=resource.kind,
        kana="" if resource.kana_is_guessed else resource.kana,
        description=resource.description,
        organization=resource.organization,
        primary_activity=resource.primary_activity,
        activities=tags.get(TagCategory.ACTIVITY, []),
        support_types=tags.get(TagCategory.SUPPORT, []),
        target_groups=tags.get(TagCategory.TARGET, []),
        schedules=[scheduling.spec_of(s) for s in resource.schedules.all()],
        locations=[link.location for link in resource.service_locations.all()],
    )


def schedule_row(resource: Resource, spec: scheduling.ScheduleSpec) -> Schedule:
    return Schedule(resource=resource, **schedule_values(spec))


def schedule_values(spec: scheduling.ScheduleSpec) -> dict[str, Any]:
    """The Schedule model's fields for a schedule value (lists and ISO dates for JSON)."""
    return {
        "pattern": spec.pattern,
        "weekdays": list(spec.weekdays),
        "nths": list(spec.nths),
        "count": spec.count,
        "month_days": list(spec.month_days),
        "start_date": spec.start_date,
        "dates": [d.isoformat() for d in spec.dates],
        "opens_at": spec.opens_at,
        "closes_at": spec.closes_at,
        "closed_on_holidays": spec.closed_on_holidays,
        "closed_year_end": spec.closed_year_end,
        "note": spec.note,
    }


def band_of(specs: Sequence[scheduling.ScheduleSpec]) -> str:
    """The most frequent band among the schedules (月1回未満・不定期 when there are none)."""
    bands = {scheduling.frequency_band(spec) for spec in specs}
    return next((band for band in BAND_ORDER if band in bands), FrequencyBand.LESS_OR_IRREGULAR)


def validate_resource(municipality: Municipality, data: ResourceInput) -> dict[str, list[str]]:
    """Japanese messages per field; empty when the input can be saved."""
    errors: dict[str, list[str]] = {}
    if not data.name.strip():
        errors.setdefault("name", []).append(_("名称を入力してください。"))
    if data.kind not in KINDS:
        errors.setdefault("kind", []).append(_("種類を選んでください。"))
    if data.organization and data.organization.municipality_id != municipality.pk:
        errors.setdefault("organization", []).append(_("別の市町村の運営主体は選べません。"))
    for location in data.locations:
        if location.municipality_id != municipality.pk:
            errors.setdefault("locations", []).append(_("別の市町村の会場は選べません。"))
    for number, spec in enumerate(data.schedules, start=1):
        for message in scheduling.validate(spec):
            errors.setdefault("schedules", []).append(
                _("開催予定%(number)d: %(message)s") % {"number": number, "message": message}
            )
    return errors


def venue_scope_errors(
    scope: frozenset[int] | None, locations: Iterable[Location], kept: Iterable[int] = ()
) -> list[str]:
    """A venue the resource does not meet at yet must be in an area the user may edit (venues
    it keeps may lie in another area: a resource meeting in two areas is edited from either)."""
    kept_ids = set(kept)
    return [
        _("担当していない圏域（%(area)s）の会場は選べません。")
        % {"area": location.area.name if location.area else ""}
        for location in locations
        if location.pk not in kept_ids and not in_scope(scope, location.area_id)
    ]


def resource_area_ids(resource: Resource) -> set[int]:
    """The areas of the venues a saved resource meets at (where its edit rights lie)."""
    return set(
        Location.objects.filter(
            service_locations__resource=resource, area__isnull=False
        ).values_list("area_id", flat=True)
    )


def tags_for(data: ResourceInput) -> list[tuple[str, str]]:  # (category, value)
    """Tag rows; a 移動支援 resource always carries 外出・移動, the primary activity is an activity."""
    activities = list(
        dict.fromkeys(
            [*data.activities, *([data.primary_activity] if data.primary_activity else [])]
        )
    )
    supports = list(dict.fromkeys(data.support_types))
    if data.kind == ResourceKind.MOBILITY and SupportType.MOBILITY not in supports:
        supports.append(SupportType.MOBILITY)
    return (
        [(str(TagCategory.ACTIVITY), a) for a in activities]
        + [(str(TagCategory.SUPPORT), s) for s in supports]
        + [(str(TagCategory.TARGET), t) for t in dict.fromkeys(data.target_groups)]
    )


def search_text_of(resource: Resource) -> str:
    """The stored text residents' search matches: public text only (see resources.search_text;
    the staff list reads staff_search_text, which also holds a 住民個人 organisation's name)."""
    return search_text.public_text(resource)


@transaction.atomic
def resource_save(
    *,
    municipality: Municipality,
    user: Any,
    data: ResourceInput,
    resource: Resource | None = None,
    expected_version: int | None = None,
) -> Resource:
    """Create or update a resource with its tags, schedules and venues, all or nothing. Edit
    rights are checked here, on the resource as it is and on every venue it is moved to, so
    every path (screens, imports, an API later) keeps a layer-2 coordinator in their 圏域.
    `expected_version`: the version the edit form was opened at (None from an import); a save
    by someone else since then is refused (core.versioning), the editor's input kept."""
    scope = edit_scope(user, municipality)
    kept: set[int] = set()
    if resource is not None and resource.pk:
        if not may_edit_ids(scope, resource_area_ids(resource)):
            raise PermissionDenied(_("この地域資源を編集する権限がありません。"))
        kept = set(resource.service_locations.values_list("location_id", flat=True))
    elif not may_edit_ids(scope, ()):
        raise PermissionDenied(_("地域資源を登録する権限がありません。"))
    errors = validate_resource(municipality, data)
    outside = venue_scope_errors(scope, data.locations, kept)
    if outside:
        errors.setdefault("locations", []).extend(outside)
    if errors:
        raise ValidationError(errors)
    resource = resource or Resource(municipality=municipality)
    reset_guess = not resource.pk or as_typed(data.kana) != resource.kana
    apply_input(resource, data, reset_guess=reset_guess)
    resource.full_clean(exclude=["municipality"])
    claim_version(resource, expected_version, what=_("地域資源"))
    with history_user(user):
        resource.save()
        replace_children(resource, data)
    return resource


def replace_children(resource: Resource, data: ResourceInput) -> None:
    """Make tags, schedules and venues exactly those given (deletions are kept in history)."""
    wanted_tags = set(tags_for(data))
    for tag in resource.tags.all():
        if (tag.category, tag.value) not in wanted_tags:
            tag.delete()
    existing = set(resource.tags.values_list("category", "value"))
    for category, value in sorted(wanted_tags - existing):
        ResourceTag(resource=resource, category=category, value=value).save()
    for schedule in resource.schedules.all():
        schedule.delete()
    for spec in data.schedules:
        schedule_row(resource, spec).save()
    wanted = {location.pk for location in data.locations}
    for link in resource.service_locations.all():
        if link.location_id not in wanted:
            link.delete()
    linked = set(resource.service_locations.values_list("location_id", flat=True))
    for location in data.locations:
        if location.pk not in linked:
            ServiceAtLocation(resource=resource, location=location).save()


@transaction.atomic
def organization_save(
    *,
    municipality: Municipality,
    user: Any,
    organization: Organization | None = None,
    expected_version: int | None = None,
    **values: Any,
) -> Organization:
    """Create or update an organisation (reading guessed when missing). Organisations are
    scoped by their areas (organization_area_ids): an existing one is edited by whoever may
    edit in one of them, and the 圏域 it is marked active in may be added or removed only where
    the user may edit."""
    areas = values.pop("areas", None)
    scope = edit_scope(user, municipality)
    if organization is None and not may_edit_ids(scope, ()):
        raise PermissionDenied(_("運営主体を登録する権限がありません。"))
    if organization is not None and not may_edit_ids(scope, organization_area_ids(organization)):
        raise PermissionDenied(
            _("この運営主体を編集する権限がありません（担当していない圏域の運営主体です）。")
        )
    if areas is not None and scope is not None:
        marked = set(organization.areas.values_list("pk", flat=True)) if organization else set()
        changed = marked ^ {area.pk for area in areas}
        outside = Area.objects.filter(pk__in=changed - scope).order_by("kana_key", "pk")
        if outside:
            raise ValidationError(
                {
                    "areas": _("担当していない圏域（%(areas)s）は選んだり外したりできません。")
                    % {"areas": "、".join(area.name for area in outside)}
                }
            )
    organization = organization or Organization(municipality=municipality)
    for name, value in values.items():
        setattr(organization, name, as_typed(value) if isinstance(value, str) else value)
    if "kana" in values:
        organization.kana_is_guessed = False
    fill_reading(organization)
    organization.full_clean(exclude=["municipality"])
    claim_version(organization, expected_version, what=_("運営主体"))
    with history_user(user):
        organization.save()
        if areas is not None:
            organization.areas.set(areas)
    # Its resources' search columns hold its name, and whether residents may find them by it
    # depends on its type (住民個人): recompute them after a rename or a change of type.
    search_text.refresh(organization.resources.all())
    return organization


def organization_area_ids(organization: Organization) -> set[int]:
    """Where an organisation belongs: the 圏域 it is marked active in and the areas of the venues
    where its resources meet. None yet (a new organisation, or one with only unplaced venues):
    whoever may edit somewhere in the municipality may edit it, the rule for a resource or a
    venue with no area, so that a layer-2 coordinator can register the group they just met."""
    if organization.pk is None:
        return set()
    marked = set(organization.areas.values_list("pk", flat=True))
    meeting = Location.objects.filter(
        service_locations__resource__organization=organization, area__isnull=False
    ).values_list("area_id", flat=True)
    return marked | set(meeting)


def organization_area_map(municipality: Municipality) -> dict[int, set[int]]:
    """organization_area_ids for every organisation of the municipality, in two queries."""
    found: dict[int, set[int]] = {}
    marked = Organization.areas.through.objects.filter(organization__municipality=municipality)
    for org_id, area_id in marked.values_list("organization_id", "area_id"):
        found.setdefault(org_id, set()).add(area_id)
    meeting = ServiceAtLocation.objects.filter(
        resource__municipality=municipality,
        resource__organization__isnull=False,
        location__area__isnull=False,
    ).values_list("resource__organization_id", "location__area_id")
    for org_id, area_id in meeting:
        found.setdefault(org_id, set()).add(area_id)
    return found


def towns_for_placement(municipality: Municipality) -> list[Town]:
    """The municipality's towns with their areas, loaded once for placing many venues."""
    return list(Town.objects.filter(municipality=municipality).select_related("area"))


def nearest_town(towns: Sequence[Town], latitude: float, longitude: float) -> Town | None:
    """The town whose centroid is closest (towns have no boundaries yet)."""
    scale = math.cos(math.radians(latitude))

    def squared(t: Town) -> float:
        return (t.latitude - latitude) ** 2 + ((t.longitude - longitude) * scale) ** 2  # type: ignore[operator]

    return min((t for t in towns if t.latitude is not None), key=squared, default=None)


def place_location(location: Location, towns: Sequence[Town] | None = None) -> None:
    """Derive town, area and position: typed coordinates, else the 町字's centroid (approximate),
    else nothing (the venue goes to the fix-up list). Coordinates are never invented."""
    if towns is None:
        towns = towns_for_placement(location.municipality)
    if location.latitude is not None and location.longitude is not None:
        if location.town is None:
            location.town = nearest_town(towns, location.latitude, location.longitude)
    elif location.town is None and location.town_text:
        location.town = next(
            (t for t in towns if town_name_matches(location.town_text, t.name)), None
        )
    if location.latitude is None and location.town and location.town.latitude is not None:
        location.latitude, location.longitude = location.town.latitude, location.town.longitude
        location.position_approximate = True
    if location.town is not None and location.area_id is None:
        location.area = location.town.area


@transaction.atomic
def locations_follow_towns(*, moves: Mapping[int, tuple[int | None, int | None]], user: Any) -> int:
    """Venues placed by their town follow it to its new 圏域 (moves: town id → old and new area
    id); a venue given another 圏域 by hand keeps it. Returns how many moved."""
    changed = []
    for location in Location.objects.filter(town_id__in=list(moves)):
        old, new = moves[location.town_id]  # type: ignore[index]  # filtered on town_id
        if location.area_id in (old, None) and location.area_id != new:
            location.area_id = new
            changed.append(location)
    if changed:
        with history_user(user):
            bulk_update_with_history(changed, Location, ["area"], default_user=user)
        # A bulk update skips save(): raise the versions here, so a venue form opened before
        # its town moved cannot put the old 圏域 back.
        bump_versions(Location.objects.filter(pk__in=[location.pk for location in changed]))
    return len(changed)


@transaction.atomic
def location_save(
    *,
    municipality: Municipality,
    user: Any,
    location: Location | None = None,
    expected_version: int | None = None,
    **values: Any,
) -> Location:
    """Create or update a venue and place it (see place_location). The user must be allowed to
    edit the venue where it is and in the area it is placed in."""
    scope = edit_scope(user, municipality)
    before = [location.area_id] if location is not None and location.area_id else []
    if not may_edit_ids(scope, before):
        raise PermissionDenied(_("この会場を編集する権限がありません。"))
    location = location or Location(municipality=municipality)
    for name, value in values.items():
        setattr(location, name, as_typed(value) if isinstance(value, str) else value)
    if "area" not in values and "town" in values:
        location.area = None
    place_location(location)
    if not in_scope(scope, location.area_id):
        # Named on the field that placed it: the 圏域 itself, the town, the pin or the address.
        placed_by = next(
            (name for name in ("area", "town", "latitude") if values.get(name) is not None),
            "town_text",
        )
        where = location.area.name if location.area else ""
        raise ValidationError(
            {placed_by: _("担当していない圏域（%(area)s）には会場を置けません。") % {"area": where}}
        )
    fill_reading(location)
    location.full_clean(exclude=["municipality"])
    claim_version(location, expected_version, what=_("会場"))
    with history_user(user):
        location.save()
    return location


@transaction.atomic
def contact_save(
    *,
    user: Any,
    contact: Contact | None = None,
    expected_version: int | None = None,
    **values: Any,
) -> Contact:
    """A contact is public only with the date its person consented."""
    contact = contact or Contact()
    for name, value in values.items():
        setattr(contact, name, as_typed(value) if isinstance(value, str) else value)
    if contact.is_public and contact.public_consent_on is None:
        raise ValidationError(
            {"public_consent_on": [_("公開する場合は、本人が公開に同意した日を入力してください。")]}
        )
    contact.full_clean()
    claim_version(contact, expected_version, what=_("連絡先"))
    with history_user(user):
        contact.save()
    return contact


@transaction.atomic
def contact_delete(*, contact: Contact, user: Any, expected_version: int | None = None) -> None:
    """Delete a contact of a resource (kept in history, attributed to the user). From a page
    opened before someone saved the contact, refused: the deleter has not seen what they delete
    (a new phone number typed meanwhile). The refusal is a message, no form is kept."""
    claim_version(contact, expected_version, what=_("連絡先"), kept=False)
    with history_user(user):
        contact.delete()


# --- 担い手募集 (issue #26, point 5): the roles a resource asks residents to take on ----------

# The role's text fields with the longest each may be: the model's max_length, and for お願い
# する内容 (a text column) what a card and a phone call can hold.
ROLE_TEXT_LIMITS = {"title": 100, "when": 200, "how_often": 100, "asks": 1000, "suits": 200}


def require_resource_editor(user: Any, resource: Resource) -> None:
    """A resource's roles are part of the resource: whoever may edit it may post, close and
    delete them, and only they (a layer-2 coordinator inside their 圏域, as resource_save)."""
    if not may_edit_ids(edit_scope(user, resource.municipality), resource_area_ids(resource)):
        raise PermissionDenied(_("この地域資源の担い手募集を編集する権限がありません。"))


def role_errors(values: Mapping[str, str]) -> dict[str, str]:
    """Japanese messages naming each field that cannot be saved; empty when all can be."""
    errors: dict[str, str] = {}
    if not values.get("title", "").strip():
        errors["title"] = _("お願いしたいことを入力してください。")
    for name, limit in ROLE_TEXT_LIMITS.items():
        if len(values.get(name, "")) > limit:
            errors[name] = _("%(field)sは%(limit)d文字以内で入力してください。") % {
                "field": getattr(VolunteerRole._meta.get_field(name), "verbose_name", name),
                "limit": limit,
            }
    return errors


@transaction.atomic
def volunteer_role_save(
    *,
    resource: Resource,
    user: Any,
    title: str,
    when: str = "",
    how_often: str = "",
    asks: str = "",
    suits: str = "",
    is_open: bool = True,
    role: VolunteerRole | None = None,
    expected_version: int | None = None,
) -> VolunteerRole:
    """Post a new role on a resource, or change one it has (募集中 or closed), with history."""
    require_resource_editor(user, resource)
    if role is not None and role.resource_id != resource.pk:
        raise ValidationError({"title": _("この担い手募集は、この地域資源のものではありません。")})
    values = {
        "title": as_typed(title),
        "when": as_typed(when),
        "how_often": as_typed(how_often),
        "asks": as_typed(asks),
        "suits": as_typed(suits),
    }
    errors = role_errors(values)
    if errors:
        raise ValidationError(errors)
    role = role or VolunteerRole(resource=resource)
    for name, value in values.items():
        setattr(role, name, value)
    role.is_open = bool(is_open)
    claim_version(role, expected_version, what=_("担い手募集"))
    with history_user(user):
        role.save()
    return role


@transaction.atomic
def volunteer_role_close(
    *, role: VolunteerRole, user: Any, expected_version: int | None = None
) -> VolunteerRole:
    """「募集を締め切る」: the role leaves the public pages and stays on the staff page (and in
    history), to be opened again from its form when the resource asks again."""
    require_resource_editor(user, role.resource)
    if not role.is_open:
        raise ValidationError({"is_open": _("この担い手募集はもう締め切っています。")})
    claim_version(role, expected_version, what=_("担い手募集"), kept=False)
    role.is_open = False
    with history_user(user):
        role.save(update_fields=["is_open"])
    return role


@transaction.atomic
def volunteer_role_delete(
    *, role: VolunteerRole, user: Any, expected_version: int | None = None
) -> None:
    """Delete a role posted by mistake (kept in history). From a page opened before someone
    changed the role, refused: the deleter has not seen what they delete."""
    require_resource_editor(user, role.resource)
    claim_version(role, expected_version, what=_("担い手募集"), kept=False)
    with history_user(user):
        role.delete()


@transaction.atomic
def resource_verify(
    *, resource: Resource, user: Any, method: str, on: datetime.date | None = None, note: str = ""
) -> Verification:
    """Record that the data was checked today (or on `on`) by the user, and how."""
    day = on or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError({"verified_on": [_("確認日に未来の日付は入力できません。")]})
    with history_user(user):
        verification = Verification.objects.create(
            resource=resource, verified_on=day, verified_by=user, method=method, note=note
        )
        if resource.last_verified_on is None or day >= resource.last_verified_on:
            resource.last_verified_on, resource.last_verified_by, resource.last_verified_method = (
                day,
                user,
                method,
            )
            resource.save(
                update_fields=[
                    "last_verified_on",
                    "last_verified_by",
                    "last_verified_method",
                    "updated_at",
                ]
            )
    return verification


@transaction.atomic
def resource_review_clear(
    *, resource: Resource, user: Any, expected_version: int | None = None
) -> Resource:
    """Clear the 要確認 an import left (review_reason) once a coordinator has read it and put
    the record right; the reason stays in the history. `expected_version`: the version the page
    with the button showed, so a reason written again since (a re-import) is not cleared
    unread."""
    if not may_edit_ids(edit_scope(user, resource.municipality), resource_area_ids(resource)):
        raise PermissionDenied(_("この地域資源を編集する権限がありません。"))
    claim_version(resource, expected_version, what=_("地域資源"), kept=False)
    resource.review_reason = ""
    with history_user(user):
        resource.save(update_fields=["review_reason", "updated_at"])
        update_change_reason(resource, _("要確認を外しました"))
    return resource


@transaction.atomic
def resources_bulk_verify(*, resources: Sequence[Resource], user: Any, method: str) -> int:
    """Mark several resources verified today (one Verification each, history kept)."""
    for resource in resources:
        resource_verify(resource=resource, user=user, method=method)
    return len(resources)


@transaction.atomic
def resources_bulk_set_status(*, resources: Sequence[Resource], user: Any, status: str) -> int:
    """Change the status of several resources at once, with a history row each."""
    if status not in ResourceStatus.values:
        raise ValidationError({"status": [_("状態を選んでください。")]})
    for resource in resources:
        resource.status = status
    bulk_update_with_history(list(resources), Resource, ["status"], default_user=user)
    # A bulk update skips save(): a form opened before the change must not undo it.
    bump_versions(Resource.objects.filter(pk__in=[resource.pk for resource in resources]))
    return len(resources)


def registry_settings(municipality: Municipality) -> RegistrySettings:
    """The municipality's registry settings, or the defaults (unsaved) until someone saves
    them: reading the settings page, or a refused post to it, writes nothing."""
    stored = RegistrySettings.objects.filter(municipality=municipality).first()
    return stored or RegistrySettings(municipality=municipality)


def registry_settings_stored(municipality: Municipality) -> RegistrySettings:
    """The settings row, created with the defaults when missing: for the writers."""
    settings, _created = RegistrySettings.objects.get_or_create(municipality=municipality)
    return settings


@transaction.atomic
def registry_settings_save(
    *, municipality: Municipality, user: Any, stale_after_months: int
) -> RegistrySettings:
    """Set how many months a check stays valid (1 to 60), with history."""
    if not 1 <= stale_after_months <= 60:
        raise ValidationError(
            {"stale_after_months": [_("確認の期限は1〜60か月の範囲で入力してください。")]}
        )
    settings = registry_settings_stored(municipality)
    settings.stale_after_months = stale_after_months
    settings.full_clean(exclude=["municipality"])
    with history_user(user):
        settings.save()
    return settings


@transaction.atomic
def resource_merge(*, keep: Resource, duplicate: Resource, user: Any) -> Resource:
    """Move everything that points at `duplicate` to `keep` (found through the model meta, so
    relations added later move too), then delete `duplicate`; both stay in history."""
    if keep.pk == duplicate.pk or keep.municipality_id != duplicate.municipality_id:
        raise ValidationError(_("同じ市町村の別々の地域資源を選んでください。"))
    with history_user(user):
        for relation in Resource._meta.related_objects:
            if relation.many_to_many:
                move_many_to_many(relation, keep, duplicate)
            else:
                move_foreign_keys(relation, keep, duplicate)
        if keep.last_verified_on is None or (
            duplicate.last_verified_on and duplicate.last_verified_on > keep.last_verified_on
        ):
            keep.last_verified_on = duplicate.last_verified_on
            keep.last_verified_by_id = duplicate.last_verified_by_id
            keep.last_verified_method = duplicate.last_verified_method
        keep.frequency_band = band_of([scheduling.spec_of(s) for s in keep.schedules.all()])
        keep.save()
        update_change_reason(
            keep,
            _("「%(name)s」（ID %(pk)d）を統合") % {"name": duplicate.name, "pk": duplicate.pk},
        )
        duplicate_id, duplicate_name = duplicate.pk, duplicate.name
        duplicate.delete()
    latest = Resource.history.filter(id=duplicate_id).order_by("-history_date").first()
    if latest is not None:
        latest.history_change_reason = _("「%(name)s」（ID %(pk)d）に統合: %(merged)s") % {
            "name": keep.name,
            "pk": keep.pk,
            "merged": duplicate_name,
        }
        latest.save(update_fields=["history_change_reason"])
    return keep


def move_foreign_keys(relation: Any, keep: Resource, duplicate: Resource) -> None:
    """Repoint rows of one reverse FK; rows that would break a unique constraint are dropped.
    Called inside history_user(), so each moved or dropped row's history names the user."""
    model, field_name = relation.related_model, relation.field.name
    for row in model._default_manager.filter(**{field_name: duplicate}):
        setattr(row, field_name, keep)
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:  # a unique clash: `keep` already has this row
            model._default_manager.get(pk=row.pk).delete()


def move_many_to_many(relation: Any, keep: Resource, duplicate: Resource) -> None:
    accessor = relation.get_accessor_name()
    related = getattr(duplicate, accessor).all()
    getattr(keep, accessor).add(*related)


@transaction.atomic
def organizations_bulk_create(
    *, municipality: Municipality, user: Any, organizations: Sequence[Organization]
) -> list[Organization]:
    """Insert many organisations at once (imports), readings filled, one history row each."""
    for organization in organizations:
        organization.municipality = municipality
        organization.name = as_typed(organization.name)
        fill_reading(organization)
    return insert_with_history(organizations, user=user)


@transaction.atomic
def locations_bulk_create(
    *, municipality: Municipality, user: Any, locations: Sequence[Location]
) -> list[Location]:
    """Place and insert many venues at once (imports), with one history row each."""
    towns = towns_for_placement(municipality)
    scope = edit_scope(user, municipality)
    outside = []
    for location in locations:
        location.municipality = municipality
        location.name = as_typed(location.name)
        place_location(location, towns)
        fill_reading(location)
        if not in_scope(scope, location.area_id):
            outside.append(
                _("会場「%(name)s」: 担当していない圏域（%(area)s）には会場を置けません。")
                % {"name": location.name, "area": location.area.name if location.area else ""}
            )
    if outside:
        raise ValidationError(outside)
    return insert_with_history(locations, user=user)


@transaction.atomic
def records_by_name(
    model: type[Organization] | type[Location],
    *,
    municipality: Municipality,
    user: Any,
    names: Iterable[str],
    make: Callable[[str], Any],
) -> tuple[dict[str, Any], list[Any]]:
    """The municipality's organisations or venues with these names, the missing ones made by
    `make(name)` and inserted at once (readings filled, venues placed). Returns every record
    by the name as given, and the created ones (for an import batch to record).

    Names meet by matching.record_key on both sides: 愛全園（従来型） in a file finds the record
    an import before issue #22 stored as 愛全園(従来型), and the reverse; a record named exactly
    as given wins over one that only shares the key. Names that share a key and match nothing
    stored make one record, named as the first of them in sorted order."""
    wanted = sorted(set(names))
    keys = {name: record_key(name) for name in wanted}
    wanted_keys = set(keys.values())
    exact: dict[str, int] = {}
    by_key: dict[str, int] = {}
    stored = model.objects.filter(municipality=municipality).order_by("pk")
    for pk, name in stored.values_list("pk", "name"):
        key = record_key(name)
        if key in wanted_keys:
            by_key.setdefault(key, pk)
            exact.setdefault(name, pk)
    chosen = {name: exact.get(name, by_key.get(keys[name])) for name in wanted}
    records = stored.in_bulk({pk for pk in chosen.values() if pk is not None})
    made: dict[str, Any] = {}
    for name in wanted:
        if chosen[name] is None and keys[name] not in made:
            made[keys[name]] = make(name)
    missing = list(made.values())
    created: list[Any]
    if model is Organization:
        created = organizations_bulk_create(
            municipality=municipality, user=user, organizations=missing
        )
    else:
        created = locations_bulk_create(municipality=municipality, user=user, locations=missing)
    found = {
        name: made[keys[name]] if (chosen_pk := chosen[name]) is None else records[chosen_pk]
        for name in wanted
    }
    return found, created


@transaction.atomic
def resources_bulk_create(
    *, municipality: Municipality, user: Any, items: Sequence[ResourceInput]
) -> list[Resource]:
    """Create many resources at once (imports): the same checks and derived fields as
    resource_save, but bulk inserts of resources, tags, schedules and venue links, with history.
    Any invalid item stops everything: nothing is written."""
    scope = edit_scope(user, municipality)
    problems = [
        _("%(number)d件目「%(name)s」: %(message)s")
        % {"number": number, "name": item.name, "message": message}
        for number, item in enumerate(items, start=1)
        for messages in [
            *validate_resource(municipality, item).values(),
            venue_scope_errors(scope, item.locations),
        ]
        for message in messages
    ]
    if problems:
        raise ValidationError(problems)
    resources = [new_resource(municipality, item) for item in items]
    insert_with_history(resources, user=user)
    # The children as plain rows: building a model instance for each would cost more than
    # the insert itself on a 100,000-row import.
    tags: list[dict[str, Any]] = []
    schedules: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    for resource, item in zip(resources, items, strict=True):
        pk = resource.pk
        tags += [{"resource_id": pk, "category": c, "value": v} for c, v in tags_for(item)]
        schedules += [{"resource_id": pk, **schedule_values(spec)} for spec in item.schedules]
        links += [{"resource_id": pk, "location_id": loc.pk} for loc in item.locations]
    for model, rows in ((ResourceTag, tags), (Schedule, schedules), (ServiceAtLocation, links)):
        insert_rows(model, rows, user=user)
    return resources


def new_resource(municipality: Municipality, item: ResourceInput) -> Resource:
    """An unsaved Resource with every derived field (reading, band, search text)."""
    resource = Resource(municipality=municipality)
    apply_input(resource, item, reset_guess=True)
    return resource


def apply_input(resource: Resource, data: ResourceInput, *, reset_guess: bool) -> None:
    """Copy the input onto the resource and derive reading, band and search text; a reading that
    was typed (reset_guess) clears the 要確認 flag of a guessed one."""
    # Stored as typed (utils.text.as_typed): only the derived columns below are normalised.
    for name, value in data.fields.items():
        setattr(resource, name, as_typed(value) if isinstance(value, str) else value)
    resource.name, resource.kind, resource.description = (
        as_typed(data.name),
        data.kind,
        as_typed(data.description),
    )
    resource.organization, resource.kana = data.organization, as_typed(data.kana)
    if reset_guess:
        resource.kana_is_guessed = False
    fill_reading(resource)
    resource.primary_activity = data.primary_activity or (
        data.activities[0] if data.activities else ""
    )
    if resource.fee_free:
        resource.fee_amount = None
    resource.frequency_band = band_of(data.schedules)
    resource.search_text = search_text_of(resource)
    resource.staff_search_text = search_text.staff_text(resource)


# --- 要確認 from outside (issue #26): a resident's 「情報がちがう」, until a coordinator acts -----


@transaction.atomic
def resource_review_note_add(*, resource: Resource, line: str, user: Any = None) -> Resource:
    """Flag the resource 要確認 with one more line of review_reason (a resident's report: the
    user is None), kept in its history. The row is locked first, so two reports at once both
    keep their line."""
    text = as_typed(line).replace("\n", " ").strip()
    if not text:
        raise ValidationError({"review_reason": _("要確認の理由を入力してください。")})
    locked = Resource.objects.select_for_update().get(pk=resource.pk)
    lines = [kept for kept in locked.review_reason.split("\n") if kept]
    if text not in lines:
        lines.append(text)
    locked.review_reason = "\n".join(lines)
    with history_user(user):
        locked.save(update_fields=["review_reason", "updated_at"])
        update_change_reason(locked, _("要確認の理由を追加しました"))
    resource.review_reason, resource.version = locked.review_reason, locked.version
    return resource


@transaction.atomic
def resource_review_note_remove(*, resource: Resource, line: str, user: Any) -> Resource:
    """Take one line out of review_reason once what it says has been dealt with (the other
    lines, an import's or another report's, stay); nothing written when the line is gone
    already (a coordinator cleared the whole 要確認)."""
    locked = Resource.objects.select_for_update().get(pk=resource.pk)
    lines = locked.review_reason.split("\n")
    text = as_typed(line).replace("\n", " ").strip()
    if text not in lines:
        return resource
    locked.review_reason = "\n".join(kept for kept in lines if kept != text)
    with history_user(user):
        locked.save(update_fields=["review_reason", "updated_at"])
        update_change_reason(locked, _("要確認の理由を対応済みにしました"))
    resource.review_reason, resource.version = locked.review_reason, locked.version
    return resource
