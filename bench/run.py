"""`make bench`: load each workload (cached under var/bench/) on SQLite and PostgreSQL, measure,
and print one table. Never run in CI.

    python -m bench.run S M              # the default of `make bench`
    python -m bench.run S M L --no-http  # L is large: ~15 min to generate per database, once
    python -m bench.run S --import       # adds the flat import of 100,000 rows into S
    python -m bench.run S M L --analysis-only  # the gap analysis: one city, and the nation
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "var" / "bench"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
PG_ROLE, PG_PASSWORD = "sasaeai_bench", "sasaeai_bench"
PG_BASE = f"postgres://{PG_ROLE}:{PG_PASSWORD}@127.0.0.1:5432/"


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def]
    return subprocess.run(command, check=True, text=True, **kwargs)


def psql(sql: str) -> str:
    command = [
        "runuser",
        "-u",
        "postgres",
        "--",
        "psql",
        "-v",
        "ON_ERROR_STOP=1",
        "-qAt",
        "-d",
        "postgres",
        "-c",
        sql,
    ]
    return run(command, capture_output=True).stdout.strip()


def env_for(database_url: str) -> dict[str, str]:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "DATABASE_URL": database_url}


def generate(workload: str, database_url: str) -> None:
    print(f"== generating {workload} into {database_url.split('@')[-1]}", flush=True)
    run([PYTHON, "-m", "bench.generate", workload], cwd=ROOT, env=env_for(database_url))


def sqlite_url(workload: str) -> str:
    path = CACHE / f"{workload}.sqlite3"
    url = f"sqlite:///{path}"
    if not path.exists():
        generate(workload, url)
    return url


def postgres_url(workload: str) -> str:
    """A database per workload, restored from var/bench/<w>.pgdump when it was dropped."""
    name, dump = f"sasaeai_bench_{workload.lower()}", CACHE / f"{workload}.pgdump"
    url = PG_BASE + name
    psql(f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{PG_ROLE}') THEN "
         f"CREATE ROLE {PG_ROLE} LOGIN CREATEDB PASSWORD '{PG_PASSWORD}'; END IF; END $$;")  # fmt: skip
    if psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'") == "1":
        return url
    psql(
        f"CREATE DATABASE {name} OWNER {PG_ROLE} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'"
    )
    if dump.exists():
        print(f"== restoring {workload} from {dump.name}", flush=True)
        run(["pg_restore", "--no-owner", "-j", "2", "-d", url, str(dump)])
    else:
        generate(workload, url)
        run(["pg_dump", "-Fc", "-f", str(dump), url])
    return url


def measure(workload: str, database_url: str, http: bool) -> list[dict]:
    command = [PYTHON, "-m", "bench.measure", workload] + ([] if http else ["--no-http"])
    output = run(command, cwd=ROOT, env=env_for(database_url), stdout=subprocess.PIPE).stdout
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def measure_import(database_url: str, rows: int) -> list[dict]:
    command = [PYTHON, "-m", "bench.import_rows", str(rows)]
    output = run(command, cwd=ROOT, env=env_for(database_url), stdout=subprocess.PIPE).stdout
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def measure_analysis(workload: str, database_url: str) -> list[dict]:
    command = [PYTHON, "-m", "bench.analysis", workload]
    output = run(command, cwd=ROOT, env=env_for(database_url), stdout=subprocess.PIPE).stdout
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def analysis_targets(rows: list[dict]) -> list[str]:
    """The demo city's analysis with L (or M) loaded against S (≤ 1.2×), and the nation-wide
    pass per area at L against M (≤ 1.25×)."""
    lines = []
    for prefix, name, base_workload, limit in (
        ("地域課題の抽出（デモ市", "デモ市1市の分析", "S", 1.2),
        ("全国一括の分析", "全国一括の分析（1圏域あたり）", "M", 1.25),
    ):
        found = {
            (r["workload"], r["database"]): r for r in rows if r["operation"].startswith(prefix)
        }
        for (workload, database), row in sorted(found.items()):
            base = found.get((base_workload, database))
            if base is None or workload == base_workload or workload == "S":
                continue
            ratio = row["median_ms"] / base["median_ms"]
            verdict = "達成" if ratio <= limit else "未達"
            lines.append(
                f"- {workload}/{database}: {name} 中央値 {row['median_ms']:.2f} ms = "
                f"{ratio:.2f}× {base_workload}（目標 {limit}× 以下：{verdict}）"
            )
    return lines


def number(value: float | None) -> str:
    return "—" if value is None else f"{value:,.2f}"


def table(rows: list[dict]) -> str:
    lines = [
        "| workload | database | operation | runs | median ms | p95 ms | floor ms | ratio |",
        "|---|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        ratio = "—" if r["ratio"] is None else f"{r['ratio']:.2f}×"
        lines.append(
            f"| {r['workload']} | {r['database']} | {r['operation']} | {r['runs']:,} | "
            f"{number(r['median_ms'])} | {number(r['p95_ms'])} | {number(r['floor_ms'])} | {ratio} |"
        )
    return "\n".join(lines)


def targets(rows: list[dict]) -> list[str]:
    """The targets: each search's median and p95 with L (or M) loaded against S, and against
    its raw SQL (the row after it); the residents' page's requests per second against the
    constant view's."""
    lines = []
    for prefix, name in (("一覧の取得", "一覧の取得"), ("住民向け検索（", "住民向け検索")):
        found = {
            (r["workload"], r["database"]): (r, rows[i + 1])
            for i, r in enumerate(rows)
            if r["operation"].startswith(prefix)
        }
        for (workload, database), (row, raw) in sorted(found.items()):
            base = found.get(("S", database))
            versus_s = (
                f"{row['median_ms'] / base[0]['median_ms']:.2f}× S、"
                f"p95 {row['p95_ms'] / base[0]['p95_ms']:.2f}× S"
                if base and workload != "S"
                else "基準"
            )
            lines.append(
                f"- {workload}/{database}: {name} 中央値 {row['median_ms']:.2f} ms・"
                f"p95 {row['p95_ms']:.2f} ms = {versus_s}；生SQLの {row['ratio']:.2f}×、"
                f"p95 どうし {row['p95_ms'] / raw['p95_ms']:.2f}×"
            )
    per_second = {
        (r["workload"], r["database"], r["operation"].split(" ")[1]): float(
            re.search(r"([\d,]+)件/秒", r["operation"])[1].replace(",", "")  # type: ignore[index]
        )
        for r in rows
        if r["operation"].startswith("HTTP ")
    }
    for (workload, database, label), rps in sorted(per_second.items()):
        floor = per_second.get((workload, database, "定数ビュー（wrk"))
        if label.startswith("住民向け検索ページ") and floor:
            lines.append(
                f"- {workload}/{database}: 住民向け検索ページ {rps:,.0f}件/秒 = "
                f"定数ビュー {floor:,.0f}件/秒 の {rps / floor:.2f}"
            )
    return lines


