"""The program owner's reports: the dashboard of one program (exact, for the owner only) and
the shared figures (suppressed, fit to leave the organisation: for the EST group or the
district plan).

Every figure is a grouped read, so the dashboard stays fast at tens of thousands of
participants: one query counts the participants by district × gender × age band × placement ×
exit reason on the day (the outcomes and every breakdown are sums of it), one the follow-ups,
one the entries into each stage per month, and one the days spent in each stage as a
histogram (the next stage change found with a window function, days counted by the database),
whose quartiles :func:`.analysis.outcomes.stage_times` finds without the rows.

SQLite takes about half a second over a program's 50 000 participants (the window over their
quarter of a million stage changes is most of it), so a dashboard made is kept while nothing
it shows has changed, as the lägesbild's pictures are (:func:`dashboard`): for the same
database, program and day, while the latest audit event (every change of a program is
audited), participant, stage change, follow-up, seat term and area are as they were, each one
cheap read.

The day ``on`` is the day of the report: a change, placement, exit or follow-up dated after
it has not happened yet; a participant referred after it is not counted.
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from datetime import date
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Integer, and_, case, extract, func, literal, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from samverkan.core.errors import N_, NotFound
from samverkan.core.models import AuditEvent
from samverkan.core.suppression import THRESHOLD
from samverkan.employment import factory, queries
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
    SeatTerm,
    StageChange,
)
from samverkan.geo import queries as geo_queries
from samverkan.geo.models import Area
from samverkan.orgs import policy
from samverkan.orgs.policy import Principal

NO_DISTRICT = N_("district not stated")
# A follow-up not recorded by the day: due (its day has come) or not yet due.
FOLLOWUP_PENDING = ("due", "not_due")


class day_number(FunctionElement[int]):
    """A date as a whole number of days (differences are days on every database)."""

    type = Integer()
    inherit_cache = True


@compiles(day_number)
def _day_number(element: Any, compiler: Any, **kw: Any) -> str:
    return f"({compiler.process(element.clauses, **kw)} - DATE '1970-01-01')"


@compiles(day_number, "sqlite")
def _day_number_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    return f"CAST(julianday({compiler.process(element.clauses, **kw)}) - 2440587.5 AS INTEGER)"


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


class SharedTable(BaseModel):
    """Participants by one dimension × result, suppressed: a hidden count is None, with its
    mark in ``marks`` ("<5" a small number, ".." hidden so that a small one cannot be worked
    out)."""

    dimension: str
    rows: list[str | int | None]
    names: list[str]
    columns: list[str]
    cells: list[list[int | None]]
    marks: list[list[str]]
    row_totals: list[int | None]
    col_totals: list[int | None]
    total: int | None


class SharedFigures(BaseModel):
    """What may leave the organisation: counts of people only, none below the threshold and
    none that can be worked out from the others; never a name or an id of a person."""

    program_id: int
    program: str
    on: date
    threshold: int
    by_district: SharedTable
    by_gender: SharedTable
    by_age_band: SharedTable


def _owned(session: Session, p: Principal, program_id: int) -> Program:
    found = queries.program(session, p, program_id)
    if found is None:
        raise NotFound(N_("program %(id)s not found"), id=program_id)
    return found


def _cube(session: Session, program_id: int, on: date) -> list[tuple[Any, ...]]:
    """Participants by (district, gender, age band, placement, exit reason) on ``on``."""
    placement = case((Participant.placed_on <= on, Participant.placement), else_=None)
    exit_reason = case((Participant.exited_on <= on, Participant.exit_reason), else_=None)
    dims = (
        Participant.district_id,
        Participant.gender,
        Participant.age_band,
        placement,
        exit_reason,
    )
    q = (
        select(*dims, func.count())
        .where(Participant.program_id == program_id, Participant.referred_on <= on)
        .group_by(*dims)
    )
    return [tuple(r) for r in session.execute(q)]


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


def _histogram(session: Session, program_id: int, on: date) -> list[tuple[str, int, bool, int]]:
    """(stage, days, still, n): the days each participant spent in each stage up to ``on``
    (the current one counted to ``on``), counted by stage, days and being in it still."""
    day = day_number(StageChange.entered_on)
    nxt = func.lead(day).over(
        partition_by=StageChange.participant_id,
        order_by=(StageChange.entered_on, StageChange.id),
    )
    changes = (
        select(
            StageChange.participant_id.label("pid"),
            StageChange.stage.label("stage"),
            day.label("d"),
            nxt.label("nxt"),
        )
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


def _district_names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(session.execute(select(Area.id, Area.name).where(Area.id.in_(ids))).all())


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
    cube = _cube(session, program.id, on)
    fcube = _followup_cube(session, program.id, on)
    hist = _histogram(session, program.id, on)
    stages = dict.fromkeys(STAGES, 0)
    for stage, _d, is_open, n in hist:
        if is_open:
            stages[stage] = stages.get(stage, 0) + n
    times = [
        StageTimeOut(stage=t.stage, n=t.n, still=t.still, median=t.median, q1=t.q1, q3=t.q3)
        for t in oc.stage_times(hist, min_n=1)
    ]
    districts = sorted({r[0] for r in cube}, key=lambda d: (d is None, d or 0))
    names = _district_names(session, {d for d in districts if d is not None})
    by_district = []
    for d in districts:
        row = _outcomes(cube, fcube, 0, d)
        row.name = names.get(d, "") if d is not None else NO_DISTRICT
        by_district.append(row)
    genders = [g for g in GENDERS if any(r[1] == g for r in cube)]
    ages = [a for a in AGE_BANDS if any(r[2] == a for r in cube)]
    has_seats = session.scalar(select(Seat.id).where(Seat.program_id == program.id).limit(1))
    return Dashboard(
        program_id=program.id,
        program=program.name,
        on=on,
        participants=sum(r[-1] for r in cube),
        stages=stages,
        flows=_flows(session, program.id, on),
        stage_times=times,
        outcomes=_outcomes(cube, fcube, None, None),
        by_district=by_district,
        by_gender=[_outcomes(cube, fcube, 1, g) for g in genders],
        by_age_band=[_outcomes(cube, fcube, 2, a) for a in ages],
        hit_rate=(
            [factory.rate_out(r) for r in factory.hit_rates(session, p, program.id, on)]
            if has_seats is not None
            else None
        ),
    )


def _shared_program(session: Session, p: Principal, program_id: int) -> Program:
    found = session.get(Program, program_id)
    if found is None or not policy.can_see_shared_employment(p, found.org_id):
        raise NotFound(N_("program %(id)s not found"), id=program_id)
    return found


def shared_figures(session: Session, p: Principal, program_id: int, *, on: date) -> SharedFigures:
    """The program's participants by district, gender and age band × result on ``on``,
    suppressed together (:func:`.analysis.outcomes.suppress_linked`): for the owner and the
    members of the EST groups the owner belongs to."""
    program = _shared_program(session, p, program_id)
    cube = _cube(session, program.id, on)
    districts = sorted({r[0] for r in cube}, key=lambda d: (d is None, d or 0))
    names = _district_names(session, {d for d in districts if d is not None})
    dims: list[tuple[str, int, list[Any]]] = [
        ("district", 0, districts),
        ("gender", 1, list(GENDERS)),
        ("age_band", 2, list(AGE_BANDS)),
    ]
    tables = []
    for _name, k, keys in dims:
        at = {key: i for i, key in enumerate(keys)}
        t = [[0] * len(oc.RESULTS) for _ in keys]
        for row in cube:
            stage = "exited" if row[4] is not None else ("placed" if row[3] else "active")
            t[at[row[k]]][oc.RESULTS.index(oc.result(stage, row[3], row[4]))] += row[-1]
        tables.append(t)
    if not districts:  # nobody yet: one empty row keeps the tables' shape
        tables[0] = [[0] * len(oc.RESULTS)]
        dims[0] = ("district", 0, [None])
    pubs = oc.suppress_linked(tables)
    out = []
    for (dimension, _k, keys), pub in zip(dims, pubs, strict=True):
        marks = [
            [
                "" if v is not None else (f"<{THRESHOLD}" if ("c", i, j) in pub.primary else "..")
                for j, v in enumerate(row)
            ]
            for i, row in enumerate(pub.cells)
        ]
        out.append(
            SharedTable(
                dimension=dimension,
                rows=keys,
                names=[
                    (names.get(key, "") if key is not None else NO_DISTRICT)
                    if dimension == "district"
                    else str(key)
                    for key in keys
                ],
                columns=list(oc.RESULTS),
                cells=pub.cells,
                marks=marks,
                row_totals=pub.row_totals,
                col_totals=pub.col_totals,
                total=pub.total,
            )
        )
    return SharedFigures(
        program_id=program.id,
        program=program.name,
        on=on,
        threshold=THRESHOLD,
        by_district=out[0],
        by_gender=out[1],
        by_age_band=out[2],
    )
