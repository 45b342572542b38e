"""Which week the lägesbild shows: what the reader typed, read as a week (and said back when it
was not a full ISO week), the weeks it can show, and whether the week is over, in progress or
still to come.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Literal

from samverkan.core.errors import N_, BadRequest
from samverkan.core.timeutil import IsoWeek, current_week, to_local

FIRST = IsoWeek(2000, 1)  # no municipality's records of this kind go further back
AHEAD = 52  # a week to come is empty, but one may look up to a year ahead
_DATE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s*$")
_FULL = re.compile(r"^\s*\d{4}-?W\d{2}\s*$", re.IGNORECASE)

WEEKDAYS_SV = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

State = Literal["past", "current", "future"]


def read_week(text: str | None, now: datetime | None = None) -> IsoWeek:
    """The week asked for; without one the last whole week (what the weekly meeting reviews).

    ``2026-W48``, what people type (``v. 48``, ``48``: the latest such week up to now), or a
    date (``2026-11-20``: the week it is in). Outside :data:`FIRST` to a year ahead, or not a
    week at all: BadRequest naming the value (and the weeks allowed)."""
    this = current_week(now)
    if not text or not text.strip():
        return this - 1
    try:
        week = IsoWeek.parse_loose(text, this.monday)  # a date too: the week it is in
    except ValueError:
        raise BadRequest(
            N_("week %(value)s is not an ISO week: expected e.g. 2026-W48, v. 48 or a date"),
            field="week",
            value=text,
        ) from None
    last = this + AHEAD
    if not FIRST <= week <= last:
        raise BadRequest(
            N_("week %(value)s is outside the weeks the picture can show: %(first)s to %(last)s"),
            field="week",
            value=text,
            first=str(FIRST),
            last=str(last),
        )
    return week


def how_read(text: str | None, week: IsoWeek) -> tuple[str, dict[str, object]] | None:
    """What to tell the reader about a week typed as something else than ``2026-W48``: which
    week (and year) it was read as. None when it needs no saying."""
    if not text or not text.strip() or _FULL.match(text):
        return None
    params: dict[str, object] = {"value": text.strip(), "week": week.week, "year": week.year}
    if _DATE.match(text):
        return N_("%(value)s is in week %(week)s %(year)s."), params
    loose = N_("%(value)s was read as week %(week)s %(year)s, the latest week %(week)s up to now.")
    return loose, params


def state(week: IsoWeek, now: datetime | None = None) -> State:
    """Over, in progress (this week in Stockholm) or still to come."""
    this = current_week(now)
    if week < this:
        return "past"
    return "current" if week == this else "future"


def weekday_today(lang: str, now: datetime | None = None) -> str:
    """Today's weekday in Stockholm, as written in running text ("fredag", "Friday")."""
    i = to_local(now or datetime.now(UTC)).weekday()
    return (WEEKDAYS_EN if lang == "en" else WEEKDAYS_SV)[i]
