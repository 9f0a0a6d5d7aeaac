"""Inserting many records at once with their history, by executemany (large imports).

Django's bulk_create builds one multi-row statement per few dozen rows and prepares every value
through the field machinery; simple-history then builds a second model instance per row. For
imports of 100,000 rows that costs several times the insert itself. Here each table gets one
prepared statement run by executemany, primary keys are taken from the database up front
(PostgreSQL's sequence; SQLite's table maximum while the write lock is held), and each history
row is the record's own values plus who, when and "+".

Only plain concrete fields are supported (no multi-table inheritance); values are prepared by the
field itself except for types the database drivers take as they are.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.utils import timezone

CHUNK = 5000
M = TypeVar("M", bound=models.Model)
# Field types whose Python values (str and its subclasses such as TextChoices, numbers, None) the
# drivers take as they are, as Django itself passes them. Lazy translations are not resolved here.
PLAIN = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "FloatField",
    "ForeignKey",
    "IntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
}


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` new primary keys for the model's table, never used before."""
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        if connection.vendor != "sqlite":  # pragma: no cover - only the two databases we run on
            raise NotImplementedError(connection.vendor)
        # AUTOINCREMENT keeps the highest key ever used in sqlite_sequence (deleted rows too).
        cursor.execute(
            f'SELECT MAX(COALESCE((SELECT MAX("{column}") FROM "{table}"), 0), '
            "COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0))",
            [table],
        )
        start = cursor.fetchone()[0] + 1
    return list(range(start, start + count))


def converter(field: models.Field, db: Any) -> Any:
    """A function from the attribute's value to what the database driver is given, or None
    when the drivers take the value as it is (str and its subclasses, numbers, None)."""
    if field.get_internal_type() in PLAIN:
        return None
    return lambda value: field.get_db_prep_save(value, db)


def insert(db: Any, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    names = ", ".join(db.ops.quote_name(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    with db.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            cursor.executemany(
                f"INSERT INTO {db.ops.quote_name(table)} ({names}) VALUES ({marks})",
                rows[start : start + CHUNK],
            )


@transaction.atomic
def insert_with_history(objects: Sequence[M], *, user: Any) -> list[M]:
    """Insert unsaved instances of one model (their primary keys are set), each with a "+"
    history row by `user` when the model keeps history. Returns the same instances."""
    items = list(objects)
    if not items:
        return items
    model = type(items[0])
    meta = model._meta
    for obj, pk in zip(items, allocate_ids(model, len(items)), strict=True):
        setattr(obj, meta.pk.attname, pk)
        obj._state.adding = False
    fields = list(meta.concrete_fields)
    stamped = [
        f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    for obj in items:
        for field in stamped:
            field.pre_save(obj, add=True)
    attnames = [f.attname for f in fields]
    write(model, [[getattr(obj, a) for a in attnames] for obj in items], user)
    return items


@transaction.atomic
def insert_rows(model: type[models.Model], rows: Sequence[dict[str, Any]], *, user: Any) -> None:
    """Insert rows given as {attname: value} without building model instances (the children of
    a large import); fields left out take their defaults, each with a "+" history row."""
    if not rows:
        return
    fields = list(model._meta.concrete_fields)
    now = timezone.now()
    makers: list[Any] = []
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            makers.append(always(now))
        elif field.has_default() and callable(field.default):
            makers.append(field.default)
        else:
            makers.append(always(field.get_default()))
    values = []
    for row, pk in zip(rows, allocate_ids(model, len(rows)), strict=True):
        row = {**row, model._meta.pk.attname: pk}
        values.append(
            [
                row[f.attname] if f.attname in row else make()
                for f, make in zip(fields, makers, strict=True)
            ]
        )
    write(model, values, user)


def always(value: Any) -> Any:
    return lambda: value


def write(model: type[models.Model], values: list[list[Any]], user: Any) -> None:
    """Prepare the values (one list per row, in concrete field order) and insert them."""
    db = connections[DEFAULT_DB_ALIAS]
    fields = list(model._meta.concrete_fields)
    converting = [(i, c) for i, f in enumerate(fields) if (c := converter(f, db)) is not None]
    for row in values:
        for i, convert in converting:
            row[i] = convert(row[i])
    rows = [tuple(row) for row in values]
    insert(db, model._meta.db_table, [f.column for f in fields], rows)
    history = getattr(model, "history", None)
    if history is not None:
        insert_history(db, history.model, [f.attname for f in fields], rows, user)


def insert_history(
    db: Any,
    history_model: type[models.Model],
    attnames: list[str],
    rows: list[tuple[Any, ...]],
    user: Any,
) -> None:
    """One "+" row per inserted row: the same values, and who and when."""
    now = timezone.now()
    position = {name: index for index, name in enumerate(attnames)}
    extra = {
        "history_date": models.DateTimeField().get_db_prep_save(now, db),
        "history_change_reason": "",
        "history_type": "+",
        "history_user_id": user.pk if user is not None else None,
    }
    # The record's own columns first (picked from each row in C), then who, when and "+".
    own = [f for f in history_model._meta.concrete_fields if not f.primary_key]
    copied = [f for f in own if f.attname not in extra]
    columns = [f.column for f in copied] + [f.column for f in own if f.attname in extra]
    constants = tuple(extra[f.attname] for f in own if f.attname in extra)
    # A KeyError here is a history field we cannot fill.
    indexes = [position[f.attname] for f in copied]
    pick = operator.itemgetter(*indexes) if len(indexes) > 1 else lambda r: (r[indexes[0]],)
    history_rows = [pick(row) + constants for row in rows]
    insert(db, history_model._meta.db_table, columns, history_rows)
