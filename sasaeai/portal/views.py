"""Public pages for residents (no login): home, search results, a place's page, the
accessibility policy. Only the public selectors of the registry are used, so private data
(contacts without consent, private homes' addresses, persons) cannot reach these pages."""

from __future__ import annotations

import dataclasses
import datetime
import functools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, JsonResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_page
from django.views.generic import TemplateView, View

from sasaeai.areas.constants import Layer
from sasaeai.areas.models import Area, Municipality, Town
from sasaeai.areas.selectors import Place, areas_and_towns, public_desks_of
from sasaeai.core.constants import JobStatus
from sasaeai.resources import scheduling, selectors
from sasaeai.resources.constants import (
    Activity,
    ResourceKind,
    SupportType,
    TargetGroup,
    choice_labels,
)
from sasaeai.resources.selectors import PublicCard, PublicLocation, PublicResource
from sasaeai.utils.forms import int_or_none
from sasaeai.utils.geo import distance_m, in_japan
from sasaeai.utils.search import search_query
from sasaeai.utils.text import normalize
from sasaeai.utils.wareki import to_wareki

from . import handout, search, tasks
from .tasks import READ_SHARE

PER_PAGE = 20
# What a result list shows: a full resource, or the lean card of a page cut in SQL.
Listed = PublicResource | PublicCard
# The home page's 困りごとからさがす entries, in the order residents ask for them.
TROUBLES = (
    (SupportType.SHOPPING, "買い物に困っている"),
    (SupportType.MOBILITY, "出かける足がない"),
    (SupportType.MEAL_DELIVERY, "食事の用意がたいへん"),
    (SupportType.WATCHING, "一人暮らしが心配"),
    (SupportType.HOUSEWORK, "家事の手伝いがほしい"),
    (SupportType.GARBAGE, "ゴミ出しがたいへん"),
)


@method_decorator(login_not_required, name="dispatch")
class PortalPage(View):
    """A public page of one municipality (/<lgcode>/...), open without signing in."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.municipality = get_object_or_404(Municipality, code=kwargs["lgcode"])
        return super().dispatch(request, *args, **kwargs)

    def area(self, pk: int) -> Area:
        """One of the municipality's 日常生活圏域 (404 for any other area)."""
        return get_object_or_404(Area, pk=pk, municipality=self.municipality, layer=Layer.SECOND)

    @cached_property
    def places(self) -> tuple[list[Place], list[Place]]:
        return areas_and_towns(self.municipality)

    def areas(self) -> list[Place]:
        """The municipality's 日常生活圏域 in 50音順."""
        return self.places[0]

    @property
    def towns(self) -> list[Place]:
        """The municipality's towns in 50音順 (filter, 近い順 origins, distances, map centre)."""
        return self.places[1]

    def centres(self) -> dict[str, tuple[float, float]]:
        return {
            t.name: (t.latitude, t.longitude)
            for t in self.towns
            if t.latitude is not None and t.longitude is not None
        }

    def query(self) -> search.Query:
        """The search the address asks for (odd values are ignored, not refused)."""
        get = self.request.GET
        weekday = int_or_none(get.get("weekday"))
        near_town = int_or_none(get.get("near"))
        origin = None
        if near_town is not None:
            names = {t.pk: t.name for t in self.towns}
            origin = self.centres().get(names.get(near_town, ""))
        else:
            origin = browser_position(get.get("lat"), get.get("lng"))
        return search.Query(
            text=search_query(get.get("q")).text,
            area=int_or_none(get.get("area")),
            town=int_or_none(get.get("town")),
            activity=get.get("activity", ""),
            support=get.get("support", ""),
            target=get.get("target", ""),
            weekday=weekday if weekday is not None and weekday < 7 else None,
            time_of_day=get.get("time", "") if get.get("time") in ("am", "pm") else "",
            near_town=near_town,
            origin=origin,
            free=get.get("free") == "1",
            pickup=get.get("pickup") == "1",
            barrier_free=get.get("barrier_free") == "1",
        )

    def filter_choices(self) -> dict[str, Any]:
        """The choices of the search form's selects."""
        return {
            "area_choices": [(a.pk, a.name) for a in self.areas()],
            "town_choices": [(t.pk, t.name) for t in self.towns],
            # 近い順 can start only from a town whose centre is known.
            "near_choices": [(t.pk, t.name) for t in self.towns if t.latitude is not None],
            "activities": Activity.choices,
            "supports": SupportType.choices,
            "targets": TargetGroup.choices,
            "weekday_choices": [(n, f"{day}曜日") for n, day in enumerate(search.WEEKDAYS)],
        }


