"""Reads of お知らせ."""

from __future__ import annotations

from typing import Any

from .models import Notice, NoticeQuerySet


def notices_of(user: Any, municipality: Any) -> NoticeQuerySet:
    """The user's notices in the municipality, newest first."""
    return Notice.objects.filter(user=user, municipality=municipality)
