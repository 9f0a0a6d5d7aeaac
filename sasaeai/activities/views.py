"""Screens of the activity log (coordinators and admins of the municipality only): the list
with filters, the quick entry with its つなぎ, the つなぎ list with their status, and the monthly
and 年度 summary with its xlsx. The log's free text may name residents (personal data, issue
#21): the pages showing it write the access log; the summary and its xlsx hold counts only."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from sasaeai.accounts.constants import Perm
from sasaeai.accounts.models import User
from sasaeai.accounts.permissions import (
    MunicipalityPermissionMixin,
    active_assignments,
    has_perm,
)
from sasaeai.areas.models import Area
from sasaeai.core.access_log import record_personal_access
from sasaeai.core.form_views import ActionView, FormPageView
from sasaeai.core.templatetags.sasaeai import field_error
from sasaeai.core.versioning import add_version_field, expected_version
from sasaeai.utils.fiscal_year import current_fiscal_year, format_fiscal_year, recent_fiscal_years
from sasaeai.utils.forms import apply_errors, int_or_none
from sasaeai.utils.search import search_query
from sasaeai.utils.tabular import XLSX_TYPE, attachment_header
from sasaeai.utils.wareki import to_wareki

from . import exports, selectors, services
from .constants import ActivityKind, ConnectionPurpose, ConnectionStatus
from .forms import ActivityForm, ConnectionForm, StatusForm
from .models import Activity, Connection

YEARS_SHOWN = 6


class CoordinatorMixin(MunicipalityPermissionMixin):
    permission = Perm.COORDINATE

    def years(self) -> list[tuple[int, str]]:
        return recent_fiscal_years(YEARS_SHOWN)

    def chosen_year(self) -> int:
        year = int_or_none(self.request.GET.get("year"))
        return year if year in dict(self.years()) else current_fiscal_year(timezone.localdate())


class ActivityListView(CoordinatorMixin, TemplateView):
    """The log itself: its free text (内容・結果) may name residents, so each page of it shown
    is in the access log."""

    template_name = "activities/activity_list.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        context = response.context_data  # type: ignore[attr-defined]
        shown = {a.pk for a in context["page"]} | {a.pk for a in context["follow_ups"]}
        record_personal_access(
            user=request.user, municipality=self.municipality, what=_("活動記録の一覧"),
            count=len(shown), path=request.get_full_path(),
        )  # fmt: skip
        return response

    def filters(self) -> selectors.ActivityFilters:
        q = self.request.GET
        month = int_or_none(q.get("month"))
        return selectors.ActivityFilters(
            fiscal_year=self.chosen_year(),
            month=month if month in selectors.FISCAL_MONTHS else None,
            kind=q.get("kind", "") if q.get("kind", "") in ActivityKind.values else "",
            area_id=int_or_none(q.get("area")),
            coordinator_id=int_or_none(q.get("coordinator")),
            query=search_query(q.get("q")).text,
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        filters = self.filters()
        activities = selectors.activity_list(self.municipality, filters)
        page = Paginator(activities, 50).get_page(self.request.GET.get("page"))
        context.update(
            filters=filters,
            page=page,
            years=self.years(),
            months=selectors.FISCAL_MONTHS,
            kinds=ActivityKind.choices,
            areas=Area.objects.current().layer2().filter(municipality=self.municipality),
            coordinators=User.objects.filter(activities__municipality=self.municipality)
            .distinct()
            .order_by("display_name", "username"),
            follow_ups=selectors.follow_ups(
                self.municipality, self.request.user, timezone.localdate()
            ),
            can_correct_all=has_perm(self.request.user, Perm.EDIT_AREA, self.municipality),
            search_note=search_query(self.request.GET.get("q")).note,
        )
        return context


def activity_input(data: dict[str, Any]) -> services.ActivityInput:
    """The service's input from the form: the main area first, then the others."""
    areas = ([data["area"]] if data["area"] else []) + [
        a for a in data["other_areas"] if a != data["area"]
    ]
    return services.ActivityInput(
        done_on=data["done_on"], kind=data["kind"], summary=data["summary"],
        minutes=data["minutes"], areas=areas, organizations=list(data["organizations"]),
        resources=list(data["resources"]), people=data["people"], outcome=data["outcome"],
        follow_up_on=data["follow_up_on"],
    )  # fmt: skip


