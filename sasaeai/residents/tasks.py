"""The mail to a place's organiser, sent as a background job after the request is stored, so a
slow mail server never holds up a resident's 「送る」."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def mail_organiser(request_pk: int) -> None:
    """One mail to each of the organiser's addresses (never one mail naming them all to each
    other). When none could be sent, the area's coordinators are told, so the person is not
    left waiting for an answer nobody will give."""
    # why: imported here: services enqueues this task.
    from . import services
    from .models import ResidentRequest

    request = ResidentRequest.objects.select_related(
        "municipality", "resource__organization", "volunteer_role", "area"
    ).get(pk=request_pk)
    if request.erased_at is not None:
        return
    subject, text = services.organiser_mail(request)
    sent = 0
    for address in services.organiser_emails(request.resource, request.kind):
        try:
            send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [address])
        except Exception:  # a mail server down must not lose the request, which is stored
            logger.exception("organiser mail for request %s failed", request_pk)
            continue
        sent += 1
    if sent:
        ResidentRequest.objects.filter(pk=request_pk).update(organiser_notified_at=timezone.now())
    else:
        services.notify_coordinators(
            request,
            today=timezone.localdate(),
            key_suffix=":organiser-mail-failed",
            title=_(
                "主催者へのメールが送れませんでした。連絡をお願いします：「%(kind)s」（%(place)s）"
            ),
        )
