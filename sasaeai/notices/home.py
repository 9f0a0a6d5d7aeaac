"""お知らせ's block of the home page (core.home_blocks, issue #24): the newest unread notices
and the way to the inbox."""

from __future__ import annotations

import datetime
from typing import Any

from sasaeai.areas.models import Municipality
from sasaeai.core.home_blocks import HomeBlock, listed, register_block

from .selectors import notices_of


def unread_block(user: Any, municipality: Municipality, today: datetime.date) -> Any:
    """Everyone's: their unread notices here, newest first."""
    return listed(notices_of(user, municipality).unread())


def register() -> None:
    """Called from NoticesConfig.ready()."""
    register_block(
        HomeBlock("notices.unread", 60, "notices/home/_unread.html", unread_block, member_order=30)
    )
