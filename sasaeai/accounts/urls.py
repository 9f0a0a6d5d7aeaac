from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import two_factor_views
from .forms import ForgotPasswordForm

app_name = "accounts"
urlpatterns = [
    path(
        "login/",
        two_factor_views.SignInView.as_view(),
        name="login",
    ),
    # Two-factor sign-in (issue #21): the code after the password, and the user's own settings.
    path("login/code/", two_factor_views.VerifyView.as_view(), name="two_factor_verify"),
    path("two-factor/", two_factor_views.SetupView.as_view(), name="two_factor"),
    path("two-factor/codes/", two_factor_views.CodesView.as_view(), name="two_factor_codes"),
    path(
        "two-factor/codes/renew/",
        two_factor_views.CodesRenewView.as_view(),
        name="two_factor_codes_renew",
    ),
    path("two-factor/off/", two_factor_views.DisableView.as_view(), name="two_factor_off"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # 「パスワードを忘れた」 and a new account's one-time 「パスワードを設定する」 link share
    # Django's views: the token hashes the password, so a link works once.
    path(
        "password/forgot/",
        auth_views.PasswordResetView.as_view(
            form_class=ForgotPasswordForm,
            template_name="accounts/password_reset_form.html",
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/forgot/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="accounts/password_reset_done.html",
            extra_context={"timeout_days": settings.PASSWORD_RESET_TIMEOUT // 86400},
        ),
        name="password_reset_done",
    ),
    path(
        "password/set/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/set/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change_form.html",
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
]
