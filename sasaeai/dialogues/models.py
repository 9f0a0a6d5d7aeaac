"""対話 (issue #25): a dialogue held at a meeting, its cards, and the groups its facilitator makes
of them (共通項探し). Cards written on phones are anonymous unless the writer adds a name, which
is personal data: shown only with the personal-data permission, never on a public page."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sasaeai.core.versioning import VersionedModel
from sasaeai.resources.constants import Sector

from .constants import (
    CARD_TEXT_MAX,
    CROSS_SECTOR_MIN,
    Answer,
    CardSource,
    CardType,
    DialogueStatus,
    Method,
)

# The participants' address is /d/<key>/: short enough to type from a projected slide, and
# unguessable (8 characters of 31 → about 8.5 × 10^11 keys; letters that look alike left out).
KEY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
KEY_LENGTH = 8


def new_key() -> str:
    return "".join(secrets.choice(KEY_ALPHABET) for _ in range(KEY_LENGTH))


class Dialogue(VersionedModel):
    municipality = models.ForeignKey(
        "areas.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name=_("市町村")
    )
    meeting = models.ForeignKey(
        "councils.Meeting",
        on_delete=models.PROTECT,
        related_name="dialogues",
        verbose_name=_("会議"),
    )
    method = models.CharField(_("方法"), max_length=16, choices=Method.choices)
    question = models.CharField(_("問い"), max_length=200)
    status = models.CharField(
        _("状態"), max_length=16, choices=DialogueStatus.choices, default=DialogueStatus.PREPARING
    )
    key = models.CharField(_("参加者用の合言葉"), max_length=16, unique=True, default=new_key)
    cross_sector_min = models.PositiveSmallIntegerField(
        _("分野を超えたグループとみなす分野の数"), default=CROSS_SECTOR_MIN
    )
    threshold = models.FloatField(_("まとめる近さ"), default=0.3)
    # The agreement round: while on, the participants' page asks 賛成・どちらでもない・反対 on
    # each group's statement (whatever the status but 完了).
    voting = models.BooleanField(_("賛否の受付中"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("対話")
        verbose_name_plural = _("対話")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cross_sector_min__gte=2), name="dialogue_cross_sector_min_2"
            ),
            models.CheckConstraint(
                condition=Q(threshold__gte=0.05) & Q(threshold__lte=0.95),
                name="dialogue_threshold_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_method_display()}「{self.question}」"

    @property
    def accepts_phones(self) -> bool:
        return self.status == DialogueStatus.OPEN


class CardGroup(models.Model):
    """A group of cards on the board: proposed by the grouping (`suggested`) until the
    facilitator confirms, moves, merges or renames it."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("グループ名"), max_length=100, blank=True)
    position = models.PositiveIntegerField(default=0)
    suggested = models.BooleanField(_("提案のまま"), default=True)
    # The sentence the participants mark in the agreement round (empty: not asked).
    statement = models.CharField(_("賛否を聞く文"), max_length=200, blank=True)
    challenge = models.ForeignKey(
        "councils.Challenge",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("地域課題にしたもの"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("カードのグループ")
        verbose_name_plural = _("カードのグループ")
        ordering = ["dialogue", "position", "pk"]

    def __str__(self) -> str:
        return self.name or str(_("（名前なし）"))


class Card(models.Model):
    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="cards")
    text = models.CharField(_("内容"), max_length=CARD_TEXT_MAX)
    # Both optional: a pasted line or a phone card may not say them, and none is guessed.
    card_type = models.CharField(_("種類"), max_length=16, choices=CardType.choices, blank=True)
    sector = models.CharField(
        _("書いた人の分野"), max_length=32, choices=Sector.choices, blank=True
    )
    # Optional and personal: a name the writer chose to add, or the member who said it.
    writer_name = models.CharField(_("書いた人の名前（任意）"), max_length=100, blank=True)
    membership = models.ForeignKey(
        "councils.Membership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("書いたメンバー"),
    )
    town = models.ForeignKey(
        "areas.Town",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("町丁目"),
    )
    place = models.CharField(_("場所"), max_length=100, blank=True)
    source = models.CharField(_("入り方"), max_length=16, choices=CardSource.choices)
    group = models.ForeignKey(
        CardGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cards",
        verbose_name=_("グループ"),
    )
    position = models.PositiveIntegerField(default=0)
    # Moderation: a hidden card stays (with why and who), out of the board, the grouping and
    # every output.
    hidden = models.BooleanField(_("非表示"), default=False)
    hidden_reason = models.CharField(_("非表示の理由"), max_length=200, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("書いた日時"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("カード")
        verbose_name_plural = _("カード")
        ordering = ["dialogue", "position", "pk"]
        indexes = [models.Index(fields=["dialogue", "hidden"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(hidden=False) | ~Q(hidden_reason=""), name="card_hidden_with_reason"
            )
        ]

    def __str__(self) -> str:
        return self.text


class Vote(models.Model):
    """One phone's answer on one group's statement: anonymous (a random token the phone keeps
    in a cookie, so it answers once and may change its mind), with the sector it chose."""

    group = models.ForeignKey(CardGroup, on_delete=models.CASCADE, related_name="votes")
    participant = models.CharField(max_length=32)
    sector = models.CharField(
        _("答えた人の分野"), max_length=32, choices=Sector.choices, blank=True
    )
    answer = models.CharField(_("賛否"), max_length=16, choices=Answer.choices)
    answered_at = models.DateTimeField(_("答えた日時"), auto_now=True)

    class Meta:
        verbose_name = _("賛否")
        verbose_name_plural = _("賛否")
        ordering = ["group", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "participant"], name="vote_once_per_phone")
        ]

    def __str__(self) -> str:
        return self.get_answer_display()


class Story(models.Model):
    """ストーリー: a person's やりたい or 困りごと, someone's できること, a place or resource of
    the registry, and what it became (a 地域課題, a council's action, a つなぎ or a project),
    each link kept so either side finds the other."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="stories")
    title = models.CharField(_("ストーリーの名前"), max_length=100)
    wish = models.ForeignKey(
        Card, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("やりたいこと・困りごと"),
    )  # fmt: skip
    ability = models.ForeignKey(
        Card, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("できること"),
    )  # fmt: skip
    resource = models.ForeignKey(
        "resources.Resource", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("場所・地域資源"),
    )  # fmt: skip
    note = models.TextField(_("つながり方"), blank=True)
    challenge = models.ForeignKey(
        "councils.Challenge", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("地域課題にしたもの"),
    )  # fmt: skip
    action = models.ForeignKey(
        "councils.ActionItem", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("協議体のやること"),
    )  # fmt: skip
    connection = models.ForeignKey(
        "activities.Connection", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("つなぎ"),
    )  # fmt: skip
    project = models.ForeignKey(
        "projects.Project", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("官民連携の事業"),
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ストーリー")
        verbose_name_plural = _("ストーリー")
        ordering = ["dialogue", "pk"]

    def __str__(self) -> str:
        return self.title
