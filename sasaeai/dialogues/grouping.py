"""共通項探し: groups of similar cards, proposed to the facilitator, who decides.

Runs on the municipality's own server with no language model: Sudachi's words and readings,
TF-IDF weights, cosine similarity and agglomerative clustering (average linkage), all in numpy.
A card is described by
- its content words in Sudachi's normalised form (買物, かいもの → 買い物; 独り暮らし and
  一人暮らし stay two words but share a reading), with the parts of a compound (特殊詐欺 → 詐欺);
- two-kana pieces of each content word's reading (足腰 アシコシ and あし腰 アシ・コシ share アシ, コシ),
  for spellings the dictionary does not join;
- the themes its words name (concepts.THEMES), for cards about one need in different words.
Each kind is weighted by TF-IDF over the cards at hand (a word every card uses says little) and
the three are joined with the weights below. Groups are merged, closest first, while the average
similarity between two groups stays at or above the threshold; a card close to no other stays
alone (KJ法 keeps lone cards), and only groups of two or more are returned.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from sasaeai.dialogues.concepts import THEMES
from sasaeai.utils import reading

# Tuned on the tuning half of dialogues/tests/data/workshop_statements.tsv only.
DEFAULT_THRESHOLD = 0.3
WORD_WEIGHT = 1.0
READING_WEIGHT = 0.25
THEME_WEIGHT = 1.25

_CONTENT_POS = frozenset({"名詞", "動詞", "形容詞", "形状詞"})
# Words any workshop card may use whatever it is about: the question's own words (地域,
# 高齢者), the verbs of wanting, doing and being able, nouns that only hold a place in a
# sentence (こと, ため, 場), words of knowing (知りたい, わからない: a wish or a trouble of any
# kind), and words of feeling, which say how a writer feels about a thing, not what the thing
# is (困る, 不安 and 心配 come with every kind of trouble).
GENERIC_WORDS = (
    "する",
    "ある",
    "いる",
    "なる",
    "できる",
    "来る",
    "行く",
    "思う",
    "言う",
    "見る",
    "やる",
    "くれる",
    "もらう",
    "ほしい",
    "ない",
    "いい",
    "こと",
    "もの",
    "ところ",
    "ため",
    "よう",
    "人",
    "方",
    "時",
    "場",
    "場所",
    "さん",
    "みんな",
    "地域",
    "高齢者",
    "一緒",
    "誰",
    "今",
    "度",
    "日",
    "所",
    "困る",
    "不安",
    "心配",
    "大変",
    "つらい",
    "怖い",
    "うれしい",
    "楽しみ",
    "助かる",
    "得意",
    "好き",
    "続ける",
    "開く",
    "作る",
    "増える",
    "ちょっと",
    "知る",
    "分かる",
    "そう",
)


@dataclass(frozen=True)
class CardWords:
    """What the grouping reads in one card."""

    words: tuple[str, ...]  # normalised content words (a compound's parts too)
    shown: dict[str, str]  # normalised noun → as the card wrote it (the words a label uses)
    readings: tuple[str, ...]  # two-kana pieces of the content words' readings
    themes: tuple[str, ...]


@lru_cache(maxsize=4096)
def card_words(text: str) -> CardWords:
    from sudachipy import SplitMode

    generic, theme_of = _vocabulary()
    words: list[str] = []
    shown: dict[str, str] = {}
    pieces: list[str] = []
    themes: set[str] = set()
    run: list[str] = []  # the readings of the nouns just read, one after another

    def end_run() -> None:
        # Nouns read one after another are also one word by their joined reading: Sudachi
        # splits a kana spelling it does not know (あしこし → あし・腰) that the kanji
        # spelling has as one word (足腰), and both read アシコシ.
        if len(run) > 1:
            joined = "読み:" + "".join(run)
            words.append(joined)
            if joined in theme_of:
                themes.add(theme_of[joined])
        run.clear()

    for morpheme in reading.morphemes(text):
        kind, detail = morpheme.part_of_speech()[:2]
        normalised = morpheme.normalized_form()
        # Numbers (一時間, 週に一度) say how much, not what about.
        plain = kind in _CONTENT_POS and detail != "数詞" and normalised not in generic
        if kind != "名詞" or not plain:
            end_run()
        if not plain:
            continue
        kana = morpheme.reading_form()
        found = [(normalised, morpheme.surface())]
        if kind == "名詞":
            run.append(kana)
            words.append("読み:" + kana)
            # The nouns inside a compound (特殊詐欺 → 詐欺), not its endings (楽しみ → み).
            found += [
                (part.normalized_form(), part.surface())
                for part in morpheme.split(SplitMode.A)
                if part.part_of_speech()[0] == "名詞" and part.normalized_form() not in generic
            ]
        for word, surface in found:
            if word not in words:
                words.append(word)
            if kind == "名詞":
                shown.setdefault(word, surface)
        # The compound's own theme first: 移動販売 is shopping, though 移動 is going out.
        named = [theme_of[w] for w in [w for w, _ in found] + ["読み:" + kana] if w in theme_of]
        if named:
            themes.add(named[0])
        pieces += [kana[i : i + 2] for i in range(len(kana) - 1)] or [kana]
    end_run()
    return CardWords(tuple(words), shown, tuple(pieces), tuple(sorted(themes)))


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[frozenset[str], dict[str, str]]:
    """The generic words and the themes' words, in Sudachi's normalised forms (する is 為る,
    ゴミ出し 塵出し): written as people write them, compared as Sudachi reads cards. A theme
    word Sudachi reads as several (集会所) names its theme through each part that is not
    generic (集会)."""
    generic = frozenset(
        m.normalized_form() for word in GENERIC_WORDS for m in reading.morphemes(word)
    ) | frozenset(GENERIC_WORDS)
    theme_of: dict[str, str] = {}
    for theme, listed in THEMES.items():
        for word in listed:
            morphemes = list(reading.morphemes(word))
            # By its reading too, as a card's nouns are (see card_words).
            theme_of.setdefault("読み:" + "".join(m.reading_form() for m in morphemes), theme)
            for morpheme in morphemes:
                if morpheme.normalized_form() not in generic:
                    theme_of.setdefault(morpheme.normalized_form(), theme)
    return generic, theme_of


def suggest_groups(
    texts: Sequence[str], *, threshold: float = DEFAULT_THRESHOLD
) -> list[list[int]]:
    """Groups of the texts' indexes, each of two or more, largest first (then by first index);
    a text in no group is a lone card."""
    if len(texts) < 2:
        return []
    similarity = _similarities([card_words(t) for t in texts])
    clusters = _average_linkage(similarity, threshold)
    groups = [sorted(c) for c in clusters if len(c) > 1]
    return sorted(groups, key=lambda g: (-len(g), g[0]))


def suggest_label(texts: Sequence[str], group: Iterable[int], *, size: int = 2) -> str:
    """A name for a group: the theme more than half of its cards name, then its most
    characteristic nouns (in many of its cards, in few of the others), as its cards wrote
    them; `size` parts at most, joined by ・. Empty when the cards have no noun at all."""
    members = set(group)
    described = [card_words(t) for t in texts]
    inside: Counter[str] = Counter()
    outside: Counter[str] = Counter()
    themes: Counter[str] = Counter()
    written: dict[str, str] = {}
    for index, card in enumerate(described):
        if index in members:
            inside.update(set(card.shown))
            themes.update(card.themes)
            for word, surface in card.shown.items():
                written.setdefault(word, surface)
        else:
            outside.update(set(card.shown))
    others = max(1, len(texts) - len(members))
    scores = {w: n / len(members) - outside[w] / others for w, n in inside.items()}
    parts = [theme for theme, n in themes.most_common(1) if n * 2 > len(members)]
    for word in sorted(scores, key=lambda w: (-scores[w], w)):
        if len(parts) >= size or scores[word] <= 0:
            break
        # A one-character noun (会, 店) names too little on its own to name a group.
        if len(written[word]) > 1 and not any(written[word] in part for part in parts):
            parts.append(written[word])
    return "・".join(parts)


def _similarities(cards: list[CardWords]) -> np.ndarray:
    """Cosine similarity of every pair of cards (1 on the diagonal)."""
    blocks = [
        _tfidf([c.words for c in cards]) * WORD_WEIGHT,
        _tfidf([c.readings for c in cards]) * READING_WEIGHT,
        _tfidf([c.themes for c in cards]) * THEME_WEIGHT,
    ]
    vectors = np.hstack(blocks)
    norms = np.linalg.norm(vectors, axis=1)
    norms[norms == 0] = 1.0
    vectors /= norms[:, None]
    return vectors @ vectors.T


def _tfidf(documents: list[tuple[str, ...]]) -> np.ndarray:
    """One row per document, L2-normalised (a card with no feature of this kind is all zeros):
    term count × smoothed inverse document frequency."""
    vocabulary: dict[str, int] = {}
    for document in documents:
        for term in document:
            vocabulary.setdefault(term, len(vocabulary))
    matrix = np.zeros((len(documents), max(1, len(vocabulary))))
    for row, document in enumerate(documents):
        for term, count in Counter(document).items():
            matrix[row, vocabulary[term]] = count
    frequency = (matrix > 0).sum(axis=0)
    n = len(documents)
    matrix *= np.array([math.log((1 + n) / (1 + f)) + 1 for f in frequency])
    norms = np.linalg.norm(matrix, axis=1)
    norms[norms == 0] = 1.0
    return matrix / norms[:, None]


def _average_linkage(similarity: np.ndarray, threshold: float) -> list[list[int]]:
    """Merge the two closest clusters while their average similarity is at least `threshold`.
    The similarity between clusters is kept as a matrix and updated on each merge (the
    size-weighted mean of the two rows is the average over all pairs of cards)."""
    n = len(similarity)
    current = similarity.astype(float).copy()
    np.fill_diagonal(current, -np.inf)
    sizes = np.ones(n)
    members: list[list[int] | None] = [[i] for i in range(n)]
    alive = np.ones(n, dtype=bool)
    while alive.sum() > 1:
        flat = int(np.argmax(current))
        i, j = divmod(flat, n)
        if current[i, j] < threshold:
            break
        merged = (sizes[i] * current[i] + sizes[j] * current[j]) / (sizes[i] + sizes[j])
        current[i, :] = merged
        current[:, i] = merged
        current[i, i] = -np.inf
        current[j, :] = -np.inf
        current[:, j] = -np.inf
        sizes[i] += sizes[j]
        members[i] = [*(members[i] or []), *(members[j] or [])]
        members[j] = None
        alive[j] = False
    return [m for m in members if m is not None]
