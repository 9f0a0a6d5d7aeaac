"""Staff screens for areas, towns and population (all under /staff/<lgcode>/)."""

from django.views.generic import DetailView, TemplateView

from sasaeai.accounts.permissions import MunicipalityPermissionMixin

from . import selectors
from .constants import AGING_RATE_DENOMINATOR_NOTE
from .models import Area


class PopulationContextMixin(MunicipalityPermissionMixin):
    """Adds the newest population date, so every page states which date its figures are for."""

    def population_date(self):
        if not hasattr(self, "_population_date"):
            self._population_date = selectors.latest_population_date(self.municipality)
        return self._population_date

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["population_date"] = self.population_date()
        context["aging_rate_note"] = AGING_RATE_DENOMINATOR_NOTE
        return context


class DashboardView(PopulationContextMixin, TemplateView):
    """The municipality's home: headline population figures and the areas."""

    template_name = "areas/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        as_of = self.population_date()
        if as_of:
            context["figures"] = selectors.municipality_population(self.municipality, as_of)
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
        as_of = self.population_date()
        figures = selectors.area_population(self.municipality, as_of) if as_of else {}
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
        as_of = self.population_date()
        per_town = selectors.town_population(self.municipality, as_of) if as_of else {}
        towns = list(selectors.towns_of(self.object).select_related("area"))
        context["town_rows"] = [(town, per_town.get(town.pk)) for town in towns]
        context["total"] = selectors.sum_figures(
            per_town[town.pk] for town in towns if town.pk in per_town
        )
        context["children"] = self.object.children.current().order_by("kana_key", "name")
        return context
