"""Coordinator screens of resources: the list, a resource's page, its form, checks and bulk
actions (/staff/<lgcode>/resources/...)."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from sasaeai.accounts.constants import Perm
from sasaeai.accounts.permissions import (
    MunicipalityPermissionMixin,
    edit_scope,
    may_edit_in,
    may_see_personal,
)
from sasaeai.areas.models import Area, Town
from sasaeai.core.access_log import record_personal_access
from sasaeai.core.form_views import ActionView, FormPageView, on_this_site
from sasaeai.core.versioning import expected_version
from sasaeai.utils.forms import int_or_none
from sasaeai.utils.search import search_query

from .. import duplicates, scheduling, selectors, services
from ..constants import (
    Activity,
    FrequencyBand,
    ResourceKind,
    ResourceStatus,
    SupportType,
    VerificationMethod,
)
from ..forms import (
    BulkForm,
    ResourceForm,
    ReviewClearForm,
    ScheduleForm,
    ScheduleFormSet,
    VerifyForm,
)
from ..home import my_areas
from ..models import Resource, SourceId
from ..personal import contacts_shown, holds_personal, venue_for
from .locations import editable_locations

PAGE_SIZES = (50, 100, 500)


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
            query=search_query(q.get("q")).text,
            areas=areas,
            town_id=int_or_none(q.get("town")),
            kind=q.get("kind", ""),
            activity=q.get("activity", ""),
            support_type=q.get("support", ""),
            status=q.get("status", ""),
            frequency_band=q.get("band", ""),
            needs_check=q.get("check") == "1",
            needs_position=q.get("position") == "1",
            needs_review=q.get("review") == "1",
            ordering=q.get("order", "kana"),
        )

    def my_areas(self) -> tuple[Area, ...]:
        """The areas on the user's role assignments here (none = the whole municipality)."""
        return my_areas(self.request.user, self.municipality)

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
            search_note=search_query(self.request.GET.get("q")).note,
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
        schedules = [(s, scheduling.spec_of(s)) for s in resource.schedules.all()]
        # Private contacts and a private home's address only for those who may see personal
        # data (resources.personal), and each showing of them goes to the access log.
        personal = may_see_personal(self.request.user, self.municipality)
        if personal:
            record_personal_access(
                user=self.request.user, municipality=self.municipality,
                what=_("地域資源「%(name)s」の詳細") % {"name": resource.name},
                count=int(holds_personal(resource)), path=self.request.get_full_path(),
            )  # fmt: skip
        context.update(
            resource=resource,
            see_personal=personal,
            contacts=contacts_shown(resource, personal),
            venues=[
                venue_for(link.location, personal) for link in resource.service_locations.all()
            ],
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
            review_form=ReviewClearForm(resource=resource),
            # 「出典の識別子」: the ids source files gave it (a re-import finds it by them).
            source_ids=SourceId.objects.filter(resource=resource).order_by("source", "value"),
            stale_before=selectors.stale_before(self.municipality),
            # 担い手募集: open ones first, each group in the order they were posted.
            roles=sorted(resource.volunteer_roles.all(), key=lambda r: (not r.is_open, r.pk)),
        )
        return context


class ResourceFormView(MunicipalityPermissionMixin, FormPageView):
    """Create (no pk) or edit a resource with its schedules and venues."""

    template_name = "resources/resource_form.html"
    resource: Resource | None = None
    formset: Any = None

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
            raise PermissionDenied(_("この地域資源を編集する権限がありません。"))

    def make_form(self, data: Any = None, files: Any = None) -> Any:
        """The resource's form; its schedules' formset beside it (self.formset)."""
        initial = []
        if self.resource is not None and data is None:
            initial = [
                ScheduleForm.initial_from(scheduling.spec_of(s))
                for s in self.resource.schedules.all()
            ]
        self.formset = ScheduleFormSet(data, prefix="schedules", initial=initial)
        return ResourceForm(
            data,
            instance=self.resource,
            municipality=self.municipality,
            scope=edit_scope(self.request.user, self.municipality),
        )

    def save(self, form: ResourceForm) -> HttpResponse:
        if not self.formset.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        candidates = self.duplicate_candidates(form)
        if candidates and not self.request.POST.get("not_duplicate"):
            # Not a refusal: the page asks whether it is one of these (200, input kept).
            return self.render_to_response(self.get_context_data(form=form, duplicates=candidates))
        resource = services.resource_save(
            municipality=self.municipality,
            user=self.request.user,
            data=form.to_input(self.formset.specs()),
            resource=self.resource,
            expected_version=expected_version(form),
        )
        messages.success(self.request, _("「%(name)s」を保存しました。") % {"name": resource.name})
        return redirect("resources:detail", lgcode=self.municipality.code, pk=resource.pk)

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
        context["formset"] = self.formset
        context.setdefault("duplicates", [])
        return context


