"""Coordinator screens for the registry (/staff/<lgcode>/resources/...)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView, View

from sasaeai.accounts.constants import Perm
from sasaeai.accounts.models import User
from sasaeai.accounts.permissions import (
    MunicipalityPermissionMixin,
    active_assignments,
    may_edit_in,
)
from sasaeai.areas.models import Area, Town
from sasaeai.core.models import ExportLog
from sasaeai.utils import tabular
from sasaeai.utils.forms import int_or_none
from sasaeai.utils.wareki import to_wareki

from . import (
    duplicates,
    exports,
    flat,
    hsds_tabular,
    scheduling,
    selectors,
    services,
    standard_csv,
)
from .constants import (
    Activity,
    FrequencyBand,
    ResourceKind,
    ResourceStatus,
    SupportType,
    VerificationMethod,
)
from .forms import (
    BulkForm,
    ContactForm,
    LocationForm,
    OrganizationForm,
    RegistrySettingsForm,
    ResourceForm,
    ScheduleForm,
    ScheduleFormSet,
    VerifyForm,
)
from .models import Contact, Location, Organization, Resource
from .sheet_selectors import sheet_resources

PAGE_SIZES = (50, 100, 500)


def add_service_errors(form: Any, error: ValidationError) -> None:
    """A service's refusal shown on the form: on the field it names, else above the form."""
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def resource_areas(resource: Resource) -> list[Area]:
    return [link.location.area for link in resource.service_locations.all() if link.location.area]


class ResourceFilterMixin(MunicipalityPermissionMixin):
    """The list's filters read from the query string: the list and every one of its export
    links read them here, so an export holds exactly the rows the list shows."""

    def filters(self) -> selectors.ResourceFilters:
        q = self.request.GET
        areas: tuple[Area, ...] = ()
        if q.get("area", "").isdecimal():
            areas = tuple(Area.objects.filter(municipality=self.municipality, pk=q["area"]))
        elif q.get("mine") == "1":
            areas = self.my_areas()
        return selectors.ResourceFilters(
            query=q.get("q", "").strip(),
            areas=areas,
            town_id=int_or_none(q.get("town")),
            kind=q.get("kind", ""),
            activity=q.get("activity", ""),
            support_type=q.get("support", ""),
            status=q.get("status", ""),
            frequency_band=q.get("band", ""),
            needs_check=q.get("check") == "1",
            needs_position=q.get("position") == "1",
            ordering=q.get("order", "kana"),
        )

    def my_areas(self) -> tuple[Area, ...]:
        """The areas on the user's role assignments here (none = the whole municipality)."""
        return tuple(
            a.area
            for a in active_assignments(self.request.user)
            if a.municipality_id == self.municipality.pk and a.area is not None
        )

    def filtered_ids(self) -> list[int]:
        return [row["pk"] for row in selectors.resource_list(self.municipality, self.filters())]


class ResourceListView(ResourceFilterMixin, TemplateView):
    """Filters on the left, a sortable table, bulk actions; 50 / 100 / 500 per page."""

    template_name = "resources/resource_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        per = self.request.GET.get("per", "50")
        per_page = int(per) if per.isdecimal() and int(per) in PAGE_SIZES else 50
        page = selectors.resource_page(
            self.municipality, self.filters(), self.request.GET.get("page"), per_page
        )
        stale = selectors.stale_before(self.municipality)
        context.update(
            page=page,
            per_page=per_page,
            page_sizes=PAGE_SIZES,
            stale_before=stale,
            areas=Area.objects.current()
            .filter(municipality=self.municipality)
            .order_by("layer", "kana_key"),
            towns=Town.objects.filter(municipality=self.municipality).order_by("kana_key"),
            kinds=ResourceKind.choices,
            activities=Activity.choices,
            supports=SupportType.choices,
            statuses=ResourceStatus.choices,
            bands=FrequencyBand.choices,
            methods=VerificationMethod.choices,
            can_edit=self.can(Perm.EDIT_AREA)
            or may_edit_in(self.request.user, self.municipality, []),
            query_string=self.request.GET.urlencode(),
            params=self.request.GET,
        )
        return context


