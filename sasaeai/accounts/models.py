"""Users and their dated role assignments."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .constants import Role


class User(AbstractUser):
    """A person who signs in: staff, coordinator, council member or adviser."""

    display_name = models.CharField(_("表示名"), max_length=100, blank=True)
    # Two-factor sign-in set up (an authenticator app confirmed; accounts.two_factor keeps it
    # with the devices). On the user row, which every request loads anyway, so that asking
    # "must this session give a code?" costs no query of its own.
    two_factor_enabled = models.BooleanField(_("2段階認証"), default=False)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("利用者")
        verbose_name_plural = _("利用者")

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username


class RoleAssignmentQuerySet(models.QuerySet["RoleAssignment"]):
    def active_on(self, day):
        """Assignments valid on the given date (from/to inclusive, open ends allowed)."""
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class RoleAssignment(models.Model):
    """One role held by a user in one municipality, optionally scoped to an area, for a period."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("利用者")
    )
    role = models.CharField(_("役割"), max_length=32, choices=Role.choices)
    municipality = models.ForeignKey(
        "areas.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name=_("市町村")
    )
    area = models.ForeignKey(
        "areas.Area",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("担当圏域"),
    )
    valid_from = models.DateField(_("開始日"), null=True, blank=True)
    valid_to = models.DateField(_("終了日"), null=True, blank=True)
    history = HistoricalRecords()

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("役割の割当")
        verbose_name_plural = _("役割の割当")
        indexes = [models.Index(fields=["municipality", "user"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="role_assignment_period_ordered",
                violation_error_message=_("終了日は開始日以降の日付にしてください。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} / {self.get_role_display()}"
