"""Layer 1 supports layer 2 (issue #23, build point 5), as the council home and the meeting page
show it: 助言 with its form for those who may advise, the messages a layer-2 council received
(each with its 「確認しました」) and, on a layer-1 council, which councils read what it sent.
The views add this to their context; the writes are councils.services (advice_write,
message_mark_read) through councils.support_views."""

from __future__ import annotations

from typing import Any

from sasaeai.areas.constants import Layer

from . import permissions, selectors
from .forms import AdviceForm
from .models import Council, Meeting


def advice_context(user: Any, council: Council, kwargs: dict[str, Any]) -> dict[str, Any]:
    """The form of 助言 (a refused one kept with its input) and whether to offer it."""
    return {
        "may_advise": permissions.may_advise(user, council),
        "advice_form": kwargs.get("advice_form") or AdviceForm(),
    }


def home_context(user: Any, council: Council, kwargs: dict[str, Any]) -> dict[str, Any]:
    """For the council home: its 助言 (on it or its meetings), and for a layer-1 council the
    read marks of the messages it sent (a layer-2 council's received ones are in
    selectors.council_home)."""
    layer1 = council.area.layer == Layer.FIRST
    return {
        **advice_context(user, council, kwargs),
        "advice": selectors.advice_on(council),
        "sent_messages": selectors.messages_sent(council) if layer1 else [],
    }


def meeting_context(user: Any, meeting: Meeting, kwargs: dict[str, Any]) -> dict[str, Any]:
    """For the meeting page: the 助言 on this meeting."""
    return {
        **advice_context(user, meeting.council, kwargs),
        "advice": selectors.advice_on(meeting.council, meeting),
    }