class ResourceActionView(MunicipalityPermissionMixin, ActionView):
    """A button on one resource, for those who may edit it where it meets."""

    resource: Resource
    refused = cast(str, gettext_lazy("この地域資源を編集する権限がありません。"))

    def load(self) -> None:
        self.resource = get_object_or_404(
            Resource.objects.prefetch_related("service_locations__location__area"),
            municipality=self.municipality,
            pk=self.kwargs["pk"],
        )
        if not may_edit_in(self.request.user, self.municipality, resource_areas(self.resource)):
            raise PermissionDenied(self.refused)


class VerifyView(ResourceActionView):
    """POST: record a verification of one resource."""

    refused = cast(str, gettext_lazy("この地域資源を確認済みにする権限がありません。"))

    def act(self) -> HttpResponse:
        form = VerifyForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError(_("確認方法を選んでください。"))
        try:
            services.resource_verify(
                resource=self.resource,
                user=self.request.user,
                method=form.cleaned_data["method"],
                on=form.cleaned_data.get("verified_on"),
                note=form.cleaned_data.get("note", ""),
            )
        except ValidationError as error:
            # One message, as the page has always shown it.
            raise ValidationError(" ".join(error.messages)) from error
        messages.success(
            self.request, _("「%(name)s」を確認済みにしました。") % {"name": self.resource.name}
        )
        return redirect(self.refused_url())

    def refused_url(self) -> str:
        """Back to where the button was (`next`: the list or the resource's page), done or not."""
        detail = reverse("resources:detail", args=[self.municipality.code, self.resource.pk])
        return on_this_site(self.request, self.request.POST.get("next", ""), detail)


class ReviewClearView(ResourceActionView):
    """POST: 「確認しました（要確認を外す）」, the import's review_reason read and dealt with."""

    def act(self) -> HttpResponse:
        form = ReviewClearForm(self.request.POST, resource=self.resource)
        form.is_valid()  # only the version, read by expected_version (none posted: a conflict)
        services.resource_review_clear(
            resource=self.resource, user=self.request.user, expected_version=expected_version(form)
        )
        messages.success(
            self.request, _("「%(name)s」の要確認を外しました。") % {"name": self.resource.name}
        )
        return redirect(self.refused_url())

    def refused_url(self) -> str:
        return reverse("resources:detail", args=[self.municipality.code, self.resource.pk])


class BulkActionView(MunicipalityPermissionMixin, ActionView):
    """POST from the list: verify or change the status of the checked resources."""

    resources: list[Resource]

    def load(self) -> None:
        if not may_edit_in(self.request.user, self.municipality, []):
            raise PermissionDenied(_("地域資源を編集する権限がありません。"))
        # int_or_none: a 31-digit "id" would overflow SQLite's integer (a 500), not find nothing.
        ids = [pk for i in self.request.POST.getlist("ids") if (pk := int_or_none(i)) is not None]
        self.resources = list(
            Resource.objects.filter(municipality=self.municipality, pk__in=ids).prefetch_related(
                "service_locations__location__area"
            )
        )

    def act(self) -> HttpResponse:
        request, resources = self.request, self.resources
        form = BulkForm(request.POST, allowed_ids=[r.pk for r in resources])
        if not form.is_valid():
            raise ValidationError(
                " ".join(str(m) for errors in form.errors.values() for m in errors)
            )
        if any(
            not may_edit_in(request.user, self.municipality, resource_areas(r)) for r in resources
        ):
            raise PermissionDenied(_("担当外の圏域の地域資源が含まれています。"))
        if form.cleaned_data["action"] == "verify":
            count = services.resources_bulk_verify(
                resources=resources,
                user=request.user,
                method=form.cleaned_data["method"] or VerificationMethod.PHONE,
            )
            messages.success(request, _("%(count)d件を確認済みにしました。") % {"count": count})
        else:
            count = services.resources_bulk_set_status(
                resources=resources, user=request.user, status=form.cleaned_data["status"]
            )
            messages.success(request, _("%(count)d件の状態を変えました。") % {"count": count})
        return redirect(self.refused_url())

    def refused_url(self) -> str:
        """The list with the filter it was showing, done or not."""
        query = self.request.POST.get("query_string", "")
        return reverse("resources:list", args=[self.municipality.code]) + "?" + query
