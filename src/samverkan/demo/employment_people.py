"""The participants of the demo's programs (:mod:`samverkan.demo.employment`): new people of
the register with test personnummer, enrolled, moved along the pathway, coached, planned and
followed up through ``employment.service``, each entry dated as of the seed's day.

The personnummer are TEST NUMBERS: born 1–28 February to December 1890 (January is the person
register's, ``demo.people``), birth numbers 980–999 whose third digit is even for a woman and
odd for a man, as in a real number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from samverkan.core import personnummer
from samverkan.core.timeutil import STOCKHOLM
from samverkan.demo import employment_data as ed
from samverkan.employment import service
from samverkan.employment.analysis.jobfactory import add_months
from samverkan.employment.models import Participant
from samverkan.employment.schemas import CoachingIn, FollowUpIn, ParticipantIn, PlanStepIn, StageIn
from samverkan.orgs import queries as org_queries
from samverkan.orgs.policy import Principal
from samverkan.people import service as people_service
from samverkan.people.models import Person
from samverkan.people.schemas import BasisIn, PersonIn

TEST_YEAR = 1890


class People:
    """New participants' test numbers and names, one counter across the programs."""

    def __init__(self) -> None:
        self.count = 0

    def number(self, woman: bool) -> str:
        i = self.count
        self.count += 1
        born = date(TEST_YEAR, 2 + i // 28, 1 + i % 28)
        return personnummer.make(born, 980 + 2 * (i % 10) + (0 if woman else 1)).digits


def other_persons_number() -> str:
    """The test number that a coaching note names (no demo person has it), written with the
    "+" of someone a hundred or older: ``core.redaction`` finds a 12-digit number only from the
    1900s on, so the demo's 1890 number is written in its 10-digit form."""
    n = personnummer.make(date(TEST_YEAR, 12, 30), 990).digits
    return f"{n[2:8]}+{n[8:]}"


def principal(session: Session, email: str) -> Principal | None:
    user = org_queries.user_by_email(session, email)
    return org_queries.principal_for_user(session, user) if user is not None else None


def at(day: date, hour: int = 14) -> datetime:
    return datetime.combine(day, time(hour), STOCKHOLM).astimezone(UTC)


@dataclass
class Ctx:
    session: Session
    until: date
    areas: dict[str, int]
    people: People
    last: dict[int, date]  # participant id -> the day of their last entry


def enrol(
    ctx: Ctx,
    p: Principal,
    program_id: int,
    i: int,
    *,
    surname: str,
    referred: date,
    basis: str,
    profile: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], bool, str | None],
    referral: str,
    person_id: int | None = None,
) -> Participant:
    woman = i % 2 == 0
    person = None
    if person_id is None:
        person = PersonIn(
            pnr=ctx.people.number(woman),
            name=f"{surname} {ed.in_words(i + 1)}",
            address=f"Testgatan {100 + ctx.people.count}, Linköping",
            district_id=ctx.areas.get(ed.DISTRICTS[i % len(ed.DISTRICTS)]),
            basis=BasisIn(purpose="employment", basis=basis, since=referred),
        )
    occupations, skills, languages, licence, certificates = profile
    x = service.enrol(
        ctx.session,
        p,
        program_id,
        ParticipantIn(
            person_id=person_id,
            person=person,
            referred_on=referred,
            referral=referral,
            entry_status=ed.ENTRY_STATUSES[i % len(ed.ENTRY_STATUSES)],
            age_band=ed.AGE_BANDS[i % len(ed.AGE_BANDS)],
            gender=("woman" if woman else "man") if i % 13 != 6 else "unknown",
            education=ed.EDUCATIONS[i % len(ed.EDUCATIONS)],
            district_id=ctx.areas.get(ed.DISTRICTS[i % len(ed.DISTRICTS)]),
            languages=list(languages),
            licence=licence,
            occupations=list(occupations),
            skills=list(skills),
            certificates=certificates,
        ),
    )
    ctx.last[x.id] = referred
    return x


