"""The application's URLs plus the framework floor: a constant response through the same
middleware (sessions, authentication, login required, CSRF, messages, history)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as application


def constant(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/constant/", constant), *application]
