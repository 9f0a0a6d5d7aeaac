"""Residents' way in (issue #26): what residents ask from the portal (or a coordinator takes
down at a desk), where each request stands, the referrals that follow it to an outcome, what
residents say is wrong on a place's page, and what organisers propose for their own listing.

A request's name, phone, e-mail and message are personal data: shown only with the
personal-data permission (and logged), emptied after the municipality's retention period, and
erased at once when the person asks; the rest (kind, area, dates, status) stays for the counts."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sasaeai.core.versioning import VersionedModel

from .constants import (
    MESSAGE_MAX,
    Channel,
    Outcome,
    ProposalStatus,
    ProposedState,
    ReportStatus,
    RequestKind,
    RequestStatus,
    Routing,
)

# The days within which a request is answered, until the municipality sets its own.
REPLY_WITHIN_DAYS_DEFAULT = 3
# Put in the name of a request whose person asked to be erased, or whose period is over.
ERASED_NAME = "（削除済み）"


class ResidentSettings(models.Model):
    """Per municipality: who receives a request sent from the portal."""

    municipality = models.OneToOneField(
        "areas.Municipality", on_delete=models.CASCADE, related_name="resident_settings"
    )
    routing = models.CharField(
        _("申し込みの届け先"), max_length=16, choices=Routing.choices, default=Routing.COORDINATOR
    )
    reply_within_days = models.PositiveSmallIntegerField(
        _("連絡するまでの日数（土日・祝日を除く）"),
        default=REPLY_WITHIN_DAYS_DEFAULT,
        validators=[MinValueValidator(1), MaxValueValidator(14)],
        help_text=_("申し込みを受け付けた画面で、この日数以内に連絡すると案内します。"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("住民からの申し込みの設定")
        verbose_name_plural = _("住民からの申し込みの設定")

    def __str__(self) -> str:
        return str(self.municipality)


class ResidentRequest(VersionedModel):
    """One 「行ってみたい」「手伝いたい」「相談したい」, from the portal or taken down at a desk."""

    municipality = models.ForeignKey(
        "areas.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name=_("市町村")
    )
    kind = models.CharField(_("申し込みの種類"), max_length=16, choices=RequestKind.choices)
    channel = models.CharField(
        _("受付方法"), max_length=16, choices=Channel.choices, default=Channel.PORTAL
    )
    resource = models.ForeignKey(
        "resources.Resource",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        # Named (not "+"): merging duplicate resources moves every relation it can see.
        related_name="resident_requests",
        verbose_name=_("活動・場所"),
    )
    volunteer_role = models.ForeignKey(
        "resources.VolunteerRole",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resident_requests",
        verbose_name=_("担い手募集"),
    )
    area = models.ForeignKey(
        "areas.Area",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("圏域"),
    )
    town = models.ForeignKey(
        "areas.Town",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("町丁目"),
    )
    name = models.CharField(_("お名前（ニックネーム可）"), max_length=100)
    phone = models.CharField(_("電話番号"), max_length=30, blank=True)
    email = models.EmailField(_("メールアドレス"), blank=True)
    preferred_days = models.JSONField(_("希望の曜日"), default=list, blank=True)
    preferred_times = models.JSONField(_("希望の時間帯"), default=list, blank=True)
    transport_needed = models.BooleanField(_("送迎が必要"), null=True, blank=True, default=None)
    message = models.TextField(_("ひとこと"), max_length=MESSAGE_MAX, blank=True)
    consent_text = models.TextField(_("同意した文"))
    received_at = models.DateTimeField(_("受付日時"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("受付した職員"),
    )
    status = models.CharField(
        _("状況"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    status_reason = models.CharField(_("つながらなかった理由"), max_length=200, blank=True)
    follow_up_on = models.DateField(_("次に連絡する日"), null=True, blank=True)
    organiser_notified_at = models.DateTimeField(_("主催者へ送った日時"), null=True, blank=True)
    erased_at = models.DateTimeField(_("本人の求めで消去した日時"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("住民からの申し込み")
        verbose_name_plural = _("住民からの申し込み")
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["municipality", "status", "received_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.received_at:%Y-%m-%d}"


class RequestStatusChange(models.Model):
    """One step of a request (its history as the inbox shows it)."""

    request = models.ForeignKey(
        ResidentRequest, on_delete=models.CASCADE, related_name="status_changes"
    )
    status = models.CharField(_("状況"), max_length=16, choices=RequestStatus.choices)
    reason = models.CharField(_("理由"), max_length=200, blank=True)
    note = models.CharField(_("メモ"), max_length=500, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("変更した人"),
    )
    changed_at = models.DateTimeField(_("変更日時"), default=timezone.now)

    class Meta:
        verbose_name = _("申し込みの状況の変更")
        verbose_name_plural = _("申し込みの状況の変更")
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.request_id} {self.status}"


class Referral(VersionedModel):
    """紹介: a person (their request) sent to one resource or organisation, and how it ended."""

    municipality = models.ForeignKey(
        "areas.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name=_("市町村")
    )
    request = models.ForeignKey(
        ResidentRequest,
        on_delete=models.CASCADE,
        related_name="referrals",
        verbose_name=_("申し込み"),
    )
    resource = models.ForeignKey(
        "resources.Resource",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("紹介先の地域資源"),
    )
    organization = models.ForeignKey(
        "resources.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("紹介先の団体"),
    )
    # The place's name when the referral was made: a resource or organisation deleted later
    # (a merge moves the referral; a deletion empties the link) still says where they went.
    # No database check that one of the two links is set, for the same reason: the service
    # refuses a referral without a destination.
    destination_name = models.CharField(_("紹介先の名前"), max_length=200, blank=True)
    made_on = models.DateField(_("紹介した日"))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("紹介した人"),
    )
    outcome = models.CharField(
        _("結果"), max_length=16, choices=Outcome.choices, default=Outcome.PENDING
    )
    outcome_on = models.DateField(_("結果の日"), null=True, blank=True)
    note = models.CharField(_("メモ"), max_length=500, blank=True)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("紹介")
        verbose_name_plural = _("紹介")
        ordering = ["-made_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.request_id} → {self.resource_id or self.organization_id}"


class CorrectionReport(models.Model):
    """「情報がちがう」: what a resident says is wrong on a place's page, until a coordinator
    resolves it (the resolution is also a Verification of the resource)."""

    municipality = models.ForeignKey(
        "areas.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name=_("市町村")
    )
    resource = models.ForeignKey(
        "resources.Resource",
        on_delete=models.CASCADE,
        related_name="correction_reports",
        verbose_name=_("地域資源"),
    )
    fields = models.JSONField(_("ちがう項目"), default=list)
    message = models.TextField(_("内容"), max_length=MESSAGE_MAX, blank=True)
    reported_at = models.DateTimeField(_("報告日時"), default=timezone.now)
    status = models.CharField(
        _("対応"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    resolution = models.CharField(_("対応の内容"), max_length=500, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("対応した人"),
    )
    resolved_at = models.DateTimeField(_("対応日時"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("「情報がちがう」の報告")
        verbose_name_plural = _("「情報がちがう」の報告")
        ordering = ["-reported_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.resource_id} {self.reported_at:%Y-%m-%d}"


class ListingProposal(models.Model):
    """What an organiser proposes for their own listing through the signed link of a 確認票:
    the changed fields as {field: {"old": …, "new": …}}, until a coordinator decides. One link
    (its nonce) carries one proposal: once decided, the link is spent."""

    municipality = models.ForeignKey(
        "areas.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name=_("市町村")
    )
    resource = models.ForeignKey(
        "resources.Resource",
        on_delete=models.CASCADE,
        related_name="listing_proposals",
        verbose_name=_("地域資源"),
    )
    nonce = models.CharField(max_length=32, unique=True, editable=False)
    state = models.CharField(
        _("活動の状況"), max_length=16, choices=ProposedState.choices, default=ProposedState.ACTIVE
    )
    changes = models.JSONField(_("変更の内容"), default=dict, blank=True)
    note = models.TextField(_("主催者からのひとこと"), max_length=MESSAGE_MAX, blank=True)
    proposed_at = models.DateTimeField(_("送信日時"), default=timezone.now)
    status = models.CharField(
        _("対応"), max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("対応した人"),
    )
    decided_at = models.DateTimeField(_("対応日時"), null=True, blank=True)
    decision_note = models.CharField(_("対応のメモ"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("主催者からの変更の申し出")
        verbose_name_plural = _("主催者からの変更の申し出")
        ordering = ["-proposed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.resource_id} {self.proposed_at:%Y-%m-%d}"
