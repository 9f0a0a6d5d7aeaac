"""Panels that apps above councils add to a meeting's page (the dialogues of issue #25): each
app registers its own in its AppConfig.ready() with `register_meeting_panel(MeetingPanel(...))`,
and the meeting page asks every panel for this user's data.

why: councils may import no app above it (docs/architecture.md, the layers), yet a dialogue
held at a meeting belongs on that meeting's page; the app that owns it fills this hook."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .models import Meeting


@dataclass(frozen=True)
class MeetingPanel:
    """One panel: `build(user, meeting)` returns what its template shows (as `panel.data`),
    or None when the panel is not for this user or this meeting, and it is left out."""

    name: str
    order: int
    template: str
    build: Callable[[Any, Meeting], Any]


@dataclass(frozen=True)
class BuiltPanel:
    name: str
    template: str
    data: Any


REGISTRY: dict[str, MeetingPanel] = {}


def register_meeting_panel(panel: MeetingPanel) -> None:
    """Add (or, registered again under its name, replace) a panel of the meeting page."""
    REGISTRY[panel.name] = panel


def meeting_panels(user: Any, meeting: Meeting) -> list[BuiltPanel]:
    """The panels with this user's data, in their order; those with nothing to show left out."""
    built = []
    for panel in sorted(REGISTRY.values(), key=lambda p: (p.order, p.name)):
        data = panel.build(user, meeting)
        if data is not None:
            built.append(BuiltPanel(panel.name, panel.template, data))
    return built
