"""The network page: metrics per area and per 年度, the graph, and the same content as tables
(ties, actors) with the isolated actors as the coordinator's to-do list."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from sasaeai.accounts.constants import Perm
from sasaeai.accounts.permissions import MunicipalityPermissionMixin, edit_scope, may_edit_ids
from sasaeai.areas.models import Area
from sasaeai.residents import selectors as resident_selectors
from sasaeai.resources import services as resource_services
from sasaeai.resources.constants import Sector
from sasaeai.utils.fiscal_year import format_fiscal_year
from sasaeai.utils.forms import int_or_none

from . import network
from .services import ORGANIZATION

YEARS_SHOWN = 5


@dataclass(frozen=True)
class Filters:
    area: Area | None
    sector: str
    fiscal_year: int
    include_council: bool


@dataclass(frozen=True)
class MetricsRow:
    label: str
    metrics: network.Metrics


class NetworkView(MunicipalityPermissionMixin, TemplateView):
    """つなぎのネットワーク: who is tied to whom, and where ties are missing."""

    template_name = "activities/network.html"
    permission = Perm.COORDINATE

    @cached_property
    def data(self) -> network.NetworkData:
        return network.network_data(self.municipality)

    @cached_property
    def areas(self) -> list[Area]:
        return list(Area.objects.current().filter(municipality=self.municipality))

    @cached_property
    def years(self) -> list[int]:
        return network.fiscal_years_of(self.data, timezone.localdate())

    @cached_property
    def filters(self) -> Filters:
        """The query's filters; a value that is not one of the choices is ignored."""
        get = self.request.GET
        area = next((a for a in self.areas if str(a.pk) == get.get("area", "")), None)
        sector = get.get("sector", "")
        if sector not in sector_choices_values():
            sector = ""
        year = int_or_none(get.get("year", ""))
        fiscal_year = year if year in self.years else self.years[0]
        return Filters(area, sector, fiscal_year, get.get("council") == "1")

    def network_for(self, fiscal_year: int, area: Area | None) -> network.Network:
        f = self.filters
        return network.network_on(
            self.data,
            network.moment_of(fiscal_year, timezone.localdate()),
            area=area.pk if area else None,
            sector=f.sector or None,
            include_council=f.include_council,
        )

    def metrics_for(self, fiscal_year: int, area: Area | None) -> network.Metrics:
        return network.metrics_of(self.network_for(fiscal_year, area), self.data, fiscal_year)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        f = self.filters
        shown = self.network_for(f.fiscal_year, f.area)
        metrics = network.metrics_of(shown, self.data, f.fiscal_year)
        scores = network.betweenness(shown)
        context.update(
            filters=f,
            areas=self.areas,
            sectors=sector_choices(),
            years=[(y, format_fiscal_year(y)) for y in self.years],
            scope=f.area.name if f.area else _("市町村全体"),
            day=shown.day,
            metrics=metrics,
            area_rows=self.area_rows(),
            year_rows=[
                MetricsRow(format_fiscal_year(y), self.metrics_for(y, f.area))
                for y in self.years[:YEARS_SHOWN]
            ],
            actors=[self.actor_row(n, shown, scores) for n in shown.nodes],
            ties=self.tie_rows(shown),
            isolated=[(n, self.url_of(n)) for n in metrics.isolated],
            graph=self.graph_json(shown),
            referrals=self.referral_rows(),
        )
        return context

    def referral_rows(self) -> dict[str, Any]:
        """住民の紹介 (issue #26): people are not actors of the network, so its figures stay about
        organisations and resources; the 年度's referrals are counted beside it, per 圏域 and
        per resource they went to, never with a name."""
        year = self.filters.fiscal_year
        found = resident_selectors.counts(self.municipality, year)
        # Every area's name, retired ones too (a request of a past 年度 keeps its 圏域); the
        # areas in the page's order, then those with no 圏域 last.
        counted = [pk for pk in found.by_area if pk is not None]
        names = dict(
            Area.objects.filter(municipality=self.municipality, pk__in=counted).values_list(
                "pk", "name"
            )
        )
        order = {a.pk: n for n, a in enumerate(self.areas)}
        rows = [(_("市町村全体"), found.total)]
        rows += [
            (names.get(pk, "") if pk else _("圏域なし"), c)
            for pk, c in sorted(
                found.by_area.items(),
                key=lambda kv: (kv[0] is None, order.get(kv[0] or 0, len(order)), kv[0] or 0),
            )
        ]
        return {"rows": rows, "places": resident_selectors.referrals_to(self.municipality, year)}

    def area_rows(self) -> list[MetricsRow]:
        year = self.filters.fiscal_year
        rows = [MetricsRow(_("市町村全体"), self.metrics_for(year, None))]
        rows += [MetricsRow(a.name, self.metrics_for(year, a)) for a in self.areas]
        return rows

    @cached_property
    def organization_scope(self) -> tuple[frozenset[int] | None, dict[int, set[int]]]:
        """The user's edit scope and each organisation's areas: an organisation has no page but
        its form, and those the user may not edit (scoped by their areas) are named without a
        link, so no link leads to a 403."""
        scope = edit_scope(self.request.user, self.municipality)
        if scope is None:
            return None, {}
        return scope, resource_services.organization_area_map(self.municipality)

    def url_of(self, node: network.Node) -> str:
        code = self.municipality.code
        if node.kind == ORGANIZATION:
            scope, areas = self.organization_scope
            if not may_edit_ids(scope, areas.get(node.pk, ())):
                return ""
            return reverse("resources:organization_edit", args=[code, node.pk])
        return reverse("resources:detail", args=[code, node.pk])

    def actor_row(
        self, node: network.Node, shown: network.Network, scores: dict[str, float]
    ) -> dict[str, Any]:
        return {
            "node": node,
            "url": self.url_of(node),
            "kind": _("団体") if node.kind == ORGANIZATION else _("地域資源"),
            "degree": shown.degree(node.key),
            "betweenness": scores.get(node.key, 0.0),
        }

    def tie_rows(self, shown: network.Network) -> list[dict[str, Any]]:
        names = {n.key: n.name for n in shown.nodes}
        rows = [
            {
                "source": names[t.source],
                "target": names[t.target],
                "kind": _("つなぎ") if t.kind == network.CONNECTION_TIE else _("協議体"),
                "label": t.label,
                "on": t.on,
                "counted": t.kind == network.CONNECTION_TIE or self.filters.include_council,
            }
            for t in shown.ties
        ]
        rows.sort(key=lambda r: (r["on"], r["source"], r["target"]), reverse=True)
        return rows

    def graph_json(self, shown: network.Network) -> dict[str, Any]:
        """Nodes and edges for network.js (read through json_script). Actors with no tie of
        either kind are left out: the to-do list and the actors table name them, and a
        municipality has hundreds of them, which would bury the ties."""
        tied = {key for t in shown.ties for key in (t.source, t.target)}
        return {
            "nodes": [
                {
                    "id": n.key,
                    "label": n.name,
                    "kind": n.kind,
                    "sector": n.sector,
                    "isolated": shown.degree(n.key) == 0,
                    "url": self.url_of(n),
                }
                for n in shown.nodes
                if n.key in tied
            ],
            # One line per pair and kind: the ties table lists each つなぎ and council.
            "edges": [
                {"source": a, "target": b, "kind": kind}
                for (a, b), kind in dict.fromkeys(
                    (tuple(sorted(t.pair)), t.kind) for t in shown.ties
                )
            ],
        }


def sector_choices() -> list[tuple[str, str]]:
    return [(str(v), str(label)) for v, label in Sector.choices] + [
        (network.UNKNOWN_SECTOR, _("不明"))
    ]


def sector_choices_values() -> set[str]:
    return {v for v, _label in sector_choices()}
