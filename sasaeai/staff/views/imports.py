"""Upload → preview → confirm screens shared by every importer (/staff/<lgcode>/imports/...)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from sasaeai.accounts.permissions import MunicipalityPermissionMixin
from sasaeai.core import import_undo, imports, tasks
from sasaeai.core.constants import ImportStatus, JobStatus
from sasaeai.core.models import ImportBatch


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("ファイル"),
        error_messages={
            "required": gettext_lazy("ファイルを選んでください。"),
            "empty": gettext_lazy("ファイルが空です。"),
        },
    )

    def __init__(self, *args: Any, extensions: tuple[str, ...] = (".csv",), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.extensions = extensions

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(self.extensions):
            kinds = "・".join(e.lstrip(".").upper() for e in self.extensions)
            raise ValidationError(
                _("%(kinds)sファイル（拡張子 %(extensions)s）を選んでください。")
                % {"kinds": kinds, "extensions": "、".join(self.extensions)}
            )
        # Before it is stored or read; a much larger body never got here (core.uploads).
        limit = settings.IMPORT_MAX_BYTES
        if upload.size > limit:
            raise ValidationError(
                _("ファイルが大きすぎます（%(limit)sMBまで）。")
                % {"limit": f"{limit / (1024 * 1024):,.0f}"}
            )
        return upload


# The buttons of the duplicate step: the decisions chosen on the page, or one for every row not
# decided yet (update where the row has one candidate, new, skip).
DECIDE_ACTIONS = ("decide", "decide_all_update", "decide_all_new", "decide_all_skip")


class ImporterMixin(MunicipalityPermissionMixin):
    """Looks up the importer first, so the permission checked is the importer's own."""

    importer: imports.Importer

    def dispatch(self, request, *args, **kwargs):
        kind = kwargs.get("kind") or self.batch_kind(kwargs)
        if kind not in imports.REGISTRY:
            raise Http404(_("取込の種類が見つかりません。"))
        self.importer = imports.importer_for(kind)
        self.permission = self.importer.permission
        return super().dispatch(request, *args, **kwargs)

    def batch_kind(self, kwargs: dict[str, Any]) -> str:
        return (
            ImportBatch.objects.filter(pk=kwargs["pk"]).values_list("kind", flat=True).first() or ""
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["importer"] = self.importer
        return context


class ImportUploadView(ImporterMixin, TemplateView):
    template_name = "core/import_upload.html"

    def extensions(self) -> tuple[str, ...]:
        return getattr(self.importer, "extensions", (".csv",))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", UploadForm(extensions=self.extensions()))
        context["accept"] = ",".join(self.extensions())
        context["recent"] = ImportBatch.objects.filter(
            municipality=self.municipality, kind=self.importer.kind
        ).select_related("created_by")[:10]
        return context

    def post(self, request, *args, **kwargs) -> HttpResponse:
        form = UploadForm(request.POST, request.FILES, extensions=self.extensions())
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        upload = form.cleaned_data["file"]
        batch = imports.batch_create(
            municipality=self.municipality,
            kind=self.importer.kind,
            name=upload.name,
            data=upload.read(),
            user=request.user,
        )
        if imports.runs_in_background(batch):
            imports.batch_job_state(batch, JobStatus.PENDING)
            transaction.on_commit(lambda: tasks.preview_import.enqueue(batch.pk))
        return redirect("core:import_preview", lgcode=self.municipality.code, pk=batch.pk)


class ImportPreviewView(ImporterMixin, TemplateView):
    template_name = "core/import_preview.html"

    def get_batch(self) -> ImportBatch:
        return get_object_or_404(
            ImportBatch.objects.select_related("created_by", "municipality"),
            pk=self.kwargs["pk"],
            municipality=self.municipality,
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        batch = context.setdefault("batch", self.get_batch())
        excluded = context.setdefault("excluded", self.kept_lines() or list(batch.excluded_lines))
        context.setdefault("chosen_options", self.request.GET.getlist("option"))
        context["waiting"] = batch.job_state in (JobStatus.PENDING, JobStatus.RUNNING)
        if batch.job_error:
            context.setdefault("commit_errors", [batch.job_error])
        if batch.status == ImportStatus.PREVIEW and not context["waiting"]:
            # A refusal of the decide step passes the preview it read (nothing changed since).
            preview = context.get("preview") or self.current_preview(batch)
            context["preview"] = preview
            blocking = context["blocking"] = preview.blocking_lines(excluded)
            undecided = context["undecided"] = preview.undecided_lines(excluded)
            context["can_commit"] = preview.can_commit_with(excluded, blocking, undecided)
            context["suspect_count"] = sum(1 for row in preview.rows if row.suspect)
            context["decision_columns"] = len(preview.summary_headers) + 4
            context["mapping_rows"] = self.mapping_rows(preview, context.get("chosen_fields", {}))
            context["mapping_fields"] = imports.column_fields(self.importer)
            context["value_rows"] = self.value_rows(preview, context.get("chosen_values", {}))
        return context

    @staticmethod
    def current_preview(batch: ImportBatch) -> imports.Preview:
        """The preview the page shows: the worker's (a large file) or the file read now."""
        if batch.preview_data is not None:
            return imports.preview_from_data(batch.preview_data)
        return imports.batch_preview(batch)

    def kept_lines(self) -> list[int]:
        """The lines left out before the columns were mapped again (carried in the address)."""
        return sorted({int(v) for v in self.request.GET.getlist("exclude") if v.isdecimal()})

    def mapping_rows(
        self, preview: imports.Preview, chosen: dict[str, str]
    ) -> list[tuple[int, imports.ColumnChoice, str]]:
        """Each mappable column with the field its select shows (a refused choice stays)."""
        return [
            (i, column, chosen.get(column.header, column.field))
            for i, column in enumerate(preview.column_choices)
        ]

    def value_rows(
        self, preview: imports.Preview, chosen: dict[tuple[str, str], str]
    ) -> list[tuple[int, imports.ValueChoice, str, list[tuple[str, str]]]]:
        """Each value to map, the choice its select shows (a refused one stays) and the
        choices it offers."""
        options = imports.value_fields(self.importer)
        return [
            (i, c, chosen.get((c.field, c.value), c.choice), options.get(c.field, []))
            for i, c in enumerate(preview.value_choices)
        ]

    def post(self, request, *args, **kwargs) -> HttpResponse:
        batch = self.get_batch()
        if request.POST.get("action") == "cancel":
            try:
                imports.batch_cancel(batch=batch, user=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("取込を取り消しました。何も書き込まれていません。"))
            return redirect("core:import_upload", lgcode=self.municipality.code, kind=batch.kind)
        if request.POST.get("action") == "undo":
            return self.undo(request, batch)
        excluded = sorted({int(v) for v in request.POST.getlist("exclude") if v.isdecimal()})
        # The preview's choices the user ticked (「この N 件の町丁目を作る」).
        options = sorted(imports.offered(batch, request.POST.getlist("option")))
        if request.POST.get("action") == "map_columns" and imports.column_fields(self.importer):
            return self.map_columns(request, batch, excluded, options)
        if request.POST.get("action") == "map_values" and imports.value_fields(self.importer):
            return self.map_values(request, batch, excluded, options)
        action = request.POST.get("action", "commit")
        if action in DECIDE_ACTIONS and imports.decides(self.importer):
            return self.decide(request, batch, excluded, options, action)
        if action == "commit" and imports.decides(self.importer):
            # The decisions chosen on the page go with the confirmation (kept first, so the
            # commit, in a request or by the worker, reads the file with them).
            refused = self.decisions_kept(request, batch, excluded, options, {})
            if refused is not None:
                return refused
        if action != "commit":
            # A button of a step this importer does not have (a stale page, a forged form)
            # must never confirm the import.
            messages.error(request, _("この操作はこの取込ではできません。何も保存していません。"))
            return redirect("core:import_preview", lgcode=self.municipality.code, pk=batch.pk)
        if imports.runs_in_background(batch) and batch.status == ImportStatus.PREVIEW:
            return self.in_background(
                batch,
                lambda user_id: tasks.commit_import.enqueue(batch.pk, excluded, user_id, options),
                _("取込を始めました。この画面で進み具合がわかります。"),
            )
        return self.write(
            batch,
            lambda: imports.batch_commit(
                batch=batch, excluded_lines=excluded, user=request.user, options=options
            ),
            _("%(count)d件を取り込みました。"),
            excluded=excluded,
        )

    def undo(self, request: HttpRequest, batch: ImportBatch) -> HttpResponse:
        """Put back everything the batch wrote (a large batch in the background)."""
        if batch.status == ImportStatus.COMMITTED and imports.runs_in_background(batch):
            return self.in_background(
                batch,
                lambda user_id: tasks.undo_import.enqueue(batch.pk, user_id),
                _("元に戻す処理を始めました。この画面で進み具合がわかります。"),
            )
        return self.write(
            batch,
            lambda: import_undo.batch_undo(batch=batch, user=request.user),
            _("取込を元に戻しました（%(count)d件）。変更履歴に記録されています。"),
        )

    def refused(self, error: ValidationError, key: str, **context: Any) -> HttpResponse:
        """The page again, with the service's refusal shown under `key` and the user's
        choices (in `context`) kept."""
        page = self.get_context_data(**context)
        page[key] = error.messages
        return self.render_to_response(page, status=400)

    def in_background(
        self, batch: ImportBatch, enqueue: Callable[[int], object], message: str
    ) -> HttpResponse:
        imports.batch_job_state(batch, JobStatus.PENDING, job_error="")
        user_id = int(self.request.user.pk or 0)
        transaction.on_commit(lambda: enqueue(user_id))
        messages.info(self.request, message)
        return redirect("core:import_preview", lgcode=self.municipality.code, pk=batch.pk)

    def write(
        self, batch: ImportBatch, action: Callable[[], int], done: str, **context: Any
    ) -> HttpResponse:
        """Run the write now; a refusal shows on the same page with the user's choices kept.
        `done` is the message, with %(count)d for the number of records."""
        try:
            count = action()
        except ValidationError as error:
            return self.refused(error, "commit_errors", batch=batch, **context)
        messages.success(self.request, done % {"count": count})
        return redirect("core:import_preview", lgcode=self.municipality.code, pk=batch.pk)

    def map_values(
        self, request: HttpRequest, batch: ImportBatch, excluded: list[int], options: list[str]
    ) -> HttpResponse:
        """Read the file again with the values the user mapped (the kind of each row)."""
        triples = zip(
            request.POST.getlist("value_field"),
            request.POST.getlist("value_value"),
            request.POST.getlist("value_choice"),
            strict=False,
        )
        choices: dict[str, dict[str, str]] = {}
        shown: dict[tuple[str, str], str] = {}
        for name, value, choice in triples:
            choices.setdefault(name, {})[value] = choice
            shown[(name, value)] = choice
        try:
            imports.batch_map_values(batch=batch, choices=choices, user=request.user)
        except ValidationError as error:
            return self.refused(
                error, "value_errors",
                batch=batch, excluded=excluded, chosen_options=options, chosen_values=shown,
            )  # fmt: skip
        messages.success(
            request,
            _(
                "値の割り当てを変えて読み直しました。確定すると、"
                "この市町村の次の取込でも同じ値をこのように読みます。"
            ),
        )
        return self.read_again(batch, excluded, options)

    def decide(
        self,
        request: HttpRequest,
        batch: ImportBatch,
        excluded: list[int],
        options: list[str],
        action: str,
    ) -> HttpResponse:
        """Read the file again with the decisions for the suspect rows: those chosen on the
        page, or one for every row not decided yet (「まとめて」 buttons)."""
        everywhere: dict[int, str] = {}
        shown: dict[str, Any] = {}
        if action != "decide":
            preview = shown["preview"] = self.current_preview(batch)
            undecided = set(preview.undecided_lines(excluded))
            for row in preview.rows:
                if row.line not in undecided or row.suspect is None:
                    continue
                candidates = row.suspect.candidates
                if action == "decide_all_update" and len(candidates) == 1:
                    everywhere[row.line] = candidates[0].value
                elif action in ("decide_all_new", "decide_all_skip"):
                    everywhere[row.line] = imports.NEW if action.endswith("new") else imports.SKIP
        refused = self.decisions_kept(request, batch, excluded, options, everywhere, **shown)
        if refused is not None:
            return refused
        messages.success(request, _("判断に合わせて読み直しました。まだ何も保存されていません。"))
        return self.read_again(batch, excluded, options)

    def decisions_kept(
        self,
        request: HttpRequest,
        batch: ImportBatch,
        excluded: list[int],
        options: list[str],
        everywhere: dict[int, str],
        **shown: Any,
    ) -> HttpResponse | None:
        """Keep the decisions posted (radio 「decide-<line>」) and `everywhere`; the page with
        the refusal when one cannot be kept (`shown`: the preview already read), else None."""
        lines = [key.removeprefix("decide-") for key in request.POST if key.startswith("decide-")]
        posted = {
            int(line): request.POST.get(f"decide-{line}", "")
            for line in lines
            if line.isdecimal() and line.isascii()
        }
        try:
            imports.batch_decide(batch=batch, decisions={**posted, **everywhere}, user=request.user)
        except ValidationError as error:
            return self.refused(
                error, "decision_errors",
                batch=batch, excluded=excluded, chosen_options=options, **shown,
            )  # fmt: skip
        batch.refresh_from_db()
        return None

    def read_again(
        self, batch: ImportBatch, excluded: list[int], options: list[str]
    ) -> HttpResponse:
        """The preview page, read again (by the worker for a large file), with the ticks and
        the left-out lines kept in the address."""
        if imports.runs_in_background(batch):
            imports.batch_job_state(batch, JobStatus.PENDING)
            transaction.on_commit(lambda: tasks.preview_import.enqueue(batch.pk))
        url = reverse(
            "core:import_preview", kwargs={"lgcode": self.municipality.code, "pk": batch.pk}
        )
        kept: dict[str, list[str] | list[int]] = {"option": options, "exclude": excluded}
        query = urlencode(kept, doseq=True)
        return redirect(f"{url}?{query}" if query else url)

    def map_columns(
        self, request: HttpRequest, batch: ImportBatch, excluded: list[int], options: list[str]
    ) -> HttpResponse:
        """Read the file again with the user's mapping; the ticks and left-out lines stay."""
        headers, fields = (
            request.POST.getlist("mapped_header"),
            request.POST.getlist("mapped_field"),
        )
        choices = dict(zip(headers, fields, strict=False))
        try:
            imports.batch_map_columns(batch=batch, choices=choices, user=request.user)
        except ValidationError as error:
            return self.refused(
                error, "mapping_errors",
                batch=batch, excluded=excluded, chosen_options=options, chosen_fields=choices,
            )  # fmt: skip
        messages.success(
            request,
            _(
                "列の割り当てを変えて読み直しました。確定すると、"
                "この市町村の次の取込でも同じ見出しをこのように読みます。"
            ),
        )
        return self.read_again(batch, excluded, options)
