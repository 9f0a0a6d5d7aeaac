from django.urls import path

from . import views

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
    path(
        "challenges/<int:pk>/status/", views.ChallengeStatusView.as_view(), name="challenge_status"
    ),
    path(
        "meetings/<int:pk>/materials/<int:material>/",
        views.MaterialDownloadView.as_view(),
        name="material",
    ),
    path("challenge-groups/<int:pk>/agenda/", views.GroupAgendaView.as_view(), name="group_agenda"),
    path("challenge-groups/<int:pk>/answer/", views.GroupAnswerView.as_view(), name="group_answer"),
    path("members/<int:pk>/end/", views.MembershipEndView.as_view(), name="member_end"),
    path("actions/<int:pk>/progress/", views.ActionProgressView.as_view(), name="action_progress"),
    path("my-actions/", views.MyActionsView.as_view(), name="my_actions"),
    path(
        "councils/<int:pk>/calendar/rotate/",
        views.CalendarRotateView.as_view(),
        name="calendar_rotate",
    ),
    path("calendars/<str:token>.ics", views.CalendarView.as_view(), name="calendar"),
]
