"""The arithmetic of the bosocial contracts: the trial's end, which decisions are due or
overdue on a day, and the conversion rate (takeovers of the decisions made) per landlord and
year. Pure: days and codes in, numbers out."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

DUE_WITHIN_DAYS = 90  # "the next 3 months"
MIN_DECISIONS = 5  # below this a rate is "too few to say", like the job factory's hit rate
FINAL = ("takeover", "termination")  # the decisions that end a trial (an extension postpones)


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months; the 31st becomes the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def trial_end(start: date, months: int) -> date:
    """The day the trial of ``months`` months from ``start`` is over: from then on a takeover
    may be decided."""
    if months < 1:
        raise ValueError(f"a trial period is at least one month, got {months}")
    return add_months(start, months)


def month_of(day: date) -> date:
    """The first day of ``day``'s month (how a rent payment's month is kept)."""
    return day.replace(day=1)


def standing(status: str, end: date, on: date, within_days: int = DUE_WITHIN_DAYS) -> str:
    """Where a contract's decision stands on ``on``: ``decided`` (taken over or terminated),
    ``overdue`` (the trial ended before ``on`` and nothing final was decided), ``due`` (it ends
    within ``within_days``), or ``running``."""
    if status != "trial":
        return "decided"
    if end < on:
        return "overdue"
    if end <= on + timedelta(days=within_days):
        return "due"
    return "running"


@dataclass(frozen=True)
class Conversion:
    """One landlord's year: ``decided`` final decisions made that year, ``takeovers`` of them,
    ``rate`` = takeovers / decided — None when ``too_few`` (under :data:`MIN_DECISIONS`), and
    then the takeovers are not shown either."""

    landlord_org_id: int
    year: int
    decided: int
    takeovers: int
    rate: float | None
    too_few: bool


def conversion_rates(
    decisions: Iterable[tuple[int, date, str]], *, min_n: int = MIN_DECISIONS
) -> list[Conversion]:
    """The conversion rate per landlord and year from ``(landlord_org_id, day, kind)`` of the
    decisions made; extensions do not count (they decide nothing yet). Sorted by landlord, then
    year."""
    tally: dict[tuple[int, int], list[int]] = {}
    for landlord, day, kind in decisions:
        if kind not in FINAL:
            continue
        row = tally.setdefault((landlord, day.year), [0, 0])
        row[0] += 1
        row[1] += int(kind == "takeover")
    out = []
    for (landlord, year), (n, k) in sorted(tally.items()):
        too_few = n < min_n
        out.append(Conversion(landlord, year, n, k, None if too_few else k / n, too_few))
    return out
