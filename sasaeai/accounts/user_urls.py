"""「利用者と役割」 under /staff/<lgcode>/users/: the municipal admin only (Perm.MANAGE_USERS)."""

from django.urls import path

from . import user_views as views

app_name = "users"
urlpatterns = [
    path("users/", views.UserListView.as_view(), name="list"),
    path("users/new/", views.UserCreateView.as_view(), name="create"),
    path("users/handover/", views.HandoverView.as_view(), name="handover"),
    path("users/<int:pk>/", views.UserDetailView.as_view(), name="detail"),
    path("users/<int:pk>/created/", views.UserCreatedView.as_view(), name="created"),
    path("users/<int:pk>/roles/new/", views.RoleAddView.as_view(), name="role_add"),
    path(
        "users/<int:pk>/roles/<int:assignment>/end/", views.RoleEndView.as_view(), name="role_end"
    ),
    path(
        "users/<int:pk>/deactivate/",
        views.UserActiveView.as_view(active=False),
        name="deactivate",
    ),
    path(
        "users/<int:pk>/reactivate/",
        views.UserActiveView.as_view(active=True),
        name="reactivate",
    ),
    path(
        "users/<int:pk>/two-factor/reset/",
        views.TwoFactorResetView.as_view(),
        name="two_factor_reset",
    ),
]
