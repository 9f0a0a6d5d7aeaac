"""Reading CSV files as Excel writes them in Japan: UTF-8 (with or without BOM) or Shift_JIS."""

import csv
import io
import re
import unicodedata

from sasaeai.utils import garbled
from sasaeai.utils.tabular import csv_unguard

# Labels shown to users for each encoding we detect.
ENCODING_LABELS = {"utf-8-sig": "UTF-8（BOM付き）", "utf-8": "UTF-8", "cp932": "Shift_JIS（cp932）"}


class CsvDecodeError(ValueError):
    """The file is neither UTF-8 nor Shift_JIS (cp932)."""


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes, trying UTF-8 with BOM, UTF-8, then cp932; returns (text, encoding)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data.decode("utf-8-sig"), "utf-8-sig"
    for encoding in ("utf-8", "cp932"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise CsvDecodeError(
        "文字コードを判別できません。UTF-8 か Shift_JIS（Excel の「CSV（コンマ区切り）」）で保存してください。"
    )


def read_rows(data: bytes) -> tuple[list[list[str]], str]:
    """All rows of a CSV file as lists of strings, with the detected encoding. The `'` our
    exports put before formula-like text (utils.tabular.csv_guard) is removed, and only it, so
    an exported CSV reads back as it was.

    Refused as a file error naming the line (CsvDecodeError), so nothing of it is written:
    a field longer than csv's limit (131,072 characters); a file that ends inside a quoted cell
    (cut off, or a stray 「"」); a row with more non-blank fields than the header (a 「,」 in an
    unquoted value shifted it); text garbled by a wrong encoding (utils.garbled). A row with
    fewer fields than the header is read with the missing cells blank, as before: files written
    by hand or by other systems leave trailing blank cells out."""
    text, encoding = decode(data)
    found = garbled.garbling(text)
    if found is not None:
        raise CsvDecodeError(found.message)
    # csv (not strict) takes a file that ends inside a quoted cell as if the quote were closed.
    # A marker line after the text tells: it is a row of its own when every quote was closed,
    # and the end of the last cell when one was not. (strict=True would also refuse the 「"」
    # inside unquoted cells that Excel reads as text.)
    ending = "" if not text or text.endswith(("\n", "\r")) else "\n"
    reader = csv.reader(io.StringIO(text + ending + _END, newline=""))
    rows: list[list[str]] = []
    starts: list[int] = []  # the physical line each row starts on (a quoted cell may span lines)
    previous_end = 0
    try:
        for row in reader:
            starts.append(previous_end + 1)
            previous_end = reader.line_num
            rows.append([csv_unguard(cell) for cell in row])
    except csv.Error as error:
        # reader.line_num is the physical line being read when the error came (a quoted field
        # may span lines); the message names that line and the limit when the field is too long.
        if "field larger than field limit" in str(error):
            raise CsvDecodeError(
                f"{reader.line_num}行目の項目が長すぎます（{csv.field_size_limit():,}文字まで）。"
            ) from error
        raise CsvDecodeError(f"{reader.line_num}行目をCSVとして読み取れません。") from error
    last = rows.pop()
    starts.pop()
    if last != [_END]:
        raise CsvDecodeError(unclosed_quote(text, len(rows) + 1, last[-1][: -len(ending + _END)]))
    check_widths(rows, starts)
    return rows, encoding


# A last line no real file holds (private-use characters, which no Japanese CSV writes).
_END = "\ue000sasaeai-end-of-file\ue000"
_LINE_BREAK = re.compile("\r\n|\r|\n")


def where(row: int, line: int) -> str:
    """「5行目」, and the line a text editor shows when a multi-line cell above makes it differ
    from the row Excel shows."""
    return f"{row}行目" if row == line else f"{row}行目（テキストエディタでは{line}行目）"


def unclosed_quote(text: str, row: int, cell: str) -> str:
    """The refusal of a file that ends inside a quoted cell: the line its 「"」 opened on is the
    file's last line less the line breaks inside the cell."""
    line = len(_LINE_BREAK.findall(text)) + 1 - len(_LINE_BREAK.findall(cell))
    return (
        f'{where(row, line)}の「"」で始まる項目が閉じられないまま、ファイルが終わっています。'
        'ファイルが途中で切れていないか、「"」が1つ多くないか確かめてください。'
    )


def check_widths(rows: list[list[str]], starts: list[int]) -> None:
    """Refuse rows with more non-blank fields than the header (the first non-blank row)."""
    header = next((i for i, row in enumerate(rows) if any(c.strip() for c in row)), None)
    if header is None:
        return
    width = len(rows[header])
    wide = [
        i
        for i in range(header + 1, len(rows))
        if len(rows[i]) > width and any(c.strip() for c in rows[i][width:])
    ]
    if not wide:
        return
    first = wide[0]
    more = f"（ほかに{len(wide) - 1:,}行）" if len(wide) > 1 else ""
    raise CsvDecodeError(
        f"{where(first + 1, starts[first])}の項目が見出し（{header + 1}行目、{width}列）より多く、"
        f"{len(rows[first])}列あります{more}。"
        '「,」を含む値が「"」で囲まれていないと列がずれます。'
        "列を確かめて保存し直してください。"
    )


_DASHES = re.compile("[‐‑‒–—―−－ｰ]")
_ZERO = {"-", "－", "―", "‐", "ー", "−"}


def clean_header(value: str) -> str:
    """Header cell for matching: NFKC, no spaces, every dash written as '-'."""
    value = unicodedata.normalize("NFKC", value)
    return _DASHES.sub("-", re.sub(r"\s+", "", value))


def parse_count(value: str) -> int | None:
    """A count as written in Japanese statistics: '1,234', '１２３', '-' (= 0); blank → None."""
    value = value.strip()
    if not value:
        return None
    if value in _ZERO:
        return 0
    value = unicodedata.normalize("NFKC", value).replace(",", "").replace(" ", "")
    if not value.isdecimal():
        raise ValueError(f"「{value}」は人数として読み取れません")
    return int(value)
