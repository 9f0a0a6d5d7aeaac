"""Lists of categories for municipalities, areas and population."""

from pathlib import Path

from django.db import models
from django.utils.translation import gettext_lazy as _

# The national municipality master (code4fukui/localgovjp, CC0), copied into the package so a
# clone of this repository alone can load it: see data/README.md.
MUNICIPALITY_MASTER_CSV = Path(__file__).resolve().parent / "data" / "localgovjp-utf8.csv"


class MunicipalityKind(models.TextChoices):
    ORDINARY = "ordinary", _("市町村")
    DESIGNATED_CITY = "designated", _("指定都市")
    UNION = "union", _("広域連合・一部事務組合")


class Layer(models.IntegerChoices):
    FIRST = 1, _("第1層")
    SECOND = 2, _("第2層（日常生活圏域）")


class Sex(models.TextChoices):
    TOTAL = "T", _("男女計")
    MALE = "M", _("男性")
    FEMALE = "F", _("女性")


# 高齢化率の分母: 総人口（年齢不詳を含む）。画面と帳票にこの文言を添える。
AGING_RATE_DENOMINATOR_NOTE = _("高齢化率＝65歳以上人口÷総人口（年齢不詳を含む）")

# Said where an area's or a town's figures would be, when the 調査日 has only the whole
# municipality's row (many municipalities publish just that, one row a month).
NO_AREA_FIGURES = _("町丁目別の人口がないため、圏域ごとの数は出せません")
NO_TOWN_FIGURES = _("この調査日の町丁目別の人口はありません")
