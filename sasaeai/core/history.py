"""変更履歴: a record's django-simple-history rows turned into who changed what, and when."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

from django.db import models
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import DeletedObject, HistoricalRecords

from sasaeai.utils.wareki import to_wareki

TOKYO = ZoneInfo("Asia/Tokyo")

CHANGE_KINDS = {"+": _("作成"), "~": _("変更"), "-": _("削除")}


def record_pk(record: Any) -> tuple[Any, ...]:
    return (record.pk,)


@dataclass(frozen=True)
class HistoryTarget:
    """A model whose 変更履歴 staff may open: how to find a record of one municipality, and the
    URL name and arguments (after the municipality's code) of the page that shows the record."""

    model: type[models.Model]
    detail_url_name: str
    within: str = "municipality"
    url_args: Callable[[Any], tuple[Any, ...]] = record_pk


# The records whose 変更履歴 staff may open, by the name used in the URL; each app adds its own
# in its AppConfig.ready() with `register_history_model`. Anything else is a 404, so the URL can
# never reach a model that has no municipality to check.
HISTORY_MODELS: dict[str, HistoryTarget] = {}


def register_history_model(
    name: str,
    model: type[models.Model],
    detail_url_name: str,
    *,
    within: str = "municipality",
    url_args: Callable[[Any], tuple[Any, ...]] = record_pk,
) -> None:
    """Let staff open this model's 変更履歴 at history/<name>/<pk>/. `within` is the lookup that
    holds the municipality's pk ("pk" for Municipality itself); `url_args` gives the detail
    page's arguments after the code (default: the record's pk)."""
    HISTORY_MODELS[name] = HistoryTarget(model, detail_url_name, within, url_args)


@dataclass(frozen=True)
class FieldChange:
    """One field of one change: its label on screen, and the old and new values as text."""

    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    """One historical row: when (Asia/Tokyo), by whom, what kind, and which fields changed."""

    at: datetime.datetime
    user: str
    kind: str
    changes: tuple[FieldChange, ...]


def history_list(*, model: type[models.Model], pk: Any) -> list[HistoryEntry]:
    """A record's changes, newest first, each diffed against the row before it.

    Taking the model and primary key (not an instance) lets a deleted record's history be read.
    """
    rows = list(
        # The historical table's own pk is history_id; the record's pk is a plain column there.
        model.history.filter(**{model._meta.pk.name: pk})  # type: ignore[attr-defined]
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    entries = []
    previous = None
    for row in rows:
        changes: tuple[FieldChange, ...] = ()
        # Only an update says which fields moved; a creation or deletion has nothing to diff.
        if previous is not None and row.history_type == "~":
            delta = row.diff_against(previous, foreign_keys_are_objs=True)
            changes = tuple(_field_change(model, c.field, c.old, c.new) for c in delta.changes)
        entries.append(
            HistoryEntry(
                at=timezone.localtime(row.history_date, TOKYO),
                user=str(row.history_user) if row.history_user else gettext("システム"),
                kind=str(CHANGE_KINDS.get(row.history_type, row.history_type)),
                changes=changes,
            )
        )
        previous = row
    entries.reverse()
    return entries


def _field_change(model: type[models.Model], name: str, old: Any, new: Any) -> FieldChange:
    field = model._meta.get_field(name)
    label = str(getattr(field, "verbose_name", name))
    return FieldChange(label=label, old=display_value(field, old), new=display_value(field, new))


def display_value(field: Any, value: Any) -> str:
    """A stored value as staff read it: choice labels, 和暦 dates, はい/いいえ, （空欄）."""
    if isinstance(value, DeletedObject):
        # simple-history wraps an empty foreign key in DeletedObject too (its pk is then None).
        return gettext("（空欄）") if value.pk is None else gettext("（削除済み）")
    if value is None or value == "":
        return gettext("（空欄）")
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext("はい") if value else gettext("いいえ")
    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value, TOKYO)
        return f"{to_wareki(local.date())} {local:%H:%M}"
    if isinstance(value, datetime.date):
        return to_wareki(value)
    # A GeoJSON boundary can run to megabytes; the table shows only its start.
    return Truncator(str(value)).chars(80)


@contextlib.contextmanager
def history_user(user: Any) -> Iterator[None]:
    """Attribute every history row written inside (cascaded deletes too) to this user, also
    outside a request (background jobs), as simple-history's request middleware does."""
    context = HistoricalRecords.context
    previous = getattr(context, "request", None)
    context.request = SimpleNamespace(user=user)
    try:
        yield
    finally:
        if previous is None:
            del context.request
        else:
            context.request = previous
