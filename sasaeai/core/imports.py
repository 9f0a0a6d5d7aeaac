"""The import flow shared by every app: upload → preview (every row judged) → confirm or cancel.

An app registers an `Importer` (parse bytes into a `Preview`; write a preview's good rows).
Nothing is written before confirmation, and the confirmed write is one transaction.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import gc
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from simple_history.models import registered_models

from sasaeai.utils.csvfile import CsvDecodeError, clean_header
from sasaeai.utils.table_reader import cell_text, read_csv, read_table
from sasaeai.utils.wareki import to_wareki

from .constants import ImportStatus, JobStatus
from .history import history_user
from .models import ImportBatch, ImportColumnMapping, ImportValueMapping

# A remembered or chosen mapping value for a column the user chose not to read (「使わない」).
UNUSED = ""


@dataclass
class PreviewRow:
    """One data line of the file, as it will be treated on confirmation."""

    line: int
    label: str
    errors: list[str] = field(default_factory=list)
    note: str = ""
    summary: tuple[Any, ...] = ()
    payload: Any = None
    # (field, value as it will be stored), shown under the row as 「読み取った値」 (issue #22).
    details: list[tuple[str, str]] = field(default_factory=list)
    # A possible duplicate of registered records: the row waits for the user's decision.
    suspect: Suspect | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def skipped(self) -> bool:
        """A suspect row the user decided not to import."""
        return self.suspect is not None and self.suspect.decision == SKIP


# What the user may decide for a suspect row (besides "update:<pk>" of one of its candidates).
NEW, SKIP, UPDATE = "new", "skip", "update:"


@dataclass(frozen=True)
class Candidate:
    """A registered record a suspect row may be: its decision value ("update:<pk>"), its name,
    and what the registry holds for each of the suspect's fields (side by side with the file)."""

    value: str
    label: str
    cells: tuple[str, ...]


@dataclass
class Suspect:
    """A row that may be a record already registered (a similar name, or the same name and
    venues with other values): shown beside its candidates, and never written before the
    user decides update (which candidate), new or skip (issue #22, point 6)."""

    fields: tuple[str, ...]
    cells: tuple[str, ...]
    candidates: list[Candidate]
    decision: str = ""

    @property
    def choices(self) -> list[str]:
        return [c.value for c in self.candidates] + [NEW, SKIP]

    @property
    def compared(self) -> list[tuple[str, str, list[str]]]:
        """(field, the file's value, each candidate's value): the side-by-side table."""
        return [
            (name, self.cells[i], [c.cells[i] for c in self.candidates])
            for i, name in enumerate(self.fields)
        ]


@dataclass(frozen=True)
class ImportChoice:
    """Something the importer can do on confirmation only when asked: a checkbox on the preview
    screen, `--<name with dashes>` on the command line, passed back to `parse` as `options`."""

    name: str
    label: str
    help: str = ""


@dataclass(frozen=True)
class ColumnChoice:
    """A column the user may map by hand on the preview: one nothing recognised (field ""), or
    one read through a mapping (chosen on this batch, or remembered from an earlier commit)."""

    header: str
    key: str
    field: str = UNUSED
    remembered: bool = False


@dataclass(frozen=True)
class ValueChoice:
    """A value of the file the importer cannot read by itself (a サービス種類名 of another
    system, or a blank cell where a choice is needed): the user maps it on the preview to one
    of the importer's `value_options`. value "" stands for blank cells and a missing column."""

    field: str
    value: str
    key: str
    count: int
    choice: str = ""
    remembered: bool = False


@dataclass
class Preview:
    """Everything the user sees before confirming: rows, file-level errors and notes."""

    encoding: str = ""
    rows: list[PreviewRow] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    summary_headers: tuple[str, ...] = ()
    # (header as written, the column it is read as or ""), for importers that map columns.
    columns: list[tuple[str, str]] = field(default_factory=list)
    # Headers of columns nothing was read from: shown as 「取り込まない列」 (with a sample value where the importer gives one), never dropped.
    unread_columns: list[str] = field(default_factory=list)
    # How values that could be written several ways were read (「1/1/25 を…と読みました」).
    readings: list[str] = field(default_factory=list)
    # Choices the user may tick before confirming (e.g. create the towns the file names).
    choices: list[ImportChoice] = field(default_factory=list)
    # The column-mapping step: columns the user may map, and 「前回の割り当て…」 notes.
    column_choices: list[ColumnChoice] = field(default_factory=list)
    mapping_notes: list[str] = field(default_factory=list)
    # The value-mapping step: values the user maps to a choice (the kind of each row).
    value_choices: list[ValueChoice] = field(default_factory=list)

    @property
    def error_lines(self) -> list[int]:
        return [row.line for row in self.rows if row.errors]

    @property
    def skipped_lines(self) -> list[int]:
        return [row.line for row in self.rows if row.skipped]

    def blocking_lines(self, excluded: Iterable[int]) -> list[int]:
        """Lines with errors that the user has not chosen to leave out."""
        left_out = set(excluded)
        return [line for line in self.error_lines if line not in left_out]

    def undecided_lines(self, excluded: Iterable[int]) -> list[int]:
        """Suspect rows (without errors) not decided yet and not left out."""
        left_out = set(excluded)
        return [
            r.line
            for r in self.rows
            if r.ok and r.suspect is not None and not r.suspect.decision and r.line not in left_out
        ]

    def rows_to_write(self, excluded: Iterable[int]) -> list[PreviewRow]:
        left_out = set(excluded)
        return [r for r in self.rows if r.ok and not r.skipped and r.line not in left_out]

    def can_commit(self, excluded: Iterable[int]) -> bool:
        excluded = list(excluded)
        return self.can_commit_with(
            excluded, self.blocking_lines(excluded), self.undecided_lines(excluded)
        )

    def can_commit_with(
        self, excluded: list[int], blocking: list[int], undecided: list[int]
    ) -> bool:
        """can_commit, for a caller that has the blocking and undecided lines already."""
        return (
            not self.file_errors
            and not blocking
            and not undecided
            and bool(self.rows_to_write(excluded))
        )


