"""The main navigation: each domain registers its entry; entries show by permission."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class NavItem:
    """A link in the top bar: a translatable label, a path and who sees it."""

    label: str
    path: str
    visible: Callable[[Any], bool]
    order: int


NAV: list[NavItem] = []


def register(item: NavItem) -> None:
    """Add a module's entry (Lägesbild, Händelser, Insatser, Program … as they land)."""
    if all(i.path != item.path for i in NAV):
        NAV.append(item)
        NAV.sort(key=lambda i: i.order)


def items_for(p: Any) -> list[NavItem]:
    """The entries the principal ``p`` (or None) may see, in order."""
    return [i for i in NAV if i.visible(p)]
