"""Municipality (the tenant), its areas in two layers, towns (町丁目) and population by age."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sasaeai.core.versioning import VersionedModel
from sasaeai.utils.lgcode import validate_lgcode
from sasaeai.utils.text import kana_sort_key

from .constants import Layer, MunicipalityKind, Sex


class Municipality(models.Model):
    """A 市区町村 (or 広域連合): every domain row belongs to exactly one."""

    code = models.CharField(
        _("全国地方公共団体コード"), max_length=6, unique=True, validators=[validate_lgcode]
    )
    name = models.CharField(_("名称"), max_length=100)
    kana = models.CharField(_("ふりがな"), max_length=200, blank=True)
    prefecture = models.CharField(_("都道府県"), max_length=10)
    kind = models.CharField(
        _("種別"),
        max_length=16,
        choices=MunicipalityKind.choices,
        default=MunicipalityKind.ORDINARY,
    )
    members = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="unions",
        verbose_name=_("構成市町村"),
        help_text=_("広域連合・一部事務組合の場合のみ"),
    )
    latitude = models.FloatField(_("緯度"), null=True, blank=True)
    longitude = models.FloatField(_("経度"), null=True, blank=True)
    is_demo = models.BooleanField(_("デモデータ"), default=False)
    # How long personal data is kept after its record ended (sasaeai.core.retention); set by
    # the municipal admin on 「個人情報の保存期間」.
    personal_data_retention_years = models.PositiveSmallIntegerField(
        _("個人情報の保存期間（年）"),
        default=settings.PERSONAL_DATA_RETENTION_YEARS_DEFAULT,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("記録が終わってからこの年数を過ぎた個人情報を消去します（1〜100年）。"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("市町村")
        verbose_name_plural = _("市町村")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.prefecture}{self.name}" if self.prefecture else self.name

    @property
    def suffix(self) -> str:
        """「市」「町」「村」「区」 as the name ends, for 「町全体」 in a town (市 otherwise)."""
        last = self.name[-1:]
        return last if last in {"市", "町", "村", "区"} else "市"


class AreaQuerySet(models.QuerySet["Area"]):
    def current(self) -> "AreaQuerySet":
        """Areas not retired (valid_to empty)."""
        return self.filter(valid_to__isnull=True)

    def layer1(self) -> "AreaQuerySet":
        return self.filter(layer=Layer.FIRST)

    def layer2(self) -> "AreaQuerySet":
        return self.filter(layer=Layer.SECOND)


class Area(models.Model):
    """Layer 1 (the municipality, a ward, or a union member) or layer 2 (日常生活圏域)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="areas", verbose_name=_("市町村")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上位の圏域（第1層）"),
    )
    layer = models.PositiveSmallIntegerField(_("層"), choices=Layer.choices)
    name = models.CharField(_("名称"), max_length=100)
    kana = models.CharField(_("ふりがな"), max_length=200, blank=True)
    kana_key = models.CharField(max_length=402, blank=True, editable=False)
    code = models.CharField(
        _("コード"), max_length=20, blank=True, help_text=_("行政区の場合は全国地方公共団体コード")
    )
    member_municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("構成市町村"),
    )
    boundary = models.JSONField(_("境界（GeoJSON）"), null=True, blank=True)
    valid_from = models.DateField(_("設定日"), null=True, blank=True)
    valid_to = models.DateField(_("廃止日"), null=True, blank=True)
    history = HistoricalRecords()

    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("圏域")
        verbose_name_plural = _("圏域")
        ordering = ["layer", "kana_key", "name"]
        indexes = [models.Index(fields=["municipality", "layer", "kana_key"])]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "layer", "name"],
                condition=Q(valid_to__isnull=True),
                name="area_unique_current_name",
                violation_error_message=_("同じ名前の圏域が既にあります。"),
            ),
            models.CheckConstraint(
                condition=Q(layer=Layer.FIRST, parent__isnull=True)
                | Q(layer=Layer.SECOND, parent__isnull=False),
                name="area_layer_parent_consistent",
                violation_error_message=_(
                    "第2層の圏域には上位の第1層の圏域を、第1層には上位を設定しないでください。"
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        parent = self.parent
        if parent is None:
            return
        if parent.municipality_id != self.municipality_id:
            raise ValidationError({"parent": _("上位の圏域は同じ市町村のものを選んでください。")})
        if parent.layer != Layer.FIRST:
            raise ValidationError({"parent": _("上位の圏域には第1層の圏域を選んでください。")})


class Town(models.Model):
    """A 町丁目, the smallest unit with population; belongs to one layer-2 area, or to none
    yet when it was made from a population file (「この N 件の町丁目を作る」)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="towns", verbose_name=_("市町村")
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="towns",
        verbose_name=_("日常生活圏域"),
    )
    code = models.CharField(_("地域コード"), max_length=20, blank=True)
    name = models.CharField(_("町丁目名"), max_length=100)
    kana = models.CharField(_("ふりがな"), max_length=200, blank=True)
    # The reading was made by Sudachi, not typed by a person: to be checked.
    kana_needs_check = models.BooleanField(_("ふりがな要確認"), default=False)
    kana_key = models.CharField(max_length=402, blank=True, editable=False)
    latitude = models.FloatField(_("代表点の緯度"), null=True, blank=True)
    longitude = models.FloatField(_("代表点の経度"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("町丁目")
        verbose_name_plural = _("町丁目")
        ordering = ["kana_key", "name"]
        indexes = [models.Index(fields=["municipality", "area", "kana_key"])]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"],
                name="town_unique_name",
                violation_error_message=_("同じ名前の町丁目が既にあります。"),
            ),
            models.UniqueConstraint(
                fields=["municipality", "code"], condition=~Q(code=""), name="town_unique_code"
            ),
        ]

    def __str__(self) -> str:
        return self.name


def fill_kana_key(instance: Area | Town) -> None:
    """Keep the stored 50音 sort key in step with the reading (services call this)."""
    instance.kana_key = kana_sort_key(instance.kana or instance.name)


class PopulationRecord(models.Model):
    """Population of one town (or of the whole municipality when town is empty) on one date."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="population_records"
    )
    town = models.ForeignKey(
        Town, on_delete=models.CASCADE, null=True, blank=True, related_name="population_records"
    )
    as_of = models.DateField(_("調査年月日"))
    total = models.PositiveIntegerField(_("総人口"))
    male = models.PositiveIntegerField(_("男性"), null=True, blank=True)
    female = models.PositiveIntegerField(_("女性"), null=True, blank=True)
    unknown_age = models.PositiveIntegerField(_("年齢不詳"), default=0)
    households = models.PositiveIntegerField(_("世帯数"), null=True, blank=True)
    import_batch = models.ForeignKey(
        "core.ImportBatch", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("人口")
        verbose_name_plural = _("人口")
        indexes = [models.Index(fields=["municipality", "as_of"])]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "town", "as_of"],
                condition=Q(town__isnull=False),
                name="population_unique_town_date",
            ),
            models.UniqueConstraint(
                fields=["municipality", "as_of"],
                condition=Q(town__isnull=True),
                name="population_unique_whole_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.town or self.municipality} {self.as_of}"


class PopulationBand(models.Model):
    """Count of one sex in one age band; age_from empty = 年齢不詳, age_to empty = open top band."""

    record = models.ForeignKey(PopulationRecord, on_delete=models.CASCADE, related_name="bands")
    sex = models.CharField(_("性別"), max_length=1, choices=Sex.choices)
    age_from = models.PositiveSmallIntegerField(_("年齢（から）"), null=True, blank=True)
    age_to = models.PositiveSmallIntegerField(_("年齢（まで）"), null=True, blank=True)
    count = models.PositiveIntegerField(_("人数"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("年齢別人口")
        verbose_name_plural = _("年齢別人口")
        constraints = [
            models.UniqueConstraint(
                fields=["record", "sex", "age_from", "age_to"], name="population_band_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.record_id} {self.sex} {self.age_from}-{self.age_to}: {self.count}"


class CoordinatorDesk(VersionedModel):
    """The public contact of an area's 生活支援コーディネーター (issue #26, point 1): where a resident
    or an organiser calls. Shown on the portal (the area's page, its places' pages, the print
    list) only when marked public, and, like a resource's contact, only with the date its
    holder agreed (a desk is often one person's phone)."""

    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="desks", verbose_name=_("圏域")
    )
    organization = models.CharField(
        _("所属・窓口名"),
        max_length=200,
        help_text=_("例: ○○地域包括支援センター 生活支援コーディネーター"),
    )
    person_name = models.CharField(_("担当者名"), max_length=100, blank=True)
    phone = models.CharField(_("電話番号"), max_length=30, blank=True)
    email = models.EmailField(_("メールアドレス"), blank=True)
    hours = models.CharField(
        _("受付時間"), max_length=200, blank=True, help_text=_("例: 平日 9時〜17時")
    )
    is_public = models.BooleanField(_("住民向けに公開"), default=False)
    public_consent_on = models.DateField(_("公開の同意日"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("コーディネーターの連絡先")
        verbose_name_plural = _("コーディネーターの連絡先")
        ordering = ["area", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_public=False) | Q(public_consent_on__isnull=False),
                name="desk_public_needs_consent_date",
                violation_error_message=_(
                    "公開する場合は、本人が公開に同意した日を入力してください。"
                ),
            )
        ]

    def __str__(self) -> str:
        return self.organization
