"""Writes of 「住民からの申し込みの届け先」: who receives a request a resident sends from the portal
(the municipality's ResidentSettings.routing; the requests' services read it)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sasaeai.areas.models import Municipality
from sasaeai.core.history import history_user

from .constants import Routing
from .models import REPLY_WITHIN_DAYS_DEFAULT, ResidentSettings


def resident_settings(municipality: Municipality) -> ResidentSettings:
    """The municipality's settings, or the defaults (unsaved) until the admin saves them:
    opening the page, or a refused post to it, writes nothing."""
    stored = ResidentSettings.objects.filter(municipality=municipality).first()
    return stored or ResidentSettings(municipality=municipality)


@transaction.atomic
def settings_save(
    *,
    municipality: Municipality,
    routing: str,
    by: Any,
    reply_within_days: int = REPLY_WITHIN_DAYS_DEFAULT,
) -> ResidentSettings:
    """Set who receives residents' requests (one of Routing) and within how many days they are
    answered (1–14, as the confirmation page promises), with history."""
    errors = {}
    if routing not in Routing.values:
        errors["routing"] = [_("申し込みの届け先を選んでください。")]
    if not 1 <= reply_within_days <= 14:
        errors["reply_within_days"] = [_("連絡するまでの日数は1〜14日で入力してください。")]
    if errors:
        raise ValidationError(errors)
    # One save, so the first choice is one history row (not the default, then the choice).
    settings = resident_settings(municipality)
    settings.routing = routing
    settings.reply_within_days = reply_within_days
    with history_user(by):
        settings.save()
    return settings
