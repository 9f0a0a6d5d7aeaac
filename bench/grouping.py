"""共通項探し's grouping on many cards (issue #25: 500 cards in under 2 s). Never run in CI.

    .venv/bin/python -m bench.grouping

The cards are the hand-labelled workshop statements (sasaeai/dialogues/tests/data), each written
again with another ending that adds no word the grouping reads (「…と思います」「…んです」) until
there are enough, all different: 500 cards are 102 needs said five times, as a large town
meeting's cards are. Each size is
grouped three times from cold (Sudachi's dictionary loaded, no card read before: the cache of
read cards is emptied) and the slowest time is printed, with the time of the reading alone.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

from sasaeai.dialogues import grouping  # noqa: E402
from sasaeai.dialogues.tests.statements import statements  # noqa: E402

ENDINGS = ("", "と思います", "んです", "のです", "ですね", "よね", "かな")
SIZES = (40, 100, 250, 500)
RUNS = 3


def cards(count: int) -> list[str]:
    texts = [row.text for half in ("tune", "held") for row in statements(half)]
    made = [text + ending for ending in ENDINGS for text in texts]
    assert len(made) >= count and len(set(made)) == len(made)
    return made[:count]


def main() -> None:
    grouping.card_words("辞書を読み込む")  # Sudachi's dictionary: once per process, not measured
    print("| cards | groups | lone | reading (s) | grouping in all (s) |")
    print("|---:|---:|---:|---:|---:|")
    for size in SIZES:
        texts = cards(size)
        reading_times, total_times = [], []
        for _ in range(RUNS):
            grouping.card_words.cache_clear()
            started = time.perf_counter()
            for text in texts:
                grouping.card_words(text)
            reading_times.append(time.perf_counter() - started)
            grouping.card_words.cache_clear()
            started = time.perf_counter()
            groups = grouping.suggest_groups(texts)
            total_times.append(time.perf_counter() - started)
        lone = size - sum(len(g) for g in groups)
        print(
            f"| {size} | {len(groups)} | {lone} | {max(reading_times):.3f} "
            f"| {max(total_times):.3f} |"
        )


if __name__ == "__main__":
    main()
