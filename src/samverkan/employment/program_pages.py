"""Pages of one employment program for its owner's case workers and coaches: the program's
dashboard (``/sysselsattning/program/{id}``) and the job factory (``…/platser``): the seats per
district, the seat calendar as a timeline over 24 months (each seat's terms, when it frees,
when recruiting must start, the months of transition support), adding a seat, starting and
ending a term, and the hit rate per cohort and per year with its interval ("too few to say"
under 5).

What the program pages share is in :mod:`.page_kit`; the summer jobs are in
:mod:`.summer_pages`, matching in :mod:`.match_pages`. What the caller may not see is 404;
every name shown is a logged read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.core.deps import SessionDep
from samverkan.core.errors import N_, DomainError, Invalid, NotFound
from samverkan.core.i18n import translations
from samverkan.core.templating import render
from samverkan.employment import esf, factory, queries, reports
from samverkan.employment.analysis import jobfactory as jf
from samverkan.employment.analysis.flows import STAGES
from samverkan.employment.models import Program, Seat, SeatTerm
from samverkan.employment.page_kit import (
    TOO_FEW,
    blank,
    day,
    errors,
    form,
    people_of,
    program_of,
    status_of,
    use,
)
from samverkan.geo import queries as geo_queries
from samverkan.orgs.deps import CsrfDep, UserDep
from samverkan.orgs.policy import Principal
from samverkan.people import reads
from samverkan.people.models import Person

router = APIRouter(prefix="/sysselsattning", include_in_schema=False)

WIDTH = 720  # the seat calendar's drawing width (SVG units); it shrinks to a phone's width
MONTHS = 24  # months shown: 6 back, 18 ahead
BACK = 6

# The names of the program pages' own fields in refusals (``Domain(fields=...)``).
FIELD_LABELS = {
    "start": N_("start of the term"),
    "ended_on": N_("end of the term"),
    "job_on": N_("first day of the job"),
    "dag": N_("day shown"),
}

# --- the seat calendar, drawn ----------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """A stretch of one seat's timeline: ``kind`` is ``past``, ``term``, ``next``,
    ``transition`` or ``recruit``; ``x`` and ``w`` in the drawing's units."""

    kind: str
    x: float
    w: float
    start: date
    end: date


@dataclass(frozen=True)
class Axis:
    start: date
    end: date
    today_x: float
    ticks: list[tuple[float, str, bool]]  # x, label ("2027" or "jul"), whether a year starts


def axis(on: date) -> Axis:
    start = jf.add_months(on.replace(day=1), -BACK)
    end = jf.add_months(start, MONTHS)
    ticks = []
    for i in range(MONTHS + 1):
        d = jf.add_months(start, i)
        ticks.append((_x(d, start, end), str(d.year), d.month == 1))
    return Axis(start, end, _x(on, start, end), ticks)


def _x(d: date, start: date, end: date) -> float:
    span = (end - start).days
    return round(min(max((d - start).days, 0), span) / span * WIDTH, 1)


def _bar(kind: str, a: date, b: date, ax: Axis) -> Bar | None:
    if b <= ax.start or a >= ax.end or b <= a:
        return None
    x1, x2 = _x(a, ax.start, ax.end), _x(b, ax.start, ax.end)
    return Bar(kind, x1, max(round(x2 - x1, 1), 1.0), a, b)


def bars(
    terms: list[jf.Term], status: jf.SeatStatus, program: Program, ax: Axis, on: date
) -> list[Bar]:
    """One seat's timeline: its terms (ended ones grey, the holder's, a booked successor's),
    the last months of a running term as transition support and the recruiting window."""
    out: list[Bar | None] = []
    for t in terms:
        end = t.end or t.planned_end
        ended = t.ended(on)
        kind = "past" if ended else ("next" if t.start > on else "term")
        out.append(_bar(kind, t.start, end, ax))
        if not ended:
            support = jf.add_months(end, -program.transition_months)
            out.append(_bar("transition", max(support, t.start), end, ax))
    if status.recruit in ("later", "due") and status.recruit_from and status.frees_on:
        out.append(_bar("recruit", status.recruit_from, status.frees_on, ax))
    return [b for b in out if b is not None]


@dataclass
class SeatRow:
    seat: Seat
    district: str | None
    status: jf.SeatStatus
    holder: Person | None
    holder_term: SeatTerm | None
    successor: Person | None
    bars: list[Bar]
    terms: list[SeatTerm]


def _terms(db: Session, program: Program) -> dict[int, list[SeatTerm]]:
    rows = db.scalars(
        select(SeatTerm)
        .join(Seat, Seat.id == SeatTerm.seat_id)
        .where(Seat.program_id == program.id)
        .order_by(SeatTerm.start, SeatTerm.id)
    )
    out: dict[int, list[SeatTerm]] = {}
    for t in rows:
        out.setdefault(t.seat_id, []).append(t)
    return out


