"""全国地方公共団体コード: six-digit local government codes with a check digit."""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_WEIGHTS = (6, 5, 4, 3, 2)
# re.ASCII because \d would also accept Arabic-Indic and other digits that NFKC leaves alone.
_DIGITS = re.compile(r"\d+", re.ASCII)


def check_digit(first_five: str) -> int:
    """Return the check digit (modulus 11, weights 6-5-4-3-2) of a five-digit group code."""
    if len(first_five) != len(_WEIGHTS) or not _DIGITS.fullmatch(first_five):
        raise ValueError(_("検査数字は5桁の数字から計算します: %(code)s") % {"code": first_five})
    total = sum(int(digit) * weight for digit, weight in zip(first_five, _WEIGHTS, strict=True))
    # The published rule maps a remainder of 0 or 1 (11 - r = 11 or 10) to 1 or 0.
    return (11 - total % 11) % 10


def is_valid_lgcode(code: str) -> bool:
    """Return whether the code is six digits (after NFKC) ending in the right check digit."""
    code = unicodedata.normalize("NFKC", code)
    if len(code) != 6 or not _DIGITS.fullmatch(code):
        return False
    return check_digit(code[:5]) == int(code[5])


def validate_lgcode(value: object) -> None:
    """Django validator for 全国地方公共団体コード with a Japanese message for each fault."""
    code = unicodedata.normalize("NFKC", str(value))
    params = {"value": value}
    if not _DIGITS.fullmatch(code):
        raise ValidationError(
            _("全国地方公共団体コード「%(value)s」は半角または全角の数字だけで入力してください"),
            code="lgcode_not_digits",
            params=params,
        )
    if len(code) == 5:
        # Many lists print the five-digit 団体コード without its check digit.
        raise ValidationError(
            _(
                "全国地方公共団体コード「%(value)s」は5桁です。"
                "末尾に検査数字を付けた6桁（%(full)s）で入力してください"
            ),
            code="lgcode_missing_check_digit",
            params={**params, "full": f"{code}{check_digit(code)}"},
        )
    if len(code) != 6:
        raise ValidationError(
            _("全国地方公共団体コード「%(value)s」は6桁で入力してください（%(length)d桁です）"),
            code="lgcode_length",
            params={**params, "length": len(code)},
        )
    if not is_valid_lgcode(code):
        raise ValidationError(
            _(
                "全国地方公共団体コード「%(value)s」の検査数字が正しくありません"
                "（末尾は%(digit)dのはずです）"
            ),
            code="lgcode_check_digit",
            params={**params, "digit": check_digit(code[:5])},
        )
