"""The coordinator's activity log (活動記録) and the connections (つなぎ) it makes between
actors: organisations (運営主体, including residents' groups) and resources (地域資源)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sasaeai.core.versioning import VersionedModel
from sasaeai.utils.wareki import to_wareki

from .constants import ActivityKind, ConnectionPurpose, ConnectionStatus


class Activity(VersionedModel):
    """One entry of a coordinator's log. Free text may name residents: coordinators and
    admins of the municipality only."""

    municipality = models.ForeignKey(
        "areas.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name=_("市町村")
    )
    done_on = models.DateField(_("日付"))
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("コーディネーター"),
    )
    kind = models.CharField(_("活動の種類"), max_length=32, choices=ActivityKind.choices)
    areas = models.ManyToManyField(
        "areas.Area", blank=True, related_name="activities", verbose_name=_("圏域")
    )
    organizations = models.ManyToManyField(
        "resources.Organization",
        blank=True,
        related_name="activities",
        verbose_name=_("関わった団体"),
    )
    resources = models.ManyToManyField(
        "resources.Resource",
        blank=True,
        related_name="activities",
        verbose_name=_("関わった地域資源"),
    )
    people = models.CharField(_("関わった人（自由記述）"), max_length=300, blank=True)
    minutes = models.PositiveIntegerField(_("かかった時間（分）"), default=60)
    summary = models.TextField(_("内容"))
    outcome = models.TextField(_("結果"), blank=True)
    follow_up_on = models.DateField(_("次の対応日"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    history = HistoricalRecords(
        m2m_fields=[areas, organizations, resources], excluded_fields=["version"]
    )

    class Meta:
        verbose_name = _("活動記録")
        verbose_name_plural = _("活動記録")
        ordering = ["-done_on", "-pk"]
        indexes = [models.Index(fields=["municipality", "done_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__lte=24 * 60),
                name="activity_minutes_within_a_day",
                violation_error_message=_("時間は1日（1,440分）までで入力してください。"),
            )
        ]

    def __str__(self) -> str:
        return f"{to_wareki(self.done_on)} {self.get_kind_display()}"


class Connection(models.Model):
    """A つなぎ from one actor to another: each side is an organisation or a resource."""

    municipality = models.ForeignKey(
        "areas.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name=_("市町村")
    )
    from_organization = models.ForeignKey(
        "resources.Organization", on_delete=models.PROTECT, null=True, blank=True,
        related_name="connections_out", verbose_name=_("つなぐ元（団体）"),
    )  # fmt: skip
    from_resource = models.ForeignKey(
        "resources.Resource", on_delete=models.PROTECT, null=True, blank=True,
        related_name="connections_out", verbose_name=_("つなぐ元（地域資源）"),
    )  # fmt: skip
    to_organization = models.ForeignKey(
        "resources.Organization", on_delete=models.PROTECT, null=True, blank=True,
        related_name="connections_in", verbose_name=_("つなぐ先（団体）"),
    )  # fmt: skip
    to_resource = models.ForeignKey(
        "resources.Resource", on_delete=models.PROTECT, null=True, blank=True,
        related_name="connections_in", verbose_name=_("つなぐ先（地域資源）"),
    )  # fmt: skip
    made_on = models.DateField(_("日付"))
    purpose = models.CharField(_("目的"), max_length=32, choices=ConnectionPurpose.choices)
    activity = models.ForeignKey(
        Activity, on_delete=models.SET_NULL, null=True, blank=True, related_name="connections",
        verbose_name=_("きっかけの活動"),
    )  # fmt: skip
    status = models.CharField(
        _("状態"), max_length=16, choices=ConnectionStatus.choices,
        default=ConnectionStatus.PROPOSED,
    )  # fmt: skip
    note = models.CharField(_("メモ"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("つなぎ")
        verbose_name_plural = _("つなぎ")
        ordering = ["-made_on", "-pk"]
        indexes = [models.Index(fields=["municipality", "made_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(from_organization__isnull=True) ^ Q(from_resource__isnull=True),
                name="connection_one_source",
                violation_error_message=_("つなぐ元は団体か地域資源のどちらか1つです。"),
            ),
            models.CheckConstraint(
                condition=Q(to_organization__isnull=True) ^ Q(to_resource__isnull=True),
                name="connection_one_target",
                violation_error_message=_("つなぐ先は団体か地域資源のどちらか1つです。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{to_wareki(self.made_on)} {self.get_purpose_display()}"

    @property
    def source_name(self) -> str:
        return (self.from_organization or self.from_resource).name  # type: ignore[union-attr]

    @property
    def target_name(self) -> str:
        return (self.to_organization or self.to_resource).name  # type: ignore[union-attr]


class ConnectionStatusChange(models.Model):
    """The dated history of a connection's status (提案 → 実現 → 継続 / 終了)."""

    connection = models.ForeignKey(
        Connection, on_delete=models.CASCADE, related_name="status_changes"
    )
    status = models.CharField(_("状態"), max_length=16, choices=ConnectionStatus.choices)
    changed_on = models.DateField(_("日付"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("つなぎの状態の変更")
        verbose_name_plural = _("つなぎの状態の変更")
        ordering = ["changed_on", "pk"]

    def __str__(self) -> str:
        return f"{to_wareki(self.changed_on)} {self.get_status_display()}"
