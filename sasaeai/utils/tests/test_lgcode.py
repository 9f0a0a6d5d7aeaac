"""Tests for 全国地方公共団体コード check digits and validation."""

import csv
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from sasaeai.utils.lgcode import check_digit, is_valid_lgcode, validate_lgcode

# The national master copied into the package (utils itself stays free of the domain apps).
LOCALGOV_CSV = Path(__file__).resolve().parents[2] / "areas" / "data" / "localgovjp-utf8.csv"


@pytest.mark.parametrize(
    ("first_five", "expected"),
    [
        # 1*6 + 3*5 + 1*4 + 0*3 + 1*2 = 27; 27 % 11 = 5; 11 - 5 = 6 (千代田区 131016)
        ("13101", 6),
        # 0*6 + 1*5 + 1*4 + 0*3 + 0*2 = 9; 9 % 11 = 9; 11 - 9 = 2 (札幌市 011002)
        ("01100", 2),
        # 6 + 15 + 4 + 0 + 8 = 33; 33 % 11 = 0; 11 - 0 = 11 → 1 (新宿区 131041)
        ("13104", 1),
        # 0 + 5 + 4 + 0 + 14 = 23; 23 % 11 = 1; 11 - 1 = 10 → 0 (札幌市西区 011070)
        ("01107", 0),
        # 2*6 + 6*5 + 1*4 = 46; 46 % 11 = 2; 11 - 2 = 9 (京都市 261009)
        ("26100", 9),
    ],
)
def test_check_digit_follows_the_modulus_11_rule(first_five: str, expected: int) -> None:
    assert check_digit(first_five) == expected


@pytest.mark.parametrize("bad", ["1310", "131016", "1310a", "１３１０１", ""])
def test_check_digit_needs_exactly_five_ascii_digits(bad: str) -> None:
    with pytest.raises(ValueError):
        check_digit(bad)


@pytest.mark.parametrize("code", ["131016", "011002", "131041", "011070", "１３１０１６"])
def test_codes_with_the_right_check_digit_are_valid(code: str) -> None:
    assert is_valid_lgcode(code)


@pytest.mark.parametrize(
    "code",
    [
        "131017",  # the check digit of 13101 is 6
        "13101",  # five digits: the check digit is missing
        "1310160",
        "13101a",
        "131 016",
        "١٣١٠١٦",  # Arabic-Indic digits survive NFKC but are not ASCII
        "",
    ],
)
def test_other_codes_are_invalid(code: str) -> None:
    assert not is_valid_lgcode(code)


def _message_of(value: object) -> tuple[str, str | None]:
    """Run the validator and return the rendered message and code of its error."""
    with pytest.raises(ValidationError) as raised:
        validate_lgcode(value)
    return raised.value.messages[0], raised.value.code


def test_validate_lgcode_accepts_a_correct_code() -> None:
    validate_lgcode("131016")
    validate_lgcode("１３１０１６")


def test_validate_lgcode_names_the_expected_check_digit() -> None:
    assert _message_of("131017") == (
        "全国地方公共団体コード「131017」の検査数字が正しくありません（末尾は6のはずです）",
        "lgcode_check_digit",
    )


def test_validate_lgcode_suggests_the_six_digit_code_for_a_five_digit_one() -> None:
    assert _message_of("13101") == (
        "全国地方公共団体コード「13101」は5桁です。末尾に検査数字を付けた6桁（131016）で入力してください",
        "lgcode_missing_check_digit",
    )


def test_validate_lgcode_reports_a_wrong_length() -> None:
    assert _message_of("1310160") == (
        "全国地方公共団体コード「1310160」は6桁で入力してください（7桁です）",
        "lgcode_length",
    )


@pytest.mark.parametrize("value", ["13101A", "東京都", "131-016", ""])
def test_validate_lgcode_reports_characters_that_are_not_digits(value: str) -> None:
    assert _message_of(value) == (
        f"全国地方公共団体コード「{value}」は半角または全角の数字だけで入力してください",
        "lgcode_not_digits",
    )


def test_every_local_government_in_the_national_list_has_a_valid_code() -> None:
    # No skip when the file is missing: CI must notice that the master list is gone.
    assert LOCALGOV_CSV.is_file(), f"{LOCALGOV_CSV} がありません"
    with LOCALGOV_CSV.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == 1916
    assert [row["lgcode"] for row in rows if not is_valid_lgcode(row["lgcode"])] == []


@settings(max_examples=50, deadline=None)
@given(st.from_regex(r"[0-9]{5}", fullmatch=True), st.integers(min_value=1, max_value=9))
def test_only_the_computed_check_digit_makes_a_code_valid(first_five: str, shift: int) -> None:
    right = check_digit(first_five)
    assert is_valid_lgcode(f"{first_five}{right}")
    assert not is_valid_lgcode(f"{first_five}{(right + shift) % 10}")
