"""計画と事業: the unit amounts of the 標準額 per 年度 (this part)."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class StandardAmountUnit(models.Model):
    """The national unit amounts of one 年度, in 千円 (they change from year to year)."""

    fiscal_year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    layer1 = models.PositiveIntegerField(_("第1層（千円）"), validators=[MinValueValidator(1)])
    layer2 = models.PositiveIntegerField(
        _("第2層 1圏域あたり（千円）"), validators=[MinValueValidator(1)]
    )
    programme = models.PositiveIntegerField(
        _("住民参画・官民連携推進事業（千円）"), validators=[MinValueValidator(0)]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("標準額の単価")
        verbose_name_plural = _("標準額の単価")
        ordering = ["-fiscal_year"]

    def __str__(self) -> str:
        return f"{self.fiscal_year}年度"
