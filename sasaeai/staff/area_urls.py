"""The 圏域 screens. Their URL names stay in the `areas:` namespace (the areas app routes
nothing: it holds the records, and these screens check permissions with accounts)."""

from django.urls import path

from .views import areas as views
from .views import desks

app_name = "areas"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("areas/", views.AreaListView.as_view(), name="area_list"),
    path("areas/<int:pk>/", views.AreaDetailView.as_view(), name="area_detail"),
    path("areas/new/", views.AreaCreateView.as_view(), name="area_create"),
    path("areas/<int:pk>/edit/", views.AreaEditView.as_view(), name="area_edit"),
    path("areas/<int:pk>/towns/", views.AreaTownsView.as_view(), name="area_towns"),
    path("areas/<int:pk>/retire/", views.AreaRetireView.as_view(), name="area_retire"),
    # 生活支援コーディネーターの連絡先 (issue #26): the edit page also deletes (its 削除 button).
    path("areas/<int:pk>/desks/new/", desks.DeskFormView.as_view(), name="desk_create"),
    path("areas/<int:pk>/desks/<int:desk>/", desks.DeskFormView.as_view(), name="desk_edit"),
]
