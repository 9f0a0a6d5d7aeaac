"""Reads of the registry. Public consumers (portal, public API, exports) use only the `public_*`
selectors, which apply visibility, contact privacy and the private-home rule, each stated once
(see "the public rule" below)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from uuid import UUID

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from sasaeai.areas.models import Area, Municipality
from sasaeai.utils.dates import add_months
from sasaeai.utils.search import search_query
from sasaeai.utils.text import normalize

from . import scheduling
from .constants import (
    FrequencyBand,
    OrganizationType,
    ResourceKind,
    ResourceStatus,
    TagCategory,
    VenueType,
)
from .models import (
    Contact,
    Location,
    Organization,
    RegistrySettings,
    Resource,
    ResourceTag,
    Schedule,
    ServiceAtLocation,
    VolunteerRole,
)


@dataclass(frozen=True)
class ResourceFilters:
    """What the coordinator list can filter by (all optional)."""

    query: str = ""
    areas: tuple[Area, ...] = ()
    town_id: int | None = None
    kind: str = ""
    activity: str = ""
    support_type: str = ""
    status: str = ""
    frequency_band: str = ""
    needs_check: bool = False
    needs_position: bool = False
    needs_review: bool = False  # an import left something unread (review_reason)
    ordering: str = "kana"


ORDERINGS = {
    "kana": ("kana_key", "name", "pk"),
    "-updated": ("-updated_at", "pk"),
    "verified": ("last_verified_on", "kana_key", "pk"),
}


DEFAULT_STALE_AFTER_MONTHS = 12


def stale_after_months_each(municipality_ids: Iterable[int]) -> dict[int, int]:
    """Each municipality's 確認の期限 in months (the default where none is set), one query."""
    ids = set(municipality_ids)
    found = dict(
        RegistrySettings.objects.filter(municipality_id__in=ids).values_list(
            "municipality_id", "stale_after_months"
        )
    )
    return {pk: found.get(pk) or DEFAULT_STALE_AFTER_MONTHS for pk in ids}


def stale_before(municipality: Municipality, today: datetime.date | None = None) -> datetime.date:
    """Resources last verified before this date (or never) need checking (要確認)."""
    months = stale_after_months_each([municipality.pk])[municipality.pk]
    return add_months(today or timezone.localdate(), -months)


def stale_q(cutoff: datetime.date) -> Q:
    """要確認: never verified, or last verified before `cutoff` (stale_before)."""
    return Q(last_verified_on__isnull=True) | Q(last_verified_on__lt=cutoff)


def needs_check_q(municipality: Municipality, today: datetime.date | None = None) -> Q:
    return stale_q(stale_before(municipality, today))


def resource_list(municipality: Municipality, filters: ResourceFilters) -> QuerySet[Any]:
    """The coordinator list as plain values: one municipality first, then the filters."""
    resources = Resource.objects.filter(municipality=municipality)
    if filters.query:
        # Capped here too, so that every caller (the list, its exports, an API later) keeps
        # the SQL small: one condition per word.
        for word in search_query(filters.query).text.split():
            # Staff search their whole registry, 住民個人 organisations' names included: the
            # staff column (residents' search reads search_text, which leaves private text out).
            resources = resources.filter(staff_search_text__contains=normalize(word))
    if filters.areas:
        area_ids = {a.pk for a in filters.areas}
        area_ids |= set(Area.objects.filter(parent__in=filters.areas).values_list("pk", flat=True))
        resources = resources.filter(service_locations__location__area_id__in=area_ids)
    if filters.town_id:
        resources = resources.filter(service_locations__location__town_id=filters.town_id)
    if filters.kind:
        resources = resources.filter(kind=filters.kind)
    if filters.activity:
        resources = resources.filter(
            tags__category=TagCategory.ACTIVITY, tags__value=filters.activity
        )
    if filters.support_type:
        resources = resources.filter(
            tags__category=TagCategory.SUPPORT, tags__value=filters.support_type
        )
    if filters.status:
        resources = resources.filter(status=filters.status)
    if filters.frequency_band:
        resources = resources.filter(frequency_band=filters.frequency_band)
    if filters.needs_check:
        resources = resources.filter(needs_check_q(municipality))
    if filters.needs_position:
        resources = resources.filter(service_locations__location__latitude__isnull=True)
    if filters.needs_review:
        resources = resources.exclude(review_reason="")
    ordering = ORDERINGS.get(filters.ordering, ORDERINGS["kana"])
    return resources.distinct().order_by(*ordering).values(*LIST_FIELDS)