def csv_preview(data: bytes, summary_headers: tuple[str, ...]) -> tuple[Preview, list[list[str]]]:
    """Decode a CSV upload; returns an empty preview and its non-blank rows (none on error)."""
    try:
        rows, encoding = read_csv(data)
    except CsvDecodeError as error:
        return Preview(file_errors=[str(error)]), []
    preview = Preview(encoding=encoding, summary_headers=summary_headers)
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        preview.file_errors.append(_("ファイルが空です。"))
    return preview, rows


def table_preview(data: bytes, summary_headers: tuple[str, ...]) -> tuple[Preview, list[list[Any]]]:
    """Read an .xlsx (first sheet) or a CSV upload; returns an empty preview and the non-blank
    rows as the reader gives them (xlsx: numbers as floats, dates as dates; CSV: strings)."""
    try:
        rows, encoding = read_table(data, "")
    except CsvDecodeError as error:
        return Preview(file_errors=[str(error)]), []
    preview = Preview(encoding=encoding, summary_headers=summary_headers)
    rows = [row for row in rows if any(cell_text(cell) for cell in row)]
    if not rows:
        preview.file_errors.append(_("ファイルが空です。"))
    return preview, rows


def column_key(text: Any) -> str:
    """A header as compared with synonyms: NFKC, no spaces or underscores, dashes as '-',
    lower case (「総 人口」, "total_population" and "totalPopulation" meet their entries)."""
    return re.sub(r"_", "", clean_header(cell_text(text))).lower()


def value_choices(
    field_name: str, counts: Mapping[str, int], chosen: Mapping[str, str]
) -> list[ValueChoice]:
    """The values of one field to map, most frequent first, each with the choice made for it
    (`chosen`: value key → choice, from the batch and the municipality's remembered ones)."""
    found: dict[str, ValueChoice] = {}
    for value, count in counts.items():
        key = column_key(value)
        was = found.get(key)
        total = count + (was.count if was else 0)
        found[key] = ValueChoice(
            field_name, was.value if was else value, key, total, chosen.get(key, "")
        )
    return sorted(found.values(), key=lambda c: (c.key == "", -c.count, c.key))


@dataclass(frozen=True)
class ColumnMatch:
    """Which column each field was found in, and the headers no field took."""

    found: dict[str, int]
    headers: dict[str, str]  # field → the header as written in the file
    unread: list[str]
    # The columns the user may map by hand, and why a mapping cannot be used (Japanese).
    choosable: list[ColumnChoice] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    mapped: frozenset[str] = frozenset()  # fields read through the mapping, not a synonym


def match_columns(
    header: list[Any],
    synonyms: Mapping[str, tuple[str, ...]],
    *,
    taken: Iterable[int] = (),
    mapping: Mapping[str, str] | None = None,
    every_column: bool = False,
) -> ColumnMatch:
    """Find each field's column: first by the mapping (header key → field, "" = not used, as
    the user chose or the municipality remembered), then by the words of the synonym table
    (Japanese and English, the field's own name first); the first column wins and a column
    serves one field. Columns in `taken` were read by the importer otherwise (age bands); any
    other non-blank header is returned as unread so the preview can name it. every_column: the
    columns a synonym found are offered for mapping too (with the field found), so a wrong
    guess can be corrected; otherwise only the unread and the hand-mapped ones are."""
    mapping = mapping or {}
    keys = [column_key(cell) for cell in header]
    skipped = set(taken)
    by_hand = {i for i, key in enumerate(keys) if key in mapping and i not in skipped}
    found, conflicts = mapped_columns(header, keys, by_hand, mapping, synonyms)
    mapped = frozenset(found)
    for name, words in synonyms.items():
        wanted = {column_key(word) for word in (name, *words)}
        free = (i for i, key in enumerate(keys) if key in wanted and i not in by_hand)
        column = next((i for i in free if i not in found.values()), None)
        if column is not None and name in mapped:
            # The file has the field's own column too: which one to read is the user's call.
            conflicts.append(conflict_message(name, header[found[name]], header[column]))
        elif column is not None:
            found[name] = column
    used = set(found.values()) | skipped
    field_of = {index: name for name, index in found.items()}
    choosable = [
        ColumnChoice(cell_text(header[i]), key, field_of.get(i, mapping.get(key, UNUSED)))
        for i, key in enumerate(keys)
        if key and i not in skipped and (every_column or i in by_hand or i not in used)
    ]
    return ColumnMatch(
        found=found,
        headers={name: cell_text(header[i]) for name, i in found.items()},
        unread=[cell_text(header[i]) for i, key in enumerate(keys) if key and i not in used],
        choosable=choosable,
        conflicts=conflicts,
        mapped=mapped,
    )


# How much of a sample value the preview shows beside a column it will not read.
SAMPLE_CHARS = 20


