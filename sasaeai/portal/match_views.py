"""The residents' pages of issue #26: 「手伝える活動をさがす」 (the search, narrowed to places
asking for helpers, each with its open 担い手募集) and 「あなたに合う活動」 (a few questions, the
places ranked with their reasons; the rules are in portal.matching). Public data only, read
through resources.selectors' public_* functions; nothing is stored."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from sasaeai.areas.models import Town
from sasaeai.resources import selectors
from sasaeai.resources.constants import WEEKDAY_NAMES, Activity
from sasaeai.resources.selectors import PublicResource, PublicRole
from sasaeai.utils.forms import int_or_none

from . import handout, matching, search
from .views import CardWords, PortalView, ResultRow, SearchView, nearest_metres

# The most places the match page lists: a page one can read through with the resident.
MATCH_LIMIT = 20


class HelpWantedView(SearchView):
    """手伝える活動をさがす: the search page's form and filtering (portal.search, the same
    conditions), only places with an open 担い手募集, each card with its roles."""

    template_name = "portal/help_wanted.html"

    @property
    def printing(self) -> bool:
        return False

    def query(self) -> search.Query:
        return dataclasses.replace(super().query(), open_roles=True)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        rows: list[ResultRow] = list(context["page"].object_list)
        roles = selectors.public_roles(self.municipality, [row.pk for row in rows])
        context["entries"] = [(row, roles.get(row.pk, [])) for row in rows]
        if rows:
            context["request_url"] = reverse(
                "residents_public:request", args=[self.municipality.code]
            )
        return context


@dataclass(frozen=True)
class MatchRow:
    """One ranked place as the page shows it."""

    pk: int
    name: str
    url: str
    kind: str
    when: str
    where: str
    reason: str
    points: int
    roles: tuple[PublicRole, ...]
    qr: SafeString


class MatchView(PortalView):
    """あなたに合う活動: the questions (a GET form) and, once answered, the ranked places."""

    template_name = "portal/match.html"

    def town(self) -> Town | None:
        pk = int_or_none(self.request.GET.get("town"))
        if pk is None:
            return None
        return (
            Town.objects.filter(municipality=self.municipality, pk=pk)
            .select_related("area")
            .first()
        )

    def answers(self, town: Town | None) -> matching.Answers:
        """The answers the address holds (odd values are ignored, as the search does)."""
        get = self.request.GET
        walk = int_or_none(get.get("walk"))
        return matching.Answers(
            interests=frozenset(v for v in get.getlist("interest") if v in Activity.values),
            days=frozenset(
                day for v in get.getlist("day") if (day := int_or_none(v)) is not None and day < 7
            ),
            times=frozenset(v for v in get.getlist("time") if v in matching.SLOTS),
            walk=walk if walk in (*matching.WALK_LIMITS, matching.CANNOT_WALK) else None,
            transport=get.get("transport") == "1",
            home_area=town.area.name if town is not None and town.area is not None else "",
            help=get.get("want") == "help",
        )

    def rows(self, answers: matching.Answers, town: Town | None) -> list[MatchRow]:
        """The ranked places (MATCH_LIMIT at most), read only once something was answered."""
        if not answers.asked:
            return []
        origin = None
        if town is not None and town.latitude is not None and town.longitude is not None:
            origin = (town.latitude, town.longitude)
        centres = self.centres()
        roles = selectors.public_roles(self.municipality)
        places = {r.pk: r for r in selectors.public_resources(self.municipality)}
        candidates = [
            matching.candidate_of(
                r,
                metres=nearest_metres(r, origin, centres) if origin is not None else None,
                open_roles=len(roles.get(r.pk, [])),
            )
            for r in places.values()
        ]
        found = matching.rank(candidates, answers)[:MATCH_LIMIT]
        words = CardWords()
        return [
            self.row(places[match.candidate.pk], match, roles.get(match.candidate.pk, []), words)
            for match in found
        ]

    def row(
        self, r: PublicResource, match: matching.Match, roles: list[PublicRole], words: CardWords
    ) -> MatchRow:
        return MatchRow(
            pk=r.pk,
            name=r.name,
            url=reverse("portal:detail", args=[self.municipality.code, r.pk]),
            kind=words.kinds.get(r.kind, ""),
            when="／".join(r.schedule_texts),
            where=words.where(r.locations[0]) if r.locations else "",
            reason=match.reason_text,
            points=match.points,
            roles=tuple(roles),
            # On paper the QR code opens the place's page on SITE_URL, as the handout's do.
            qr=handout.qr_svg(
                handout.place_url(self.municipality, r.pk),
                _("「%(name)s」のページを開くQRコード") % {"name": r.name},
            ),
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        town = self.town()
        answers = self.answers(town)
        rows = self.rows(answers, town)
        context.update(
            answers=answers,
            town=town,
            rows=rows,
            asked=answers.asked,
            activities=Activity.choices,
            weekday_choices=[(n, f"{day}曜日") for n, day in enumerate(WEEKDAY_NAMES)],
            time_choices=list(matching.SLOT_LABELS.items()),
            walk_choices=[
                (m, _("%(minutes)d分くらいまで") % {"minutes": m}) for m in matching.WALK_LIMITS
            ],
            cannot_walk=matching.CANNOT_WALK,
            town_choices=[(t.pk, t.name) for t in self.towns],
            want_help=answers.help,
            answer_text=answer_text(answers, town),
            request_kind="help" if answers.help else "visit",
        )
        if rows:
            context["request_url"] = reverse(
                "residents_public:request", args=[self.municipality.code]
            )
        return context


def answer_text(answers: matching.Answers, town: Town | None) -> str:
    """The answers in words, above the results (and so on paper): 「参加したい／体操（運動）／
    火曜日・木曜日／午前／歩いて10分くらいまで／桜町」."""
    if not answers.asked and town is None:
        return ""
    labels = dict(Activity.choices)
    parts = [_("手伝いたい") if answers.help else _("参加したい")]
    if answers.interests:
        parts.append("・".join(str(labels[v]) for v in Activity.values if v in answers.interests))
    if answers.days:
        parts.append("・".join(f"{WEEKDAY_NAMES[d]}曜日" for d in sorted(answers.days)))
    if answers.times:
        parts.append(
            "・".join(str(label) for v, label in matching.SLOT_LABELS.items() if v in answers.times)
        )
    if answers.walk == matching.CANNOT_WALK:
        parts.append(_("歩くのは難しい"))
    elif answers.walk is not None:
        parts.append(_("歩いて%(minutes)d分くらいまで") % {"minutes": answers.walk})
    if answers.transport:
        parts.append(_("送迎があると助かる"))
    if town is not None:
        parts.append(town.name)
    return "／".join(parts)
