"""The municipality's analysis settings: its own 参加率 target, the matrix thresholds, the
detour factor of walking coverage and the weights of the priority ranking."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


def default_weights() -> dict[str, str]:
    return {"late_elderly": "1", "uncovered": "1", "missing_supports": "1", "risk": "1"}


class AnalysisSettings(models.Model):
    """Per-municipality settings of 地域課題の抽出 (defaults are the national practice)."""

    municipality = models.OneToOneField(
        "areas.Municipality", on_delete=models.CASCADE, related_name="analysis_settings"
    )
    participation_target = models.DecimalField(
        _("参加率の市町村目標（％）"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("100"))],
        help_text=_("国の目標は8％です。計画で定めた目標があれば入力します。"),
    )
    short_below = models.DecimalField(
        _("「不足」とする割合（中央値の何倍未満）"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.50"),
        validators=[MinValueValidator(Decimal("0.05")), MaxValueValidator(Decimal("0.95"))],
    )
    rich_above = models.DecimalField(
        _("「充実」とする割合（中央値の何倍超）"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.50"),
        validators=[MinValueValidator(Decimal("1.05")), MaxValueValidator(Decimal("5.00"))],
    )
    detour_factor = models.DecimalField(
        _("迂回係数（直線距離に掛ける数）"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.30"),
        validators=[MinValueValidator(Decimal("1.00")), MaxValueValidator(Decimal("3.00"))],
    )
    weights = models.JSONField(_("優先順位の重み"), default=default_weights)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("地域課題の抽出の設定")
        verbose_name_plural = _("地域課題の抽出の設定")

    def __str__(self) -> str:
        return f"{self.municipality} 分析の設定"


class MeshPopulation(models.Model):
    """Population of one 500 m mesh (JIS X 0410 level 4) from the census (e-Stat 地域メッシュ
    統計), placed on the nearest town of the municipality. Walking coverage counts residents 65+
    at the mesh centres when a municipality has meshes, else at the towns' centres.
    A suppressed cell (`*` in the file) is stored empty: its people are counted in the mesh the
    census merged them into."""

    municipality = models.ForeignKey(
        "areas.Municipality", on_delete=models.CASCADE, related_name="meshes"
    )
    code = models.CharField(_("メッシュコード"), max_length=9)
    town = models.ForeignKey(
        "areas.Town", on_delete=models.CASCADE, related_name="meshes", verbose_name=_("町丁目")
    )
    latitude = models.FloatField(_("中心の緯度"))
    longitude = models.FloatField(_("中心の経度"))
    total = models.PositiveIntegerField(_("人口総数"), null=True, blank=True)
    age65 = models.PositiveIntegerField(_("65歳以上人口"), null=True, blank=True)
    age75 = models.PositiveIntegerField(_("75歳以上人口"), null=True, blank=True)
    import_batch = models.ForeignKey(
        "core.ImportBatch", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("500mメッシュ人口")
        verbose_name_plural = _("500mメッシュ人口")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="mesh_unique_code")
        ]

    def __str__(self) -> str:
        return self.code


class NeedsSurveyValue(models.Model):
    """One figure of the 介護予防・日常生活圏域ニーズ調査 for one area and 年度, in % of the
    respondents (e.g. 閉じこもり傾向 18.2)."""

    municipality = models.ForeignKey(
        "areas.Municipality", on_delete=models.CASCADE, related_name="needs_survey_values"
    )
    area = models.ForeignKey(
        "areas.Area",
        on_delete=models.CASCADE,
        related_name="needs_survey_values",
        verbose_name=_("日常生活圏域"),
    )
    indicator = models.CharField(_("指標"), max_length=100)
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    value = models.DecimalField(
        _("値（％）"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    import_batch = models.ForeignKey(
        "core.ImportBatch", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ニーズ調査の結果")
        verbose_name_plural = _("ニーズ調査の結果")
        ordering = ["fiscal_year", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "indicator", "fiscal_year"],
                name="needs_survey_unique",
                violation_error_message=_("同じ圏域・指標・年度の値が既にあります。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.indicator} {self.fiscal_year}"