def unread_with_samples(
    header: Sequence[Any], used: Iterable[int], rows: Iterable[Sequence[Any]]
) -> list[str]:
    """Every column nothing will be read from, as 「見出し（例: 最初の値）」, so the user sees
    what the file holds there and can map it (issue #22). A column without a header that holds
    values is named by its position (「（見出しなし・8列目）」): no value goes unmentioned."""
    rows = list(rows)
    taken = set(used)
    width = max([len(header), *(len(row) for row in rows)])
    found = []
    for index in range(width):
        title = cell_text(header[index]) if index < len(header) else ""
        if index in taken:
            continue
        sample = next(
            (text for row in rows if index < len(row) and (text := cell_text(row[index]))), ""
        )
        if not title and not sample:
            continue
        name = title or _("（見出しなし・%(n)d列目）") % {"n": index + 1}
        if len(sample) > SAMPLE_CHARS:
            sample = sample[:SAMPLE_CHARS] + "…"
        found.append(
            _("%(column)s（例: %(sample)s）")
            % {"column": name, "sample": sample.replace("\n", " ")}
            if sample
            else _("%(column)s（値なし）") % {"column": name}
        )
    return found


def mapped_columns(
    header: list[Any],
    keys: list[str],
    by_hand: set[int],
    mapping: Mapping[str, str],
    synonyms: Mapping[str, tuple[str, ...]],
) -> tuple[dict[str, int], list[str]]:
    """The fields read through the mapping, and a message for each field mapped twice."""
    found: dict[str, int] = {}
    conflicts: list[str] = []
    for index in sorted(by_hand):
        name = mapping[keys[index]]
        if name not in synonyms:
            continue  # 「使わない」, or a field the importer no longer has
        if name in found:
            conflicts.append(conflict_message(name, header[found[name]], header[index]))
        else:
            found[name] = index
    return found, conflicts


def conflict_message(name: str, first: Any, second: Any) -> str:
    return _(
        "「%(field)s」に2つの列（列「%(first)s」と列「%(second)s」）が"
        "割り当てられています。どちらか一方を「使わない」にしてください。"
    ) % {"field": name, "first": cell_text(first), "second": cell_text(second)}


class Importer(Protocol):
    """Reads one kind of file. `write` may call batch.record("created" | "updated", objects) for
    everything it writes; a batch with such records can later be undone as a whole."""

    kind: str
    title: str
    # One sentence for the 取込 page (staff): what file it takes and what it does.
    summary: str
    permission: str
    help_text: str

    def parse(self, data: bytes, municipality: Any, *, for_commit: bool = False) -> Preview:
        """Judge every row. for_commit: the rows are about to be written, so work done only
        to inform the user (e.g. looking for similar names) may be skipped. An importer that
        offers choices (Preview.choices) also takes `options`, the names the user ticked."""
        ...

    def write(
        self, rows: list[PreviewRow], *, municipality: Any, user: Any, batch: ImportBatch
    ) -> int: ...


# An importer whose previews may be kept for the commit (large files, read by the worker) has
# `payload_to_json(payload) -> JSON value` and `payloads_from_json(values, municipality) ->
# payloads` (records read back by id, within the municipality); without them the commit
# reads the file again.
# An importer with the column-mapping step also has `column_synonyms` (field → header words,
# the fields offered on the preview in this order) and takes `mapping` (header key → field).
def column_fields(importer: Importer) -> tuple[str, ...]:
    """The fields a column of this importer's files may be mapped to (none: no mapping step)."""
    return tuple(getattr(importer, "column_synonyms", {}))


# An importer with the value-mapping step has `value_options` (field → [(choice, label)]) and
# takes `values` (field → {value key → choice}); its preview lists `value_choices`.
def value_fields(importer: Importer) -> dict[str, list[tuple[str, str]]]:
    return dict(getattr(importer, "value_options", {}))


def remembered_values(municipality: Any, kind: str) -> dict[str, dict[str, str]]:
    """field → {value key → choice}, as this municipality's earlier imports were committed."""
    found: dict[str, dict[str, str]] = {}
    rows = ImportValueMapping.objects.filter(municipality=municipality, kind=kind)
    for name, key, choice in rows.values_list("field", "value_key", "choice"):
        found.setdefault(name, {})[key] = choice
    return found


def merged_values(
    remembered: Mapping[str, Mapping[str, str]], chosen: Mapping[str, Mapping[str, str]]
) -> dict[str, dict[str, str]]:
    return {
        name: {**remembered.get(name, {}), **chosen.get(name, {})}
        for name in {*remembered, *chosen}
    }


def batch_values(batch: ImportBatch) -> dict[str, dict[str, str]]:
    return merged_values(remembered_values(batch.municipality, batch.kind), batch.value_mapping)


def remembered_columns(municipality: Any, kind: str) -> dict[str, str]:
    """Header key → field, as this municipality's earlier imports of this kind were committed."""
    rows = ImportColumnMapping.objects.filter(municipality=municipality, kind=kind)
    return dict(rows.values_list("header_key", "field"))


def batch_mapping(batch: ImportBatch) -> dict[str, str]:
    """The mapping a batch is read with: the remembered one, changed by the user's choices."""
    return {**remembered_columns(batch.municipality, batch.kind), **batch.column_mapping}


def mapping_notes(
    preview: Preview, remembered: Mapping[str, str], chosen: Mapping[str, str]
) -> None:
    """Mark the columns mapped automatically from the remembered mapping, and say so."""
    marked = []
    for choice in preview.column_choices:
        was = choice.key in remembered and choice.key not in chosen
        marked.append(ColumnChoice(choice.header, choice.key, choice.field, was))
        if was:
            preview.mapping_notes.append(
                _("前回の割り当て: 列「%(header)s」→ %(field)s")
                % {"header": choice.header, "field": choice.field or _("使わない")}
            )
    preview.column_choices = marked


def file_header(batch: ImportBatch) -> list[Any]:
    with batch.file.open("rb") as handle:
        _preview, rows = table_preview(handle.read(), ())
    return rows[0] if rows else []


