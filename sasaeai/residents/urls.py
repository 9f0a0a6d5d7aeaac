"""Staff screens of residents' way in (under /staff/<lgcode>/): the requests' inbox, referrals,
「情報がちがう」 reports and organisers' proposals."""

from django.urls import path

from . import proposal_views, report_views, settings_views, views

app_name = "residents"
urlpatterns: list = [
    path("requests/settings/", settings_views.ResidentSettingsView.as_view(), name="settings"),
    path("requests/", views.InboxView.as_view(), name="inbox"),
    path("requests/new/", views.DeskRequestView.as_view(), name="request_new"),
    path("requests/<int:pk>/", views.RequestPageView.as_view(), name="request"),
    path("requests/<int:pk>/move/", views.RequestMoveView.as_view(), name="request_move"),
    path("requests/<int:pk>/referral/", views.ReferralAddView.as_view(), name="referral_add"),
    path("requests/<int:pk>/erase/", views.RequestEraseView.as_view(), name="request_erase"),
    path("requests/<int:pk>/area/", views.RequestAreaView.as_view(), name="request_area"),
    path("referrals/<int:pk>/settle/", views.ReferralSettleView.as_view(), name="referral_settle"),
    # 「情報がちがう」 reports and organisers' proposals (issue #26, points 7 and 8).
    path("reports/", report_views.ReportListView.as_view(), name="reports"),
    path(
        "reports/<int:pk>/resolve/",
        report_views.ReportResolveView.as_view(),
        name="report_resolve",
    ),
    path("proposals/", proposal_views.ProposalListView.as_view(), name="proposals"),
    path("proposals/<int:pk>/", proposal_views.ProposalView.as_view(), name="proposal"),
]
