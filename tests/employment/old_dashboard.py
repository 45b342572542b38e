"""The dashboard as it was made before the tallies: every figure a grouped read over the rows
(the days in each stage with a window function over the stage changes). Kept as the oracle the
tallied dashboard must equal (tests/employment/test_tallies.py)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import Integer, and_, case, extract, func, literal, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from samverkan.employment import factory
from samverkan.employment.analysis import outcomes as oc
from samverkan.employment.analysis.flows import STAGES
from samverkan.employment.analysis.jobfactory import add_months
from samverkan.employment.models import (
    AGE_BANDS,
    FOLLOWUP_MONTHS,
    GENDERS,
    FollowUp,
    Participant,
    Program,
    Seat,
    StageChange,
)
from samverkan.employment.reports import (
    NO_DISTRICT,
    Dashboard,
    MonthOut,
    OutcomesOut,
    StageTimeOut,
    district_names,
)
from samverkan.employment.shared import cube
from samverkan.orgs.policy import Principal


class day_number(FunctionElement[int]):
    type = Integer()
    inherit_cache = True


@compiles(day_number)
def _day_number(element: Any, compiler: Any, **kw: Any) -> str:
    return f"({compiler.process(element.clauses, **kw)} - DATE '1970-01-01')"


@compiles(day_number, "sqlite")
def _day_number_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    return f"CAST(julianday({compiler.process(element.clauses, **kw)}) - 2440587.5 AS INTEGER)"


def _followup_cube(session: Session, program_id: int, on: date) -> list[tuple[Any, ...]]:
    status = case(
        (FollowUp.done_on <= on, FollowUp.status),
        (FollowUp.due_on <= on, literal("due")),
        else_=literal("not_due"),
    )
    dims = (Participant.district_id, Participant.gender, Participant.age_band, FollowUp.months)
    q = (
        select(*dims, status, func.count())
        .join(Participant, Participant.id == FollowUp.participant_id)
        .where(Participant.program_id == program_id, Participant.exited_on <= on)
        .group_by(*dims, status)
    )
    return [tuple(r) for r in session.execute(q)]


def histogram(session: Session, program_id: int, on: date) -> list[tuple[str, int, bool, int]]:
    day = day_number(StageChange.entered_on)
    nxt = func.lead(day).over(
        partition_by=StageChange.participant_id,
        order_by=(StageChange.entered_on, StageChange.id),
    )
    changes = (
        select(StageChange.stage.label("stage"), day.label("d"), nxt.label("nxt"))
        .join(Participant, Participant.id == StageChange.participant_id)
        .where(Participant.program_id == program_id, StageChange.entered_on <= on)
        .subquery()
    )
    on_day = (on - date(1970, 1, 1)).days
    days = func.coalesce(changes.c.nxt, on_day) - changes.c.d
    still = case((changes.c.nxt.is_(None), 1), else_=0)
    q = select(changes.c.stage, days, still, func.count()).group_by(changes.c.stage, days, still)
    return [(s, int(d), bool(o), int(n)) for s, d, o, n in session.execute(q)]


def _flows(session: Session, program_id: int, on: date) -> list[MonthOut]:
    first = add_months(on.replace(day=1), -11)
    year = extract("year", StageChange.entered_on)
    month = extract("month", StageChange.entered_on)
    q = (
        select(year, month, StageChange.stage, func.count())
        .join(Participant, Participant.id == StageChange.participant_id)
        .where(
            Participant.program_id == program_id,
            and_(StageChange.entered_on >= first, StageChange.entered_on <= on),
        )
        .group_by(year, month, StageChange.stage)
    )
    months = [add_months(first, k) for k in range(12)]
    rows: dict[date, dict[str, int]] = {m: dict.fromkeys(STAGES, 0) for m in months}
    for y, m, stage, n in session.execute(q):
        rows[date(int(y), int(m), 1)][stage] = rows[date(int(y), int(m), 1)].get(stage, 0) + n
    return [MonthOut(month=m, entered=rows[m]) for m in months]


def _outcomes(
    cube: list[tuple[Any, ...]], fcube: list[tuple[Any, ...]], dim: int | None, key: Any
) -> OutcomesOut:
    placements: Counter[str] = Counter()
    exits: Counter[str] = Counter()
    total = 0
    for row in cube:
        if dim is not None and row[dim] != key:
            continue
        n = row[-1]
        total += n
        if row[3] is not None:
            placements[row[3]] += n
        if row[4] is not None:
            exits[row[4]] += n
    follow: dict[int, Counter[str]] = {m: Counter() for m in FOLLOWUP_MONTHS}
    for row in fcube:
        if dim is not None and row[dim] != key:
            continue
        follow.setdefault(row[3], Counter())[row[4] or "unknown"] += row[5]
    return OutcomesOut(
        group=key,
        participants=total,
        placements=dict(placements),
        exits=dict(exits),
        followups={m: dict(c) for m, c in follow.items()},
    )


def dashboard(session: Session, p: Principal, program_id: int, on: date) -> Dashboard:
    """The dashboard of ``program_id`` on ``on``, made from the rows alone."""
    program = session.get(Program, program_id)
    assert program is not None
    rows = cube(session, program.id, on)
    fcube = _followup_cube(session, program.id, on)
    hist = histogram(session, program.id, on)
    stages = dict.fromkeys(STAGES, 0)
    for stage, _d, is_open, n in hist:
        if is_open:
            stages[stage] = stages.get(stage, 0) + n
    times = [
        StageTimeOut(stage=t.stage, n=t.n, still=t.still, median=t.median, q1=t.q1, q3=t.q3)
        for t in oc.stage_times(hist, min_n=1)
    ]
    districts = sorted({r[0] for r in rows}, key=lambda d: (d is None, d or 0))
    names = district_names(session, {d for d in districts if d is not None})
    by_district = []
    for d in districts:
        row = _outcomes(rows, fcube, 0, d)
        row.name = names.get(d, "") if d is not None else NO_DISTRICT
        by_district.append(row)
    genders = [g for g in GENDERS if any(r[1] == g for r in rows)]
    ages = [a for a in AGE_BANDS if any(r[2] == a for r in rows)]
    has_seats = session.scalar(select(Seat.id).where(Seat.program_id == program.id).limit(1))
    return Dashboard(
        program_id=program.id,
        program=program.name,
        on=on,
        participants=sum(r[-1] for r in rows),
        stages=stages,
        flows=_flows(session, program.id, on),
        stage_times=times,
        outcomes=_outcomes(rows, fcube, None, None),
        by_district=by_district,
        by_gender=[_outcomes(rows, fcube, 1, g) for g in genders],
        by_age_band=[_outcomes(rows, fcube, 2, a) for a in ages],
        hit_rate=(
            [factory.rate_out(r) for r in factory.hit_rates(session, p, program.id, on)]
            if has_seats is not None
            else None
        ),
    )
