from django.urls import path

from . import network_views, views

app_name = "activities"
urlpatterns = [
    path("activities/", views.ActivityListView.as_view(), name="list"),
    path("activities/new/", views.ActivityCreateView.as_view(), name="create"),
    path("activities/<int:pk>/edit/", views.ActivityEditView.as_view(), name="edit"),
    path("activities/summary/", views.SummaryView.as_view(), name="summary"),
    path("activities/summary.xlsx", views.SummaryExportView.as_view(), name="summary_export"),
    path("connections/", views.ConnectionListView.as_view(), name="connections"),
    path(
        "connections/<int:pk>/status/",
        views.ConnectionStatusView.as_view(),
        name="connection_status",
    ),
    path("network/", network_views.NetworkView.as_view(), name="network"),
]
