"""「利用者と役割」 of one municipality, for its 市町村管理者 alone (Perm.MANAGE_USERS): the list,
a new account with its one-time link, roles with dates and areas, 利用停止, 4月の交代, and
whether each person uses two-factor sign-in (with its reset)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from sasaeai.core.form_views import ActionView, FormPageView
from sasaeai.utils.search import search_query
from sasaeai.utils.wareki import to_wareki

from . import selectors, services, two_factor, user_services
from .constants import Perm, Role
from .models import RoleAssignment, User
from .permissions import MunicipalityPermissionMixin
from .user_forms import HandoverForm, RoleEndForm, RoleForm, UserCreateForm

# The new account's link is kept in the session between the form and the page showing it once.
LINK_SESSION_KEY = "sasaeai_user_link"
PAGE_SIZE = 50


class UsersMixin(MunicipalityPermissionMixin):
    """The municipal admin only; the person in the URL must hold or have held a role here."""

    permission = Perm.MANAGE_USERS
    target: User | None = None

    def load(self) -> None:
        if "pk" in self.kwargs:
            people = user_services.municipality_users(self.municipality)
            self.target = get_object_or_404(people, pk=self.kwargs["pk"])

    def back_to_target(self) -> HttpResponse:
        assert self.target is not None
        return redirect("users:detail", lgcode=self.municipality.code, pk=self.target.pk)


class UserListView(UsersMixin, TemplateView):
    template_name = "accounts/users/list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        role = self.request.GET.get("role", "")
        role = role if role in Role.values else ""
        searched = search_query(self.request.GET.get("q"))
        q = searched.text
        today = timezone.localdate()
        users = selectors.municipality_user_list(self.municipality, on=today, role=role, q=q)
        page = Paginator(users, PAGE_SIZE).get_page(self.request.GET.get("page"))
        page.object_list = list(page.object_list)
        for person in page.object_list:
            two_factor_status(person)
        context.update(
            page=page,
            params={"role": role, "q": q},
            search_note=searched.note,
            roles=Role.choices,
            today=today,
        )
        return context


def two_factor_status(person: User) -> User:
    """Mark the person with their two-factor state for the pages: `two_factor_on` (set up),
    `two_factor_required` (must be, under the current settings: two_factor.is_required). A
    query or two for those who set it up or when it is required; a page holds at most 50."""
    person.two_factor_on = two_factor.is_enabled(person)  # type: ignore[attr-defined]
    person.two_factor_required = two_factor.is_required(person)  # type: ignore[attr-defined]
    return person


class UsersFormView(UsersMixin, FormPageView):
    """A form of 「利用者と役割」 (core.form_views.FormPageView)."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["target"] = self.target
        return context


def remember_link(request: HttpRequest, new: User, municipality: Any) -> None:
    """Make the one-time link, mail it when mail is set up, and keep it for one showing."""
    link = services.password_link(user=new, base_url=request.build_absolute_uri("/"))
    mailed = services.password_link_send(user=new, link=link, municipality=municipality)
    request.session[LINK_SESSION_KEY] = {"pk": new.pk, "link": link, "mailed": mailed}


