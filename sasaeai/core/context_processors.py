from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    """Values every template needs (site name, debug banner)."""
    return {"SITE_NAME": "支え合い", "DEBUG": settings.DEBUG}