@transaction.atomic
def batch_map_columns(*, batch: ImportBatch, choices: Mapping[str, str], user: Any) -> None:
    """Keep the user's mapping (header as written → field, "" = 使わない) for this batch's
    preview; the municipality remembers it when the batch is committed. Refuses a field the
    importer does not know and one field read from two columns, naming both."""
    batch = ImportBatch.objects.select_for_update().select_related("municipality").get(pk=batch.pk)
    if batch.status != ImportStatus.PREVIEW:
        raise ValidationError(_("この取込は既に確定または取消されています。"))
    importer = importer_for(batch.kind)
    fields = column_fields(importer)
    unknown = [name for name in choices.values() if name and name not in fields]
    if unknown:
        raise ValidationError(
            _("「%(field)s」はこの取込で読める項目ではありません（読める項目: %(fields)s）。")
            % {"field": unknown[0], "fields": "、".join(fields)}
        )
    chosen = {column_key(h): name for h, name in choices.items() if column_key(h)}
    mapping = {**batch_mapping(batch), **chosen}
    synonyms = importer.column_synonyms  # type: ignore[attr-defined]
    conflicts = match_columns(file_header(batch), synonyms, mapping=mapping).conflicts
    if conflicts:
        raise ValidationError(conflicts)
    batch.column_mapping = {**batch.column_mapping, **chosen}
    batch.preview_data = None  # a large file is read again by the worker
    batch.job_error = ""
    with history_user(user):
        batch.save(update_fields=["column_mapping", "preview_data", "job_error"])


@transaction.atomic
def batch_map_values(
    *, batch: ImportBatch, choices: Mapping[str, Mapping[str, str]], user: Any
) -> None:
    """Keep the user's value mapping (field → {value as written → choice}, "" = not chosen)
    for this batch's preview; remembered for the municipality when the batch is committed.
    Refuses a field or a choice the importer does not offer, naming it."""
    batch = ImportBatch.objects.select_for_update().select_related("municipality").get(pk=batch.pk)
    if batch.status != ImportStatus.PREVIEW:
        raise ValidationError(_("この取込は既に確定または取消されています。"))
    options = value_fields(importer_for(batch.kind))
    kept = {name: dict(values) for name, values in batch.value_mapping.items()}
    for name, values in choices.items():
        if name not in options:
            raise ValidationError(
                _("「%(field)s」はこの取込で値を割り当てる項目ではありません。") % {"field": name}
            )
        allowed = {choice for choice, _label in options[name]}
        for value, choice in values.items():
            if choice and choice not in allowed:
                raise ValidationError(
                    _("%(field)s: 「%(choice)s」は選べる値ではありません（値「%(value)s」）。")
                    % {"field": name, "choice": choice, "value": value}
                )
            key = column_key(value)
            if choice:
                kept.setdefault(name, {})[key] = choice
            else:
                kept.get(name, {}).pop(key, None)
    batch.value_mapping = kept
    batch.preview_data = None  # a large file is read again by the worker
    batch.job_error = ""
    with history_user(user):
        batch.save(update_fields=["value_mapping", "preview_data", "job_error"])


def decides(importer: Importer) -> bool:
    """Whether the importer finds possible duplicates for the user to decide on."""
    return bool(getattr(importer, "decides", False))


def batch_decisions(batch: ImportBatch) -> dict[int, str]:
    """The batch's decisions by line (JSON keeps the lines as text)."""
    return {int(line): value for line, value in batch.decisions.items() if line.isdecimal()}


def decision_is_valid(value: str) -> bool:
    if value in (NEW, SKIP):
        return True
    pk = value.removeprefix(UPDATE)
    return value.startswith(UPDATE) and pk.isdecimal() and pk.isascii()


@transaction.atomic
def batch_decide(*, batch: ImportBatch, decisions: Mapping[int, str], user: Any) -> None:
    """Keep the user's decision for suspect rows (line → "update:<pk>", "new", "skip"; ""
    forgets the line's decision). The importer honours a decision only for a candidate it
    offered on that line, so a forged pk (another municipality's record) decides nothing."""
    batch = ImportBatch.objects.select_for_update().select_related("municipality").get(pk=batch.pk)
    if batch.status != ImportStatus.PREVIEW:
        raise ValidationError(_("この取込は既に確定または取消されています。"))
    if not decides(importer_for(batch.kind)):
        raise ValidationError(_("この取込には重複の疑いの判断はありません。"))
    kept = dict(batch.decisions)
    for line, value in sorted(decisions.items()):
        if value and not decision_is_valid(value):
            raise ValidationError(
                _("%(line)d行目: 「%(value)s」は選べる判断ではありません。")
                % {"line": line, "value": value}
            )
        if value:
            kept[str(line)] = value
        else:
            kept.pop(str(line), None)
    if kept == batch.decisions:
        return
    batch.decisions = kept
    batch.preview_data = None  # a large file is read again by the worker
    batch.job_error = ""
    with history_user(user):
        batch.save(update_fields=["decisions", "preview_data", "job_error"])


def values_remember(batch: ImportBatch, preview: Preview, user: Any) -> None:
    """On commit: the municipality remembers the values mapped on this batch."""
    shown = {(c.field, c.key): c.value for c in preview.value_choices}
    with history_user(user):
        for name, values in batch.value_mapping.items():
            for key, choice in values.items():
                if (name, key) not in shown:
                    continue
                ImportValueMapping.objects.update_or_create(
                    municipality=batch.municipality, kind=batch.kind, field=name, value_key=key,
                    defaults={"value": shown[(name, key)][:200], "choice": choice},
                )  # fmt: skip


