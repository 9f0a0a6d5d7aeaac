"""The start page, health check, 変更履歴, import and file pages. Their URL names stay in the
`core:` namespace they had when these screens lived in core (core itself routes nothing)."""

from django.urls import path

from .views import (
    access_log,
    files,
    history,
    home,
    import_list,
    imports,
    municipality_settings,
    retention,
)

app_name = "core"
urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    path("health/", home.health, name="health"),
    path(
        "staff/<str:lgcode>/history/<str:model>/<int:pk>/",
        history.HistoryView.as_view(),
        name="history",
    ),
    path(
        "staff/<str:lgcode>/imports/",
        import_list.ImportListView.as_view(),
        name="imports",
    ),
    path(
        "staff/<str:lgcode>/settings/",
        municipality_settings.MunicipalitySettingsView.as_view(),
        name="municipality_settings",
    ),
    path(
        "staff/<str:lgcode>/imports/<str:kind>/new/",
        imports.ImportUploadView.as_view(),
        name="import_upload",
    ),
    path(
        "staff/<str:lgcode>/imports/<int:pk>/",
        imports.ImportPreviewView.as_view(),
        name="import_preview",
    ),
    path(
        "staff/<str:lgcode>/access-log/",
        access_log.AccessLogView.as_view(),
        name="access_log",
    ),
    path(
        "staff/<str:lgcode>/personal-data/retention/",
        retention.RetentionView.as_view(),
        name="personal_data_retention",
    ),
    path(
        "staff/<str:lgcode>/files/<int:pk>/",
        files.GeneratedFileView.as_view(),
        name="generated_file",
    ),
    path(
        "staff/<str:lgcode>/files/<int:pk>/download/",
        files.GeneratedFileDownloadView.as_view(),
        name="generated_file_download",
    ),
]
