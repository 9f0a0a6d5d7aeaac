"""Words of 計画と事業: where an indicator's actual comes from, which way is better, and the
example every date field of the plans screens shows."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    UP = "up", _("多いほどよい")
    DOWN = "down", _("少ないほどよい")


class Source(models.TextChoices):
    """Where an indicator's actual comes from: typed in, or computed from the records."""

    MANUAL = "manual", _("入力する")
    KAYOI_ACTIVE = "kayoi_active", _("活動中の通いの場（月1回以上、年度末）")
    PARTICIPATION = "participation", _("通いの場の参加率（％、年度末）")
    COUNCIL_MEETINGS = "council_meetings", _("協議体の会議の開催回数")
    ACTIVITIES = "activities", _("コーディネーターの活動記録の件数")
    CONNECTIONS = "connections", _("つなぎの件数（年度内に登録）")
    NEWSLETTERS = "newsletters", _("広報紙の発行回数")
    CHALLENGES_RAISED = "challenges_raised", _("地域課題の提起件数（年度内）")
    CHALLENGES_SOLVED = "challenges_solved", _("地域課題の解決件数（年度内）")
    RESOURCES_REGISTERED = (
        "resources_registered",
        _("新たに登録した地域資源の数（年度内、取込で登録したものも含む）"),
    )
    MEETING_PARTICIPANTS = "meeting_participants", _("会議の参加者数（年度内、分野別）")
    # Residents' way in (issue #26): counts only, never a person.
    REQUESTS_RECEIVED = "requests_received", _("住民からの申し込みの件数（年度内に受付）")
    REFERRALS_MADE = "referrals_made", _("紹介の件数（年度内）")
    PEOPLE_JOINED = "people_joined", _("参加につながった人数（年度内）")
    NEW_HELPERS = "new_helpers", _("新たな担い手の人数（年度内）")
