"""Writes of お知らせ: one notice per user and event, opened or read in bulk, a daily mail.

Apps above this one create notices with `notify` when something happens (an issue escalated,
an action assigned) and register a daily scan with `register_scan` for what a date brings (an
action overdue, a meeting in three days); core's background jobs reach `job_ended_notice`
through core.signals.job_ended.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sasaeai.core.history import history_user

from .constants import NoticeKind
from .models import DigestSent, Notice, NoticeSettings

logger = logging.getLogger(__name__)


def notify(
    *,
    users: Iterable[Any],
    municipality: Any,
    kind: str,
    key: str,
    title: str,
    url: str,
    body: str = "",
) -> list[Notice]:
    """One notice per user for the event (kind, key); a user who already has it (the same
    event noticed before, even read) gets nothing new. Returns the notices created."""
    if kind not in NoticeKind.values:
        raise ValueError(f"unknown notice kind: {kind!r}")
    wanted = {user.pk: user for user in users if user is not None and user.is_active}
    if not wanted:
        return []
    have = set(
        Notice.objects.filter(user_id__in=wanted, kind=kind, key=key).values_list(
            "user_id", flat=True
        )
    )
    now = timezone.now()
    created = []
    for user_id in sorted(set(wanted) - have):
        try:
            # One row at a time in its own savepoint: two workers noticing the same event at
            # once both try, the unique constraint keeps one.
            with transaction.atomic():
                created.append(
                    Notice.objects.create(
                        municipality=municipality,
                        user_id=user_id,
                        kind=kind,
                        key=key,
                        title=title[:300],
                        body=body,
                        url=url,
                        created_at=now,
                    )
                )
        except IntegrityError:
            continue
    return created


@dataclass(frozen=True)
class NoticeDraft:
    """One notice for `notify_many`: a scan that tells many users at once."""

    user_id: int
    municipality_id: int
    kind: str
    key: str
    title: str
    url: str
    body: str = ""


def notify_many(*, drafts: Iterable[NoticeDraft]) -> int:
    """`notify` for many users and events in three queries, however many: inactive users and
    the (user, kind, key) already noticed are left out. Returns how many were created."""
    drafts = list(drafts)
    if any(d.kind not in NoticeKind.values for d in drafts):
        raise ValueError("unknown notice kind")
    if not drafts:
        return 0
    active = set(
        get_user_model()
        .objects.filter(pk__in={d.user_id for d in drafts}, is_active=True)
        .values_list("pk", flat=True)
    )
    have = set(
        Notice.objects.filter(
            user_id__in=active,
            kind__in={d.kind for d in drafts},
            key__in={d.key for d in drafts},
        ).values_list("user_id", "kind", "key")
    )
    now = timezone.now()
    new: dict[tuple[int, str, str], Notice] = {}
    for d in drafts:
        event = (d.user_id, d.kind, d.key)
        if d.user_id in active and event not in have and event not in new:
            new[event] = Notice(
                user_id=d.user_id,
                municipality_id=d.municipality_id,
                kind=d.kind,
                key=d.key,
                title=d.title[:300],
                url=d.url,
                body=d.body,
                created_at=now,
            )
    # ignore_conflicts: a notice another worker made a moment ago is kept, not an error.
    Notice.objects.bulk_create(new.values(), ignore_conflicts=True)
    return len(new)


def notice_open(*, notice: Notice, user: Any) -> Notice:
    """The user opens a notice of theirs: it is read from now on."""
    if notice.user_id != user.pk:
        raise PermissionError("not the user's notice")
    if notice.read_at is None:
        notice.read_at = timezone.now()
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=notice.read_at)
    return notice


def notices_mark_read(*, user: Any, municipality: Any, ids: Iterable[int] | None = None) -> int:
    """Mark the user's unread notices in the municipality read (those of `ids` only, when
    given). Returns how many were marked."""
    unread = Notice.objects.unread().filter(user=user, municipality=municipality)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())


def settings_of(user: Any) -> NoticeSettings:
    """The user's choices for the mail (the defaults, unsaved, when none were made)."""
    found = NoticeSettings.objects.filter(user=user).first()
    return found or NoticeSettings(user=user)


@transaction.atomic
def settings_save(*, user: Any, digest: bool, mail_kinds: Iterable[str]) -> NoticeSettings:
    """Save the user's choices: the daily mail on or off, and the kinds it lists."""
    known = set(NoticeKind.values)
    chosen = set(mail_kinds)
    unknown = chosen - known
    if unknown:
        raise ValidationError(
            {
                "mail_kinds": _("メールに載せるお知らせに、ない種類（%(kinds)s）が選ばれています。")
                % {"kinds": "、".join(sorted(unknown))}
            }
        )
    # One write (one history row), attributed to the user.
    with history_user(user):
        row, _created = NoticeSettings.objects.update_or_create(
            user=user, defaults={"digest": bool(digest), "mail_muted": sorted(known - chosen)}
        )
    return row


# --- 処理の終了 (core.signals.job_ended) ----------------------------------------------------

# Lazy: translated when a notice is made, not when the module is imported.
IMPORT_STEPS = {
    "preview": (
        gettext_lazy("取込ファイルの読み込みが終わりました"),
        gettext_lazy("取込ファイルを読み込めませんでした"),
    ),
    "commit": (gettext_lazy("取込が終わりました"), gettext_lazy("取込ができませんでした")),
    "undo": (gettext_lazy("取込を元に戻しました"), gettext_lazy("取込を元に戻せませんでした")),
}


