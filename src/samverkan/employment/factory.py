"""The job factory: seats per program and district, the participants' rolling terms on them,
the seat calendar (when each seat frees, when recruiting must start, who is in transition
support) and the hit rate "a job within N months after the term" per cohort and per year.

Reads and writes through the principal (``policy.can_work_employment`` via the program); the
calendar and the rates are :mod:`samverkan.employment.analysis.jobfactory` on the stored terms.
The hit rate is a count of people: under 5 it says "too few to say", never a number.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.core import audit
from samverkan.core.errors import N_, Conflict, Invalid, NotFound
from samverkan.employment import queries
from samverkan.employment.analysis import jobfactory as jf
from samverkan.employment.models import Program, Seat, SeatTerm
from samverkan.geo import queries as geo_queries
from samverkan.orgs.policy import Principal


class SeatIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str = Field(min_length=1, max_length=200)
    district_id: int | None = None


class TermIn(BaseModel):
    """A participant takes a seat from ``start`` (the term's end follows from the program)."""

    model_config = ConfigDict(extra="forbid")

    participant_id: int
    start: date


class TermEndIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ended_on: date | None = None
    job_on: date | None = None


def _program(session: Session, p: Principal, program_id: int) -> Program:
    found = queries.program(session, p, program_id)
    if found is None:
        raise NotFound(N_("program %(id)s not found"), id=program_id)
    return found


def _seat(session: Session, p: Principal, seat_id: int) -> tuple[Seat, Program]:
    seat = session.get(Seat, seat_id)
    program = queries.program(session, p, seat.program_id) if seat else None
    if seat is None or program is None:
        raise NotFound(N_("seat %(id)s not found"), id=seat_id)
    return seat, program


def add_seat(session: Session, p: Principal, program_id: int, data: SeatIn) -> Seat:
    program = _program(session, p, program_id)
    geo_queries.check_district(session, p, data.district_id)
    seat = Seat(program_id=program.id, title=data.title, district_id=data.district_id)
    session.add(seat)
    session.flush()
    audit.record(session, "seat.create", actor=p, object_type="seat", object_id=seat.id)
    return seat


def start_term(session: Session, p: Principal, seat_id: int, data: TermIn) -> SeatTerm:
    """A participant of the same program takes the seat; refused while it is held then."""
    seat, program = _seat(session, p, seat_id)
    x = queries.participant(session, p, data.participant_id)
    if x is None or x.program_id != program.id:
        raise Invalid(N_("no such participant in this program"), field="participant_id")
    planned = jf.add_months(data.start, program.term_months)
    for t in session.scalars(select(SeatTerm).where(SeatTerm.seat_id == seat.id)):
        end = t.ended_on or t.planned_end
        if t.start < planned and data.start < end:
            raise Conflict(
                N_("the seat is held from %(start)s to %(end)s"),
                field="start",
                start=t.start.isoformat(),
                end=end.isoformat(),
            )
    term = SeatTerm(seat_id=seat.id, participant_id=x.id, start=data.start, planned_end=planned)
    session.add(term)
    session.flush()
    audit.record(
        session,
        "seat.term",
        actor=p,
        object_type="seat",
        object_id=seat.id,
        detail={"term": term.id, "change": "start"},
    )
    return term


def end_term(session: Session, p: Principal, term_id: int, data: TermEndIn) -> SeatTerm:
    """The term ended (early or as planned) and/or the job that followed it."""
    term = session.get(SeatTerm, term_id)
    if term is None:
        raise NotFound(N_("term %(id)s not found"), id=term_id)
    seat, _program = _seat(session, p, term.seat_id)
    if data.ended_on is not None:
        if data.ended_on < term.start:
            raise Invalid(N_("a term cannot end before it began"), field="ended_on")
        term.ended_on = data.ended_on
    if data.job_on is not None:
        if data.job_on < term.start:
            raise Invalid(N_("the job cannot begin before the term"), field="job_on")
        term.job_on = data.job_on
    audit.record(
        session,
        "seat.term",
        actor=p,
        object_type="seat",
        object_id=seat.id,
        detail={"term": term.id, "change": "end"},
    )
    return term


def _terms(session: Session, program: Program) -> tuple[list[Seat], list[jf.Term]]:
    seats = list(
        session.scalars(
            select(Seat).where(Seat.program_id == program.id, Seat.active).order_by(Seat.id)
        )
    )
    rows = session.scalars(
        select(SeatTerm)
        .join(Seat, Seat.id == SeatTerm.seat_id)
        .where(Seat.program_id == program.id)
        .order_by(SeatTerm.start)
    )
    stored = list(rows)
    # A term nobody marked as ended ends when its seat's next term begins (a successor
    # booked from the planned end): one seat, one holder, on every day.
    successor: dict[int, date] = {}
    for a, b in zip(
        sorted(stored, key=lambda t: (t.seat_id, t.start)),
        sorted(stored, key=lambda t: (t.seat_id, t.start))[1:],
        strict=False,
    ):
        if a.seat_id == b.seat_id:
            successor[a.id] = b.start
    terms = [
        jf.Term(t.seat_id, t.start, t.ended_on or successor.get(t.id), t.planned_end, t.job_on)
        for t in stored
    ]
    return seats, terms


def calendar(
    session: Session, p: Principal, program_id: int, today: date
) -> list[tuple[Seat, jf.SeatStatus]]:
    """Each seat of the program with when it frees, when recruiting starts, who is in
    transition support."""
    program = _program(session, p, program_id)
    seats, terms = _terms(session, program)
    status = jf.seat_calendar(
        [s.id for s in seats],
        terms,
        today=today,
        term_months=program.term_months,
        recruit_months=program.recruit_months,
        transition_months=program.transition_months,
    )
    by_seat = {s.seat: s for s in status}
    return [(seat, by_seat[seat.id]) for seat in seats]


def hit_rates(
    session: Session, p: Principal, program_id: int, today: date, by: jf.GroupBy = "cohort"
) -> list[jf.Rate]:
    """The program's hit rate per cohort (year the term began) or per year (it ended)."""
    program = _program(session, p, program_id)
    _seats, terms = _terms(session, program)
    return jf.hit_rate(terms, within_months=program.success_months, today=today, by=by)


class SeatOut(BaseModel):
    """A seat on the day asked: held (by which participant, until when) or free; when
    recruiting must start and whether it is due; the holder in transition support or not."""

    id: int
    title: str
    district_id: int | None
    participant_id: int | None
    frees_on: date | None
    recruit_from: date | None
    recruit: str
    in_transition: bool
    free_since: date | None


class RateOut(BaseModel):
    """A group's hit rate, or ``too_few`` (fewer than 5: no rate, no interval)."""

    group: int
    n: int
    k: int
    pending: int
    rate: float | None
    ci_low: float | None
    ci_high: float | None
    too_few: bool


def seat_out(session: Session, seat: Seat, s: jf.SeatStatus) -> SeatOut:
    holder = None
    if s.term is not None:
        holder = session.scalar(
            select(SeatTerm.participant_id).where(
                SeatTerm.seat_id == seat.id, SeatTerm.start == s.term.start
            )
        )
    return SeatOut(
        id=seat.id,
        title=seat.title,
        district_id=seat.district_id,
        participant_id=holder,
        frees_on=s.frees_on,
        recruit_from=s.recruit_from,
        recruit=s.recruit,
        in_transition=s.in_transition,
        free_since=s.free_since,
    )


def rate_out(r: jf.Rate) -> RateOut:
    return RateOut(
        group=r.group,
        n=r.n,
        k=r.k,
        pending=r.pending,
        rate=r.rate,
        ci_low=r.ci_low,
        ci_high=r.ci_high,
        too_few=r.too_few,
    )
