"""The job factory (jobbfabriken): its seats, their rolling terms, and the hit rate.

A housing company hires long-term unemployed residents as miljövärdar on a fixed number of
seats per district (e.g. 5 in Skäggetorp). Each seat is held by one person at a time for a
term of ``term_months`` (18 by default), after which the company helps the person into a job.
The seats roll: a successor is recruited ``recruit_months`` before a seat frees, and the last
``transition_months`` of a term are transition support (job seeking with the company's help).

Dates are whole days. A term holds its seat from ``start`` up to, but not including, the day it
ends (``end``, or ``planned_end`` while it runs): the day a term ends is the day its seat is
free, and a successor may start that same day. Months are calendar months clamped to the month's
end (:func:`add_months`): a term from 2024-08-31 is planned to end on 2026-02-28.

The outcome is "a job within N months after the term": a term succeeds when the person's first
job started on or before ``end + N months``. The hit rate (in reality 50–75 %) is reported per
cohort (the year the terms started) or per year (the year they ended), with a Wilson score
interval, and honestly as too few to say ("för få för att säga") when fewer than
:data:`~samverkan.core.suppression.THRESHOLD` terms are counted.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from scipy import special  # not scipy.stats: its import costs seconds at server start-up

from samverkan.core.suppression import THRESHOLD

TERM_MONTHS = 18
RECRUIT_MONTHS = 3
TRANSITION_MONTHS = 3

Recruit = Literal["later", "due", "overdue", "done"]
GroupBy = Literal["cohort", "year"]


def add_months(d: date, n: int) -> date:
    """``d`` moved ``n`` calendar months (negative: back), clamped to the end of the month:
    2024-08-31 + 18 months is 2026-02-28, and 2026-02-28 − 3 months is 2025-11-28."""
    index = d.year * 12 + d.month - 1 + n
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Term:
    """One person's term on a seat. ``start`` is the first day, ``planned_end`` the day the
    term is planned to end (usually ``start + term_months``), ``end`` the day it actually ended
    (None while it runs; a date after today also means it still runs) and ``job_on`` the day
    the person's first job after the term started (None: no job known)."""

    seat: int
    start: date
    end: date | None
    planned_end: date
    job_on: date | None = None

    def __post_init__(self) -> None:
        if self.planned_end <= self.start:
            raise ValueError(
                f"a term's planned end ({self.planned_end}) must come after its start "
                f"({self.start})"
            )
        if self.end is not None and self.end < self.start:
            raise ValueError(f"a term cannot end ({self.end}) before it starts ({self.start})")

    def holds(self, day: date) -> bool:
        """Whether the term holds its seat on ``day``."""
        return self.start <= day and (self.end is None or day < self.end)

    def ended(self, today: date) -> bool:
        """Whether the term has ended by ``today`` (its seat is free from ``end`` on)."""
        return self.end is not None and self.end <= today


def term(seat: int, start: date, *, term_months: int = TERM_MONTHS) -> Term:
    """A new running term on ``seat`` from ``start``, planned to last ``term_months``."""
    return Term(seat=seat, start=start, end=None, planned_end=add_months(start, term_months))


@dataclass(frozen=True)
class SeatStatus:
    """One seat on ``today``.

    ``term`` is the term holding it (None: the seat is free), ``next_term`` a successor's term
    already booked to start after today. ``frees_on`` is the day the seat frees (the running
    term's planned end, or the end already set for it), ``recruit_from`` the day recruiting
    must start (``frees_on − recruit_months``) and ``transition_from`` the day the holder's
    transition support starts (``frees_on − transition_months``); ``in_transition`` whether the
    holder is in it today.
    ``free_since`` is the day a free seat's last term ended (None: never held, or held now).
    ``next_end`` is when a successor's term would be planned to end if it started the day the
    seat frees (today, for a free seat or one held past its planned end).

    ``recruit`` says where the recruiting stands today: ``later`` (before ``recruit_from``),
    ``due`` (from ``recruit_from`` until the seat frees), ``overdue`` (the seat is free, or its
    holder is past the planned end, and no successor is booked), ``done`` (a successor is
    booked).
    """

    seat: int
    term: Term | None
    next_term: Term | None
    frees_on: date | None
    recruit_from: date | None
    transition_from: date | None
    in_transition: bool
    free_since: date | None
    next_end: date
    recruit: Recruit

    @property
    def held(self) -> bool:
        return self.term is not None

    @property
    def recruiting_due(self) -> bool:
        """Whether someone must be recruiting for this seat today (due or overdue)."""
        return self.recruit in ("due", "overdue")


