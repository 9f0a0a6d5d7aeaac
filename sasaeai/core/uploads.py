"""Refusing an oversized upload before it is read (issue #20, hole 15).

Django reads a whole multipart body (into memory, then a temporary file) the first time anything
touches request.POST, which the CSRF check does before any view runs; a form can only say
「大きすぎます」 after the last byte arrived. This middleware looks at Content-Length alone, before
every view and before the CSRF check reads the body: over UPLOAD_MAX_BYTES plus room for the
form's other fields, nothing is read or saved and the user is sent back to the page the form is
on, which shows the limit. Each form still checks its own file's size, which may be smaller.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _

from sasaeai.core.form_views import on_this_site

MB = 1024 * 1024
# The other fields of a form with a file (CSRF token, title, the multipart headers).
FORM_FIELDS_ROOM = 1 * MB


def declared_length(request: HttpRequest) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


class UploadLimitMiddleware:
    """Placed after MessageMiddleware (the refusal is a message); runs before any view."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = declared_length(request)
        if request.method == "POST" and length > settings.UPLOAD_MAX_BYTES + FORM_FIELDS_ROOM:
            return self.refuse(request, length)
        return self.get_response(request)

    def refuse(self, request: HttpRequest, length: int) -> HttpResponse:
        messages.error(
            request,
            _(
                "ファイルが大きすぎるため受け付けませんでした（約%(size)sMB）。"
                "選べるファイルは%(limit)sMBまでです。何も保存していません。"
            )
            % {
                "size": f"{length / MB:,.0f}",
                "limit": f"{settings.UPLOAD_MAX_BYTES / MB:,.0f}",
            },
        )
        back = on_this_site(request, request.META.get("HTTP_REFERER", ""), request.path)
        # 303: the browser comes back with GET, and does not offer to send the file again.
        response = HttpResponseRedirect(back)
        response.status_code = 303
        return response
