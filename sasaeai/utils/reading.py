"""Hiragana readings and normalised word forms of Japanese text, from SudachiPy (mode C)."""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING

from sasaeai.utils.text import to_hiragana

if TYPE_CHECKING:
    from sudachipy import Dictionary, Morpheme, Tokenizer

# Sudachi refuses input over about 49 KB; 10,000 characters stay below it even at 4 bytes each.
_MAX_CHUNK = 10_000
_WHITESPACE = re.compile(r"[\s\u200b-\u200d\u2060\ufeff]+")
# re.ASCII: \w would also take kanji and kana, which must be read, not copied.
_ASCII_WORD = re.compile(r"[0-9a-z]+", re.ASCII)
_SKIPPED_POS = frozenset({"補助記号", "空白"})

_dictionary: Dictionary | None = None
_dictionary_lock = threading.Lock()
# A Sudachi Tokenizer raises if two threads use it at once, so each thread gets its own.
_local = threading.local()


def reading(text: str) -> str:
    """Return the hiragana reading of the text, keeping ASCII letters and digits (lower case)."""
    return "".join(_morpheme_reading(m) for m in morphemes(text) if not _is_punctuation(m))


def normalized_forms(text: str) -> str:
    """Return Sudachi's normalised form of each word, space-separated (附属 → 付属)."""
    return " ".join(m.normalized_form() for m in morphemes(text) if not _is_punctuation(m))


def _morpheme_reading(morpheme: Morpheme) -> str:
    """Return one word's reading; ASCII words are copied because Sudachi reads "a" as アール."""
    surface = unicodedata.normalize("NFKC", morpheme.surface()).lower()
    if _ASCII_WORD.fullmatch(surface):
        return surface
    # Unknown words come back with their surface as reading; keep it rather than lose it.
    return to_hiragana(morpheme.reading_form() or surface)


def _is_punctuation(morpheme: Morpheme) -> bool:
    """Return whether the word is a symbol or space; unknown kanji such as 𠮷 are kept."""
    if morpheme.part_of_speech()[0] not in _SKIPPED_POS:
        return False
    return not any(unicodedata.category(char)[0] in "LN" for char in morpheme.surface())


def morphemes(text: str) -> Iterator[Morpheme]:
    """Yield the morphemes of each whitespace-separated piece of the text."""
    tokenizer = _tokenizer()
    for piece in _WHITESPACE.split(text):
        for start in range(0, len(piece), _MAX_CHUNK):
            yield from tokenizer.tokenize(piece[start : start + _MAX_CHUNK])


def _tokenizer() -> Tokenizer:
    """Return this thread's mode-C tokenizer, creating it on first use."""
    tokenizer: Tokenizer | None = getattr(_local, "tokenizer", None)
    if tokenizer is None:
        from sudachipy import SplitMode

        tokenizer = _get_dictionary().tokenizer(mode=SplitMode.C)
        _local.tokenizer = tokenizer
    return tokenizer


def _get_dictionary() -> Dictionary:
    """Load the Sudachi dictionary once per process (about 0.3 s), on first use."""
    global _dictionary
    with _dictionary_lock:
        if _dictionary is None:
            # Imported here so that Django start-up and commands that never read pay nothing.
            from sudachipy import Dictionary

            _dictionary = Dictionary()
        return _dictionary
