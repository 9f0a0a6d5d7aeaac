"""The coordinators' inbox of residents' requests (issue #26, point 3): the list, one request
with its steps and referrals, and the actions on it. Names, phones, e-mails and messages are
personal data: every page showing them is written to the access log (core.access_log). A
layer-2 coordinator sees the requests of their 圏域 and those with no 圏域 yet (the rule of
accounts.permissions.in_scope)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from sasaeai.accounts.constants import Perm
from sasaeai.accounts.permissions import MunicipalityPermissionMixin, edit_scope
from sasaeai.areas.constants import Layer
from sasaeai.areas.models import Area
from sasaeai.core.access_log import record_personal_access
from sasaeai.core.form_views import ActionView, FormPageView, PostedFormMixin
from sasaeai.resources.constants import ResourceStatus
from sasaeai.resources.models import Organization, Resource

from . import services
from .constants import NEXT_STATUSES, OPEN_STATUSES, Channel, RequestKind, RequestStatus, TimeOfDay
from .forms import AreaForm, MoveForm, ReferralForm, RequestForm, SettleForm
from .models import Referral, ResidentRequest


def requests_of(user: Any, municipality: Any) -> QuerySet[ResidentRequest]:
    """The requests a user may handle: a layer-2 coordinator those of their 圏域 only (one with
    no 圏域 yet is for layer 1 and the admin, who place it: 「圏域を決める」)."""
    rows = ResidentRequest.objects.filter(municipality=municipality)
    scope = edit_scope(user, municipality)
    return rows if scope is None else rows.filter(area_id__in=scope)


class InboxMixin(MunicipalityPermissionMixin):
    # The inbox is names and phone numbers: the personal-data permission (coordinators and
    # the municipal admin), not the menu's reading right.
    permission = Perm.PERSONAL_DATA

    def requests(self) -> QuerySet[ResidentRequest]:
        return requests_of(self.request.user, self.municipality)


class InboxView(InboxMixin, TemplateView):
    template_name = "residents/inbox.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        page = response.context_data["page"]  # type: ignore[attr-defined]
        record_personal_access(
            user=request.user, municipality=self.municipality, what=_("住民からの申し込みの一覧"),
            count=sum(1 for r in page if r.erased_at is None), path=request.get_full_path(),
        )  # fmt: skip
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        rows = self.requests().select_related("resource", "area", "volunteer_role")
        shown = self.request.GET.get("status", "open")
        if shown == "open":
            # An erased request can take no step: it is not waiting for anyone.
            rows = rows.filter(status__in=OPEN_STATUSES, erased_at__isnull=True)
        elif shown in RequestStatus.values:
            rows = rows.filter(status=shown)
        else:
            shown = "all"
        page = Paginator(rows, 50).get_page(self.request.GET.get("page"))
        context.update(
            page=page,
            shown=shown,
            statuses=RequestStatus.choices,
            today=timezone.localdate(),
        )
        return context


class RequestPageView(InboxMixin, TemplateView):
    """One request: who, what they hope for, its steps, its referrals and the forms."""

    template_name = "residents/request.html"
    item: ResidentRequest

    def load(self) -> None:
        self.item = get_object_or_404(self.requests(), pk=self.kwargs["pk"])

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load()
        return super().get(request, *args, **kwargs)

    def resource_choices(self) -> list[tuple[int, str]]:
        """Where a coordinator may refer someone: any resource not ended (a non-public one too:
        a coordinator may know a place residents cannot look up)."""
        rows = (
            Resource.objects.filter(municipality=self.municipality)
            .exclude(status=ResourceStatus.ENDED)
            .order_by("kana_key")
        )
        return list(rows.values_list("pk", "name"))

    def organization_choices(self) -> list[tuple[int, str]]:
        rows = Organization.objects.filter(municipality=self.municipality).order_by("kana_key")
        return list(rows.values_list("pk", "name"))

    def area_choices(self) -> list[tuple[int, str]]:
        return [(a.pk, a.name) for a in Area.objects.layer2().current().filter(
            municipality=self.municipality
        ).order_by("kana_key", "name")]  # fmt: skip

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        item = self.item
        # Logged wherever the page is drawn: opened, or shown again after a refused step.
        record_personal_access(
            user=self.request.user, municipality=self.municipality,
            what=_("住民からの申し込み"), count=0 if item.erased_at else 1,
            path=self.request.get_full_path(),
        )  # fmt: skip
        context.setdefault("move_form", MoveForm(current=item.status))
        context.setdefault("area_form", AreaForm(areas=self.area_choices()))
        context.setdefault(
            "referral_form",
            ReferralForm(
                resources=self.resource_choices(), organizations=self.organization_choices()
            ),
        )
        context.update(
            item=item,
            weekdays="".join("月火水木金土日"[d] for d in item.preferred_days),
            times=[label for value, label in TimeOfDay.choices if value in item.preferred_times],
            steps=item.status_changes.select_related("changed_by"),
            referrals=item.referrals.select_related("resource", "organization", "made_by"),
            settle_form=SettleForm(),
            can_move=item.erased_at is None and bool(NEXT_STATUSES.get(item.status)),
            # 「圏域を決める」: for those not limited to one 圏域 (layer 1, the admin).
            can_place=edit_scope(self.request.user, self.municipality) is None,
        )
        return context


class RequestMoveView(PostedFormMixin, RequestPageView, FormPageView):
    form_name = "move_form"

    def make_form(self, data: Any = None, files: Any = None) -> MoveForm:
        return MoveForm(data, current=self.item.status)

    def change(self, data: dict[str, Any]) -> str:
        services.request_move(
            request=self.item, status=data["status"], by=self.request.user,
            reason=data["reason"], note=data["note"], follow_up_on=data["follow_up_on"],
        )  # fmt: skip
        return _("状況を「%(status)s」にしました。") % {"status": self.item.get_status_display()}

    def success_url(self) -> str:
        return reverse("residents:request", args=[self.municipality.code, self.item.pk])


class ReferralAddView(PostedFormMixin, RequestPageView, FormPageView):
    form_name = "referral_form"

    def make_form(self, data: Any = None, files: Any = None) -> ReferralForm:
        return ReferralForm(
            data, resources=self.resource_choices(), organizations=self.organization_choices()
        )

    def change(self, data: dict[str, Any]) -> str:
        resource = organization = None
        if data["resource"] is not None:
            resource = Resource.objects.filter(
                municipality=self.municipality, pk=data["resource"]
            ).first()
        if data["organization"] is not None:
            organization = Organization.objects.filter(
                municipality=self.municipality, pk=data["organization"]
            ).first()
        services.referral_make(
            request=self.item, by=self.request.user, resource=resource,
            organization=organization, note=data["note"],
        )  # fmt: skip
        return _("紹介を記録しました。")

    def success_url(self) -> str:
        return reverse("residents:request", args=[self.municipality.code, self.item.pk])


class RequestAreaView(PostedFormMixin, RequestPageView, FormPageView):
    """「圏域を決める」 for a request that came without one."""

    form_name = "area_form"

    def load(self) -> None:
        # Before looking the request up: one with no 圏域 is not in a layer-2 SC's list (a 404
        # would say less than that placing requests is layer 1's and the admin's work).
        if edit_scope(self.request.user, self.municipality) is not None:
            raise PermissionDenied(
                _("圏域を決められるのは、第1層のコーディネーターと市町村管理者です。")
            )
        super().load()

    def make_form(self, data: Any = None, files: Any = None) -> AreaForm:
        return AreaForm(data, areas=self.area_choices())

    def change(self, data: dict[str, Any]) -> str:
        area = Area.objects.filter(municipality=self.municipality, pk=data["area"]).first()
        services.request_place_in_area(request=self.item, area=area, by=self.request.user)
        return _("圏域を「%(area)s」にしました。その圏域のコーディネーターに知らせました。") % {
            "area": area.name if area else ""
        }

    def success_url(self) -> str:
        return reverse("residents:request", args=[self.municipality.code, self.item.pk])


class ReferralSettleView(InboxMixin, ActionView):
    def load(self) -> None:
        self.referral = get_object_or_404(
            Referral.objects.filter(request__in=self.requests()), pk=self.kwargs["pk"]
        )

    def act(self) -> HttpResponse:
        form = SettleForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError(_("結果を選んでください。"))
        services.referral_settle(
            referral=self.referral, outcome=form.cleaned_data["outcome"], by=self.request.user
        )
        messages.success(self.request, _("紹介の結果を記録しました。"))
        return HttpResponseRedirect(self.refused_url())

    def refused_url(self) -> str:
        return reverse("residents:request", args=[self.municipality.code, self.referral.request_id])


class RequestEraseView(InboxMixin, ActionView):
    """本人の求めによる消去: the personal fields go from the request and its history."""

    def load(self) -> None:
        self.item = get_object_or_404(self.requests(), pk=self.kwargs["pk"])

    def act(self) -> HttpResponse:
        if self.request.POST.get("confirmed") != "1":
            raise ValidationError(
                _("消去するときは「本人から消去を求められた」にチェックを入れてください。")
            )
        services.request_erase(request=self.item, by=self.request.user)
        messages.success(
            self.request, _("この申し込みの個人情報を消去しました。件数と経過は残ります。")
        )
        return HttpResponseRedirect(self.refused_url())

    def refused_url(self) -> str:
        return reverse("residents:request", args=[self.municipality.code, self.item.pk])


class DeskRequestView(InboxMixin, FormPageView):
    """A coordinator takes a request down at a desk or on the phone (a 相談 with consent). A
    layer-2 coordinator is offered the towns of their 圏域 only, and a request without a town
    is theirs: it is placed in their (first) 圏域."""

    template_name = "residents/desk_request.html"

    @cached_property
    def scope(self) -> frozenset[int] | None:
        return edit_scope(self.request.user, self.municipality)

    def towns(self) -> list[tuple[int, str]]:
        return services.town_choices(self.municipality, self.scope)

    def make_form(self, data: Any = None, files: Any = None) -> RequestForm:
        return RequestForm(
            data, towns=self.towns(), initial={"kind": RequestKind.CONSULT}, desk=True
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["consent_sentence"] = services.consent_sentence(
            self.municipality, None, RequestKind.CONSULT
        )
        return context

    def save(self, form: RequestForm) -> HttpResponse:
        data = form.cleaned_data
        town = services.town_of(self.municipality, data["town"])
        area = None
        if town is None and self.scope:
            area = Area.objects.filter(pk__in=self.scope, layer=Layer.SECOND).order_by("pk").first()
        item = services.request_receive(
            municipality=self.municipality, kind=data["kind"], name=data["name"],
            phone=data["phone"], email=data["email"], town=town, area=area,
            preferred_days=data["preferred_days"], preferred_times=data["preferred_times"],
            transport_needed=form.transport_needed(), message=data["message"],
            consented=data["consent"], channel=Channel.DESK, by=self.request.user,
        )  # fmt: skip
        messages.success(self.request, _("申し込みを受け付けました。"))
        return HttpResponseRedirect(
            reverse("residents:request", args=[self.municipality.code, item.pk])
        )