def as_terms(own: list[SeatTerm]) -> list[jf.Term]:
    """A seat's terms for the calendar. A term nobody marked as ended ends when its
    successor's begins: the successor holds the seat from then (the service lets a successor
    start on the planned end without the holder's term being ended first)."""
    out = []
    for i, t in enumerate(own):
        end = t.ended_on
        later = own[i + 1].start if i + 1 < len(own) else None
        if end is None and later is not None:
            end = later
        out.append(jf.Term(t.seat_id, t.start, end, t.planned_end, t.job_on))
    return out


def _held(terms: list[SeatTerm], t: jf.Term | None) -> SeatTerm | None:
    return next((x for x in terms if t is not None and x.start == t.start), None)


def seat_rows(
    db: Session, p: Principal, program: Program, on: date, ax: Axis
) -> tuple[list[SeatRow], dict[int, Person]]:
    """The program's seats on ``on`` with their holders and timelines, and the persons named
    (the caller has checked the program)."""
    seats = list(
        db.scalars(select(Seat).where(Seat.program_id == program.id, Seat.active).order_by(Seat.id))
    )
    terms = _terms(db, program)
    status = jf.seat_calendar(
        [s.id for s in seats],
        [t for s in seats for t in as_terms(terms.get(s.id, []))],
        today=on,
        term_months=program.term_months,
        recruit_months=program.recruit_months,
        transition_months=program.transition_months,
    )
    areas = {a.id: a.name for a in geo_queries.visible_areas(db, p)}
    ids = {t.participant_id for ts in terms.values() for t in ts if t.participant_id}
    persons = people_of(db, ids)
    rows = []
    for seat, st in zip(seats, status, strict=True):
        own = terms.get(seat.id, [])
        held, booked = _held(own, st.term), _held(own, st.next_term)
        rows.append(
            SeatRow(
                seat=seat,
                district=areas.get(seat.district_id) if seat.district_id else None,
                status=st,
                holder=persons.get(held.participant_id or 0) if held else None,
                holder_term=held,
                successor=persons.get(booked.participant_id or 0) if booked else None,
                bars=bars(as_terms(own), st, program, ax, on),
                terms=own,
            )
        )
    return rows, persons


def by_district(rows: list[SeatRow]) -> list[tuple[str | None, int, int, int]]:
    """Seats per district: the district, seats, held on the day, recruiting due."""
    out: dict[str | None, list[int]] = {}
    for r in rows:
        acc = out.setdefault(r.district, [0, 0, 0])
        acc[0] += 1
        acc[1] += int(r.status.held)
        acc[2] += int(r.status.recruiting_due)
    ordered = sorted(out.items(), key=lambda kv: (kv[0] is None, kv[0] or ""))
    return [(d, n, held, due) for d, (n, held, due) in ordered]


# --- the job factory's page ---------------------------------------------------------------


def _factory_page(
    request: Request, db: Session, p: Principal, program: Program, on: date, **extra: Any
) -> HTMLResponse:
    status_code = extra.pop("status", 200)
    ax = axis(on)
    rows, persons = seat_rows(db, p, program, on, ax)
    busy = {t.participant_id for r in rows for t in r.terms if not t.ended_on or t.ended_on > on}
    free = [
        x
        for x in queries.participants(db, p, program.id)
        if x.id not in busy and x.stage not in ("placed", "exited")
    ]
    candidates = people_of(db, {x.id for x in free})
    shown = {x.id: x for x in [*persons.values(), *candidates.values()]}
    reads.log(request, db, p, list(shown.values()), "search")
    ctx = {
        "program": program,
        "on": on,
        "axis": ax,
        "width": WIDTH,
        "rows": rows,
        "persons_by_participant": persons,
        "districts_summary": by_district(rows),
        "candidates": sorted(candidates.items(), key=lambda kv: kv[1].name),
        "rates": factory.hit_rates(db, p, program.id, on, "cohort"),
        "rates_year": factory.hit_rates(db, p, program.id, on, "year"),
        "too_few": TOO_FEW,
        "districts": [a for a in geo_queries.visible_areas(db, p) if a.kind == "stadsdel"],
        "form": {},
        **extra,
    }
    return render(request, "employment/factory.html", ctx, status_code)


def _back(program_id: int, anchor: str, on: str = "", term: int | None = None) -> RedirectResponse:
    """Back to the seat calendar at ``anchor`` (on the day shown; ``term``: the term made)."""
    params = [f"dag={on}"] if on else []
    if term is not None:
        params.append(f"period={term}")
    query = f"?{'&'.join(params)}" if params else ""
    return RedirectResponse(
        f"/sysselsattning/program/{program_id}/platser{query}#{anchor}", status_code=303
    )


