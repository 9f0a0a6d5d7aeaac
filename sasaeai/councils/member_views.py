"""A member's page of their own on the council: their 関心・気になっていること, できること and
tags (written by the council's writers, shown inside the council), and 「やることの一覧（A4）」,
the printed page of their open actions and the next meetings, one member's or everyone's."""

from __future__ import annotations

import io
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
from django.views.generic import View

from sasaeai.core.form_views import FormPageView
from sasaeai.core.versioning import add_version_field, expected_version

from . import member_sheets, permissions, services
from .models import Membership
from .views import CouncilMixin


class InterestsForm(forms.Form):
    interests = forms.CharField(
        label=gettext_lazy("関心・気になっていること"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("例：一人暮らしの方の買い物が心配。坂道が多くて外出しにくい。"),
    )
    abilities = forms.CharField(
        label=gettext_lazy("できること"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("例：車の運転、パソコンの入力、集会所の鍵の管理"),
    )
    tags = forms.CharField(
        label=gettext_lazy("関心のタグ"),
        max_length=1000,
        required=False,
        help_text=gettext_lazy(
            "「、」かスペースで区切って入力します（1つ30文字まで、20個まで）。"
            "例：買い物、見守り、移動支援"
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


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


def pdf_response(content: bytes, name: str) -> FileResponse:
    filename = name.replace("/", "・")
    return FileResponse(io.BytesIO(content), filename=filename, content_type="application/pdf")


class MemberSheetView(MembershipMixin, View):
    """One member's 「やることの一覧」 (A4 PDF), for the council's coordinators to hand out."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FileResponse:
        member = self.load_membership()
        self.require_coordinate()
        content = member_sheets.member_sheet_pdf(member, timezone.localdate())
        return pdf_response(content, _("%(name)sさん_やることの一覧.pdf") % {"name": member.name})


class MemberSheetsView(MembershipMixin, View):
    """Every current member's page in one PDF, one member a page, to print at once."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FileResponse:
        council = self.load_council()
        self.require_coordinate()
        content = member_sheets.council_member_sheets_pdf(council, timezone.localdate())
        return pdf_response(
            content, _("%(council)s_やることの一覧.pdf") % {"council": council.name}
        )
