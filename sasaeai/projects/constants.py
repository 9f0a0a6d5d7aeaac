"""Words and rules of 住民参画・官民連携推進事業 projects: stages and the path between them,
origins, partner kinds and hypothesis results. No models here: models.py imports this module."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    IDEA = "idea", _("アイデア")
    RESEARCH = "research", _("調査・インタビュー")
    DESIGN = "design", _("企画・デザイン")
    TRIAL = "trial", _("試行")
    SELF_RUNNING = "self_running", _("自走")
    GENERAL_SERVICE = "general_service", _("総合事業化")
    CANCELLED = "cancelled", _("中止")


# The path is walked one step at a time, so each step has its own date in the history;
# a trial ends in 自走 or 総合事業化, and any stage before an end may be 中止.
PATH = (Stage.IDEA, Stage.RESEARCH, Stage.DESIGN, Stage.TRIAL)
ENDS = frozenset({Stage.SELF_RUNNING, Stage.GENERAL_SERVICE, Stage.CANCELLED})
STAGE_TRANSITIONS: dict[str, frozenset[str]] = {
    Stage.IDEA: frozenset({Stage.RESEARCH, Stage.CANCELLED}),
    Stage.RESEARCH: frozenset({Stage.DESIGN, Stage.CANCELLED}),
    Stage.DESIGN: frozenset({Stage.TRIAL, Stage.CANCELLED}),
    Stage.TRIAL: frozenset({Stage.SELF_RUNNING, Stage.GENERAL_SERVICE, Stage.CANCELLED}),
    Stage.SELF_RUNNING: frozenset(),
    Stage.GENERAL_SERVICE: frozenset(),
    Stage.CANCELLED: frozenset(),
}


def next_stages(stage: str) -> list[tuple[str, str]]:
    """The stages a project may move to next, in path order, as (value, label)."""
    allowed = STAGE_TRANSITIONS.get(stage, frozenset())
    return [(value, str(label)) for value, label in Stage.choices if value in allowed]


class Origin(models.TextChoices):
    CHALLENGE = "challenge", _("地域課題")
    WORKSHOP = "workshop", _("ワークショップ")
    MEETING = "meeting", _("会議")
    OTHER = "other", _("その他")


class PartnerKind(models.TextChoices):
    """What a partner is to the project (not the organisation's legal type)."""

    BUSINESS = "business", _("企業・商店")
    RESIDENTS = "residents", _("住民団体・自治会")
    SHAKYO = "shakyo", _("社会福祉協議会")
    NONPROFIT = "nonprofit", _("NPO・ボランティア団体")
    CARE = "care", _("医療・介護の事業所")
    PUBLIC = "public", _("行政")
    OTHER = "other", _("その他")


# The kind a partner gets when none is chosen, from resources.constants.Sector.
KIND_OF_SECTOR = {
    "business": PartnerKind.BUSINESS,
    "residents": PartnerKind.RESIDENTS,
    "welfare": PartnerKind.SHAKYO,
    "nonprofit": PartnerKind.NONPROFIT,
    "health_care": PartnerKind.CARE,
    "public": PartnerKind.PUBLIC,
}


class HypothesisStatus(models.TextChoices):
    UNTESTED = "untested", _("検証前")
    SUPPORTED = "supported", _("支持")
    REJECTED = "rejected", _("否定")


# The largest amount in 千円 (about 1兆円): far above any project's money, and within the
# budget columns (PositiveIntegerField: 2,147,483,647 on PostgreSQL) on every database.
MAX_AMOUNT = 999_999_999
