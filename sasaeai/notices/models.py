"""お知らせ: one row per user and event, read in the inbox and listed in a daily mail."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .constants import NoticeKind


class NoticeQuerySet(models.QuerySet["Notice"]):
    def unread(self) -> "NoticeQuerySet":
        return self.filter(read_at__isnull=True)


class Notice(models.Model):
    """Something a user should know, created once per (user, kind, event key): a second call
    for the same event finds the row and adds nothing (services.notify)."""

    municipality = models.ForeignKey(
        "areas.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name=_("市町村")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name=_("宛先"),
    )
    kind = models.CharField(_("種類"), max_length=32, choices=NoticeKind.choices)
    # The event, e.g. "escalation:12" or "action:5:2026-12-01" (an action overdue for the due
    # date it had: a new due date that passes is a new event).
    key = models.CharField(max_length=200)
    title = models.CharField(_("件名"), max_length=300)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("開くページ"), max_length=500)
    created_at = models.DateTimeField(_("日時"), default=timezone.now)
    read_at = models.DateTimeField(_("既読日時"), null=True, blank=True)
    # Listed in a daily mail (a notice is mailed once, however long it stays unread).
    mailed_at = models.DateTimeField(null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("お知らせ")
        verbose_name_plural = _("お知らせ")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "key"], name="notice_once_per_event")
        ]
        indexes = [models.Index(fields=["user", "municipality", "read_at"])]

    def __str__(self) -> str:
        return self.title


class NoticeSettings(models.Model):
    """A user's choice for the daily mail; no row means the defaults (mail on, every kind)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_settings"
    )
    digest = models.BooleanField(_("毎朝のまとめメールを受け取る"), default=True)
    # Kinds the user does not want in the mail (they still reach the inbox).
    mail_muted = models.JSONField(default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("お知らせの設定")
        verbose_name_plural = _("お知らせの設定")

    def __str__(self) -> str:
        return f"{self.user}のお知らせの設定"


class DigestSent(models.Model):
    """The daily mail sent to a user on a day: the unique pair keeps it to one a day even when
    the job runs twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    notice_count = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_a_day")]

    def __str__(self) -> str:
        return f"{self.user} {self.day}"
