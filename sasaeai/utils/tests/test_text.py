"""Tests for Japanese text normalisation and 50音順 sort keys."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sasaeai.utils.text import kana_sort_key, normalize, to_hiragana, to_katakana


def test_katakana_hiragana_and_half_width_katakana_normalize_alike() -> None:
    assert normalize("サロン") == "さろん"
    assert normalize("さろん") == "さろん"
    assert normalize("ｻﾛﾝ") == "さろん"  # half width → サロン (NFKC) → さろん


def test_full_width_latin_and_digits_become_lower_case_ascii() -> None:
    assert normalize("ＡＢＣ１") == "abc1"


def test_every_kind_of_space_is_removed() -> None:
    # U+3000 ideographic space, an ASCII space, a tab and a newline all go.
    assert normalize("いきいき\u3000サロン 体操\t教室\n") == "いきいきさろん体操教室"


def test_zero_width_characters_pasted_from_office_documents_are_removed() -> None:
    assert normalize("さ\u200bろ\ufeffん") == "さろん"


def test_the_long_vowel_mark_is_kept() -> None:
    assert normalize("コーヒー") == "こーひー"
    assert normalize("ｺｰﾋｰ") == "こーひー"  # half-width ｰ becomes ー under NFKC


def test_vu_folds_to_hiragana_vu_whether_full_or_half_width() -> None:
    # ｳ + ﾞ compose to ヴ under NFKC; jaconv turns ヴ into ゔ; ｧ becomes ァ then ぁ.
    assert normalize("ヴァイオリン") == "ゔぁいおりん"
    assert normalize("ｳﾞｧｲｵﾘﾝ") == "ゔぁいおりん"


def test_katakana_with_no_hiragana_twin_is_spelled_out() -> None:
    assert normalize("ヷヸヹヺ") == "ゔぁゔぃゔぇゔぉ"


def test_kanji_pass_through_normalize_unchanged() -> None:
    assert normalize("東大和市") == "東大和市"


def test_to_hiragana_unifies_width_but_keeps_case_and_spaces() -> None:
    assert to_hiragana("ｻﾛﾝ") == "さろん"
    assert to_hiragana("ＡＢＣ サロン") == "ABC さろん"


def test_to_katakana_unifies_width_and_turns_hiragana_into_katakana() -> None:
    assert to_katakana("さろん") == "サロン"
    assert to_katakana("ｻﾛﾝ") == "サロン"
    assert to_katakana("ゔぁいおりん") == "ヴァイオリン"


def test_names_sort_in_gojuon_order_with_voicing_ignored_at_first() -> None:
    names = ["わたなべ", "あべ", "がくえん", "かわい", "さとう", "あおき"]
    # First level ignores dakuten: あおき < あへ (お before へ); かくえん < かわい (く before わ),
    # so がくえん precedes かわい; then さ, then わ.
    expected = ["あおき", "あべ", "がくえん", "かわい", "さとう", "わたなべ"]
    assert sorted(names, key=kana_sort_key) == expected


def test_a_voiced_kana_sorts_right_after_its_unvoiced_base() -> None:
    # か and が tie at the first level and が loses on voicing; かい is longer, so last.
    assert sorted(["かい", "が", "か"], key=kana_sort_key) == ["か", "が", "かい"]


def test_unvoiced_voiced_and_semi_voiced_are_distinct_and_in_that_order() -> None:
    assert sorted(["ぱぱ", "はは", "ばば"], key=kana_sort_key) == ["はは", "ばば", "ぱぱ"]
    assert len({kana_sort_key("はは"), kana_sort_key("ばば"), kana_sort_key("ぱぱ")}) == 3


def test_small_kana_sort_as_large_ones_and_then_after_them() -> None:
    # 直音 before 拗音・促音, as dictionaries do: 美容院 (びよういん) before 病院 (びょういん).
    assert sorted(["びょういん", "びよういん"], key=kana_sort_key) == ["びよういん", "びょういん"]
    assert sorted(["かって", "かつて"], key=kana_sort_key) == ["かつて", "かって"]
    # っ counts as つ at the first level, so かって still precedes かとう (つ before と).
    assert sorted(["かとう", "かって"], key=kana_sort_key) == ["かって", "かとう"]


def test_the_long_vowel_mark_is_ignored_at_the_first_level_but_keeps_words_apart() -> None:
    # かーど has first level かと, so it sits just after かど and before かとう.
    assert sorted(["かとう", "かーど", "かど"], key=kana_sort_key) == ["かど", "かーど", "かとう"]
    assert kana_sort_key("かーど") != kana_sort_key("かど")


def test_katakana_and_half_width_readings_get_the_same_key_as_hiragana() -> None:
    assert kana_sort_key("サトウ") == kana_sort_key("さとう") == kana_sort_key("ｻﾄｳ")


def test_iteration_marks_repeat_the_previous_kana() -> None:
    assert kana_sort_key("いすゞ") == kana_sort_key("いすず")
    assert kana_sort_key("さゝき") == kana_sort_key("ささき")


def test_a_plain_reading_is_its_own_key() -> None:
    # Nothing to break ties on, so the key is just the hiragana, readable in the database.
    assert kana_sort_key("さとう") == "さとう"


def test_the_key_is_at_most_twice_the_reading_plus_one_character() -> None:
    # 200 voiced kana: 200 first-level characters, a separator and 200 tie-breaks = 401.
    assert len(kana_sort_key("が" * 200)) == 401


def test_an_empty_reading_has_an_empty_key() -> None:
    assert kana_sort_key("") == ""


_KANA = st.text(alphabet="あいうかがぱっゃーアガパｶﾞ", max_size=8)


@settings(max_examples=50, deadline=None)
@given(_KANA)
def test_normalize_is_idempotent(text: str) -> None:
    assert normalize(normalize(text)) == normalize(text)


@settings(max_examples=50, deadline=None)
@given(_KANA, _KANA)
def test_a_reading_that_is_a_prefix_of_another_sorts_first(head: str, tail: str) -> None:
    # Prefix on the first level means the longer reading has more kana, which always sorts later.
    if tail.strip("ー"):
        assert kana_sort_key(head) < kana_sort_key(head + tail)


@pytest.mark.parametrize("text", ["さとう", "ガクエン", "ﾜﾀﾅﾍﾞ"])
def test_the_key_has_no_control_characters(text: str) -> None:
    assert all(ord(char) >= 0x20 for char in kana_sort_key(text))
