"""`make bench-surge`: a public surge on the demo city (issue #20). gunicorn with 2 workers on
loopback, as `make bench` serves it, and the background worker beside it (jobs queued in the
database, bench/surge_settings.py, as in production); wrk puts 64 connections on the residents' print PDF (every
area's, in turn), search and place pages for 30 s, while this script opens the staff login page
every 0.2 s. Prints one table: requests and responses by status per page, p50/p99, how many PDFs
were rendered (each area's file once; every later PDF is the stored file), and the login page's
times during the run.

    python -m bench.surge              # builds var/bench/surge/ (the demo city) the first time
    python -m bench.surge --seconds 10

Rate limits are off in bench/settings.py: here every request comes from 127.0.0.1, which stands
for many residents, not one.
"""

from __future__ import annotations

import io
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
HOME = ROOT / "var" / "bench" / "surge"
(HOME / "staticfiles").mkdir(parents=True, exist_ok=True)  # STATIC_ROOT: none served here
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.surge_settings"
os.environ["DATABASE_URL"] = f"sqlite:///{HOME / 'surge.sqlite3'}"
os.environ["SASAEAI_VAR_DIR"] = str(HOME)  # uploads (the stored PDFs) under it too

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from bench.measure import free_port  # noqa: E402
from sasaeai.areas.constants import Layer  # noqa: E402
from sasaeai.areas.demo import DEMO_CODE  # noqa: E402
from sasaeai.areas.models import Area, Municipality  # noqa: E402
from sasaeai.core.models import GeneratedFile  # noqa: E402
from sasaeai.resources.selectors import public_queryset  # noqa: E402

CONNECTIONS = {"印刷用リストPDF": 22, "住民向け検索": 21, "場所のページ": 21}  # 64 in all
SEARCHES = (
    {"q": "体操"},
    {"q": "サロン", "free": "1"},
    {"activity": "exercise"},
    {"q": "買い物"},
    {"support": "shopping", "weekday": "1"},
)
LOGIN_EVERY = 0.2
LOGIN_LIMIT_S = 1.0


def demo_city() -> Municipality:
    """The demo city in var/bench/surge/, built once (about a minute)."""
    call_command("migrate", verbosity=0)
    if not Municipality.objects.filter(code=DEMO_CODE).exists():
        print("== building the demo city into var/bench/surge/", flush=True)
        call_command("demo", stdout=io.StringIO())
    return Municipality.objects.get(code=DEMO_CODE)


def paths(city: Municipality) -> dict[str, list[str]]:
    areas = Area.objects.filter(municipality=city, layer=Layer.SECOND).order_by("pk")
    places = public_queryset(city).order_by("pk").values_list("pk", flat=True)
    return {
        "印刷用リストPDF": [f"/{DEMO_CODE}/areas/{a.pk}/print.pdf" for a in areas],
        "住民向け検索": [f"/{DEMO_CODE}/search/?{urlencode(q)}" for q in SEARCHES],
        "場所のページ": [f"/{DEMO_CODE}/places/{pk}/" for pk in places],
    }


def handouts() -> int:
    return GeneratedFile.objects.filter(kind__startswith="handout:").count()


def wrk(base: str, label: str, targets: list[str], seconds: int) -> subprocess.Popen:
    script = ROOT / "bench" / "wrk_statuses.lua"
    command = ["wrk", "-t1", f"-c{CONNECTIONS[label]}", f"-d{seconds}s", "--timeout", "30s",
               "-s", str(script), base + targets[0]]  # fmt: skip
    env = {**os.environ, "WRK_PATHS": "|".join(targets)}
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)


def login_times(
    url: str, stop: threading.Event, out: list[tuple[float, float]], failures: list[str]
) -> None:
    """The staff login page, opened every LOGIN_EVERY seconds until `stop`: (seconds into the
    run, seconds it took)."""
    began = time.perf_counter()
    while not stop.is_set():
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                response.read()
                if response.status != 200:
                    failures.append(str(response.status))
        except Exception as error:  # an HTTP error or a refused connection is a finding
            failures.append(str(error))
        out.append((started - began, time.perf_counter() - started))
        stop.wait(LOGIN_EVERY)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * share + 0.5) - 1)]


