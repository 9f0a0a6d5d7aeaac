"""ActionView: a refused button says why on the page it was pressed on, and never leaves the site."""

from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.test import RequestFactory

from sasaeai.core.form_views import ActionView


class Refusing(ActionView):
    def act(self) -> HttpResponse:
        raise ValidationError({"status": "中止した会議は開催済にできません。"})


class Accepting(ActionView):
    def act(self) -> HttpResponse:
        return HttpResponseRedirect("/done/")


def post(view: type[ActionView], referer: str = "") -> tuple[HttpResponse, list[str]]:
    request = RequestFactory().post("/staff/132012/act/", HTTP_REFERER=referer)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    response = view.as_view()(request)
    return response, [str(m) for m in get_messages(request)]


def test_a_refusal_is_shown_on_the_page_the_button_was_on() -> None:
    response, said = post(Refusing, referer="http://testserver/staff/132012/meetings/3/")
    assert (response.status_code, response["Location"]) == (
        302,
        "http://testserver/staff/132012/meetings/3/",
    )
    assert said == ["中止した会議は開催済にできません。"]


def test_a_refusal_never_sends_the_user_to_another_site() -> None:
    response, _ = post(Refusing, referer="https://evil.example/phish")
    assert response["Location"] == "/"


def test_an_accepted_action_answers_as_the_view_says_and_get_is_not_allowed() -> None:
    response, said = post(Accepting)
    assert (response.status_code, response["Location"], said) == (302, "/done/", [])
    get = Accepting.as_view()(RequestFactory().get("/staff/132012/act/"))
    assert get.status_code == 405
