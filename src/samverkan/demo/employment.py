"""The demo's employment programs, as of the seed's day ``until`` (nothing after it):

- Stångåstaden's job factory: ten seats (five miljövärdar in Skäggetorp as in the article, two
  trygghetsvärdar there, three miljövärdar in Ryd), each held for rolling 18-month terms since
  3½ years, so that the hit rate per cohort and per year shows (about 60 %, within the article's
  50–75 %), some years with too few to say, and the seat calendar has a seat freeing soon.
- Linköpings kommun's Linkstep with its three coaches: the twelve residents of the person
  register (``demo.people``) and about fifty more, in every stage of the pathway, with
  coaching sessions (one note names another person's personnummer: it is redacted), plans,
  follow-ups after the exits, and matches against the employer network.
- The employer networks (:mod:`.employment_data`) and Stångåstaden's summer-job contracts with
  its contractor: this contract year's behind its pace, last year's delivered in full.

Everything goes through the services (``people.service``, ``employment.service``, ``factory``,
``network``, ``matches``, ``summer``), so it is encrypted, checked and audited like real
entries. The participants are test people (:mod:`.employment_people`: test personnummer of
1890, names that say they are made up, "Testdeltagare Fyrtiotvå").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.core import personnummer
from samverkan.core.timeutil import STOCKHOLM
from samverkan.demo import employment_data as ed
from samverkan.demo import employment_people as ep
from samverkan.demo.employment_network import seed_network, seed_summer
from samverkan.employment import factory, matches, network, service
from samverkan.employment.analysis.jobfactory import add_months
from samverkan.employment.models import Opening, Participant
from samverkan.employment.network_schemas import DecisionIn, OutcomeIn, OverrideIn, ProposeIn
from samverkan.employment.schemas import ProgramIn
from samverkan.geo import queries as geo_queries
from samverkan.orgs import queries as org_queries
from samverkan.orgs.policy import Principal
from samverkan.people import queries as people_queries
from samverkan.people import service as people_service

TEST_YEAR = ep.TEST_YEAR


@dataclass(frozen=True)
class PlannedTerm:
    """A job factory term as the demo plans it: ``end`` and ``job_on`` None when not (yet)
    known on the seed's day."""

    seat: int
    start: date
    planned_end: date
    end: date | None
    job_on: date | None
    early: bool


