"""オープンデータ: the public pages (/<lgcode>/opendata/…, no account) and the admin's settings
page (/staff/<lgcode>/opendata/settings/). One module, so the names share one namespace;
included after the portal, whose converter <lgcode> it uses."""

from django.urls import path

from . import views

app_name = "opendata"
urlpatterns = [
    path(
        "staff/<str:lgcode>/opendata/settings/",
        views.OpenDataSettingsView.as_view(),
        name="settings",
    ),
    path("<lgcode:lgcode>/opendata/", views.OpenDataPageView.as_view(), name="page"),
    path("<lgcode:lgcode>/opendata/catalog.json", views.CatalogView.as_view(), name="catalog"),
    path("<lgcode:lgcode>/opendata/<str:filename>", views.OpenDataFileView.as_view(), name="file"),
]