def seat_calendar(
    seats: Sequence[int],
    terms: Sequence[Term],
    *,
    today: date,
    term_months: int = TERM_MONTHS,
    recruit_months: int = RECRUIT_MONTHS,
    transition_months: int = TRANSITION_MONTHS,
) -> list[SeatStatus]:
    """The status of each of ``seats`` on ``today``, in the order given. Terms of other seats
    are ignored. Two terms holding one seat on the same day are an error (ValueError)."""
    for name, value in (
        ("term_months", term_months),
        ("recruit_months", recruit_months),
        ("transition_months", transition_months),
    ):
        if value < 0:
            raise ValueError(f"{name} must be 0 or more, got {value}")
    out = []
    for seat in seats:
        own = sorted((t for t in terms if t.seat == seat), key=lambda t: t.start)
        holding = [t for t in own if t.holds(today)]
        if len(holding) > 1:
            raise ValueError(
                f"seat {seat} is held by {len(holding)} terms on {today}: "
                + ", ".join(f"from {t.start}" for t in holding)
            )
        current = holding[0] if holding else None
        upcoming = [t for t in own if t.start > today]
        successor = upcoming[0] if upcoming else None
        frees: date | None = None
        recruit_from: date | None = None
        transition_from: date | None = None
        in_transition = False
        free_since: date | None = None
        if current is not None:
            frees = current.end or current.planned_end
            recruit_from = add_months(frees, -recruit_months)
            transition_from = add_months(frees, -transition_months)
            in_transition = today >= transition_from
            if successor is not None:
                recruit: Recruit = "done"
            elif today >= frees:
                recruit = "overdue"
            elif today >= recruit_from:
                recruit = "due"
            else:
                recruit = "later"
            next_end = add_months(max(frees, today), term_months)
        else:
            ends = [t.end for t in own if t.end is not None and t.ended(today)]
            free_since = max(ends) if ends else None
            recruit = "done" if successor is not None else "overdue"
            next_end = add_months(today, term_months)
        out.append(
            SeatStatus(
                seat=seat,
                term=current,
                next_term=successor,
                frees_on=frees,
                recruit_from=recruit_from,
                transition_from=transition_from,
                in_transition=in_transition,
                free_since=free_since,
                next_end=next_end,
                recruit=recruit,
            )
        )
    return out


def wilson(k: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval for ``k`` successes of ``n``, at ``confidence`` (two-sided).

    With ``p = k/n`` and ``z`` the normal quantile of ``(1 + confidence) / 2``, the interval is
    ``(p + z²/2n ± z·sqrt(p(1−p)/n + z²/4n²)) / (1 + z²/n)``: unlike ``p ± z·se`` it stays
    within 0–1 and is sensible for small ``n`` and for ``k`` at 0 or ``n`` (then the bound at
    that end is exactly 0 or 1). Equal to scipy's ``binomtest(k, n).proportion_ci("wilson")``
    and statsmodels' ``proportion_confint(k, n, method="wilson")``.
    """
    if isinstance(k, bool) or isinstance(n, bool) or int(k) != k or int(n) != n:
        raise ValueError(f"k and n must be whole numbers, got k={k!r}, n={n!r}")
    if n < 1 or not 0 <= k <= n:
        raise ValueError(f"need 0 ≤ k ≤ n and n ≥ 1, got k={k}, n={n}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie in (0, 1), got {confidence!r}")
    z = float(special.ndtri(0.5 + 0.5 * confidence))
    p = k / n
    denom = 1 + z * z / n
    center = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    low = 0.0 if k == 0 else max(0.0, center - half)
    high = 1.0 if k == n else min(1.0, center + half)
    return low, high


@dataclass(frozen=True)
class Rate:
    """The hit rate of one group: ``group`` the cohort (year the terms started) or the year
    they ended; ``n`` terms counted (ended, and either ``within_months`` past their end or the
    person already in a job), ``k`` of them with a job within ``within_months`` after the term.
    ``pending`` are the group's terms not yet counted (still running, or ended too recently to
    tell). ``rate`` is ``k / n`` with its Wilson interval ``ci_low``–``ci_high``; all three are
    None when ``too_few`` (``n`` below the suppression threshold: "för få för att säga"), and
    then ``k`` must not be shown either."""

    group: int
    n: int
    k: int
    pending: int
    rate: float | None
    ci_low: float | None
    ci_high: float | None
    too_few: bool


def outcome(t: Term, *, within_months: int, today: date) -> bool | None:
    """Whether ``t`` succeeded (a job by ``end + within_months``), or None while it cannot be
    told yet: the term runs, or it ended less than ``within_months`` ago and no job is known."""
    if t.end is None or t.end > today:
        return None
    deadline = add_months(t.end, within_months)
    found = t.job_on is not None and t.job_on <= today
    if today < deadline and not found:
        return None
    return t.job_on is not None and t.job_on <= deadline


def hit_rate(
    terms: Sequence[Term],
    *,
    within_months: int,
    today: date,
    by: GroupBy = "cohort",
    confidence: float = 0.95,
    min_n: int = THRESHOLD,
) -> list[Rate]:
    """The hit rate per group, oldest first: ``by="cohort"`` groups terms by the year they
    started, ``by="year"`` by the year they ended (a running term is pending in the year it is
    to end: its ``end`` when known, else its ``planned_end``). Every group with a term, counted
    or pending, has a row."""
    if within_months < 0:
        raise ValueError(f"within_months must be 0 or more, got {within_months}")
    if by not in ("cohort", "year"):
        raise ValueError(f"by must be 'cohort' or 'year', got {by!r}")
    tally: dict[int, list[int]] = {}  # group -> [n, k, pending]
    for t in terms:
        group = t.start.year if by == "cohort" else (t.end or t.planned_end).year
        row = tally.setdefault(group, [0, 0, 0])
        result = outcome(t, within_months=within_months, today=today)
        if result is None:
            row[2] += 1
        else:
            row[0] += 1
            row[1] += int(result)
    out = []
    for group in sorted(tally):
        n, k, pending = tally[group]
        too_few = n < min_n or n == 0
        if too_few:
            rate = low = high = None
        else:
            rate = k / n
            low, high = wilson(k, n, confidence)
        out.append(Rate(group, n, k, pending, rate, low, high, too_few))
    return out
