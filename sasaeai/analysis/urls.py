from django.urls import path

from . import views

app_name = "analysis"
urlpatterns = [
    path("analysis/", views.OverviewView.as_view(), name="overview"),
    path("analysis/matrix/", views.MatrixView.as_view(), name="matrix"),
    path("analysis/matrix/<int:area>/<str:category>/", views.CellView.as_view(), name="cell"),
    path("analysis/ranking/", views.RankingView.as_view(), name="ranking"),
    path("analysis/areas/<int:area>/", views.KarteView.as_view(), name="karte"),
    path("analysis/areas/<int:area>/pdf/", views.KartePdfView.as_view(), name="karte_pdf"),
    path(
        "analysis/areas/<int:area>/challenge/",
        views.GapChallengeView.as_view(),
        name="gap_challenge",
    ),
    path("analysis/export.xlsx", views.ExportView.as_view(), name="export"),
    path("analysis/settings/", views.AnalysisSettingsView.as_view(), name="settings"),
]
