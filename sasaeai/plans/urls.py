from django.urls import path

from . import edit_views, project_views, views

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
    path("projects/", project_views.ProjectBoardView.as_view(), name="project_board"),
    path("projects/new/", project_views.ProjectCreateView.as_view(), name="project_create"),
    path("projects/<int:pk>/", project_views.ProjectDetailView.as_view(), name="project_detail"),
    path("projects/<int:pk>/edit/", project_views.ProjectEditView.as_view(), name="project_edit"),
    path("projects/<int:pk>/stage/", project_views.StageChangeView.as_view(), name="project_stage"),
    path(
        "projects/<int:pk>/partners/",
        project_views.PartnerAddView.as_view(),
        name="project_partner_add",
    ),
    path(
        "projects/<int:pk>/partners/remove/",
        project_views.PartnerRemoveView.as_view(),
        name="project_partner_remove",
    ),
    path(
        "projects/<int:pk>/resources/",
        project_views.ResourceLinkView.as_view(),
        name="project_resource_link",
    ),
    path(
        "projects/<int:pk>/resources/remove/",
        project_views.ResourceUnlinkView.as_view(),
        name="project_resource_unlink",
    ),
    path(
        "projects/<int:pk>/hypotheses/",
        project_views.HypothesisAddView.as_view(),
        name="project_hypothesis_add",
    ),
    path(
        "projects/<int:pk>/hypotheses/result/",
        project_views.HypothesisResultView.as_view(),
        name="project_hypothesis_result",
    ),
    path(
        "projects/<int:pk>/milestones/",
        project_views.MilestoneAddView.as_view(),
        name="project_milestone_add",
    ),
    path(
        "projects/<int:pk>/milestones/done/",
        project_views.MilestoneDoneView.as_view(),
        name="project_milestone_done",
    ),
    path("projects/<int:pk>/budget/", project_views.BudgetSetView.as_view(), name="project_budget"),
    path(
        "projects/<int:pk>/indicators/",
        project_views.IndicatorAddView.as_view(),
        name="project_indicator_add",
    ),
    path(
        "projects/<int:pk>/indicators/actual/",
        project_views.IndicatorActualView.as_view(),
        name="project_indicator_actual",
    ),
]
