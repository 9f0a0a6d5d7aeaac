from django.urls import path

from .views import challenges, councils, layer1, meetings, members, targets

app_name = "councils"
urlpatterns = [
    path("councils/", councils.CouncilListView.as_view(), name="list"),
    path("councils/new/", councils.CouncilCreateView.as_view(), name="create"),
    path("councils/<int:pk>/", councils.CouncilHomeView.as_view(), name="home"),
    path("councils/<int:pk>/settings/", councils.CouncilSettingsView.as_view(), name="settings"),
    path("councils/<int:pk>/members/new/", members.MemberAddView.as_view(), name="member_add"),
    path(
        "councils/<int:pk>/meetings/new/",
        meetings.MeetingCreateView.as_view(),
        name="meeting_create",
    ),
    path("councils/<int:pk>/meetings/", meetings.MeetingListView.as_view(), name="meeting_list"),
    path(
        "councils/<int:pk>/meetings/calendar/",
        meetings.MeetingCalendarView.as_view(),
        name="meeting_calendar",
    ),
    path("councils/<int:pk>/aims/", councils.AimsView.as_view(), name="aims"),
    path(
        "councils/<int:pk>/challenges/",
        challenges.ChallengeCreateView.as_view(),
        name="challenge_create",
    ),
    path("councils/<int:pk>/groups/", challenges.GroupCreateView.as_view(), name="group_create"),
    path("councils/<int:pk>/messages/", layer1.MessageSendView.as_view(), name="message_send"),
    path("meetings/<int:pk>/", meetings.MeetingView.as_view(), name="meeting"),
    # Each part of the meeting page (record, attendance, decision ...) saves to its own address.
    path(
        "meetings/<int:pk>/parts/<slug:part>/",
        meetings.MeetingPartView.as_view(),
        name="meeting_part",
    ),
    path(
        "meetings/<int:pk>/<str:document>.pdf",
        meetings.MeetingDocumentView.as_view(),
        name="meeting_pdf",
    ),
    path("challenges/<int:pk>/escalate/", challenges.EscalateView.as_view(), name="escalate"),
    # The layer-1 inbox: pass an escalated challenge on (main council ↔ 専門部会), ungroup it.
    path(
        "escalations/<int:pk>/hand-over/",
        challenges.HandOverView.as_view(),
        name="escalation_hand_over",
    ),
    path(
        "escalations/<int:pk>/ungroup/",
        challenges.GroupRemoveView.as_view(),
        name="escalation_ungroup",
    ),
    path(
        "challenges/<int:pk>/status/",
        challenges.ChallengeStatusView.as_view(),
        name="challenge_status",
    ),
    # The register of 地域課題: every challenge of the municipality, and each one's page.
    path("challenges/", challenges.RegisterView.as_view(), name="challenges"),
    path("challenges/<int:pk>/", challenges.ChallengeView.as_view(), name="challenge"),
    path(
        "challenges/<int:pk>/priority/",
        challenges.ChallengePriorityView.as_view(),
        name="challenge_priority",
    ),
    path(
        "meetings/<int:pk>/materials/<int:material>/",
        meetings.MaterialDownloadView.as_view(),
        name="material",
    ),
    path(
        "challenge-groups/<int:pk>/agenda/",
        challenges.GroupAgendaView.as_view(),
        name="group_agenda",
    ),
    path(
        "challenge-groups/<int:pk>/answer/",
        challenges.GroupAnswerView.as_view(),
        name="group_answer",
    ),
    path("members/<int:pk>/end/", members.MembershipEndView.as_view(), name="member_end"),
    # A member's interests (inside the council) and their printed 「やることの一覧（A4）」.
    path(
        "members/<int:pk>/interests/",
        members.MemberInterestsView.as_view(),
        name="member_interests",
    ),
    path("members/<int:pk>/sheet.pdf", members.MemberSheetView.as_view(), name="member_sheet"),
    path(
        "councils/<int:pk>/member-sheets.pdf",
        members.MemberSheetsView.as_view(),
        name="member_sheets",
    ),
    path(
        "actions/<int:pk>/progress/", members.ActionProgressView.as_view(), name="action_progress"
    ),
    path("my-actions/", members.MyActionsView.as_view(), name="my_actions"),
    path(
        "councils/<int:pk>/calendar/rotate/",
        councils.CalendarRotateView.as_view(),
        name="calendar_rotate",
    ),
    path("calendars/<str:token>.ics", councils.CalendarView.as_view(), name="calendar"),
    # Layer 1 supports layer 2: the overview, 助言, and 「確認しました」 on a message received.
    path("councils/<int:pk>/overview/", layer1.OverviewView.as_view(), name="overview"),
    path("councils/<int:pk>/advice/", layer1.AdviceWriteView.as_view(), name="advice_write"),
    path(
        "meetings/<int:pk>/advice/",
        layer1.MeetingAdviceView.as_view(),
        name="meeting_advice",
    ),
    path(
        "message-receipts/<int:pk>/read/",
        layer1.MessageReadView.as_view(),
        name="message_read",
    ),
    # A council's targets per 圏域 (shown beside the figures in the analysis).
    path("councils/<int:pk>/targets/", targets.TargetsView.as_view(), name="targets"),
    path(
        "councils/<int:pk>/targets/<int:target>/remove/",
        targets.TargetRemoveView.as_view(),
        name="target_remove",
    ),
]