class UserCreateView(UsersFormView):
    template_name = "accounts/users/create.html"

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return UserCreateForm(data, municipality=self.municipality)

    def save(self, form: UserCreateForm) -> HttpResponse:
        new = user_services.user_create(
            municipality=self.municipality,
            account=form.account(),
            first_role=form.role_input(),
            user=self.request.user,
        )
        remember_link(self.request, new, self.municipality)
        return redirect("users:created", lgcode=self.municipality.code, pk=new.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["mail_configured"] = services.mail_configured()
        return context


class UserCreatedView(UsersMixin, TemplateView):
    """After creating an account: the one-time link, shown this once (taken out of the session)."""

    template_name = "accounts/users/created.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.load()
        context = super().get_context_data(**kwargs)
        shown = self.request.session.get(LINK_SESSION_KEY)
        assert self.target is not None
        if shown and shown.get("pk") == self.target.pk:
            context["shown"] = self.request.session.pop(LINK_SESSION_KEY)
        context.update(target=self.target, valid_until=services.link_valid_until())
        return context


class UserDetailView(UsersMixin, TemplateView):
    template_name = "accounts/users/detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.load()
        context = super().get_context_data(**kwargs)
        assert self.target is not None
        context.update(
            target=two_factor_status(self.target),
            assignments=selectors.user_assignments(self.municipality, self.target),
            today=timezone.localdate(),
            is_self=self.target.pk == self.request.user.pk,
            changes=selectors.user_changes(self.municipality, self.target),
        )
        return context


class RoleAddView(UsersFormView):
    template_name = "accounts/users/role_add.html"

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return RoleForm(data, municipality=self.municipality)

    def save(self, form: RoleForm) -> HttpResponse:
        assert self.target is not None
        added = user_services.role_add(
            municipality=self.municipality,
            target=self.target,
            role=form.role_input(),
            user=self.request.user,
        )
        messages.success(
            self.request,
            _("「%(user)s」さんに%(role)sの役割を%(day)sから付けました。")
            % {"user": self.target, "role": added.get_role_display(), "day": _day(added)},
        )
        return self.back_to_target()


def _day(assignment: RoleAssignment) -> str:
    return to_wareki(assignment.valid_from) if assignment.valid_from else _("最初")


class RoleEndView(UsersFormView):
    template_name = "accounts/users/role_end.html"

    def load(self) -> None:
        super().load()
        self.assignment = get_object_or_404(
            RoleAssignment.objects.select_related("area", "municipality"),
            municipality=self.municipality,
            user=self.target,
            pk=self.kwargs["assignment"],
        )

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return RoleEndForm(data, initial={"end_on": timezone.localdate()})

    def save(self, form: RoleEndForm) -> HttpResponse:
        ended = user_services.role_end(
            assignment=self.assignment, end_on=form.cleaned_data["end_on"], user=self.request.user
        )
        messages.success(
            self.request,
            _("「%(user)s」さんの%(role)sの役割を%(day)sまでにしました。")
            % {
                "user": self.target,
                "role": ended.get_role_display(),
                "day": to_wareki(form.cleaned_data["end_on"]),
            },
        )
        return self.back_to_target()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["assignment"] = self.assignment
        return context


class UserActiveView(UsersMixin, ActionView):
    """POST only: 利用停止 (active=False) or 利用再開; a refusal is shown as a message."""

    active = False

    def act(self) -> HttpResponse:
        assert self.target is not None
        if self.active:
            user_services.user_reactivate(target=self.target, user=self.request.user)
        else:
            user_services.user_deactivate(
                municipality=self.municipality, target=self.target, user=self.request.user
            )
        done = _("利用を再開しました。") if self.active else _("利用を停止しました。")
        messages.success(self.request, f"「{self.target}」: {done}")
        return self.back_to_target()

    def refused_url(self) -> str:
        """The person's page, where both buttons are."""
        assert self.target is not None
        return reverse("users:detail", args=[self.municipality.code, self.target.pk])


class TwoFactorResetView(UsersFormView):
    """「2段階認証をリセットする」: a page saying what it does, and its button (the person's page
    links here). A refusal (themselves, a superuser, nothing set up) is shown on this page."""

    template_name = "accounts/users/two_factor_reset.html"

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return forms.Form(data)

    def save(self, form: forms.Form) -> HttpResponse:
        assert self.target is not None
        user_services.two_factor_reset(
            municipality=self.municipality, target=self.target, user=self.request.user
        )
        messages.success(
            self.request,
            _(
                "「%(user)s」さんの2段階認証をリセットしました。次のログインはパスワードだけで、"
                "必須の人はそのあと設定し直します。"
            )
            % {"user": self.target},
        )
        return self.back_to_target()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        assert self.target is not None
        two_factor_status(self.target)
        return context


class HandoverView(UsersFormView):
    template_name = "accounts/users/handover.html"

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return HandoverForm(data, municipality=self.municipality)

    def save(self, form: HandoverForm) -> HttpResponse:
        data = form.cleaned_data
        done = user_services.coordinator_handover(
            municipality=self.municipality,
            outgoing=data["outgoing"],
            incoming=data["incoming"],
            new_account=form.new_account(),
            on=data["on"],
            user=self.request.user,
        )
        messages.success(
            self.request,
            _("%(day)sから、%(n)d件の役割を「%(from)s」さんから「%(to)s」さんに引き継ぎます。")
            % {
                "day": to_wareki(data["on"]),
                "n": len(done.started),
                "from": data["outgoing"],
                "to": done.incoming,
            },
        )
        if done.created:
            remember_link(self.request, done.incoming, self.municipality)
            return redirect("users:created", lgcode=self.municipality.code, pk=done.incoming.pk)
        return redirect("users:detail", lgcode=self.municipality.code, pk=done.incoming.pk)
