from django.urls import path

from . import sheet_views, views

app_name = "resources"
urlpatterns = [
    path("resources/", views.ResourceListView.as_view(), name="list"),
    path("resources/new/", views.ResourceFormView.as_view(), name="create"),
    path("resources/bulk/", views.BulkActionView.as_view(), name="bulk"),
    path("resources/export/hsds.json", views.HsdsExportView.as_view(), name="export_hsds"),
    path("resources/export/", views.FlatExportView.as_view(), name="export_flat"),
    path("resources/export/standard/", views.StandardExportView.as_view(), name="export_standard"),
    path("resources/duplicates/", views.DuplicateListView.as_view(), name="duplicates"),
    path("resources/<int:pk>/", views.ResourceDetailView.as_view(), name="detail"),
    path("resources/<int:pk>/merge/<int:other>/", views.MergeView.as_view(), name="merge"),
    path("resources/<int:pk>/edit/", views.ResourceFormView.as_view(), name="edit"),
    path("resources/<int:pk>/verify/", views.VerifyView.as_view(), name="verify"),
    path(
        "resources/<int:pk>/contacts/new/", views.ContactFormView.as_view(), name="contact_create"
    ),
    path(
        "resources/<int:pk>/contacts/<int:contact>/",
        views.ContactFormView.as_view(),
        name="contact_edit",
    ),
    path("organizations/", views.OrganizationListView.as_view(), name="organization_list"),
    path("organizations/new/", views.OrganizationFormView.as_view(), name="organization_create"),
    path(
        "organizations/<int:pk>/edit/",
        views.OrganizationFormView.as_view(),
        name="organization_edit",
    ),
    path("resources/settings/", views.RegistrySettingsView.as_view(), name="settings"),
    path("venues/", views.LocationListView.as_view(), name="location_list"),
    path("venues/new/", views.LocationFormView.as_view(), name="location_create"),
    path("venues/<int:pk>/edit/", views.LocationFormView.as_view(), name="location_edit"),
    path("resources/<int:pk>/sheet.pdf", sheet_views.SheetView.as_view(), name="sheet"),
    path("resources/sheets/", sheet_views.SheetBatchView.as_view(), name="sheet_batch"),
]