def plan_terms(until: date, seats: int, term_months: int = 18) -> list[PlannedTerm]:
    """The rolling terms of ``seats`` seats up to ``until``, the seats' first starts spread
    over one term; the next term starts when one ends (a month later after an early end)."""
    out: list[PlannedTerm] = []
    first = add_months(until, -ed.HISTORY_MONTHS)
    for seat in range(seats):
        start = first + timedelta(days=seat * 548 // seats)
        k = 0
        while start <= until - timedelta(days=7):
            early, after = ed.TERM_PATTERN[((k * seats + seat) * 3) % len(ed.TERM_PATTERN)]
            planned = add_months(start, term_months)
            end: date | None = add_months(start, early) if early else planned
            job = end + timedelta(days=after) if end is not None and after is not None else None
            gap = 0 if not early else 14 if after is not None else 30
            if end is not None and end > until:
                end = job = None
            if job is not None and job > until:
                job = None
            out.append(PlannedTerm(seat, start, planned, end, job, bool(early)))
            if end is None:
                break
            start, k = end + timedelta(days=gap), k + 1
    return sorted(out, key=lambda t: (t.start, t.seat))


def _seed_factory(ctx: ep.Ctx, p: Principal, org_id: int) -> int:
    """The job factory, its seats and the terms planned by :func:`plan_terms`."""
    program = service.create_program(
        ctx.session,
        p,
        ProgramIn(
            name=ed.JOB_FACTORY,
            kind="job_factory",
            term_months=18,
            recruit_months=3,
            transition_months=3,
            success_months=6,
        ),
        org_id,
    )
    seats = [
        factory.add_seat(
            ctx.session,
            p,
            program.id,
            factory.SeatIn(title=f"{title} {district} {n + 1}", district_id=ctx.areas[district]),
        )
        for title, district, count in ed.SEATS
        for n in range(count)
    ]
    terms = plan_terms(ctx.until, len(seats), program.term_months)
    profile = (("9629", "5152"), ("städning", "fastighetsskötsel"), ("sv",), False, None)
    for i, t in enumerate(terms):
        referred = t.start - timedelta(days=80)
        x = ep.enrol(
            ctx,
            p,
            program.id,
            i,
            surname="Testvärd",
            referred=referred,
            basis="contract",
            profile=profile,
            referral=("af", "housing")[i % 2],
        )
        for stage, before in (("intake", 45), ("mapped", 20), ("active", 0)):
            ep.move(ctx, p, x, (stage, 0, None, None), t.start - timedelta(days=before))
        term = factory.start_term(
            ctx.session, p, seats[t.seat].id, factory.TermIn(participant_id=x.id, start=t.start)
        )
        if t.end is None:
            continue
        factory.end_term(
            ctx.session, p, term.id, factory.TermEndIn(ended_on=t.end, job_on=t.job_on)
        )
        outcome = "other"
        if t.job_on is not None and t.job_on <= add_months(t.end, program.success_months):
            ep.move(ctx, p, x, ("placed", 0, "employment", None), t.job_on)
            exit_on, outcome = t.job_on + timedelta(days=30), "job"
        elif t.early:
            exit_on, outcome = t.end, "dropped_out"
        elif t.job_on is not None or ctx.until >= add_months(t.end, program.success_months):
            exit_on, outcome = t.end, "job_later" if t.job_on else "other"
        else:
            continue  # ended recently: still looking, with the company's help
        if exit_on <= ctx.until:
            reason = "other" if outcome == "job_later" else outcome
            ep.move(ctx, p, x, ("exited", 0, None, reason), exit_on)
            ep.follow_up(ctx, p, x, outcome)
    return len(terms)


def _seed_linkstep(ctx: ep.Ctx, coaches: list[Principal], org_id: int) -> int:
    """Linkstep: the register's twelve residents, earlier participants who have exited, and
    newer ones in every stage; then the matching."""
    session = ctx.session
    program = service.create_program(
        session, coaches[0], ProgramIn(name=ed.LINKSTEP, kind="coaching"), org_id
    )
    n = 0
    # earlier participants, referred over three years, most of them exited by now
    for i in range(ed.HISTORY):
        p = coaches[i % 3]
        referred = ctx.until - timedelta(days=1095 - i * (1095 - 330) // ed.HISTORY)
        x = ep.enrol(
            ctx,
            p,
            program.id,
            n,
            surname="Testdeltagare",
            referred=referred,
            basis="public_task",
            profile=ed.PROFILES[i % len(ed.PROFILES)],
            referral=ed.REFERRALS[i % len(ed.REFERRALS)],
        )
        reason = ep.walk(ctx, p, x, ed.PATHS[i % len(ed.PATHS)], referred, 0.8 + 0.1 * (i % 5))
        if reason is not None:
            ep.follow_up(ctx, p, x, reason)
        ep.coach(ctx, p, x, i)
        n += 1
    # the person register's residents (demo.people), referred when their basis began
    for i in range(12):
        digits = personnummer.make(date(TEST_YEAR, 1, 1 + i), 980 + i, coordination=i == 11).digits
        person = people_queries.by_pnr(session, org_id, digits)
        if person is None:
            continue
        p = coaches[i % 3]
        basis = people_service.require_basis(session, person, "employment")
        entered = person.last_entry_at  # what demo.people left: kept if it is later
        x = ep.enrol(
            ctx,
            p,
            program.id,
            n,
            surname="",
            referred=basis.since,
            basis="public_task",
            profile=ed.PROFILES[(i + 5) % len(ed.PROFILES)],
            referral="af",
            person_id=person.id,
        )
        ep.walk(ctx, p, x, ed.PATHS[0][:5], basis.since)
        ep.coach(ctx, p, x, i)
        if entered is not None:
            ctx.last[x.id] = max(ctx.last[x.id], entered.astimezone(STOCKHOLM).date())
        n += 1
    # newer participants in every stage; the matched and the first placed through a match
    via_match: list[tuple[Participant, Principal, date, date | None]] = []
    for i, (stage, ago) in enumerate(ed.CURRENT):
        p = coaches[i % 3]
        referred, steps = ep.backwards(stage, ago, ctx.until)
        x = ep.enrol(
            ctx,
            p,
            program.id,
            n,
            surname="Testdeltagare",
            referred=referred,
            basis="public_task",
            profile=ed.PROFILES[(i * 5) % len(ed.PROFILES)],
            referral=ed.REFERRALS[(i + 3) % len(ed.REFERRALS)],
        )
        matched = stage == "matched" or (stage == "placed" and ago == 20)
        for step, day in steps:
            if matched and step[0] in ("matched", "placed"):
                continue
            if step[0] == "placed" and ago > 20:
                step = ("placed", 0, ("internship", "studies")[ago > 50], None)
            ep.move(ctx, p, x, step, day)
        if matched:
            dates = dict((s[0], d) for s, d in steps)
            via_match.append((x, p, dates["matched"], dates.get("placed")))
        ep.coach(ctx, p, x, i, other=stage == "active" and ago == 25)
        n += 1
    _match(ctx, coaches[2], org_id, program.id, via_match)
    return n


def _match(
    ctx: ep.Ctx,
    p: Principal,
    org_id: int,
    program_id: int,
    chosen: list[tuple[Participant, Principal, date, date | None]],
) -> None:
    """Proposals for everyone looking; the chosen confirmed (the proposal, or the coach's own
    pick when the proposal had none for them), a hire for those placed; one proposal
    rejected."""
    session = ctx.session
    proposed = matches.propose(session, p, org_id, ProposeIn(program_id=program_id))
    by_participant = {m.participant_id: m for m in proposed}
    for x, coach, matched_on, placed_on in chosen:
        m = by_participant.pop(x.id, None)
        if m is not None:
            matches.decide(session, coach, m.id, DecisionIn(status="confirmed", on=matched_on))
        else:
            opening = _free_opening(session, org_id, x)
            if opening is None:
                continue
            m = matches.override(
                session, coach, OverrideIn(participant_id=x.id, opening_id=opening, on=matched_on)
            )
        if placed_on is not None:
            matches.record_outcome(session, coach, m.id, OutcomeIn(outcome="hired", on=placed_on))
    rest = sorted(by_participant.values(), key=lambda m: m.score)
    if rest:
        matches.decide(session, p, rest[0].id, DecisionIn(status="rejected"))


def _free_opening(session: Session, org_id: int, x: Participant) -> int | None:
    """An open opening with a place left, of the participant's occupation if there is one."""
    found = list(
        session.scalars(
            select(Opening)
            .where(Opening.org_id == org_id, Opening.status == "open")
            .order_by(Opening.id)
        )
    )
    taken = network.taken(session, [o.id for o in found])
    free = [o for o in found if taken.get(o.id, 0) < o.places]
    fitting = [o for o in free if o.ssyk in (x.occupations or [])]
    return (fitting or free)[0].id if free else None


def seed_employment(session: Session, until: date) -> int:
    """The employment programs' demo as of ``until``; returns how many participants were
    enrolled (0 when the demo's organisations or users are missing)."""
    areas = {a.name: a.id for a in geo_queries.all_areas(session)}
    kommun = org_queries.org_by_name(session, ed.KOMMUN)
    housing = org_queries.org_by_name(session, ed.HOUSING)
    contractor = org_queries.org_by_name(session, ed.CONTRACTOR)
    coaches = [ep.principal(session, email) for email in ed.COACHES]
    supervisor = ep.principal(session, ed.SUPERVISOR)
    reporter = ep.principal(session, ed.REPORTER)
    if kommun is None or housing is None or contractor is None or supervisor is None:
        return 0
    if reporter is None or any(c is None for c in coaches):
        return 0
    team = [c for c in coaches if c is not None]
    ctx = ep.Ctx(session, until, areas, ep.People(), {})
    seed_network(session, {kommun.id: team[2], housing.id: supervisor}, areas, until)
    count = _seed_factory(ctx, supervisor, housing.id)
    count += _seed_linkstep(ctx, team, kommun.id)
    ep.touch_all(ctx)
    seed_summer(session, supervisor, reporter, housing.id, contractor.id, areas, until)
    session.flush()
    return count
