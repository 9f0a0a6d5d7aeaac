"""Comparison keys for names and addresses, to find duplicate resources, organisations and venues."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

from sasaeai.utils.text import normalize

PREFECTURES = (
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県",
    "茨城県", "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県",
    "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県",
    "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県",
    "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県",
    "徳島県", "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県",
    "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
)  # fmt: skip
# 政令指定都市: the only cities whose wards belong in the city part (横浜市中区).
_DESIGNATED_CITIES = (
    "札幌市", "仙台市", "さいたま市", "千葉市", "横浜市", "川崎市", "相模原市",
    "新潟市", "静岡市", "浜松市", "名古屋市", "京都市", "大阪市", "堺市", "神戸市",
    "岡山市", "広島市", "北九州市", "福岡市", "熊本市",
)  # fmt: skip
# Municipalities and counties with 市/町/村/郡 inside their name, which would fool "up to the
# first 市区町村" (四日市市 → 四日市, 東村山市 → 東村).
_IRREGULAR_NAMES = (
    "大和郡山市", "郡山市", "郡上市", "小郡市", "四日市市", "廿日市市", "野々市市",
    "十日町市", "大町市", "東村山市", "武蔵村山市", "大村市", "田村市", "羽村市",
    "上市町", "余市町", "玉村町", "大町町", "余市郡",
)  # fmt: skip

# Longest first, so that 一般社団法人 goes before 社団法人 would leave 一般 behind.
_LEGAL_FORMS = sorted(
    (
        "株式会社", "有限会社", "合同会社", "合資会社", "合名会社",
        "一般社団法人", "公益社団法人", "一般財団法人", "公益財団法人", "社団法人", "財団法人",
        "社会福祉法人", "特定非営利活動法人", "認定特定非営利活動法人", "npo法人", "認定npo法人",
        "医療法人", "医療法人社団", "医療法人財団", "社会医療法人",
    ),
    key=len,
    reverse=True,
)  # fmt: skip
# The bracketed abbreviations, after NFKC has turned ㈱ and （株） into (株).
_LEGAL_ABBREVIATIONS = (
    "株", "有", "合", "同", "資", "名", "一社", "公社", "一財", "公財", "社", "財",
    "福", "社福", "特非", "npo", "医", "医社", "医財",
)  # fmt: skip
_LEGAL_FORM = re.compile(
    "|".join(_LEGAL_FORMS) + r"|\((?:" + "|".join(_LEGAL_ABBREVIATIONS) + r")\)"
)

_WHITESPACE = re.compile(r"[\s\u200b-\u200d\u2060\ufeff]+")
_KANJI_DIGITS = "〇一二三四五六七八九"
_KANJI_NUMERAL = "〇一二三四五六七八九十百千"
_NUMERAL = "0-9" + _KANJI_NUMERAL
# ー and ｰ (NFKC makes both ー) are a dash only between numbers; in センター it is a vowel.
_ALWAYS_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−－⁃﹣─", "-"))
_LONG_VOWEL_AS_DASH = re.compile(rf"(?<=[{_NUMERAL}])ー(?=[{_NUMERAL}])")
_POSTAL_PREFIX = re.compile(r"^(?:〒?[0-9]{3}-?[0-9]{4}(?![0-9])|〒)")
_POSTAL_CODE = re.compile(r"^〒?\s*([0-9]{3})-?([0-9]{4})(?![0-9])\s*")
_OAZA = re.compile(r"大?字")
# A kanji number is converted only next to a block word: 三丁目, 五番, 二号, 一条, 三-五;
# 一番町 and 一番丁 are place names, as are 三鷹, 八丁堀 and 六本木.
_KANJI_BLOCK_NUMBER = re.compile(
    rf"[{_KANJI_NUMERAL}]+(?=丁目|番地|番(?![町丁])|号|条|-)"
    rf"|(?:(?<=丁目)|(?<=番地)|(?<=[番号\-]))[{_KANJI_NUMERAL}]+"
)
_BLOCK_WORD = re.compile(r"([0-9]+)(?:丁目|番地|番(?![町丁])|号)(?:の(?=[0-9]))?")
_NO_BETWEEN_DIGITS = re.compile(r"(?<=[0-9])の(?=[0-9])")
_DANGLING_DASH = re.compile(r"(?<=[0-9])-(?![0-9])")
# Where 番地以下 begins: a number not part of a town name (北1条, 東2線, 第3地割, 一番町, 六本木).
_BLOCK_START = re.compile(
    rf"[0-9]+(?![0-9]|条|線|地割)|[{_KANJI_NUMERAL}]+(?=丁目|番地|番(?![町丁])|号|-)"
)
_CHOME = re.compile(rf"[{_NUMERAL}]+丁目\s*")
_BLOCK = re.compile(rf"[{_NUMERAL}]+(?:(?:番地|番(?![町丁])|号|-)[{_NUMERAL}]*|の[{_NUMERAL}]+)*")
_COUNTY = re.compile(r"^[^市区]{1,5}?郡")
_TOWN_OR_VILLAGE = re.compile(r"^.+?[町村]")
_MUNICIPALITY = re.compile(r"^.+?[市区町村]")
_WARD = re.compile(r"^[^0-9]{1,4}?区")

EARTH_RADIUS_M = 6_371_008.8  # IUGG mean radius
_SIMILAR_RATIO = 0.85
_MIN_CONTAINED_LENGTH = 4


@dataclass(frozen=True)
class AddressParts:
    """A Japanese address cut into its usual parts; any part may be empty."""

    postal_code: str = ""  # "123-4567"
    prefecture: str = ""
    city: str = ""  # 市区町村, with its 郡 or, for a designated city, its ward
    town: str = ""  # 町字, with its 丁目 when written: 中央三丁目, 大字箱根ケ崎
    rest: str = ""  # 番地以下: 5番2号, 3-5-2
    building: str = ""


def normalize_name(text: str) -> str:
    """Comparison key for a name: normalize(), legal forms such as 株式会社 and (株) removed,
    punctuation and symbols removed (the long vowel mark ー stays)."""
    return _strip_punctuation(_LEGAL_FORM.sub("", normalize(text)))


def record_key(text: str) -> str:
    """The key an import finds an organisation, venue or event by its name: width folded (NFKC)
    and each run of spaces as one. Names are stored as written (愛全園（従来型）, ひだまり　サロン),
    while imports before issue #22 stored them after NFKC (愛全園(従来型), ひだまり サロン): both
    spellings must reach the same record. Narrower than normalize_name, which also drops legal
    forms and punctuation: this key decides which record a row is written to, not which pairs a
    person is asked to look at."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def _strip_punctuation(text: str) -> str:
    """Drop brackets, separators and decorations such as ☆ and ♪ (Unicode P* and So)."""
    # ～ becomes ~ under NFKC, a math symbol (Sm), but is the same wave dash as 〜 (Pd).
    return "".join(
        c for c in text if c != "~" and not unicodedata.category(c).startswith(("P", "So"))
    )