def for_residents(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """A residents' page is the same for everyone who asks (nothing in it depends on who asks
    or on a cookie), so its answer is kept in the cache for PUBLIC_PAGE_SECONDS and sent again
    as it is: a surge of residents asking for the same search or place costs one rendering,
    and the staff's pages keep their share of the server (bench/surge.py). A change shows on
    these pages within that time. Read at each request, so tests can turn it off (0)."""

    @functools.wraps(view)
    def kept(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        seconds = settings.PUBLIC_PAGE_SECONDS
        if not seconds:
            return view(request, *args, **kwargs)
        return cache_page(seconds, cache="pages", key_prefix="portal")(view)(
            request, *args, **kwargs
        )

    return kept


@method_decorator(for_residents, name="dispatch")
class PortalView(PortalPage, TemplateView):
    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["municipality"] = self.municipality
        return context


class HomeView(PortalView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            areas=self.areas(),
            activities=Activity.choices,
            weekdays=list(enumerate(search.WEEKDAYS)),
            troubles=TROUBLES,
        )
        return context


def browser_position(lat: str | None, lng: str | None) -> tuple[float, float] | None:
    """The position the browser reported, when it is a real point in Japan."""
    try:
        point = (float(lat or ""), float(lng or ""))
    except ValueError:
        return None
    return point if in_japan(*point) else None


def nearest_metres(
    resource: PublicResource,
    origin: tuple[float, float],
    centres: dict[str, tuple[float, float]],
) -> float | None:
    """Metres to the resource's nearest venue; a private home counts from its town's centre
    (the only position residents are given for it)."""
    positions = [
        (place.latitude, place.longitude)
        if place.latitude is not None and place.longitude is not None
        else centres.get(place.town_name)
        for place in resource.locations
    ]
    metres = [distance_m(*origin, *p) for p in positions if p is not None]
    return min(metres, default=None)


def distance_text(metres: float) -> str:
    """「約300m」「約1.2km」: rounded, as people say it."""
    if metres < 1000:
        return f"約{max(100, round(metres, -2)):.0f}m"
    return f"約{metres / 1000:.1f}km"


def carried(get: QueryDict, *, page: bool = False) -> QueryDict:
    """The search parameters of an address (search.PARAMS, and the page number when asked),
    without empty ones: what links to the same search may carry, and nothing else."""
    kept = QueryDict(mutable=True)
    for key in (*search.PARAMS, "page") if page else search.PARAMS:
        value = get.get(key, "").strip()[:100]
        if value:
            kept[key] = value
    return kept


def without(kept: QueryDict, *keys: str) -> str:
    """The querystring of `kept` with some parameters dropped."""
    rest = kept.copy()
    for key in keys:
        rest.pop(key, None)
    return rest.urlencode()


@dataclass(frozen=True)
class Condition:
    """One condition of a search in words, and the same search without it."""

    text: str
    dropped: str  # the querystring without this condition
    narrows: bool = True  # 近い順 only orders the list: dropping it finds nothing more


@dataclass(frozen=True)
class Suggestion:
    """Another search to try when nothing was found: its words and its querystring."""

    text: str
    querystring: str


# 「桜が丘一丁目」→「桜が丘」, 「北部圏域」→「北部」: the part of a name people type.
NAME_TAIL = re.compile(r"([0-9一二三四五六七八九十〇]+丁目|圏域)$")
READING_TAIL = re.compile(
    r"((いっ|に|さん|よん|ご|ろく|なな|はっ|きゅう|じゅう)ちょうめ|けんいき)$"
)


def sounds_like(word: str, name: str, kana: str) -> bool:
    """Whether a typed word names the place: part of its name or reading (「さくらがおか」 is
    桜が丘一丁目), or the word holds the name's stem (「桜が丘の体操」)."""
    typed = normalize(word)
    if len(typed) < 2:
        return False
    forms = {normalize(name), normalize(kana)} - {""}
    stems = {normalize(NAME_TAIL.sub("", name)), normalize(READING_TAIL.sub("", kana))}
    return any(typed in form for form in forms) or any(
        len(stem) >= 2 and stem in typed for stem in stems
    )


def conditions_of(query: search.Query, kept: QueryDict, choices: dict[str, Any]) -> list[Condition]:
    """What the search asks for, in the order of the form, each with its removal."""
    named: list[tuple[str, str, object, list[tuple[Any, Any]]]] = [
        ("area", _("地域"), query.area, choices["area_choices"]),
        ("town", _("町丁目"), query.town, choices["town_choices"]),
        ("activity", _("活動内容"), query.activity, choices["activities"]),
        ("support", _("困りごと"), query.support, choices["supports"]),
        ("weekday", _("曜日"), query.weekday, choices["weekday_choices"]),
        ("time", _("時間帯"), query.time_of_day, [("am", _("午前")), ("pm", _("午後"))]),
        ("target", _("対象"), query.target, choices["targets"]),
    ]
    found: list[Condition] = []
    # Each word on its own: 「さくらがおか 体操」 can drop either.
    for word in query.words:
        rest = kept.copy()
        others = " ".join(w for w in query.words if w != word)
        if others:
            rest["q"] = others
        else:
            rest.pop("q", None)
        found.append(Condition(f"{_('ことば')}：{word}", rest.urlencode()))
    for key, label, value, options in named:
        shown = dict(options).get(value) if value not in (None, "") else None
        if shown is not None:
            found.append(Condition(f"{label}：{shown}", without(kept, key)))
    for key, wanted, text in (
        ("free", query.free, _("参加費が無料")),
        ("pickup", query.pickup, _("送迎あり")),
        ("barrier_free", query.barrier_free, _("バリアフリー")),
    ):
        if wanted:
            found.append(Condition(str(text), without(kept, key)))
    if query.origin is not None:
        town = dict(choices["near_choices"]).get(query.near_town)
        text = _("%(town)sから近い順") % {"town": town} if town else _("今いる場所から近い順")
        found.append(Condition(text, without(kept, "near", "lat", "lng"), narrows=False))
    return found


class SearchView(PortalView):
    template_name = "portal/search.html"

    def results(self, query: search.Query) -> tuple[list[PublicResource], dict[int, float]]:
        """Every match, and (for 近い順) the metres to each one that has a known position."""
        results = search.public_matches(self.municipality, query)
        distances: dict[int, float] = {}
        if query.origin is not None:
            centres = self.centres()
            for r in results:
                metres = nearest_metres(r, query.origin, centres)
                if metres is not None:
                    distances[r.pk] = metres
            # Nearest first; places with no known position at the end, in 50音順 as before.
            results.sort(key=lambda r: distances.get(r.pk, math.inf))
        return results, distances

    @property
    def searched(self) -> bool:
        """Whether the visitor has run a search (the form sent, even empty, or a link's)."""
        return any(key in self.request.GET for key in (*search.PARAMS, "page"))

    def get_template_names(self) -> list[str]:
        return ["portal/search_print.html"] if self.printing else [self.template_name]

    @property
    def printing(self) -> bool:
        """「この結果を印刷する」: every result with a QR code, for the browser's print."""
        return self.request.GET.get("print") == "1"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = self.query()
        kept = carried(self.request.GET)
        context.update(self.filter_choices())
        conditions = conditions_of(query, kept, context)
        context.update(
            query=query,
            querystring=kept.urlencode(),
            conditions=conditions,
            searched=self.searched,
        )
        if self.printing:
            context.update(self.print_context(query))
            return context
        number = self.request.GET.get("page")
        if query.weekday is None and not query.time_of_day and query.origin is None:
            page = public_page(self.municipality, query, number)
        else:
            # Weekday, time of day and distance are judged on the schedules and venues in
            # Python, so every match is read (a municipality's public places, at most).
            context["matches"] = self.results(query)
            results, distances = context["matches"]
            rows = with_kinds(results, self.municipality.code, distances)
            page = Paginator(rows, PER_PAGE).get_page(number)
        back = kept.copy()
        if page.number > 1:
            back["page"] = str(page.number)
        context.update(page=page, count=page.paginator.count, back=back.urlencode())
        if not page.paginator.count and self.searched:
            context["suggestions"] = self.suggestions(query, kept)
        return context

    def print_context(self, query: search.Query) -> dict[str, Any]:
        """Every match as the handout prints it: by kind, or in one list nearest first."""
        results, _distances = self.results(query)
        entries = [handout.Entry(r, handout.place_url(self.municipality, r.pk)) for r in results]
        if query.origin is not None:
            groups = [(_("近い順"), entries)] if entries else []
        else:
            groups = handout.by_kind(entries)
        return {
            "groups": groups,
            "count": len(entries),
            "created_on": to_wareki(timezone.localdate()),
        }

    def suggestions(self, query: search.Query, kept: QueryDict) -> list[Suggestion]:
        """Where else to look when nothing was found: towns and 圏域 whose name or reading the
        words give, and the towns nearest the chosen one (read only then)."""
        towns = list(
            Town.objects.filter(municipality=self.municipality)
            .select_related("area")
            .only("id", "name", "kana", "latitude", "longitude", "area__id", "area__name")
            .order_by("kana_key", "name")
        )
        areas = list(
            Area.objects.filter(municipality=self.municipality, layer=Layer.SECOND)
            .current()
            .only("id", "name", "kana")
            .order_by("kana_key", "name")
        )
        # Towns first, then 圏域 (a matching town's own 圏域 too), then those near a chosen town.
        by_town: list[Suggestion] = []
        by_area: list[Suggestion] = []
        for word in query.words:
            rest = kept.copy()
            others = " ".join(w for w in query.words if w != word)
            rest.pop("q", None)
            if others:
                rest["q"] = others
            for town in towns:
                if sounds_like(word, town.name, town.kana):
                    by_town.append(self.suggest_town(town, rest))
                    if town.area is not None:
                        by_area.append(self.suggest_area(town.area.pk, town.area.name, rest))
            for area in areas:
                if sounds_like(word, area.name, area.kana):
                    by_area.append(self.suggest_area(area.pk, area.name, rest))
        found = by_town + by_area
        if query.town is not None:
            found += self.nearby(query.town, towns, kept)
        unique = {s.querystring: s for s in found if s.querystring != kept.urlencode()}
        return list(unique.values())[:8]

    def suggest_town(self, town: Town, rest: QueryDict) -> Suggestion:
        qs = rest.copy()
        qs.pop("area", None)
        qs["town"] = str(town.pk)
        text = _("町丁目「%(town)s」でさがす") % {"town": town.name}
        if town.area is not None:
            text = _("町丁目「%(town)s」（%(area)s）でさがす") % {
                "town": town.name,
                "area": town.area.name,
            }
        return Suggestion(text, qs.urlencode())

    def suggest_area(self, pk: int, name: str, rest: QueryDict) -> Suggestion:
        qs = rest.copy()
        qs.pop("town", None)
        qs["area"] = str(pk)
        return Suggestion(_("「%(area)s」全体でさがす") % {"area": name}, qs.urlencode())

    def nearby(self, chosen: int, towns: list[Town], kept: QueryDict) -> list[Suggestion]:
        """The chosen town's 圏域, then the three towns nearest its centre."""
        town = next((t for t in towns if t.pk == chosen), None)
        if town is None:
            return []
        found = []
        if town.area is not None:
            found.append(self.suggest_area(town.area.pk, town.area.name, kept))
        if town.latitude is None or town.longitude is None:
            return found
        placed = [
            (distance_m(town.latitude, town.longitude, t.latitude, t.longitude), t)
            for t in towns
            if t.pk != chosen and t.latitude is not None and t.longitude is not None
        ]
        for _metres, near in sorted(placed, key=lambda pair: pair[0])[:3]:
            found.append(self.suggest_town(near, kept))
        return found


def public_page(municipality: Municipality, query: search.Query, number: Any) -> Any:
    """One page of results as cards: the matches counted and cut from one statement, then the
    page's schedules and venues (three statements in all, see selectors.public_cards)."""
    page: Any = Paginator(search.matches(municipality, query), PER_PAGE).get_page(number)
    page.object_list = with_kinds(selectors.public_cards(list(page.object_list)), municipality.code)
    return page


class MapView(SearchView):
    """The same results on a map, with the list under it (the list is the accessible form),
    grouped by 圏域 so the whole city's list folds to a screen. Pins only for venues with
    their own position: never a private home, never a position guessed from the town."""

    template_name = "portal/map.html"
    # Lists longer than this start folded, one 圏域 at a time (a city has a few hundred).
    OPEN_UP_TO = 20

    @property
    def printing(self) -> bool:
        return False

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # The map shows every match, not one page (read once, if the list had not already).
        results, distances = context.get("matches") or self.results(context["query"])
        code = self.municipality.code
        rows = with_kinds(results, code, distances)
        points = [
            {
                "name": r.name,
                "place": place.name,
                "when": row.when,
                "url": row.url,
                "lat": place.latitude,
                "lng": place.longitude,
                "phone": pin_phone(r, place),
                "homepage": r.url,
            }
            for r, row in zip(results, rows, strict=True)
            for place in r.locations
            if not place.private_home and place.latitude is not None and not place.approximate
        ]
        placed = list(self.centres().values())
        # The middle of the municipality's towns (Tokyo station when none are placed yet).
        centre = (
            (sum(p[0] for p in placed) / len(placed), sum(p[1] for p in placed) / len(placed))
            if placed
            else (35.68, 139.77)
        )
        query = context["query"]
        context.update(
            points=points,
            count=len(rows),
            groups=self.by_area(results, rows),
            open_groups=len(rows) <= self.OPEN_UP_TO,
            # 現在地: only a position the browser gave (a town's centre is not where one is).
            here=query.origin if query.near_town is None else None,
            map_tile_url=settings.MAP_TILE_URL,
            map_attribution=settings.MAP_ATTRIBUTION,
            map_centre=centre,
        )
        return context

    def by_area(
        self, results: list[PublicResource], rows: list[ResultRow]
    ) -> list[tuple[str, list[ResultRow]]]:
        """The list by 圏域 in 50音順 (a place meeting in two 圏域 is in both), then the places
        with no fixed venue (送迎・配達 ...), each group in the list's order."""
        groups: dict[str, list[ResultRow]] = {a.name: [] for a in self.areas()}
        elsewhere: list[ResultRow] = []
        for r, row in zip(results, rows, strict=True):
            names = dict.fromkeys(p.area_name for p in r.locations if p.area_name)
            for name in names:
                groups.setdefault(name, []).append(row)
            if not names:
                elsewhere.append(row)
        found = [(name, group) for name, group in groups.items() if group]
        if elsewhere:
            found.append((_("決まった場所のないもの（送迎・配達など）"), elsewhere))
        return found


def pin_phone(resource: PublicResource, place: PublicLocation) -> str:
    """The number a pin offers: its venue's 代表電話, else the organisation's when no venue of
    the place has one (another venue's number is not this pin's)."""
    if place.phone is not None:
        return place.phone.number
    if any(p.phone is not None for p in resource.locations):
        return ""
    organization = resource.organization
    return organization.phone.number if organization and organization.phone else ""


class DetailView(PortalView):
    template_name = "portal/detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        resource = selectors.public_resource(self.municipality, kwargs["pk"])
        if resource is None:
            raise Http404("この場所は見つかりません。")
        # The search the visitor came from (its known parameters only), for 「さがす画面へ」.
        back = carried(self.request.GET, page=True).urlencode()
        pins = [
            {"name": resource.name, "place": place.name, "lat": place.latitude,
             "lng": place.longitude}
            for place in resource.locations
            if not place.private_home and place.latitude is not None and not place.approximate
        ]  # fmt: skip
        # 担い手募集: each open role with its 「このお手伝いをしたい」 (the request form's address).
        roles = selectors.public_roles(self.municipality, [resource.pk]).get(resource.pk, [])
        if roles:
            context["request_url"] = reverse(
                "residents_public:request", args=[self.municipality.code]
            )
        # The coordinator's desk of the place's 圏域 (each of them, for a place meeting in two).
        areas = [place.area_id for place in resource.locations if place.area_id is not None]
        context.update(
            resource=resource,
            desks=public_desks_of(self.municipality, areas),
            kind=dict(ResourceKind.choices).get(resource.kind, ""),
            activities=choice_labels(Activity, resource.activities),
            supports=choice_labels(SupportType, resource.support_types),
            roles=roles,
            back=back,
            pins=pins,
            map_tile_url=settings.MAP_TILE_URL,
            map_attribution=settings.MAP_ATTRIBUTION,
        )
        return context


class AccessibilityView(PortalView):
    template_name = "portal/accessibility.html"


@dataclass(frozen=True)
class ResultRow:
    """One card of a result list, its words prepared here (a card's template tags cost more
    than the search itself): name, link, kind, distance, when, where and fee."""

    pk: int
    name: str
    url: str
    kind: str
    distance: str
    when: str
    where: str
    fee: str


class CardWords:
    """The card's words, translated once per list (not once per card)."""

    def __init__(self) -> None:
        self.private_home = _("%(town)s（個人のお宅）")
        self.free = _("無料")
        self.yen = _("%(amount)s円")
        self.ask = _("お問い合わせください")
        self.kinds = {value: str(label) for value, label in ResourceKind.choices}

    def where(self, place: Any) -> str:
        """「桜町集会所（桜町）」, or only the town for a private home."""
        if place.private_home:
            return self.private_home % {"town": place.town_name}
        return f"{place.name}（{place.town_name}）" if place.town_name else place.name

    def fee(self, resource: Listed) -> str:
        if resource.fee_free:
            return self.free
        if resource.fee_amount:
            return self.yen % {"amount": resource.fee_amount}
        return self.ask


def with_kinds(
    resources: Sequence[Listed], code: str, distances: dict[int, float] | None = None
) -> list[ResultRow]:
    """Each result as a card row; its distance when sorted by distance."""
    words = CardWords()
    far = distances or {}
    # One reverse() for the list: only the number differs from place to place.
    link = reverse("portal:detail", kwargs={"lgcode": code, "pk": 0})[: -len("0/")]
    return [
        ResultRow(
            pk=r.pk,
            name=r.name,
            url=f"{link}{r.pk}/",
            kind=words.kinds.get(r.kind, ""),
            distance=distance_text(far[r.pk]) if r.pk in far else "",
            when="／".join(r.schedule_texts),
            where=words.where(r.locations[0]) if r.locations else "",
            fee=words.fee(r),
        )
        for r in resources
    ]


class AreaView(PortalView):
    """What exists in one 日常生活圏域: its places, by kind."""

    template_name = "portal/area.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        area = self.area(kwargs["pk"])
        rows = with_kinds(
            selectors.public_cards(search.matches(self.municipality, search.Query(area=area.pk))),
            self.municipality.code,
        )
        groups: dict[str, list[ResultRow]] = {}
        for row in rows:
            groups.setdefault(row.kind, []).append(row)
        context.update(
            area=area,
            groups=sorted(groups.items()),
            count=len(rows),
            desks=public_desks_of(self.municipality, [area.pk]),
        )
        return context


class ThisWeekView(PortalView):
    """今週の予定: the next seven days, day by day, across every public place."""

    template_name = "portal/this_week.html"
    DAYS = 7

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        days: dict[datetime.date, list[tuple[datetime.time, str, PublicResource]]] = {
            today + datetime.timedelta(days=n): [] for n in range(self.DAYS)
        }
        for resource in selectors.public_resources(self.municipality):
            for _uuid, spec in resource.schedules:
                # By opening time (「8:30」 before 「10:00」), places without hours last.
                opens = spec.opens_at or datetime.time.max
                hours = scheduling.hours_text(spec)
                for day in scheduling.next_occurrences(
                    spec, after=today, limit=self.DAYS, horizon_days=self.DAYS
                ):
                    days[day].append((opens, hours, resource))
        context["days"] = [
            (
                day,
                search.WEEKDAYS[day.weekday()],
                [(hours, r) for _, hours, r in sorted(items, key=lambda i: (i[0], i[2].kana))],
            )
            for day, items in days.items()
        ]
        return context


class PrintListView(PortalView):
    """印刷用リスト of one area as a page: the handout, printable from the browser, with a
    link to the same as an A4 PDF. It can be narrowed with the search's conditions (the
    PDF stays the whole area's: one file for everyone, made once a day at most)."""

    template_name = "portal/print_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        area = self.area(kwargs["pk"])
        # The area is the page's; 近い順 would not change a list grouped by kind.
        query = dataclasses.replace(self.query(), area=area.pk, near_town=None, origin=None)
        groups = handout.handout_groups(self.municipality, area, query)
        choices = self.filter_choices()
        # Only the area's own towns can narrow its list.
        inside = set(
            Town.objects.filter(municipality=self.municipality, area=area).values_list(
                "pk", flat=True
            )
        )
        choices["town_choices"] = [c for c in choices["town_choices"] if c[0] in inside]
        kept = carried(self.request.GET)
        for key in ("area", "near", "lat", "lng"):
            kept.pop(key, None)
        context.update(
            choices,
            area=area,
            query=query,
            conditions=conditions_of(dataclasses.replace(query, area=None), kept, choices),
            groups=groups,
            desks=handout.handout_desks(self.municipality, area),
            narrowed=bool(kept),
            querystring=kept.urlencode(),
            count=handout.place_total(groups),
            created_on=to_wareki(timezone.localdate()),
        )
        return context


class PrintPdfView(PortalPage):
    """印刷用リスト as an A4 PDF, always sent from its stored file (GeneratedFile), keyed by a
    digest of what it prints and nothing of the request. The first visit for a digest starts a
    background job that makes the file; until it is ready this page says so and shows its
    progress, then serves it. Asked for JSON, it answers only the job's progress (the waiting
    page polls)."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        area = self.area(kwargs["pk"])
        printed = handout.handout_printed(self.municipality, area)
        if request.headers.get("Accept") == "application/json":
            return self.progress(area, printed)
        generated, failed_before = handout.handout_file(
            self.municipality, area, printed, enqueue=tasks.make_handout.enqueue
        )
        if generated.status == JobStatus.DONE and generated.file:
            response: HttpResponseBase = FileResponse(
                generated.file.open("rb"),
                filename=handout.handout_filename(area),
                content_type="application/pdf",
            )
        else:
            context = {
                "municipality": self.municipality,
                "area": area,
                "generated": generated,
                "failed_before": failed_before,
                "large": printed.places > handout.LARGE_AREA_PLACES,
                "waiting_text": waiting_text(generated),
            }
            response = TemplateResponse(request, "portal/print_pending.html", context, status=202)
        # The same address answers the PDF, its waiting page or (polled) its progress.
        patch_vary_headers(response, ["Accept"])
        return response

    def progress(self, area: Area, printed: handout.Printed) -> JsonResponse:
        """The waiting page's poll: how far the job has got. It never starts a job (a visit
        does), so a failed job is reported, not retried every few seconds."""
        latest = handout.handout_latest(self.municipality, area, printed.digest)
        failed = latest is None or not handout.handout_usable(latest)
        state = {
            "done": latest is not None and not failed and bool(latest.file),
            "failed": failed,
            "progress": latest.progress if latest is not None else 0,
            # A stuck job reads as a failed one: 「もう一度開く」 asks again.
            "text": waiting_text(latest) if latest is None or not failed else str(FAILED_TEXT),
        }
        response = JsonResponse(state)
        patch_vary_headers(response, ["Accept"])
        return response


FAILED_TEXT = gettext_lazy("PDFを作成できませんでした。「もう一度開く」を押すと、作り直します。")


def waiting_text(generated: Any) -> str:
    """Where the PDF's job has got to, in words (the job reports reading, then laying out)."""
    if generated is None:
        return _("PDFの作成が止まりました。「もう一度開く」を押してください。")
    if generated.status == JobStatus.DONE:
        return _("できあがりました。PDFを開きます。")
    if generated.status == JobStatus.FAILED:
        return str(FAILED_TEXT)
    if generated.status == JobStatus.PENDING:
        return _("PDFの作成の順番を待っています（0％）。")
    if generated.progress < READ_SHARE:
        return _("場所の情報を読み込んでいます（%(progress)s％）。") % {
            "progress": generated.progress
        }
    return _("ページを組み立てています（%(progress)s％）。") % {"progress": generated.progress}
