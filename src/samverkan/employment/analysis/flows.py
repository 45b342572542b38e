"""How participants move along a program's pathway: time in each stage, flows between stages,
entries and exits per month.

A participant's history is their stage changes in order, ``(stage, on)``: on ``on`` they
entered ``stage`` and stayed in it until the next change. The pathway is :data:`STAGES`
(referred → intake → mapped → active → matched → placed → exited), but any stage names can be
passed: unknown names are kept and ordered after the known ones. A change dated after ``today``
has not happened yet and is left out; a second change to the stage one is already in is no
change. Being in a final stage (``exited``) is being out of the program: that time is not
counted, and a change out of it is a new entry.

Periods are whole days with both ends included (2025-01-01 – 2025-12-31). Counts are of people:
publish them through :mod:`samverkan.core.suppression`; the per-stage statistics are withheld
below its threshold here already (``too_few``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from samverkan.core.suppression import THRESHOLD

# The pathway, in order.
STAGES = ("referred", "intake", "mapped", "active", "matched", "placed", "exited")
# Stages in which a participant is out of the program.
FINAL = ("exited",)


class Change(NamedTuple):
    """Entering ``stage`` on ``on`` (a plain ``(stage, on)`` tuple does as well)."""

    stage: str
    on: date


@dataclass(frozen=True)
class Spell:
    """An unbroken time in one stage: from ``start`` to ``end`` (the day of the next change;
    None while the participant is still in it, then ``days`` counts up to ``today``)."""

    stage: str
    start: date
    end: date | None
    days: int


@dataclass(frozen=True)
class StageTime:
    """Days spent in ``stage`` across participants (one number each: the sum of their spells in
    it). ``n`` participants have been in it, ``still`` of them are in it today (their time so
    far is counted). ``median``, ``q1`` and ``q3`` (quartiles, numpy's linear method) are None
    when ``too_few`` (fewer than the suppression threshold)."""

    stage: str
    n: int
    still: int
    median: float | None
    q1: float | None
    q3: float | None
    too_few: bool


@dataclass(frozen=True)
class MonthCount:
    """Entries into and exits from the program in the month starting on ``month``."""

    month: date
    entries: int
    exits: int


def _history(changes: Sequence[tuple[str, date]], today: date | None = None) -> list[Change]:
    """The changes checked (in date order, named stages), without repeats of the same stage
    and, given ``today``, without those still to come."""
    out: list[Change] = []
    for stage, on in changes:
        if not isinstance(stage, str) or not stage:
            raise ValueError(f"a stage is a non-empty name, got {stage!r}")
        if out and on < out[-1].on:
            raise ValueError(
                f"stage changes must be in date order: {stage!r} on {on} after "
                f"{out[-1].stage!r} on {out[-1].on}"
            )
        if today is not None and on > today:
            break
        if out and out[-1].stage == stage:
            continue
        out.append(Change(stage, on))
    return out


def _ordered(stages: Iterable[str], order: Sequence[str]) -> list[str]:
    known = {s: i for i, s in enumerate(order)}
    return sorted(set(stages), key=lambda s: (known.get(s, len(known)), s))


def spells(
    changes: Sequence[tuple[str, date]], *, today: date, final: Sequence[str] = FINAL
) -> list[Spell]:
    """One participant's spells in order, the last one open until ``today``; time in a final
    stage is left out."""
    history = _history(changes, today)
    out = []
    for i, (stage, on) in enumerate(history):
        if stage in final:
            continue
        end = history[i + 1].on if i + 1 < len(history) else None
        out.append(Spell(stage, on, end, ((end or today) - on).days))
    return out


def stage_times(
    people: Iterable[Sequence[tuple[str, date]]],
    *,
    today: date,
    order: Sequence[str] = STAGES,
    final: Sequence[str] = FINAL,
    include_open: bool = True,
    min_n: int = THRESHOLD,
) -> list[StageTime]:
    """The time in each stage across ``people`` (each one participant's changes): a row for
    every non-final stage of ``order`` and for every other stage someone has been in. Without
    ``include_open`` only finished spells count (the spell a participant is still in is left
    out): shorter than the truth while long spells still run, but not cut off by today.
    """
    days: dict[str, list[int]] = {s: [] for s in order if s not in final}
    still: dict[str, int] = dict.fromkeys(days, 0)
    for changes in people:
        total: dict[str, int] = {}
        open_in: str | None = None
        for spell in spells(changes, today=today, final=final):
            if spell.end is None:
                open_in = spell.stage
                if not include_open:
                    continue
            total[spell.stage] = total.get(spell.stage, 0) + spell.days
        for stage, d in total.items():
            days.setdefault(stage, []).append(d)
            still.setdefault(stage, 0)
        if include_open and open_in is not None:
            still[open_in] += 1
    out = []
    for stage in _ordered(days, order):
        values = days[stage]
        too_few = len(values) < min_n or not values
        if too_few:
            q1 = median = q3 = None
        else:
            q1, median, q3 = (float(v) for v in np.percentile(values, [25, 50, 75]))
        out.append(StageTime(stage, len(values), still[stage], median, q1, q3, too_few))
    return out


def transitions(
    people: Iterable[Sequence[tuple[str, date]]],
    *,
    start: date,
    end: date,
    order: Sequence[str] = STAGES,
) -> dict[tuple[str, str], int]:
    """How many moves from one stage to another were made in ``start``–``end`` (the day of the
    move counts), as ``{(from, to): count}`` in pathway order. A first stage is no move."""
    if end < start:
        raise ValueError(f"a period's end ({end}) cannot come before its start ({start})")
    counts: dict[tuple[str, str], int] = {}
    for changes in people:
        history = _history(changes)
        for before, after in pairwise(history):
            if start <= after.on <= end:
                key = (before.stage, after.stage)
                counts[key] = counts.get(key, 0) + 1
    rank = {s: i for i, s in enumerate(_ordered({s for k in counts for s in k}, order))}
    return {k: counts[k] for k in sorted(counts, key=lambda k: (rank[k[0]], rank[k[1]]))}


def flow_matrix(
    flows: dict[tuple[str, str], int], stages: Sequence[str] = STAGES
) -> NDArray[np.int64]:
    """:func:`transitions` as a matrix: row = from, column = to, in the order of ``stages``."""
    index = {s: i for i, s in enumerate(stages)}
    m = np.zeros((len(stages), len(stages)), dtype=np.int64)
    for (a, b), n in flows.items():
        if a not in index or b not in index:
            raise ValueError(f"stage {a if a not in index else b!r} is not one of {stages}")
        m[index[a], index[b]] += n
    return m


def _months(start: date, end: date) -> list[date]:
    out = []
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append(date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def monthly(
    people: Iterable[Sequence[tuple[str, date]]],
    *,
    start: date,
    end: date,
    final: Sequence[str] = FINAL,
) -> list[MonthCount]:
    """Entries and exits per calendar month of ``start``–``end`` (every month, zeros too; only
    days within the period count, so a period starting mid-month has a partial first month).
    An entry is a first stage that is not final, or a move out of a final stage; an exit a
    move into a final stage."""
    if end < start:
        raise ValueError(f"a period's end ({end}) cannot come before its start ({start})")
    rows = {m: [0, 0] for m in _months(start, end)}
    for changes in people:
        inside = False
        for stage, on in _history(changes):
            now_inside = stage not in final
            if now_inside != inside and start <= on <= end:
                rows[on.replace(day=1)][0 if now_inside else 1] += 1
            inside = now_inside
    return [MonthCount(m, e, x) for m, (e, x) in rows.items()]
