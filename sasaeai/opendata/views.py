"""オープンデータ (issue #27): the public page of a municipality's open data, its downloads (only
ever a stored file, made by the morning job), the DCAT-style catalog for harvesters, and the
admin's page for the licence."""

from __future__ import annotations

from typing import Any

from django.conf import settings as django_settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from sasaeai.accounts.constants import Perm
from sasaeai.accounts.permissions import MunicipalityPermissionMixin
from sasaeai.areas.models import Municipality
from sasaeai.core.form_views import FormPageView

from . import files, selectors
from .forms import OpenDataSettingsForm
from .services import opendata_settings_save


@method_decorator(login_not_required, name="dispatch")
class PublicPage(View):
    """A public page of one municipality's open data, open without signing in."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.municipality = get_object_or_404(Municipality, code=kwargs["lgcode"])
        return super().dispatch(request, *args, **kwargs)


class OpenDataPageView(PublicPage, TemplateView):
    template_name = "opendata/page.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        stored = selectors.latest_files(self.municipality)
        settings = selectors.opendata_settings(self.municipality)
        rows = []
        for dataset in files.DATASETS:
            generated = stored.get(dataset.filename)
            finished = generated.finished_at if generated else None
            rows.append((dataset, generated, timezone.localdate(finished) if finished else None))
        dates = [day for _, _, day in rows if day is not None]
        context.update(
            municipality=self.municipality,
            settings=settings,
            license_url=selectors.license_url(settings),
            rows=rows,
            updated=max(dates) if dates else None,
        )
        return context


class OpenDataFileView(PublicPage):
    """One file as the morning job stored it; 404 before the first run (never made here)."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, lgcode: str, filename: str) -> FileResponse:
        dataset = files.BY_FILENAME.get(filename)
        generated = dataset and selectors.latest_file(self.municipality, filename)
        if dataset is None or not generated:
            raise Http404(_("ファイルはまだありません。"))
        response = FileResponse(
            generated.file.open("rb"),
            as_attachment=True,
            filename=f"{self.municipality.code}_{filename}",
            content_type=dataset.content_type,
        )
        return response


class CatalogView(PublicPage):
    """The datasets as DCAT in JSON-LD, for harvesters (e.g. a data catalogue site)."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, lgcode: str) -> JsonResponse:
        municipality = self.municipality
        settings = selectors.opendata_settings(municipality)
        stored = selectors.latest_files(municipality)
        site = django_settings.SITE_URL.rstrip("/")
        page = site + reverse("opendata:page", args=[municipality.code])
        distributions = []
        for dataset in files.DATASETS:
            generated = stored.get(dataset.filename)
            if generated is None or not generated.finished_at:
                continue
            url = site + reverse("opendata:file", args=[municipality.code, dataset.filename])
            distributions.append({
                "@type": "dcat:Distribution",
                "dct:title": str(dataset.title),
                "dcat:accessURL": page,
                "dcat:downloadURL": url,
                "dcat:mediaType": dataset.media_type,
                "dct:format": dataset.format,
                "dcat:byteSize": generated.file.size,
                "dct:modified": timezone.localtime(generated.finished_at).isoformat(),
                "dct:license": selectors.license_url(settings),
            })  # fmt: skip
        modified = [d["dct:modified"] for d in distributions]
        dataset_node = {
            "@type": "dcat:Dataset",
            "@id": page + "#kayoinoba",
            "dct:title": _("%(name)sの通いの場・地域資源") % {"name": municipality.name},
            "dct:description": _(
                "%(name)sの通いの場・生活支援の地域資源のうち、住民向けに公開している情報です。"
            ) % {"name": municipality.name},
            "dct:publisher": {"@type": "foaf:Agent", "foaf:name": str(municipality)},
            "dct:license": selectors.license_url(settings),
            "dct:rights": settings.attribution,
            "dcat:landingPage": page,
            "dct:language": "ja",
            "dcat:keyword": ["通いの場", "地域資源", "生活支援", "HSDS"],
            "dcat:distribution": distributions,
        }  # fmt: skip
        if modified:
            dataset_node["dct:modified"] = max(modified)
        catalog = {
            "@context": {
                "dcat": "http://www.w3.org/ns/dcat#",
                "dct": "http://purl.org/dc/terms/",
                "foaf": "http://xmlns.com/foaf/0.1/",
            },
            "@type": "dcat:Catalog",
            "@id": site + reverse("opendata:catalog", args=[municipality.code]),
            "dct:title": _("%(name)sのオープンデータ") % {"name": municipality.name},
            "dct:publisher": {"@type": "foaf:Agent", "foaf:name": str(municipality)},
            "dcat:dataset": [dataset_node],
        }
        return JsonResponse(
            catalog,
            content_type="application/ld+json; charset=utf-8",
            json_dumps_params={"ensure_ascii": False, "indent": 1},
        )


class OpenDataSettingsView(MunicipalityPermissionMixin, FormPageView):
    """One of the municipality's settings (市町村の設定): the municipal admin alone."""

    template_name = "opendata/settings.html"
    permission = Perm.MANAGE

    def make_form(self, data: Any = None, files: Any = None) -> OpenDataSettingsForm:
        current = selectors.opendata_settings(self.municipality)
        return OpenDataSettingsForm(
            data, initial={"license": current.license, "attribution": current.attribution}
        )

    def save(self, form: OpenDataSettingsForm) -> HttpResponse:
        opendata_settings_save(
            municipality=self.municipality,
            license=form.cleaned_data["license"],
            attribution=form.cleaned_data["attribution"],
            by=self.request.user,
        )
        messages.success(self.request, _("オープンデータの設定を保存しました。"))
        return redirect("opendata:settings", lgcode=self.municipality.code)
