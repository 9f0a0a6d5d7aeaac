"""Reading the first sheet of an .xlsx in a child process with memory and CPU limits.

A 1.6 KB workbook with cells at A1 and XFD1048576 makes calamine ask for 512 GB and abort, which
no `except` catches, and a zip bomb costs gigabytes and a minute (issue #20). So the web process
never opens an .xlsx itself: `table_reader.read_table` runs

    python -m sasaeai.utils.sheet_worker '<limits as JSON>'  < the file's bytes

which first lowers its own address space and CPU time (`resource.setrlimit`), then checks what
the file declares before anything is unpacked (members' sizes and compression ratio, the
sheet's `<dimension>`, the cell references in the sheet), and only then lets calamine read it.
A declared size or dimension can lie; the limits are the guard that cannot: a child that runs out
of memory or time dies alone, and the parent shows a message. The answer is one JSON array on
stdout: ["rows", [...]] or ["error", "<Japanese message>"]. Dates and times travel as tagged
objects and come back as the same Python values (`dumps`/`loads`); floats stay floats.

This module imports nothing from Django, so the child starts in a fraction of a second.
"""

from __future__ import annotations

import datetime
import io
import json
import re
import resource
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import IO, Any

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one spreadsheet may be (config/settings/base.py IMPORT_*)."""

    max_bytes: int = 20 * MB
    max_uncompressed: int = 200 * MB
    max_ratio: int = 100
    max_rows: int = 200_000
    max_columns: int = 200
    max_cells: int = 4_000_000
    memory: int = 1024 * MB
    cpu_seconds: int = 30

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Limits:
        return cls(**json.loads(text))


class SheetError(Exception):
    """The file is refused; the message is shown to the user as it is."""


# A member this small cannot hurt whatever its ratio (a sheet of one repeated style compresses
# far beyond 100:1 and is still only kilobytes).
RATIO_FLOOR = 1 * MB
# More members than any workbook an office sends; each costs memory before it is read.
MAX_MEMBERS = 10_000
CHUNK = 1 * MB
BROKEN = "Excelファイルとして読み取れません（壊れているか、パスワード付きです）。"


def megabytes(size: int) -> str:
    return f"{size / MB:,.0f}MB"


def too_big(found: str, limits: Limits) -> SheetError:
    return SheetError(
        f"表が大きすぎます（{found}）。読み取れるのは {limits.max_rows:,}行・"
        f"{limits.max_columns:,}列・{limits.max_cells:,}セルまでです。"
        "ファイルを分けてから、もう一度選んでください。"
    )


def check_table_size(rows: int, columns: int, limits: Limits) -> None:
    """Refuse a table over the row, column or cell caps, naming its size and the caps."""
    if rows > limits.max_rows or columns > limits.max_columns or rows * columns > limits.max_cells:
        raise too_big(f"{rows:,}行・{columns:,}列", limits)


FIRST_SHEET = re.compile(rb'<sheet\b[^>]*?r:id="([^"]+)"')


def first_sheet_path(book: zipfile.ZipFile) -> str | None:
    """The member holding the workbook's first sheet, as xl/workbook.xml and its rels name it."""
    try:
        workbook = book.read("xl/workbook.xml")
        rels = book.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return None
    found = FIRST_SHEET.search(workbook)
    if not found:
        return None
    relation = next(
        (
            r[0]
            for r in re.finditer(rb"<Relationship\b[^>]*>", rels)
            if re.search(rb'\bId="' + re.escape(found[1]) + rb'"', r[0])
        ),
        b"",
    )
    target = re.search(rb'Target="([^"]+)"', relation)
    if not target:
        return None
    path = target[1].decode().lstrip("/")
    return path if path.startswith("xl/") else f"xl/{path}"


def column_number(letters: bytes) -> int:
    """A1-style column letters as a number: A → 1, Z → 26, XFD → 16384."""
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


DIMENSION = re.compile(rb"""<(?:\w+:)?dimension\b[^>]*?\bref=["']([^"']*)["']""")
REF = re.compile(rb"([A-Z]{1,3})?([0-9]{1,9})?")


