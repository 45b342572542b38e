"""The demo's employment programs: a job factory whose hit rate shows (and says "too few"
where it must), a seat calendar with a seat to recruit for, Linkstep's participants in every
stage with test personnummer only, the employer network, and a summer-job contract behind its
pace — on the seed's day, whichever it is."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from samverkan.core import crypto, personnummer
from samverkan.core.redaction import REPLACEMENT
from samverkan.core.settings import Settings
from samverkan.core.timeutil import STOCKHOLM
from samverkan.demo import employment as demo_employment
from samverkan.demo import employment_data as ed
from samverkan.demo import employment_people
from samverkan.demo.employment_network import contract_years
from samverkan.demo.service import seed
from samverkan.employment import factory, network, ssyk, summer
from samverkan.employment.analysis import jobfactory as jf
from samverkan.employment.models import (
    STAGES,
    CoachingSession,
    Employer,
    FollowUp,
    Match,
    Opening,
    Participant,
    PlanStep,
    Program,
    SeatTerm,
    StageChange,
    SummerReport,
)
from samverkan.orgs import queries as org_queries
from samverkan.orgs.policy import Principal
from samverkan.people.models import Person

DAY = date(2025, 6, 11)  # the demo as made that day (summer), whatever day the test runs
OTHER_DAY = date(2024, 11, 20)  # and in the winter before
BYS: tuple[jf.GroupBy, ...] = ("year", "cohort")


def principal(db: Session, email: str) -> Principal:
    user = org_queries.user_by_email(db, email)
    assert user is not None, email
    return org_queries.principal_for_user(db, user)


def program(db: Session, kind: str) -> Program:
    found = db.scalar(select(Program).where(Program.kind == kind))
    assert found is not None, kind
    return found


@pytest.fixture(scope="class")
def demo(settings: Settings, engine: Engine) -> Iterator[Session]:
    """The demo with its programs, seeded once for the class, rolled back after it."""
    crypto.configure(crypto.KeyRing.from_settings(settings))
    conn = engine.connect()
    outer = conn.begin()
    s = sessionmaker(bind=conn, join_transaction_mode="create_savepoint")()
    assert seed(s, DAY, incidents=False, employment=True, housing=False)
    s.flush()
    yield s
    s.close()
    outer.rollback()
    conn.close()


class TestTheSeededPrograms:
    def test_the_job_factory_is_stangastadens_with_miljovard_seats_in_skaggetorp(
        self, demo: Session
    ) -> None:
        jfp = program(demo, "job_factory")
        org = org_queries.org_by_name(demo, "Stångåstaden")
        assert org is not None and jfp.org_id == org.id
        assert (jfp.term_months, jfp.recruit_months, jfp.transition_months) == (18, 3, 3)
        assert jfp.success_months == 6
        supervisor = principal(demo, ed.SUPERVISOR)
        titles = [seat.title for seat, _s in factory.calendar(demo, supervisor, jfp.id, DAY)]
        assert sum(t.startswith("Miljövärd Skäggetorp") for t in titles) == 5
        assert len(titles) == 10

    def test_the_hit_rate_shows_per_year_with_its_interval_and_too_few_under_five(
        self, demo: Session
    ) -> None:
        jfp = program(demo, "job_factory")
        p = principal(demo, ed.SUPERVISOR)
        for by in BYS:
            rates = factory.hit_rates(demo, p, jfp.id, DAY, by=by)
            shown = [r for r in rates if not r.too_few]
            few = [r for r in rates if r.too_few]
            assert shown, by
            for r in shown:
                assert r.n >= 5 and r.rate is not None and r.ci_low is not None
                assert r.ci_high is not None and r.ci_low < r.rate < r.ci_high
                assert 0.3 <= r.rate <= 0.9, (by, r)
            assert any(0 < r.n < 5 for r in few), by  # counted, but too few to say
            assert all(r.rate is None and r.ci_low is None for r in few)
            # the current terms are pending, not counted
            assert sum(r.pending for r in rates) >= 9
        overall = factory.hit_rates(demo, p, jfp.id, DAY, by="year")
        n, k = sum(r.n for r in overall), sum(r.k for r in overall)
        assert n >= 12 and 0.5 <= k / n <= 0.75  # the article's 50–75 %

    def test_the_seat_calendar_has_a_seat_freeing_soon_with_its_recruiting_start(
        self, demo: Session
    ) -> None:
        jfp = program(demo, "job_factory")
        p = principal(demo, ed.SUPERVISOR)
        cal = factory.calendar(demo, p, jfp.id, DAY)
        held = [s for _seat, s in cal if s.held]
        assert len(held) == len(cal)  # the seats roll: every one is held today
        soon = [s for s in held if s.frees_on and s.frees_on <= DAY + timedelta(days=120)]
        assert soon
        for s in soon:
            assert s.frees_on is not None and s.recruit_from == jf.add_months(s.frees_on, -3)
        assert any(s.recruit == "due" and s.in_transition for s in soon)
        assert any(s.recruit == "later" for s in held)
        out = [factory.seat_out(demo, seat, s) for seat, s in cal]
        assert all(o.participant_id is not None for o in out)

    def test_linkstep_has_participants_in_every_stage_with_esf_entry_data(
        self, demo: Session
    ) -> None:
        link = program(demo, "coaching")
        kommun = org_queries.org_by_name(demo, "Linköpings kommun")
        assert kommun is not None and (link.name, link.org_id) == ("Linkstep", kommun.id)
        xs = list(demo.scalars(select(Participant).where(Participant.program_id == link.id)))
        assert 40 <= len(xs) <= 150
        assert {x.stage for x in xs} == set(STAGES)
        assert len({x.entry_status for x in xs}) == 4
        assert len({x.age_band for x in xs}) >= 4 and len({x.education for x in xs}) == 3
        assert {x.gender for x in xs} >= {"woman", "man"}
        assert len({x.district_id for x in xs}) >= 4 and len({x.referral for x in xs}) >= 5
        exited = [x for x in xs if x.stage == "exited"]
        assert all(x.exit_reason for x in exited)
        assert {x.exit_reason for x in exited} >= {"job", "self_sufficient", "dropped_out"}
        placed = [x for x in xs if x.placed_on is not None]
        assert all(x.intake_on and x.intake_on <= x.placed_on for x in placed if x.placed_on)
        # the register's twelve residents take part too
        names = {p.name for p in demo.scalars(select(Person).where(Person.org_id == kommun.id))}
        assert {"Testperson Ett", "Testperson Tolv", "Testdeltagare Ett"} <= names

    def test_the_three_coaches_log_sessions_and_a_note_is_redacted(self, demo: Session) -> None:
        link = program(demo, "coaching")
        sessions = list(
            demo.scalars(
                select(CoachingSession)
                .join(Participant, Participant.id == CoachingSession.participant_id)
                .where(Participant.program_id == link.id)
            )
        )
        coaches = {principal(demo, e).user_id for e in ed.COACHES}
        assert {s.coach_user_id for s in sessions} == coaches
        assert len(sessions) >= 100
        other = employment_people.other_persons_number()
        redacted = [s for s in sessions if s.notes and REPLACEMENT in s.notes]
        assert len(redacted) == 1 and "granne" in (redacted[0].notes or "")
        digits = other.replace("+", "")
        assert not any(digits[-4:] in (s.notes or "") for s in sessions)
        steps = list(demo.scalars(select(PlanStep)))
        assert steps and any(s.done_on for s in steps) and any(s.done_on is None for s in steps)

    def test_exited_participants_are_followed_up_at_1_6_and_12_months(self, demo: Session) -> None:
        rows = list(demo.scalars(select(FollowUp)))
        assert {f.months for f in rows} == {1, 6, 12}
        done = [f for f in rows if f.done_on is not None]
        assert len(done) >= 40 and all(f.status and f.done_on >= f.due_on for f in done)
        assert {f.status for f in done} >= {"employed", "job_seeking", "studies"}
        assert any(f.done_on is None for f in rows)  # the latest are still to do

    def test_every_participant_has_a_test_number(self, demo: Session) -> None:
        people = list(
            demo.scalars(select(Person).join(Participant, Participant.person_id == Person.id))
        )
        assert len(people) == demo.scalar(select(func.count(Participant.id)))
        assert len({p.pnr for p in people}) == len(people)
        for person in people:
            number = personnummer.Personnummer(person.pnr)
            assert number.birth_date.year == 1890, person.pnr
            assert 980 <= int(person.pnr[8:11]) <= 999, person.pnr
            assert person.name.startswith("Test"), person.name
        women = demo.scalars(
            select(Person.pnr)
            .join(Participant, Participant.person_id == Person.id)
            .where(Participant.gender == "woman", Person.name.not_like("Testperson %"))
        ).all()
        assert women and all(int(pnr[10]) % 2 == 0 for pnr in women)

    def test_the_network_has_employers_and_openings_with_ssyk_units(self, demo: Session) -> None:
        coach = principal(demo, ed.COACHES[2])
        employers = network.employers(demo, coach)
        assert len(employers) == 15 and {e.kind for e in employers} == {
            "contractor", "private", "public", "association"
        }  # fmt: skip
        assert all(e.name.endswith("(demo)") and e.orgnr is None for e in employers)
        assert all(e.contact_email and e.contact_email.endswith("@example.com") for e in employers)
        assert all(e.contact_phone and e.contact_phone.startswith("070-000 00") for e in employers)
        openings = network.openings(demo, coach)
        assert len(openings) >= 20
        assert all(ssyk.is_unit(o.ssyk) and ssyk.name(o.ssyk) for o in openings)
        assert all(o.skills for o in openings) and {o.status for o in openings} >= {"open"}
        assert sum(o.start_on > DAY for o in openings) >= 20
        total = demo.scalar(select(func.count(Employer.id)))
        assert total == 18 and demo.scalar(select(func.count(Opening.id))) == 25
        statuses = set(demo.scalars(select(Match.status)))
        assert statuses == {"proposed", "confirmed", "rejected"}
        assert "hired" in set(demo.scalars(select(Match.outcome)))

    def test_this_years_summer_contract_is_behind_and_last_years_delivered(
        self, demo: Session
    ) -> None:
        owner = principal(demo, ed.SUPERVISOR)
        contractor = principal(demo, ed.REPORTER)
        found = summer.contracts(demo, owner, DAY)
        assert [c.id for c in found] == [c.id for c in summer.contracts(demo, contractor, DAY)]
        this, last = found
        assert this.period_start <= DAY <= this.period_end and this.required_people == 100
        follow = summer.followup(demo, owner, this.id, DAY)
        assert follow.status == "behind" and follow.warning is not None
        assert f"{follow.delivered_people} of 100 people employed" in follow.warning
        assert {b.age_band for b in follow.by_age_band} == {"15-17", "18-24"}
        assert {d.district for d in follow.by_district} >= {"Skäggetorp", "Ryd", "Berga"}
        assert last.period_end < this.period_start and last.status == "done"
        assert last.delivered_people >= 100
        assert summer.followup(demo, owner, last.id, DAY).warning is None
        # last year's summer jobs were taken in the summer months
        reports = demo.scalars(select(SummerReport).where(SummerReport.contract_id == last.id))
        assert all(r.employed_on.month in (6, 7, 8) for r in reports)

    def test_nothing_happened_after_the_seed_day(self, demo: Session) -> None:
        checks = [
            select(func.max(StageChange.entered_on)),
            select(func.max(CoachingSession.held_on)),
            select(func.max(FollowUp.done_on)),
            select(func.max(SeatTerm.start)),
            select(func.max(SeatTerm.ended_on)),
            select(func.max(SeatTerm.job_on)),
            select(func.max(PlanStep.done_on)),
            select(func.max(SummerReport.employed_on)),
        ]
        for q in checks:
            latest = demo.scalar(q)
            assert latest is not None and latest <= DAY, q
        end = datetime.combine(DAY + timedelta(days=1), time(0), STOCKHOLM).astimezone(UTC)
        assert demo.scalar(select(func.max(Person.last_entry_at))) < end


def test_the_demo_is_relative_to_its_day(db: Session) -> None:
    assert seed(db, OTHER_DAY, incidents=False, employment=True)
    db.flush()
    jfp = program(db, "job_factory")
    first = db.scalar(select(func.min(SeatTerm.start)))
    assert first == jf.add_months(OTHER_DAY, -ed.HISTORY_MONTHS)
    p = principal(db, ed.SUPERVISOR)
    assert any(not r.too_few for r in factory.hit_rates(db, p, jfp.id, OTHER_DAY, by="year"))
    cal = factory.calendar(db, p, jfp.id, OTHER_DAY)
    assert any(s.recruit == "due" for _seat, s in cal)
    this, _last = summer.contracts(db, p, OTHER_DAY)
    assert (this.period_start, this.period_end) == contract_years(OTHER_DAY)[0]
    assert summer.followup(db, p, this.id, OTHER_DAY).status == "behind"
    link = program(db, "coaching")
    stages = set(db.scalars(select(Participant.stage).where(Participant.program_id == link.id)))
    assert stages == set(STAGES)
    assert db.scalar(select(func.max(StageChange.entered_on))) <= OTHER_DAY


def test_on_any_day_the_terms_show_a_rate_too_few_and_a_seat_to_recruit_for() -> None:
    """The planned terms alone (no database), for a day every five over three years."""
    for offset in range(0, 3 * 365, 5):
        today = date(2024, 1, 1) + timedelta(days=offset)
        planned = demo_employment.plan_terms(today, 10)
        terms = [jf.Term(t.seat, t.start, t.end, t.planned_end, t.job_on) for t in planned]
        assert max(t.start for t in terms) <= today
        for by in BYS:
            rates = jf.hit_rate(terms, within_months=6, today=today, by=by)
            assert any(not r.too_few for r in rates), (today, by)
            assert any(r.too_few and r.n > 0 for r in rates), (today, by)
        cal = jf.seat_calendar(range(10), terms, today=today)
        assert all(s.held for s in cal), today
        assert any(s.frees_on and s.frees_on <= today + timedelta(days=120) for s in cal), today


def test_a_people_only_seed_has_no_programs(db: Session) -> None:
    assert seed(db, DAY, incidents=False, people=True)
    assert db.scalar(select(func.count(Participant.id))) == 0
    assert db.scalar(select(func.count(Person.id))) == 24
