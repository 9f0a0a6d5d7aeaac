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


@transaction.atomic
def meshes_save(
    *, municipality: Municipality, items: list[dict[str, Any]], user: Any = None, batch: Any = None
) -> int:
    """Create or update 500 m meshes by code (counts, town, centre), with history; meshes not
    given are left as they are (a municipality can straddle two mesh files). Returns the count."""
    from simple_history.utils import bulk_create_with_history, bulk_update_with_history

    from .models import MeshPopulation

    fields = ["town", "latitude", "longitude", "total", "age65", "age75", "import_batch"]
    existing = {m.code: m for m in MeshPopulation.objects.filter(municipality=municipality)}
    new: list[MeshPopulation] = []
    changed: list[MeshPopulation] = []
    for item in items:
        mesh = existing.get(item["code"]) or MeshPopulation(
            municipality=municipality, code=item["code"]
        )
        for name in fields[:-1]:
            setattr(mesh, name, item[name])
        mesh.import_batch = batch
        (changed if mesh.pk else new).append(mesh)
    created = bulk_create_with_history(new, MeshPopulation, default_user=user)
    if changed:
        bulk_update_with_history(changed, MeshPopulation, fields, default_user=user)
    if batch is not None:
        batch.record("created", created)
        batch.record("updated", changed)
    return len(new) + len(changed)


@transaction.atomic
def needs_survey_values_save(
    *, municipality: Municipality, items: list[dict[str, Any]], user: Any = None, batch: Any = None
) -> int:
    """Create or replace ニーズ調査 values by (area, indicator, 年度), with history; returns the count."""
    from simple_history.utils import bulk_create_with_history, bulk_update_with_history

    from .models import NeedsSurveyValue

    existing = {
        (v.area_id, v.indicator, v.fiscal_year): v
        for v in NeedsSurveyValue.objects.filter(municipality=municipality)
    }
    new: list[NeedsSurveyValue] = []
    changed: list[NeedsSurveyValue] = []
    for item in items:
        key = (item["area"].pk, item["indicator"], item["fiscal_year"])
        value = existing.get(key) or NeedsSurveyValue(
            municipality=municipality,
            area=item["area"],
            indicator=item["indicator"],
            fiscal_year=item["fiscal_year"],
        )
        value.value = item["value"]
        value.import_batch = batch
        (changed if value.pk else new).append(value)
    created = bulk_create_with_history(new, NeedsSurveyValue, default_user=user)
    if changed:
        bulk_update_with_history(
            changed, NeedsSurveyValue, ["value", "import_batch"], default_user=user
        )
    if batch is not None:
        batch.record("created", created)
        batch.record("updated", changed)
    return len(new) + len(changed)