def far_positions(limits: Limits) -> re.Pattern[bytes]:
    """r="B12" of a cell, r="12" of a row (where calamine would put them) that may lie beyond
    the caps: as many letters as the last column allowed has, or as many digits as the last row
    allowed has. A normal sheet has few or none, so scanning it costs little more than
    unpacking it. An attribute ending in r (paper="9") or text may add a false position, which
    can only make the check stricter."""
    letters = len(column_letters(limits.max_columns))
    digits = len(str(limits.max_rows))
    return re.compile(
        rb"""r=["'](?=[A-Z]{%d}|[A-Z]{0,3}[0-9]{%d})([A-Z]{0,3})([0-9]{1,9})["']"""
        % (letters, digits)
    )


def column_letters(number: int) -> str:
    """16384 → XFD, 26 → Z, 27 → AA."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


OVERLAP = 4096  # a tag cut by a chunk boundary is found whole in the next window


def declared_extent(ref: bytes) -> tuple[int, int]:
    """(last row, last column) of a dimension such as b"A1:XFD1048576" (b"A1" alone: 1, 1)."""
    rows = columns = 0
    for part in ref.split(b":"):
        found = REF.fullmatch(part.strip())
        if found:
            columns = max(columns, column_number(found[1] or b""))
            rows = max(rows, int(found[2] or 0))
    return rows, columns


def stream(book: zipfile.ZipFile, path: str) -> Iterator[bytes]:
    """A member in chunks, overlapping by OVERLAP bytes. zipfile stops at the declared size, so a
    member cannot unpack to more than was checked."""
    tail = b""
    with book.open(path) as member:
        while chunk := member.read(CHUNK):
            yield tail + chunk
            tail = chunk[-OVERLAP:]


def check_book(data: bytes, limits: Limits) -> None:
    """Everything that can be judged before the sheet is parsed; raises SheetError."""
    if len(data) > limits.max_bytes:
        raise SheetError(
            f"ファイルが大きすぎます（{megabytes(len(data))}）。{megabytes(limits.max_bytes)}までです。"
        )
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise SheetError(BROKEN) from error
    with book:
        members = book.infolist()
        if len(members) > MAX_MEMBERS:
            raise SheetError(BROKEN)
        unpacked = sum(member.file_size for member in members)
        if unpacked > limits.max_uncompressed:
            raise SheetError(
                f"このExcelファイルは展開すると {megabytes(unpacked)} になり、"
                f"読み取れる大きさ（{megabytes(limits.max_uncompressed)}）を超えます。"
                "ファイルを分けてから、もう一度選んでください。"
            )
        for member in members:
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > RATIO_FLOOR and ratio > limits.max_ratio:
                raise SheetError(
                    f"このExcelファイルは圧縮率が異常です（{member.filename} が {ratio:,.0f}倍に"
                    f"展開されます。{limits.max_ratio}倍までです）。壊れているか、"
                    "意図的に作られたファイルのため読み取れません。"
                )
        path = first_sheet_path(book)
        if path is None or path not in book.namelist():
            return  # calamine names the problem itself
        rows = columns = 0
        far = far_positions(limits)
        try:
            for n, window in enumerate(stream(book, path)):
                if n == 0 and (dimension := DIMENSION.search(window)):
                    rows, columns = declared_extent(dimension[1])
                    check_table_size(rows, columns, limits)
                for position in far.finditer(window):
                    columns = max(columns, column_number(position[1]))
                    rows = max(rows, int(position[2]))
                check_table_size(rows, columns, limits)
        except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, NotImplementedError) as error:
            # A damaged stream, an unknown method, a password: the same answer as calamine's.
            raise SheetError(BROKEN) from error


def cell_at(rows: list[list[Any]], r: int, c: int) -> Any:
    return rows[r][c] if 0 <= r < len(rows) and 0 <= c < len(rows[r]) else None


CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"[^>]*>(.*?)</c>', re.DOTALL)
VALUE = re.compile(rb"<v>[^<]+</v>|<is>")


def formulas_without_values(data: bytes) -> list[str]:
    """Cells of the first sheet holding a formula whose result was never saved (files written by
    programs rather than by Excel): they would read as empty, so they are named instead."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            path = first_sheet_path(book)
            if path is None:
                return []
            xml = book.read(path)
    except (KeyError, zipfile.BadZipFile):
        return []
    if b"<f>" not in xml and b"<f " not in xml:
        return []
    return [
        cell[1].decode()
        for cell in CELL.finditer(xml)
        if b"<f" in cell[2] and not VALUE.search(cell[2])
    ]


