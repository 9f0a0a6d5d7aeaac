"""Sign-in with a second factor and 「2段階認証の設定」 (issue #21; the rules live in
two_factor.py)."""

from __future__ import annotations

from typing import Any

import segno
from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from sasaeai.core.form_views import ActionView, FormPageView, on_this_site

from . import two_factor
from .forms import LoginForm
from .lockout import locked_out
from .models import User


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("確認コード"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 12}
        ),
    )


class SignInView(auth_views.LoginView):
    """The password step. A user who has set up two-factor sign-in is not signed in yet: the
    code page comes next (django-axes has already refused a locked-out name or address)."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if not two_factor.is_enabled(user):
            return super().form_valid(form)
        two_factor.pending_start(
            self.request, user=user, backend=user.backend, next_url=self.get_success_url()
        )
        return redirect("accounts:two_factor_verify")


@method_decorator(login_not_required, name="dispatch")
class VerifyView(FormPageView):
    """The second step: a code from the app, or one recovery code. A wrong code is a failed
    sign-in for django-axes (credentials: the user name), so wrong passwords and wrong codes
    together lock the name after AXES_FAILURE_LIMIT."""

    template_name = "accounts/two_factor_verify.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        waiting = two_factor.pending(request)
        user = User.objects.filter(pk=waiting.user_id, is_active=True).first() if waiting else None
        if waiting is None or user is None:
            two_factor.pending_end(request)
            messages.info(request, _("もう一度ユーザー名とパスワードを入力してください。"))
            return redirect("accounts:login")
        self.waiting = waiting
        self.user = user
        return super().dispatch(request, *args, **kwargs)

    def credentials(self) -> dict[str, str]:
        return {"username": self.user.get_username()}

    def make_form(self, data: Any = None, files: Any = None) -> CodeForm:
        return CodeForm(data)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Locked (by passwords or codes) since the password step: refused before the code is
        # looked at, with the login page's notice.
        if not AxesProxyHandler.is_allowed(request, self.credentials()):
            two_factor.pending_end(request)
            return locked_out(request)
        return super().post(request, *args, **kwargs)

    def save(self, form: CodeForm) -> HttpResponse:
        device = two_factor.code_check(user=self.user, code=form.cleaned_data["code"])
        if device is None:
            # Counted by axes; on the limit it sets request.axes_locked_out and AxesMiddleware
            # answers with the lockout page instead of this one.
            user_login_failed.send(
                sender=__name__, credentials=self.credentials(), request=self.request
            )
            if getattr(self.request, "axes_locked_out", False):
                two_factor.pending_end(self.request)
            raise ValidationError({"code": two_factor.WRONG_CODE})
        two_factor.pending_end(self.request)
        auth_login(self.request, self.user, backend=self.waiting.backend)
        otp_login(self.request, device)
        if isinstance(device, StaticDevice):
            left = two_factor.recovery_codes_left(self.user)
            messages.warning(
                self.request,
                _(
                    "回復コードでログインしました（残り%(n)s個）。"
                    "スマートフォンをなくした場合は、2段階認証の設定をやり直してください。"
                )
                % {"n": left},
            )
        return HttpResponseRedirect(
            on_this_site(self.request, self.waiting.next_url, reverse("core:home"))
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["submit"] = _("確認する")
        return context


class SetupView(FormPageView):
    """「2段階認証の設定」: the state and its buttons once set up; before that (or to move to a
    new phone, ?change=1) the QR code and the secret to type, confirmed by a code from the app.
    Confirming a new app ends the old one and its recovery codes."""

    template_name = "accounts/two_factor.html"

    def load(self) -> None:
        user = self.request.user
        self.enabled = two_factor.is_enabled(user)
        self.changing = self.enabled and self.request.GET.get("change") == "1"
        setting_up = not self.enabled or self.changing
        self.device = two_factor.totp_setup_start(user=user) if setting_up else None

    def make_form(self, data: Any = None, files: Any = None) -> CodeForm:
        form = CodeForm(data)
        form.fields["code"].label = _("認証アプリに表示された6桁の数字")
        return form

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load()
        if self.device is None:
            return redirect("accounts:two_factor")
        return super().post(request, *args, **kwargs)

    def save(self, form: CodeForm) -> HttpResponse:
        assert self.device is not None
        codes = two_factor.totp_confirm(
            user=self.request.user, device=self.device, code=form.cleaned_data["code"]
        )
        # This session has just proven the app: it is verified from now on.
        otp_login(self.request, self.device)
        self.request.session[two_factor.CODES_SESSION_KEY] = codes
        messages.success(self.request, _("2段階認証を設定しました。"))
        return redirect("accounts:two_factor_codes")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["enabled"] = self.enabled
        context["changing"] = self.changing
        context["required"] = two_factor.is_required(user)
        context["submit"] = _("設定する")
        if self.enabled:
            context["codes_left"] = two_factor.recovery_codes_left(user)
        if self.device is not None:
            url = self.device.config_url
            context["otpauth_url"] = url
            context["secret"] = two_factor.secret_groups(self.device)
            # An SVG as a data: URI (CSP allows data: images), drawn here: no network.
            context["qr_data_uri"] = segno.make(url, error="m").svg_data_uri(scale=4)
        return context


class CodesView(TemplateView):
    """The new recovery codes, shown this once (taken out of the session)."""

    template_name = "accounts/two_factor_codes.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["codes"] = self.request.session.pop(two_factor.CODES_SESSION_KEY, None)
        return context


class CodesRenewView(ActionView):
    """「回復コードを作り直す」: ten new codes; the old ones stop working."""

    def act(self) -> HttpResponse:
        codes = two_factor.recovery_codes_create(user=self.request.user)
        self.request.session[two_factor.CODES_SESSION_KEY] = codes
        messages.success(
            self.request, _("回復コードを作り直しました。前の回復コードは使えません。")
        )
        return redirect("accounts:two_factor_codes")


class DisableView(ActionView):
    """「2段階認証をやめる」, for whoever is not required to use it."""

    def act(self) -> HttpResponse:
        two_factor.two_factor_disable(user=self.request.user)
        messages.success(self.request, _("2段階認証をやめました。"))
        return redirect("accounts:two_factor")
