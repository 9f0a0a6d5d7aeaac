"""The bundled national municipality master (localgovjp CSV): reading it and searching it."""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

from sasaeai.utils.text import normalize

from .constants import MUNICIPALITY_MASTER_CSV, MunicipalityKind


@dataclass(frozen=True)
class MasterEntry:
    """One municipality of the master, with the count of its wards (指定都市 only)."""

    code: str
    name: str
    kana: str
    prefecture: str
    wards: int

    @property
    def kind(self) -> str:
        return MunicipalityKind.DESIGNATED_CITY if self.wards else MunicipalityKind.ORDINARY


def read_rows(path: Path, prefecture: str = "") -> list[dict[str, str]]:
    """The file's rows (one prefecture's when given); wards are written 「札幌市 中央区」."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [r for r in csv.DictReader(handle) if not prefecture or r["pref"] == prefecture]


def rows_of(rows: list[dict[str, str]], code: str) -> list[dict[str, str]]:
    """The municipality with this code and its wards (empty when the code is not a
    municipality: a ward's code starts nothing on its own)."""
    city = next((r for r in rows if r["lgcode"] == code and " " not in r["city"]), None)
    if city is None:
        return []
    wards = [
        r
        for r in rows
        if r["pref"] == city["pref"]
        and " " in r["city"]
        and r["city"].split(" ")[0] == city["city"]
    ]
    return [city, *wards]


@functools.cache
def master_entries(path: Path = MUNICIPALITY_MASTER_CSV) -> tuple[MasterEntry, ...]:
    """Every municipality of the master in code order (read once per process: the file is
    part of the package and changes only with a release)."""
    rows = read_rows(path)
    wards: dict[tuple[str, str], int] = {}
    for row in rows:
        if " " in row["city"]:
            key = (row["pref"], row["city"].split(" ")[0])
            wards[key] = wards.get(key, 0) + 1
    entries = [
        MasterEntry(
            code=r["lgcode"],
            name=r["city"],
            kana=r["citykana"],
            prefecture=r["pref"],
            wards=wards.get((r["pref"], r["city"]), 0),
        )
        for r in rows
        if " " not in r["city"]
    ]
    return tuple(sorted(entries, key=lambda e: e.code))


def search_terms(query: str) -> list[str]:
    """The query's words, each folded as the search text is (width, case, kana)."""
    return [t for t in (normalize(word) for word in query.split()) if t]


def matches(terms: list[str], *fields: str) -> bool:
    """Every term is found inside one of the fields (code, name, kana, prefecture), each field
    folded on its own so a term never matches across the border of two fields."""
    folded = _folded(fields)
    return all(any(term in f for f in folded) for term in terms)


@functools.lru_cache(maxsize=8192)  # the ~1,800 municipalities, folded once per process
def _folded(fields: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(normalize(f) for f in fields)
