"""The one limit on what a search box may ask, for the residents' search and every staff list.

Each word of a query becomes one condition of the SQL query; 1,200 words made an expression
tree too deep for SQLite (a 500, issue #20). 100 characters hold any real query (at most 50
words) and keep the query small on every database."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

QUERY_MAX_CHARS = 100


@dataclass(frozen=True)
class SearchQuery:
    """The text searched for, and whether what was typed had to be cut."""

    text: str
    cut: bool = False

    @property
    def note(self) -> str:
        """The Japanese note for the page when the query was cut, else empty."""
        if not self.cut:
            return ""
        return _(
            "検索することばが長すぎるため、最初の%(count)d文字（「%(text)s」）で検索しました。"
        ) % {"count": QUERY_MAX_CHARS, "text": self.text}


def search_query(typed: str | None) -> SearchQuery:
    """A search box's value, without surrounding spaces and cut to QUERY_MAX_CHARS."""
    text = (typed or "").strip()
    if len(text) <= QUERY_MAX_CHARS:
        return SearchQuery(text)
    return SearchQuery(text[:QUERY_MAX_CHARS].strip(), cut=True)
