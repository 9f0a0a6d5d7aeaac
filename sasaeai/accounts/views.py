"""The site operator's screens (superusers): find a municipality, 「利用を始める」 with its first
administrator, and 広域連合・一部事務組合 made by hand."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from sasaeai.core.form_views import FormPageView

from . import selectors, services
from .forms import StartForm, UnionForm
from .permissions import OperatorRequiredMixin

# The link is kept in the session between 「利用を始める」 and the page that shows it once.
LINK_SESSION_KEY = "sasaeai_start_link"
PAGE_SIZE = 50


def in_use_page(request: Any) -> Any:
    """One page of the municipalities in use (the operator's home and list without a query)."""
    return Paginator(selectors.municipalities_in_use(), PAGE_SIZE).get_page(request.GET.get("page"))


class MunicipalityListView(OperatorRequiredMixin, TemplateView):
    """Search the master and the database by code, name, reading or prefecture."""

    template_name = "accounts/operator_municipalities.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()
        context["q"] = query
        if query:
            context["result"] = selectors.municipality_search(query)
        else:
            context["page"] = in_use_page(self.request)
        return context


class StartView(OperatorRequiredMixin, FormPageView):
    """「利用を始める」: confirm what will be made, name the first 市町村管理者, then start."""

    template_name = "accounts/operator_start.html"

    def load(self) -> None:
        # The operator mixin has already refused everyone else (403 before 404: others learn
        # nothing of the codes).
        preview = selectors.start_preview(self.kwargs["code"])
        if preview is None:
            raise Http404
        self.preview: selectors.StartPreview = preview

    def make_form(self, data: Any = None, files: Any = None) -> StartForm:
        return StartForm(data, files)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["preview"] = self.preview
        context["mail_configured"] = services.mail_configured()
        return context

    def save(self, form: StartForm) -> HttpResponse:
        result = services.municipality_start(
            code=self.preview.code,
            username=form.cleaned_data["username"],
            email=form.cleaned_data["email"],
            display_name=form.cleaned_data["display_name"],
            user=self.request.user,
        )
        link = services.password_link(
            user=result.admin, base_url=self.request.build_absolute_uri("/")
        )
        mailed = services.password_link_send(
            user=result.admin, link=link, municipality=result.municipality
        )
        self.request.session[LINK_SESSION_KEY] = {
            "code": result.municipality.code,
            "link": link,
            "username": result.admin.username,
            "mailed": mailed,
            "layer1": result.layer1_areas,
        }
        return redirect("operator:started", code=result.municipality.code)


class StartedView(OperatorRequiredMixin, TemplateView):
    """After 「利用を始める」: the one-time link, shown this once (taken out of the session)."""

    template_name = "accounts/operator_started.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        code = self.kwargs["code"]
        shown = self.request.session.get(LINK_SESSION_KEY)
        if shown and shown.get("code") == code:
            context["shown"] = self.request.session.pop(LINK_SESSION_KEY)
        context["preview"] = selectors.start_preview(code)
        context["valid_until"] = services.link_valid_until()
        return context


class UnionCreateView(OperatorRequiredMixin, FormPageView):
    """A 広域連合・一部事務組合 (not in the master) with its member municipalities."""

    template_name = "accounts/operator_union_form.html"

    def make_form(self, data: Any = None, files: Any = None) -> UnionForm:
        return UnionForm(data, files)

    def save(self, form: UnionForm) -> HttpResponse:
        data = form.cleaned_data
        union = services.union_create_by_codes(
            code=data["code"],
            name=data["name"],
            kana=data["kana"],
            prefecture=data["prefecture"],
            member_codes=data["members"],
            user=self.request.user,
        )
        messages.success(
            self.request,
            _("%(name)sを作成しました（構成市町村 %(n)s）。続けて市町村管理者を作成してください。")
            % {"name": union, "n": union.members.count()},
        )
        return redirect("operator:start", code=union.code)
