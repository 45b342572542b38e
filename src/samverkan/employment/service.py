"""Writes of the employment programs: programs, enrolling a participant from the person
register, the pathway with its rules, coaching sessions, the individual plan and follow-ups.

Every function takes the principal and checks it through the queries (what the caller may not
see is :class:`NotFound`); every change is audited with ids and codes only, and touches the
person (their retention period counts from the last entry). The caller commits. Everything is
checked before anything is added, so a refused request leaves nothing half-saved.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.core import audit
from samverkan.core.errors import N_, Conflict, Invalid, NotFound
from samverkan.core.redaction import redact_personnummer
from samverkan.employment import queries
from samverkan.employment.analysis.jobfactory import add_months
from samverkan.employment.models import (
    FOLLOWUP_MONTHS,
    STAGE_LABELS,
    STAGES,
    CoachingSession,
    FollowUp,
    Participant,
    PlanStep,
    Program,
    StageChange,
)
from samverkan.employment.schemas import (
    CoachingIn,
    FollowUpIn,
    ParticipantData,
    ParticipantIn,
    PlanStepIn,
    ProgramIn,
    StageIn,
)
from samverkan.geo import queries as geo_queries
from samverkan.orgs import policy
from samverkan.orgs.policy import Principal
from samverkan.people import service as people_service
from samverkan.people.models import Person

PURPOSE = "employment"


class AlreadyParticipant(Conflict):
    """The person already takes part in this program: one participant per person."""

    def __init__(self, existing_id: int) -> None:
        super().__init__(
            N_("this person already takes part in the program (participant %(id)s)"),
            field="person",
            id=existing_id,
        )
        self.existing_id = existing_id


class NotForward(Invalid):
    """A step back or to the stage the participant is in: the pathway only goes forward. The
    stage is named by its label, in the reader's language as the message is."""

    def __init__(self, stage: str) -> None:
        super().__init__(
            N_("the participant is already %(stage)s: the pathway only goes forward"),
            field="stage",
            stage=STAGE_LABELS.get(stage, stage),
        )
        self.stage = stage

    def text(self, gettext: Callable[[str], str] | None = None) -> str:
        if gettext is None:
            return super().text()
        label = gettext(str(self.params["stage"]))
        return gettext(self.message) % {**self.params, "stage": label}


def create_program(session: Session, p: Principal, data: ProgramIn, org_id: int) -> Program:
    if not policy.can_work_employment(p, org_id):
        raise NotFound(N_("organisation not found"))
    program = Program(org_id=org_id, **data.model_dump())
    session.add(program)
    session.flush()
    audit.record(
        session,
        "program.create",
        actor=p,
        object_type="program",
        object_id=program.id,
        detail={"kind": data.kind},
    )
    return program


def _program(session: Session, p: Principal, program_id: int) -> Program:
    found = queries.program(session, p, program_id)
    if found is None:
        raise NotFound(N_("program %(id)s not found"), id=program_id)
    return found


def _participant(session: Session, p: Principal, participant_id: int) -> Participant:
    found = queries.participant(session, p, participant_id)
    if found is None:
        raise NotFound(N_("participant %(id)s not found"), id=participant_id)
    return found


def _data(participant: Participant, data: ParticipantData) -> None:
    for key, value in data.model_dump(include=set(ParticipantData.model_fields)).items():
        setattr(participant, key, value)


def enrol(session: Session, p: Principal, program_id: int, data: ParticipantIn) -> Participant:
    """Enrol a person in a program, at stage "referred" on ``data.referred_on``: a person of
    the program's organisation (``person_id``), or a new one added to its register with their
    legal basis (``person``). The person must be held for the purpose "employment"; a second
    participant of the same person (also by a new record's personnummer) is refused."""
    program = _program(session, p, program_id)
    geo_queries.check_district(session, p, data.district_id)
    person = people_service.registered(session, p, program.org_id, data.person_id, data.person)
    already = session.scalar(
        select(Participant.id).where(
            Participant.program_id == program.id, Participant.person_id == person.id
        )
    )
    if already is not None:
        raise AlreadyParticipant(already)
    people_service.require_basis(session, person, PURPOSE)
    participant = Participant(
        org_id=program.org_id,
        program_id=program.id,
        person_id=person.id,
        stage="referred",
        stage_since=data.referred_on,
        referred_on=data.referred_on,
        coach_user_id=p.user_id,
    )
    _data(participant, data)
    participant.changes.append(
        StageChange(stage="referred", entered_on=data.referred_on, by_user_id=p.user_id)
    )
    session.add(participant)
    people_service.touch(person)
    session.flush()
    audit.record(
        session,
        "participant.create",
        actor=p,
        object_type="participant",
        object_id=participant.id,
        detail={"program": program.id},
    )
    return participant


def update(
    session: Session, p: Principal, participant_id: int, data: ParticipantData
) -> Participant:
    participant = _participant(session, p, participant_id)
    geo_queries.check_district(session, p, data.district_id)
    _data(participant, data)
    _touch(session, participant)
    audit.record(
        session, "participant.update", actor=p, object_type="participant", object_id=participant.id
    )
    return participant


def _touch(session: Session, participant: Participant) -> None:
    person = session.get(Person, participant.person_id)
    if person is not None:
        people_service.touch(person)