def columns_remember(batch: ImportBatch, preview: Preview, user: Any) -> None:
    """On commit: the municipality remembers how this file's columns were mapped (with history),
    so the next file of this kind with the same headers is read the same way."""
    headers = {choice.key: choice.header for choice in preview.column_choices}
    with history_user(user):
        for key, name in batch.column_mapping.items():
            if key not in headers:
                continue
            ImportColumnMapping.objects.update_or_create(
                municipality=batch.municipality,
                kind=batch.kind,
                header_key=key,
                defaults={"header": headers[key][:200], "field": name},
            )


REGISTRY: dict[str, Importer] = {}


def register(importer: Importer) -> None:
    REGISTRY[importer.kind] = importer


def importer_for(kind: str) -> Importer:
    return REGISTRY[kind]


@transaction.atomic
def batch_create(*, municipality: Any, kind: str, name: str, data: bytes, user: Any) -> ImportBatch:
    """Keep the uploaded file under var/ until the user confirms or cancels."""
    batch = ImportBatch(
        municipality=municipality, kind=kind, original_name=name[:255], created_by=user
    )
    batch.file.save(name, ContentFile(data), save=False)
    batch.save()
    return batch


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a large file is read or written: the hundreds of
    thousands of objects made for its rows would otherwise be scanned again and again (a third
    of the time of a 100,000-row commit). It runs again, as usual, afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def batch_preview(
    batch: ImportBatch, *, for_commit: bool = False, options: Iterable[str] = ()
) -> Preview:
    """Parse the stored file again (nothing is written), with the choices the user ticked."""
    with batch.file.open("rb") as handle:
        data = handle.read()
    chosen = frozenset(options)
    importer = importer_for(batch.kind)
    # Only importers that offer choices take them; the others keep their plain signature.
    extra: dict[str, Any] = {"options": chosen} if chosen else {}
    remembered: dict[str, str] = {}
    if column_fields(importer):
        remembered = remembered_columns(batch.municipality, batch.kind)
        extra["mapping"] = {**remembered, **batch.column_mapping}
    if decides(importer):
        extra["decisions"] = batch_decisions(batch)
    remembered_vals: dict[str, dict[str, str]] = {}
    if value_fields(importer):
        remembered_vals = remembered_values(batch.municipality, batch.kind)
        extra["values"] = merged_values(remembered_vals, batch.value_mapping)
    with collector_paused():
        preview = importer.parse(data, batch.municipality, for_commit=for_commit, **extra)
    mapping_notes(preview, remembered, batch.column_mapping)
    preview.value_choices = [
        dataclasses.replace(
            c,
            remembered=c.key in remembered_vals.get(c.field, {})
            and c.key not in batch.value_mapping.get(c.field, {}),
        )
        for c in preview.value_choices
    ]
    return preview


def preview_stamp(batch: ImportBatch) -> list[Any]:
    """What a kept preview depends on: the registry, and the mapping the file was read with."""
    values = sorted((name, sorted(v.items())) for name, v in batch_values(batch).items())
    decided = sorted(batch_decisions(batch).items())
    return [registry_stamp(), sorted(batch_mapping(batch).items()), values, decided]


def registry_stamp() -> list[int]:
    """The newest history row of every recorded model (except the batches themselves): any
    change to the registry since a preview moves it."""
    stamp = []
    for _table, model in sorted(registered_models.items()):
        if model._meta.app_label != "core" and hasattr(model, "history"):
            stamp.append(model.history.aggregate(top=Max("history_id"))["top"] or 0)
    return stamp


def parsed_name(batch: ImportBatch) -> str:
    return f"{batch.file.name}.parsed"


def batch_preview_kept(batch: ImportBatch) -> Preview:
    """Parse a large file for its preview page, and keep the result beside the upload (var/)
    with the registry's stamp, so the commit can use it when nothing has changed since. It is
    kept as JSON (kept_preview_json), so reading it back can only ever give a preview."""
    stamp = preview_stamp(batch)
    preview = batch_preview(batch)
    default_storage.delete(parsed_name(batch))
    try:
        text = kept_preview_json(stamp, preview, importer_for(batch.kind))
    except (TypeError, ValueError):  # PreviewDataError is a ValueError
        # No JSON form for this importer or value: the commit reads the file again.
        return preview
    default_storage.save(parsed_name(batch), ContentFile(text.encode()))
    return preview


def preview_for_commit(batch: ImportBatch, options: frozenset[str] = frozenset()) -> Preview:
    """The kept preview when the registry is as it was then; otherwise the file read again.
    A ticked choice changes how rows are judged, so the file is then always read again."""
    name = parsed_name(batch)
    if options:
        return batch_preview(batch, for_commit=True, options=options)
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as handle, collector_paused():
            kept = kept_preview(handle.read(), batch)
        if kept is not None:
            return kept
    return batch_preview(batch, for_commit=True)


# The kept preview's file: {"format": PREVIEW_FORMAT, "stamp": …, "preview": preview_to_json}.
# A file in any other form (one pickled before JSON, a damaged or tampered one) is never
# interpreted: the upload is read again, as when no preview was kept.
PREVIEW_FORMAT = "sasaeai-import-preview-3"


class PreviewDataError(ValueError):
    """A kept preview that cannot be written or read back as JSON."""


def kept_preview_json(stamp: list[Any], preview: Preview, importer: Importer) -> str:
    data = {"format": PREVIEW_FORMAT, "stamp": stamp, "preview": preview_to_json(preview, importer)}
    return json.dumps(data, ensure_ascii=False, allow_nan=False)


