"""Words of the coordinator's activity log and of つなぎ (connections between actors)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityKind(models.TextChoices):
    VISIT = "visit", _("訪問")
    CONSULTATION = "consultation", _("相談対応")
    MEETING = "meeting", _("会議・協議体")
    CONNECTING = "connecting", _("つなぎ")
    RESEARCH = "research", _("情報収集")
    PUBLICITY = "publicity", _("広報")
    SUPPORTER_TRAINING = "supporter_training", _("担い手養成")
    TRAINING = "training", _("研修")
    OTHER = "other", _("その他")


class ConnectionPurpose(models.TextChoices):
    SUPPORTERS = "supporters", _("担い手紹介")
    VENUE = "venue", _("会場提供")
    CO_HOSTING = "co_hosting", _("共同開催")
    INFORMATION = "information", _("情報共有")
    USERS = "users", _("利用者紹介")
    OTHER = "other", _("その他")


class ConnectionStatus(models.TextChoices):
    PROPOSED = "proposed", _("提案")
    REALISED = "realised", _("実現")
    CONTINUING = "continuing", _("継続")
    ENDED = "ended", _("終了")


# 提案 → 実現 → 継続 / 終了; a 継続 tie may end; a proposal may be dropped (終了).
CONNECTION_TRANSITIONS: dict[str, frozenset[str]] = {
    ConnectionStatus.PROPOSED: frozenset({ConnectionStatus.REALISED, ConnectionStatus.ENDED}),
    ConnectionStatus.REALISED: frozenset({ConnectionStatus.CONTINUING, ConnectionStatus.ENDED}),
    ConnectionStatus.CONTINUING: frozenset({ConnectionStatus.ENDED}),
    ConnectionStatus.ENDED: frozenset(),
}
# A tie counts in the network once it has happened (実現 or 継続, or 終了 after happening is
# history: the network of a 年度 counts ties that were realised by its end).
TIE_STATUSES = frozenset({ConnectionStatus.REALISED, ConnectionStatus.CONTINUING})
