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


class Answer(models.TextChoices):
    AGREE = "agree", _("賛成")
    NEUTRAL = "neutral", _("どちらでもない")
    DISAGREE = "disagree", _("反対")


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

# The agreement round's rule (issue #25 point 4), said in one sentence on the results page.
# A sector's answers count only from this many up: with one or two people a single answer is
# 50–100 % of the sector, which says nothing about the sector.
AGREEMENT_MIN_ANSWERS = 3
# 「どの分野でも賛成が多い」: every counted sector at least this share 賛成 (%) — seven in ten,
# the issue's own example, a clear majority that a workshop can act on without a formal vote.
AGREEMENT_BROAD_SHARE = 70
# 「分野によって分かれている」: one counted sector at the broad share 賛成 while another is at
# least this share 反対 (%) — half or more of a sector against is no minority to average away…
AGREEMENT_AGAINST_SHARE = 50
# …or the 賛成 shares of two counted sectors this many points apart, so a split between sectors
# that answer どちらでもない is noticed too (70 % against 30 %).
AGREEMENT_GAP_POINTS = 40
