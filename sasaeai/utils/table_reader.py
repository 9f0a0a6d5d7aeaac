"""Reading tables as offices send them: the first sheet of an .xlsx (python-calamine, fast; its
integers come back as floats and its dates as datetime/date) or a CSV in UTF-8 / Shift_JIS.

Every importer reads files through `read_table`, so there is one reader to fix and to test.
An .xlsx is never opened in this process: `sheet_worker` checks and reads it in a child process
with memory and CPU limits, because a hostile workbook can abort the process that parses it
(issue #20). The limits are settings (IMPORT_* in config/settings/base.py).
"""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

from django.conf import settings

from sasaeai.utils import garbled, sheet_worker
from sasaeai.utils.csvfile import CsvDecodeError, read_rows

# The directory holding the sasaeai package: the child imports this checkout's worker.
SOURCE_ROOT = str(Path(sheet_worker.__file__).resolve().parents[2])


def cell_text(value: Any) -> str:
    """One cell as text, the same whatever wrote it: 72.0 → 72, dates → ISO, None → empty."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return unicodedata.normalize("NFKC", str(value)).strip().replace("\r\n", "\n")


def limits() -> sheet_worker.Limits:
    return sheet_worker.Limits(
        max_bytes=settings.IMPORT_MAX_BYTES,
        max_uncompressed=settings.IMPORT_MAX_UNCOMPRESSED_BYTES,
        max_ratio=settings.IMPORT_MAX_COMPRESSION_RATIO,
        max_rows=settings.IMPORT_MAX_ROWS,
        max_columns=settings.IMPORT_MAX_COLUMNS,
        max_cells=settings.IMPORT_MAX_CELLS,
        memory=settings.IMPORT_WORKER_MEMORY_BYTES,
        cpu_seconds=settings.IMPORT_WORKER_CPU_SECONDS,
    )


def read_table(data: bytes, name: str) -> tuple[list[list[Any]], str]:
    """Rows of the first sheet of an .xlsx, or of a CSV in UTF-8 / Shift_JIS. A merged cell's
    value fills every cell of its range (a 運営主体 merged over its venue rows). A file over
    the size, row, column or cell caps is refused with a CsvDecodeError naming them."""
    caps = limits()
    if data[:4] == b"PK\x03\x04":
        if len(data) > caps.max_bytes:  # the child would refuse it too, after starting
            raise CsvDecodeError(
                f"ファイルが大きすぎます（{sheet_worker.megabytes(len(data))}）。"
                f"{sheet_worker.megabytes(caps.max_bytes)}までです。"
            )
        rows = read_xlsx(data, caps)
        check_sheet_text(rows)
        return rows, "xlsx"
    if name.lower().endswith((".xlsx", ".xls")):
        raise CsvDecodeError(
            "Excelファイルとして読み取れません。.xlsx 形式で保存し直してください。"
        )
    return read_csv(data, caps)


def read_csv(data: bytes, caps: sheet_worker.Limits | None = None) -> tuple[list[list[str]], str]:
    """A CSV's rows within the row, column and cell caps (CsvDecodeError naming them).

    CSV is read in this process: the csv module allocates only what the text holds. An
    upload's size is limited by the upload form (IMPORT_MAX_BYTES); the command line and the
    bench may read larger files. A file of millions of short lines is refused before it becomes
    millions of lists."""
    caps = caps or limits()
    lines = data.count(b"\n") + (not data.endswith(b"\n"))
    if lines > caps.max_rows:
        raise CsvDecodeError(str(sheet_worker.too_big(f"{lines:,}行", caps)))
    rows, encoding = read_rows(data)
    try:
        sheet_worker.check_table_size(len(rows), max(map(len, rows), default=0), caps)
    except sheet_worker.SheetError as refused:
        raise CsvDecodeError(str(refused)) from None
    return rows, encoding


def check_sheet_text(rows: list[list[Any]]) -> None:
    """Refuse a sheet whose text is garbled (a CSV opened in Excel in the wrong encoding and
    saved as it looked); one line of text per row, so the message names the row."""
    text = "\n".join(
        "\t".join(" ".join(cell.splitlines()) for cell in row if isinstance(cell, str))
        for row in rows
    )
    found = garbled.garbling(text)
    if found is not None:
        raise CsvDecodeError(found.sheet_message)


def python_path() -> str:
    return os.pathsep.join(filter(None, [SOURCE_ROOT, os.environ.get("PYTHONPATH")]))


def read_xlsx(data: bytes, caps: sheet_worker.Limits) -> list[list[Any]]:
    """The first sheet's rows, read by `python -m sasaeai.utils.sheet_worker` under `caps`;
    a child that dies (out of memory, out of CPU time) or overruns the wall-clock limit is a
    CsvDecodeError, and this process carries on."""
    failed = "このExcelファイルは大きすぎるか壊れているため読み取れません（{}）。"
    try:
        child = subprocess.run(
            [sys.executable, "-m", "sasaeai.utils.sheet_worker", caps.to_json()],
            input=data,
            capture_output=True,
            timeout=settings.IMPORT_WORKER_TIMEOUT_SECONDS,
            cwd=SOURCE_ROOT,
            env={**os.environ, "PYTHONPATH": python_path(), "RUST_BACKTRACE": "0"},
            check=False,
        )
    except subprocess.TimeoutExpired:
        seconds = settings.IMPORT_WORKER_TIMEOUT_SECONDS
        raise CsvDecodeError(failed.format(f"{seconds}秒で読み終わりませんでした")) from None
    if child.returncode != 0:
        reason = (
            f"メモリ{sheet_worker.megabytes(caps.memory)}・計算時間{caps.cpu_seconds}秒の"
            "上限を超えたか、読み取りが異常終了しました"
        )
        raise CsvDecodeError(failed.format(reason))
    try:
        kind, payload = sheet_worker.loads(child.stdout)
    except ValueError:
        raise CsvDecodeError(failed.format("読み取り結果が壊れています")) from None
    if kind == "error":
        raise CsvDecodeError(str(payload))
    return list(payload)
