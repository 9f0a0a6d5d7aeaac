from django.db import models
from django.utils.translation import gettext_lazy as _


class Method(models.TextChoices):
    COMMON_GROUND = "common_ground", _("共通項探し")
    STORIES = "stories", _("ストーリー探し")
    FREE = "free", _("自由な対話")


class DialogueStatus(models.TextChoices):
    """準備 → 受付中 (cards come in, from phones too) → まとめ中 (grouping; phones closed) →
    完了 (kept as a record; nothing changes)."""

    PREPARING = "preparing", _("準備")
    OPEN = "open", _("受付中")
    SUMMARISING = "summarising", _("まとめ中")
    DONE = "done", _("完了")


class CardType(models.TextChoices):
    INTEREST = "interest", _("関心")
    TROUBLE = "trouble", _("困りごと")
    WISH = "wish", _("やりたいこと")
    ABILITY = "ability", _("できること")
    IDEA = "idea", _("アイデア")


class CardSource(models.TextChoices):
    TYPED = "typed", _("ファシリテーターが入力")
    PASTED = "pasted", _("貼り付け")
    PHONE = "phone", _("参加者のスマートフォン")


# The questions a coordinator asks most (the seed's three), offered when a dialogue is made.
QUESTIONS = (
    "この地域で気になっていること",
    "やってみたいこと",
    "できること",
)
CARD_TEXT_MAX = 200
# 共通項: a group with cards from at least this many sectors crosses sectors (the facilitator
# may change it per dialogue).
CROSS_SECTOR_MIN = 3
