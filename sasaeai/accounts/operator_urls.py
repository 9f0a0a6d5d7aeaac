"""The site operator's screens (superusers only: `permissions.OperatorRequiredMixin`)."""

from django.urls import path

from . import views

app_name = "operator"
urlpatterns = [
    path("municipalities/", views.MunicipalityListView.as_view(), name="municipalities"),
    path("municipalities/<str:code>/start/", views.StartView.as_view(), name="start"),
    path("municipalities/<str:code>/started/", views.StartedView.as_view(), name="started"),
    path("unions/new/", views.UnionCreateView.as_view(), name="union_create"),
]
