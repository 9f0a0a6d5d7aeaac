"""オープンデータ: the public pages (/<lgcode>/opendata/…, no account) and the admin's settings
page (/staff/<lgcode>/opendata/settings/). One module, so the names share one namespace;
included after the portal, whose converter <lgcode> it uses."""

from django.urls import path

from . import api, views

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
    # HSDS 3.1 API (read-only, public): the paths of the standard's openapi.json under one
    # municipality; an id is a string here so that a malformed one gets the JSON 404 too.
    path("api/hsds/<lgcode:lgcode>/", api.MetaView.as_view(), name="hsds_meta"),
    path("api/hsds/<lgcode:lgcode>/services", api.ServiceListView.as_view(), name="hsds_services"),
    path(
        "api/hsds/<lgcode:lgcode>/services/<str:hsds_id>",
        api.ServiceDetailView.as_view(),
        name="hsds_service",
    ),
    path(
        "api/hsds/<lgcode:lgcode>/organizations",
        api.OrganizationListView.as_view(),
        name="hsds_organizations",
    ),
    path(
        "api/hsds/<lgcode:lgcode>/organizations/<str:hsds_id>",
        api.OrganizationDetailView.as_view(),
        name="hsds_organization",
    ),
    path(
        "api/hsds/<lgcode:lgcode>/service_at_locations",
        api.ServiceAtLocationListView.as_view(),
        name="hsds_service_at_locations",
    ),
    path(
        "api/hsds/<lgcode:lgcode>/service_at_locations/<str:hsds_id>",
        api.ServiceAtLocationDetailView.as_view(),
        name="hsds_service_at_location",
    ),
    path(
        "api/hsds/<lgcode:lgcode>/taxonomies",
        api.TaxonomyListView.as_view(),
        name="hsds_taxonomies",
    ),
    path(
        "api/hsds/<lgcode:lgcode>/taxonomy_terms",
        api.TaxonomyTermListView.as_view(),
        name="hsds_taxonomy_terms",
    ),
]