@router.get("/program/{program_id}/platser", response_class=HTMLResponse)
def factory_page(
    request: Request, db: SessionDep, p: UserDep, program_id: int, dag: str = ""
) -> HTMLResponse:
    use(p)
    return _factory_page(request, db, p, program_of(db, p, program_id), day(dag))


@router.post("/program/{program_id}/platser", dependencies=[CsrfDep])
async def add_seat(request: Request, db: SessionDep, p: UserDep, program_id: int) -> Response:
    use(p)
    program = program_of(db, p, program_id)
    f = await form(request)
    try:
        district = f.get("district_id") or None
        seat = factory.add_seat(
            db, p, program.id, factory.SeatIn(title=f.get("title", ""), district_id=district)
        )
    except (ValidationError, DomainError) as exc:
        on = day(f.get("dag", ""))
        return _factory_page(
            request, db, p, program, on, errors=errors(request, exc), form=f, status=422
        )
    return _back(program.id, f"plats-{seat.id}", f.get("dag", ""))


def _seat_of(db: Session, program: Program, seat_id: int) -> Seat:
    seat = db.get(Seat, seat_id)
    if seat is None or seat.program_id != program.id:
        raise NotFound(N_("seat %(id)s not found"), id=seat_id)
    return seat


@router.post("/program/{program_id}/platser/{seat_id}/period", dependencies=[CsrfDep])
async def start_term(
    request: Request, db: SessionDep, p: UserDep, program_id: int, seat_id: int
) -> Response:
    """A participant of the program takes the seat from a day (the term's end follows)."""
    use(p)
    program = program_of(db, p, program_id)
    seat = _seat_of(db, program, seat_id)
    f = await form(request)
    try:
        if not f.get("participant_id"):
            raise Invalid(N_("choose a participant"), field="participant_id")
        data = factory.TermIn(participant_id=f.get("participant_id", ""), start=f.get("start", ""))
        term = factory.start_term(db, p, seat.id, data)
    except (ValidationError, DomainError) as exc:
        on = day(f.get("dag", ""))
        extra = {"errors": errors(request, exc), "form": f, "open_seat": seat.id}
        return _factory_page(request, db, p, program, on, **extra, status=status_of(exc))
    return _back(program.id, f"plats-{seat.id}", f.get("dag", ""), term.id)


@router.post("/program/{program_id}/perioder/{term_id}", dependencies=[CsrfDep])
async def end_term(
    request: Request, db: SessionDep, p: UserDep, program_id: int, term_id: int
) -> Response:
    """A term ended (early or as planned) and/or the job that followed it."""
    use(p)
    program = program_of(db, p, program_id)
    term = db.get(SeatTerm, term_id)
    if term is None:
        raise NotFound(N_("term %(id)s not found"), id=term_id)
    seat = _seat_of(db, program, term.seat_id)
    f = await form(request)
    try:
        data = factory.TermEndIn(**blank(f, "ended_on", "job_on"))
        if data.ended_on is None and data.job_on is None:
            raise Invalid(
                N_("give the day the term ended or the day the job began"), field="ended_on"
            )
        factory.end_term(db, p, term.id, data)
    except (ValidationError, DomainError) as exc:
        on = day(f.get("dag", ""))
        extra = {"errors": errors(request, exc), "form": f, "open_seat": seat.id}
        return _factory_page(request, db, p, program, on, **extra, status=status_of(exc))
    return _back(program.id, f"plats-{seat.id}", f.get("dag", ""))


# --- the program's dashboard ----------------------------------------------------------------


@router.get("/program/{program_id}", response_class=HTMLResponse)
def dashboard_page(
    request: Request, db: SessionDep, p: UserDep, program_id: int, dag: str = ""
) -> HTMLResponse:
    """The program's figures for its owner: stages now, flows, time in stage and outcomes."""
    use(p)
    program = program_of(db, p, program_id)
    on = day(dag)
    counts = queries.stage_counts(db, p, program.id)
    ctx: dict[str, Any] = {
        "program": program,
        "on": on,
        "stages": STAGES,
        "counts": counts,
        "total": sum(counts.values()),
        "too_few": TOO_FEW,
        "dash": reports.dashboard(db, p, program.id, on=on),
    }
    return render(request, "employment/dashboard.html", ctx)


@router.get("/program/{program_id}/esf.csv")
def esf_csv(request: Request, db: SessionDep, p: UserDep, program_id: int) -> Response:
    """The program's ESF+ participant export for its owner (as the API's, from the page); each
    participant in it is logged as read."""
    use(p)
    program = program_of(db, p, program_id)
    gettext = translations(getattr(request.state, "lang", "sv")).gettext
    out = esf.export(db, p, gettext, program_id=program.id)
    reads.log(request, db, p, out.people, "export_csv", also=out.record)
    return Response(
        out.body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="esf-program-{program.id}.csv"'},
    )
