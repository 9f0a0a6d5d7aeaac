"""Undoing a committed import as a whole, from the records it wrote and their history.

A commit remembers which records it created, updated or deleted (ImportBatch.written) and when it
started. Undo is refused when any of those records, or a record hanging off one of them (a
schedule, a venue link, another resource now using an imported organisation), has a history row
dated after the commit: someone has worked on it since, and undoing would lose that work.
Otherwise, in one transaction: each updated record and its own children go back to their state
just before the commit (from simple-history), the created records are deleted, newest first, and
the records the commit replaced (a town's population on the same date) come back from history.
Every change undo makes is itself recorded in history under the user who asked for it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sasaeai.utils.wareki import to_wareki

from .constants import ImportStatus
from .history import history_user
from .models import ImportBatch

CHUNK = 2000
SHOWN_PROBLEMS = 5


def entries(batch: ImportBatch, action: str) -> list[tuple[type[models.Model], list[Any]]]:
    return [(apps.get_model(label), pks) for label, pks in batch.written.get(action, [])]


@dataclass(frozen=True)
class Dependent:
    """A model with history whose foreign key (attname) points at another model."""

    model: Any
    attname: str
    cascades: bool


def dependents(model: type[models.Model]) -> list[Dependent]:
    """Reverse foreign keys to the model from models that keep history."""
    return [
        Dependent(
            relation.related_model,
            relation.field.attname,
            relation.on_delete is models.CASCADE,
        )
        for relation in model._meta.related_objects
        if relation.one_to_many and hasattr(relation.related_model, "history")
    ]


@dataclass(frozen=True)
class LaterChange:
    model: type[models.Model]
    pk: Any
    at: datetime.datetime
    user: str


def later_changes(batch: ImportBatch) -> list[LaterChange]:
    """The batch's records changed after the commit: each record once, at its first later change."""
    assert batch.committed_at is not None
    ids: dict[type[models.Model], set[Any]] = {}
    for action in ("created", "updated", "deleted"):
        for model, pks in entries(batch, action):
            ids.setdefault(model, set()).update(pks)
    windows = undone_windows(batch)
    found: dict[tuple[type[models.Model], Any], LaterChange] = {}
    for model, wanted in ids.items():
        watched: list[tuple[Any, str]] = [(model, model._meta.pk.attname)]
        watched += [(d.model, d.attname) for d in dependents(model)]
        for history_of, attname in watched:
            rows = (
                history_of.history.filter(history_date__gt=batch.committed_at)
                .order_by("history_date")
                .values_list(attname, "history_date", "history_user_id", "history_user__username")
            )
            for pk, at, user_id, username in rows:
                if pk in wanted and not any(
                    start <= at <= end and user_id == who for start, end, who in windows
                ):
                    found.setdefault((model, pk), LaterChange(model, pk, at, username or ""))
    return sorted(found.values(), key=lambda change: change.at)


def undone_windows(batch: ImportBatch) -> list[tuple[Any, Any, Any]]:
    """(start, end, user) of the writes of later batches that were themselves undone: together
    they changed nothing, so they do not stand in the way of undoing this one."""
    later = ImportBatch.objects.filter(
        municipality_id=batch.municipality_id,
        status=ImportStatus.UNDONE,
        commit_started_at__gt=batch.committed_at,
    )
    windows = []
    for other in later:
        windows.append((other.commit_started_at, other.committed_at, other.committed_by_id))
        windows.append((other.undo_started_at, other.undone_at, other.undone_by_id))
    return windows


def describe(change: LaterChange) -> str:
    record = change.model._default_manager.filter(pk=change.pk).first()
    name = _("「%(record)s」") % {"record": record} if record is not None else _("（削除済み）")
    at = timezone.localtime(change.at)
    who = _("%(user)sさん") % {"user": change.user} if change.user else _("不明な利用者")
    return _("%(model)s%(name)s: %(day)s %(time)s に%(who)sが変更しています。") % {
        "model": change.model._meta.verbose_name,
        "name": name,
        "day": to_wareki(at.date()),
        "time": f"{at:%H:%M}",
        "who": who,
    }


