"""Sections that domains above geo add to an area's page (``/stadsdelar/{id}``): the district
profile, its indicators and plans. The area stays one concept; each domain contributes what it
knows of it through this registry (hooked by the composition root), and geo imports none of
them.

A contribution takes ``(session, principal, area)`` and returns a :class:`Section` — the
template to include and the values it shows — or None when it has nothing for this caller.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Section:
    """One part of an area's page: ``template`` is included with ``section`` in its context."""

    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


Contribution = Callable[[Any, Any, Any], Section | None]
SECTIONS: list[Contribution] = []


def register(contribution: Contribution) -> None:
    if contribution not in SECTIONS:
        SECTIONS.append(contribution)


def for_area(session: Any, p: Any, area: Any) -> list[Section]:
    """The sections of every contributing domain for this caller and area, in their order."""
    found = [s for s in (f(session, p, area) for f in SECTIONS) if s is not None]
    return sorted(found, key=lambda s: s.order)
