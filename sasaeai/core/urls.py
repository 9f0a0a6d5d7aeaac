from django.urls import path

from . import file_views, import_views, views

app_name = "core"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("health/", views.health, name="health"),
    path(
        "staff/<str:lgcode>/history/<str:model>/<int:pk>/",
        views.HistoryView.as_view(),
        name="history",
    ),
    path(
        "staff/<str:lgcode>/imports/<str:kind>/new/",
        import_views.ImportUploadView.as_view(),
        name="import_upload",
    ),
    path(
        "staff/<str:lgcode>/imports/<int:pk>/",
        import_views.ImportPreviewView.as_view(),
        name="import_preview",
    ),
    path(
        "staff/<str:lgcode>/files/<int:pk>/",
        file_views.GeneratedFileView.as_view(),
        name="generated_file",
    ),
    path(
        "staff/<str:lgcode>/files/<int:pk>/download/",
        file_views.GeneratedFileDownloadView.as_view(),
        name="generated_file_download",
    ),
]