def job_ended_notice(sender: Any, *, user: Any, signal: Any = None, **ended: Any) -> None:
    """The one who asked for a background job is told it ended (core.signals.job_ended; a job
    nobody asked for, such as a public handout made for the portal, tells no one). A notice
    that cannot be made is logged, never raised: the job itself did its work."""
    if user is None:
        return
    try:
        job_notify(user=user, **ended)
    except Exception:
        logger.exception("notice of the end of %s %s not made", ended.get("job"), ended.get("pk"))


def job_notify(
    *,
    municipality: Any,
    user: Any,
    job: str,
    pk: int,
    step: str,
    title: str,
    failed: bool,
    error: str,
) -> None:
    """The notice of a job's end: done or failed, linking to the import or the file."""
    kind = NoticeKind.JOB_FAILED if failed else NoticeKind.JOB_DONE
    if job == "import":
        done, not_done = IMPORT_STEPS.get(step, IMPORT_STEPS["commit"])
        headline = str(not_done if failed else done)
        url = reverse("core:import_preview", args=[municipality.code, pk])
    else:
        headline = _("ファイルを作成できませんでした") if failed else _("ファイルができました")
        url = reverse("core:generated_file", args=[municipality.code, pk])
    notify(
        users=[user],
        municipality=municipality,
        kind=kind,
        key=f"{job}:{pk}:{step}",
        title=f"{headline}：{title}",
        url=url,
        body=error,
    )


# --- 毎日の見回り (scans) -----------------------------------------------------------------

# name → scan(today) returning how many notices it created; apps register theirs in ready().
SCANS: dict[str, Callable[[datetime.date], int]] = {}


def register_scan(name: str, scan: Callable[[datetime.date], int]) -> None:
    """Add a daily scan (from an AppConfig.ready()); registering a name again replaces it."""
    SCANS[name] = scan


def run_scans(today: datetime.date | None = None) -> dict[str, int]:
    """Run every scan for the day; the count each created. A scan that fails does not stop
    the others (each runs in its own transaction); the failures are raised together at the
    end, so run-due records the job as failed."""
    day = today or timezone.localdate()
    counts: dict[str, int] = {}
    failed: list[str] = []
    for name in sorted(SCANS):
        try:
            with transaction.atomic():
                counts[name] = SCANS[name](day)
        except Exception:
            logger.exception("notice scan %s failed", name)
            failed.append(name)
    if failed:
        raise RuntimeError(f"scans failed: {', '.join(failed)} (made: {sum(counts.values())})")
    return counts


def scan_job() -> str:
    counts = run_scans()
    return _("お知らせ %(n)d件") % {"n": sum(counts.values())}


# --- 毎朝のまとめメール (digest) --------------------------------------------------------------


def digest_notices(user: Any) -> list[Notice]:
    """The unread notices a user's mail would list: not mailed before, of the kinds the user
    wants by mail, in every municipality, oldest first."""
    if not user.is_active or not user.email:
        return []
    choice = settings_of(user)
    if not choice.digest:
        return []
    return list(
        Notice.objects.unread()
        .filter(user=user, mailed_at__isnull=True)
        .exclude(kind__in=choice.mail_muted)
        .select_related("municipality")
        .order_by("created_at", "pk")
    )


def digest_send(*, user: Any, day: datetime.date) -> int:
    """Send the user's mail of the day, at most one a day (DigestSent is the claim); none when
    there is nothing to list. Returns the number of notices listed."""
    notices = digest_notices(user)
    if not notices:
        return 0
    context = {
        "user": user,
        "notices": notices,
        "day": day,
        "site_url": settings.SITE_URL.rstrip("/"),
        # Still unread from earlier mails: a count, not the list again.
        "unread_older": Notice.objects.unread().filter(user=user, mailed_at__isnull=False).count(),
    }
    subject = _("【支え合い】未読のお知らせ %(n)d件") % {"n": len(notices)}
    try:
        # The claim, the marks and the mail together: a mail that cannot be sent leaves the
        # notices unmailed and the day unclaimed, for the next run.
        with transaction.atomic():
            DigestSent.objects.create(user=user, day=day, notice_count=len(notices))
            Notice.objects.filter(pk__in=[n.pk for n in notices]).update(mailed_at=timezone.now())
            send_mail(
                subject,
                render_to_string("notices/digest.txt", context),
                settings.DEFAULT_FROM_EMAIL,
                [user.email],
            )
    except IntegrityError:
        return 0
    return len(notices)


def digest_job() -> str:
    """Every user with something new and unread gets one mail today. A mail that cannot be
    sent does not stop the others; the failures are raised at the end (run-due records them),
    and that user's notices wait, unmailed, for tomorrow's mail."""
    day = timezone.localdate()
    user_ids = (
        Notice.objects.unread()
        .filter(mailed_at__isnull=True)
        .order_by()  # the model's ordering would make DISTINCT see one row per notice
        .values_list("user_id", flat=True)
        .distinct()
    )
    users = (
        get_user_model()
        .objects.filter(pk__in=list(user_ids), is_active=True)
        .exclude(email="")
        .exclude(notice_settings__digest=False)
    )
    sent = 0
    failed = 0
    for user in users.order_by("pk"):
        try:
            if digest_send(user=user, day=day):
                sent += 1
        except Exception:
            logger.exception("digest mail to user %s not sent", user.pk)
            failed += 1
    if failed:
        raise RuntimeError(f"digest: {sent} sent, {failed} not sent")
    return _("メール %(n)d通") % {"n": sent}
