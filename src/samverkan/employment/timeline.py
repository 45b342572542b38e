"""A participant as their page shows them: the entry data with names for its codes, the pathway
as a timeline (each stage with its day and the days spent in it), the stages that may come
next, the coaching sessions, the plan and the follow-ups. Reads only; the caller has checked
that the principal may see the participant and logs the read of the person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from samverkan.employment import queries, ssyk
from samverkan.employment.models import (
    STAGES,
    CoachingSession,
    FollowUp,
    Participant,
    PlanStep,
    Program,
)
from samverkan.employment.present import days_in_stage
from samverkan.geo.models import Area
from samverkan.orgs import queries as org_queries
from samverkan.people.models import Person


@dataclass(frozen=True)
class Step:
    """One stage of the timeline: entered ``on``, left ``until`` (None: still in it), the days
    spent (None for the exit, which is not a time in the program), its kind or reason."""

    stage: str
    on: date
    until: date | None
    days: int | None
    placement: str | None
    exit_reason: str | None
    note: str | None
    current: bool


@dataclass(frozen=True)
class ParticipantView:
    name: str
    person_id: int
    program: str
    district: str | None
    coach: str | None
    occupations: list[tuple[str, str]]
    steps: list[Step]
    days: dict[str, int]
    next_stages: list[str]
    coaching: list[CoachingSession]
    plan: list[PlanStep]
    followups: list[FollowUp]


def steps(x: Participant, today: date) -> list[Step]:
    """The pathway in order, each stage until the next one began (the last until today)."""
    changes = sorted(x.changes, key=lambda c: (c.entered_on, STAGES.index(c.stage), c.id))
    out = []
    for i, c in enumerate(changes):
        until = changes[i + 1].entered_on if i + 1 < len(changes) else None
        days = None if c.stage == "exited" else ((until or today) - c.entered_on).days
        out.append(
            Step(
                stage=c.stage,
                on=c.entered_on,
                until=until,
                days=days,
                placement=c.placement,
                exit_reason=c.exit_reason,
                note=c.note,
                current=until is None,
            )
        )
    return out


def next_stages(x: Participant) -> list[str]:
    """The stages the participant may be moved to (forward only; none after the exit)."""
    if x.stage == "exited":
        return []
    return list(STAGES[STAGES.index(x.stage) + 1 :])


def participant_view(
    session: Session, x: Participant, person: Person, today: date
) -> ParticipantView:
    program = session.get(Program, x.program_id)
    area = session.get(Area, x.district_id) if x.district_id else None
    coach = org_queries.user_names(session, {x.coach_user_id}) if x.coach_user_id else {}
    return ParticipantView(
        name=person.name,
        person_id=person.id,
        program=program.name if program else "",
        district=area.name if area else None,
        coach=coach.get(x.coach_user_id or 0),
        occupations=[(c, ssyk.name(c) or "") for c in x.occupations or []],
        steps=steps(x, today),
        days=days_in_stage(x, today),
        next_stages=next_stages(x),
        coaching=queries.coaching(session, x.id),
        plan=queries.plan(session, x.id),
        followups=queries.followups(session, x.id),
    )