def kept_preview(content: bytes, batch: ImportBatch) -> Preview | None:
    """The preview kept for `batch`, or None when it is stale, or not one we wrote."""
    try:
        data = json.loads(content.decode("utf-8"))
    except ValueError:  # pickle bytes, damaged text (UnicodeDecodeError is a ValueError)
        return None
    if not isinstance(data, dict) or data.get("format") != PREVIEW_FORMAT:
        return None
    # The stamp compared as it reads back from JSON (tuples become lists).
    if data.get("stamp") != json.loads(json.dumps(preview_stamp(batch))):
        return None
    try:
        return preview_from_json(data.get("preview"), importer_for(batch.kind), batch.municipality)
    except (PreviewDataError, KeyError, TypeError, ValueError, AttributeError, ArithmeticError):
        return None


def cell_to_json(value: Any) -> Any:
    """A summary cell (or a payload's scalar) as JSON: the few types previews hold, tagged."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if value == value and abs(value) != float("inf") else {"float": str(value)}
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if isinstance(value, datetime.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    if isinstance(value, datetime.time):
        return {"time": value.isoformat()}
    if isinstance(value, Promise):
        return str(value)
    raise PreviewDataError(f"{type(value).__name__} cannot be kept in a preview")


CELL_READERS: dict[str, Callable[[str], Any]] = {
    "float": float,
    "decimal": Decimal,
    "datetime": datetime.datetime.fromisoformat,
    "date": datetime.date.fromisoformat,
    "time": datetime.time.fromisoformat,
}


def cell_from_json(data: Any) -> Any:
    """The inverse of cell_to_json; anything else is refused."""
    if data is None or isinstance(data, (bool, int, float, str)):
        return data
    if isinstance(data, dict) and len(data) == 1:
        ((tag, text),) = data.items()
        if tag in CELL_READERS and isinstance(text, str):
            return CELL_READERS[tag](text)
    raise PreviewDataError("not a preview cell")


def json_strs(data: Any) -> list[str]:
    """A list of strings read back from JSON (refused otherwise)."""
    if not isinstance(data, list) or not all(isinstance(item, str) for item in data):
        raise PreviewDataError("not a list of strings")
    return data


# Readers of a payload's values as written by an importer's payload_to_json: each refuses
# (PreviewDataError) a value of another type, so a damaged file gives no preview, never a
# wrong one. A bool is not taken for a number.
def json_str(data: Any) -> str:
    if not isinstance(data, str):
        raise PreviewDataError("not a string")
    return data


def json_int(data: Any) -> int:
    if type(data) is not int:
        raise PreviewDataError("not an integer")
    return data


def json_float(data: Any) -> float:
    if type(data) not in (int, float):
        raise PreviewDataError("not a number")
    return float(data)


def json_optional(read: Any, data: Any) -> Any:
    """`read(data)`, or None for null."""
    return None if data is None else read(data)


def json_ints(data: Any) -> list[int]:
    if not isinstance(data, list):
        raise PreviewDataError("not a list")
    return [json_int(item) for item in data]


def json_str_map(data: Any) -> dict[str, str]:
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise PreviewDataError("not a mapping of strings")
    return dict(data)


def json_date(data: Any) -> datetime.date:
    return datetime.date.fromisoformat(json_str(data))


def pk_to_json(record: Any) -> int | None:
    """A saved record as its id (the payload is read back from the database)."""
    if record is None:
        return None
    if record.pk is None:
        raise PreviewDataError("an unsaved record cannot be kept in a preview")
    return int(record.pk)


def records_by_pk(queryset: Any, pks: Iterable[Any]) -> dict[int, Any]:
    """The records with these ids from `queryset` (scoped by the caller to the batch's
    municipality); an id that is not there refuses the whole preview."""
    wanted = {pk for pk in pks if pk is not None}
    if not all(type(pk) is int for pk in wanted):
        raise PreviewDataError("not an id")
    found = {record.pk: record for record in queryset.filter(pk__in=wanted)}
    if len(found) != len(wanted):
        raise PreviewDataError("a record of the preview is no longer there")
    return found


def preview_to_json(preview: Preview, importer: Importer) -> dict[str, Any]:
    """Everything the preview holds, payloads through the importer's own payload_to_json."""
    to_json = getattr(importer, "payload_to_json", None)
    if to_json is None:
        raise PreviewDataError(f"{importer.kind}: no JSON form for its payloads")
    return {
        "encoding": preview.encoding,
        "file_errors": preview.file_errors,
        "notes": preview.notes,
        "summary_headers": [str(header) for header in preview.summary_headers],
        "columns": [[header, target] for header, target in preview.columns],
        "unread_columns": preview.unread_columns,
        "readings": preview.readings,
        "choices": [[c.name, str(c.label), str(c.help)] for c in preview.choices],
        "column_choices": [
            [c.header, c.key, c.field, c.remembered] for c in preview.column_choices
        ],
        "mapping_notes": preview.mapping_notes,
        "value_choices": [value_choice_to_json(c) for c in preview.value_choices],
        "rows": [
            {
                "line": row.line,
                "label": str(row.label),
                "errors": [str(error) for error in row.errors],
                "note": str(row.note),
                "summary": [cell_to_json(cell) for cell in row.summary],
                # As on the page (preview_to_data): the commit never reads them, and a
                # 100,000-row file's would be most of the kept file.
                "details": [list(pair) for pair in row.details] if n < DETAILS_KEPT else [],
                "suspect": suspect_to_json(row.suspect),
                "payload": None if row.payload is None else to_json(row.payload),
            }
            for n, row in enumerate(preview.rows)
        ],
    }


