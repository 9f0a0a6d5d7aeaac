"""Lists of the plumbing shared by every app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    """Where a background job stands: a file being made, or an import being read or written.
    The labels are those the 作成したファイル page shows."""

    PENDING = "pending", _("待機中")
    RUNNING = "running", _("作成中")
    DONE = "done", _("完成")
    FAILED = "failed", _("失敗")


class ImportStatus(models.TextChoices):
    """Where an uploaded file stands: previewed, committed, cancelled or undone."""

    PREVIEW = "preview", _("確認待ち")
    COMMITTED = "committed", _("取込済み")
    CANCELLED = "cancelled", _("取消")
    UNDONE = "undone", _("元に戻した")


class RunStatus(models.TextChoices):
    """Where one run of a periodic job (ScheduledRun) stands."""

    RUNNING = "running", _("実行中")
    DONE = "done", _("完了")
    FAILED = "failed", _("失敗")


class AccessKind(models.TextChoices):
    """What kind of look at personal data a PersonalDataAccess row records: a screen, a data
    export (CSV, Excel, JSON) or a document for printing (PDF, Word)."""

    VIEW = "view", _("画面の表示")
    EXPORT = "export", _("書き出し")
    DOCUMENT = "document", _("帳票")
