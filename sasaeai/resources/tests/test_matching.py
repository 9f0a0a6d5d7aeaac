"""Tests for the name and address keys used to find duplicates."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sasaeai.resources.matching import (
    AddressParts,
    distance_m,
    normalize_address,
    normalize_name,
    similar_names,
    split_address,
    town_name_matches,
)

# --- normalize_name ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["株式会社さくら", "(株)さくら", "㈱さくら", "さくら株式会社", "（株）サクラ", "㍿さくら"],
)
def test_every_spelling_of_kabushiki_kaisha_is_removed(name: str) -> None:
    # ㈱ and （株） both become (株) under NFKC, ㍿ becomes 株式会社, サクラ becomes さくら.
    assert normalize_name(name) == "さくら"


@pytest.mark.parametrize(
    "name",
    [
        "有限会社さくら",
        "(有)さくら",
        "㈲さくら",
        "合同会社さくら",
        "一般社団法人さくら",
        "(一社)さくら",
        "公益社団法人さくら",
        "一般財団法人さくら",
        "公益財団法人さくら",
        "社会福祉法人さくら",
        "(福)さくら",
        "特定非営利活動法人さくら",
        "NPO法人さくら",
        "ＮＰＯ法人さくら",
        "(特非)さくら",
        "認定NPO法人さくら",
        "医療法人さくら",
        "医療法人社団さくら",
    ],
)
def test_other_legal_forms_and_their_abbreviations_are_removed(name: str) -> None:
    assert normalize_name(name) == "さくら"


def test_the_long_legal_form_goes_whole_rather_than_leaving_a_prefix_behind() -> None:
    # 一般社団法人 contains 社団法人; removing only the shorter one would leave 一般.
    assert normalize_name("一般社団法人さくら会") == "さくら会"


def test_brackets_separators_and_decorations_are_removed_but_the_long_vowel_stays() -> None:
    # 「 」 ・ ☆ ＆ 〜 go; コーヒー keeps both ー (it is part of the word).
    assert normalize_name("「いきいき・サロン」☆") == "いきいきさろん"
    assert normalize_name("コーヒー＆カフェ〜") == "こーひーかふぇ"


def test_name_keys_fold_width_case_kana_and_spaces() -> None:
    assert normalize_name("ｲｷｲｷ サロン　ＡＢＣ") == "いきいきさろんabc"


def test_a_name_that_is_only_a_legal_form_normalizes_to_empty() -> None:
    assert normalize_name("株式会社") == ""


# --- similar_names ----------------------------------------------------------------------------


def test_names_differing_only_in_kana_and_spaces_are_similar() -> None:
    assert similar_names("いきいきサロン中央", "いきいきさろん 中央")


def test_names_differing_only_in_legal_form_are_similar() -> None:
    assert similar_names("(株)さくら", "さくら㈲")


def test_two_different_hobbies_in_short_names_are_not_similar() -> None:
    # 体操くらぶ vs 囲碁くらぶ: 5 characters each, 3 shared (くらぶ): ratio 2×3/10 = 0.6.
    assert not similar_names("体操クラブ", "囲碁クラブ")


def test_one_mistyped_character_in_a_longer_name_is_similar() -> None:
    # いきいき体操くらぶ vs いきいき体躁くらぶ: 9 characters each, 8 shared: 16/18 ≈ 0.889 ≥ 0.85.
    assert similar_names("いきいき体操クラブ", "いきいき体躁クラブ")


def test_one_different_character_in_a_six_character_name_is_not_enough() -> None:
    # 中央体操教室 vs 中央体育教室: 6 each, 5 shared (中央体, 教室): 10/12 ≈ 0.833 < 0.85.
    assert not similar_names("中央体操教室", "中央体育教室")


def test_a_name_contained_in_another_is_similar_when_both_have_four_characters() -> None:
    # さくら体操 (5) lies inside さくら体操くらぶ (8).
    assert similar_names("さくら体操", "さくら体操クラブ")


def test_a_three_character_name_inside_another_is_not_similar_by_containment() -> None:
    # さくら (3) is too short for containment; ratio 2×3/(3+5) = 0.75 < 0.85.
    assert not similar_names("さくら", "さくら体操")


def test_names_that_are_only_legal_forms_are_never_similar() -> None:
    assert not similar_names("株式会社", "株式会社")


@given(
    st.text(alphabet="さくら体操クラブ会 (株)", max_size=10),
    st.text(alphabet="さくら体操", max_size=10),
)
def test_similarity_does_not_depend_on_the_order_of_the_names(a: str, b: str) -> None:
    assert similar_names(a, b) == similar_names(b, a)


# --- normalize_address ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "〒207-0015 東京都東大和市中央三丁目5番2号",
        "2070015東京都東大和市中央3‐5‐2",  # bare postal code, U+2010 hyphens
        "東大和市中央3-5-2",
        "東京都東大和市中央３－５－２",  # full-width digits and dash
        "東大和市中央3丁目5番地2",
        "東大和市中央3丁目5-2",
        "東大和市 中央 3ー5ー2",  # long vowel mark typed as a dash between digits
        "東大和市中央三丁目五番二号",
        "東大和市中央3−5−2",  # U+2212 minus sign
        "東大和市中央3―5―2",  # U+2015 horizontal bar
    ],
)
def test_every_spelling_of_one_block_number_gives_the_same_key(address: str) -> None:
    # 〒, postal code, 東京都 and spaces dropped; 三丁目5番2号 → 3-5-2.
    assert normalize_address(address) == "東大和市中央3-5-2"


def test_a_different_last_number_gives_a_different_key() -> None:
    assert normalize_address("東大和市中央3-5-2") != normalize_address("東大和市中央3-5-20")
    assert normalize_address("東大和市中央3-5-2") != normalize_address("東大和市中央3-15-2")


def test_the_building_after_the_number_is_kept_without_spaces() -> None:
    assert normalize_address("東大和市中央3-5-2 さくらビル201") == "東大和市中央3-5-2さくらビル201"
    assert (
        normalize_address("東大和市中央3丁目5番2号さくらビル201")
        == "東大和市中央3-5-2さくらビル201"
    )


def test_oaza_and_aza_are_dropped_and_a_trailing_banchi_too() -> None:
    # 大字 goes, 1234番地 → 1234- → 1234 (no number follows the dash).
    assert normalize_address("埼玉県入間郡三芳町大字上富1234") == "入間郡三芳町上富1234"
    assert normalize_address("入間郡三芳町上富1234番地") == "入間郡三芳町上富1234"
    assert normalize_address("沖縄県国頭郡東村字平良804") == "国頭郡東村平良804"


@pytest.mark.parametrize("prefecture", ["北海道", "東京都", "京都府", "大阪府", "神奈川県"])
def test_any_prefecture_is_dropped(prefecture: str) -> None:
    assert normalize_address(f"{prefecture}さくら市中央1-2-3") == "さくら市中央1-2-3"


def test_kyoto_city_is_not_mistaken_for_kyoto_prefecture() -> None:
    assert normalize_address("京都府京都市中京区寺町通御池上る上本能寺前町488") == (
        "京都市中京区寺町通御池上る上本能寺前町488"
    )


def test_kanji_numbers_are_converted_in_block_positions() -> None:
    # 十二 = 10 + 2, 二十三 = 2×10 + 3, 十 = 10.
    assert normalize_address("港区六本木十二丁目二十三番十号") == "港区六本木12-23-10"


def test_kanji_numbers_inside_place_names_are_left_alone() -> None:
    # 一番町 is a town (not block 1), 三鷹 and 八丁堀 are names; 四 before 丁目 is a number.
    assert normalize_address("千代田区一番町") == "千代田区一番町"
    assert normalize_address("三鷹市下連雀") == "三鷹市下連雀"
    assert normalize_address("中央区八丁堀四丁目") == "中央区八丁堀4"


def test_jo_numbers_of_hokkaido_addresses_compare_in_either_numeral() -> None:
    # 北一条西二丁目 → 北1条西2丁目 → 北1条西2 (dangling dash of 2丁目 dropped).
    assert normalize_address("北海道札幌市中央区北1条西2丁目") == "札幌市中央区北1条西2"
    assert normalize_address("札幌市中央区北一条西二丁目") == "札幌市中央区北1条西2"


def test_banchi_no_is_written_like_a_dash() -> None:
    # 6丁目50番地の10 → 6-50-10, as the city hall of 横浜市 writes its own address.
    assert normalize_address("神奈川県横浜市中区本町6丁目50番地の10") == "横浜市中区本町6-50-10"
    assert normalize_address("横浜市中区本町6の50の10") == "横浜市中区本町6-50-10"


def test_small_ke_and_large_ke_compare_equal() -> None:
    assert normalize_address("桜ヶ丘1-2-3") == "桜ケ丘1-2-3"
    assert normalize_address("桜ケ丘1-2-3") == "桜ケ丘1-2-3"


def test_the_long_vowel_mark_in_a_building_name_is_not_a_dash() -> None:
    assert normalize_address("中央1-2-3 センタービル") == "中央1-2-3センタービル"


# --- split_address ----------------------------------------------------------------------------


def test_a_full_address_is_split_into_every_part() -> None:
    assert split_address("〒207-0015 東京都東大和市中央三丁目5番2号 さくらビル201") == AddressParts(
        postal_code="207-0015",
        prefecture="東京都",
        city="東大和市",
        town="中央三丁目",
        rest="5番2号",
        building="さくらビル201",
    )


def test_a_bare_seven_digit_postal_code_is_recognised_and_hyphenated() -> None:
    parts = split_address("2070015東京都東大和市中央3-5-2")
    assert (parts.postal_code, parts.town, parts.rest) == ("207-0015", "中央", "3-5-2")


def test_a_county_belongs_to_the_city_part() -> None:
    # 瑞穂町役場: 〒190-1292 東京都西多摩郡瑞穂町大字箱根ケ崎2335番地.
    assert split_address("〒190-1292 東京都西多摩郡瑞穂町大字箱根ケ崎2335番地") == AddressParts(
        postal_code="190-1292",
        prefecture="東京都",
        city="西多摩郡瑞穂町",
        town="大字箱根ケ崎",
        rest="2335番地",
    )


def test_a_designated_city_keeps_its_ward_in_the_city_part() -> None:
    # 横浜市役所: 横浜市中区本町6丁目50番地の10.
    assert split_address("神奈川県横浜市中区本町6丁目50番地の10") == AddressParts(
        prefecture="神奈川県", city="横浜市中区", town="本町6丁目", rest="50番地の10"
    )
    assert split_address("福岡県北九州市八幡東区中央1-1-1").city == "北九州市八幡東区"


@pytest.mark.parametrize(
    ("address", "city", "town"),
    [
        ("三重県四日市市諏訪町1番5号", "四日市市", "諏訪町"),
        ("東京都東村山市本町1-2-3", "東村山市", "本町"),
        ("福島県郡山市朝日一丁目23番7号", "郡山市", "朝日一丁目"),
        ("奈良県大和郡山市北郡山町248番地4", "大和郡山市", "北郡山町"),
        ("長野県大町市大町3887", "大町市", "大町"),
        ("北海道余市郡余市町朝日町26", "余市郡余市町", "朝日町"),
        ("佐賀県杵島郡大町町大字大町5017", "杵島郡大町町", "大字大町"),
    ],
)
def test_cities_with_shi_machi_mura_or_gun_inside_their_name_are_kept_whole(
    address: str, city: str, town: str
) -> None:
    parts = split_address(address)
    assert (parts.city, parts.town) == (city, town)


def test_kanji_numbers_in_town_names_do_not_start_the_block_number() -> None:
    assert split_address("東京都港区六本木六-一-一") == AddressParts(
        prefecture="東京都", city="港区", town="六本木", rest="六-一-一"
    )
    assert split_address("千代田区一番町3") == AddressParts(
        city="千代田区", town="一番町", rest="3"
    )


def test_jo_numbers_belong_to_the_town_in_hokkaido() -> None:
    assert split_address("北海道札幌市中央区北1条西2丁目1番地") == AddressParts(
        prefecture="北海道", city="札幌市中央区", town="北1条西2丁目", rest="1番地"
    )


def test_spaces_before_the_number_go_and_the_first_one_after_starts_the_building() -> None:
    assert split_address("東京都 東大和市 中央3丁目 5-2 さくらビル 201") == AddressParts(
        prefecture="東京都",
        city="東大和市",
        town="中央3丁目",
        rest="5-2",
        building="さくらビル 201",
    )


def test_an_address_without_a_number_is_all_town_after_the_city() -> None:
    assert split_address("東京都東大和市桜が丘") == AddressParts(
        prefecture="東京都", city="東大和市", town="桜が丘"
    )


def test_an_empty_address_splits_into_empty_parts() -> None:
    assert split_address("") == AddressParts()


# --- town_name_matches ------------------------------------------------------------------------


def test_a_chome_in_digits_matches_the_same_chome_in_kanji() -> None:
    assert town_name_matches("中央3丁目", "中央三丁目")
    assert town_name_matches("中央十二丁目", "中央12丁目")


def test_oaza_small_ke_width_and_kana_do_not_prevent_a_match() -> None:
    assert town_name_matches("大字箱根ヶ崎", "箱根ケ崎")
    assert town_name_matches("ＳＡＫＵＲＡ台", "sakura台")
    assert town_name_matches("一ノ瀬", "一の瀬")  # ノ → の by kana folding


def test_a_town_without_its_chome_does_not_match_one_chome() -> None:
    assert not town_name_matches("中央", "中央三丁目")
    assert not town_name_matches("中央2丁目", "中央三丁目")


def test_an_empty_town_matches_nothing() -> None:
    assert not town_name_matches("", "")


# --- distance_m -------------------------------------------------------------------------------


def test_a_thousandth_of_a_degree_of_latitude_is_about_111_metres() -> None:
    # Along a meridian haversine gives R × Δφ: Δφ = 0.001 × π / 180 = 1.7453293e-5 rad;
    # 6,371,008.8 × 1.7453293e-5 = 111.195 m.
    assert distance_m(35.0, 139.0, 35.001, 139.0) == pytest.approx(111.195, abs=0.001)


def test_a_quarter_of_the_equator_is_r_times_half_pi() -> None:
    # 6,371,008.8 × π/2 = 6,371,008.8 × 1.5707963 = 10,007,557.2 m.
    assert distance_m(0.0, 0.0, 0.0, 90.0) == pytest.approx(10_007_557.2, abs=0.5)


def test_antipodal_points_are_half_the_circumference_apart() -> None:
    # 6,371,008.8 × π = 20,015,114.4 m, whether over the pole or along the equator.
    assert distance_m(90.0, 0.0, -90.0, 0.0) == pytest.approx(20_015_114.4, abs=0.5)
    assert distance_m(0.0, 0.0, 0.0, 180.0) == pytest.approx(20_015_114.4, abs=0.5)


def test_a_point_is_zero_metres_from_itself() -> None:
    assert distance_m(35.75, 139.42, 35.75, 139.42) == 0.0


@given(
    st.floats(-90, 90),
    st.floats(-180, 180),
    st.floats(-90, 90),
    st.floats(-180, 180),
)
def test_distance_is_symmetric_and_never_beyond_half_the_circumference(
    lat1: float, lng1: float, lat2: float, lng2: float
) -> None:
    d = distance_m(lat1, lng1, lat2, lng2)
    assert d == distance_m(lat2, lng2, lat1, lng1)
    assert 0.0 <= d <= 20_015_114.5