def preview_from_json(data: Any, importer: Importer, municipality: Any) -> Preview:
    """The inverse of preview_to_json: only Preview, PreviewRow, the choices and what the
    importer's payloads_from_json builds are ever made."""
    from_json = getattr(importer, "payloads_from_json", None)
    if from_json is None or not isinstance(data, dict):
        raise PreviewDataError("no preview")
    rows = []
    for item in data["rows"]:
        if type(item["line"]) is not int or not isinstance(item["label"], str):
            raise PreviewDataError("not a preview row")
        note = item["note"]
        if not isinstance(note, str):
            raise PreviewDataError("not a note")
        rows.append(
            PreviewRow(
                line=item["line"], label=item["label"], errors=json_strs(item["errors"]),
                note=note, summary=tuple(cell_from_json(cell) for cell in item["summary"]),
                details=[(name, value) for name, value in map(json_strs, item["details"])],
                suspect=suspect_from_json(item["suspect"]),
            )
        )  # fmt: skip
    carrying = [(row, item["payload"]) for row, item in zip(rows, data["rows"], strict=True)]
    carrying = [(row, payload) for row, payload in carrying if payload is not None]
    payloads = from_json([payload for _row, payload in carrying], municipality)
    for (row, _payload), payload in zip(carrying, payloads, strict=True):
        row.payload = payload
    pairs = [json_strs(pair) for pair in data["columns"]]
    choices = [json_strs(choice) for choice in data["choices"]]
    column_choices = []
    for header, key, target, remembered in data["column_choices"]:
        json_strs([header, key, target])
        column_choices.append(ColumnChoice(header, key, target, remembered is True))
    encoding = data["encoding"]
    if not isinstance(encoding, str):
        raise PreviewDataError("not an encoding")
    return Preview(
        encoding=encoding, rows=rows, file_errors=json_strs(data["file_errors"]),
        notes=json_strs(data["notes"]), summary_headers=tuple(json_strs(data["summary_headers"])),
        columns=[(header, target) for header, target in pairs],
        unread_columns=json_strs(data["unread_columns"]), readings=json_strs(data["readings"]),
        choices=[ImportChoice(name, label, text) for name, label, text in choices],
        column_choices=column_choices, mapping_notes=json_strs(data["mapping_notes"]),
        value_choices=[value_choice_from_json(item) for item in data["value_choices"]],
    )  # fmt: skip


def suspect_to_json(suspect: Suspect | None) -> dict[str, Any] | None:
    if suspect is None:
        return None
    return {
        "fields": list(suspect.fields),
        "cells": list(suspect.cells),
        "candidates": [[c.value, c.label, list(c.cells)] for c in suspect.candidates],
        "decision": suspect.decision,
    }


def suspect_from_json(data: Any) -> Suspect | None:
    if data is None:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("candidates"), list):
        raise PreviewDataError("not a suspect")
    candidates = []
    for item in data["candidates"]:
        if not isinstance(item, list) or len(item) != 3:
            raise PreviewDataError("not a candidate")
        candidates.append(
            Candidate(json_str(item[0]), json_str(item[1]), tuple(json_strs(item[2])))
        )
    return Suspect(
        fields=tuple(json_strs(data["fields"])),
        cells=tuple(json_strs(data["cells"])),
        candidates=candidates,
        decision=json_str(data["decision"]),
    )


def value_choice_to_json(choice: ValueChoice) -> list[Any]:
    return [choice.field, choice.value, choice.key, choice.count, choice.choice, choice.remembered]


def value_choice_from_json(data: Any) -> ValueChoice:
    if not isinstance(data, list) or len(data) != 6:
        raise PreviewDataError("not a value choice")
    name, value, key, count, choice, remembered = data
    json_strs([name, value, key, choice])
    return ValueChoice(name, value, key, json_int(count), choice, remembered is True)


@transaction.atomic
def batch_commit(
    *, batch: ImportBatch, excluded_lines: Iterable[int], user: Any, options: Iterable[str] = ()
) -> int:
    """Write every good row in one transaction, or nothing; records who, when and what was left
    out. options: the choices of the preview the user ticked (anything else is ignored)."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportStatus.PREVIEW:
        raise ValidationError(_("この取込は既に確定または取消されています。"))
    excluded = sorted(set(excluded_lines))
    # The whole commit without the cycle collector (collector_paused): one started by the
    # final save would scan every object of the file's rows, which are freed anyway when the
    # commit returns (a second of a 100,000-row commit, bench S).
    with collector_paused():
        preview = preview_for_commit(batch, offered(batch, options))
        if preview.file_errors:
            raise ValidationError(preview.file_errors)
        blocking = preview.blocking_lines(excluded)
        if blocking:
            lines = "、".join(str(n) for n in blocking[:10])
            raise ValidationError(
                _("エラーのある行（%(lines)s行目）を直すか、取り込まない行として選んでください。")
                % {"lines": lines}
            )
        undecided = preview.undecided_lines(excluded)
        if undecided:
            raise ValidationError(undecided_message(undecided))
        rows = preview.rows_to_write(excluded)
        excluded = sorted({*excluded, *preview.skipped_lines})
        if not rows:
            raise ValidationError(_("取り込める行がありません。"))
        batch.commit_started_at = timezone.now()
        batch.written = {}
        written = importer_for(batch.kind).write(
            rows, municipality=batch.municipality, user=user, batch=batch
        )
        if column_fields(importer_for(batch.kind)):
            columns_remember(batch, preview, user)
        if value_fields(importer_for(batch.kind)):
            values_remember(batch, preview, user)
        batch.status = ImportStatus.COMMITTED
        batch.excluded_lines = excluded
        batch.row_count = len(preview.rows)
        batch.written_count = written
        batch.committed_at = timezone.now()
        batch.committed_by = user
        batch._history_user = user  # type: ignore[attr-defined]
        batch.save()
        default_storage.delete(parsed_name(batch))  # the kept preview has served its purpose
        return written


def undecided_message(lines: list[int]) -> str:
    return _(
        "重複の疑いがある%(count)d行（%(lines)s行目）について、既存の記録を更新するか、"
        "新規に登録するか、取り込まないかを選んでください。"
    ) % {"count": len(lines), "lines": "、".join(str(n) for n in lines[:10])}


def offered(batch: ImportBatch, options: Iterable[str]) -> frozenset[str]:
    """The ticked names the batch's importer can act on (a forged name is dropped)."""
    known = getattr(importer_for(batch.kind), "choices", ())
    return frozenset(options) & frozenset(known)


