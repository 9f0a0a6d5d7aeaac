"""The words of residents' way in (issue #26): what a resident asks, where a request stands,
where a referral ended, and who receives a request."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The longest a resident's free text may be (a message, a 「情報がちがう」 note).
MESSAGE_MAX = 1000


class RequestKind(models.TextChoices):
    VISIT = "visit", _("行ってみたい")
    HELP = "help", _("手伝いたい")
    CONSULT = "consult", _("相談したい")


class Channel(models.TextChoices):
    PORTAL = "portal", _("ホームページから本人が")
    DESK = "desk", _("窓口・電話で職員が受付")


class RequestStatus(models.TextChoices):
    """The coordinator's steps with one request; the last three end it."""

    RECEIVED = "received", _("受付")
    CONTACTED = "contacted", _("連絡済")
    TRIAL = "trial", _("見学・体験")
    JOINED = "joined", _("参加中")
    HELPING = "helping", _("担い手として活動中")
    NOT_CONNECTED = "not_connected", _("つながらなかった")


# Where a request may go from each status (any step may be skipped forward; 参加中 and
# 担い手として活動中 may still end as つながらなかった, and つながらなかった may be taken up again).
NEXT_STATUSES: dict[str, tuple[str, ...]] = {
    RequestStatus.RECEIVED: (
        RequestStatus.CONTACTED,
        RequestStatus.TRIAL,
        RequestStatus.JOINED,
        RequestStatus.HELPING,
        RequestStatus.NOT_CONNECTED,
    ),
    RequestStatus.CONTACTED: (
        RequestStatus.TRIAL,
        RequestStatus.JOINED,
        RequestStatus.HELPING,
        RequestStatus.NOT_CONNECTED,
    ),
    RequestStatus.TRIAL: (
        RequestStatus.JOINED,
        RequestStatus.HELPING,
        RequestStatus.NOT_CONNECTED,
    ),
    RequestStatus.JOINED: (RequestStatus.HELPING, RequestStatus.NOT_CONNECTED),
    RequestStatus.HELPING: (RequestStatus.JOINED, RequestStatus.NOT_CONNECTED),
    RequestStatus.NOT_CONNECTED: (RequestStatus.CONTACTED,),
}
OPEN_STATUSES = (RequestStatus.RECEIVED, RequestStatus.CONTACTED, RequestStatus.TRIAL)


class Outcome(models.TextChoices):
    """Where one referral (a person sent to one place) ended."""

    PENDING = "pending", _("紹介済（結果待ち）")
    JOINED = "joined", _("参加につながった")
    HELPING = "helping", _("担い手につながった")
    NOT_CONNECTED = "not_connected", _("つながらなかった")


# The request's status that settles the outcome of its referral to the place it named.
OUTCOME_OF_STATUS = {
    RequestStatus.JOINED: Outcome.JOINED,
    RequestStatus.HELPING: Outcome.HELPING,
    RequestStatus.NOT_CONNECTED: Outcome.NOT_CONNECTED,
}


class Routing(models.TextChoices):
    """Who receives a request sent from the portal (the municipality chooses)."""

    COORDINATOR = "coordinator", _("圏域のコーディネーターのみ")
    ORGANISER = "organiser", _("活動の主催者のみ（メールが登録されている場合）")
    BOTH = "both", _("コーディネーターと主催者の両方")


class TimeOfDay(models.TextChoices):
    MORNING = "morning", _("午前")
    AFTERNOON = "afternoon", _("午後")
    EVENING = "evening", _("夕方以降")


class ReportField(models.TextChoices):
    """What a resident says is wrong on a place's page (「情報がちがう」)."""

    SCHEDULE = "schedule", _("日時")
    PLACE = "place", _("場所")
    CONTACT = "contact", _("連絡先")
    FEE = "fee", _("費用")
    ENDED = "ended", _("もうやっていない")
    OTHER = "other", _("その他")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("未対応")
    FIXED = "fixed", _("修正した")
    CONFIRMED = "confirmed", _("確認した結果、正しかった")


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("確認待ち")
    APPROVED = "approved", _("承認")
    EDITED = "edited", _("修正して反映")
    REJECTED = "rejected", _("反映しない")


class ProposedState(models.TextChoices):
    """What an organiser says of their activity now."""

    ACTIVE = "active", _("続いている")
    PAUSED = "paused", _("休んでいる")
    ENDED = "ended", _("終わった")
