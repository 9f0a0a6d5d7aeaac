"""The participants' address, /d/<key>/ (config/urls.py mounts it at the root): short enough to
type from a projected slide. Open without an account; the key is the only way in."""

from django.urls import path

from . import public_views

app_name = "dialogues_public"
urlpatterns = [
    path("<str:key>/", public_views.WriteView.as_view(), name="write"),
]
