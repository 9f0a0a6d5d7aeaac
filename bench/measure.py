"""Measurements for one loaded workload on one database; prints one JSON object per table row.

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=... python -m bench.measure S

Floors (defined so they cannot be bent):
- raw SQL: exactly the statements the ORM emitted for the page, re-run through a cursor;
- bulk floor: one transaction of executemany into the same tables the bulk path wrote, history
  tables included, with the very rows it wrote;
- framework floor: a constant HttpResponse through the same middleware (bench/urls.py).
"""

from __future__ import annotations

import datetime
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

import django

django.setup()

from django.apps import apps  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, models, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from bench.generate import KAYOI_NAMES, schedule  # noqa: E402
from sasaeai.accounts.models import User  # noqa: E402
from sasaeai.areas.constants import Layer  # noqa: E402
from sasaeai.areas.demo import DEMO_CODE  # noqa: E402
from sasaeai.areas.models import Area, Municipality  # noqa: E402
from sasaeai.portal.search import Query  # noqa: E402
from sasaeai.portal.views import public_page  # noqa: E402
from sasaeai.resources.models import Location  # noqa: E402
from sasaeai.resources.selectors import ResourceFilters, resource_page  # noqa: E402
from sasaeai.resources.services import resources_bulk_create  # noqa: E402

RUNS, WARMUP = 500, 20
LIST_URL = f"/staff/{DEMO_CODE}/resources/?kind=kayoi&band=weekly_plus&order=kana"
CONSTANT_URL = "/bench/constant/"
BULK_ITEMS, BULK_RUNS = 500, 5
ROOT = Path(__file__).resolve().parent.parent


def timings(action: Callable[[], object], runs: int = RUNS, warmup: int = WARMUP) -> list[float]:
    for _ in range(warmup):
        action()
    result = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        result.append((time.perf_counter() - started) * 1000)
    return result


