"""The follow-up of what associations give back: each commitment's delivery against its pace,
the reach by age band, gender and district, and the breadth of a district's activities.

Pure: plain facts of activities in (:class:`Fact`), figures out. The pace of a commitment is
:func:`samverkan.core.pace.pace` (the same pro-rata rule as a summer-job contract).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from samverkan.associations.analysis.rules import Rules, participants_in_range, shortfalls
from samverkan.core.pace import Pace, pace


@dataclass(frozen=True)
class Fact:
    """One reported activity, as the follow-up needs it: ``attendance`` maps (age band,
    gender) to people."""

    held_on: date
    district_id: int
    kind: str
    form: str
    minutes: int
    leaders: int
    attendance: Mapping[tuple[str, str], int] = field(default_factory=dict)

    @property
    def by_band(self) -> dict[str, int]:
        out: Counter[str] = Counter()
        for (band, _), n in self.attendance.items():
            out[band] += n
        return dict(out)

    @property
    def participants(self) -> int:
        return sum(self.attendance.values())


@dataclass(frozen=True)
class Goal:
    """A commitment as the follow-up reads it: ``required`` of ``unit`` (``tillfallen`` or
    ``deltagare``), of ``forms`` (empty: any) in ``district_id`` (None: any)."""

    required: int
    unit: str = "tillfallen"
    forms: tuple[str, ...] = ()
    district_id: int | None = None


@dataclass(frozen=True)
class Progress:
    """A commitment's delivery on a day: what counted, what did not and why, and the pace."""

    delivered: int
    matching: int  # activities of the commitment's forms and district, counted or not
    not_counted: dict[str, int]  # shortfall → activities
    pace: Pace


def applies(goal: Goal, fact: Fact) -> bool:
    """Whether an activity is of the commitment's forms and district."""
    if goal.forms and fact.form not in goal.forms:
        return False
    return goal.district_id is None or fact.district_id == goal.district_id


def progress(
    goal: Goal, rules: Rules, facts: Iterable[Fact], start: date, end: date, on: date
) -> Progress:
    """What the activities held ``start``–``end`` and by ``on`` deliver of ``goal``."""
    delivered = matching = 0
    missing: Counter[str] = Counter()
    for f in facts:
        if not (start <= f.held_on <= min(end, on)) or not applies(goal, f):
            continue
        matching += 1
        why = shortfalls(rules, f.minutes, f.leaders, f.by_band)
        if why:
            missing.update(why)
            continue
        delivered += 1 if goal.unit == "tillfallen" else participants_in_range(f.by_band, rules)
    return Progress(
        delivered, matching, dict(missing), pace(goal.required, delivered, start, end, on)
    )


@dataclass(frozen=True)
class Reach:
    """Participant visits summed: in all, per age band, per gender and per district."""

    total: int
    by_band: dict[str, int]
    by_gender: dict[str, int]
    by_district: dict[int, int]
    activities: int


def reach(facts: Iterable[Fact]) -> Reach:
    """The reach of ``facts``: participant visits by age band, gender and district."""
    bands: Counter[str] = Counter()
    genders: Counter[str] = Counter()
    districts: Counter[int] = Counter()
    n = 0
    for f in facts:
        n += 1
        for (band, gender), people in f.attendance.items():
            bands[band] += people
            genders[gender] += people
            districts[f.district_id] += people
    return Reach(sum(bands.values()), dict(bands), dict(genders), dict(districts), n)


@dataclass(frozen=True)
class Breadth:
    """How broad a district's offer is: activities per kind, the number of kinds, and the
    evenness of the spread (Shannon's entropy over the kinds' shares, divided by its maximum,
    ln of the kinds offered: 1 when every kind has as many activities, towards 0 when one kind
    has almost all; None with fewer than two kinds)."""

    by_kind: dict[str, int]
    kinds: int
    total: int
    entropy: float
    evenness: float | None
    missing: tuple[str, ...]  # the kinds known but not offered


def breadth(kinds_of_activities: Iterable[str], known: Sequence[str] = ()) -> Breadth:
    """The breadth of a district's activities, given each activity's kind."""
    c = Counter(kinds_of_activities)
    total = sum(c.values())
    entropy = -sum((n / total) * math.log(n / total) for n in c.values()) if total else 0.0
    k = len(c)
    return Breadth(
        by_kind=dict(c.most_common()),
        kinds=k,
        total=total,
        entropy=entropy,
        evenness=entropy / math.log(k) if k >= 2 else None,
        missing=tuple(x for x in known if x not in c),
    )
