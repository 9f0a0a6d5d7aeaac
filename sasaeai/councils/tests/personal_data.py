"""The personal data held by councils and the activity log, read from the database, and what
a response, file or PDF must not hold of it (issue #21). Shared by the councils' and the
activities' tests: a council member must meet neither members' contacts nor residents' names.
"""

from __future__ import annotations

from sasaeai.activities.models import Activity, Connection
from sasaeai.core.tests.received import assert_holds_none, text_of

from ..models import Meeting, MeetingGuest, Membership

__all__ = ["assert_holds_none", "personal_values", "text_of"]


def personal_values() -> dict[str, set[str]]:
    """Every non-empty personal value in the database, by where it comes from: members'
    e-mail and postal addresses, the 関わった人 of activities, つなぎ memos, and the
    secretariat's private notes (coordinators only), and the names of meetings' participants
    who are not members."""
    found: dict[str, set[str]] = {
        "メンバーのメールアドレス": set(Membership.objects.values_list("email", flat=True)),
        "メンバーの郵送先": set(Membership.objects.values_list("postal_address", flat=True)),
        "活動記録の関わった人": set(Activity.objects.values_list("people", flat=True)),
        "つなぎのメモ": set(Connection.objects.values_list("note", flat=True)),
        "会議の事務局メモ": set(Meeting.objects.values_list("private_notes", flat=True)),
        "会議の参加者の氏名": set(MeetingGuest.objects.values_list("name", flat=True)),
    }
    return {kind: {v.strip() for v in values if v.strip()} for kind, values in found.items()}