# Plain values, not model instances: the list shows few fields of many rows, and building
# objects (with prefetches) cost more than the SQL itself (see bench/).
LIST_FIELDS = (
    "pk", "name", "kind", "status", "frequency_band", "last_verified_on", "organization__name",
)  # fmt: skip


@dataclass(frozen=True)
class ListVenue:
    name: str
    area_name: str
    has_position: bool


@dataclass(frozen=True)
class ListRow:
    """One line of the coordinator list."""

    pk: int
    name: str
    organization_name: str
    kind: str
    status: str
    frequency_band: str
    last_verified_on: datetime.date | None
    venues: tuple[ListVenue, ...]

    @property
    def kind_label(self) -> str:
        return str(ResourceKind(self.kind).label)

    @property
    def status_label(self) -> str:
        return str(ResourceStatus(self.status).label)

    @property
    def band_label(self) -> str:
        return str(FrequencyBand(self.frequency_band).label)


def list_rows(values: Iterable[dict[str, Any]]) -> list[ListRow]:
    """Turn one page of resource_list values into rows, with their venues in one query."""
    values = list(values)
    venues: dict[int, list[ListVenue]] = defaultdict(list)
    links = ServiceAtLocation.objects.filter(resource_id__in=[v["pk"] for v in values]).order_by(
        "pk"
    )
    for link in links.values(
        "resource_id", "location__name", "location__area__name", "location__latitude"
    ):
        venues[link["resource_id"]].append(
            ListVenue(
                link["location__name"],
                link["location__area__name"] or "",
                link["location__latitude"] is not None,
            )
        )
    return [
        ListRow(
            pk=v["pk"],
            name=v["name"],
            organization_name=v["organization__name"] or "",
            kind=v["kind"],
            status=v["status"],
            frequency_band=v["frequency_band"],
            last_verified_on=v["last_verified_on"],
            venues=tuple(venues[v["pk"]]),
        )
        for v in values
    ]


def resource_page(
    municipality: Municipality, filters: ResourceFilters, number: Any, per_page: int
) -> Page:
    """One page of the coordinator list (count, page and venues: three queries)."""
    page = Paginator(resource_list(municipality, filters), per_page).get_page(number)
    page.object_list = list_rows(page.object_list)
    return page


def with_full_record(resources: QuerySet[Resource]) -> QuerySet[Resource]:
    """Everything a staff page or sheet shows of each resource, in a fixed few queries."""
    return resources.select_related("organization", "last_verified_by").prefetch_related(
        "tags",
        Prefetch("contacts", queryset=Contact.objects.order_by("pk")),
        Prefetch("schedules", queryset=Schedule.objects.select_related("location")),
        Prefetch(
            "service_locations",
            queryset=ServiceAtLocation.objects.select_related(
                "location__town", "location__area"
            ).order_by("pk"),
        ),
    )


def resource_detail(municipality: Municipality, pk: int) -> Resource:
    """One resource with everything a staff detail page shows, its checks included."""
    resources = with_full_record(Resource.objects.filter(municipality=municipality))
    return resources.prefetch_related("verifications__verified_by").get(pk=pk)


def locations_needing_position(municipality: Municipality) -> QuerySet[Location]:
    """The fix-up list: venues with neither coordinates nor a matched 町丁目."""
    return Location.objects.filter(municipality=municipality, latitude__isnull=True).order_by(
        "kana_key"
    )


# --- 確認票 and flat sheet: the resources to print or export, in a fixed few queries ----------


def sheet_resources(municipality: Municipality, ids: Sequence[int]) -> list[Resource]:
    """The resources to print, in 50音順, with everything a sheet shows prefetched."""
    resources = Resource.objects.filter(municipality=municipality, pk__in=list(ids))
    return list(with_full_record(resources).order_by("kana_key", "name", "pk"))