def summary(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[max(0, int(len(ordered) * 0.95) - 1)]


def emit(
    workload: str, operation: str, runs: int, median: float, p95: float, floor: float | None
) -> None:
    row = {
        "workload": workload, "database": connection.vendor, "operation": operation, "runs": runs,
        "median_ms": round(median, 3), "p95_ms": round(p95, 3),
        "floor_ms": None if floor is None else round(floor, 3),
        "ratio": None if not floor else round(median / floor, 2),
    }  # fmt: skip
    print(json.dumps(row, ensure_ascii=False), flush=True)


def captured(action: Callable[[], object]) -> list[tuple[str, object, bool]]:
    statements: list[tuple[str, object, bool]] = []

    def record(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        statements.append((sql, params, many))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        action()
    return statements


def rerun(statements: list[tuple[str, object, bool]]) -> None:
    with connection.cursor() as cursor:
        for sql, params, many in statements:
            if many:
                cursor.executemany(sql, params)
            else:
                cursor.execute(sql, params)
                if cursor.description:
                    cursor.fetchall()


def measure_list(workload: str, client: Client, city: Municipality) -> str:
    """The coordinator list with filters for one municipality: the whole page, and the selector
    alone (count + one page of 50 with its related rows), each beside its own raw SQL."""
    page = client.get(LIST_URL)
    assert page.status_code == 200, page.status_code
    filters = ResourceFilters(kind="kayoi", frequency_band="weekly_plus", ordering="kana")

    def selector_page() -> None:
        resource_page(city, filters, 1, 50)

    area = Area.objects.filter(municipality=city, layer=Layer.SECOND).order_by("pk").first()
    assert area is not None
    # The resident's search: a 2-character word and 2 filters (area, activity).
    query = Query(text="体操", area=area.pk, activity="exercise")
    portal_url = f"/{DEMO_CODE}/search/?" + urlencode(
        {"q": "体操", "area": area.pk, "activity": "exercise"}
    )
    anonymous = Client()
    assert anonymous.get(portal_url).status_code == 200

    def portal_search() -> None:
        public_page(city, query, 1)  # count + the first 20, as the page does

    for label, action in (
        ("一覧の取得（selector：件数＋50件＋会場、1市町村）", selector_page),
        ("一覧ページ（HTML全体、絞り込み）", lambda: client.get(LIST_URL)),
        ("住民向け検索（2文字＋2条件、公開データ、1市町村）", portal_search),
        ("住民向け検索ページ（HTML全体、ログインなし）", lambda: anonymous.get(portal_url)),
    ):
        statements = captured(action)
        raw = summary(timings(lambda statements=statements: rerun(statements)))
        emit(workload, label, RUNS, *summary(timings(action)), raw[0])
        emit(workload, f"└ 生SQL（同じ{len(statements)}文）", RUNS, *raw, None)
    emit(
        workload,
        "フレームワーク床（定数ビュー）",
        RUNS,
        *summary(timings(lambda: client.get(CONSTANT_URL))),
        None,
    )
    return portal_url


def bulk_items(city: Municipality, rng: random.Random) -> list:
    from sasaeai.resources.constants import ResourceKind
    from sasaeai.resources.services import ResourceInput

    venues = list(Location.objects.filter(municipality=city)[:50])
    items = []
    for n in range(BULK_ITEMS):
        name, kana, activity, _ = rng.choice(KAYOI_NAMES)
        items.append(ResourceInput(
            name=f"{name} 計測{n}", kana=f"{kana}けいそく{n}", kind=ResourceKind.KAYOI, primary_activity=activity,
            activities=[activity], schedules=[schedule(rng)], locations=[rng.choice(venues)],
        ))  # fmt: skip
    return items


class Rollback(Exception):  # noqa: N818 - a control-flow signal, not an error
    pass


def written_rows(action: Callable[[], object]) -> dict[str, tuple[list[str], list[tuple]]]:
    """Run the action, then read back every row it inserted, table by table (columns, rows)."""
    statements = captured(action)
    tables = []
    for sql, _, _ in statements:
        if sql.startswith("INSERT INTO "):
            table = sql.split()[2].strip('"')
            if table not in tables and table in MARKS:
                tables.append(table)
    rows = {}
    with connection.cursor() as cursor:
        for table in tables:
            key, mark = MARKS[table]
            cursor.execute(f'SELECT * FROM "{table}" WHERE "{key}" > %s', [mark])
            values = [tuple(as_parameter(v) for v in row) for row in cursor.fetchall()]
            rows[table] = ([c[0] for c in cursor.description], values)
    return rows


MARKS: dict[str, tuple[str, int]] = {}


def as_parameter(value: object) -> object:
    """Values read back as Python objects, written back as the driver needs (SQLite has no time)."""
    if connection.vendor == "sqlite" and isinstance(value, datetime.time):
        return value.isoformat()
    return value


def mark_tables() -> None:
    """Remember the highest integer key of every model table, to read back what a run inserts."""
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            if isinstance(model._meta.pk, models.AutoField):  # BigAutoField is a subclass
                table, key = model._meta.db_table, model._meta.pk.column
                cursor.execute(f'SELECT COALESCE(MAX("{key}"), 0) FROM "{table}"')
                MARKS[table] = (key, cursor.fetchone()[0])


def executemany_floor(rows: dict[str, tuple[list[str], list[tuple]]], runs: int) -> float:
    """Median time to insert exactly these rows, table by table, by executemany in one
    transaction (rolled back)."""
    times = []
    for _ in range(runs):
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                started = time.perf_counter()
                for table, (columns, values) in rows.items():
                    names = ", ".join(f'"{c}"' for c in columns)
                    marks = ", ".join(["%s"] * len(columns))
                    cursor.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', values)
                times.append((time.perf_counter() - started) * 1000)
                raise Rollback
        except Rollback:
            pass
    return statistics.median(times)


def measure_bulk(workload: str, city: Municipality, user: User) -> None:
    rng = random.Random(7)
    items = bulk_items(city, rng)
    mark_tables()
    path_times: list[float] = []
    for _ in range(BULK_RUNS):
        try:
            with transaction.atomic():
                started = time.perf_counter()
                resources_bulk_create(municipality=city, user=user, items=items)
                path_times.append((time.perf_counter() - started) * 1000)
                raise Rollback
        except Rollback:
            pass
    try:
        with transaction.atomic():
            rows = written_rows(
                lambda: resources_bulk_create(municipality=city, user=user, items=items)
            )
            raise Rollback
    except Rollback:
        pass
    floor_median = executemany_floor(rows, BULK_RUNS)
    total_rows = sum(len(values) for _, values in rows.values())
    emit(
        workload,
        f"一括登録 {BULK_ITEMS}件（{total_rows:,}行・履歴込み）",
        BULK_RUNS,
        *summary(path_times),
        floor_median,
    )
    emit(
        workload,
        f"└ 一括の床（executemany {len(rows)}表）",
        BULK_RUNS,
        floor_median,
        floor_median,
        None,
    )


def wrk(url: str, cookie: str) -> dict:
    script = ROOT / "bench" / "wrk_percentiles.lua"
    output = subprocess.run(
        ["wrk", "-t1", "-c64", "-d10s", "--timeout", "10s", "-s", str(script), "-H", f"Cookie: sessionid={cookie}", url],
        capture_output=True, text=True, timeout=60, check=True,
    ).stdout  # fmt: skip
    return json.loads(output.strip().splitlines()[-1])


def free_port() -> int:
    """A loopback port nothing listens on (a fixed one met a developer's own server)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def measure_http(workload: str, client: Client, portal_url: str) -> None:
    """Throughput under load: gunicorn with 2 workers on loopback, wrk with 64 connections."""
    cookie = client.cookies["sessionid"].value
    port = free_port()
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "bench.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=os.environ.copy(),
    )  # fmt: skip
    try:
        time.sleep(3)
        base = f"http://127.0.0.1:{port}"
        floor = wrk(base + CONSTANT_URL, cookie)
        page = wrk(base + LIST_URL, cookie)
        portal = wrk(base + portal_url, "")
        for label, result, floor_ms in (
            ("HTTP 一覧（wrk -c64, gunicorn 2）", page, floor["p50_ms"]),
            ("HTTP 住民向け検索ページ（wrk -c64, gunicorn 2）", portal, floor["p50_ms"]),
            ("HTTP 定数ビュー（wrk -c64）", floor, None),
        ):
            assert result["errors"] == 0, result
            rps = result["requests"] / result["seconds"]
            emit(
                workload,
                f"{label} {rps:,.0f}件/秒",
                result["requests"],
                result["p50_ms"],
                result["p95_ms"],
                floor_ms,
            )
    finally:
        server.terminate()
        server.wait(timeout=30)


def main(workload: str, with_http: bool) -> None:
    # Fresh planner statistics, as autovacuum leaves them shortly after a bulk load; without
    # this, PostgreSQL plans the freshly loaded L tables as if they were empty.
    call_command("migrate", verbosity=0)  # a cached database may predate the latest migrations
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    city = Municipality.objects.get(code=DEMO_CODE)
    user = User.objects.get(username="bench")
    client = Client()
    client.force_login(user)
    portal_url = measure_list(workload, client, city)
    measure_bulk(workload, city, user)
    if with_http:
        measure_http(workload, client, portal_url)


if __name__ == "__main__":
    main(sys.argv[1], "--no-http" not in sys.argv)
