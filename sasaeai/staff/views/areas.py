"""Staff screens for areas, towns and population (all under /staff/<lgcode>/)."""

from functools import cached_property
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView

from sasaeai.accounts.constants import Perm
from sasaeai.accounts.permissions import MunicipalityPermissionMixin, may_see_personal
from sasaeai.areas import selectors, services
from sasaeai.areas.constants import AGING_RATE_DENOMINATOR_NOTE, NO_AREA_FIGURES, NO_TOWN_FIGURES
from sasaeai.areas.models import Area, CoordinatorDesk, Town
from sasaeai.areas.selectors import is_public_desk
from sasaeai.core.access_log import record_personal_access
from sasaeai.core.form_views import FormPageView
from sasaeai.core.home_blocks import home_blocks
from sasaeai.core.moments import MomentMixin
from sasaeai.utils.forms import int_or_none
from sasaeai.utils.wareki import to_wareki

from ..forms import AreaCreateForm, AreaEditForm, AreaRetireForm, AreaTownsForm
from ..home import is_member_home


class PopulationContextMixin(MomentMixin, MunicipalityPermissionMixin):
    """The population of the newest 調査日 up to the chosen moment (「いつの数字か」), so every
    page states which date its figures are for."""

    @cached_property
    def population(self) -> selectors.MunicipalPopulation | None:
        as_of = selectors.latest_population_date(self.municipality, on=self.last_day)
        return selectors.population_on(self.municipality, as_of) if as_of else None

    @cached_property
    def towns(self) -> dict[int, selectors.PopulationFigures]:
        return self.population.towns if self.population else {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        population = self.population
        context["population"] = population
        context["population_date"] = population.as_of if population else None
        context["aging_rate_note"] = AGING_RATE_DENOMINATOR_NOTE
        context["no_area_figures"] = NO_AREA_FIGURES
        context["no_town_figures"] = NO_TOWN_FIGURES
        context["can_manage_areas"] = self.can(Perm.MANAGE_AREAS)
        if population and not population.by_town:
            # Where the town rows are, so the user can pick that date instead.
            context["town_date"] = selectors.latest_population_date(
                self.municipality, on=population.as_of, by_town=True
            )
        return context


class DashboardView(PopulationContextMixin, TemplateView):
    """The municipality's home: what to do today for this user (the blocks each app registers
    in core.home_blocks, a council member's own first), then the headline population figures
    and the areas."""

    template_name = "areas/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        # The blocks are always about today: the moment picker changes only the figures.
        context["blocks"] = home_blocks(
            user,
            self.municipality,
            timezone.localdate(),
            member=is_member_home(user, self.municipality),
        )
        context["figures"] = self.population.whole if self.population else None
        context["layer2_count"] = (
            Area.objects.current().layer2().filter(municipality=self.municipality).count()
        )
        context["town_count"] = self.municipality.towns.count()
        return context


class AreaListView(PopulationContextMixin, TemplateView):
    """Layer-1 areas with their 日常生活圏域 and population, in 50音順."""

    template_name = "areas/area_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figures = selectors.area_sums(self.municipality, self.towns) if self.towns else {}
        rows = []
        for layer1 in selectors.layer1_areas(self.municipality):
            children = [(child, figures.get(child.pk)) for child in layer1.children.all()]
            rows.append((layer1, figures.get(layer1.pk), children))
        context["rows"] = rows
        return context


class AreaDetailView(PopulationContextMixin, DetailView):
    """One area: its towns with 65+, 75+, 85+ and aging rate, and a total row."""

    template_name = "areas/area_detail.html"
    context_object_name = "area"

    def get_queryset(self):
        return Area.objects.filter(municipality=self.municipality).select_related("parent")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        per_town = self.towns
        towns = list(selectors.towns_of(self.object).select_related("area"))
        context["town_rows"] = [(town, per_town.get(town.pk)) for town in towns]
        known = [per_town[town.pk] for town in towns if town.pk in per_town]
        context["total"] = selectors.sum_figures(known) if known else None
        context["children"] = self.object.children.current().order_by("kana_key", "name")
        context.update(self.desk_context(self.object))
        return context

    def desk_context(self, area: Area) -> dict[str, Any]:
        """The area's 生活支援コーディネーターの連絡先: every desk, one not public without its
        person, phone and e-mail for those who may not see personal data (issue #21), and
        whether residents see the layer-1 area's desks instead (it has no public one of its
        own: areas.selectors.public_desks). One query, the parent's desks read with its own."""
        both = CoordinatorDesk.objects.filter(area_id__in=[area.pk, area.parent_id or area.pk])
        desks = [d for d in both if d.area_id == area.pk]
        personal = may_see_personal(self.request.user, self.municipality)
        private = [
            d for d in desks if not is_public_desk(d) and (d.person_name or d.phone or d.email)
        ]
        if personal and private:
            record_personal_access(
                user=self.request.user, municipality=self.municipality,
                what=_("圏域「%(area)s」のコーディネーターの連絡先") % {"area": area.name},
                count=len(private), path=self.request.get_full_path(),
            )  # fmt: skip
        return {
            "desks": [(desk, personal or is_public_desk(desk)) for desk in desks],
            "can_edit_desks": area.valid_to is None and self.can(Perm.EDIT_AREA, area),
            "parent_desks_shown": not any(is_public_desk(d) for d in desks)
            and any(is_public_desk(d) for d in both if d.area_id != area.pk),
        }


# --- 日常生活圏域の登録・町丁目の割当・廃止 -------------------------------------------------------


class AreaFormView(MunicipalityPermissionMixin, FormPageView):
    """A 圏域 form (core.form_views.FormPageView), for MANAGE_AREAS: the municipal admin and
    the layer-1 coordinator."""

    permission = Perm.MANAGE_AREAS
    area: Area | None = None

    def load(self) -> None:
        if "pk" in self.kwargs:
            current = Area.objects.current().layer2().select_related("parent")
            self.area = get_object_or_404(
                current, municipality=self.municipality, pk=self.kwargs["pk"]
            )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["area"] = self.area
        return context


class AreaCreateView(AreaFormView):
    template_name = "areas/area_form.html"

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        parent = int_or_none(self.request.GET.get("parent"))
        return AreaCreateForm(
            data, files, municipality=self.municipality, initial={"parent": parent}
        )

    def save(self, form: Any) -> HttpResponse:
        data = form.cleaned_data
        area = services.layer2_area_create(
            municipality=self.municipality,
            parent=data["parent"] or self.make_form().single_parent,  # type: ignore[attr-defined]
            name=data["name"],
            kana=data["kana"],
            boundary=data.get("boundary", ""),
            valid_from=data["valid_from"],
            user=self.request.user,
        )
        messages.success(
            self.request,
            _("日常生活圏域「%(name)s」を登録しました。続けて町丁目を割り当ててください。")
            % {"name": area.name},
        )
        return redirect("areas:area_towns", lgcode=self.municipality.code, pk=area.pk)


class AreaEditView(AreaFormView):
    template_name = "areas/area_form.html"

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        assert self.area is not None
        initial = {"name": self.area.name, "kana": self.area.kana}
        return AreaEditForm(data, files, initial=initial)

    def save(self, form: Any) -> HttpResponse:
        data = form.cleaned_data
        assert self.area is not None
        area = services.layer2_area_update(
            area=self.area,
            name=data["name"],
            kana=data["kana"],
            boundary=data.get("boundary", ""),
            clear_boundary=data["clear_boundary"],
            user=self.request.user,
        )
        messages.success(self.request, _("「%(name)s」を保存しました。") % {"name": area.name})
        return redirect("areas:area_detail", lgcode=self.municipality.code, pk=area.pk)


class AreaTownsView(AreaFormView):
    """The area's towns as a checklist of all the municipality's towns (the keyboard path),
    grouped by their current area with those without one first, and a map to click them on."""

    template_name = "areas/area_towns.html"

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return AreaTownsForm(data, municipality=self.municipality)

    def save(self, form: Any) -> HttpResponse:
        data = form.cleaned_data
        assert self.area is not None
        moves = services.area_towns_set(area=self.area, towns=data["towns"], user=self.request.user)
        messages.success(
            self.request,
            _("「%(area)s」に町丁目を%(added)d件加え、%(removed)d件外しました。")
            % {"area": self.area.name, "added": len(moves.added), "removed": len(moves.removed)},
        )
        return redirect("areas:area_towns", lgcode=self.municipality.code, pk=self.area.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        assert self.area is not None
        form = context["form"]
        towns = list(
            Town.objects.filter(municipality=self.municipality)
            .select_related("area")
            .order_by("kana_key", "name")
        )
        if form.is_bound:
            chosen = {int_or_none(v) for v in form.data.getlist("towns")}
        else:
            chosen = {t.pk for t in towns if t.area_id == self.area.pk}
        context.update(
            groups=selectors.towns_by_area(towns, self.area),
            chosen=chosen,
            others=Area.objects.current()
            .layer2()
            .filter(municipality=self.municipality)
            .exclude(pk=self.area.pk)
            .order_by("kana_key", "name"),
            town_points=[
                {"pk": t.pk, "name": t.name, "lat": t.latitude, "lng": t.longitude}
                for t in towns
                if t.latitude is not None and t.longitude is not None
            ],
            map_tile_url=settings.MAP_TILE_URL,
            map_attribution=settings.MAP_ATTRIBUTION,
            map_centre=(self.municipality.latitude or 35.68, self.municipality.longitude or 139.76),
        )
        return context


class AreaRetireView(AreaFormView):
    template_name = "areas/area_retire.html"

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        assert self.area is not None
        return AreaRetireForm(data, area=self.area)

    def save(self, form: Any) -> HttpResponse:
        data = form.cleaned_data
        assert self.area is not None
        moved = services.layer2_area_retire(
            area=self.area,
            retire_on=data["retire_on"],
            successor=data["successor"],
            user=self.request.user,
        )
        messages.success(
            self.request,
            _("「%(area)s」を%(day)sで廃止し、町丁目%(moved)d件を「%(to)s」に移しました。")
            % {
                "area": self.area.name,
                "day": to_wareki(data["retire_on"]),
                "moved": moved,
                "to": data["successor"].name,
            },
        )
        return redirect("areas:area_list", lgcode=self.municipality.code)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        assert self.area is not None
        context["town_count"] = Town.objects.filter(area=self.area).count()
        return context
