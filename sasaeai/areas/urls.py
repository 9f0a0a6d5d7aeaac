from django.urls import path

from . import views

app_name = "areas"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("areas/", views.AreaListView.as_view(), name="area_list"),
    path("areas/<int:pk>/", views.AreaDetailView.as_view(), name="area_detail"),
]
