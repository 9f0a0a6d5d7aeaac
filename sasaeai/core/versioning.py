"""No lost updates (issue #21): every edit form carries the version its record had when the form
was opened, and its service claims the next version with one conditional UPDATE before writing.
Of two people who opened the same version, exactly one succeeds; the other keeps their input and
is told who saved and when (in 和暦).

The pieces:
- `VersionedModel`: an abstract model with a `version` column that *every* save raises in SQL
  (`version = version + 1`), so an import, a bulk action, a merge or an undo that saves the
  record also makes a form opened before it a conflict. `QuerySet.update()` bypasses save():
  callers add `version=F("version") + 1` themselves (`bump_versions`).
- `version_field(record)`: the hidden form field; `expected_version(form)` reads it back.
- `claim_version(record, expected)`: the conditional UPDATE, raising `EditConflictError`.

A history model must not copy `version` (during save it is an SQL expression, not a number):
declare `HistoricalRecords(excluded_fields=["version"])` on a versioned model."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.db.models.expressions import Combinable
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from sasaeai.utils.wareki import to_wareki

VERSION_FIELD = "version"


class EditConflictError(ValidationError):
    """Someone saved the record after this editor opened it; the editor's input is kept.
    `current` is the version saved meanwhile (see `carry_current_version`)."""

    current: int | None = None


class VersionedModel(models.Model):
    """A record whose every save raises `version` by one in the database."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A record built with a pk that exists (an undo restoring a row) is an UPDATE too.
        bumped = self.pk is not None and (
            not self._state.adding or type(self)._default_manager.filter(pk=self.pk).exists()
        )
        if not bumped:
            super().save(*args, **kwargs)
            return
        before = self.version
        # why: F() and not version + 1 in Python, so a save from a copy loaded before another
        # save still moves the version forward instead of writing an old number back.
        self.version = F(VERSION_FIELD) + 1
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and VERSION_FIELD not in update_fields:
            kwargs["update_fields"] = [*update_fields, VERSION_FIELD]
        try:
            super().save(*args, **kwargs)
        except BaseException:
            # why: no query after a failed statement (PostgreSQL refuses any until the savepoint
            # is rolled back, and the caller's `except IntegrityError` would see that error
            # instead): the number it had, not the expression.
            self.version = before
            raise
        if isinstance(self.version, Combinable):
            self.refresh_from_db(fields=[VERSION_FIELD])


def bump_versions(queryset: models.QuerySet[Any], **changes: Any) -> int:
    """`queryset.update(**changes)` that also raises every row's version (bulk actions, imports
    that update in SQL): a form opened before it becomes a conflict."""
    return queryset.update(**changes, **{VERSION_FIELD: F(VERSION_FIELD) + 1})


def version_field(record: Any) -> forms.IntegerField:
    """The hidden field holding the version the form was opened at (None for a new record)."""
    return forms.IntegerField(
        widget=forms.HiddenInput,
        initial=getattr(record, VERSION_FIELD, None) if getattr(record, "pk", None) else None,
        required=False,
        min_value=0,
        max_value=2**31 - 1,
    )


def add_version_field(form: forms.BaseForm, record: Any) -> None:
    """Give an edit form its hidden version field (a creation form needs none)."""
    if getattr(record, "pk", None):
        form.fields[VERSION_FIELD] = version_field(record)


def expected_version(form: forms.BaseForm) -> int | None:
    """The version the posted form was opened at, or None when it had no version field."""
    if VERSION_FIELD not in form.fields:
        return None
    value = form.cleaned_data.get(VERSION_FIELD)
    # A form posted without its hidden field (an old tab, a hand-made request) cannot prove it
    # saw the current record: 0 never matches, so the save is refused as a conflict.
    return 0 if value is None else int(value)


def last_change(record: Any, histories: Sequence[Any] = ()) -> tuple[str, str]:
    """(who, when in 和暦 with the time) of the latest history row, for the message: of the
    record's own history, or of `histories` (querysets of history rows) when given."""
    if not histories:
        own = getattr(record, "history", None)
        histories = [own] if own is not None else []
    rows = [h.order_by("-history_date", "-history_id").first() for h in histories]
    last = max((r for r in rows if r is not None), key=lambda r: r.history_date, default=None)
    if last is None:
        return _("ほかの人"), ""
    user = last.history_user
    # str(user): the name the site shows everywhere (表示名 first, as the history pages do).
    who = str(user) if user is not None else _("ほかの人")
    moment = timezone.localtime(last.history_date)
    return who, f"{to_wareki(moment.date())} {moment:%H:%M}"


def conflict_message(
    record: Any, what: str, histories: Sequence[Any] = (), *, kept: bool = True
) -> str:
    """Who saved and when; `kept` False for a button whose refusal is a message on the page
    it came from (no form is shown again with the input)."""
    who, when = last_change(record, histories)
    when_part = f"（{when}）" if when else ""
    # A named person gets さん; the fallback (no history row, no user) does not.
    who_part = who if who == _("ほかの人") else _("%(who)sさん") % {"who": who}
    values = {"what": what, "who": who_part, "when": when_part}
    if not kept:
        return (
            _(
                "この%(what)sは、あなたが画面を開いた後に%(who)sが保存しました%(when)s。"
                "保存しませんでした。最新の内容を確かめてから、もう一度操作してください。"
            )
            % values
        )
    return (
        _(
            "この%(what)sは、あなたが画面を開いた後に%(who)sが保存しました%(when)s。"
            "あなたの入力はこの画面に残してあります。最新の内容を別の画面で確かめてから、"
            "必要なところを直してもう一度保存してください。"
        )
        % values
    )


def claim_version(
    record: Any, expected: int | None, *, what: str, histories: Sequence[Any] = (),
    kept: bool = True,
) -> None:  # fmt: skip
    """Take the record's next version, or refuse when another save took it first. `expected`
    None means no form was opened (an import, a script): nothing to compare. `histories`:
    where to find who saved, when a record guards rows of other models (an indicator guards
    its targets), else the record's own history; `kept` as in conflict_message. The UPDATE waits
    for a concurrent writer (a row lock on PostgreSQL, the write lock on SQLite), so of two
    editors who opened the same version exactly one succeeds. Call inside the service's
    transaction, after validating and before writing."""
    if expected is None or not getattr(record, "pk", None):
        return
    model = type(record)
    claimed = model._default_manager.filter(pk=record.pk, **{VERSION_FIELD: expected}).update(
        **{VERSION_FIELD: expected + 1}
    )
    if not claimed:
        error = EditConflictError(
            conflict_message(record, what, histories, kept=kept), code="conflict"
        )
        error.current = (
            model._default_manager.filter(pk=record.pk)
            .values_list(VERSION_FIELD, flat=True)
            .first()
        )
        raise error
    setattr(record, VERSION_FIELD, expected + 1)


def carry_current_version(form: forms.BaseForm, error: ValidationError) -> None:
    """After a conflict the form shown again carries the version saved meanwhile (as the
    meeting's record does): saving again after reading the message and the latest record is
    a deliberate choice, not an endless refusal. Nothing for any other refusal."""
    current = getattr(error, "current", None)
    if not isinstance(error, EditConflictError) or current is None:
        return
    if VERSION_FIELD not in form.fields:
        return
    # A QueryDict from a request is immutable: a mutable copy keeps every other value as typed.
    data = form.data.copy() if isinstance(form.data, QueryDict) else dict(form.data)
    data[form.add_prefix(VERSION_FIELD)] = str(current)
    form.data = data
