"""Levels of an area (grön, gul, orange, röd) from its signals, as in the police's handbook
on social unrest: a colour the meeting can act on, and the reasons for it.

The rule: every category that signals this week gives a point; a strong signal (score ≥ 2,
the count at least twice as far above the expected count as the threshold is) a second; a
signal in a category of violence, threats against staff or fire a third. No points: grön;
1–2: gul; 3–4: orange; 5 or more: röd. The samordnare may set another level with a reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, Protocol

from samverkan.core.errors import N_

Level = Literal["gron", "gul", "orange", "rod"]
LEVELS: tuple[Level, ...] = ("gron", "gul", "orange", "rod")
LEVEL_LABELS = {
    "gron": N_("green"),
    "gul": N_("yellow"),
    "orange": N_("orange"),
    "rod": N_("red"),
}
SEVERE = frozenset({"hot_vald", "incident_personal", "brand", "bilbrand", "containerbrand"})
STRONG_SCORE = 2.0


class Judged(Protocol):
    @property
    def code(self) -> str: ...
    @property
    def signal(self) -> bool: ...
    @property
    def score(self) -> float | None: ...


def points(rows: Iterable[Judged]) -> int:
    """The points of the rule above."""
    total = 0
    for r in rows:
        if r.signal:
            total += 1 + (r.score is not None and r.score >= STRONG_SCORE) + (r.code in SEVERE)
    return total


def level_of(rows: Iterable[Judged]) -> Level:
    """The level the signals give."""
    n = points(rows)
    if n == 0:
        return "gron"
    if n <= 2:
        return "gul"
    if n <= 4:
        return "orange"
    return "rod"
