"""The gap analysis at scale; prints one JSON object per table row (as bench.measure does).

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=... python -m bench.analysis L

- 地域課題の抽出（デモ市）: one municipality's full analysis (`analyse`: indicators per area and
  town, walking coverage, matrix, ニーズ調査, ranking) of the demo city, whatever else is loaded.
  Target: with L loaded at most 1.2× the time with S loaded.
- 全国一括の分析: `analyse_all`, every municipality in the database in one pass (each table
  read once for the nation); the figure is the time per layer-2 area. Target: at L within
  1.25× of that at M.
"""

from __future__ import annotations

import sys
import time

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bench.measure import emit, summary, timings  # noqa: E402
from sasaeai.analysis.report import analyse, analyse_all  # noqa: E402
from sasaeai.areas.demo import DEMO_CODE  # noqa: E402
from sasaeai.areas.models import Area, Municipality  # noqa: E402

CITY_RUNS, CITY_WARMUP = 60, 5
PASSES = 3  # the nation-wide pass is repeated; the median pass is reported


def nation_pass() -> tuple[float, int]:
    """Analyse every municipality once; returns (milliseconds, layer-2 areas analysed)."""
    started = time.perf_counter()
    areas = sum(len(analysis.areas) for analysis in analyse_all())
    return (time.perf_counter() - started) * 1000, areas


def main(workload: str) -> None:
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    city = Municipality.objects.get(code=DEMO_CODE)
    median, p95 = summary(timings(lambda: analyse(city), CITY_RUNS, CITY_WARMUP))
    emit(workload, "地域課題の抽出（デモ市1市）", CITY_RUNS, median, p95, None)
    passes = [nation_pass() for _ in range(PASSES)]
    per_area = sorted(ms / max(areas, 1) for ms, areas in passes)
    areas = passes[0][1]
    municipalities = Municipality.objects.count()
    emit(
        workload,
        f"全国一括の分析（{municipalities:,}市町村・{areas:,}圏域、1圏域あたり）",
        PASSES,
        per_area[len(per_area) // 2],
        per_area[-1],
        None,
    )
    assert areas == Area.objects.layer2().count()


if __name__ == "__main__":
    main(sys.argv[1])