def needs_check_ids(
    municipality: Municipality, area: Area | None, today: datetime.date | None = None
) -> list[int]:
    """Ids of the 要確認 resources meeting in `area` (or its child areas); None = everywhere."""
    resources = Resource.objects.filter(municipality=municipality).filter(
        needs_check_q(municipality, today)
    )
    if area is not None:
        area_ids = [area.pk, *area.children.values_list("pk", flat=True)]
        resources = resources.filter(service_locations__location__area_id__in=area_ids)
    return list(
        resources.distinct().order_by("kana_key", "name", "pk").values_list("pk", flat=True)
    )


def sheet_areas(municipality: Municipality) -> list[Area]:
    """The 日常生活圏域 (layer 2) a batch of sheets can be made for, in 50音順."""
    return list(
        Area.objects.current().layer2().filter(municipality=municipality).order_by("kana_key")
    )


# --- public selectors -------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicContact:
    uuid: UUID
    name: str
    phone: str
    email: str


@dataclass(frozen=True)
class PublicAddress:
    """Address parts of a venue that is not a private home."""

    postal_code: str
    prefecture: str
    city: str
    town: str
    street: str
    building: str


@dataclass(frozen=True)
class PublicPhone:
    """A venue's or an organisation's own public number (代表電話), with where it was taken from
    and whose it is (the venue's or the organisation's name)."""

    number: str
    source: str
    owner: str


@dataclass(frozen=True)
class PublicOrganization:
    uuid: UUID
    name: str
    description: str
    corporate_number: str
    phone: PublicPhone | None = None


@dataclass(frozen=True)
class PublicLocation:
    """A venue as residents may see it: a private home only as its 町丁目, without a pin."""

    name: str
    venue_type: str
    town_name: str
    area_name: str
    address: str | None
    latitude: float | None
    longitude: float | None
    approximate: bool
    uuid: UUID
    link_uuid: UUID  # the resource × venue link (HSDS service_at_location)
    parts: PublicAddress | None
    private_home: bool
    external_id: str = ""  # 事業所番号 of a care provider (public business information)
    phone: PublicPhone | None = None  # its 代表電話; never a private home's
    # Its 圏域 (public: the portal's area pages are addressed by it), for the coordinator's
    # desk a place's page shows (areas.selectors.public_desks_of).
    area_id: int | None = None


@dataclass(frozen=True)
class PublicResource:
    pk: int
    name: str
    kana: str
    kind: str
    description: str
    organization_name: str
    schedule_texts: tuple[str, ...]
    frequency_band: str
    fee_free: bool
    fee_amount: int | None
    fee_note: str
    # None: nobody has recorded it (shown as 「お問い合わせください」, never as なし).
    pickup: bool | None
    barrier_free: bool | None
    registration_required: bool | None
    activities: tuple[str, ...]
    support_types: tuple[str, ...]
    target_groups: tuple[str, ...]
    locations: tuple[PublicLocation, ...] = ()
    contacts: tuple[PublicContact, ...] = field(default=())
    uuid: UUID | None = None
    status: str = ResourceStatus.ACTIVE
    organization: PublicOrganization | None = None
    schedules: tuple[tuple[UUID, scheduling.ScheduleSpec], ...] = ()
    url: str = ""  # ホームページ, http(s) only (public_url)

    @property
    def phones(self) -> tuple[PublicPhone, ...]:
        """The numbers residents may call: the venues' 代表電話, else the organisation's (a
        venue's own number is nearer to the place than its operator's head office)."""
        venues = tuple(dict.fromkeys(p.phone for p in self.locations if p.phone is not None))
        if venues:
            return venues
        organization = self.organization
        return (organization.phone,) if organization and organization.phone else ()


# --- the public rule: what residents may see, stated once --------------------------------------
#
# Every public path (pages, search, cards, handouts, exports, the public API) starts from
# public_base(): the rule is a Q that Django compiles into each path's SQL, so no path writes it
# again. Contacts and venues have one statement each (PUBLIC_CONTACTS, shown_only_as_town).
# test_public_rule checks that no other module restates the rule or names the registry's tables.

PUBLIC_STATUSES = (ResourceStatus.ACTIVE,)


def public_rule(municipality: Municipality) -> Q:
    """Which resources residents may see: published, active, of this municipality."""
    return Q(municipality=municipality, is_public=True, status__in=PUBLIC_STATUSES)


