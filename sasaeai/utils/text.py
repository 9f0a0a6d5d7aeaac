"""Japanese text as typed (stored values) and normalised (search, 50音順 sorting, keys)."""

from __future__ import annotations

import functools
import re
import unicodedata

import jaconv

# Katakana ヷヸヹヺ have no hiragana twin, so jaconv leaves them; spell them as ゔ + small vowel.
_KATAKANA_ONLY = str.maketrans({"ヷ": "ゔぁ", "ヸ": "ゔぃ", "ヹ": "ゔぇ", "ヺ": "ゔぉ"})
# Zero-width characters are not whitespace to Python but arrive in text pasted from Word/Excel.
_INVISIBLE = re.compile(r"[\s\u200b-\u200d\u2060\ufeff]+")
# Zero-width characters trimmed from the ends of a typed value, besides whitespace: no one sees
# them and no one typed them on purpose.
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_EDGES = re.compile(rf"\A[\s{_ZERO_WIDTH}]+|[\s{_ZERO_WIDTH}]+\Z")

_SMALL_TO_LARGE = str.maketrans("ぁぃぅぇぉっゃゅょゎゕゖ", "あいうえおつやゆよわかけ")
_DAKUTEN = "\u3099"
_HANDAKUTEN = "\u309a"
_LONG_VOWEL = "ー"
# Below every printable character, so a shorter primary key sorts before its extensions.
_LEVEL_SEPARATOR = " "
# Tie-break characters are printable ASCII from "0" upwards, 60 values in all.
_TIE_BASE = ord("0")


def to_hiragana(text: str) -> str:
    """Return the text with full/half width unified (NFKC) and katakana turned into hiragana."""
    return jaconv.kata2hira(unicodedata.normalize("NFKC", text).translate(_KATAKANA_ONLY))


def to_katakana(text: str) -> str:
    """Return the text with full/half width unified (NFKC) and hiragana turned into katakana."""
    return jaconv.hira2kata(unicodedata.normalize("NFKC", text))


def as_typed(text: str) -> str:
    """A value to store as people wrote it: only the ends trimmed (U+3000 too) and line breaks
    written as LF. Width, brackets (愛全園（従来型）), ①, ㈱ and inner spaces are kept: folding them
    (NFKC) is for derived columns only, i.e. search text, duplicate keys and header matching."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # str.strip() removes every Unicode space (U+3000 included); the regex, slower, only runs
    # when a zero-width character is left at an end. Called for every row of a large import.
    text = text.strip()
    if text and (text[0] in _ZERO_WIDTH or text[-1] in _ZERO_WIDTH):
        text = _EDGES.sub("", text)
    return text


def normalize(text: str) -> str:
    """Fold width, case and kana and drop whitespace, so "ｻﾛﾝ" and "さろん" compare equal."""
    return _INVISIBLE.sub("", to_hiragana(text).lower())


def kana_sort_key(kana: str) -> str:
    """Return a string whose plain codepoint order is 50音順 for a kana reading."""
    primary: list[str] = []
    ties: list[list[int]] = []  # per primary character: [voicing, size, long marks after it]
    leading_long = 0
    for char in _expand_iteration_marks(normalize(kana)):
        if char == _LONG_VOWEL:
            if ties:
                ties[-1][2] += 1
            else:
                leading_long += 1
        elif unicodedata.category(char) != "Cc":
            base, voice, small = _split_kana(char)
            primary.append(base)
            ties.append([voice, small, 0])
    if ties:
        # A reading cannot really start with "ー"; counting it on the first kana keeps it distinct.
        ties[0][2] += leading_long
    # One tie-break character per primary character (not one string per level as JIS X 4061
    # does) keeps the key near twice the reading's length, so it fits a CharField. Trailing
    # ties of the lowest value are dropped: for equal primaries that keeps the order.
    secondary = "".join(chr(_TIE_BASE + v * 20 + s * 10 + min(n, 9)) for v, s, n in ties)
    secondary = secondary.rstrip(chr(_TIE_BASE))
    return "".join(primary) + (_LEVEL_SEPARATOR + secondary if secondary else "")


@functools.cache  # a handful of distinct kana, called for every character of every reading
def _split_kana(char: str) -> tuple[str, int, int]:
    """Split a character into its large unvoiced base, a voicing rank and a size rank."""
    # Only kana are decomposed: NFD would also split Hangul or accented Latin into pieces.
    decomposed = unicodedata.normalize("NFD", char) if "\u3041" <= char <= "\u309f" else char
    large = decomposed[0].translate(_SMALL_TO_LARGE)
    # Dictionary order: 清音 < 濁音 < 半濁音, then 直音 (large) < 促音・拗音 (small).
    voice = 2 if _HANDAKUTEN in decomposed else 1 if _DAKUTEN in decomposed else 0
    small = 0 if large == decomposed[0] else 1
    return large, voice, small


def _expand_iteration_marks(text: str) -> str:
    """Replace ゝ and ゞ by the kana they repeat, so "いすゞ" sorts as "いすず"."""
    out: list[str] = []
    for char in text:
        if char in "ゝゞ" and out:
            base = unicodedata.normalize("NFD", out[-1])[0]
            char = unicodedata.normalize("NFC", base + _DAKUTEN) if char == "ゞ" else base
        out.append(char)
    return "".join(out)
