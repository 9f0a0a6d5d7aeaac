"""The hand-labelled workshop statements (data/workshop_statements.tsv, committed before the
grouping code) and the adjusted Rand index the grouping is scored with."""

import csv
from collections import Counter
from dataclasses import dataclass
from math import comb
from pathlib import Path

STATEMENTS = Path(__file__).parent / "data" / "workshop_statements.tsv"


@dataclass(frozen=True)
class Statement:
    half: str  # "tune" or "held"
    topic: str  # the hand label; lone-… for a card that belongs with no other
    variants: str  # a 表記ゆれ set: the same value, the same group
    contrast: str  # a pair sharing a word, not a meaning: the same value, two groups
    text: str

    @property
    def lone(self) -> bool:
        return self.topic.startswith("lone-")


def statements(half: str) -> list[Statement]:
    with STATEMENTS.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t"))
    return [Statement(**row) for row in rows if row["half"] == half]


def flat_labels(groups: list[list[int]], count: int) -> list[str]:
    """One label per card: its group's number, or a label of its own when it is in none."""
    labels = [f"alone-{i}" for i in range(count)]
    for number, group in enumerate(groups):
        for index in group:
            labels[index] = f"group-{number}"
    return labels


def adjusted_rand_index(truth: list[str], found: list[str]) -> float:
    """Hubert and Arabie's adjusted Rand index of two labellings of the same items (1 when they
    agree, about 0 for a labelling no better than chance)."""
    pairs = comb(len(truth), 2)
    together = sum(comb(n, 2) for n in Counter(zip(truth, found, strict=True)).values())
    in_truth = sum(comb(n, 2) for n in Counter(truth).values())
    in_found = sum(comb(n, 2) for n in Counter(found).values())
    expected = in_truth * in_found / pairs
    most = (in_truth + in_found) / 2
    return (together - expected) / (most - expected)
