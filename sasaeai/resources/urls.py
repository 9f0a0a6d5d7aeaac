from django.urls import path

from . import views

app_name = "resources"
urlpatterns = [
    path("resources/", views.ResourceListView.as_view(), name="list"),
    path("resources/new/", views.ResourceFormView.as_view(), name="create"),
    path("resources/bulk/", views.BulkActionView.as_view(), name="bulk"),
    path("resources/<int:pk>/", views.ResourceDetailView.as_view(), name="detail"),
    path("resources/<int:pk>/edit/", views.ResourceFormView.as_view(), name="edit"),
    path("resources/<int:pk>/verify/", views.VerifyView.as_view(), name="verify"),
    path("venues/", views.LocationListView.as_view(), name="location_list"),
    path("venues/new/", views.LocationFormView.as_view(), name="location_create"),
    path("venues/<int:pk>/edit/", views.LocationFormView.as_view(), name="location_edit"),
]
