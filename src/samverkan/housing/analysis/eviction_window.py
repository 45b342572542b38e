"""The statutory window after a notice for non-payment (Jordabalken 12 kap. 44 §).

The tenant keeps the flat by paying within three weeks of the day they were notified; the
window's last day is the notified day + 21 days (calendar days, across month ends).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

WINDOW_DAYS = 21


@dataclass(frozen=True)
class Window:
    """The window as seen on ``today``: its last day, days left (0 on the last day), overdue."""

    notified_on: date
    last_day: date
    days_left: int
    overdue: bool


def last_day(notified_on: date) -> date:
    """The last day on which paying keeps the flat."""
    return notified_on + timedelta(days=WINDOW_DAYS)


def window(notified_on: date, today: date) -> Window:
    """The window on ``today``; ``days_left`` is negative once overdue."""
    end = last_day(notified_on)
    left = (end - today).days
    return Window(notified_on=notified_on, last_day=end, days_left=left, overdue=left < 0)