class ResourceDetailView(MunicipalityPermissionMixin, TemplateView):
    template_name = "resources/resource_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        try:
            resource = selectors.resource_detail(self.municipality, self.kwargs["pk"])
        except Resource.DoesNotExist as error:
            raise Http404 from error
        schedules = [(s, services.spec_of(s)) for s in resource.schedules.all()]
        context.update(
            resource=resource,
            schedules=[
                (
                    s,
                    scheduling.describe(spec),
                    scheduling.next_occurrences(spec, after=timezone.localdate(), limit=3),
                )
                for s, spec in schedules
            ],
            can_edit=may_edit_in(self.request.user, self.municipality, resource_areas(resource)),
            # A resource meeting in two areas may be edited from either, but each venue only by
            # those who may edit the venue's own area.
            editable_locations=editable_locations(
                self.request.user,
                self.municipality,
                [link.location for link in resource.service_locations.all()],
            ),
            verify_form=VerifyForm(),
            stale_before=selectors.stale_before(self.municipality),
        )
        return context


class ResourceFormView(MunicipalityPermissionMixin, TemplateView):
    """Create (no pk) or edit a resource with its schedules and venues."""

    template_name = "resources/resource_form.html"
    resource: Resource | None = None

    def load(self) -> None:
        if "pk" in self.kwargs:
            self.resource = get_object_or_404(
                Resource.objects.prefetch_related(
                    "tags", "schedules", "service_locations__location__area"
                ),
                municipality=self.municipality,
                pk=self.kwargs["pk"],
            )
            areas = resource_areas(self.resource)
        else:
            areas = []
        if not may_edit_in(self.request.user, self.municipality, areas):
            raise PermissionDenied("この地域資源を編集する権限がありません。")

    def forms(self, data: Any = None) -> tuple[ResourceForm, Any]:
        form = ResourceForm(data, instance=self.resource, municipality=self.municipality)
        initial = []
        if self.resource is not None and data is None:
            initial = [
                ScheduleForm.initial_from(services.spec_of(s))
                for s in self.resource.schedules.all()
            ]
        return form, ScheduleFormSet(data, prefix="schedules", initial=initial)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load()
        form, formset = self.forms()
        return self.render_to_response(self.get_context_data(form=form, formset=formset))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load()
        form, formset = self.forms(request.POST)
        if form.is_valid() and formset.is_valid():
            candidates = self.duplicate_candidates(form)
            if candidates and not request.POST.get("not_duplicate"):
                context = self.get_context_data(form=form, formset=formset, duplicates=candidates)
                return self.render_to_response(context)
            try:
                resource = services.resource_save(
                    municipality=self.municipality,
                    user=request.user,
                    data=form.to_input(formset.specs()),
                    resource=self.resource,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"「{resource.name}」を保存しました。")
                return redirect("resources:detail", lgcode=self.municipality.code, pk=resource.pk)
        context = self.get_context_data(form=form, formset=formset)
        return self.render_to_response(context, status=400)

    def duplicate_candidates(self, form: ResourceForm) -> list[duplicates.Candidate]:
        """Only a new resource is checked; an edit keeps its identity."""
        if self.resource is not None:
            return []
        data = form.cleaned_data
        return duplicates.candidates_for(
            self.municipality,
            name=data["name"],
            kind=data["kind"],
            locations=data.get("locations") or [],
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["resource"] = self.resource
        context.setdefault("duplicates", [])
        return context


class VerifyView(MunicipalityPermissionMixin, View):
    """POST: record a verification of one resource."""

    def post(self, request: HttpRequest, lgcode: str, pk: int) -> HttpResponse:
        resource = get_object_or_404(
            Resource.objects.prefetch_related("service_locations__location__area"),
            municipality=self.municipality,
            pk=pk,
        )
        if not may_edit_in(request.user, self.municipality, resource_areas(resource)):
            raise PermissionDenied("この地域資源を確認済みにする権限がありません。")
        form = VerifyForm(request.POST)
        if form.is_valid():
            try:
                services.resource_verify(
                    resource=resource,
                    user=request.user,
                    method=form.cleaned_data["method"],
                    on=form.cleaned_data.get("verified_on"),
                    note=form.cleaned_data.get("note", ""),
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, f"「{resource.name}」を確認済みにしました。")
        else:
            messages.error(request, "確認方法を選んでください。")
        return redirect(request.POST.get("next") or reverse("resources:detail", args=[lgcode, pk]))


class BulkActionView(MunicipalityPermissionMixin, View):
    """POST from the list: verify or change the status of the checked resources."""

    def post(self, request: HttpRequest, lgcode: str) -> HttpResponse:
        if not may_edit_in(request.user, self.municipality, []):
            raise PermissionDenied("地域資源を編集する権限がありません。")
        ids = [int(i) for i in request.POST.getlist("ids") if i.isdecimal()]
        resources = list(
            Resource.objects.filter(municipality=self.municipality, pk__in=ids).prefetch_related(
                "service_locations__location__area"
            )
        )
        form = BulkForm(request.POST, allowed_ids=[r.pk for r in resources])
        back = reverse("resources:list", args=[lgcode]) + "?" + request.POST.get("query_string", "")
        if not form.is_valid():
            messages.error(
                request, " ".join(str(m) for errors in form.errors.values() for m in errors)
            )
            return redirect(back)
        refused = [
            r
            for r in resources
            if not may_edit_in(request.user, self.municipality, resource_areas(r))
        ]
        if refused:
            raise PermissionDenied("担当外の圏域の地域資源が含まれています。")
        with transaction.atomic():
            if form.cleaned_data["action"] == "verify":
                count = services.resources_bulk_verify(
                    resources=resources,
                    user=request.user,
                    method=form.cleaned_data["method"] or VerificationMethod.PHONE,
                )
                messages.success(request, f"{count}件を確認済みにしました。")
            else:
                count = services.resources_bulk_set_status(
                    resources=resources, user=request.user, status=form.cleaned_data["status"]
                )
                messages.success(request, f"{count}件の状態を変えました。")
        return redirect(back)


class LocationFormView(MunicipalityPermissionMixin, TemplateView):
    """Create or edit a venue, with a map pin picker that also works without tiles."""

    template_name = "resources/location_form.html"
    permission = Perm.VIEW

    def get_location(self) -> Location | None:
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(Location, municipality=self.municipality, pk=self.kwargs["pk"])

    def check(self, location: Location | None) -> None:
        areas = [location.area] if location is not None and location.area else []
        if not may_edit_in(self.request.user, self.municipality, areas):
            raise PermissionDenied("この会場を編集する権限がありません。")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        location = self.get_location()
        self.check(location)
        form = LocationForm(instance=location, municipality=self.municipality)
        return self.render_to_response(self.get_context_data(form=form, location=location))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        location = self.get_location()
        self.check(location)
        form = LocationForm(request.POST, instance=location, municipality=self.municipality)
        if form.is_valid():
            values = {name: form.cleaned_data.get(name) for name in form.Meta.fields}
            saved = services.location_save(
                municipality=self.municipality, user=request.user, location=location, **values
            )
            if saved.needs_position:
                messages.warning(
                    request,
                    f"「{saved.name}」は位置が未確定です。地図か町丁目で場所を指定してください。",
                )
            else:
                messages.success(request, f"会場「{saved.name}」を保存しました。")
            return redirect(
                request.POST.get("next")
                or reverse("resources:location_list", args=[self.municipality.code])
            )
        return self.render_to_response(
            self.get_context_data(form=form, location=location), status=400
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        towns = Town.objects.filter(municipality=self.municipality, latitude__isnull=False)
        context.update(
            map_tile_url=settings.MAP_TILE_URL,
            map_attribution=settings.MAP_ATTRIBUTION,
            map_centre=(self.municipality.latitude or 35.68, self.municipality.longitude or 139.76),
            town_points=[{"name": t.name, "lat": t.latitude, "lng": t.longitude} for t in towns],
            next=self.request.GET.get("next", ""),
        )
        return context


class LocationListView(MunicipalityPermissionMixin, TemplateView):
    """Venues in 50音順; `?position=1` gives the fix-up list of venues without a position."""

    template_name = "resources/location_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        locations = Location.objects.filter(municipality=self.municipality).select_related(
            "town", "area"
        )
        if self.request.GET.get("position") == "1":
            locations = locations.filter(latitude__isnull=True)
        context["locations"] = list(locations.order_by("kana_key", "name"))
        context["fixup"] = self.request.GET.get("position") == "1"
        # Links only where LocationFormView.check lets the user in (no 403 behind a link).
        user = self.request.user
        context["can_create"] = may_edit_in(user, self.municipality, [])
        context["editable"] = editable_locations(user, self.municipality, context["locations"])
        return context


def editable_locations(user: Any, municipality: Any, locations: Any) -> set[int]:
    """Ids of the venues the user may edit: the rule of LocationFormView.check."""
    return {
        location.pk
        for location in locations
        if may_edit_in(user, municipality, [location.area] if location.area else [])
    }


class DuplicateListView(MunicipalityPermissionMixin, TemplateView):
    """Pairs that look like the same resource entered twice, each with a link to merge them."""

    template_name = "resources/duplicate_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        # Each pair says whether the user may merge it (MergeView.pair's rule), so that no
        # link leads to a refusal; the 操作 column is left out for those who edit nowhere.
        context["pairs"] = [
            (a, b, reasons, may_merge(user, self.municipality, a, b))
            for a, b, reasons in duplicates.duplicate_pairs(self.municipality)
        ]
        context["can_edit"] = may_edit_in(user, self.municipality, [])
        return context


def may_merge(user: Any, municipality: Any, keep: Resource, other: Resource) -> bool:
    """Merging writes both resources: the user must be allowed to edit each of them."""
    return all(may_edit_in(user, municipality, resource_areas(r)) for r in (keep, other))


class MergeView(MunicipalityPermissionMixin, TemplateView):
    """Compare two resources side by side; POST merges `other` into `pk` (the one kept)."""

    template_name = "resources/merge.html"

    def pair(self) -> tuple[Resource, Resource]:
        keep = self.load(self.kwargs["pk"])
        other = self.load(self.kwargs["other"])
        if keep.pk == other.pk:
            raise Http404
        if not may_merge(self.request.user, self.municipality, keep, other):
            raise PermissionDenied("担当外の圏域の地域資源は統合できません。")
        return keep, other

    def load(self, pk: int) -> Resource:
        try:
            return selectors.resource_detail(self.municipality, pk)
        except Resource.DoesNotExist as error:
            raise Http404 from error

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        keep, other = self.pair()
        context.update(keep=keep, other=other, rows=comparison_rows(keep, other))
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        keep, other = self.pair()
        other_name = other.name
        services.resource_merge(keep=keep, duplicate=other, user=request.user)
        messages.success(
            request, f"「{other_name}」を「{keep.name}」に統合しました。変更履歴に残っています。"
        )
        return redirect("resources:detail", lgcode=self.municipality.code, pk=keep.pk)


def comparison_rows(keep: Resource, other: Resource) -> list[tuple[str, str, str]]:
    """(label, kept value, merged value) for the fields people compare."""

    def venues(r: Resource) -> str:
        return "、".join(
            f"{link.location.name}（{link.location.address or '住所なし'}）"
            for link in r.service_locations.all()
        )

    def schedules(r: Resource) -> str:
        return "、".join(scheduling.describe(services.spec_of(s)) for s in r.schedules.all())

    def verified(r: Resource) -> str:
        return to_wareki(r.last_verified_on) if r.last_verified_on else "未確認"

    getters = [
        ("名称", lambda r: r.name),
        ("ふりがな", lambda r: r.kana),
        ("種類", lambda r: r.get_kind_display()),
        ("状態", lambda r: r.get_status_display()),
        ("運営主体", lambda r: r.organization.name if r.organization else ""),
        ("会場", venues),
        ("開催予定", schedules),
        ("最終確認日", verified),
    ]
    return [(label, str(get(keep)), str(get(other))) for label, get in getters]


class OrganizationListView(MunicipalityPermissionMixin, TemplateView):
    """運営主体 in 50音順 with their type, sector and number of resources."""

    template_name = "resources/organization_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["organizations"] = (
            Organization.objects.filter(municipality=self.municipality)
            .annotate(resource_count=Count("resources"))
            .prefetch_related("areas")
            .order_by("kana_key", "name")
        )
        context["can_edit"] = may_edit_in(self.request.user, self.municipality, [])
        return context