class ActivityCreateView(CoordinatorMixin, FormPageView):
    """Quick entry: 日付・種類・圏域・内容・時間 (the user's own area by default); the rest folded."""

    template_name = "activities/activity_form.html"
    connection: ConnectionForm

    def my_area(self) -> Area | None:
        for assignment in active_assignments(self.request.user):
            if assignment.municipality_id == self.municipality.pk and assignment.area_id:
                return assignment.area
        return None

    def make_form(self, data: Any = None, files: Any = None) -> ActivityForm:
        """The activity's form; the folded つなぎ form beside it (self.connection)."""
        self.connection = ConnectionForm(data, municipality=self.municipality)
        return ActivityForm(data, municipality=self.municipality, initial={"area": self.my_area()})

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["connection"] = self.connection
        return context

    def save(self, form: ActivityForm) -> HttpResponse:
        connection = self.connection
        if not connection.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            made = [self.connection_input(connection)] if connection.wanted() else []
            activity = services.activity_record(
                municipality=self.municipality, coordinator=self.request.user,
                values=activity_input(form.cleaned_data), connections=made, user=self.request.user,
            )  # fmt: skip
        except ValidationError as error:
            if not set(getattr(error, "error_dict", {})) & set(connection.fields):
                raise  # the base puts it on the activity's form
            apply_errors(connection, error)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        text = _("活動を記録しました（%(day)s・%(kind)s）。") % {
            "day": to_wareki(activity.done_on),
            "kind": activity.get_kind_display(),
        }
        if made:
            text += _("つなぎを1件登録しました。")
        messages.success(self.request, text)
        return redirect("activities:list", lgcode=self.municipality.code)

    def connection_input(self, connection: ConnectionForm) -> services.ConnectionInput:
        data = connection.cleaned_data
        return services.ConnectionInput(
            source=services.actor_of(self.municipality, data["source"], "source"),
            target=services.actor_of(self.municipality, data["target"], "target"),
            purpose=data["purpose"],
            status=data["status"],
            note=data["note"],
        )


class ConnectionListView(CoordinatorMixin, TemplateView):
    """The つなぎ: between organisations and resources, but a つなぎ's メモ may name the
    resident who was referred, so a page showing memos is in the access log."""

    template_name = "activities/connection_list.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        page = response.context_data["page"]  # type: ignore[attr-defined]
        record_personal_access(
            user=request.user, municipality=self.municipality, what=_("つなぎの一覧（メモ）"),
            count=sum(1 for c in page if c.note), path=request.get_full_path(),
        )  # fmt: skip
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        connections = (
            Connection.objects.filter(municipality=self.municipality)
            .select_related(
                "from_organization", "from_resource", "to_organization", "to_resource", "activity"
            )
            .prefetch_related("status_changes")
            .order_by("-made_on", "-pk")
        )
        status = self.request.GET.get("status", "")
        if status in ConnectionStatus.values:
            connections = connections.filter(status=status)
        page = Paginator(
            connections.select_related("municipality").prefetch_related("activity__areas"),
            50,
        ).get_page(self.request.GET.get("page"))
        context.update(
            page=page,
            # The status form only where the service lets the user change it.
            changeable={c.pk for c in page if services.may_change_connection(c, self.request.user)},
            statuses=ConnectionStatus.choices,
            purposes=ConnectionPurpose.choices,
            status=status,
            today=timezone.localdate(),
        )
        return context