def similar_names(a: str, b: str) -> bool:
    """Whether two names probably name the same thing, to warn before a duplicate is created.

    After normalize_name they are equal, or one contains the other and both have at least 4
    characters (shorter names such as さくら occur inside too many others), or their difflib
    ratio is at least 0.85: one wrong character in about 7 (体操 vs 体躁 in a 9-character name
    gives 16/18 = 0.89) is a typo, while two different words in a short name are not.
    """
    return similar_keys(normalize_name(a), normalize_name(b))


def similar_keys(x: str, y: str) -> bool:
    """similar_names for names already passed through normalize_name (for bulk checks)."""
    if not x or not y:
        return False  # a name that is only a legal form or punctuation says nothing
    if x == y:
        return True
    if min(len(x), len(y)) >= _MIN_CONTAINED_LENGTH and (x in y or y in x):
        return True
    # A ratio can never exceed 2·min/(len x + len y): skip the costly matcher when that is too low.
    if 2 * min(len(x), len(y)) / (len(x) + len(y)) < _SIMILAR_RATIO:
        return False
    # ratio() depends a little on argument order; taking both makes the test symmetric.
    ratio = max(SequenceMatcher(None, x, y).ratio(), SequenceMatcher(None, y, x).ratio())
    return ratio >= _SIMILAR_RATIO


def normalize_address(text: str) -> str:
    """Comparison key for an address: 〒, postal code, prefecture, 大字/字 and spaces removed,
    dashes unified and block numbers written 3-5-2 (from 三丁目5番2号, 3丁目5番地2, ３－５－２)."""
    address = _unify_dashes(_WHITESPACE.sub("", unicodedata.normalize("NFKC", text)))
    address = _strip_prefecture(_POSTAL_PREFIX.sub("", address))
    address = _OAZA.sub("", _fold_small_ke(address))
    address = _KANJI_BLOCK_NUMBER.sub(lambda m: _kanji_to_arabic(m.group()), address)
    return _canonical_blocks(address).lower()


def _unify_dashes(text: str) -> str:
    """Write every dash-like character as "-", and ー only where it stands between numbers."""
    return _LONG_VOWEL_AS_DASH.sub("-", text.translate(_ALWAYS_DASHES))


