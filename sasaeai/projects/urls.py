"""The projects' screens, under the same paths as when they were part of plans
(/staff/<code>/projects/...)."""

from django.urls import path

from . import views

app_name = "projects"
urlpatterns = [
    path("projects/", views.ProjectBoardView.as_view(), name="board"),
    path("projects/new/", views.ProjectCreateView.as_view(), name="create"),
    path("projects/<int:pk>/", views.ProjectDetailView.as_view(), name="detail"),
    path("projects/<int:pk>/edit/", views.ProjectEditView.as_view(), name="edit"),
    path("projects/<int:pk>/stage/", views.StageChangeView.as_view(), name="stage"),
    path(
        "projects/<int:pk>/partners/",
        views.PartnerAddView.as_view(),
        name="partner_add",
    ),
    path(
        "projects/<int:pk>/partners/remove/",
        views.PartnerRemoveView.as_view(),
        name="partner_remove",
    ),
    path(
        "projects/<int:pk>/resources/",
        views.ResourceLinkView.as_view(),
        name="resource_link",
    ),
    path(
        "projects/<int:pk>/resources/remove/",
        views.ResourceUnlinkView.as_view(),
        name="resource_unlink",
    ),
    path(
        "projects/<int:pk>/hypotheses/",
        views.HypothesisAddView.as_view(),
        name="hypothesis_add",
    ),
    path(
        "projects/<int:pk>/hypotheses/result/",
        views.HypothesisResultView.as_view(),
        name="hypothesis_result",
    ),
    path(
        "projects/<int:pk>/milestones/",
        views.MilestoneAddView.as_view(),
        name="milestone_add",
    ),
    path(
        "projects/<int:pk>/milestones/done/",
        views.MilestoneDoneView.as_view(),
        name="milestone_done",
    ),
    path("projects/<int:pk>/budget/", views.BudgetSetView.as_view(), name="budget"),
    path(
        "projects/<int:pk>/indicators/",
        views.IndicatorAddView.as_view(),
        name="indicator_add",
    ),
    path(
        "projects/<int:pk>/indicators/actual/",
        views.IndicatorActualView.as_view(),
        name="indicator_actual",
    ),
]