# A contact is public only when marked so and with the date its person agreed to it.
PUBLIC_CONTACTS = Q(is_public=True, public_consent_on__isnull=False)
# Where public_queryset puts them; a resource loaded any other way has no such attribute, so
# to_public fails rather than show a private contact.
PUBLIC_CONTACTS_ATTR = "public_contacts"
# 50音順, the order of every public list.
PUBLIC_ORDER = ("kana_key", "name", "pk")


def shown_only_as_town(venue_type: str) -> bool:
    """A venue at a private home (個人宅) is shown only as its 町丁目: no name, address or pin."""
    return venue_type == VenueType.PRIVATE_HOME


def organization_shown(organization: Any) -> bool:
    """An organisation of type 住民個人 is a person: its name is personal data, never public
    (the public record, and the public search column, resources.search_text, leave it out)."""
    return organization is not None and organization.type != OrganizationType.RESIDENT


def venue_phone(location: Location) -> PublicPhone | None:
    """A venue's 代表電話 as residents may see it: never a private home's, whatever is stored
    (the database refuses one too; this keeps the rule should a value ever slip in)."""
    if not location.phone or shown_only_as_town(location.venue_type):
        return None
    return PublicPhone(location.phone, location.phone_source, location.name)


def organization_phone(organization: Organization | None) -> PublicPhone | None:
    """An organisation's 代表電話 as residents may see it: never a 住民個人's (a person)."""
    if organization is None or not organization.phone or not organization_shown(organization):
        return None
    return PublicPhone(organization.phone, organization.phone_source, organization.name)


# Schemes a ホームページ may link to on public pages: the model's URLField also accepts ftp.
PUBLIC_URL_SCHEMES = ("http://", "https://")


def public_url(url: str) -> str:
    """The address when it is a web page (http or https), else nothing to link to."""
    return url if url.lower().startswith(PUBLIC_URL_SCHEMES) else ""


def public_base(municipality: Municipality) -> QuerySet[Resource]:
    """The municipality's public resources (the public rule), with nothing loaded."""
    return Resource.objects.filter(public_rule(municipality))


def public_location(link: ServiceAtLocation) -> PublicLocation:
    location = link.location
    private = shown_only_as_town(location.venue_type)
    parts = PublicAddress(
        location.postal_code, location.prefecture, location.city, location.town_text, location.street,
        location.building,
    )  # fmt: skip
    return PublicLocation(
        uuid=location.uuid,
        link_uuid=link.uuid,
        parts=None if private else parts,
        private_home=private,
        external_id=location.external_id,
        phone=venue_phone(location),
        name="" if private else location.name,
        venue_type=location.get_venue_type_display(),
        town_name=location.town.name if location.town else "",
        area_name=location.area.name if location.area else "",
        area_id=location.area_id,
        address=None if private else location.address,
        latitude=None if private else location.latitude,
        longitude=None if private else location.longitude,
        approximate=location.position_approximate,
    )


def to_public(resource: Resource) -> PublicResource:
    """Strip a resource down to what residents may see."""
    tags = {
        category: tuple(t.value for t in resource.tags.all() if t.category == category)
        for category in TagCategory.values
    }
    organization = resource.organization
    show_org = organization_shown(organization)
    return PublicResource(
        pk=resource.pk,
        name=resource.name,
        kana=resource.kana,
        kind=resource.kind,
        description=resource.description,
        organization_name=organization.name if show_org and organization else "",
        schedule_texts=tuple(
            scheduling.describe(scheduling.spec_of(s)) for s in resource.schedules.all()
        ),
        frequency_band=resource.frequency_band,
        fee_free=resource.fee_free,
        fee_amount=resource.fee_amount,
        fee_note=resource.fee_note,
        pickup=resource.pickup,
        barrier_free=resource.barrier_free,
        registration_required=resource.registration_required,
        activities=tags[TagCategory.ACTIVITY],
        support_types=tags[TagCategory.SUPPORT],
        target_groups=tags[TagCategory.TARGET],
        locations=tuple(public_location(link) for link in resource.service_locations.all()),
        uuid=resource.uuid,
        status=resource.status,
        organization=(
            PublicOrganization(
                organization.uuid,
                organization.name,
                organization.description,
                organization.corporate_number,
                organization_phone(organization),
            )
            if show_org and organization
            else None
        ),
        schedules=tuple((s.uuid, scheduling.spec_of(s)) for s in resource.schedules.all()),
        url=public_url(resource.url),
        contacts=tuple(
            PublicContact(uuid=c.uuid, name=c.name, phone=c.phone, email=c.email)
            for c in getattr(resource, PUBLIC_CONTACTS_ATTR)
        ),
    )


