"""Reads of the employment programs, always through the principal: only the programs of the
organisations where the caller is a case worker or admin (``policy.employment_org_ids``);
anything else is None or empty, answered 404 by the caller."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from samverkan.employment.models import (
    CoachingSession,
    FollowUp,
    Participant,
    PlanStep,
    Program,
)
from samverkan.orgs import policy
from samverkan.orgs.policy import Principal


def programs(session: Session, p: Principal | None) -> list[Program]:
    orgs = policy.employment_org_ids(p)
    if not orgs:
        return []
    return list(
        session.scalars(select(Program).where(Program.org_id.in_(orgs)).order_by(Program.name))
    )


def program(session: Session, p: Principal | None, program_id: int) -> Program | None:
    found = session.get(Program, program_id)
    if found is None or not policy.can_work_employment(p, found.org_id):
        return None
    return found


def participant(session: Session, p: Principal | None, participant_id: int) -> Participant | None:
    found = session.scalar(
        select(Participant)
        .options(selectinload(Participant.changes))
        .where(Participant.id == participant_id)
    )
    if found is None or not policy.can_work_employment(p, found.org_id):
        return None
    return found


def participants(
    session: Session,
    p: Principal | None,
    program_id: int,
    *,
    stage: str | None = None,
    limit: int = 500,
) -> list[Participant]:
    """The participants of a program the caller works in, newest referral first."""
    if program(session, p, program_id) is None:
        return []
    q = select(Participant).where(Participant.program_id == program_id)
    if stage:
        q = q.where(Participant.stage == stage)
    return list(
        session.scalars(q.order_by(Participant.referred_on.desc(), Participant.id).limit(limit))
    )


def stage_counts(session: Session, p: Principal | None, program_id: int) -> dict[str, int]:
    """How many participants of the program are in each stage now (one grouped read)."""
    if program(session, p, program_id) is None:
        return {}
    rows = session.execute(
        select(Participant.stage, func.count())
        .where(Participant.program_id == program_id)
        .group_by(Participant.stage)
    )
    return {stage: int(n) for stage, n in rows}


def coaching(session: Session, participant_id: int) -> list[CoachingSession]:
    """A participant's coaching sessions (the caller has checked the participant)."""
    return list(
        session.scalars(
            select(CoachingSession)
            .where(CoachingSession.participant_id == participant_id)
            .order_by(CoachingSession.held_on.desc(), CoachingSession.id.desc())
        )
    )


def plan(session: Session, participant_id: int) -> list[PlanStep]:
    return list(
        session.scalars(
            select(PlanStep).where(PlanStep.participant_id == participant_id).order_by(PlanStep.id)
        )
    )


def followups(session: Session, participant_id: int) -> list[FollowUp]:
    return list(
        session.scalars(
            select(FollowUp)
            .where(FollowUp.participant_id == participant_id)
            .order_by(FollowUp.months)
        )
    )
