"""標準額 of 生活支援体制整備事業: 第1層 unit × n, 第2層 unit × areas, and, when the
住民参画・官民連携推進事業 runs, its unit × n. n is 1 for an ordinary municipality, the number of
wards for a 指定都市 and the number of member municipalities for a 一部事務組合・広域連合.
Amounts are in thousand yen (千円); the units are stored per 年度 (they change)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sasaeai.areas.constants import MunicipalityKind


@dataclass(frozen=True)
class Units:
    """The unit amounts of one 年度, in 千円."""

    layer1: int
    layer2: int
    programme: int


@dataclass(frozen=True)
class StandardAmount:
    kind: str
    n: int
    areas: int
    programme: bool
    units: Units

    @property
    def layer1(self) -> int:
        return self.units.layer1 * self.n

    @property
    def layer2(self) -> int:
        return self.units.layer2 * self.areas

    @property
    def programme_amount(self) -> int:
        return self.units.programme * self.n if self.programme else 0

    @property
    def total(self) -> int:
        return self.layer1 + self.layer2 + self.programme_amount

    @property
    def n_word(self) -> str:
        if self.kind == MunicipalityKind.DESIGNATED_CITY:
            return _("%(n)d区") % {"n": self.n}
        if self.kind == MunicipalityKind.UNION:
            return _("構成市町村%(n)d") % {"n": self.n}
        return _("%(n)d市町村") % {"n": self.n}

    @property
    def working(self) -> list[str]:
        """The calculation as a coordinator would write it out, line by line."""
        lines = [
            _("第1層：%(unit)s千円 × %(n)s = %(amount)s千円")
            % {"unit": f"{self.units.layer1:,}", "n": self.n_word, "amount": f"{self.layer1:,}"},
            _("第2層：%(unit)s千円 × %(areas)d圏域 = %(amount)s千円")
            % {"unit": f"{self.units.layer2:,}", "areas": self.areas, "amount": f"{self.layer2:,}"},
        ]
        if self.programme:
            lines.append(
                _("住民参画・官民連携推進事業：%(unit)s千円 × %(n)s = %(amount)s千円")
                % {
                    "unit": f"{self.units.programme:,}",
                    "n": self.n_word,
                    "amount": f"{self.programme_amount:,}",
                }
            )
        parts = [f"{self.layer1:,}", f"{self.layer2:,}"] + (
            [f"{self.programme_amount:,}"] if self.programme else []
        )
        lines.append(
            _("合計：%(parts)s = %(total)s千円")
            % {"parts": " + ".join(parts), "total": f"{self.total:,}"}
        )
        return lines


def standard_amount(
    *, kind: str, n: int, areas: int, programme: bool, units: Units
) -> StandardAmount:
    """The 標準額; refuses an n that does not fit the kind, in Japanese naming the field."""
    if kind not in MunicipalityKind.values:
        raise ValidationError({"kind": _("市町村の種別を選んでください。")})
    if kind == MunicipalityKind.ORDINARY and n != 1:
        raise ValidationError({"n": _("一般の市町村では1です。")})
    if kind == MunicipalityKind.DESIGNATED_CITY and n < 1:
        raise ValidationError({"n": _("指定都市では区の数（1以上）を入れてください。")})
    if kind == MunicipalityKind.UNION and n < 2:
        raise ValidationError(
            {"n": _("広域連合・一部事務組合では構成市町村の数（2以上）を入れてください。")}
        )
    if areas < 0:
        raise ValidationError({"areas": _("日常生活圏域の数は0以上にしてください。")})
    return StandardAmount(kind=kind, n=n, areas=areas, programme=programme, units=units)
