from django.urls import path

from . import edit_views, views

app_name = "plans"
urlpatterns = [
    path("plans/", views.PlanListView.as_view(), name="list"),
    path("plans/new/", edit_views.PlanFormView.as_view(), name="plan_create"),
    path("plans/<int:pk>/edit/", edit_views.PlanFormView.as_view(), name="plan_edit"),
    path(
        "plans/<int:plan>/measures/new/",
        edit_views.MeasureFormView.as_view(),
        name="measure_create",
    ),
    path("measures/<int:pk>/edit/", edit_views.MeasureFormView.as_view(), name="measure_edit"),
    path(
        "measures/<int:measure>/indicators/new/",
        edit_views.IndicatorFormView.as_view(),
        name="indicator_create",
    ),
    path(
        "indicators/<int:pk>/edit/", edit_views.IndicatorFormView.as_view(), name="indicator_edit"
    ),
    path("newsletters/", edit_views.NewsletterListView.as_view(), name="newsletters"),
    path("newsletters/new/", edit_views.NewsletterFormView.as_view(), name="newsletter_create"),
    path(
        "newsletters/<int:pk>/file/",
        edit_views.NewsletterFileView.as_view(),
        name="newsletter_file",
    ),
    path("plans/standard-amount/units/", edit_views.UnitFormView.as_view(), name="unit_create"),
    path("plans/<int:pk>/", views.PlanView.as_view(), name="detail"),
    path("plans/<int:pk>/reports/", views.AnnualReportIssueView.as_view(), name="report_issue"),
    path(
        "plans/<int:pk>/reports/<int:year>.<str:format>",
        views.AnnualReportFileView.as_view(),
        name="report_file",
    ),
    path("indicators/<int:pk>/values/", views.IndicatorValueView.as_view(), name="indicator_value"),
    path("plans/standard-amount/", views.StandardAmountView.as_view(), name="standard_amount"),
    path("plans/survey-return/", views.SurveyReturnView.as_view(), name="survey_return"),
]
