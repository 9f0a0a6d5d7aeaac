"""The blocks of a municipality's home page (「今日やること」, issue #24): each app registers its
own in its AppConfig.ready() with `register_block(HomeBlock(...))`, and staff's home page asks
every block for this user's data.

The registry lives in core, not in staff, because notices sits on staff's own line of the
layers and the apps that own the data (resources, councils, activities) sit above it: only a
module below all of them can be reached by all of them."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# How many items a block lists before its 「すべて見る（N件）」 link.
SHOWN = 5


@dataclass(frozen=True)
class HomeBlock:
    """One block: `build(user, municipality, today)` returns what its template shows, or None
    when the block is not for this user (their roles), and the block is left out.

    `order` places the block for staff (coordinators, the admin); `member_order`, when given,
    places it for a council member, adviser or viewer (someone whose roles there only read),
    whose council's next meeting and own actions come before everything else."""

    name: str
    order: int
    template: str
    build: Callable[[Any, Any, datetime.date], Any]
    member_order: int | None = None

    def order_for(self, member: bool) -> int:
        if member and self.member_order is not None:
            return self.member_order
        return self.order


@dataclass(frozen=True)
class BuiltBlock:
    """A block with this user's data, ready for its template."""

    name: str
    template: str
    data: Any


REGISTRY: dict[str, HomeBlock] = {}


def register_block(block: HomeBlock) -> None:
    """Add (or, registered again under its name, replace) a block of the home page."""
    REGISTRY[block.name] = block


def home_blocks(
    user: Any, municipality: Any, today: datetime.date, *, member: bool
) -> list[BuiltBlock]:
    """The blocks for this user, in their order for a member or for staff (ties by name)."""
    ordered = sorted(REGISTRY.values(), key=lambda b: (b.order_for(member), b.name))
    built = []
    for block in ordered:
        data = block.build(user, municipality, today)
        if data is not None:
            built.append(BuiltBlock(block.name, block.template, data))
    return built


@dataclass(frozen=True)
class Listed:
    """The first SHOWN items of a block's list and how many there are in all."""

    items: list[Any]
    count: int

    @property
    def more(self) -> int:
        """How many are not listed (「ほかN件」 where no page lists them all)."""
        return max(self.count - len(self.items), 0)


def listed(queryset: Any) -> Listed:
    """A queryset's first SHOWN rows and its count: two queries, however many rows."""
    items = list(queryset[:SHOWN])
    count = len(items) if len(items) < SHOWN else queryset.count()
    return Listed(items, count)
