"""The employment programs' API: ``/api/v1/employment`` (Bearer token). Programs and their
participants are seen by the case workers and admins of the organisation that runs the
program, through their personal token; every other caller, organisation tokens included,
gets 404, as for the person register."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Request

from samverkan.core.deps import SessionDep
from samverkan.core.errors import N_, NotFound
from samverkan.core.timeutil import today
from samverkan.employment import factory, present, queries, service
from samverkan.employment.schemas import (
    CoachingIn,
    CoachingOut,
    FollowUpIn,
    FollowUpOut,
    ParticipantData,
    ParticipantIn,
    ParticipantOut,
    PlanStepIn,
    PlanStepOut,
    ProgramIn,
    ProgramOut,
    StageIn,
)
from samverkan.orgs import policy
from samverkan.orgs.deps import ApiDep
from samverkan.orgs.policy import Principal
from samverkan.people import reads
from samverkan.people.models import Person

api = APIRouter(prefix="/api/v1/employment", tags=["employment"])


def _use(p: Principal) -> None:
    if not policy.can_use_employment(p):
        raise NotFound(N_("not found"))


def _participant(request: Request, db: Any, p: Principal, participant_id: int) -> Any:
    """The participant, its person's read logged (every read of a person is)."""
    found = queries.participant(db, p, participant_id)
    if found is None:
        raise NotFound(N_("participant %(id)s not found"), id=participant_id)
    _log(request, db, p, [found])
    return found


def _log(request: Request, db: Any, p: Principal, participants: list[Any]) -> None:
    people = [db.get(Person, x.person_id) for x in participants]
    reads.log(request, db, p, [x for x in people if x is not None], "api")


@api.get("/programs", response_model=list[ProgramOut], summary="The caller's programs")
def programs(db: SessionDep, p: ApiDep) -> list[ProgramOut]:
    _use(p)
    return [present.program_out(db, p, x) for x in queries.programs(db, p)]


@api.post("/programs", status_code=201, response_model=ProgramOut)
def create_program(db: SessionDep, p: ApiDep, body: ProgramIn, org_id: int) -> ProgramOut:
    _use(p)
    program = service.create_program(db, p, body, org_id)
    return present.program_out(db, p, program)


@api.get("/programs/{program_id}/participants", response_model=list[ParticipantOut])
def participants(
    request: Request, db: SessionDep, p: ApiDep, program_id: int, stage: str | None = None
) -> list[ParticipantOut]:
    _use(p)
    if queries.program(db, p, program_id) is None:
        raise NotFound(N_("program %(id)s not found"), id=program_id)
    day = today()
    found = queries.participants(db, p, program_id, stage=stage)
    _log(request, db, p, found)
    return [present.participant_out(db, x, day) for x in found]


@api.post("/programs/{program_id}/participants", status_code=201, response_model=ParticipantOut)
def enrol(db: SessionDep, p: ApiDep, program_id: int, body: ParticipantIn) -> ParticipantOut:
    """Enrol a person of the register (``person_id``) or a new one (``person``); a second
    participant of the same person is 409."""
    _use(p)
    x = service.enrol(db, p, program_id, body)
    return present.participant_out(db, x, today())


@api.get("/participants/{participant_id}", response_model=ParticipantOut)
def participant(request: Request, db: SessionDep, p: ApiDep, participant_id: int) -> ParticipantOut:
    _use(p)
    return present.participant_out(db, _participant(request, db, p, participant_id), today())


@api.put("/participants/{participant_id}", response_model=ParticipantOut)
def update(db: SessionDep, p: ApiDep, participant_id: int, body: ParticipantData) -> ParticipantOut:
    _use(p)
    return present.participant_out(db, service.update(db, p, participant_id, body), today())


@api.post("/participants/{participant_id}/stage", response_model=ParticipantOut)
def move(db: SessionDep, p: ApiDep, participant_id: int, body: StageIn) -> ParticipantOut:
    """Move the participant on: forward only, a placement with its kind and not before the
    intake, an exit with its reason (which plans the follow-ups)."""
    _use(p)
    return present.participant_out(db, service.move(db, p, participant_id, body), today())


@api.get("/participants/{participant_id}/coaching", response_model=list[CoachingOut])
def coaching(request: Request, db: SessionDep, p: ApiDep, participant_id: int) -> list[CoachingOut]:
    _use(p)
    x = _participant(request, db, p, participant_id)
    return [
        CoachingOut(
            id=c.id, held_on=c.held_on, coach=c.coach_name, minutes=c.minutes, notes=c.notes
        )
        for c in queries.coaching(db, x.id)
    ]


