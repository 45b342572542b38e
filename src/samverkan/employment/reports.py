"""The program owner's dashboard of one program on a day: exact, for the owner only (the
figures that may leave the organisation are :mod:`.shared`'s).

The dashboard reads the tallies kept on every write (:mod:`.tallies`) instead of every
participant: the figures of the day ``on`` are the tallies of the months before ``on``'s month
and that month's events up to ``on``, counted from the rows through their indexes.

- Entries into each stage per month: the entry tally of the 11 months before, the stage
  changes dated in ``on``'s month.
- Days in each stage, as a histogram whose quartiles :func:`.analysis.outcomes.stage_times`
  finds without the rows: the spells done (``StageChange.left_on``, the day of the next
  change, on or before ``on``) from the spell tally and the month's rows, and the spells open
  on ``on`` (no next change by then, their days counted to ``on``), grouped from the index on
  ``(program_id, left_on, stage, entered_on)``; the open ones are also the stage counts.
- Outcomes by district, gender and age band (participants, placements, exits, follow-ups by
  status): the outcome tally of the months before, and how the participants and follow-ups
  with a day in ``on``'s month (referred, placed, exited, due, recorded) stand on ``on``
  against the day before the month, in two grouped reads of those few.

At 50 000 participants and their 200 000 stage changes (``python -m benchmarks dashboard``) a
dashboard is made in about 90–100 ms on SQLite (it was about 700 ms when the days in each
stage took a window over every stage change and each outcome a grouped scan of every
participant and follow-up), about 110 ms on PostgreSQL; kept, under a millisecond.

A dashboard made is also kept while nothing it shows has changed, as the lägesbild's pictures
are (:func:`dashboard`): for the same database, program and day, while the latest audit event
(every change of a program is audited), participant, stage change, follow-up, seat term and
area are as they were, each one cheap read.

The day ``on`` is the day of the report: a change, placement, exit or follow-up dated after
it has not happened yet; a participant referred after it is not counted.
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel
from sqlalchemy import case, func, literal, select, union
from sqlalchemy.orm import Session

from samverkan.core.errors import N_, NotFound
from samverkan.core.models import AuditEvent
from samverkan.employment import factory, queries, tallies
from samverkan.employment.analysis import outcomes as oc
from samverkan.employment.analysis.flows import STAGES
from samverkan.employment.analysis.jobfactory import add_months
from samverkan.employment.models import (
    AGE_BANDS,
    FOLLOWUP_MONTHS,
    GENDERS,
    EntryTally,
    FollowUp,
    OutcomeTally,
    Participant,
    Program,
    Seat,
    SeatTerm,
    SpellTally,
    StageChange,
)
from samverkan.geo import queries as geo_queries
from samverkan.geo.models import Area
from samverkan.orgs.policy import Principal

NO_DISTRICT = N_("district not stated")


class StageTimeOut(BaseModel):
    """Days spent in a stage: ``n`` participants have been in it, ``still`` are in it on the
    day (their time so far counted); median and quartiles (None when nobody has been)."""

    stage: str
    n: int
    still: int
    median: float | None
    q1: float | None
    q3: float | None


class MonthOut(BaseModel):
    """How many entered each stage in the month beginning ``month``."""

    month: date
    entered: dict[str, int]


class OutcomesOut(BaseModel):
    """What became of a group: participants, placements by kind, exits by reason and the
    follow-ups at 1, 6 and 12 months by status (``due``/``not_due`` while not recorded)."""

    group: str | int | None = None
    name: str | None = None
    participants: int
    placements: dict[str, int]
    exits: dict[str, int]
    followups: dict[int, dict[str, int]]


class Dashboard(BaseModel):
    """One program on one day, exact (the owner's own data)."""

    program_id: int
    program: str
    on: date
    participants: int
    stages: dict[str, int]
    flows: list[MonthOut]
    stage_times: list[StageTimeOut]
    outcomes: OutcomesOut
    by_district: list[OutcomesOut]
    by_gender: list[OutcomesOut]
    by_age_band: list[OutcomesOut]
    hit_rate: list[factory.RateOut] | None


def _owned(session: Session, p: Principal, program_id: int) -> Program:
    found = queries.program(session, p, program_id)
    if found is None:
        raise NotFound(N_("program %(id)s not found"), id=program_id)
    return found


def district_names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(session.execute(select(Area.id, Area.name).where(Area.id.in_(ids))).all())


def _histogram(session: Session, program_id: int, on: date) -> list[tuple[str, int, bool, int]]:
    """(stage, days, still, n): the days each participant spent in each stage up to ``on``
    (the current one counted to ``on``), counted by stage, days and being in it still."""
    month = on.replace(day=1)
    hist: Counter[tuple[str, int, bool]] = Counter()
    t = SpellTally
    done = (
        select(t.stage, t.days, func.sum(t.n))
        .where(t.program_id == program_id, t.month < month)
        .group_by(t.stage, t.days)
    )
    for stage, days, n in session.execute(done):
        hist[(stage, days, False)] += int(n)
    sc = StageChange
    ended = (
        select(sc.stage, sc.entered_on, sc.left_on, func.count())
        .where(sc.program_id == program_id, sc.left_on >= month, sc.left_on <= on)
        .group_by(sc.stage, sc.entered_on, sc.left_on)
    )
    for stage, entered_on, left_on, n in session.execute(ended):
        if left_on is not None:  # always, in the range read
            hist[(stage, (left_on - entered_on).days, False)] += n
    # open on the day: no next change, or one dated after the day (read apart: each is one
    # range of the index)
    for still in (sc.left_on.is_(None), sc.left_on > on):
        q = (
            select(sc.stage, sc.entered_on, func.count())
            .where(sc.program_id == program_id, still)
            # in the index's order: a read of its range, not of every change
            .group_by(sc.left_on, sc.stage, sc.entered_on)
        )
        for stage, entered_on, n in session.execute(q):
            if entered_on <= on:
                hist[(stage, (on - entered_on).days, True)] += n
    return [(s, d, o, n) for (s, d, o), n in hist.items() if n]


def _flows(session: Session, program_id: int, on: date) -> list[MonthOut]:
    this = on.replace(day=1)
    first = add_months(this, -11)
    months = [add_months(first, k) for k in range(12)]
    rows: dict[date, dict[str, int]] = {m: dict.fromkeys(STAGES, 0) for m in months}
    t = EntryTally
    tallied = select(t.month, t.stage, t.n).where(
        t.program_id == program_id, t.month >= first, t.month < this
    )
    sc = StageChange
    month = (
        select(sc.stage, func.count())
        .where(sc.program_id == program_id, sc.entered_on >= this, sc.entered_on <= on)
        .group_by(sc.stage)
    )
    found = [*session.execute(tallied), *((this, s, n) for s, n in session.execute(month))]
    for m, stage, n in found:
        rows[m][stage] = rows[m].get(stage, 0) + n
    return [MonthOut(month=m, entered=rows[m]) for m in months]


def _cube(session: Session, program_id: int, days: tuple[date, date], ids: Any) -> list[Any]:
    """The participants ``ids`` (a subquery) by district, gender, age band and, on each of the
    two days, whether referred by then, the placement and the exit reason."""
    p = Participant
    dims: list[Any] = [p.district_id, p.gender, p.age_band]
    for day in days:
        dims += [
            case((p.referred_on <= day, 1), else_=0),
            case((p.placed_on <= day, p.placement), else_=None),
            case((p.exited_on <= day, p.exit_reason), else_=None),
        ]
    q = (
        select(*dims, func.count())
        .where(p.program_id == program_id, p.referred_on <= max(days), p.id.in_(ids))
        .group_by(*dims)
    )
    return list(session.execute(q))


def _followup_cube(
    session: Session, program_id: int, days: tuple[date, date], ids: Any
) -> list[Any]:
    """The follow-ups ``ids`` (a subquery) by district, gender, age band, months and, on each
    of the two days, whether their participant had exited by then and their status."""
    p, f = Participant, FollowUp
    dims: list[Any] = [p.district_id, p.gender, p.age_band, f.months]
    for day in days:
        dims += [
            case((p.exited_on <= day, 1), else_=0),
            case(
                (f.done_on <= day, func.coalesce(f.status, literal("unknown"))),
                (f.due_on <= day, literal("due")),
                else_=literal("not_due"),
            ),
        ]
    q = (
        select(*dims, func.count())
        .join(p, p.id == f.participant_id)
        .where(p.program_id == program_id, p.exited_on <= max(days), f.id.in_(ids))
        .group_by(*dims)
    )
    return list(session.execute(q))


def _outcome_counts(session: Session, program_id: int, on: date) -> Counter[tallies.Outcome]:
    """The groups' counts on ``on``: the tally of the months before ``on``'s month, and how the
    participants and follow-ups with a day in that month (referred, placed, exited, due or
    recorded) stand on ``on`` against the day before the month."""
    month = on.replace(day=1)
    days = (on, month - timedelta(days=1))
    t = OutcomeTally
    keys = (t.dimension, t.value, t.measure, t.kind, t.months)
    q = (
        select(*keys, func.sum(t.n))
        .where(t.program_id == program_id, t.month < month)
        .group_by(*keys)
    )
    counts: Counter[tallies.Outcome] = Counter(
        {tallies.Outcome(*r[:5]): int(r[5]) for r in session.execute(q)}
    )
    p, f = Participant, FollowUp
    people = union(
        *(
            select(p.id).where(p.program_id == program_id, col >= month, col <= on)
            for col in (p.referred_on, p.placed_on, p.exited_on)
        )
    )
    follow = union(
        *(select(f.id).where(col >= month, col <= on) for col in (f.due_on, f.done_on)),
        select(f.id)
        .join(p, p.id == f.participant_id)
        .where(p.program_id == program_id, p.exited_on >= month, p.exited_on <= on),
    )
    Out = tallies.Outcome
    for row in _cube(session, program_id, days, people):
        district, gender, age_band, n = row[0], row[1], row[2], row[-1]
        for sign, (referred, placement, exit_reason) in ((1, row[3:6]), (-1, row[6:9])):
            if not referred:
                continue
            for dimension, value in tallies.groups(district, gender, age_band):
                counts[Out(dimension, value, "participants", "", 0)] += sign * n
                if placement is not None:
                    counts[Out(dimension, value, "placement", placement, 0)] += sign * n
                if exit_reason is not None:
                    counts[Out(dimension, value, "exit", exit_reason, 0)] += sign * n
    for row in _followup_cube(session, program_id, days, follow):
        district, gender, age_band, months, n = row[0], row[1], row[2], row[3], row[-1]
        for sign, (exited, status) in ((1, row[4:6]), (-1, row[6:8])):
            if exited:
                for dimension, value in tallies.groups(district, gender, age_band):
                    counts[Out(dimension, value, "followup", status, months)] += sign * n
    return counts


def _outcomes(
    counts: Counter[tallies.Outcome], names: dict[int, str]
) -> dict[str, dict[Any, OutcomesOut]]:
    """Each dimension's groups (a district's id, None without one) with their outcomes; a
    district no longer there has left its participants without one, as the rows have."""
    out: dict[str, dict[Any, OutcomesOut]] = {}
    for (dimension, value, measure, kind, months), n in counts.items():
        group: Any = value
        if dimension == "district":
            group = int(value) if value and int(value) in names else None
        row = out.setdefault(dimension, {}).get(group)
        if row is None:
            row = OutcomesOut(
                group=group,
                participants=0,
                placements={},
                exits={},
                followups={m: {} for m in FOLLOWUP_MONTHS},
            )
            out[dimension][group] = row
        if measure == "participants":
            row.participants += n
            continue
        if measure == "placement":
            cell = row.placements
        elif measure == "exit":
            cell = row.exits
        else:
            cell = row.followups.setdefault(months, {})
        cell[kind] = cell.get(kind, 0) + n
    for groups in out.values():
        for row in groups.values():
            for cell in (row.placements, row.exits, *row.followups.values()):
                for kind in [k for k, v in cell.items() if not v]:
                    del cell[kind]
    return out


def _total(groups: dict[Any, OutcomesOut]) -> OutcomesOut:
    total = OutcomesOut(
        participants=0, placements={}, exits={}, followups={m: {} for m in FOLLOWUP_MONTHS}
    )
    for row in groups.values():
        total.participants += row.participants
        for mine, theirs in (
            (total.placements, row.placements),
            (total.exits, row.exits),
            *((total.followups.setdefault(m, {}), c) for m, c in row.followups.items()),
        ):
            for kind, n in theirs.items():
                mine[kind] = mine.get(kind, 0) + n
    return total


SIZE = 32
_lock = threading.Lock()
_made: OrderedDict[tuple[Any, ...], Dashboard] = OrderedDict()


def _version(session: Session, program_id: int, on: date) -> tuple[Any, ...]:
    latest = [
        session.scalar(select(func.max(column)))
        for column in (AuditEvent.id, Participant.id, StageChange.id, FollowUp.id, SeatTerm.id)
    ]
    return (id(session.get_bind()), program_id, on, *latest, geo_queries.areas_version(session))


def clear_cache() -> None:
    with _lock:
        _made.clear()


def dashboard(
    session: Session, p: Principal, program_id: int, *, on: date, cached: bool = True
) -> Dashboard:
    """The program's dashboard on ``on``: participants by stage, entries into each stage per
    month over the last 12 months, days in each stage, outcomes by district, gender and age
    band, and the job factory's hit rate when the program has seats. The owner's only; the
    same dashboard made before while nothing has changed (unless not ``cached``)."""
    program = _owned(session, p, program_id)
    key = _version(session, program.id, on) if cached else None
    if key is not None:
        with _lock:
            found = _made.get(key)
            if found is not None:
                _made.move_to_end(key)
                return found
    made = _build(session, p, program, on)
    if key is not None:
        with _lock:
            _made[key] = made
            while len(_made) > SIZE:
                _made.popitem(last=False)
    return made


def _build(session: Session, p: Principal, program: Program, on: date) -> Dashboard:
    counts = _outcome_counts(session, program.id, on)
    ids = {int(k.value) for k in counts if k.dimension == "district" and k.value}
    names = district_names(session, ids)
    groups = _outcomes(counts, names)
    hist = _histogram(session, program.id, on)
    stages = dict.fromkeys(STAGES, 0)
    for stage, _d, is_open, n in hist:
        if is_open:
            stages[stage] = stages.get(stage, 0) + n
    times = [
        StageTimeOut(stage=t.stage, n=t.n, still=t.still, median=t.median, q1=t.q1, q3=t.q3)
        for t in oc.stage_times(hist, min_n=1)
    ]
    present = {
        dimension: {g: row for g, row in rows.items() if row.participants > 0}
        for dimension, rows in groups.items()
    }
    by_district = []
    for d in sorted(present.get("district", {}), key=lambda d: (d is None, d or 0)):
        row = present["district"][d]
        row.name = names.get(d, "") if d is not None else NO_DISTRICT
        by_district.append(row)
    genders = present.get("gender", {})
    ages = present.get("age_band", {})
    has_seats = session.scalar(select(Seat.id).where(Seat.program_id == program.id).limit(1))
    total = _total(groups.get("district", {}))
    return Dashboard(
        program_id=program.id,
        program=program.name,
        on=on,
        participants=total.participants,
        stages=stages,
        flows=_flows(session, program.id, on),
        stage_times=times,
        outcomes=total,
        by_district=by_district,
        by_gender=[genders[g] for g in GENDERS if g in genders],
        by_age_band=[ages[a] for a in AGE_BANDS if a in ages],
        hit_rate=(
            [factory.rate_out(r) for r in factory.hit_rates(session, p, program.id, on)]
            if has_seats is not None
            else None
        ),
    )
