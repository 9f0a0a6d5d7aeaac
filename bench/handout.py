"""How long the 印刷用リスト PDF takes for an area of N places (what handout.LARGE_AREA_PLACES says).

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=sqlite:///var/bench/S.sqlite3 \
        python -m bench.handout

Takes the demo city's areas' places in turn (repeating them for the larger N) and prints a table:
N places, pages, median and slowest of 3 renders, places per second.
"""

from __future__ import annotations

import re
import statistics
import subprocess
import time

import django

django.setup()

from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from sasaeai.areas.constants import Layer  # noqa: E402
from sasaeai.areas.demo import DEMO_CODE  # noqa: E402
from sasaeai.areas.models import Area, Municipality  # noqa: E402
from sasaeai.portal.handout import Entry, handout_groups, render_handout_pdf  # noqa: E402

SIZES = (10, 20, 40, 80, 160)
RUNS = 3


def main() -> None:
    city = Municipality.objects.get(code=DEMO_CODE)
    areas = list(
        Area.objects.filter(municipality=city, layer=Layer.SECOND)
        .annotate(n=Count("locations"))
        .order_by("-n", "pk")
    )
    entries: list[tuple[str, Entry]] = [
        (kind, entry)
        for area in areas
        for kind, group in handout_groups(city, area)
        for entry in group
    ]
    print("| 場所 | ページ | 中央値 秒 | 最大 秒 | 場所/秒 |")
    print("|---:|---:|---:|---:|---:|")
    for size in SIZES:
        chosen = [entries[i % len(entries)] for i in range(size)]
        groups: dict[str, list[Entry]] = {}
        for kind, entry in chosen:
            groups.setdefault(kind, []).append(entry)
        seconds = []
        for _ in range(RUNS):
            started = time.perf_counter()
            pdf = render_handout_pdf(
                list(groups.items()), municipality=city, area=areas[0], today=timezone.localdate()
            )
            seconds.append(time.perf_counter() - started)
        info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
        pages = int(re.search(rb"Pages:\s+(\d+)", info.stdout)[1])  # type: ignore[index]
        median = statistics.median(seconds)
        print(f"| {size} | {pages} | {median:.2f} | {max(seconds):.2f} | {size / median:.1f} |")


if __name__ == "__main__":
    main()
