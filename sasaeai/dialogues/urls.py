"""The facilitator's screens, mounted under staff/<lgcode>/ (config/urls.py). Every form of the
board posts to an address of its own and comes back to the board."""

from django.urls import path

from . import agreement_views, public_views, views

app_name = "dialogues"
urlpatterns = [
    path("meetings/<int:pk>/dialogues/new/", views.DialogueCreateView.as_view(), name="create"),
    path("dialogues/<int:pk>/", views.BoardView.as_view(), name="board"),
    path("dialogues/<int:pk>/status/", views.StatusView.as_view(), name="status"),
    path("dialogues/<int:pk>/settings/", views.SettingsView.as_view(), name="settings"),
    path("dialogues/<int:pk>/cards/", views.CardAddView.as_view(), name="card_add"),
    path("dialogues/<int:pk>/cards/paste/", views.PasteView.as_view(), name="cards_paste"),
    path("dialogues/<int:pk>/cards/move/", views.CardMoveView.as_view(), name="card_move"),
    path("dialogues/<int:pk>/cards/hide/", views.CardHideView.as_view(), name="card_hide"),
    path("dialogues/<int:pk>/cards/show/", views.CardShowView.as_view(), name="card_show"),
    path("dialogues/<int:pk>/groups/suggest/", views.SuggestView.as_view(), name="groups_suggest"),
    path("dialogues/<int:pk>/groups/merge/", views.GroupsMergeView.as_view(), name="groups_merge"),
    path("dialogues/<int:pk>/groups/rename/", views.GroupRenameView.as_view(), name="group_rename"),
    path(
        "dialogues/<int:pk>/groups/challenge/",
        views.GroupChallengeView.as_view(),
        name="group_challenge",
    ),
    # The agreement round (issue #25 point 4): each group's statement, open/close, the results.
    path(
        "dialogues/<int:pk>/groups/statement/",
        agreement_views.StatementView.as_view(),
        name="group_statement",
    ),
    path(
        "dialogues/<int:pk>/agreement/open/",
        agreement_views.AgreementOpenView.as_view(),
        name="agreement_open",
    ),
    path(
        "dialogues/<int:pk>/agreement/close/",
        agreement_views.AgreementCloseView.as_view(),
        name="agreement_close",
    ),
    path("dialogues/<int:pk>/agreement/", agreement_views.ResultsView.as_view(), name="agreement"),
    # The participants' address as a QR code (made beside the participants' page).
    path("dialogues/<int:pk>/qr.svg", public_views.QrView.as_view(), name="qr"),
]

# ストーリー探し: the stories page and its forms (story_views.py).
from . import story_views  # noqa: E402

urlpatterns += [
    path("dialogues/<int:pk>/stories/", story_views.StoriesView.as_view(), name="stories"),
    path(
        "dialogues/<int:pk>/stories/new/",
        story_views.StoryCreateView.as_view(),
        name="story_create",
    ),
    path(
        "dialogues/<int:pk>/stories/edit/",
        story_views.StoryUpdateView.as_view(),
        name="story_update",
    ),
    path(
        "dialogues/<int:pk>/stories/delete/",
        story_views.StoryDeleteView.as_view(),
        name="story_delete",
    ),
    path(
        "dialogues/<int:pk>/stories/challenge/",
        story_views.StoryToChallengeView.as_view(),
        name="story_challenge",
    ),
    path(
        "dialogues/<int:pk>/stories/action/",
        story_views.StoryToActionView.as_view(),
        name="story_action",
    ),
    path(
        "dialogues/<int:pk>/stories/connection/",
        story_views.StoryToConnectionView.as_view(),
        name="story_connection",
    ),
    path(
        "dialogues/<int:pk>/stories/project/",
        story_views.StoryToProjectView.as_view(),
        name="story_project",
    ),
]

# The outputs (cards as xlsx, the A3 PDF, the summary into the minutes): output_urls.py.
from .output_urls import urlpatterns as output_patterns  # noqa: E402

urlpatterns += output_patterns