class OrganizationFormView(MunicipalityPermissionMixin, TemplateView):
    """Create or edit an organisation (reading guessed from the name when left blank)."""

    template_name = "resources/organization_form.html"

    def get_organization(self) -> Organization | None:
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(Organization, municipality=self.municipality, pk=self.kwargs["pk"])

    def check(self) -> None:
        if not may_edit_in(self.request.user, self.municipality, []):
            raise PermissionDenied("運営主体を編集する権限がありません。")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.check()
        organization = self.get_organization()
        form = OrganizationForm(instance=organization, municipality=self.municipality)
        return self.render_to_response(self.get_context_data(form=form, organization=organization))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.check()
        organization = self.get_organization()
        form = OrganizationForm(request.POST, instance=organization, municipality=self.municipality)
        if form.is_valid():
            values = {name: form.cleaned_data.get(name) for name in form.Meta.fields}
            if organization is not None and values["kana"] == organization.kana:
                values.pop("kana")  # unchanged: keep the 要確認 flag as it was
            saved = services.organization_save(
                municipality=self.municipality,
                user=request.user,
                organization=organization,
                **values,
            )
            messages.success(request, f"運営主体「{saved.name}」を保存しました。")
            return redirect("resources:organization_list", lgcode=self.municipality.code)
        context = self.get_context_data(form=form, organization=organization)
        return self.render_to_response(context, status=400)


