"""Resources entered twice: the list of likely pairs and the side-by-side merge."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from sasaeai.accounts.permissions import MunicipalityPermissionMixin, may_edit_in
from sasaeai.core.access_log import record_personal_access
from sasaeai.core.form_views import ActionView
from sasaeai.utils.wareki import to_wareki

from .. import duplicates, scheduling, selectors, services
from ..models import Resource
from ..personal import is_private_address
from .resources import resource_areas


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


class MergeView(MunicipalityPermissionMixin, ActionView, TemplateView):
    """Compare two resources side by side; POST merges `other` into `pk` (the one kept)."""

    # why: the comparison page (GET) and its 統合する button (POST) share one URL, so this
    # ActionView also answers GET with the page; a refusal is shown on that page.
    http_method_names = ["get", "post"]
    template_name = "resources/merge.html"

    def load(self) -> None:
        self.keep, self.other = self.pair()

    def pair(self) -> tuple[Resource, Resource]:
        keep = self.resource(self.kwargs["pk"])
        other = self.resource(self.kwargs["other"])
        if keep.pk == other.pk:
            raise Http404
        if not may_merge(self.request.user, self.municipality, keep, other):
            raise PermissionDenied(_("担当外の圏域の地域資源は統合できません。"))
        return keep, other

    def resource(self, pk: int) -> Resource:
        try:
            return selectors.resource_detail(self.municipality, pk)
        except Resource.DoesNotExist as error:
            raise Http404 from error

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load()
        # Only editors get here (all may see personal data); the comparison shows the venues'
        # addresses, a private home's among them: one access-log row when it did.
        homes = sum(
            any(is_private_address(link.location) for link in r.service_locations.all())
            for r in (self.keep, self.other)
        )
        record_personal_access(
            user=request.user, municipality=self.municipality,
            what=_("地域資源の統合（「%(keep)s」と「%(other)s」）")
            % {"keep": self.keep.name, "other": self.other.name},
            count=homes, path=request.get_full_path(),
        )  # fmt: skip
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        keep, other = self.keep, self.other
        context.update(keep=keep, other=other, rows=comparison_rows(keep, other))
        return context

    def act(self) -> HttpResponse:
        keep, other = self.keep, self.other
        other_name = other.name
        services.resource_merge(keep=keep, duplicate=other, user=self.request.user)
        messages.success(
            self.request,
            _("「%(other)s」を「%(keep)s」に統合しました。変更履歴に残っています。")
            % {"other": other_name, "keep": keep.name},
        )
        return redirect("resources:detail", lgcode=self.municipality.code, pk=keep.pk)


def comparison_rows(keep: Resource, other: Resource) -> list[tuple[str, str, str]]:
    """(label, kept value, merged value) for the fields people compare."""

    def venues(r: Resource) -> str:
        return "、".join(
            _("%(name)s（%(address)s）")
            % {"name": link.location.name, "address": link.location.address or _("住所なし")}
            for link in r.service_locations.all()
        )

    def schedules(r: Resource) -> str:
        return "、".join(scheduling.describe(scheduling.spec_of(s)) for s in r.schedules.all())

    def verified(r: Resource) -> str:
        return to_wareki(r.last_verified_on) if r.last_verified_on else _("未確認")

    getters = [
        (_("名称"), lambda r: r.name),
        (_("ふりがな"), lambda r: r.kana),
        (_("種類"), lambda r: r.get_kind_display()),
        (_("状態"), lambda r: r.get_status_display()),
        (_("運営主体"), lambda r: r.organization.name if r.organization else ""),
        (_("会場"), venues),
        (_("開催予定"), schedules),
        (_("最終確認日"), verified),
    ]
    return [(label, str(get(keep)), str(get(other))) for label, get in getters]
