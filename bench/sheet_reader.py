"""What reading an .xlsx in a limited child process costs (issue #20, hole 2): a coordinator's
sheet of N rows × 12 columns read in this process by calamine (as before) and through
`read_table` (the `sheet_worker` child: start, checks, calamine, JSON back). Prints a table.

    DJANGO_SETTINGS_MODULE=config.settings.dev python -m bench.sheet_reader
"""

from __future__ import annotations

import datetime
import io
import statistics
import time

import django

django.setup()

import openpyxl  # noqa: E402

from sasaeai.utils import sheet_worker  # noqa: E402
from sasaeai.utils.table_reader import limits, read_table  # noqa: E402

SIZES = (2_000, 20_000)
HEADER = ["名称", "ふりがな", "種類", "活動内容", "曜日・頻度", "参加費", "定員", "会場", "町字"]
HEADER += ["番地以下", "緯度", "経度"]
RUNS = 5


def sheet(rows: int) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    page = book.create_sheet()
    page.append(HEADER)
    for n in range(rows):
        place = [f"第{n // 5}集会所", "本町一丁目", f"{n}-1", 35.66 + n / 1e6, 139.3 + n / 1e6]
        page.append(
            [f"体操{n}", "たいそう", "通いの場", "体操と茶話会", "毎週火曜", 100, 20, *place]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def median_seconds(read: object) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        read()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    print("| rows | file | in this process (before) | child process (now) | overhead |")
    print("|---:|---:|---:|---:|---:|")
    caps = limits()
    for rows in SIZES:
        data = sheet(rows)
        before = median_seconds(lambda: sheet_worker.read_sheet(data, caps))  # noqa: B023
        now = median_seconds(lambda: read_table(data, "x.xlsx"))  # noqa: B023
        assert read_table(data, "x.xlsx")[0] == sheet_worker.read_sheet(data, caps)
        print(
            f"| {rows:,} | {len(data) / 1024:,.0f} KB | {before * 1000:,.0f} ms "
            f"| {now * 1000:,.0f} ms | {(now - before) * 1000:+,.0f} ms |"
        )
    print(f"\n{RUNS} runs each, median; {datetime.date.today()}")


if __name__ == "__main__":
    main()