def move(ctx: Ctx, p: Principal, x: Participant, step: ed.Step, on: date) -> None:
    stage, _days, placement, reason = step
    service.move(
        ctx.session, p, x.id, StageIn(stage=stage, on=on, placement=placement, exit_reason=reason)
    )
    ctx.last[x.id] = max(ctx.last[x.id], on)


def follow_up(ctx: Ctx, p: Principal, x: Participant, outcome: str) -> None:
    """Record the follow-ups due a week or more before the seed's day."""
    if x.exited_on is None:
        return
    for months, status in zip((1, 6, 12), ed.FOLLOWUPS[outcome], strict=True):
        due = add_months(x.exited_on, months)
        done = due + timedelta(days=3)
        if done > ctx.until - timedelta(days=7):
            break
        note = ed.FOLLOWUP_NOTES[status]
        data = FollowUpIn(status=status, done_on=done, note=note)
        service.record_followup(ctx.session, p, x.id, months, data)
        ctx.last[x.id] = max(ctx.last[x.id], done)


def coach(ctx: Ctx, p: Principal, x: Participant, i: int, *, other: bool = False) -> None:
    """Coaching sessions from the intake on and steps of the plan: three and two while the
    participant takes part, two and one for those who have left (the seed stays quick)."""
    if x.intake_on is None:
        return
    end = min(x.exited_on or ctx.until, ctx.until)
    day = x.intake_on + timedelta(days=2)
    for k in range(2 if x.exited_on else 3):
        if day > end:
            break
        text = ed.COACHING_NOTES[(i + k) % len(ed.COACHING_NOTES)]
        if other and k == 1:
            text = ed.OTHER_PERSON_NOTE.format(pnr=other_persons_number())
        minutes = 45 + 15 * ((i + k) % 3)
        service.log_coaching(
            ctx.session, p, x.id, CoachingIn(held_on=day, minutes=minutes, notes=text)
        )
        ctx.last[x.id] = max(ctx.last[x.id], day)
        day += timedelta(days=18 + (i + k) % 9)
    for k in range(1 if x.exited_on else 2):
        due = x.intake_on + timedelta(days=30 * (k + 1))
        text = ed.PLAN_STEPS[(i + 2 * k) % len(ed.PLAN_STEPS)]
        step = service.add_step(ctx.session, p, x.id, PlanStepIn(text=text, due_on=due))
        if due <= end - timedelta(days=5):
            service.complete_step(ctx.session, p, step.id, due - timedelta(days=2))


def walk(
    ctx: Ctx,
    p: Principal,
    x: Participant,
    path: tuple[ed.Step, ...],
    start: date,
    stretch: float = 1.0,
) -> str | None:
    """Move ``x`` along ``path`` from ``start`` as far as the seed's day; the exit reason."""
    day = start
    for step in path:
        day += timedelta(days=round(step[1] * stretch))
        if day > ctx.until:
            return None
        move(ctx, p, x, step, day)
    return path[-1][3]


def backwards(stage: str, ago: int, until: date) -> tuple[date, list[tuple[ed.Step, date]]]:
    """The referral day and the steps that bring someone to ``stage`` ``ago`` days ago."""
    path = [*ed.TO_ACTIVE, ("matched", 60, None, None), ("placed", 25, "employment", None)]
    wanted = (
        [s for s in path[: [s[0] for s in path].index(stage) + 1]] if stage != "referred" else []
    )
    day = until - timedelta(days=ago)
    dated = []
    for step in reversed(wanted):
        dated.append((step, day))
        day -= timedelta(days=step[1])
    return day, list(reversed(dated))


def touch_all(ctx: Ctx) -> None:
    """Each participant's person last changed on their last entry (not the seed's clock)."""
    for pid, day in ctx.last.items():
        found = ctx.session.get(Participant, pid)
        person = ctx.session.get(Person, found.person_id) if found else None
        if person is not None:
            people_service.touch(person, at(day))
