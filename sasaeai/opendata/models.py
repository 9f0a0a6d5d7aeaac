from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .constants import ATTRIBUTION_MAX, License


class OpenDataSettings(models.Model):
    """Per municipality: the licence of its open data and the attribution it asks for."""

    municipality = models.OneToOneField(
        "areas.Municipality", on_delete=models.CASCADE, related_name="opendata_settings"
    )
    license = models.CharField(
        _("ライセンス"), max_length=16, choices=License.choices, default=License.CC_BY
    )
    attribution = models.CharField(
        _("出典の表示"),
        max_length=ATTRIBUTION_MAX,
        help_text=_("利用する人に表示してもらう出典の文言です。"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("オープンデータの設定")
        verbose_name_plural = _("オープンデータの設定")

    def __str__(self) -> str:
        return str(self.municipality)