def move(session: Session, p: Principal, participant_id: int, data: StageIn) -> Participant:
    """Move a participant on along the pathway (stages may be skipped, never gone back: a
    step back is a new enrolment). The day may not be before the current stage's; a placement
    needs its kind and may not be dated before the intake; an exit needs its reason, and plans
    the follow-ups 1, 6 and 12 months after it."""
    x = _participant(session, p, participant_id)
    if x.stage == "exited":
        raise Invalid(N_("the participant has exited the program"), field="stage")
    if STAGES.index(data.stage) <= STAGES.index(x.stage):
        raise NotForward(x.stage)
    if data.on < x.stage_since:
        raise Invalid(
            N_("%(on)s is before the current stage began (%(since)s)"),
            field="on",
            on=data.on.isoformat(),
            since=x.stage_since.isoformat(),
        )
    if data.stage == "placed":
        if data.placement is None:
            raise Invalid(N_("a placement needs its kind"), field="placement")
        if x.intake_on is None or data.on < x.intake_on:
            raise Invalid(
                N_("a placement cannot be dated before the intake (%(intake)s)"),
                field="on",
                intake=x.intake_on.isoformat() if x.intake_on else "–",
            )
    if data.stage == "exited" and data.exit_reason is None:
        raise Invalid(N_("an exit needs its reason"), field="exit_reason")
    if data.stage != "placed" and data.placement is not None:
        raise Invalid(N_("only a placement has a placement kind"), field="placement")
    if data.stage != "exited" and data.exit_reason is not None:
        raise Invalid(N_("only an exit has a reason"), field="exit_reason")
    person = session.get(Person, x.person_id)
    note = redact_personnummer(data.note, person.pnr if person else None).text or None
    x.changes.append(
        StageChange(
            stage=data.stage,
            entered_on=data.on,
            placement=data.placement,
            exit_reason=data.exit_reason,
            note=note,
            by_user_id=p.user_id,
        )
    )
    x.stage, x.stage_since = data.stage, data.on
    if data.stage == "intake" or (x.intake_on is None and data.stage != "exited"):
        x.intake_on = data.on
    if data.stage == "placed":
        x.placement, x.placed_on = data.placement, data.on
    if data.stage == "exited":
        x.exit_reason, x.exited_on = data.exit_reason, data.on
        for months in FOLLOWUP_MONTHS:
            session.add(
                FollowUp(participant_id=x.id, months=months, due_on=add_months(data.on, months))
            )
    _touch(session, x)
    session.flush()
    audit.record(
        session,
        "participant.stage",
        actor=p,
        object_type="participant",
        object_id=x.id,
        detail={"stage": data.stage},
    )
    return x


def log_coaching(
    session: Session, p: Principal, participant_id: int, data: CoachingIn
) -> tuple[CoachingSession, int]:
    """A coaching session, its notes redacted of any personnummer but the participant's own;
    returns the session and how many numbers were taken out (to tell the coach)."""
    x = _participant(session, p, participant_id)
    person = session.get(Person, x.person_id)
    cleaned = redact_personnummer(data.notes, person.pnr if person else None)
    row = CoachingSession(
        participant_id=x.id,
        held_on=data.held_on,
        coach_user_id=p.user_id,
        coach_name=p.name or f"user {p.user_id}",
        minutes=data.minutes,
        notes=cleaned.text or None,
    )
    session.add(row)
    _touch(session, x)
    session.flush()
    audit.record(
        session,
        "participant.coaching",
        actor=p,
        object_type="participant",
        object_id=x.id,
        detail={"session_id": row.id},
    )
    return row, cleaned.personnummer


def add_step(session: Session, p: Principal, participant_id: int, data: PlanStepIn) -> PlanStep:
    x = _participant(session, p, participant_id)
    person = session.get(Person, x.person_id)
    text = redact_personnummer(data.text, person.pnr if person else None).text
    step = PlanStep(participant_id=x.id, text=text, due_on=data.due_on)
    session.add(step)
    _touch(session, x)
    session.flush()
    audit.record(
        session,
        "participant.plan",
        actor=p,
        object_type="participant",
        object_id=x.id,
        detail={"step": step.id, "change": "add"},
    )
    return step


def complete_step(session: Session, p: Principal, step_id: int, on: date) -> PlanStep:
    step = session.get(PlanStep, step_id)
    if step is None or queries.participant(session, p, step.participant_id) is None:
        raise NotFound(N_("plan step not found"))
    step.done_on = on
    audit.record(
        session,
        "participant.plan",
        actor=p,
        object_type="participant",
        object_id=step.participant_id,
        detail={"step": step.id, "change": "done"},
    )
    return step


def record_followup(
    session: Session, p: Principal, participant_id: int, months: int, data: FollowUpIn
) -> FollowUp:
    x = _participant(session, p, participant_id)
    row = session.scalar(
        select(FollowUp).where(FollowUp.participant_id == x.id, FollowUp.months == months)
    )
    if row is None:
        raise NotFound(N_("no follow-up at %(months)s months is planned"), months=months)
    if x.exited_on is not None and data.done_on < x.exited_on:
        raise Invalid(N_("a follow-up cannot be dated before the exit"), field="done_on")
    person = session.get(Person, x.person_id)
    row.status, row.done_on = data.status, data.done_on
    row.note = redact_personnummer(data.note, person.pnr if person else None).text or None
    _touch(session, x)
    audit.record(
        session,
        "participant.followup",
        actor=p,
        object_type="participant",
        object_id=x.id,
        detail={"months": months},
    )
    return row
