"""Public pages for residents (no login): home, search results, a place's page, the
accessibility policy. Only the public selectors of the registry are used, so private data
(contacts without consent, private homes' addresses, persons) cannot reach these pages."""

from __future__ import annotations

import datetime
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from sasaeai.areas.constants import Layer
from sasaeai.areas.models import Area, Municipality
from sasaeai.areas.selectors import Place, areas_and_towns
from sasaeai.core.models import GeneratedFileStatus
from sasaeai.resources import scheduling, selectors
from sasaeai.resources.constants import (
    Activity,
    ResourceKind,
    SchedulePattern,
    SupportType,
    TargetGroup,
    choice_labels,
)
from sasaeai.resources.selectors import PublicCard, PublicResource
from sasaeai.utils.forms import int_or_none
from sasaeai.utils.geo import distance_m, in_japan
from sasaeai.utils.wareki import to_wareki

from . import handout, search

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


def weekdays_of(resource: PublicResource) -> set[int]:
    days: set[int] = set()
    for _uuid, spec in resource.schedules:
        days |= set(range(7)) if spec.pattern == SchedulePattern.DAILY else set(spec.weekdays)
    return days


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


class SearchView(PortalView):
    template_name = "portal/search.html"

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
            text=get.get("q", "").strip()[:100],
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

    def results(self, query: search.Query) -> tuple[list[PublicResource], dict[int, float]]:
        """Every match, and (for 近い順) the metres to each one that has a known position."""
        found = search.narrowed(
            selectors.public_queryset(self.municipality), self.municipality, query
        )
        results = [
            r
            for r in (selectors.to_public(resource) for resource in found)
            if search.meets_on(weekdays_of(r), query.weekday)
            and search.meets_at([spec for _, spec in r.schedules], query.time_of_day)
        ]
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

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = self.query()
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
        querystring = self.request.GET.copy()
        querystring.pop("page", None)
        context.update(
            query=query,
            page=page,
            count=page.paginator.count,
            area_choices=[(a.pk, a.name) for a in self.areas()],
            town_choices=[(t.pk, t.name) for t in self.towns],
            # 近い順 can start only from a town whose centre is known.
            near_choices=[(t.pk, t.name) for t in self.towns if t.latitude is not None],
            activities=Activity.choices,
            supports=SupportType.choices,
            targets=TargetGroup.choices,
            weekday_choices=[(n, f"{day}曜日") for n, day in enumerate(search.WEEKDAYS)],
            querystring=querystring.urlencode(),
        )
        return context


def public_page(municipality: Municipality, query: search.Query, number: Any) -> Any:
    """One page of results as cards: the matches counted and cut from one statement, then the
    page's schedules and venues (three statements in all, see selectors.public_cards)."""
    page: Any = Paginator(search.matches(municipality, query), PER_PAGE).get_page(number)
    page.object_list = with_kinds(selectors.public_cards(list(page.object_list)), municipality.code)
    return page


class MapView(SearchView):
    """The same results on a map, with the list beside it (the list is the accessible form).
    Pins only for venues with their own position: never a private home, never a position
    guessed from the town."""

    template_name = "portal/map.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # The map shows every match, not one page (read once, if the list had not already).
        results, distances = context.get("matches") or self.results(context["query"])
        code = self.municipality.code
        points = [
            {
                "name": r.name,
                "place": place.name,
                "url": reverse("portal:detail", kwargs={"lgcode": code, "pk": r.pk}),
                "lat": place.latitude,
                "lng": place.longitude,
            }
            for r in results
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
        context.update(
            points=points,
            rows=with_kinds(results, self.municipality.code, distances),
            map_tile_url=settings.MAP_TILE_URL,
            map_attribution=settings.MAP_ATTRIBUTION,
            map_centre=centre,
        )
        return context


class DetailView(PortalView):
    template_name = "portal/detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        resource = selectors.public_resource(self.municipality, kwargs["pk"])
        if resource is None:
            raise Http404("この場所は見つかりません。")
        context.update(
            resource=resource,
            kind=dict(ResourceKind.choices).get(resource.kind, ""),
            activities=choice_labels(Activity, resource.activities),
            supports=choice_labels(SupportType, resource.support_types),
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
        context.update(area=area, groups=sorted(groups.items()), count=len(rows))
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
    link to the same as an A4 PDF."""

    template_name = "portal/print_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        area = self.area(kwargs["pk"])
        groups = handout.handout_groups(
            self.municipality, area, self.request.build_absolute_uri("/")
        )
        context.update(
            area=area,
            groups=groups,
            count=handout.place_total(groups),
            created_on=to_wareki(timezone.localdate()),
        )
        return context


class PrintPdfView(PortalPage):
    """印刷用リスト as an A4 PDF: made in the request for a small area; for a large one, by a
    background job (this page says so until the file is ready, then serves it)."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        area = self.area(kwargs["pk"])
        base_url = request.build_absolute_uri("/")
        filename = handout.handout_filename(area)
        groups = handout.handout_groups(self.municipality, area, base_url)
        if handout.place_total(groups) <= handout.IN_REQUEST_PLACES:
            content = handout.render_handout_pdf(
                groups,
                municipality=self.municipality,
                area=area,
                today=timezone.localdate(),
            )
            return FileResponse(
                io.BytesIO(content), filename=filename, content_type="application/pdf"
            )
        generated, failed_before = handout.handout_file(self.municipality, area, base_url, groups)
        if generated.status == GeneratedFileStatus.DONE and generated.file:
            return FileResponse(
                generated.file.open("rb"), filename=filename, content_type="application/pdf"
            )
        context = {
            "municipality": self.municipality,
            "area": area,
            "generated": generated,
            "failed_before": failed_before,
        }
        return TemplateResponse(request, "portal/print_pending.html", context, status=202)