def public_queryset(municipality: Municipality) -> QuerySet[Resource]:
    """The public resources, loaded for to_public, in 50音順."""
    return with_public_record(public_base(municipality))


def with_public_record(resources: QuerySet[Resource]) -> QuerySet[Resource]:
    """What to_public reads of each resource (public contacts only), in a fixed few queries."""
    return (
        resources.select_related("organization")
        .prefetch_related(
            "tags",
            "schedules",
            Prefetch(
                "contacts",
                queryset=Contact.objects.filter(PUBLIC_CONTACTS),
                to_attr=PUBLIC_CONTACTS_ATTR,
            ),
            Prefetch(
                "service_locations",
                queryset=ServiceAtLocation.objects.select_related(
                    "location__town", "location__area"
                ),
            ),
        )
        .order_by(*PUBLIC_ORDER)
    )


def public_resources(municipality: Municipality) -> list[PublicResource]:
    """Every resource residents may see, in 50音順, stripped of private data."""
    return [to_public(r) for r in public_queryset(municipality)]


def public_resource(municipality: Municipality, pk: int) -> PublicResource | None:
    resource = public_queryset(municipality).filter(pk=pk).first()
    return to_public(resource) if resource else None


@dataclass(frozen=True)
class PublicFilter:
    """What a residents' search narrows the public resources by (every part optional)."""

    # Each word of the query as its normalised forms (the word and its synonyms): a resource
    # matches a word when one of its forms is a substring of the stored search column.
    word_forms: tuple[tuple[str, ...], ...] = ()
    area: int | None = None
    town: int | None = None
    activity: str = ""
    support: str = ""
    target: str = ""
    free: bool = False
    pickup: bool = False
    barrier_free: bool = False
    # 手伝える活動をさがす: only places asking for helpers (an open 担い手募集).
    open_roles: bool = False


def public_matching(municipality: Municipality, wanted: PublicFilter) -> QuerySet[Resource]:
    """The public resources matching every word and every filter, with nothing loaded: read
    them as cards (public_card_rows) or as full records (with_public_record)."""
    resources = public_base(municipality)
    for forms in wanted.word_forms:
        any_form = Q()
        for form in forms:
            any_form |= Q(search_text__contains=form)
        resources = resources.filter(any_form)
    for category, value in (
        (TagCategory.ACTIVITY, wanted.activity),
        (TagCategory.SUPPORT, wanted.support),
        (TagCategory.TARGET, wanted.target),
    ):
        if value:
            tags = ResourceTag.objects.filter(resource=OuterRef("pk"), category=category)
            resources = resources.filter(Exists(tags.filter(value=value)))
    for place, pk in (("location__area_id", wanted.area), ("location__town_id", wanted.town)):
        if pk:
            links = ServiceAtLocation.objects.filter(resource=OuterRef("pk"), **{place: pk})
            resources = resources.filter(Exists(links))
    if wanted.open_roles:
        resources = resources.filter(Exists(open_volunteer_roles().filter(resource=OuterRef("pk"))))
    # Only a recorded あり matches: an unknown (None) 送迎 is no promise of one.
    flags = {"fee_free": wanted.free, "pickup": wanted.pickup, "barrier_free": wanted.barrier_free}
    return resources.filter(**{name: True for name, wanted_flag in flags.items() if wanted_flag})


# --- 担い手募集: the roles residents may offer to take on ----------------------------------------
#
# A role is public while it is open and its resource is public: the resource's side is the
# public rule above (public_base), never restated here.


def open_volunteer_roles() -> QuerySet[VolunteerRole]:
    """The roles still asking for helpers (募集中), of any resource."""
    return VolunteerRole.objects.filter(is_open=True)


@dataclass(frozen=True)
class PublicRole:
    """An open 担い手募集 as residents see it (it names no person: the 「手伝いたい」 request
    reaches the coordinator)."""

    pk: int
    resource_pk: int
    title: str
    when: str
    how_often: str
    asks: str
    suits: str


