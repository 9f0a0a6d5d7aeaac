from django.urls import path

from .views import (
    contacts,
    duplicates,
    exports,
    locations,
    organizations,
    registry_settings,
    resources,
    roles,
    sheets,
)

app_name = "resources"
urlpatterns = [
    path("resources/", resources.ResourceListView.as_view(), name="list"),
    path("resources/new/", resources.ResourceFormView.as_view(), name="create"),
    path("resources/bulk/", resources.BulkActionView.as_view(), name="bulk"),
    path("resources/export/hsds.json", exports.HsdsExportView.as_view(), name="export_hsds"),
    path("resources/export/", exports.FlatExportView.as_view(), name="export_flat"),
    path(
        "resources/export/standard/", exports.StandardExportView.as_view(), name="export_standard"
    ),
    path("resources/duplicates/", duplicates.DuplicateListView.as_view(), name="duplicates"),
    path("resources/<int:pk>/", resources.ResourceDetailView.as_view(), name="detail"),
    path("resources/<int:pk>/merge/<int:other>/", duplicates.MergeView.as_view(), name="merge"),
    path("resources/<int:pk>/edit/", resources.ResourceFormView.as_view(), name="edit"),
    path("resources/<int:pk>/verify/", resources.VerifyView.as_view(), name="verify"),
    path(
        "resources/<int:pk>/review-clear/",
        resources.ReviewClearView.as_view(),
        name="review_clear",
    ),
    path(
        "resources/<int:pk>/contacts/new/",
        contacts.ContactFormView.as_view(),
        name="contact_create",
    ),
    path(
        "resources/<int:pk>/contacts/<int:contact>/",
        contacts.ContactFormView.as_view(),
        name="contact_edit",
    ),
    # 担い手募集 (issue #26, point 5): the roles a resource asks residents to take on.
    path("resources/<int:pk>/roles/new/", roles.RoleFormView.as_view(), name="role_create"),
    path("resources/<int:pk>/roles/<int:role>/", roles.RoleFormView.as_view(), name="role_edit"),
    path(
        "resources/<int:pk>/roles/<int:role>/close/",
        roles.RoleCloseView.as_view(),
        name="role_close",
    ),
    path("organizations/", organizations.OrganizationListView.as_view(), name="organization_list"),
    path(
        "organizations/new/",
        organizations.OrganizationFormView.as_view(),
        name="organization_create",
    ),
    path(
        "organizations/<int:pk>/edit/",
        organizations.OrganizationFormView.as_view(),
        name="organization_edit",
    ),
    path("resources/settings/", registry_settings.RegistrySettingsView.as_view(), name="settings"),
    path("venues/", locations.LocationListView.as_view(), name="location_list"),
    path("venues/new/", locations.LocationFormView.as_view(), name="location_create"),
    path("venues/<int:pk>/edit/", locations.LocationFormView.as_view(), name="location_edit"),
    path("resources/<int:pk>/sheet.pdf", sheets.SheetView.as_view(), name="sheet"),
    path("resources/sheets/", sheets.SheetBatchView.as_view(), name="sheet_batch"),
]
