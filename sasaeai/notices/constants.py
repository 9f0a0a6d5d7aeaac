"""The kinds of notice (お知らせ) a user receives."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeKind(models.TextChoices):
    """What happened. The label is what the inbox and the mail settings call it."""

    ISSUE_RECEIVED = "issue_received", _("第2層から地域課題が届いた")
    ANSWER_RECEIVED = "answer_received", _("第1層から回答が届いた")
    ACTION_ASSIGNED = "action_assigned", _("やることの担当になった")
    ACTION_OVERDUE = "action_overdue", _("やることの期限が過ぎた")
    MEETING_SOON = "meeting_soon", _("会議が3日後にある")
    RECORD_INCOMPLETE = "record_incomplete", _("会議の記録がまだ終わっていない")
    VERIFICATION_DUE = "verification_due", _("担当圏域の地域資源が確認の時期")
    JOB_DONE = "job_done", _("依頼した処理が終わった")
    JOB_FAILED = "job_failed", _("依頼した処理が失敗した")
    RESIDENT_REQUEST = "resident_request", _("住民から申し出が届いた")
