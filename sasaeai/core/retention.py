"""個人情報の保存期間 (issue #21): personal data is purged some years after its record ended.

Each municipality sets the period (`Municipality.personal_data_retention_years`, default
`settings.PERSONAL_DATA_RETENTION_YEARS_DEFAULT`). Once a record has been over for longer, the
personal fields are emptied in the record *and in every one of its history rows*, since 変更履歴
would otherwise keep what the record no longer shows. No row is deleted: the counts, the dates
and the rest of the record stay, so reports over past years do not change.

What counts as personal data, and when a record is over, is each app's knowledge; core knows
none of the apps above it. An app describes its records with a `PurgeKind` and registers it in
its AppConfig.ready() (`register_purge`): resources (contacts of ended resources and removed
contacts), councils (members' e-mail and postal address after their term), activities (the
関わった人 text). Core registers its own: the stored files and previews of old imports.

`purge(municipality=…, dry_run=True)` lists what would go, per kind and per record, without
writing; with `dry_run=False` it empties the fields, atomically for the municipality, and the
history row every cleared record gets is attributed to no one (the system). A form opened
before the purge cannot write the old values back: the save raises a versioned record's
version (core.versioning)."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sasaeai.utils.wareki import to_wareki

from .history import history_user

# Put in a field that may not be empty (a contact's name) instead of the name.
PURGED_TEXT = "（保存期間経過のため削除）"
# Why the history row of a purge was written (変更履歴's 変更理由).
PURGE_REASON = "個人情報の保存期間が過ぎたため消去"
# pk__in lists are cut to this length (SQLite's limit on bound parameters, with room to spare).
CHUNK = 500


@dataclass(frozen=True)
class PurgeKind:
    """One kind of record with personal data, as an app describes it.

    - `cleared`: each personal field and the value it is set to (a field of the record; one
      the history model does not copy is cleared in the record only).
    - `due(municipality, cutoff)`: the pks of the records, present or deleted, that ended before
      `cutoff` (a date), each with the reason shown in the dry run (「令和2年3月31日に任期終了」).
    - `label(record)`: names the record (or, once deleted, its latest history row) without the
      data that goes.
    - `before_clear(record)`: called before the record's fields are cleared, for what is kept
      outside the database (an import's stored file in var/, deleted once the purge commits).
    """

    key: str
    title: str
    model: type[models.Model]
    cleared: Mapping[str, Any]
    due: Callable[[Any, datetime.date], Mapping[int, str]]
    label: Callable[[Any], str]
    order: int = 100
    before_clear: Callable[[Any], None] | None = None


KINDS: dict[str, PurgeKind] = {}


def register_purge(kind: PurgeKind) -> None:
    """Add a kind of record to purge (from an AppConfig.ready()); a key again replaces it."""
    KINDS[kind.key] = kind


@dataclass(frozen=True)
class PurgeItem:
    """One record whose personal data goes: `record` False when only its history rows are
    left (the record was deleted)."""

    pk: int
    label: str
    reason: str
    record: bool
    history_rows: int


@dataclass
class KindReport:
    kind: PurgeKind
    items: list[PurgeItem] = field(default_factory=list)

    @property
    def records(self) -> int:
        return sum(1 for item in self.items if item.record)

    @property
    def history_rows(self) -> int:
        return sum(item.history_rows for item in self.items)


@dataclass
class PurgeReport:
    """What one municipality's purge cleared (or, in a dry run, would clear)."""

    municipality: Any
    cutoff: datetime.date
    dry_run: bool
    kinds: list[KindReport]
    # Rows of the personal-data access log older than the period (deleted, not cleared).
    access_log_rows: int = 0

    @property
    def total(self) -> int:
        return sum(len(report.items) for report in self.kinds) + self.access_log_rows

    @property
    def summary(self) -> str:
        done = _("消去する予定") if self.dry_run else _("消去")
        parts = [f"{report.kind.title} {len(report.items)}件" for report in self.kinds]
        parts.append(_("個人情報の閲覧記録 %(n)s件") % {"n": self.access_log_rows})
        return _("%(city)s（%(cutoff)sより前に終わった記録）: %(done)s %(parts)s") % {
            "city": self.municipality.name,
            "cutoff": to_wareki(self.cutoff),
            "done": done,
            "parts": "、".join(parts),
        }


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same date `years` earlier; 29 February becomes the 28th in a common year."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def cutoff_for(municipality: Any, today: datetime.date | None = None) -> datetime.date:
    """Records that ended before this date are purged: today less the municipality's years.
    A record that ended on the cutoff itself still has a day to go."""
    today = today or timezone.localdate()
    return years_before(today, municipality.personal_data_retention_years)


def start_of(day: datetime.date) -> datetime.datetime:
    """The first moment of a local (Asia/Tokyo) day, to compare with stored times."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def ended_text(moment: datetime.datetime | datetime.date, what: str) -> str:
    """「令和2年3月31日に終了」: when a record ended, for the dry run's list."""
    day = timezone.localdate(moment) if isinstance(moment, datetime.datetime) else moment
    return f"{to_wareki(day)}に{what}"


def deleted_pks(model: type[models.Model], history: models.QuerySet[Any]) -> dict[int, Any]:
    """{pk: deletion history row} of the records in `history` (history rows of `model`) whose
    latest row is their deletion and which are not there now (an import's undo can bring a
    deleted row back under its pk)."""
    latest: dict[int, Any] = {}
    ever_deleted = sorted(set(history.filter(history_type="-").values_list("id", flat=True)))
    for chunk in chunks(ever_deleted):
        for row in history.filter(id__in=chunk).order_by("id", "history_date", "history_id"):
            latest[row.id] = row
    gone = {pk: row for pk, row in latest.items() if row.history_type == "-"}
    present = set()
    for chunk in chunks(list(gone)):
        present |= set(model._default_manager.filter(pk__in=chunk).values_list("pk", flat=True))
    return {pk: row for pk, row in gone.items() if pk not in present}


def chunks(values: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def not_cleared(cleared: Mapping[str, Any]) -> Q:
    """Rows that still hold a value in at least one of the fields (so a purge run again, or a
    dry run after it, finds nothing)."""
    q = Q()
    for name, value in cleared.items():
        q |= Q(**{f"{name}__isnull": False}) if value is None else ~Q(**{name: value})
    return q


def history_fields(kind: PurgeKind) -> dict[str, Any]:
    """The cleared fields the history model copies (an excluded one is in the record only)."""
    history_model = kind.model.history.model  # type: ignore[attr-defined]
    names = {f.name for f in history_model._meta.fields}
    return {name: value for name, value in kind.cleared.items() if name in names}


def kind_report(kind: PurgeKind, municipality: Any, cutoff: datetime.date) -> KindReport:
    """What of this kind is due and still holds data (nothing is written)."""
    report = KindReport(kind)
    due = kind.due(municipality, cutoff)
    if not due:
        return report
    manager = kind.model._default_manager
    kept_in_history = history_fields(kind)
    present: dict[int, Any] = {}
    rows: Counter[int] = Counter()
    latest_rows: dict[int, Any] = {}
    for chunk in chunks(sorted(due)):
        for record in manager.filter(pk__in=chunk).filter(not_cleared(kind.cleared)):
            present[record.pk] = record
        if kept_in_history:
            history = kind.model.history.filter(  # type: ignore[attr-defined]
                id__in=chunk
            ).filter(not_cleared(kept_in_history))
            for row in history.order_by("history_date", "history_id"):
                rows[row.id] += 1
                latest_rows[row.id] = row
    for pk in sorted(due):
        if pk not in present and not rows[pk]:
            continue
        named = present.get(pk) or latest_rows[pk]
        report.items.append(
            PurgeItem(
                pk=pk,
                label=kind.label(named),
                reason=due[pk],
                record=pk in present,
                history_rows=rows[pk],
            )
        )
    return report


def clear(kind: PurgeKind, report: KindReport) -> None:
    """Empty the fields of the listed records (each save writes a history row, by no one) and
    of all their history rows."""
    pks = [item.pk for item in report.items]
    manager = kind.model._default_manager
    for chunk in chunks(pks):
        for record in manager.filter(pk__in=chunk).filter(not_cleared(kind.cleared)):
            if kind.before_clear is not None:
                kind.before_clear(record)
            for name, value in kind.cleared.items():
                setattr(record, name, value)
            record._change_reason = PURGE_REASON  # type: ignore[attr-defined]
            record.save(update_fields=list(kind.cleared))
    kept_in_history = history_fields(kind)
    if kept_in_history:
        history = kind.model.history  # type: ignore[attr-defined]
        for chunk in chunks(pks):
            history.filter(id__in=chunk).filter(not_cleared(kept_in_history)).update(
                **kept_in_history
            )


def ordered_kinds() -> list[PurgeKind]:
    return sorted(KINDS.values(), key=lambda kind: (kind.order, kind.key))


def purge(
    *, municipality: Any, dry_run: bool = False, today: datetime.date | None = None
) -> PurgeReport:
    """List (dry run) or clear the personal data of one municipality's records that ended
    before its retention period; all or nothing for the municipality."""
    cutoff = cutoff_for(municipality, today)
    with transaction.atomic(), history_user(None):
        reports = [kind_report(kind, municipality, cutoff) for kind in ordered_kinds()]
        old_access = access_log_expired(municipality, cutoff)
        access_log_rows = old_access.count()
        if not dry_run:
            for report in reports:
                if report.items:
                    clear(report.kind, report)
            old_access.delete()
    return PurgeReport(
        municipality=municipality,
        cutoff=cutoff,
        dry_run=dry_run,
        kinds=reports,
        access_log_rows=access_log_rows,
    )


def access_log_expired(municipality: Any, cutoff: datetime.date) -> models.QuerySet[Any]:
    """The access log's rows from before the cutoff: kept for the municipality's period, as the
    personal data is, long enough to answer "who has seen this person's data" and no longer,
    since a row holds the search words typed, which may be a name."""
    from .models import PersonalDataAccess

    return PersonalDataAccess.objects.filter(
        municipality=municipality, created_at__lt=start_of(cutoff)
    )


def municipalities(code: str | None = None) -> models.QuerySet[Any]:
    # Named by string: areas is above core (a foreign key upward is named the same way).
    found = apps.get_model("areas", "Municipality")._default_manager.order_by("code")
    return found.filter(code=code) if code else found


def purge_all(*, dry_run: bool = False, code: str | None = None) -> list[PurgeReport]:
    """Every municipality (or the one with `code`), each in its own transaction."""
    return [purge(municipality=m, dry_run=dry_run) for m in municipalities(code)]


def purge_job() -> str:
    """The periodic job: purge every municipality, one line each that had anything."""
    reports = purge_all()
    done = [report.summary for report in reports if report.total]
    return "\n".join(done) if done else _("保存期間を過ぎた個人情報はありませんでした。")


# --- core's own kind: stored import files --------------------------------------------------


def import_files_due(municipality: Any, cutoff: datetime.date) -> dict[int, str]:
    """Imports uploaded before the cutoff that are no longer waiting for a decision: their
    file (and its kept preview) is needed by nothing once committed, cancelled or undone. Every
    kind is included: whether a spreadsheet holds personal data cannot be told from its kind
    (a resource list may carry contact columns)."""
    from .constants import ImportStatus
    from .models import ImportBatch

    batches = (
        ImportBatch.objects.filter(municipality=municipality, created_at__lt=start_of(cutoff))
        .exclude(status=ImportStatus.PREVIEW)
        .values_list("pk", "created_at")
    )
    return {pk: ended_text(created, _("アップロード")) for pk, created in batches}


def import_label(batch: Any) -> str:
    return f"{batch.original_name}（{batch.get_status_display()}）"


def import_file_delete(batch: Any) -> None:
    """Delete the upload and the preview kept beside it (core.imports.parsed_name) once the
    purge has committed: a purge rolled back leaves the file its row still names."""
    name = batch.file.name if batch.file else ""
    if name:
        transaction.on_commit(lambda: delete_stored(name))


def delete_stored(name: str) -> None:
    default_storage.delete(name)
    default_storage.delete(f"{name}.parsed")


def register_import_files() -> None:
    from .models import ImportBatch

    register_purge(
        PurgeKind(
            key="import_files",
            title=_("取込ファイル"),
            model=ImportBatch,
            cleared={"file": "", "preview_data": None},
            due=import_files_due,
            label=import_label,
            order=90,
            before_clear=import_file_delete,
        )
    )


# --- logs kept for a while ------------------------------------------------------------------

# django-axes keeps a row for every sign-in (AccessLog) and every failed one (AccessFailureLog),
# with the address and user name, and never deletes them; lockouts read only the last minutes.
KEEP_SIGN_IN_LOGS_DAYS = 90


def sign_in_logs_prune(now: datetime.datetime | None = None) -> str:
    """Delete django-axes' sign-in records older than KEEP_SIGN_IN_LOGS_DAYS."""
    from axes.models import AccessFailureLog, AccessLog

    cutoff = (now or timezone.now()) - datetime.timedelta(days=KEEP_SIGN_IN_LOGS_DAYS)
    logins, _by_model = AccessLog.objects.filter(attempt_time__lt=cutoff).delete()
    failures, _by_model = AccessFailureLog.objects.filter(attempt_time__lt=cutoff).delete()
    return _(
        "%(days)s日より前のサインインの記録 %(logins)s件、失敗の記録 %(failures)s件を削除しました。"
    ) % {"days": KEEP_SIGN_IN_LOGS_DAYS, "logins": logins, "failures": failures}


# --- files made by background jobs ----------------------------------------------------------


def generated_personal_files_prune(now: datetime.datetime | None = None) -> str:
    """Delete the files of personal kinds (core.access_log.PERSONAL_FILE_KINDS: the 確認票
    batch) finished over settings.GENERATED_PERSONAL_FILE_DAYS days ago, their rows and their
    stored files. A copy of residents' contacts on the server is needed only until it has been
    downloaded, and one is made again in a minute; kept for ever, every batch ever made would
    be one more copy to protect. A file still being made is never deleted (its job would write
    into a row that is gone), nor a file of any other kind (a portal handout is public)."""
    from .access_log import PERSONAL_FILE_KINDS
    from .constants import JobStatus
    from .models import GeneratedFile

    days = settings.GENERATED_PERSONAL_FILE_DAYS
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    old = GeneratedFile.objects.filter(
        kind__in=sorted(PERSONAL_FILE_KINDS), status__in=[JobStatus.DONE, JobStatus.FAILED]
    ).filter(
        # A finished row has finished_at; should one lack it, its request time stands in.
        Q(finished_at__lt=cutoff) | Q(finished_at__isnull=True, created_at__lt=cutoff)
    )
    deleted = 0
    with transaction.atomic():
        found = list(old.values_list("pk", "file"))
        for chunk in chunks([pk for pk, _name in found]):
            deleted += GeneratedFile.objects.filter(pk__in=chunk).delete()[0]
        # Once the rows are gone for good: a rollback leaves the files the rows still name.
        names = [name for _pk, name in found if name]
        transaction.on_commit(lambda: delete_files(names))
    return _("作成から%(days)s日を過ぎた個人情報を含むファイル %(count)s件を削除しました。") % {
        "days": days,
        "count": deleted,
    }


def delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)