def restore_before(model: Any, pk: Any, moment: datetime.datetime, user: Any) -> None:
    """The record (updated, or deleted, by the batch), and the children that cascade with it,
    as they were just before the moment."""
    pk_name = model._meta.pk.attname
    before = (
        model.history.filter(**{pk_name: pk, "history_date__lt": moment})
        .order_by("-history_date", "-history_id")
        .first()
    )
    if before is None or before.history_type == "-":
        raise ValidationError(
            _("%(model)s（%(pk)s）の取込前の記録が履歴にないため、元に戻せません。")
            % {"model": model._meta.verbose_name, "pk": pk}
        )
    restored = before.instance
    restored._history_user = user
    restored.save()
    for dependent in dependents(model):
        if dependent.cascades:
            restore_children(dependent, pk, moment, user)


def restore_children(
    dependent: Dependent, parent: Any, moment: datetime.datetime, user: Any
) -> None:
    """The children of one parent that the batch touched, back to their state at the moment."""
    child, attname = dependent.model, dependent.attname
    pk_name = child._meta.pk.attname
    latest: dict[Any, Any] = {}
    touched: set[Any] = set()
    rows = child.history.filter(**{attname: parent}).order_by("history_date", "history_id")
    for row in rows:
        pk = getattr(row, pk_name)
        if row.history_date < moment:
            latest[pk] = row
        else:
            touched.add(pk)
    for pk in sorted(touched):
        row = latest.get(pk)
        if row is not None and row.history_type != "-":
            instance = row.instance
            instance._history_user = user
            instance.save()
        else:
            for current in child._default_manager.filter(pk=pk):
                current._history_user = user
                current.delete()


def in_chunks(model: type[models.Model], pks: list[Any]) -> Iterator[Any]:
    for start in range(0, len(pks), CHUNK):
        yield from model._default_manager.filter(pk__in=pks[start : start + CHUNK])


@transaction.atomic
def batch_undo(*, batch: ImportBatch, user: Any) -> int:
    """Put every record the batch wrote back as it was; returns how many records were undone."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportStatus.COMMITTED:
        raise ValidationError(_("取込済みの取込だけを元に戻せます。"))
    if not batch.written or batch.commit_started_at is None:
        raise ValidationError(_("この取込は、書き込んだ記録が残っていないため元に戻せません。"))
    changes = later_changes(batch)
    if changes:
        shown = [describe(change) for change in changes[:SHOWN_PROBLEMS]]
        more = len(changes) - len(shown)
        raise ValidationError(
            [
                _("取込の後に変更された記録があるため、元に戻せません"
                  "（変更を消さないためです）。必要なら画面で個別に直してください。"),
                *shown,
                *([_("ほか%(n)d件") % {"n": more}] if more else []),
            ]
        )  # fmt: skip
    count = 0
    batch.undo_started_at = timezone.now()
    with history_user(user):
        # Updated records first (they may point at created ones), then the created records,
        # newest first, then what the batch replaced (it may share keys with what it created).
        for model, pks in entries(batch, "updated"):
            for pk in pks:
                restore_before(model, pk, batch.commit_started_at, user)
                count += 1
        for model, pks in reversed(entries(batch, "created")):
            for obj in in_chunks(model, pks):
                obj._history_user = user
                obj.delete()
                count += 1
        for model, pks in entries(batch, "deleted"):
            for pk in pks:
                restore_before(model, pk, batch.commit_started_at, user)
                count += 1
    batch.status = ImportStatus.UNDONE
    batch.undone_at = timezone.now()
    batch.undone_by = user
    batch._history_user = user  # type: ignore[attr-defined]
    batch.save()
    return count
