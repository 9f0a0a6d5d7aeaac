"""ストーリー探し (issue #25, point 5): the links the tool suggests to the facilitator, who
accepts, edits and names them.

- A person's やりたい or 困りごと card and someone's できること card that share content words
  (Sudachi's normalised forms, as the grouping reads them: grouping.card_words), or, more
  weakly, a theme (concepts.THEMES: 足腰 and 体操 are both 体操・運動).
- Registry resources whose text holds a card's nouns, in the 圏域 of the meeting's council
  (a layer-1 council's: the whole municipality), found with the staff list's own search
  (resources.selectors.resource_list), so the registry is searched here as the coordinator
  searches it.

The scoring is pure (texts in, keys out) and tested with literal expectations; only
`matching_resources` reads the database."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sasaeai.areas.constants import Layer
from sasaeai.areas.models import Area, Municipality
from sasaeai.councils.models import Council
from sasaeai.resources.constants import ResourceStatus
from sasaeai.resources.selectors import ResourceFilters, resource_list

from .grouping import card_words

# A shared word says more than a shared theme: two cards about 買い物 are closer than a card
# about 坂道 and one about 体操, which share only the theme 体操・運動.
WORD_POINTS = 2
THEME_POINTS = 1
READING = "読み:"
# A one-character noun (車, 店, 会) matches too much of the registry as a substring (車 is in
# 車椅子 and 自動車): only nouns of two characters or more are searched.
SEARCH_MIN_CHARS = 2
# Words searched per card and resources read per word: a card has a handful of nouns, and a
# word found in more resources than this does not tell them apart.
SEARCH_MAX_WORDS = 6
SEARCH_MAX_FOUND = 100


@dataclass(frozen=True)
class LinkSuggestion:
    """A やりたい／困りごと card and a できること card that may make a story."""

    wish: int
    ability: int
    words: tuple[str, ...]  # the shared words, as the やりたい card wrote them
    themes: tuple[str, ...]  # the shared themes
    score: int

    @property
    def title(self) -> str:
        """A first name for the story: its shared words (else its themes), joined by ・."""
        return "・".join(self.words or self.themes)[:100]


def shared_words(first: str, second: str) -> tuple[str, ...]:
    """The content words two texts share, in the first's order and as it wrote them. Readings
    are left out (a noun is already there in its normalised form: 買物 and かいもの are 買い物),
    and so is a part of a shared compound (暮らし of 独り暮らし): one thing is counted once."""
    one, other = card_words(first), card_words(second)
    common = set(other.words)
    found = [w for w in one.words if w in common and not w.startswith(READING)]
    kept = [w for w in found if not any(w != longer and w in longer for longer in found)]
    return tuple(dict.fromkeys(one.shown.get(w, w) for w in kept))


def shared_themes(first: str, second: str) -> tuple[str, ...]:
    common = set(card_words(second).themes)
    return tuple(t for t in card_words(first).themes if t in common)


def suggest_links(
    wishes: Sequence[tuple[int, str]],
    abilities: Sequence[tuple[int, str]],
    *,
    taken: Collection[tuple[int, int]] = (),
    limit: int = 5,
) -> list[LinkSuggestion]:
    """Pairs of a やりたい／困りごと card and a できること card ((key, text) each) that share
    words or themes: score = 2 per shared word + 1 per shared theme, best first (ties in the
    order the cards were given, やりたい first), at most `limit`; a pair already made into a
    story (`taken`, as (wish key, ability key)) is not suggested again."""
    found: list[tuple[int, int, int, LinkSuggestion]] = []
    taken = set(taken)
    for w_index, (wish, wish_text) in enumerate(wishes):
        for a_index, (ability, ability_text) in enumerate(abilities):
            if (wish, ability) in taken:
                continue
            words = shared_words(wish_text, ability_text)
            themes = shared_themes(wish_text, ability_text)
            score = WORD_POINTS * len(words) + THEME_POINTS * len(themes)
            if score:
                link = LinkSuggestion(wish, ability, words, themes, score)
                found.append((-score, w_index, a_index, link))
    found.sort(key=lambda row: row[:3])
    return [row[3] for row in found[:limit]]


# --- resources of the registry ---------------------------------------------------------------


@dataclass(frozen=True)
class SearchTerm:
    """A noun of a card to look for in the registry: as the card wrote it and in Sudachi's
    normalised form (the registry may write either: 買物 or 買い物)."""

    label: str
    forms: tuple[str, ...]


def search_terms(*texts: str, most: int = SEARCH_MAX_WORDS) -> list[SearchTerm]:
    """The nouns of the texts worth searching the registry for (two characters or more), in
    order, at most `most`; a compound's parts too (特殊詐欺 and 詐欺: a registry may say
    either)."""
    terms: dict[str, SearchTerm] = {}
    for text in texts:
        for normalised, written in card_words(text).shown.items():
            if min(len(written), len(normalised)) < SEARCH_MIN_CHARS:
                continue
            # A noun written two ways by two cards (買い物, 買物) is searched both ways.
            known = terms.get(normalised)
            label, forms = (known.label, known.forms) if known else (written, ())
            forms = tuple(dict.fromkeys((*forms, written, normalised)))
            terms[normalised] = SearchTerm(label=label, forms=forms)
    return list(terms.values())[:most]


@dataclass(frozen=True)
class ResourceMatch:
    """A resource of the registry and the words of the story it matched."""

    pk: int
    name: str
    organization: str
    words: tuple[str, ...]


def rank_resources(
    terms: Sequence[SearchTerm],
    found: Mapping[str, Sequence[Mapping[str, Any]]],
    *,
    limit: int = 3,
    leave_out: Collection[int] = (),
) -> list[ResourceMatch]:
    """The resources that matched most of the terms (a term matches when any of its forms
    does; `found` is each form's resources, as rows with pk, name and organization__name),
    most words first, then by name; at most `limit`, none of `leave_out`. A term inside
    another term the resource matched counts once with it (詐欺 with 特殊詐欺)."""
    rows: dict[int, Mapping[str, Any]] = {}
    words: dict[int, list[str]] = {}
    for term in terms:
        hit: dict[int, Mapping[str, Any]] = {}
        for form in term.forms:
            for row in found.get(form, ()):
                hit.setdefault(row["pk"], row)
        for pk, row in hit.items():
            if pk in leave_out:
                continue
            rows[pk] = row
            words.setdefault(pk, []).append(term.label)
    for pk, matched in words.items():
        words[pk] = [w for w in matched if not any(w != o and w in o for o in matched)]
    ranked = sorted(rows, key=lambda pk: (-len(words[pk]), rows[pk]["name"], pk))
    return [
        ResourceMatch(
            pk=pk,
            name=rows[pk]["name"],
            organization=rows[pk].get("organization__name") or "",
            words=tuple(words[pk]),
        )
        for pk in ranked[:limit]
    ]


def council_area(council: Council) -> Area | None:
    """The council's 日常生活圏域, or None for a layer-1 council, which covers the whole
    municipality: where its stories look for resources, and the area of a project made of
    one of them."""
    area = council.area
    return None if area is None or area.layer == Layer.FIRST else area


def council_areas(council: Council) -> tuple[Area, ...]:
    """The areas to narrow the registry's search by (none: the whole municipality)."""
    area = council_area(council)
    return () if area is None else (area,)


class RegistryFinder:
    """Resources of the registry by word, each word searched once however many stories and
    suggestions of a page ask for it (the staff list's search, one query a word)."""

    def __init__(self, municipality: Municipality, areas: tuple[Area, ...]) -> None:
        self.municipality = municipality
        self.areas = areas
        self.found: dict[str, list[dict[str, Any]]] = {}

    def rows(self, form: str) -> list[dict[str, Any]]:
        if form not in self.found:
            filters = ResourceFilters(query=form, areas=self.areas, status=ResourceStatus.ACTIVE)
            rows = resource_list(self.municipality, filters)[:SEARCH_MAX_FOUND]
            self.found[form] = [dict(r) for r in rows]
        return self.found[form]

    def matching(
        self, *texts: str, limit: int = 3, leave_out: Collection[int] = ()
    ) -> list[ResourceMatch]:
        """Resources 活動中 in the council's 圏域 whose text holds the texts' nouns, those
        holding most of them first."""
        terms = search_terms(*texts)
        found = {form: self.rows(form) for term in terms for form in term.forms}
        return rank_resources(terms, found, limit=limit, leave_out=leave_out)


def matching_resources(
    municipality: Municipality, council: Council, *texts: str, limit: int = 3
) -> list[ResourceMatch]:
    """Resources 活動中 in the council's 圏域 whose text holds the texts' nouns."""
    return RegistryFinder(municipality, council_areas(council)).matching(*texts, limit=limit)
