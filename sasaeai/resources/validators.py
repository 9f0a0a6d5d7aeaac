"""Checks for identifiers used in the registry."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def corporate_number_check_digit(base12: str) -> int:
    """法人番号の検査用数字: 9 - (Σ P(n)×Q(n) mod 9), n counted from the right, Q = 1 odd / 2 even."""
    total = sum(int(d) * (1 if n % 2 else 2) for n, d in enumerate(reversed(base12), start=1))
    return 9 - total % 9


def validate_corporate_number(value: str) -> None:
    """13 digits whose first digit is the check digit of the other twelve."""
    if len(value) != 13 or not value.isascii() or not value.isdigit():
        raise ValidationError(
            _("法人番号は13桁の数字で入力してください。"), code="corporate_number_format"
        )
    if int(value[0]) != corporate_number_check_digit(value[1:]):
        raise ValidationError(
            _("法人番号「%(number)s」の検査用数字（先頭の1桁）が正しくありません。")
            % {"number": value},
            code="corporate_number_check",
        )
