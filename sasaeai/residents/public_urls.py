"""Residents' and organisers' pages (no account): 「行ってみたい」「手伝いたい」「相談したい」, 「情報が
ちがう」, and the organiser's signed link from a 確認票."""

from django.urls import path

from . import organiser_views, public_views, report_views

app_name = "residents_public"
urlpatterns = [
    path("<lgcode:lgcode>/request/", public_views.RequestView.as_view(), name="request"),
    path(
        "<lgcode:lgcode>/request/done/",
        public_views.RequestDoneView.as_view(),
        name="request_done",
    ),
    # 「情報がちがう」 under a place's page (issue #26, point 7).
    path(
        "<lgcode:lgcode>/places/<int:pk>/report/",
        report_views.ReportView.as_view(),
        name="report",
    ),
    path(
        "<lgcode:lgcode>/places/<int:pk>/report/done/",
        report_views.ReportDoneView.as_view(),
        name="report_done",
    ),
    # The organiser's signed link from a 確認票 (point 8).
    path("o/<str:token>/", organiser_views.OrganiserView.as_view(), name="organiser"),
]
