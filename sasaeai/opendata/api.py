"""HSDS 3.1 API (issue #27 point 2): the municipality's public registry, read-only, for anyone,
following the standard's OpenAPI description (resources/standards/hsds-3.1/openapi.json): the
API's metadata, services, organisations, service_at_locations, taxonomies and their terms, each
list in the standard's page envelope (Page: total_items, total_pages, page_number, size,
first_page, last_page, empty, contents).

Only public data: every object comes from resources.selectors.public_* (the one public rule)
through the HSDS mapping the open-data files use (resources.exports.hsds), so the API and the
files say the same. The ids are the records' stable UUIDs (or uuid5 ids derived from them).
Not yet: a record merged away answers 404, not 410 with the id it was merged into."""

from __future__ import annotations

import datetime
import math
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings as django_settings
from django.contrib.auth.decorators import login_not_required
from django.db.models import QuerySet
from django.http import HttpRequest, JsonResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.decorators import method_decorator
from django.views import View

from sasaeai.areas.models import Municipality
from sasaeai.portal.search import expansions
from sasaeai.resources import selectors
from sasaeai.resources.exports import hsds

HSDS_VERSION = "3.1"
OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/specification/3.1/schema/openapi.json"
PER_PAGE_DEFAULT = 50
# A page of 100 fully nested services is what one request may ask the database for.
PER_PAGE_MAX = 100
# A search of many words is as many conditions: the portal's search keeps the same bound.
SEARCH_MAX_WORDS = 10
# The kinds of PublicFilter each of our taxonomies narrows by (hsds.TAXONOMIES' keys).
FILTER_OF_TAXONOMY = {"activity": "activity", "support": "support", "target": "target"}
TAXONOMY_NAMES = {
    "activity": ("活動内容", "通いの場で行われる活動（厚生労働省の10分類）"),
    "support": ("生活支援の種類", "生活支援サービスの種類"),
    "target": ("対象", "主な対象となる人"),
}


class BadParameterError(Exception):
    """A parameter the API cannot read: answered 400 with both languages' messages."""

    def __init__(self, ja: str, en: str) -> None:
        super().__init__(en)
        self.ja, self.en = ja, en


def error(status: int, ja: str, en: str) -> JsonResponse:
    return JsonResponse(
        {"status": status, "message": ja, "message_en": en},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def not_found() -> JsonResponse:
    return error(404, "指定された ID のデータはありません。", "No record has this id.")


@method_decorator(login_not_required, name="dispatch")
class HsdsView(View):
    """One endpoint: GET only, open to any origin (CORS), errors as JSON."""

    http_method_names = ["get", "head"]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        municipality = Municipality.objects.filter(code=kwargs["lgcode"]).first()
        if municipality is None:
            response: HttpResponseBase = error(
                404, "この市町村のデータはありません。", "No data for this municipality."
            )
        else:
            self.municipality = municipality
            try:
                response = super().dispatch(request, *args, **kwargs)
            except BadParameterError as bad:
                response = error(400, bad.ja, bad.en)
        # Public data for any page or tool on any site (the API sends nothing that needs a
        # cookie, and reads none): GET needs no preflight, so the one header is enough.
        response["Access-Control-Allow-Origin"] = "*"
        return response


def as_json(data: Any) -> JsonResponse:
    return JsonResponse(data, safe=False, json_dumps_params={"ensure_ascii": False})


def positive_int(request: HttpRequest, name: str, default: int, maximum: int | None) -> int:
    raw = request.GET.get(name, "")
    if raw == "":
        return default
    limit = f"1〜{maximum}" if maximum else "1以上"
    limit_en = f"from 1 to {maximum}" if maximum else "of 1 or more"
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1 or (maximum is not None and value > maximum):
        raise BadParameterError(
            f"{name} は{limit}の整数で指定してください。", f"{name} must be an integer {limit_en}."
        )
    return value


def paging(request: HttpRequest) -> tuple[int, int]:
    return (
        positive_int(request, "page", 1, None),
        positive_int(request, "per_page", PER_PAGE_DEFAULT, PER_PAGE_MAX),
    )


def envelope(total: int, page: int, per_page: int, contents: Sequence[Any]) -> dict[str, Any]:
    """The standard's Page. A page past the last is empty rather than an error, as a client
    walking the pages while the data shrinks would otherwise fail."""
    total_pages = math.ceil(total / per_page)
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": list(contents),
    }


def page_of(request: HttpRequest, items: Sequence[Any]) -> JsonResponse:
    """A list already in memory (organisations, links, terms: few per municipality)."""
    page, per_page = paging(request)
    start = (page - 1) * per_page
    return as_json(envelope(len(items), page, per_page, items[start : start + per_page]))


def parsed_id(raw: str) -> str | None:
    try:
        return str(uuid.UUID(raw))
    except ValueError:
        return None


