"""The inbox (お知らせ), opening a notice, marking all read, and the mail settings. A user sees
only their own notices: another's is a 404, whatever the role."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from sasaeai.accounts.constants import Perm
from sasaeai.accounts.permissions import MunicipalityPermissionMixin
from sasaeai.core.form_views import ActionView, FormPageView, on_this_site
from sasaeai.utils.forms import int_or_none

from . import selectors, services
from .constants import NoticeKind
from .forms import NoticeSettingsForm

PAGE_SIZE = 50


class InboxView(MunicipalityPermissionMixin, TemplateView):
    """お知らせ: unread first (?all=1 shows the read ones too), 50 a page."""

    permission = Perm.VIEW
    template_name = "notices/inbox.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        everything = self.request.GET.get("all") == "1"
        notices = selectors.notices_of(self.request.user, self.municipality)
        unread = notices.unread().count()
        shown = notices if everything else notices.unread()
        context["page"] = Paginator(shown, PAGE_SIZE).get_page(self.request.GET.get("page"))
        context["everything"] = everything
        context["unread"] = unread
        context["total"] = notices.count()
        return context


class NoticeOpenView(MunicipalityPermissionMixin, View):
    """Open one notice: it is read from now on, and the user goes to its page."""

    permission = Perm.VIEW
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        notice = get_object_or_404(
            selectors.notices_of(request.user, self.municipality), pk=kwargs["pk"]
        )
        services.notice_open(notice=notice, user=request.user)
        inbox = reverse("notices:inbox", args=[self.municipality.code])
        return HttpResponseRedirect(on_this_site(request, notice.url, inbox))


class MarkReadView(MunicipalityPermissionMixin, ActionView):
    """「すべて既読にする」 (or the notices ticked on the page)."""

    permission = Perm.VIEW

    def act(self) -> HttpResponse:
        # Ticked notices only (none ticked: all of them); a value that is no id is ignored.
        posted = self.request.POST.getlist("notice")
        ids = [i for i in map(int_or_none, posted) if i is not None] if posted else None
        count = services.notices_mark_read(
            user=self.request.user, municipality=self.municipality, ids=ids
        )
        messages.success(self.request, _("%(n)d件を既読にしました。") % {"n": count})
        return HttpResponseRedirect(reverse("notices:inbox", args=[self.municipality.code]))


class NoticeSettingsView(MunicipalityPermissionMixin, FormPageView):
    """お知らせの設定: the daily mail on or off, and the kinds it lists."""

    permission = Perm.VIEW
    template_name = "notices/settings.html"

    def make_form(self, data: Any = None, files: Any = None) -> NoticeSettingsForm:
        current = services.settings_of(self.request.user)
        initial = {
            "digest": current.digest,
            "mail_kinds": [k for k in NoticeKind.values if k not in current.mail_muted],
        }
        return NoticeSettingsForm(data, initial=initial)

    def save(self, form: Any) -> HttpResponse:
        services.settings_save(
            user=self.request.user,
            digest=form.cleaned_data["digest"],
            mail_kinds=form.cleaned_data["mail_kinds"],
        )
        messages.success(self.request, _("お知らせの設定を保存しました。"))
        return HttpResponseRedirect(reverse("notices:settings", args=[self.municipality.code]))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["email"] = self.request.user.email
        return context