def main(args: list[str]) -> None:
    seconds = int(args[args.index("--seconds") + 1]) if "--seconds" in args else 30
    city = demo_city()
    # Today's files from an earlier run would be served at once: start with none, so the run
    # shows each area's PDF made once and every later request given the stored file.
    GeneratedFile.objects.filter(kind__startswith="handout:").delete()
    targets = paths(city)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "bench.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", "--timeout", "120"],
        cwd=ROOT, env=os.environ.copy(),
    )  # fmt: skip
    # The background worker, as `sasaeai serve` starts it: it makes the PDFs.
    worker = subprocess.Popen(
        [sys.executable, "-m", "sasaeai.cli", "db_worker", "--interval", "1", "--no-reload"],
        cwd=ROOT, env=os.environ.copy(),
    )  # fmt: skip
    try:
        for _ in range(50):  # until it answers
            try:
                urllib.request.urlopen(base + "/accounts/login/", timeout=5).read()
                break
            except OSError:
                time.sleep(0.2)
        stop = threading.Event()
        logins: list[tuple[float, float]] = []
        login_failures: list[str] = []
        watcher = threading.Thread(
            target=login_times, args=(base + "/accounts/login/", stop, logins, login_failures)
        )
        runs = {label: wrk(base, label, targets[label], seconds) for label in CONNECTIONS}
        watcher.start()
        results = {}
        for label, run in runs.items():
            output, _ = run.communicate(timeout=seconds + 120)
            results[label] = json.loads(output.strip().splitlines()[-1])
        stop.set()
        watcher.join()
    finally:
        for process in (server, worker):
            process.terminate()
        for process in (server, worker):
            process.wait(timeout=60)
    report(results, targets, logins, login_failures, seconds)
    # Other programs on the machine slow every figure above: say how busy it was.
    print(f"- 負荷平均（1分、実行の後）: {os.getloadavg()[0]:.2f}（CPU {os.cpu_count()}個）")


def report(
    results: dict[str, dict],
    targets: dict[str, list[str]],
    logins: list[tuple[float, float]],
    login_failures: list[str],
    seconds: int,
) -> None:
    made = GeneratedFile.objects.filter(kind__startswith="handout:")
    areas = len(targets["印刷用リストPDF"])
    pdf = results["印刷用リストPDF"]
    print(
        f"\n公開ページへの集中（wrk 64接続 {seconds}秒、gunicorn 2ワーカー、SQLite、デモ市）。"
        "レート制限は切っています（bench/settings.py：全リクエストが 127.0.0.1 から来るため）。\n"
    )
    print("| ページ | 接続 | リクエスト | 件/秒 | 200 | 202（PDF作成待ち） | 429 | 5xx | その他 | p50 ms | p99 ms |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label, r in results.items():
        print(
            f"| {label}（{len(targets[label])}種） | {CONNECTIONS[label]} | {r['requests']:,} | "
            f"{r['requests'] / r['seconds']:,.0f} | {r['ok']:,} | {r['waiting']:,} | "
            f"{r['limited']:,} | {r['server_errors']:,} | {r['other'] + r['socket_errors']:,} | "
            f"{r['p50_ms']:,.1f} | {r['p99_ms']:,.1f} |"
        )
    done = made.filter(status="done").count()
    print(
        f"\n- PDF を作った回数（ワーカー）: {made.count()}（{areas}圏域に各1回、完成 {done}）。"
        f"200 で返した PDF {pdf['ok']:,}件はすべて保存済みのファイル（リクエストの中では作らない）、"
        f"202 {pdf['waiting']:,}件は作成待ちのページ"
    )
    if logins:
        took = [t for _, t in logins]
        # After the first 10 s: the PDFs are made and each page is in the cache.
        warm = [t for at, t in logins if at >= 10] or took
        print(
            f"- 職員のログインページ（{LOGIN_EVERY}秒ごと、負荷の間 {len(took)}回）: "
            f"中央値 {statistics.median(took) * 1000:,.0f} ms・p95 "
            f"{percentile(took, 0.95) * 1000:,.0f} ms・最大 {max(took) * 1000:,.0f} ms"
            f"（目標 {LOGIN_LIMIT_S:.0f}秒未満：{'達成' if max(took) < LOGIN_LIMIT_S else '未達'}）；"
            f"最初の10秒を除くと p95 {percentile(warm, 0.95) * 1000:,.0f} ms・"
            f"最大 {max(warm) * 1000:,.0f} ms"
            + (f"、失敗 {len(login_failures)}件: {login_failures[:3]}" if login_failures else "")
        )
    errors = sum(r["server_errors"] for r in results.values())
    print(f"- サーバーエラー（5xx）: {errors}件")


if __name__ == "__main__":
    main(sys.argv[1:])
