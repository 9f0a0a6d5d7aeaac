"""Members: adding one, ending a term, their interests, their A4 sheets of open actions and next
meetings, and a signed-in member's own actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from sasaeai.accounts.permissions import MunicipalityPermissionMixin
from sasaeai.core.form_views import FormPageView, on_this_site
from sasaeai.core.versioning import add_version_field, expected_version
from sasaeai.utils.forms import int_or_none
from sasaeai.utils.wareki import to_wareki

from .. import documents, permissions, selectors, services
from ..forms import InterestsForm, MemberForm, ProgressForm, TermEndForm
from ..models import ActionItem, Membership
from ..services import MemberInput
from .base import (
    CouncilFormView,
    CouncilMixin,
    ObjectPostView,
    confirm_page,
    form_or_refuse,
    pdf_response,
)


class MembershipEndView(ObjectPostView):
    """End a member's term: the council home's button leads to a confirmation page first."""

    model = Membership

    def act(self) -> HttpResponse:
        if self.request.POST.get("confirmed") == "1":
            return super().act()
        request, record = self.request, self.target
        # An unreadable date is refused (as a message on the council's page) before asking.
        day = form_or_refuse(TermEndForm(request.POST))["term_end"]
        return confirm_page(
            request,
            municipality=self.municipality,
            heading=_("%(name)sさんの任期を終えますか？") % {"name": record.name},
            lead=_(
                "任期の終わりを%(day)sにします。その翌日からの会議の出欠や担当の候補に出なくなります"
                "（これまでの記録には残ります）。"
            )
            % {"day": to_wareki(day)},
            action=request.path,
            fields=[("term_end", to_wareki(day)), ("version", request.POST.get("version", ""))],
            confirm_label=_("任期を終える"),
            back_url=self.back_url(record) + "#members",
            back_label=_("任期を終えないで協議体のページへ戻る"),
        )

    def change(self, record: Membership, data: Any) -> str:
        day = form_or_refuse(TermEndForm(data))["term_end"]
        # A button posted without the version it was shown at cannot prove it saw the member:
        # 0 never matches (as versioning.expected_version).
        opened_at = int_or_none(data.get("version")) or 0
        services.membership_end(
            membership=record, on=day, expected_version=opened_at, user=self.request.user
        )
        return _("%(name)sさんの任期を%(day)sまでとしました。") % {
            "name": record.name,
            "day": to_wareki(day),
        }


class ActionProgressView(ObjectPostView):
    model = ActionItem

    def change(self, record: ActionItem, data: Any) -> str:
        values = form_or_refuse(ProgressForm(data, municipality=self.municipality))
        services.action_progress_add(
            action=record,
            note=values["note"],
            status=values["status"] or None,
            resource=values["resource"],
            user=self.request.user,
        )
        return _("「%(title)s」の経過を記録しました。") % {"title": record.title}

    def back_url(self, record: ActionItem) -> str:
        """Back to the page the form was on (my actions or the meeting), never off this site."""
        return on_this_site(
            self.request, self.request.POST.get("next", ""), super().back_url(record)
        )


class MemberAddView(CouncilFormView):
    heading = gettext_lazy("%(council)sのメンバーを追加する")

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return MemberForm(data, municipality=self.municipality)

    def save(self, form: Any) -> HttpResponse:
        data = form.cleaned_data
        member = services.membership_add(
            council=self.council, data=MemberInput(**data), user=self.request.user
        )
        messages.success(self.request, _("%(name)sさんを追加しました。") % {"name": member.name})
        return redirect("councils:home", lgcode=self.municipality.code, pk=self.council.pk)


class MyActionsView(MunicipalityPermissionMixin, TemplateView):
    """The open actions of the signed-in member, overdue first."""

    template_name = "councils/my_actions.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context.update(
            actions=selectors.my_actions(self.request.user, self.municipality, today),
            today=today,
            progress_form=ProgressForm(municipality=self.municipality),
        )
        return context


class MembershipMixin(CouncilMixin):
    """Loads the member named in the URL (404 for another municipality's) and their council."""

    membership: Membership

    def load_membership(self) -> Membership:
        self.membership = get_object_or_404(
            Membership.objects.select_related("council__area", "council__municipality"),
            council__municipality=self.municipality,
            pk=self.kwargs["pk"],
        )
        self.council = self.membership.council
        return self.membership

    def require_coordinate(self) -> None:
        if not permissions.can_coordinate(self.request.user, self.council):
            raise PermissionDenied(_("やることの一覧を印刷できるのはコーディネーターです。"))


class MemberInterestsView(MembershipMixin, FormPageView):
    """A member's interests, written by the council's writers: a member may write their own
    and, as a council works together, another member's (for one without an account)."""

    template_name = "councils/form.html"

    def load(self) -> None:
        self.load_membership()
        self.require_write()

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        member = self.membership
        initial = {
            "interests": member.interests,
            "abilities": member.abilities,
            "tags": "、".join(member.interest_tags or []),
        }
        form = InterestsForm(data, initial=initial)
        add_version_field(form, member)
        return form

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["heading"] = _("%(name)sさんの関心・できること") % {"name": self.membership.name}
        return context

    def save(self, form: Any) -> HttpResponse:
        values = form.cleaned_data
        services.membership_set_interests(
            membership=self.membership, interests=values["interests"],
            abilities=values["abilities"], tags=values["tags"], user=self.request.user,
            expected_version=expected_version(form),
        )  # fmt: skip
        messages.success(
            self.request,
            _("%(name)sさんの関心・できることを保存しました。") % {"name": self.membership.name},
        )
        url = reverse("councils:home", args=[self.municipality.code, self.council.pk])
        return redirect(f"{url}#members")


class MemberSheetView(MembershipMixin, View):
    """One member's 「やることの一覧」 (A4 PDF), for the council's coordinators to hand out."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FileResponse:
        member = self.load_membership()
        self.require_coordinate()
        content = documents.member_sheet_pdf(member, timezone.localdate())
        return pdf_response(content, _("%(name)sさん_やることの一覧.pdf") % {"name": member.name})


class MemberSheetsView(MembershipMixin, View):
    """Every current member's page in one PDF, one member a page, to print at once."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FileResponse:
        council = self.load_council()
        self.require_coordinate()
        content = documents.council_member_sheets_pdf(council, timezone.localdate())
        return pdf_response(
            content, _("%(council)s_やることの一覧.pdf") % {"council": council.name}
        )