def read_sheet(data: bytes, limits: Limits) -> list[list[Any]]:
    """Rows of the first sheet (calamine: integers as floats, dates as date/datetime, empty
    cells as ""). A merged cell's value fills every cell of its range (a 運営主体 merged over
    its venue rows). Run only after check_book, and only in the child."""
    from python_calamine import CalamineWorkbook

    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
        rows = [list(row) for row in sheet.to_python()]
        merged = sheet.merged_cell_ranges or []
    except MemoryError:
        raise  # the child ends, and the parent says the file is too large or broken
    except Exception as error:
        raise SheetError(BROKEN) from error
    # Cells without an r="" attribute are placed one after another: count what was read too.
    check_table_size(len(rows), max((len(row) for row in rows), default=0), limits)
    uncalculated = formulas_without_values(data)
    if uncalculated:
        cells = "、".join(uncalculated[:10]) + ("ほか" if len(uncalculated) > 10 else "")
        raise SheetError(
            f"数式の計算結果が保存されていないセルがあります（{cells}）。"
            "Excelで開いて上書き保存してから、もう一度選んでください。"
        )
    top, left = sheet.start or (0, 0)
    for (r0, c0), (r1, c1) in merged:
        value = cell_at(rows, r0 - top, c0 - left)
        # Only the part of the range inside the table: a range may name cells far outside it.
        for r in range(max(r0 - top, 0), min(r1 - top + 1, len(rows))):
            row = rows[r]
            for c in range(max(c0 - left, 0), min(c1 - left + 1, len(row))):
                row[c] = value
    return rows


# How values JSON has no type for travel between the child and the parent.
TAGS: dict[str, Any] = {
    "$datetime": datetime.datetime.fromisoformat,
    "$date": datetime.date.fromisoformat,
    "$time": datetime.time.fromisoformat,
    "$seconds": lambda seconds: datetime.timedelta(seconds=seconds),
}


def tagged(value: Any) -> dict[str, Any]:
    if isinstance(value, datetime.datetime):  # before date: a datetime is a date too
        return {"$datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"$date": value.isoformat()}
    if isinstance(value, datetime.time):
        return {"$time": value.isoformat()}
    if isinstance(value, datetime.timedelta):
        return {"$seconds": value.total_seconds()}
    raise TypeError(f"{type(value).__name__} is not a cell value")


def untagged(obj: dict[str, Any]) -> Any:
    """A cell is never a JSON object, so every object is a tag."""
    if len(obj) == 1:
        ((tag, value),) = obj.items()
        if tag in TAGS:
            return TAGS[tag](value)
    raise ValueError(f"unknown tag {sorted(obj)}")


def dump(kind: str, payload: Any, out: IO[str]) -> None:
    # dumps, not dump: only the one-shot encoder is the C one (several times faster).
    out.write(
        json.dumps([kind, payload], default=tagged, ensure_ascii=False, separators=(",", ":"))
    )


def loads(text: str | bytes) -> tuple[str, Any]:
    """(kind, payload) of an answer; ValueError if it is not one."""
    answer = json.loads(text, object_hook=untagged)
    if not (isinstance(answer, list) and len(answer) == 2 and answer[0] in ("rows", "error")):
        raise ValueError("not an answer")
    return answer[0], answer[1]


def limit_self(limits: Limits) -> None:
    """Lower this process's own address space and CPU time: past them the kernel refuses the
    allocation (calamine then aborts) or sends SIGXCPU, and only this child ends."""
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory, limits.memory))
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def main(argv: list[str]) -> int:
    limits = Limits.from_json(argv[1]) if len(argv) > 1 else Limits()
    limit_self(limits)
    data = sys.stdin.buffer.read(limits.max_bytes + 1)
    out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8")
    try:
        check_book(data, limits)
        rows = read_sheet(data, limits)
    except SheetError as refused:
        dump("error", str(refused), out)
    else:
        dump("rows", rows, out)
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