def _fold_small_ke(text: str) -> str:
    """Unify 桜ヶ丘 and 桜ケ丘 (and ヵ/カ): registries print both for the same place."""
    return text.replace("ヶ", "ケ").replace("ヵ", "カ")


def _strip_prefecture(text: str) -> str:
    """Drop a leading prefecture name, so addresses with and without it compare equal."""
    return next((text[len(p) :] for p in PREFECTURES if text.startswith(p)), text)


def _canonical_blocks(text: str) -> str:
    """Rewrite 3丁目5番2号, 3丁目5番地2, 5番地の2 and 5の2 in the 3-5-2 style."""
    text = _NO_BETWEEN_DIGITS.sub("-", _BLOCK_WORD.sub(r"\1-", text))
    return _DANGLING_DASH.sub("", re.sub(r"-{2,}", "-", text))


def _kanji_to_arabic(numeral: str) -> str:
    """Return a kanji number in digits: 二十三 → 23, 十二 → 12, 一〇二 → 102."""
    if not any(unit in numeral for unit in "十百千"):
        # Digit by digit, as in 一〇二; leading zeros are kept as written.
        return "".join(str(_KANJI_DIGITS.index(c)) for c in numeral)
    total = digit = 0
    for char in numeral:
        if char in _KANJI_DIGITS:
            digit = _KANJI_DIGITS.index(char)
        else:
            total += (digit or 1) * 10 ** ("十百千".index(char) + 1)
            digit = 0
    return str(total + digit)


def split_address(text: str) -> AddressParts:
    """Cut an address into postal code, prefecture, city, town, block number and building,
    as written (only width and dashes are unified); a best effort for the usual spellings."""
    address = _unify_dashes(unicodedata.normalize("NFKC", text).strip())
    postal_code = ""
    if match := _POSTAL_CODE.match(address):
        postal_code = f"{match.group(1)}-{match.group(2)}"
    address = (address[match.end() :] if match else address.removeprefix("〒")).strip()
    start = _BLOCK_START.search(address)
    head = _WHITESPACE.sub("", address[: start.start()] if start else address)
    tail = address[start.start() :] if start else ""
    prefecture = next((p for p in PREFECTURES if head.startswith(p)), "")
    city = _city_prefix(head[len(prefecture) :])
    town = head[len(prefecture) + len(city) :]
    if chome := _CHOME.match(tail):
        town, tail = town + chome.group().rstrip(), tail[chome.end() :]
    block = _BLOCK.match(tail)
    rest = block.group() if block else ""
    building = tail[len(rest) :].strip()
    return AddressParts(postal_code, prefecture, city, town, rest, building)


def _city_prefix(text: str) -> str:
    """Return the 市区町村 at the start of the text, with its 郡 or designated city's ward."""
    if city := _known_name_prefix(text, _DESIGNATED_CITIES):
        ward = _WARD.match(text[len(city) :])
        return city + (ward.group() if ward else "")
    known = _known_name_prefix(text, _IRREGULAR_NAMES)
    if known and not known.endswith("郡"):
        return known  # before the 郡 rule, which would cut 大和郡山市 at 大和郡
    if county := known or _match_or_empty(_COUNTY, text):
        after = text[len(county) :]
        town = _known_name_prefix(after, _IRREGULAR_NAMES)
        return county + (town or _match_or_empty(_TOWN_OR_VILLAGE, after))
    return _match_or_empty(_MUNICIPALITY, text)


def _known_name_prefix(text: str, names: tuple[str, ...]) -> str:
    """Return the longest of the names that the text starts with, or ""."""
    return max((n for n in names if text.startswith(n)), key=len, default="")


def _match_or_empty(pattern: re.Pattern[str], text: str) -> str:
    """Return the pattern's match at the start of the text, or ""."""
    match = pattern.match(text)
    return match.group() if match else ""


def town_name_matches(address_town: str, town_name: str) -> bool:
    """Whether a 町字 written in an address is the named 町丁目 (中央3丁目 = 中央三丁目)."""
    key = _town_key(address_town)
    return bool(key) and key == _town_key(town_name)


def _town_key(town: str) -> str:
    """Comparison key for a 町字: normalize(), 大字/字 dropped, block numbers in digits."""
    town = _OAZA.sub("", _fold_small_ke(_WHITESPACE.sub("", unicodedata.normalize("NFKC", town))))
    return normalize(_KANJI_BLOCK_NUMBER.sub(lambda m: _kanji_to_arabic(m.group()), town))


def distance_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in metres between two points (haversine, mean earth radius)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi, d_lambda = phi2 - phi1, math.radians(lng2 - lng1)
    h = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    # min() guards against h creeping just above 1 by rounding for antipodal points.
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(min(1.0, h)))
