from django.urls import path

from . import views

app_name = "analysis"
urlpatterns = [
    path("analysis/settings/", views.AnalysisSettingsView.as_view(), name="settings"),
]
