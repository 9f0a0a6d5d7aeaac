"""The unread count in the header of every staff page of a municipality."""

from functools import cache
from typing import Any

from django.http import HttpRequest

from .models import Notice


def notices(request: HttpRequest) -> dict[str, Any]:
    """`notice_count`, counted once and only when a template shows it (a PDF, a redirect or a
    public page asks nothing). The municipality is the one in the address (staff/<lgcode>/)."""
    match = getattr(request, "resolver_match", None)
    code = match.kwargs.get("lgcode") if match else None
    user = getattr(request, "user", None)
    if not code or user is None or not user.is_authenticated:
        return {}

    @cache
    def count() -> int:
        return Notice.objects.unread().filter(user=user, municipality__code=code).count()

    return {"notice_count": count}
