"""The case worker's caseload: the participants of the programs the caller works in, filtered
by program, stage, district, coach and name, one page at a time, each with what the list shows
(their name from the register, the days in their stage, the next follow-up due, the coach).

Reads only, through the principal (``policy.employment_org_ids``). Names are encrypted, so a
name search finds the people first (``people.queries.search``) and then their participants.
The caller logs the read of the people it shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, selectinload

from samverkan.employment.models import FollowUp, Participant, Program
from samverkan.employment.present import days_in_stage
from samverkan.orgs import policy
from samverkan.orgs import queries as org_queries
from samverkan.orgs.policy import Principal
from samverkan.people import queries as people_queries
from samverkan.people.models import LegalBasis, Person

PAGE_SIZE = 50


@dataclass(frozen=True)
class Filters:
    """What the list is narrowed to (None or blank: everything)."""

    program_id: int | None = None
    stage: str | None = None
    district_id: int | None = None
    coach_id: int | None = None
    q: str = ""


@dataclass(frozen=True)
class Row:
    """One participant as the list shows them."""

    participant: Participant
    person: Person
    program: str
    days: int
    next_due: date | None
    coach: str


@dataclass(frozen=True)
class Caseload:
    rows: list[Row]
    total: int
    page: int
    pages: int


def rows(session: Session, p: Principal | None, f: Filters, today: date, page: int = 1) -> Caseload:
    """One page (``PAGE_SIZE``) of the caller's participants matching ``f``, newest referral
    first, and how many match in all."""
    orgs = policy.employment_org_ids(p)
    if not orgs:
        return Caseload([], 0, 1, 1)
    where: list[ColumnElement[bool]] = [Participant.org_id.in_(orgs)]
    if f.program_id is not None:
        where.append(Participant.program_id == f.program_id)
    if f.stage:
        where.append(Participant.stage == f.stage)
    if f.district_id is not None:
        where.append(Participant.district_id == f.district_id)
    if f.coach_id is not None:
        where.append(Participant.coach_user_id == f.coach_id)
    if f.q.strip():
        ids = [x.id for x in people_queries.search(session, p, f.q)]
        if not ids:
            return Caseload([], 0, 1, 1)
        where.append(Participant.person_id.in_(ids))
    total = int(session.scalar(select(func.count(Participant.id)).where(*where)) or 0)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    found = list(
        session.scalars(
            select(Participant)
            .options(selectinload(Participant.changes))
            .where(*where)
            .order_by(Participant.referred_on.desc(), Participant.id.desc())
            .offset((page - 1) * PAGE_SIZE)
            .limit(PAGE_SIZE)
        )
    )
    ids = [x.id for x in found]
    people = {
        x.id: x
        for x in session.scalars(select(Person).where(Person.id.in_({x.person_id for x in found})))
    }
    due = dict(
        session.execute(
            select(FollowUp.participant_id, func.min(FollowUp.due_on))
            .where(FollowUp.participant_id.in_(ids), FollowUp.done_on.is_(None))
            .group_by(FollowUp.participant_id)
        ).all()
    )
    programs = {x.id: x.name for x in _programs(session, orgs)}
    coaches = org_queries.user_names(session, {x.coach_user_id for x in found if x.coach_user_id})
    out = [
        Row(
            participant=x,
            person=people[x.person_id],
            program=programs.get(x.program_id, ""),
            days=days_in_stage(x, today).get(x.stage, 0),
            next_due=due.get(x.id),
            coach=coaches.get(x.coach_user_id or 0, ""),
        )
        for x in found
        if x.person_id in people
    ]
    return Caseload(out, total, page, pages)


def _programs(session: Session, orgs: frozenset[int]) -> list[Program]:
    return list(
        session.scalars(select(Program).where(Program.org_id.in_(orgs)).order_by(Program.name))
    )


def coaches(session: Session, p: Principal | None) -> list[tuple[int, str]]:
    """The coaches of the caller's participants, by name, for the list's filter."""
    orgs = policy.employment_org_ids(p)
    if not orgs:
        return []
    ids = set(
        session.scalars(
            select(Participant.coach_user_id)
            .where(Participant.org_id.in_(orgs), Participant.coach_user_id.is_not(None))
            .distinct()
        )
    )
    names = org_queries.user_names(session, {i for i in ids if i is not None})
    return sorted(names.items(), key=lambda kv: kv[1].casefold())


def with_basis(session: Session, p: Principal | None, q: str, purpose: str) -> list[Person]:
    """The people of the caller's registers matching ``q`` who may be held for ``purpose``
    (an active legal basis): the ones a program may enrol."""
    orgs = policy.employment_org_ids(p)
    found = [x for x in people_queries.search(session, p, q) if x.org_id in orgs]
    if not found:
        return []
    held = set(
        session.scalars(
            select(LegalBasis.person_id).where(
                LegalBasis.person_id.in_([x.id for x in found]),
                LegalBasis.purpose == purpose,
                LegalBasis.withdrawn_on.is_(None),
            )
        )
    )
    return [x for x in found if x.id in held]
