"""Records shared by every app: import batches (who imported what, when, with which rows left out)."""

from collections.abc import Iterable
from urllib.parse import unquote_plus

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .constants import AccessKind, ImportStatus, JobStatus, RunStatus


class ImportBatch(models.Model):
    """One uploaded file: previewed, then committed as a whole or cancelled."""

    municipality = models.ForeignKey(
        "areas.Municipality", on_delete=models.CASCADE, related_name="import_batches"
    )
    kind = models.CharField(_("種類"), max_length=32)
    file = models.FileField(_("ファイル"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("ファイル名"), max_length=255)
    encoding = models.CharField(_("文字コード"), max_length=20, blank=True)
    status = models.CharField(
        _("状態"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.PREVIEW
    )
    excluded_lines = models.JSONField(_("除外した行"), default=list, blank=True)
    row_count = models.PositiveIntegerField(_("行数"), default=0)
    written_count = models.PositiveIntegerField(_("書き込んだ件数"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("取込者"),
    )
    created_at = models.DateTimeField(_("アップロード日時"), auto_now_add=True)
    committed_at = models.DateTimeField(_("取込日時"), null=True, blank=True)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("確定した人"),
    )
    # Large files are read and committed by the background worker; the page shows the job.
    job_state = models.CharField(
        _("処理の状態"), max_length=16, choices=JobStatus.choices, blank=True
    )
    job_error = models.TextField(_("処理のエラー"), blank=True)
    preview_data = models.JSONField(_("確認結果"), null=True, blank=True, editable=False)
    # What the commit wrote, for undo: {"created"|"updated"|"deleted": [[label, [pk, ...]], ...]},
    # in the order written (a list, because PostgreSQL's jsonb does not keep key order).
    written = models.JSONField(_("書き込んだ記録"), default=dict, blank=True, editable=False)
    commit_started_at = models.DateTimeField(_("取込開始日時"), null=True, blank=True)
    # The columns the user mapped by hand on this batch's preview (header key → field, "" =
    # 「使わない」); remembered for the municipality (ImportColumnMapping) when committed.
    column_mapping = models.JSONField(_("列の割り当て"), default=dict, blank=True)
    # The values the user mapped on this batch's preview: {field: {value key: choice}}, the
    # value key "" standing for a blank cell or a file without the column (issue #22: the kind
    # of a facility is never guessed); remembered (ImportValueMapping) when committed.
    value_mapping = models.JSONField(_("値の割り当て"), default=dict, blank=True)
    # What the user decided for each row the preview found a possible duplicate for: {line:
    # "update:<pk>" | "new" | "skip"} (issue #22: a suspect is never saved before someone
    # decides). Only the candidates the importer offered for that line are ever honoured.
    decisions = models.JSONField(_("重複の疑いの判断"), default=dict, blank=True)
    undo_started_at = models.DateTimeField(_("元に戻し始めた日時"), null=True, blank=True)
    undone_at = models.DateTimeField(_("元に戻した日時"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("元に戻した人"),
    )
    history = HistoricalRecords(excluded_fields=["preview_data", "written"])

    class Meta:
        verbose_name = _("取込")
        verbose_name_plural = _("取込")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["municipality", "kind", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    def record(self, action: str, objects: Iterable[models.Model]) -> None:
        """Remember records the commit created, updated or deleted (before deleting them).
        Nothing is noted for none: a batch that wrote nothing offers no 「元に戻す」."""
        for obj in objects:
            entries = self.written.setdefault(action, [])
            label = obj._meta.label_lower
            if not entries or entries[-1][0] != label:
                entries.append([label, []])
            entries[-1][1].append(obj.pk)

    @property
    def can_undo(self) -> bool:
        return self.status == ImportStatus.COMMITTED and bool(self.written)


class ImportColumnMapping(models.Model):
    """How one municipality reads one header in one kind of import, remembered from a commit."""

    municipality = models.ForeignKey(
        "areas.Municipality", on_delete=models.CASCADE, related_name="import_column_mappings"
    )
    kind = models.CharField(_("取込の種類"), max_length=32)
    header_key = models.CharField(_("見出し（比べる形）"), max_length=200)
    header = models.CharField(_("見出し"), max_length=200)
    field = models.CharField(
        _("読む項目"), max_length=100, blank=True, help_text=_("空欄は「使わない」")
    )
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("取込の列の割り当て")
        verbose_name_plural = _("取込の列の割り当て")
        ordering = ["municipality", "kind", "header_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "kind", "header_key"], name="import_column_mapping_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.header} → {self.field or _('使わない')}"


class ImportValueMapping(models.Model):
    """How one municipality reads one value of one field in one kind of import (サービス種類名
    「特別養護老人ホーム」 → 種類 介護サービス事業所), remembered from a commit."""

    municipality = models.ForeignKey(
        "areas.Municipality", on_delete=models.CASCADE, related_name="import_value_mappings"
    )
    kind = models.CharField(_("取込の種類"), max_length=32)
    field = models.CharField(_("項目"), max_length=100)
    value_key = models.CharField(_("値（比べる形）"), max_length=200, blank=True)
    value = models.CharField(_("ファイルの値"), max_length=200, blank=True)
    choice = models.CharField(_("当てはめる値"), max_length=100)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("取込の値の割り当て")
        verbose_name_plural = _("取込の値の割り当て")
        ordering = ["municipality", "kind", "field", "value_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "kind", "field", "value_key"],
                name="import_value_mapping_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.field}: {self.value or '（空欄）'} → {self.choice}"


class GeneratedFile(models.Model):
    """A file made by a background job (a batch of PDFs, an export); its row holds the progress."""

    municipality = models.ForeignKey(
        "areas.Municipality", on_delete=models.CASCADE, related_name="generated_files"
    )
    title = models.CharField(_("名前"), max_length=200)
    kind = models.CharField(_("種類"), max_length=32)
    status = models.CharField(
        _("状態"),
        max_length=16,
        choices=JobStatus.choices,
        default=JobStatus.PENDING,
    )
    progress = models.PositiveSmallIntegerField(_("進み具合（％）"), default=0)
    file = models.FileField(_("ファイル"), upload_to="generated/%Y/%m/", blank=True)
    error = models.TextField(_("エラー"), blank=True)
    # Empty for a file a public page asked for (a large area's 印刷用リスト): no one signed in.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("作成者"),
    )
    created_at = models.DateTimeField(_("依頼日時"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完了日時"), null=True, blank=True)
    # What the file was made from (a hash of its data), for files made again only on change.
    digest = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("作成したファイル")
        verbose_name_plural = _("作成したファイル")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["municipality", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="generated_file_progress_max_100"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)


class PersonalDataAccess(models.Model):
    """The personal-data access log (issue #21): one row each time a page, an export or a
    document showed personal data (private contacts, residents' names, members' addresses) to
    someone allowed to see it: who, when, what, how many records. Written only through
    `core.access_log.record_personal_access`; an audit row with no history of its own. It began
    as the export log, so rows from before #21 are exports."""

    municipality = models.ForeignKey(
        "areas.Municipality", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("種類"), max_length=16, choices=AccessKind.choices)
    what = models.CharField(_("見たもの"), max_length=200)
    path = models.CharField(_("URL"), max_length=500, blank=True)
    file_format = models.CharField(_("形式"), max_length=16, blank=True)
    filters = models.CharField(_("絞り込み条件"), max_length=1000, blank=True)
    record_count = models.PositiveIntegerField(_("個人情報を含む件数"))
    # PROTECT: a user who looked at personal data cannot be deleted from under the log
    # (leavers are deactivated, not deleted).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("利用者"),
    )
    created_at = models.DateTimeField(_("日時"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("個人情報の閲覧記録")
        verbose_name_plural = _("個人情報の閲覧記録")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.what} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def filters_text(self) -> str:
        """The filter as people typed it (q=サロン, not q=%E3%82%B5...)."""
        return unquote_plus(self.filters)


class ScheduledRun(models.Model):
    """One run of a periodic job for one due time (core/schedule.py). The row is the claim: it
    is inserted before the job starts, and the unique (job, due) pair lets only one of several
    servers calling `sasaeai run-due` at once run it."""

    job = models.CharField(_("ジョブ"), max_length=100)
    due = models.DateTimeField(_("予定日時"))
    status = models.CharField(
        _("状態"), max_length=16, choices=RunStatus.choices, default=RunStatus.RUNNING
    )
    started_at = models.DateTimeField(_("開始日時"))
    finished_at = models.DateTimeField(_("終了日時"), null=True, blank=True)
    result = models.TextField(_("結果"), blank=True)
    error = models.TextField(_("エラー"), blank=True)

    class Meta:
        verbose_name = _("定期ジョブの実行")
        verbose_name_plural = _("定期ジョブの実行")
        ordering = ["-due", "job"]
        constraints = [
            models.UniqueConstraint(fields=["job", "due"], name="scheduled_run_once_per_due")
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.due:%Y-%m-%d %H:%M} ({self.get_status_display()})"
