from django.urls import path

from . import views

app_name = "notices"
urlpatterns = [
    path("notices/", views.InboxView.as_view(), name="inbox"),
    path("notices/<int:pk>/", views.NoticeOpenView.as_view(), name="open"),
    path("notices/read/", views.MarkReadView.as_view(), name="mark_read"),
    path("notices/settings/", views.NoticeSettingsView.as_view(), name="settings"),
]
