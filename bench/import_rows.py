"""The flat import at scale: 100,000 rows into the demo city, in two phases (parse + preview,
then commit), beside the bulk floor (the same rows by executemany). Prints table rows as JSON.

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=... python -m bench.import_rows 100000
"""

from __future__ import annotations

import random
import sys
import time

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from bench.generate import KAYOI_NAMES  # noqa: E402
from bench.measure import Rollback, emit, executemany_floor, mark_tables, written_rows  # noqa: E402
from sasaeai.accounts.models import User  # noqa: E402
from sasaeai.areas.demo import DEMO_CODE  # noqa: E402
from sasaeai.areas.models import Municipality, Town  # noqa: E402
from sasaeai.core.imports import (  # noqa: E402
    NEW,
    batch_commit,
    batch_create,
    batch_decide,
    batch_preview_kept,
)
from sasaeai.utils.tabular import csv_bytes  # noqa: E402

HEADER = [
    "名称",
    "ふりがな",
    "種類",
    "活動内容",
    "曜日・頻度",
    "参加費",
    "定員",
    "会場",
    "町字",
    "番地以下",
    "緯度",
    "経度",
]
SCHEDULES = [
    "毎週火曜 10時〜12時",
    "第1・3水曜 13:30〜15:30",
    "最終金曜",
    "月2回",
    "毎月15日",
    "不定期",
]


def sheet(city: Municipality, count: int) -> bytes:
    """A coordinator-style CSV: about five resources per venue, realistic mixes, no IDs (all new)."""
    rng = random.Random(42)
    towns = list(Town.objects.filter(municipality=city))
    rows = []
    for n in range(count):
        name, kana, activity, _ = rng.choices(KAYOI_NAMES, weights=[w for *_, w in KAYOI_NAMES])[0]
        town = towns[(n // 5) % len(towns)]
        venue = n // 5
        # One venue is one place: its position is the same on each of its rows (the import
        # refuses a venue given two positions in one file).
        spot = random.Random(venue)
        rows.append([
            f"{name} 取込{n}", f"{kana}とりこみ{n}", "通いの場", str(activity.label), rng.choice(SCHEDULES),
            rng.choice(["無料", "100", "300"]), rng.choice(["", "20", "30"]), f"取込会場{venue}",
            town.name, f"{venue % 30 + 1}-{venue % 17 + 1}", round(town.latitude + spot.uniform(-0.003, 0.003), 6),
            round(town.longitude + spot.uniform(-0.003, 0.003), 6),
        ])  # fmt: skip
    return csv_bytes(HEADER, rows, "utf-8-sig")


def main(count: int) -> None:
    call_command("migrate", verbosity=0)  # a cached database may predate the latest migrations
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    city = Municipality.objects.get(code=DEMO_CODE)
    user = User.objects.get(username="bench")
    data = sheet(city, count)
    label = f"{count:,}行"
    started = time.perf_counter()
    batch = batch_create(
        municipality=city, kind="resources_flat", name="bench.csv", data=data, user=user
    )
    # As the background job does for a large file: the preview is kept for the commit.
    preview = batch_preview_kept(batch)
    preview_ms = (time.perf_counter() - started) * 1000
    assert not preview.file_errors and not preview.error_lines, (
        preview.file_errors,
        preview.error_lines[:5],
    )
    emit(
        "S",
        f"取込 {label}：読込＋確認（{len(preview.rows):,}行を判定）",
        1,
        preview_ms,
        preview_ms,
        None,
    )
    undecided = preview.undecided_lines([])
    if undecided:
        # Names like the registry's (「…サロン 取込12」 beside 「…サロン」) are possible
        # duplicates: decided as a coordinator would, 「未判断の行をすべて新規にする」, and read
        # again (the kept preview then serves the commit).
        started = time.perf_counter()
        batch_decide(batch=batch, decisions=dict.fromkeys(undecided, NEW), user=user)
        batch.refresh_from_db()
        preview = batch_preview_kept(batch)
        decide_ms = (time.perf_counter() - started) * 1000
        assert not preview.undecided_lines([])
        emit(
            "S",
            f"取込 {label}：重複の疑い{len(undecided):,}行を新規と判断して読み直し",
            1,
            decide_ms,
            decide_ms,
            None,
        )
    mark_tables()
    commit_ms = 0.0
    rows: dict = {}

    def commit() -> None:
        nonlocal commit_ms
        started = time.perf_counter()
        batch_commit(batch=batch, excluded_lines=[], user=user)
        commit_ms = (time.perf_counter() - started) * 1000

    try:
        with transaction.atomic():
            # Only the commit is timed, not the reading back of what it wrote for the floor.
            rows = written_rows(commit)
            raise Rollback
    except Rollback:
        pass
    floor_ms = executemany_floor(rows, runs=1)
    total = sum(len(values) for _, values in rows.values())
    emit("S", f"取込 {label}：確定（{total:,}行・履歴込み）", 1, commit_ms, commit_ms, floor_ms)
    emit("S", f"└ 取込の床（executemany {len(rows)}表）", 1, floor_ms, floor_ms, None)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
