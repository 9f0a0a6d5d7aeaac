from typing import Any

from sasaeai.councils.constants import MeetingKind
from sasaeai.councils.models import Meeting
from sasaeai.councils.tests.factories import MeetingFactory
from sasaeai.dialogues import services
from sasaeai.dialogues.constants import CardSource, Method
from sasaeai.dialogues.models import Card, Dialogue


def dialogue_at(
    meeting: Meeting | None = None,
    *,
    user: Any,
    method: str = Method.COMMON_GROUND,
    **meeting_fields: Any,
) -> Dialogue:
    """A dialogue in preparation at the meeting (a new workshop of a new council by default)."""
    if meeting is None:
        meeting = MeetingFactory(kind=MeetingKind.WORKSHOP, **meeting_fields)
    return services.dialogue_create(
        meeting=meeting, user=user, method=method, question="この地域で気になっていること"
    )


def cards(dialogue: Dialogue, *rows: tuple[str, str] | str, user: Any) -> list[Card]:
    """Cards typed by the facilitator: text alone, or (text, sector)."""
    made = []
    for row in rows:
        text, sector = (row, "") if isinstance(row, str) else row
        made.append(
            services.card_add(
                dialogue=dialogue,
                data=services.CardInput(text=text, sector=sector),
                source=CardSource.TYPED,
                user=user,
            )
        )
    return made