def public_roles(
    municipality: Municipality, resource_ids: Iterable[int] | None = None
) -> dict[int, list[PublicRole]]:
    """The open roles of the municipality's public resources (of `resource_ids` only, when
    given), by resource pk, each resource's in the order they were posted."""
    roles = open_volunteer_roles().filter(resource__in=public_base(municipality))
    if resource_ids is not None:
        roles = roles.filter(resource_id__in=list(resource_ids))
    found: dict[int, list[PublicRole]] = defaultdict(list)
    for pk, resource_pk, title, when, how_often, asks, suits in roles.order_by(
        "resource_id", "pk"
    ).values_list("pk", "resource_id", "title", "when", "how_often", "asks", "suits"):
        found[resource_pk].append(PublicRole(pk, resource_pk, title, when, how_often, asks, suits))
    return dict(found)


# --- public cards: the lean rows of residents' result lists --------------------------------------
#
# A results page shows 20 short cards. Building full PublicResources (model instances, four
# prefetches) cost ten times the SQL, so the cards are read as plain rows in three statements:
# the matches (their card columns; count and page cut from the same rows), then the page's
# schedules and venues. The matches come from public_matching, so the rule is the one above.

# Each match's card columns, in 50音順 (the order of public_queryset).
CARD_FIELDS = ("pk", "name", "kind", "fee_free", "fee_amount")


def public_card_rows(resources: QuerySet[Resource]) -> list[tuple[Any, ...]]:
    """The resources (a public_matching queryset) as rows of CARD_FIELDS, in 50音順."""
    return list(resources.order_by(*PUBLIC_ORDER).values_list(*CARD_FIELDS))


@dataclass(frozen=True)
class CardPlace:
    """The venue a card names: a private home only as its 町丁目."""

    name: str
    town_name: str
    private_home: bool


@dataclass(frozen=True)
class PublicCard:
    """One result of a residents' list (the attributes of PublicResource the card shows)."""

    pk: int
    name: str
    kind: str
    fee_free: bool
    fee_amount: int | None
    schedule_texts: tuple[str, ...]
    locations: tuple[CardPlace, ...]


def schedule_texts(ids: list[int]) -> dict[int, list[str]]:
    """Each resource's schedules in words, in the order of Schedule.Meta.ordering."""
    rows = (
        Schedule.objects.filter(resource_id__in=ids)
        .order_by("resource_id", "id")
        .values_list("resource_id", *scheduling.SPEC_FIELDS)
    )
    texts: dict[int, list[str]] = defaultdict(list)
    language = get_language()
    for resource_id, *values in rows:
        # A list as a tuple, so the row can be a key.
        key = tuple(tuple(v) if isinstance(v, list) else v for v in values)
        texts[resource_id].append(sentence_of(key, language))
    return texts


@lru_cache(maxsize=8192)
def sentence_of(values: tuple[Any, ...], language: str | None) -> str:
    """A schedule row's columns (SPEC_FIELDS, lists as tuples) in words. Rows repeat across
    places and requests (「毎週火曜日 10:00〜12:00」), so the sentences are remembered."""
    return scheduling.describe(
        scheduling.spec_from(dict(zip(scheduling.SPEC_FIELDS, values, strict=True)))
    )


def card_places(ids: list[int]) -> dict[int, list[CardPlace]]:
    rows = (
        ServiceAtLocation.objects.filter(resource_id__in=ids)
        .order_by("resource_id", "id")
        .values_list(
            "resource_id", "location__name", "location__venue_type", "location__town__name"
        )
    )
    places: dict[int, list[CardPlace]] = defaultdict(list)
    for resource_id, name, venue_type, town_name in rows:
        private = shown_only_as_town(venue_type)
        places[resource_id].append(CardPlace("" if private else name, town_name or "", private))
    return places


def public_cards(rows: list[tuple[Any, ...]]) -> list[PublicCard]:
    """Cards for rows of CARD_FIELDS (at most a page of them: two more statements)."""
    if not rows:
        return []
    ids = [row[0] for row in rows]
    texts, places = schedule_texts(ids), card_places(ids)
    return [
        PublicCard(
            pk=pk,
            name=name,
            kind=kind,
            fee_free=bool(fee_free),
            fee_amount=fee_amount,
            schedule_texts=tuple(texts[pk]),
            locations=tuple(places[pk]),
        )
        for pk, name, kind, fee_free, fee_amount in rows
    ]
