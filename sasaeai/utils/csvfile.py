"""Reading CSV files as Excel writes them in Japan: UTF-8 (with or without BOM) or Shift_JIS."""

import csv
import io
import re
import unicodedata

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
    an exported CSV reads back as it was. A field longer than csv's limit (131,072 characters)
    is a file error naming its line, not a crash."""
    text, encoding = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = []
    try:
        for row in reader:
            rows.append([csv_unguard(cell) for cell in row])
    except csv.Error as error:
        # reader.line_num is the physical line being read when the error came (a quoted field
        # may span lines); the message names that line and the limit when the field is too long.
        if "field larger than field limit" in str(error):
            raise CsvDecodeError(
                f"{reader.line_num}行目の項目が長すぎます（{csv.field_size_limit():,}文字まで）。"
            ) from error
        raise CsvDecodeError(f"{reader.line_num}行目をCSVとして読み取れません。") from error
    return rows, encoding


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
