"""Tests for Sudachi readings and normalised forms."""

import threading
from concurrent.futures import ThreadPoolExecutor

from sasaeai.utils import reading as reading_module
from sasaeai.utils.reading import normalized_forms, reading


def test_a_kanji_compound_is_read_in_hiragana() -> None:
    # 体操 タイソウ + 教室 キョウシツ → hiragana.
    assert reading("体操教室") == "たいそうきょうしつ"


def test_katakana_loan_words_are_folded_to_hiragana() -> None:
    # いきいき イキイキ + サロン サロン.
    assert reading("いきいきサロン") == "いきいきさろん"
    assert reading("地域包括支援センター") == "ちいきほうかつしえんせんたー"


def test_municipality_names_get_their_proper_readings() -> None:
    # Checked against each municipality's own romanisation: Higashiyamato, Mizuho-machi
    # (not みずほちょう), Akishima, Kokubunji.
    assert reading("東大和市") == "ひがしやまとし"
    assert reading("瑞穂町") == "みずほまち"
    assert reading("昭島市") == "あきしまし"
    assert reading("国分寺市") == "こくぶんじし"


def test_everyday_welfare_words_are_read_correctly() -> None:
    assert reading("介護予防") == "かいごよぼう"
    assert reading("認知症カフェ") == "にんちしょうかふぇ"
    assert reading("子ども食堂") == "こどもしょくどう"
    assert reading("公民館") == "こうみんかん"


def test_punctuation_brackets_and_spaces_are_dropped() -> None:
    # 「 」 ・ 。 and the ideographic space carry no sound.
    assert reading("「さくら」体操・教室。") == "さくらたいそうきょうしつ"
    assert reading("いきいき\u3000サロン") == "いきいきさろん"


def test_ascii_letters_and_digits_are_kept_in_lower_case_after_nfkc() -> None:
    # Full-width ＡＢＣ and １２３ become abc and 123 rather than えーびーしー or いちにさん.
    assert reading("ＡＢＣ体操１２３") == "abcたいそう123"


def test_half_width_katakana_is_read_like_full_width() -> None:
    assert reading("ｻﾛﾝ") == "さろん"


def test_a_kanji_the_dictionary_lacks_is_kept_rather_than_dropped() -> None:
    # 𠮷 (U+20BB7) is unknown to Sudachi and tagged as a symbol; losing it would hide the name.
    assert reading("𠮷").startswith("𠮷")


def test_empty_blank_and_symbol_only_text_reads_as_empty() -> None:
    assert reading("") == ""
    assert reading("  ") == ""
    assert reading("☆♪") == ""


def test_normalized_forms_unify_spelling_variants() -> None:
    # Sudachi's normalised forms: 附属 → 付属, こども/子ども → 子供, ヴァイオリン → バイオリン.
    assert normalized_forms("附属病院") == "付属 病院"
    assert normalized_forms("こども食堂") == "子供 食堂"
    assert normalized_forms("子ども食堂") == "子供 食堂"
    assert normalized_forms("ヴァイオリン教室") == "バイオリン 教室"


def test_normalized_forms_keep_a_verb_in_its_dictionary_form() -> None:
    assert normalized_forms("打ち込む") == "打ち込む"


def test_normalized_forms_drop_punctuation_and_unify_width() -> None:
    # ＡＢＣ → ABC (Sudachi upper-cases its normalised Latin), the 「」 and ・ go.
    assert normalized_forms("「ＡＢＣ」体操・教室") == "ABC 体操 教室"


def test_very_long_text_is_read_in_chunks_without_a_sudachi_error() -> None:
    # 20,000 × 体操 is 40,000 characters, 120 KB in UTF-8: over Sudachi's 49 KB limit.
    assert reading("体操" * 20_000) == "たいそう" * 20_000


def test_each_thread_gets_its_own_tokenizer_and_reuses_it() -> None:
    main_tokenizer = reading_module._tokenizer()
    assert reading_module._tokenizer() is main_tokenizer
    seen: list[object] = []
    thread = threading.Thread(target=lambda: seen.append(reading_module._tokenizer()))
    thread.start()
    thread.join()
    assert seen[0] is not main_tokenizer


def test_readings_from_many_threads_at_once_are_all_correct() -> None:
    words = ["体操教室", "東大和市", "公民館", "介護予防"] * 25
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(reading, words))
    assert results == ["たいそうきょうしつ", "ひがしやまとし", "こうみんかん", "かいごよぼう"] * 25