def main(args: list[str]) -> None:
    workloads = [a for a in args if a in {"S", "M", "L"}] or ["S", "M"]
    http = "--no-http" not in args
    databases = ["sqlite", "postgresql"]
    if "--sqlite-only" in args:
        databases = ["sqlite"]
    CACHE.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    rows: list[dict] = []
    for database in databases:
        for workload in workloads:
            url = sqlite_url(workload) if database == "sqlite" else postgres_url(workload)
            if "--import-only" not in args and "--analysis-only" not in args:
                rows += measure(workload, url, http)
            if "--analysis" in args or "--analysis-only" in args:
                rows += measure_analysis(workload, url)
            if workload == "S" and ("--import" in args or "--import-only" in args):
                rows += measure_import(url, 100_000)
    report = table(rows) + "\n\n" + "\n".join(targets(rows) + analysis_targets(rows))
    stamp = time.strftime("%Y-%m-%d %H:%M")
    (CACHE / "latest.md").write_text(
        f"{stamp}（{time.perf_counter() - started:.0f} 秒）\n\n{report}\n", encoding="utf-8"
    )
    print(report)
    print(f"\n({time.perf_counter() - started:.0f} s; saved to var/bench/latest.md)")


if __name__ == "__main__":
    main(sys.argv[1:])
