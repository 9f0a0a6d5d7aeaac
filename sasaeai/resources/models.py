"""The 地域資源 registry, shaped after Open Referral HSDS 3.1 (organization, service, location,
service_at_location, schedule, contact) and the MHLW 通いの場 classification (だれが/どこで/なにを)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sasaeai.core.versioning import VersionedModel

from .constants import (
    SECTOR_OF_ORGANIZATION_TYPE,
    Activity,
    ContactRole,
    FrequencyBand,
    OrganizationType,
    ResourceKind,
    ResourceStatus,
    SchedulePattern,
    Sector,
    TagCategory,
    VenueType,
    VerificationMethod,
)
from .validators import validate_corporate_number


class NamedRecord(models.Model):
    """Name, reading and the stored 50音 key shared by organisations, resources and venues."""

    municipality = models.ForeignKey(
        "areas.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name=_("市町村")
    )
    name = models.CharField(_("名称"), max_length=200)
    kana = models.CharField(_("ふりがな"), max_length=400, blank=True)
    kana_is_guessed = models.BooleanField(
        _("ふりがな要確認"),
        default=False,
        help_text=_("読みを自動で補ったもの。確認したら外します。"),
    )
    kana_key = models.CharField(max_length=802, blank=True, editable=False)
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


PERSON_HAS_NO_PUBLIC_PHONE = _(
    "住民個人の運営主体と個人宅の会場には代表電話を載せられません"
    "（連絡先として、本人の同意を得て登録してください）。"
)


class Organization(VersionedModel, NamedRecord):
    """運営主体 (HSDS organization)."""

    type = models.CharField(_("種別"), max_length=32, choices=OrganizationType.choices)
    corporate_number = models.CharField(
        _("法人番号"), max_length=13, blank=True, validators=[validate_corporate_number]
    )
    description = models.TextField(_("説明"), blank=True)
    # The organisation's own public number (代表電話), published with where it was taken from
    # (issue #22): set by an import of open data (介護サービス事業所一覧, or a file the user
    # stated is published facility data), never for a 住民個人 (a person's number is a Contact
    # with consent, and the constraint below refuses it).
    phone = models.CharField(_("代表電話"), max_length=30, blank=True)
    phone_source = models.CharField(_("代表電話の出典"), max_length=255, blank=True)
    areas = models.ManyToManyField(
        "areas.Area", blank=True, related_name="organizations", verbose_name=_("活動している圏域")
    )
    # The version is an SQL expression during a save, never a number to copy (core.versioning).
    history = HistoricalRecords(m2m_fields=[areas], excluded_fields=["version"])

    class Meta:
        verbose_name = _("運営主体")
        verbose_name_plural = _("運営主体")
        ordering = ["kana_key", "name"]
        indexes = [models.Index(fields=["municipality", "kana_key"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(type=OrganizationType.RESIDENT) | Q(phone=""),
                name="organization_resident_has_no_public_phone",
                violation_error_message=PERSON_HAS_NO_PUBLIC_PHONE,
            )
        ]

    @property
    def sector(self) -> str:
        return SECTOR_OF_ORGANIZATION_TYPE[self.type]

    @property
    def sector_label(self) -> str:
        return str(Sector(self.sector).label)


class Resource(VersionedModel, NamedRecord):
    """A 地域資源 (HSDS service): a 通いの場, a support service, a ride, a consultation desk, ..."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name=_("運営主体"),
    )
    description = models.TextField(_("内容"), blank=True)
    kind = models.CharField(_("種類"), max_length=32, choices=ResourceKind.choices)
    primary_activity = models.CharField(
        _("主な活動"), max_length=32, choices=Activity.choices, blank=True
    )
    resident_led = models.BooleanField(_("住民主体"), default=False)
    status = models.CharField(
        _("状態"), max_length=16, choices=ResourceStatus.choices, default=ResourceStatus.ACTIVE
    )
    fee_free = models.BooleanField(_("参加費無料"), default=False)
    fee_amount = models.PositiveIntegerField(_("参加費（円）"), null=True, blank=True)
    fee_note = models.CharField(_("参加費の補足"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(_("定員"), null=True, blank=True)
    participants_per_session = models.PositiveIntegerField(
        _("1回あたりの参加者数"), null=True, blank=True
    )
    registered_total = models.PositiveIntegerField(_("登録者数（実人数）"), null=True, blank=True)
    registered_male = models.PositiveIntegerField(_("登録者のうち男性"), null=True, blank=True)
    registered_female = models.PositiveIntegerField(_("登録者のうち女性"), null=True, blank=True)
    registered_65_74 = models.PositiveIntegerField(_("登録者のうち65〜74歳"), null=True, blank=True)
    registered_75_plus = models.PositiveIntegerField(
        _("登録者のうち75歳以上"), null=True, blank=True
    )
    # Three public facts residents plan by, each 不明 (None) / あり (True) / なし (False): a
    # False nobody recorded would tell a resident 「申し込みはいりません」 or 「送迎: なし」 about a
    # place no one asked (issue #22). New records and imports start unknown unless someone (or a
    # mapped column of the file) says so. Values saved before migration 0010 were kept as they
    # were: a False then may be a deliberate 「なし」 (the demo data, a coordinator who meant it)
    # and nothing tells it apart from an unticked box, so the migration does not guess.
    registration_required = models.BooleanField(
        _("事前申込が必要"), null=True, blank=True, default=None
    )
    pickup = models.BooleanField(_("送迎あり"), null=True, blank=True, default=None)
    barrier_free = models.BooleanField(_("バリアフリー"), null=True, blank=True, default=None)
    is_public = models.BooleanField(_("住民向けに公開"), default=True)
    url = models.URLField(_("ホームページ"), max_length=500, blank=True)
    # What an import could not read, verbatim with the reason (issue #22: never silently
    # blanked); a coordinator reads it on the staff page and clears it once the record is right.
    review_reason = models.TextField(_("要確認の理由"), blank=True)
    frequency_band = models.CharField(
        _("頻度"),
        max_length=16,
        choices=FrequencyBand.choices,
        default=FrequencyBand.LESS_OR_IRREGULAR,
        help_text=_("予定から自動で決まります。"),
    )
    last_verified_on = models.DateField(_("最終確認日"), null=True, blank=True)
    last_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("確認者"),
    )
    last_verified_method = models.CharField(
        _("確認方法"), max_length=16, choices=VerificationMethod.choices, blank=True
    )
    # Derived by resources.search_text: what residents' search matches (public text only) and
    # what the staff list search matches (also private names), kept apart so that residents
    # can never find a place by a private person's name.
    search_text = models.TextField(blank=True, editable=False)
    staff_search_text = models.TextField(blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("地域資源")
        verbose_name_plural = _("地域資源")
        ordering = ["kana_key", "name"]
        indexes = [
            models.Index(fields=["municipality", "kana_key"]),
            models.Index(fields=["municipality", "kind", "status"]),
            models.Index(fields=["municipality", "last_verified_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(fee_free=False) | Q(fee_amount__isnull=True) | Q(fee_amount=0),
                name="resource_free_has_no_amount",
                violation_error_message=_("「参加費無料」にしたときは金額を空欄にしてください。"),
            )
        ]


class ResourceTag(models.Model):
    """One activity, support type or target group of a resource (one table keeps filters simple)."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="tags")
    category = models.CharField(max_length=16, choices=TagCategory.choices)
    value = models.CharField(max_length=32)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("分類")
        verbose_name_plural = _("分類")
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "category", "value"], name="resource_tag_unique"
            )
        ]
        indexes = [models.Index(fields=["category", "value"])]

    def __str__(self) -> str:
        return f"{self.category}:{self.value}"


class Location(VersionedModel, NamedRecord):
    """A venue (HSDS location); a private home is never shown outside staff screens in detail."""

    venue_type = models.CharField(_("場所の種類"), max_length=32, choices=VenueType.choices)
    postal_code = models.CharField(_("郵便番号"), max_length=8, blank=True)
    prefecture = models.CharField(_("都道府県"), max_length=10, blank=True)
    city = models.CharField(_("市区町村"), max_length=50, blank=True)
    town_text = models.CharField(_("町字"), max_length=100, blank=True)
    street = models.CharField(_("番地以下"), max_length=100, blank=True)
    building = models.CharField(_("建物名"), max_length=100, blank=True)
    latitude = models.FloatField(_("緯度"), null=True, blank=True)
    longitude = models.FloatField(_("経度"), null=True, blank=True)
    external_id = models.CharField(
        _("事業所番号"), max_length=20, blank=True, db_index=True,
        help_text=_("介護サービス事業所の事業所番号（英字を含むことがあります）"),
    )  # fmt: skip
    # The venue's own public number (代表電話) and where it was taken from; never on a 個人宅.
    phone = models.CharField(_("代表電話"), max_length=30, blank=True)
    phone_source = models.CharField(_("代表電話の出典"), max_length=255, blank=True)
    position_approximate = models.BooleanField(
        _("位置はおおよそ"), default=False, help_text=_("町丁目の代表点などで代用している位置")
    )
    town = models.ForeignKey(
        "areas.Town", on_delete=models.SET_NULL, null=True, blank=True, related_name="locations",
        verbose_name=_("町丁目"),
    )  # fmt: skip
    area = models.ForeignKey(
        "areas.Area", on_delete=models.SET_NULL, null=True, blank=True, related_name="locations",
        verbose_name=_("日常生活圏域"),
    )  # fmt: skip
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("会場")
        verbose_name_plural = _("会場")
        ordering = ["kana_key", "name"]
        indexes = [models.Index(fields=["municipality", "area"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="location_lat_lng_together",
                violation_error_message=_("緯度と経度は両方入力するか、両方空欄にしてください。"),
            ),
            models.CheckConstraint(
                condition=~Q(venue_type=VenueType.PRIVATE_HOME) | Q(phone=""),
                name="location_private_home_has_no_public_phone",
                violation_error_message=PERSON_HAS_NO_PUBLIC_PHONE,
            ),
        ]

    @property
    def is_private_home(self) -> bool:
        return self.venue_type == VenueType.PRIVATE_HOME

    @property
    def address(self) -> str:
        parts = [self.prefecture, self.city, self.town_text, self.street]
        text = "".join(p for p in parts if p)
        return f"{text} {self.building}".strip() if self.building else text

    @property
    def needs_position(self) -> bool:
        return self.latitude is None


class ServiceAtLocation(models.Model):
    """A resource meeting at a venue (HSDS service_at_location)."""

    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="service_locations"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="service_locations"
    )
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("活動場所")
        verbose_name_plural = _("活動場所")
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "location"], name="service_at_location_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.resource} @ {self.location}"


class VolunteerRole(VersionedModel):
    """担い手募集 (issue #26, point 5): a role a resource asks residents to take on. Public while
    open and while its resource is public; the portal's 「手伝える活動をさがす」 lists it and a
    resident's 「手伝いたい」 may name it."""

    resource = models.ForeignKey(
        Resource,
        on_delete=models.CASCADE,
        related_name="volunteer_roles",
        verbose_name=_("地域資源"),
    )
    title = models.CharField(
        _("お願いしたいこと"), max_length=100, help_text=_("例: お茶出しと受付")
    )
    when = models.CharField(
        _("いつ"), max_length=200, blank=True, help_text=_("例: 毎週火曜 10時〜12時")
    )
    how_often = models.CharField(
        _("どのくらい"), max_length=100, blank=True, help_text=_("例: 月に2回ほど")
    )
    asks = models.TextField(_("お願いする内容・条件"), blank=True)
    suits = models.CharField(
        _("こんな方に"), max_length=200, blank=True, help_text=_("例: 人と話すのが好きな方")
    )
    is_open = models.BooleanField(_("募集中"), default=True)
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("担い手募集")
        verbose_name_plural = _("担い手募集")
        ordering = ["resource", "pk"]

    def __str__(self) -> str:
        return self.title


class Schedule(models.Model):
    """When a resource meets, in a Japanese pattern (see resources.scheduling)."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="schedules")
    location = models.ForeignKey(
        Location, on_delete=models.SET_NULL, null=True, blank=True, related_name="schedules"
    )
    pattern = models.CharField(_("繰り返し"), max_length=20, choices=SchedulePattern.choices)
    weekdays = models.JSONField(_("曜日"), default=list, blank=True)
    nths = models.JSONField(_("第n週"), default=list, blank=True)
    count = models.PositiveSmallIntegerField(_("回数"), null=True, blank=True)
    month_days = models.JSONField(_("日付"), default=list, blank=True)
    start_date = models.DateField(_("開始日"), null=True, blank=True)
    dates = models.JSONField(_("開催日"), default=list, blank=True)
    opens_at = models.TimeField(_("開始時刻"), null=True, blank=True)
    closes_at = models.TimeField(_("終了時刻"), null=True, blank=True)
    closed_on_holidays = models.BooleanField(_("祝日は休み"), default=False)
    closed_year_end = models.BooleanField(_("年末年始は休み"), default=False)
    note = models.CharField(_("補足"), max_length=200, blank=True)
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("開催予定")
        verbose_name_plural = _("開催予定")
        ordering = ["resource", "id"]

    def __str__(self) -> str:
        return f"{self.resource_id}: {self.get_pattern_display()}"


PUBLIC_CONTACT_NEEDS_CONSENT = _("公開する場合は、本人が公開に同意した日を入力してください。")


class Contact(VersionedModel):
    """A contact person; private unless marked public with the date consent was given."""

    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    name = models.CharField(_("氏名・窓口名"), max_length=100)
    role = models.CharField(
        _("役割"), max_length=16, choices=ContactRole.choices, default=ContactRole.CONTACT
    )
    phone = models.CharField(_("電話番号"), max_length=30, blank=True)
    email = models.EmailField(_("メールアドレス"), blank=True)
    is_public = models.BooleanField(_("住民向けに公開"), default=False)
    public_consent_on = models.DateField(_("公開の同意日"), null=True, blank=True)
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("連絡先")
        verbose_name_plural = _("連絡先")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_public=False) | Q(public_consent_on__isnull=False),
                name="contact_public_needs_consent_date",
                violation_error_message=PUBLIC_CONTACT_NEEDS_CONSENT,
            ),
            models.CheckConstraint(
                condition=Q(resource__isnull=False) | Q(organization__isnull=False),
                name="contact_belongs_somewhere",
                violation_error_message=_(
                    "連絡先は地域資源か運営主体のどちらかに登録してください。"
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SourceId(models.Model):
    """The identifier a source file gives a resource (事業所番号, 施設ID, `#property`, ...), under
    the header it came from: a re-import of the file finds the resource by it first (issue #22).
    A resource may carry ids from several files; one id of one source names one resource."""

    municipality = models.ForeignKey(
        "areas.Municipality", on_delete=models.CASCADE, related_name="+"
    )
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="source_ids")
    # The header as compared (flat.header_key: NFKC, no spaces, lower case), so 「事業所番号」
    # and 「事業所 番号」 are one source; the 介護サービス事業所 import writes 事業所番号 too.
    source = models.CharField(_("識別子の列"), max_length=100)
    value = models.CharField(_("識別子"), max_length=100)
    origin = models.CharField(_("最初の取込ファイル"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("出典の識別子")
        verbose_name_plural = _("出典の識別子")
        ordering = ["resource", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "source", "value"],
                name="source_id_unique",
                violation_error_message=_("この識別子は既に別の地域資源に付いています。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.source}={self.value}"


class Verification(models.Model):
    """One check that a resource's data is still true (the log behind last_verified_on)."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="verifications")
    verified_on = models.DateField(_("確認日"))
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("確認者"),
    )
    method = models.CharField(_("確認方法"), max_length=16, choices=VerificationMethod.choices)
    note = models.CharField(_("メモ"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("確認の記録")
        verbose_name_plural = _("確認の記録")
        ordering = ["-verified_on", "-id"]

    def __str__(self) -> str:
        return f"{self.resource_id} {self.verified_on}"


class RegistrySettings(models.Model):
    """Per-municipality settings of the registry."""

    municipality = models.OneToOneField(
        "areas.Municipality", on_delete=models.CASCADE, related_name="registry_settings"
    )
    stale_after_months = models.PositiveSmallIntegerField(
        _("確認の期限（か月）"),
        default=12,
        help_text=_("最終確認からこの期間を過ぎると要確認になります。"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("地域資源の設定")
        verbose_name_plural = _("地域資源の設定")

    def __str__(self) -> str:
        return _("%(municipality)s 設定") % {"municipality": self.municipality}
