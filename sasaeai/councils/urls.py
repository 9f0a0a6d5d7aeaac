from django.urls import path

from . import handovers, member_views, register, support_views, target_views, views

app_name = "councils"
urlpatterns = [
    path("councils/", views.CouncilListView.as_view(), name="list"),
    path("councils/new/", views.CouncilCreateView.as_view(), name="create"),
    path("councils/<int:pk>/", views.CouncilHomeView.as_view(), name="home"),
    path("councils/<int:pk>/settings/", views.CouncilSettingsView.as_view(), name="settings"),
    path("councils/<int:pk>/members/new/", views.MemberAddView.as_view(), name="member_add"),
    path(
        "councils/<int:pk>/meetings/new/", views.MeetingCreateView.as_view(), name="meeting_create"
    ),
    path("councils/<int:pk>/meetings/", views.MeetingListView.as_view(), name="meeting_list"),
    path(
        "councils/<int:pk>/meetings/calendar/",
        views.MeetingCalendarView.as_view(),
        name="meeting_calendar",
    ),
    path("councils/<int:pk>/aims/", views.AimsView.as_view(), name="aims"),
    path(
        "councils/<int:pk>/challenges/",
        views.ChallengeCreateView.as_view(),
        name="challenge_create",
    ),
    path("councils/<int:pk>/groups/", views.GroupCreateView.as_view(), name="group_create"),
    path("councils/<int:pk>/messages/", views.MessageSendView.as_view(), name="message_send"),
    path("meetings/<int:pk>/", views.MeetingView.as_view(), name="meeting"),
    # Each part of the meeting page (record, attendance, decision ...) saves to its own address.
    path(
        "meetings/<int:pk>/parts/<slug:part>/",
        views.MeetingPartView.as_view(),
        name="meeting_part",
    ),
    path(
        "meetings/<int:pk>/<str:document>.pdf",
        views.MeetingDocumentView.as_view(),
        name="meeting_pdf",
    ),
    path("challenges/<int:pk>/escalate/", views.EscalateView.as_view(), name="escalate"),
    # The layer-1 inbox: pass an escalated challenge on (main council ↔ 専門部会), ungroup it.
    path(
        "escalations/<int:pk>/hand-over/",
        handovers.HandOverView.as_view(),
        name="escalation_hand_over",
    ),
    path(
        "escalations/<int:pk>/ungroup/",
        handovers.GroupRemoveView.as_view(),
        name="escalation_ungroup",
    ),
    path(
        "challenges/<int:pk>/status/", views.ChallengeStatusView.as_view(), name="challenge_status"
    ),
    # The register of 地域課題: every challenge of the municipality, and each one's page.
    path("challenges/", register.RegisterView.as_view(), name="challenges"),
    path("challenges/<int:pk>/", register.ChallengeView.as_view(), name="challenge"),
    path(
        "challenges/<int:pk>/priority/",
        register.ChallengePriorityView.as_view(),
        name="challenge_priority",
    ),
    path(
        "meetings/<int:pk>/materials/<int:material>/",
        views.MaterialDownloadView.as_view(),
        name="material",
    ),
    path("challenge-groups/<int:pk>/agenda/", views.GroupAgendaView.as_view(), name="group_agenda"),
    path("challenge-groups/<int:pk>/answer/", views.GroupAnswerView.as_view(), name="group_answer"),
    path("members/<int:pk>/end/", views.MembershipEndView.as_view(), name="member_end"),
    # A member's interests (inside the council) and their printed 「やることの一覧（A4）」.
    path(
        "members/<int:pk>/interests/",
        member_views.MemberInterestsView.as_view(),
        name="member_interests",
    ),
    path("members/<int:pk>/sheet.pdf", member_views.MemberSheetView.as_view(), name="member_sheet"),
    path(
        "councils/<int:pk>/member-sheets.pdf",
        member_views.MemberSheetsView.as_view(),
        name="member_sheets",
    ),
    path("actions/<int:pk>/progress/", views.ActionProgressView.as_view(), name="action_progress"),
    path("my-actions/", views.MyActionsView.as_view(), name="my_actions"),
    path(
        "councils/<int:pk>/calendar/rotate/",
        views.CalendarRotateView.as_view(),
        name="calendar_rotate",
    ),
    path("calendars/<str:token>.ics", views.CalendarView.as_view(), name="calendar"),
    # Layer 1 supports layer 2: the overview, 助言, and 「確認しました」 on a message received.
    path("councils/<int:pk>/overview/", support_views.OverviewView.as_view(), name="overview"),
    path("councils/<int:pk>/advice/", support_views.AdviceWriteView.as_view(), name="advice_write"),
    path(
        "meetings/<int:pk>/advice/",
        support_views.MeetingAdviceView.as_view(),
        name="meeting_advice",
    ),
    path(
        "message-receipts/<int:pk>/read/",
        support_views.MessageReadView.as_view(),
        name="message_read",
    ),
    # A council's targets per 圏域 (shown beside the figures in the analysis).
    path("councils/<int:pk>/targets/", target_views.TargetsView.as_view(), name="targets"),
    path(
        "councils/<int:pk>/targets/<int:target>/remove/",
        target_views.TargetRemoveView.as_view(),
        name="target_remove",
    ),
]