@transaction.atomic
def batch_cancel(*, batch: ImportBatch, user: Any) -> None:
    """Drop a batch that was only previewed; its stored file is deleted."""
    if batch.status != ImportStatus.PREVIEW:
        raise ValidationError(_("確定済みの取込は取り消せません。"))
    batch.status = ImportStatus.CANCELLED
    batch._history_user = user  # type: ignore[attr-defined]
    batch.save()
    batch.file.delete(save=False)
    default_storage.delete(parsed_name(batch))


# A preview no one confirmed or cancelled for this long is cancelled by the scheduler (its
# upload deleted, the batch kept as 取消 in the history).
ABANDONED_DAYS = 30


def batches_abandoned_cancel(*, now: datetime.datetime | None = None) -> int:
    """Cancel the batches left 確認待ち for ABANDONED_DAYS (one whose background job is still
    waiting or running is left alone); returns how many. A periodic job (core/apps.py)."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=ABANDONED_DAYS)
    stale = ImportBatch.objects.filter(status=ImportStatus.PREVIEW, created_at__lt=cutoff)
    stale = stale.exclude(job_state__in=[JobStatus.PENDING, JobStatus.RUNNING])
    count = 0
    for pk in stale.values_list("pk", flat=True):
        with transaction.atomic():
            batch = ImportBatch.objects.select_for_update().get(pk=pk)
            if batch.status == ImportStatus.PREVIEW:
                batch_cancel(batch=batch, user=None)
                count += 1
    return count


def abandoned_job() -> str:
    count = batches_abandoned_cancel()
    return _("%(days)d日以上確認待ちのままの取込 %(count)d件を取り消しました。") % {
        "days": ABANDONED_DAYS,
        "count": count,
    }


# Files larger than this are read and committed by the background worker, never in a request.
BACKGROUND_BYTES = 256 * 1024


def preview_cell(value: object) -> str:
    """A preview cell as the page shows it: dates in 和暦, counts with thousands separators."""
    if isinstance(value, datetime.date):
        return to_wareki(value)
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


DETAILS_KEPT = 1000


def preview_to_data(preview: Preview) -> dict[str, Any]:
    """The preview as JSON (what the page shows), kept on the batch by the background job."""
    return {
        "encoding": preview.encoding,
        "file_errors": preview.file_errors,
        "notes": preview.notes,
        "summary_headers": list(preview.summary_headers),
        "columns": [list(c) for c in preview.columns],
        "unread_columns": preview.unread_columns,
        "readings": preview.readings,
        "choices": [[c.name, c.label, c.help] for c in preview.choices],
        "column_choices": [
            [c.header, c.key, c.field, c.remembered] for c in preview.column_choices
        ],
        "mapping_notes": preview.mapping_notes,
        "value_choices": [value_choice_to_json(c) for c in preview.value_choices],
        "rows": [
            {
                "line": r.line,
                "label": r.label,
                "errors": r.errors,
                "note": r.note,
                "summary": [preview_cell(v) for v in r.summary],
                # 「読み取った値」 of the first rows only: a 100,000-row file's would make the
                # batch row tens of MB, and nobody unfolds row 50,000 to check a file.
                "details": [list(pair) for pair in r.details] if n < DETAILS_KEPT else [],
                # Every suspect is kept: the user decides each one on this page.
                "suspect": suspect_to_json(r.suspect),
            }
            for n, r in enumerate(preview.rows)
        ],
    }


def preview_from_data(data: dict[str, Any]) -> Preview:
    rows = [
        PreviewRow(
            line=r["line"],
            label=r["label"],
            errors=r["errors"],
            note=r["note"],
            summary=tuple(r["summary"]),
            details=[(name, value) for name, value in r.get("details", [])],
            suspect=suspect_from_json(r.get("suspect")),
        )
        for r in data["rows"]
    ]
    return Preview(
        encoding=data["encoding"], rows=rows, file_errors=data["file_errors"], notes=data["notes"],
        summary_headers=tuple(data["summary_headers"]),
        columns=[(header, target) for header, target in data.get("columns", [])],
        unread_columns=data.get("unread_columns", []), readings=data.get("readings", []),
        choices=[ImportChoice(*choice) for choice in data.get("choices", [])],
        column_choices=[ColumnChoice(*c) for c in data.get("column_choices", [])],
        mapping_notes=data.get("mapping_notes", []),
        value_choices=[value_choice_from_json(c) for c in data.get("value_choices", [])],
    )  # fmt: skip


def runs_in_background(batch: ImportBatch) -> bool:
    return batch.file.size > BACKGROUND_BYTES


def batch_job_state(batch: ImportBatch, state: str, **fields: Any) -> None:
    ImportBatch.objects.filter(pk=batch.pk).update(job_state=state, **fields)
