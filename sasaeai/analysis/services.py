"""Writes of the analysis app: the municipality's settings."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sasaeai.areas.models import Municipality
from sasaeai.core.history import history_user

from .models import AnalysisSettings, default_weights
from .ranking import DEFAULT_WEIGHTS


def analysis_settings(municipality: Municipality) -> AnalysisSettings:
    """The municipality's settings (the defaults until someone saves them)."""
    found = AnalysisSettings.objects.filter(municipality=municipality).first()
    return found or AnalysisSettings(municipality=municipality)


def weights_of(settings: AnalysisSettings) -> dict[str, Decimal]:
    """The ranking weights as numbers (a missing one counts as 1)."""
    stored = {**default_weights(), **(settings.weights or {})}
    return {name: Decimal(str(stored[name])) for name in DEFAULT_WEIGHTS}


@transaction.atomic
def analysis_settings_save(
    *, municipality: Municipality, values: dict[str, Any], weights: dict[str, str], user: Any
) -> AnalysisSettings:
    """Save the settings; each weight a number from 0 to 10."""
    settings = analysis_settings(municipality)
    cleaned: dict[str, str] = {}
    for name in DEFAULT_WEIGHTS:
        try:
            number = Decimal(str(weights.get(name, "1")).strip() or "0")
        except InvalidOperation:
            number = Decimal(-1)
        if not Decimal(0) <= number <= Decimal(10):
            raise ValidationError({"weights": _("重みは0から10までの数にしてください。")})
        cleaned[name] = str(number)
    for field, value in values.items():
        setattr(settings, field, value)
    settings.weights = cleaned
    settings.full_clean()
    with history_user(user):
        settings.save()
    return settings