class ContactFormView(MunicipalityPermissionMixin, TemplateView):
    """Add or edit a contact of a resource; public only with the date of consent."""

    template_name = "resources/contact_form.html"

    def load(self) -> tuple[Resource, Contact | None]:
        resource = get_object_or_404(
            Resource.objects.prefetch_related("service_locations__location__area"),
            municipality=self.municipality,
            pk=self.kwargs["pk"],
        )
        if not may_edit_in(self.request.user, self.municipality, resource_areas(resource)):
            raise PermissionDenied("この地域資源の連絡先を編集する権限がありません。")
        contact = None
        if "contact" in self.kwargs:
            contact = get_object_or_404(Contact, resource=resource, pk=self.kwargs["contact"])
        return resource, contact

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        resource, contact = self.load()
        form = ContactForm(instance=contact)
        return self.render_to_response(
            self.get_context_data(form=form, resource=resource, contact=contact)
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        resource, contact = self.load()
        if contact is not None and request.POST.get("action") == "delete":
            services.with_user(contact, request.user).delete()
            messages.success(request, f"連絡先「{contact.name}」を削除しました。")
            return redirect("resources:detail", lgcode=self.municipality.code, pk=resource.pk)
        form = ContactForm(request.POST, instance=contact)
        if form.is_valid():
            values = {name: form.cleaned_data.get(name) for name in form.Meta.fields}
            try:
                services.contact_save(
                    user=request.user, contact=contact, resource=resource, **values
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"連絡先「{values['name']}」を保存しました。")
                return redirect("resources:detail", lgcode=self.municipality.code, pk=resource.pk)
        context = self.get_context_data(form=form, resource=resource, contact=contact)
        return self.render_to_response(context, status=400)


class RegistrySettingsView(MunicipalityPermissionMixin, TemplateView):
    """The municipality's registry settings (how long a check stays valid)."""

    template_name = "resources/settings.html"
    permission = Perm.MANAGE

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = RegistrySettingsForm(instance=services.registry_settings(self.municipality))
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = RegistrySettingsForm(
            request.POST, instance=services.registry_settings(self.municipality)
        )
        if form.is_valid():
            services.with_user(form.instance, request.user).save()
            messages.success(request, "設定を保存しました。")
            return redirect("resources:settings", lgcode=self.municipality.code)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class HsdsExportView(ResourceFilterMixin, View):
    """The public registry as an HSDS 3.1 JSON document, or with `?format=tabular` as a data
    package zip (public data only, see exports.py). Like the other exports on the list it
    holds the list's current filter (none: every public resource)."""

    def get(self, request: HttpRequest, lgcode: str) -> HttpResponse:
        public = selectors.public_queryset(self.municipality).filter(pk__in=self.filtered_ids())
        services = exports.hsds_services([selectors.to_public(r) for r in public])
        if request.GET.get("format") == "tabular":
            name = f"hsds-{self.municipality.code}-{timezone.localdate():%Y%m%d}"
            response = HttpResponse(
                hsds_tabular.package_zip(services, name=name), content_type="application/zip"
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.zip"'
            return response
        response = JsonResponse(
            services, safe=False, json_dumps_params={"ensure_ascii": False, "indent": 1}
        )
        name = f"hsds-services-{self.municipality.code}-{timezone.localdate():%Y%m%d}.json"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


EXPORT_FORMATS = {
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "csv": ("csv", "text/csv; charset=utf-8"),
    "csv-sjis": ("csv", "text/csv; charset=shift_jis"),
}


class FlatExportView(ResourceFilterMixin, TemplateView):
    """The current filter as the flat sheet (xlsx, CSV UTF-8 with BOM, CSV Shift_JIS). It holds
    personal data (contacts), so every download is logged with who, when and which filter."""

    template_name = "resources/export_unencodable.html"
    title = "地域資源"
    kind = "resources_flat"
    formats: tuple[str, ...] = ("xlsx", "csv", "csv-sjis")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        file_format = request.GET.get("format", self.formats[0])
        if file_format not in self.formats:
            raise Http404("形式が見つかりません。")
        columns, rows = self.table(self.filtered_ids())
        if file_format == "csv-sjis":
            problems = tabular.unencodable_in_cp932(columns, rows)
            if problems:
                return self.render_to_response(
                    {
                        "problems": problems,
                        "utf8_query": self.query_with(format="csv"),
                        "xlsx_query": self.query_with(format="xlsx")
                        if "xlsx" in self.formats
                        else "",
                        "municipality": self.municipality,
                    }
                )
        self.log(file_format, len(rows))
        extension, content_type = EXPORT_FORMATS[file_format]
        if file_format == "xlsx":
            body = tabular.xlsx_bytes(self.title, columns, rows)
        else:
            body = tabular.csv_bytes(
                columns, rows, "cp932" if file_format == "csv-sjis" else "utf-8-sig"
            )
        response = HttpResponse(body, content_type=content_type)
        name = quote(
            f"{self.title}_{self.municipality.name}_{timezone.localdate():%Y%m%d}.{extension}"
        )
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
        return response

    def query_with(self, **changes: str) -> str:
        """The same filter in another format (urlencoded, without the leading "?")."""
        query = self.request.GET.copy()
        for key, value in changes.items():
            query[key] = value
        return query.urlencode()

    def table(self, ids: list[int]) -> tuple[Sequence[str], list[list[tabular.Cell]]]:
        return flat.FLAT_COLUMNS, flat.flat_rows(sheet_resources(self.municipality, ids))

    def log(self, file_format: str, count: int) -> None:
        ExportLog.objects.create(
            municipality=self.municipality, kind=self.kind, file_format=file_format,
            filters=self.request.GET.urlencode()[:1000], row_count=count, created_by=cast(User, self.request.user),
        )  # fmt: skip


class StandardExportView(FlatExportView):
    """The current filter as a 自治体標準-style CSV of public data only (see standard_csv.py),
    for publishing as open data."""

    title = "地域資源_自治体標準形式"
    kind = "resources_standard"
    formats = ("csv", "csv-sjis")

    def table(self, ids: list[int]) -> tuple[Sequence[str], list[list[tabular.Cell]]]:
        wanted = set(ids)
        resources = [r for r in selectors.public_resources(self.municipality) if r.pk in wanted]
        return standard_csv.STANDARD_COLUMNS, standard_csv.standard_rows(
            self.municipality, resources
        )
