"""Recognising a file read in the wrong character encoding (文字化け).

The reader decodes a CSV as UTF-8 or, failing that, cp932, and both usually fail loudly on the
other encoding's bytes. A file that was garbled *before* it reached us does not fail: a Shift_JIS
file opened as UTF-8 and saved again (every Japanese character became U+FFFD), a UTF-8 file opened
in Excel as cp932 and saved (東京都 became 譚ｱ莠ｬ驛ｽ, ひらがな became 縺ｲ繧…), or either read as
Latin-1 / cp1252 (東京都 became “Œ‹ž“s or æ\x9d±äº¬é\x83½). Such a file decodes cleanly and
would be stored as garbage, so its text is judged by the share of characters that garbling makes
and honest Japanese text does not:

- U+FFFD, C1 control characters and private-use characters (cp932's user-defined area);
- a kanji that cp932 makes of a UTF-8 lead byte and a continuation byte (縺, 繧, 繝, 譁, …; the
  set below, computed) directly followed by what cp932 makes of the next continuation byte —
  half-width katakana, or 「・」/「?」/U+FFFD where Excel or Python could not decode it. Such a
  kanji alone is not counted: 渡邉 and 渡邊 are in the set;
- two or more Latin-1 / cp1252 characters in a row (one é or ¥ is honest text).

Half-width katakana alone (ﾃｽﾄ), ①, ㈱, 髙, 﨑 and full-width spaces count for nothing. Counting is
done with regular expressions over the whole text: a 100,000-row file of honest text costs
about 20 ms (one that holds thousands of the characters, 0.2 s).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def _cp932_of_utf8_leads() -> str:
    """The kanji cp932 makes of a UTF-8 lead byte of a CJK character (E2–E9) followed by a
    continuation byte (80–BF): the first character of every garbled Japanese character."""
    found = []
    for lead in range(0xE2, 0xEA):
        for trail in range(0x80, 0xC0):
            try:
                found.append(bytes([lead, trail]).decode("cp932"))
            except UnicodeDecodeError:
                continue
    return "".join(sorted(set(found)))


# What cp932 makes of the byte after: half-width katakana (A1–DF), or a failure shown as 「・」
# (Excel), 「?」 or U+FFFD (Python's errors="replace").
_AFTER = "\uff61-\uff9f\u30fb?\ufffd"
# C1 controls, private use (cp932 F040–F9FC is mapped there), U+FFFD.
_NEVER = "\x80-\x9f\ue000-\uf8ff\ufffd"
# Latin-1 letters and signs (not the no-break space, which pasted web text repeats), and what
# cp1252 puts at 80–9F, less the dashes, quotes, … and • Japanese text uses (「……」「——」).
_LATIN = (
    "\xa1-\xff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u201a\u201e\u2039\u203a"
)

_LEADS = _cp932_of_utf8_leads()

SUSPICIOUS = re.compile(f"[{_LEADS}][{_AFTER}]+|[{_NEVER}]|[{_LATIN}\x80-\x9f]{{2,}}")
# The first characters of SUSPICIOUS: honest text has none or few, so it is judged quickly.
CANDIDATES = re.compile(f"[{_LEADS}{_NEVER}{_LATIN}]")

# At least this many garbled characters, and at least this share of the non-ASCII ones: a name
# with one stray U+FFFD in a long file is that name's problem (the row shows it), not the file's.
MIN_GARBLED = 4
MIN_SHARE = 0.1


@dataclass(frozen=True)
class Garbling:
    garbled: int
    non_ascii: int
    line: int  # the physical line of the first garbled character
    sample: str  # the garbled text found there

    @property
    def found(self) -> str:
        return (
            f"{self.line}行目「{self.sample}」など、日本語の文字{self.non_ascii:,}字のうち"
            f"{self.garbled:,}字が文字化けしています"
        )

    @property
    def message(self) -> str:
        """For a CSV: the encoding it was read in is wrong, or it was garbled before."""
        return (
            f"文字コードが正しく読めていないようです（{self.found}）。"
            "Shift_JIS（cp932）か UTF-8 で保存し直してください。"
            "Excel で開いたときに文字化けしていたなら、元のファイルから作り直してください。"
        )

    @property
    def sheet_message(self) -> str:
        """For an .xlsx, which has no encoding to choose: its text was garbled before it was
        saved (typically a UTF-8 CSV opened in Excel as Shift_JIS)."""
        return (
            f"文字化けした文字が多く含まれています（{self.found}）。"
            "CSVを Excel で開いたときに文字コードが正しく読めず、そのまま保存されたようです。"
            "元のファイルから作り直してください。"
        )


def garbling(text: str) -> Garbling | None:
    """How `text` looks garbled, or None when it reads as honest text."""
    if text.isascii():
        return None
    candidates = len(CANDIDATES.findall(text))
    if not candidates:
        return None
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    garbled = count(text) if candidates < 5000 else len(text) - len(SUSPICIOUS.sub("", text))
    if garbled < MIN_GARBLED or garbled < MIN_SHARE * non_ascii:
        return None
    first = SUSPICIOUS.search(text)
    assert first is not None  # garbled > 0
    start = first.start()
    line = text.count("\n", 0, start) + 1
    sample = text[start : start + 12].split("\n")[0].split("\r")[0]
    return Garbling(garbled=garbled, non_ascii=non_ascii, line=line, sample=visible(sample))


def count(text: str) -> int:
    """The garbled characters of a text with few candidates: SUSPICIOUS tried only where one
    is (every match starts with one), which is what SUSPICIOUS.sub would count."""
    garbled = end = 0
    for candidate in CANDIDATES.finditer(text):
        if candidate.start() < end:
            continue
        hit = SUSPICIOUS.match(text, candidate.start())
        if hit is not None:
            garbled += hit.end() - hit.start()
            end = hit.end()
    return garbled


def visible(text: str) -> str:
    """Control characters shown as U+FFFD so the message prints."""
    return re.sub("[\x00-\x1f\x7f-\x9f]", "\ufffd", text)