@api.post("/participants/{participant_id}/coaching", status_code=201, response_model=CoachingOut)
def log_coaching(db: SessionDep, p: ApiDep, participant_id: int, body: CoachingIn) -> CoachingOut:
    """Log a session; ``redacted`` says how many other people's personnummer were removed."""
    _use(p)
    c, removed = service.log_coaching(db, p, participant_id, body)
    return CoachingOut(
        id=c.id,
        held_on=c.held_on,
        coach=c.coach_name,
        minutes=c.minutes,
        notes=c.notes,
        redacted=removed,
    )


@api.get("/participants/{participant_id}/plan", response_model=list[PlanStepOut])
def plan(request: Request, db: SessionDep, p: ApiDep, participant_id: int) -> list[PlanStepOut]:
    _use(p)
    x = _participant(request, db, p, participant_id)
    return [
        PlanStepOut(id=s.id, text=s.text, due_on=s.due_on, done_on=s.done_on)
        for s in queries.plan(db, x.id)
    ]


@api.post("/participants/{participant_id}/plan", status_code=201, response_model=PlanStepOut)
def add_step(db: SessionDep, p: ApiDep, participant_id: int, body: PlanStepIn) -> PlanStepOut:
    _use(p)
    s = service.add_step(db, p, participant_id, body)
    return PlanStepOut(id=s.id, text=s.text, due_on=s.due_on, done_on=s.done_on)


@api.get("/participants/{participant_id}/followups", response_model=list[FollowUpOut])
def followups(
    request: Request, db: SessionDep, p: ApiDep, participant_id: int
) -> list[FollowUpOut]:
    _use(p)
    x = _participant(request, db, p, participant_id)
    return [
        FollowUpOut(
            months=f.months, due_on=f.due_on, done_on=f.done_on, status=f.status, note=f.note
        )
        for f in queries.followups(db, x.id)
    ]


@api.put("/participants/{participant_id}/followups/{months}", response_model=FollowUpOut)
def record_followup(
    db: SessionDep, p: ApiDep, participant_id: int, months: int, body: FollowUpIn
) -> FollowUpOut:
    _use(p)
    f = service.record_followup(db, p, participant_id, months, body)
    return FollowUpOut(
        months=f.months, due_on=f.due_on, done_on=f.done_on, status=f.status, note=f.note
    )


@api.get("/programs/{program_id}/seats", response_model=list[factory.SeatOut])
def seats(db: SessionDep, p: ApiDep, program_id: int) -> list[factory.SeatOut]:
    """The job factory's seat calendar today: when each seat frees and recruiting starts."""
    _use(p)
    return [factory.seat_out(db, s, st) for s, st in factory.calendar(db, p, program_id, today())]


@api.post("/programs/{program_id}/seats", status_code=201, response_model=factory.SeatOut)
def add_seat(db: SessionDep, p: ApiDep, program_id: int, body: factory.SeatIn) -> Any:
    _use(p)
    seat = factory.add_seat(db, p, program_id, body)
    status = dict((s.id, st) for s, st in factory.calendar(db, p, program_id, today()))
    return factory.seat_out(db, seat, status[seat.id])


@api.post("/seats/{seat_id}/terms", status_code=201)
def start_term(db: SessionDep, p: ApiDep, seat_id: int, body: factory.TermIn) -> dict[str, Any]:
    """A participant of the program takes the seat for a term (409 while it is held)."""
    _use(p)
    t = factory.start_term(db, p, seat_id, body)
    return {"id": t.id, "start": t.start, "planned_end": t.planned_end}


@api.put("/terms/{term_id}")
def end_term(db: SessionDep, p: ApiDep, term_id: int, body: factory.TermEndIn) -> dict[str, Any]:
    _use(p)
    t = factory.end_term(db, p, term_id, body)
    return {"id": t.id, "ended_on": t.ended_on, "job_on": t.job_on}


@api.get("/programs/{program_id}/hit-rate", response_model=list[factory.RateOut])
def hit_rate(
    db: SessionDep, p: ApiDep, program_id: int, by: Literal["cohort", "year"] = "cohort"
) -> list[factory.RateOut]:
    """A job within the program's N months after the term, per cohort or year, with its 95 %
    Wilson interval; ``too_few`` under 5 people."""
    _use(p)
    return [factory.rate_out(r) for r in factory.hit_rates(db, p, program_id, today(), by)]
