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
