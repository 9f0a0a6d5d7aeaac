"""Downloads of the list's current filter: flat sheet (xlsx/CSV), 自治体標準 CSV, HSDS JSON/zip."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from sasaeai.accounts.permissions import may_see_personal
from sasaeai.core.access_log import record_personal_access
from sasaeai.utils import tabular

from .. import selectors
from ..exports import flat, hsds, hsds_tabular, standard_csv
from ..personal import personal_count
from .resources import ResourceFilterMixin


class HsdsExportView(ResourceFilterMixin, View):
    """The public registry as an HSDS 3.1 JSON document, or with `?format=tabular` as a data
    package zip (public data only, see exports/hsds.py). Like the other exports on the list it
    holds the list's current filter (none: every public resource)."""

    def get(self, request: HttpRequest, lgcode: str) -> HttpResponse:
        public = selectors.public_queryset(self.municipality).filter(pk__in=self.filtered_ids())
        services = hsds.hsds_services([selectors.to_public(r) for r in public])
        if request.GET.get("format") == "tabular":
            name = f"hsds-{self.municipality.code}-{timezone.localdate():%Y%m%d}"
            response = HttpResponse(
                hsds_tabular.package_zip(services, name=name), content_type="application/zip"
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.zip"'
            return response
        response = JsonResponse(
            services, safe=False, json_dumps_params={"ensure_ascii": False, "indent": 1}
        )
        name = f"hsds-services-{self.municipality.code}-{timezone.localdate():%Y%m%d}.json"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


EXPORT_FORMATS = {
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "csv": ("csv", "text/csv; charset=utf-8"),
    "csv-sjis": ("csv", "text/csv; charset=shift_jis"),
}
FORMAT_LABELS = {"xlsx": "Excel", "csv": "CSV", "csv-sjis": "CSV・Shift_JIS"}


class FlatExportView(ResourceFilterMixin, TemplateView):
    """The current filter as the flat sheet (xlsx, CSV UTF-8 with BOM, CSV Shift_JIS). For those
    who may see personal data it holds private contacts and private homes' addresses, and each
    download that held any is written to the access log (who, when, which filter, how many
    resources); everyone else gets the same columns without them (resources.personal)."""

    template_name = "resources/export_unencodable.html"
    title = gettext_lazy("地域資源")
    formats: tuple[str, ...] = ("xlsx", "csv", "csv-sjis")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        file_format = request.GET.get("format", self.formats[0])
        if file_format not in self.formats:
            raise Http404(_("形式が見つかりません。"))
        self.personal = may_see_personal(request.user, self.municipality)
        self.personal_records = 0
        columns, rows = self.table(self.filtered_ids())
        if file_format == "csv-sjis":
            problems = tabular.unencodable_in_cp932(columns, rows)
            if problems:
                return self.render_to_response(
                    {
                        "problems": problems,
                        "utf8_query": self.query_with(format="csv"),
                        "xlsx_query": self.query_with(format="xlsx")
                        if "xlsx" in self.formats
                        else "",
                        "municipality": self.municipality,
                    }
                )
        self.log(file_format)
        extension, content_type = EXPORT_FORMATS[file_format]
        if file_format == "xlsx":
            body = tabular.xlsx_bytes(str(self.title), columns, rows)
        else:
            body = tabular.csv_bytes(
                columns, rows, "cp932" if file_format == "csv-sjis" else "utf-8-sig"
            )
        response = HttpResponse(body, content_type=content_type)
        name = quote(
            f"{self.title}_{self.municipality.name}_{timezone.localdate():%Y%m%d}.{extension}"
        )
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
        return response

    def query_with(self, **changes: str) -> str:
        """The same filter in another format (urlencoded, without the leading "?")."""
        query = self.request.GET.copy()
        for key, value in changes.items():
            query[key] = value
        return query.urlencode()

    def table(self, ids: list[int]) -> tuple[Sequence[str], list[list[tabular.Cell]]]:
        resources = selectors.sheet_resources(self.municipality, ids)
        if self.personal:
            self.personal_records = personal_count(resources)
        return flat.FLAT_COLUMNS, flat.flat_rows(resources, personal=self.personal)

    def log(self, file_format: str) -> None:
        """One access-log row when the file held personal data (core.access_log's rule)."""
        label = FORMAT_LABELS[file_format]
        record_personal_access(
            user=self.request.user, municipality=self.municipality,
            what=_("%(title)sの一覧の書き出し（%(format)s）") % {"title": self.title, "format": label},
            count=self.personal_records, file_format=file_format,
            path=self.request.get_full_path(),
        )  # fmt: skip


class StandardExportView(FlatExportView):
    """The current filter as a 自治体標準-style CSV of public data only (see exports/standard_csv.py),
    for publishing as open data: no personal data, so nothing for the access log."""

    title = gettext_lazy("地域資源_自治体標準形式")
    formats = ("csv", "csv-sjis")

    def table(self, ids: list[int]) -> tuple[Sequence[str], list[list[tabular.Cell]]]:
        wanted = set(ids)
        resources = [r for r in selectors.public_resources(self.municipality) if r.pk in wanted]
        return standard_csv.STANDARD_COLUMNS, standard_csv.standard_rows(
            self.municipality, resources
        )