class ConnectionStatusView(CoordinatorMixin, ActionView):
    """POST from the つなぎ list: the next status of one つなぎ, dated."""

    connection: Connection

    def load(self) -> None:
        self.connection = get_object_or_404(
            Connection, municipality=self.municipality, pk=self.kwargs["pk"]
        )
        if not services.may_change_connection(self.connection, self.request.user):
            raise PermissionDenied(_("担当していない圏域のつなぎは変えられません。"))

    def act(self) -> HttpResponse:
        form = StatusForm(self.request.POST)
        if not form.is_valid():
            # Named once, as in a form's summary: 「日付を入力してください。」, 「状態: …」.
            raise ValidationError(
                [
                    field_error(
                        " ".join(str(e) for e in errors),
                        str(form.fields[field].label) if field in form.fields else "",
                    )
                    for field, errors in form.errors.items()
                ]
            )
        try:
            services.connection_set_status(
                connection=self.connection, status=form.cleaned_data["status"],
                on=form.cleaned_data["changed_on"], user=self.request.user,
            )  # fmt: skip
        except ValidationError as error:
            # One message, as the list has always shown it.
            raise ValidationError(" ".join(error.messages)) from error
        messages.success(self.request, _("つなぎの状態を変えました。"))
        return redirect(self.refused_url())

    def refused_url(self) -> str:
        """The つなぎ list, done or refused (not the page the button was on: the same list)."""
        return reverse("activities:connections", args=[self.municipality.code])


class SummaryView(CoordinatorMixin, TemplateView):
    template_name = "activities/summary.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = self.chosen_year()
        result = selectors.summary(self.municipality, year)
        kinds = ActivityKind.choices
        context.update(
            summary=result,
            year=year,
            years=self.years(),
            kinds=kinds,
            month_rows=[
                (
                    month,
                    [result.by_month.get((month, k)) for k, _label in kinds],
                    result.month_total(month),
                )
                for month in selectors.FISCAL_MONTHS
            ],
            kind_totals=[result.kind_total(k) for k, _label in kinds],
            area_rows=[
                (area, [result.by_area.get((area, k)) for k, _label in kinds])
                for area in result.areas
            ],
        )
        return context


class SummaryExportView(CoordinatorMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        year = self.chosen_year()
        content = exports.summary_xlsx(selectors.summary(self.municipality, year))
        name = f"活動記録の集計_{self.municipality.name}_{format_fiscal_year(year)}.xlsx"
        response = HttpResponse(content, content_type=XLSX_TYPE)
        response["Content-Disposition"] = attachment_header(name)
        return response


class ActivityEditView(CoordinatorMixin, FormPageView):
    """Correct an activity: the coordinator who recorded it, or the municipal admin and the
    layer-1 coordinator. History keeps what it said before."""

    template_name = "activities/activity_edit.html"
    activity: Activity

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # The form shows the record's 関わった人 and free text: one access-log row. A refused
        # save shows back what its user has just typed, which is no new look at the record.
        response = super().get(request, *args, **kwargs)
        record_personal_access(
            user=request.user, municipality=self.municipality, what=_("活動記録（直す画面）"),
            count=1, path=request.get_full_path(),
        )  # fmt: skip
        return response

    def load(self) -> None:
        activity = get_object_or_404(Activity, municipality=self.municipality, pk=self.kwargs["pk"])
        if not services.may_correct_activity(activity, self.request.user):
            raise PermissionDenied
        self.activity = activity

    def make_form(self, data: Any = None, files: Any = None) -> ActivityForm:
        activity = self.activity
        areas = list(activity.areas.all())
        initial = {
            "done_on": activity.done_on, "kind": activity.kind, "summary": activity.summary,
            "minutes": activity.minutes, "area": areas[0] if areas else None,
            "other_areas": areas[1:], "organizations": list(activity.organizations.all()),
            "resources": list(activity.resources.all()), "people": activity.people,
            "outcome": activity.outcome, "follow_up_on": activity.follow_up_on,
        }  # fmt: skip
        form = ActivityForm(data, municipality=self.municipality, initial=initial)
        add_version_field(form, activity)
        return form

    def save(self, form: ActivityForm) -> HttpResponse:
        services.activity_update(
            activity=self.activity, values=activity_input(form.cleaned_data),
            expected_version=expected_version(form), user=self.request.user,
        )  # fmt: skip
        messages.success(self.request, _("活動記録を直しました。"))
        return redirect("activities:list", lgcode=self.municipality.code)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["activity"] = self.activity
        return context
