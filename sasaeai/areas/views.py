"""Staff screens for areas, towns and population (all under /staff/<lgcode>/)."""

from functools import cached_property

from django.views.generic import DetailView, TemplateView

from sasaeai.accounts.permissions import MunicipalityPermissionMixin
from sasaeai.core.moments import MomentMixin

from . import selectors
from .constants import AGING_RATE_DENOMINATOR_NOTE, NO_AREA_FIGURES, NO_TOWN_FIGURES
from .models import Area


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
        if population and not population.by_town:
            # Where the town rows are, so the user can pick that date instead.
            context["town_date"] = selectors.latest_population_date(
                self.municipality, on=population.as_of, by_town=True
            )
        return context


class DashboardView(PopulationContextMixin, TemplateView):
    """The municipality's home: headline population figures and the areas."""

    template_name = "areas/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
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
        return context