def modified_after(raw: str) -> datetime.datetime | None:
    if not raw:
        return None
    try:
        moment = parse_datetime(raw)
        day = None if moment else parse_date(raw)
    except ValueError:
        moment = day = None
    if day is not None:
        moment = datetime.datetime.combine(day, datetime.time())
    if moment is None:
        raise BadParameterError(
            "modified_after は 2026-04-01 や 2026-04-01T09:00:00+09:00 の形で指定してください。",
            "modified_after must be a date or a date-time in ISO 8601 (e.g. 2026-04-01).",
        )
    # A time without its offset is Japan's (the municipality's) time.
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def all_terms() -> dict[str, dict[str, Any]]:
    """Every term of our three taxonomies by its id."""
    terms = (
        hsds.taxonomy_term(taxonomy, code)
        for taxonomy, choices in hsds.TAXONOMIES.items()
        for code in choices.values
    )
    return {term["id"]: term for term in terms}


def public_services(request: HttpRequest, municipality: Municipality) -> QuerySet[Any]:
    """The public resources matching the spec's filters (search, taxonomy_term_id,
    modified_after), with nothing loaded: the portal's search (words, synonyms and the public
    column) through the one public rule, resources.selectors.public_matching."""
    words = request.GET.get("search", "").split()[:SEARCH_MAX_WORDS]
    wanted: dict[str, Any] = {"word_forms": tuple(expansions(word) for word in words)}
    term_id = request.GET.get("taxonomy_term_id", "")
    if term_id:
        term = all_terms().get(parsed_id(term_id) or "")
        if term is None:
            raise BadParameterError(
                "taxonomy_term_id は /taxonomy_terms にある ID で指定してください。",
                "taxonomy_term_id must be one of the ids listed by /taxonomy_terms.",
            )
        taxonomy = term["taxonomy"].removeprefix("sasaeai-")
        wanted[FILTER_OF_TAXONOMY[taxonomy]] = term["code"]
    resources = selectors.public_matching(municipality, selectors.PublicFilter(**wanted))
    after = modified_after(request.GET.get("modified_after", ""))
    if after is not None:
        resources = resources.filter(updated_at__gte=after)
    return resources


class MetaView(HsdsView):
    def get(self, request: HttpRequest, lgcode: str) -> JsonResponse:
        site = django_settings.SITE_URL.rstrip("/")
        return as_json({
            "version": HSDS_VERSION,
            # Our profile (what each field holds, the Japanese address parts, our taxonomies)
            # is described with the downloads on the open-data page.
            "profile": site + reverse("opendata:page", args=[self.municipality.code]),
            "openapi_url": OPENAPI_URL,
        })  # fmt: skip


class ServiceListView(HsdsView):
    def get(self, request: HttpRequest, lgcode: str) -> JsonResponse:
        page, per_page = paging(request)
        resources = public_services(request, self.municipality)
        total = resources.count()
        start = (page - 1) * per_page
        # Only this page's resources are loaded (with_public_record's few queries on a slice).
        loaded = selectors.with_public_record(resources)[start : start + per_page]
        contents = [hsds.hsds_service(selectors.to_public(r)) for r in loaded]
        return as_json(envelope(total, page, per_page, contents))


class ServiceDetailView(HsdsView):
    def get(self, request: HttpRequest, lgcode: str, hsds_id: str) -> JsonResponse:
        key = parsed_id(hsds_id)
        found = key and selectors.public_queryset(self.municipality).filter(uuid=key).first()
        if not found:
            return not_found()
        return as_json(hsds.hsds_service(selectors.to_public(found)))


def services_of(municipality: Municipality) -> list[dict[str, Any]]:
    return hsds.hsds_services(selectors.public_resources(municipality))


def organizations(municipality: Municipality) -> list[dict[str, Any]]:
    """The organisations running a public resource (never a 住民個人: hsds leaves them out),
    each once, by name."""
    found = {
        s["organization"]["id"]: s["organization"]
        for s in services_of(municipality)
        if "organization" in s
    }
    return sorted(found.values(), key=lambda o: (o["name"], o["id"]))


def service_at_locations(municipality: Municipality) -> list[dict[str, Any]]:
    return [link for s in services_of(municipality) for link in s["service_at_locations"]]


def taxonomies() -> list[dict[str, Any]]:
    return [
        {
            "id": hsds.derived_id("taxonomy", key),
            "name": f"sasaeai-{key}",
            "description": f"{TAXONOMY_NAMES[key][0]}: {TAXONOMY_NAMES[key][1]}",
            "version": "1",
        }
        for key in hsds.TAXONOMIES
    ]


def list_view(items: Callable[[Municipality], list[dict[str, Any]]]) -> type[HsdsView]:
    class ListView(HsdsView):
        def get(self, request: HttpRequest, lgcode: str) -> JsonResponse:
            return page_of(request, items(self.municipality))

    return ListView


def detail_view(items: Callable[[Municipality], list[dict[str, Any]]]) -> type[HsdsView]:
    class DetailView(HsdsView):
        def get(self, request: HttpRequest, lgcode: str, hsds_id: str) -> JsonResponse:
            key = parsed_id(hsds_id)
            found = [item for item in items(self.municipality) if item["id"] == key]
            return as_json(found[0]) if found else not_found()

    return DetailView


OrganizationListView = list_view(organizations)
OrganizationDetailView = detail_view(organizations)
ServiceAtLocationListView = list_view(service_at_locations)
ServiceAtLocationDetailView = detail_view(service_at_locations)
TaxonomyListView = list_view(lambda municipality: taxonomies())
TaxonomyTermListView = list_view(lambda municipality: list(all_terms().values()))
