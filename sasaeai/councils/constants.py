"""The councils' categories (協議体の運営 and 地域課題), each list once."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("会長")
    VICE_CHAIR = "vice_chair", _("副会長")
    MEMBER = "member", _("委員")
    COORDINATOR = "coordinator", _("生活支援コーディネーター")
    SECRETARIAT = "secretariat", _("事務局")
    ADVISER = "adviser", _("アドバイザー")
    OBSERVER = "observer", _("オブザーバー")


class MeetingKind(models.TextChoices):
    DELIBERATION = "deliberation", _("協議")
    PRACTICE = "practice", _("実践")
    COORDINATORS = "coordinators", _("コーディネーター連絡会議")
    TOWN_MEETING = "town_meeting", _("タウンミーティング")
    WORKSHOP = "workshop", _("ワークショップ")
    EXCHANGE = "exchange", _("交流会")
    CARE_CONFERENCE = "care_conference", _("地域ケア会議")
    TRAINING = "training", _("研修")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("予定")
    HELD = "held", _("開催済")
    CANCELLED = "cancelled", _("中止")


class DecisionMethod(models.TextChoices):
    CONSENSUS = "consensus", _("合意")
    MAJORITY = "majority", _("多数決")
    DEFERRED = "deferred", _("持ち帰り")


class ActionStatus(models.TextChoices):
    TODO = "todo", _("未着手")
    DOING = "doing", _("進行中")
    DONE = "done", _("完了")
    DROPPED = "dropped", _("中止")


OPEN_ACTION_STATUSES = (ActionStatus.TODO, ActionStatus.DOING)


class KptKind(models.TextChoices):
    # Plain words first; the KPT term stays as a hint for staff who know the method.
    KEEP = "keep", _("よかったこと（Keep）")
    PROBLEM = "problem", _("困ったこと（Problem）")
    TRY = "try", _("次にやること（Try）")


class ChallengeStatus(models.TextChoices):
    RAISED = "raised", _("提起")
    CONSIDERING = "considering", _("検討中")
    ACTING = "acting", _("対応中")
    SOLVED = "solved", _("解決")
    CONTINUING = "continuing", _("継続")


# 提起 → 検討中 → 対応中 → 解決 / 継続; a 継続 challenge is taken up again (検討中 or 対応中),
# and one can be marked 継続 while still under consideration.
CHALLENGE_TRANSITIONS: dict[str, frozenset[str]] = {
    ChallengeStatus.RAISED: frozenset({ChallengeStatus.CONSIDERING}),
    ChallengeStatus.CONSIDERING: frozenset({ChallengeStatus.ACTING, ChallengeStatus.CONTINUING}),
    ChallengeStatus.ACTING: frozenset({ChallengeStatus.SOLVED, ChallengeStatus.CONTINUING}),
    ChallengeStatus.CONTINUING: frozenset({ChallengeStatus.CONSIDERING, ChallengeStatus.ACTING}),
    ChallengeStatus.SOLVED: frozenset(),
}
OPEN_CHALLENGE_STATUSES = (
    ChallengeStatus.RAISED,
    ChallengeStatus.CONSIDERING,
    ChallengeStatus.ACTING,
    ChallengeStatus.CONTINUING,
)


# What a layer-1 answer may leave the escalated challenges at.
ANSWER_STATUSES = (ChallengeStatus.ACTING, ChallengeStatus.SOLVED, ChallengeStatus.CONTINUING)


class ChallengeSource(models.TextChoices):
    MEETING = "meeting", _("会議")
    WORKSHOP = "workshop", _("ワークショップ")
    CARE_CONFERENCE = "care_conference", _("地域ケア会議")
    COORDINATOR = "coordinator", _("コーディネーターの活動")
    GAP_ANALYSIS = "gap_analysis", _("地域課題の抽出（資源の分析）")


class ChallengeCategory(models.TextChoices):
    PLACES = "places", _("通いの場・居場所")
    MOBILITY = "mobility", _("移動・外出")
    SHOPPING = "shopping", _("買い物")
    MEALS = "meals", _("配食・食事")
    WATCHING = "watching", _("見守り・安否確認")
    HOUSEWORK = "housework", _("家事・ゴミ出し")
    SUPPORTERS = "supporters", _("担い手・後継者")
    INFORMATION = "information", _("情報・広報")
    DEMENTIA = "dementia", _("認知症")
    OTHER = "other", _("その他")


class EvidenceKind(models.TextChoices):
    INDICATOR = "indicator", _("指標")
    RESOURCE = "resource", _("地域資源")
    MEETING = "meeting", _("会議")
    CARD = "card", _("対話のカード")
    NOTE = "note", _("その他の根拠")


class MessageKind(models.TextChoices):
    GOOD_PRACTICE = "good_practice", _("好事例")
    DECISION = "decision", _("決定事項")
    NOTICE = "notice", _("お知らせ")


class Priority(models.TextChoices):
    """How urgently a 地域課題 should be taken up (the register sorts and filters by it)."""

    HIGH = "high", _("高")
    NORMAL = "normal", _("中")
    LOW = "low", _("低")


class Standing(models.TextChoices):
    """How a person who is not a member of the meeting's councils took part in it."""

    COORDINATOR = "coordinator", _("生活支援コーディネーター")
    ADVISER = "adviser", _("アドバイザー")
    STAFF = "staff", _("行政・包括の職員")
    GUEST = "guest", _("参加者（住民・関係者など）")


# Meetings that are not one council's own: a joint or open meeting may list other councils.
OPEN_MEETING_KINDS = (
    MeetingKind.COORDINATORS,
    MeetingKind.TOWN_MEETING,
    MeetingKind.WORKSHOP,
    MeetingKind.EXCHANGE,
    MeetingKind.TRAINING,
)


class TargetIndicator(models.TextChoices):
    """The figures of the analysis (per 日常生活圏域) that a council can set a target for."""

    KAYOI = "kayoi", _("通いの場の数（月1回以上）")
    KAYOI_PER_1000 = "kayoi_per_1000", _("65歳以上1,000人あたりの通いの場")
    PARTICIPATION = "participation", _("通いの場の参加率（％）")
