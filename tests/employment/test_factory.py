"""The job factory through its service: 5 miljövärd seats in Skäggetorp in a rolling model of
18-month terms, the seat calendar on a fixed day, a held seat refused to a second participant,
and the hit rate per cohort with "too few to say" under 5."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from samverkan.core.errors import Conflict, Invalid
from samverkan.employment import factory, service
from samverkan.employment.schemas import ProgramIn
from tests.employment.test_pathway import _enrol
from tests.people.conftest import Caseworkers

TODAY = date(2026, 6, 15)


def _factory(db: Session, cw: Caseworkers) -> int:
    p = cw.principals["handlaggare"]
    program = service.create_program(
        db,
        p,
        ProgramIn(name="Jobbfabriken", kind="job_factory", success_months=6),
        cw.ids["kommun_org"],
    )
    db.commit()
    return program.id


def test_five_rolling_seats_say_when_they_free_and_when_to_recruit(
    db: Session, people_world: Caseworkers
) -> None:
    p = people_world.principals["handlaggare"]
    program = _factory(db, people_world)
    seats = [
        factory.add_seat(db, p, program, factory.SeatIn(title=f"Miljövärd {i}"))
        for i in range(1, 6)
    ]
    starts = [date(2025, 1, 1), date(2025, 4, 1), date(2025, 7, 1), date(2025, 10, 1)]
    for i, start in enumerate(starts):
        x = _enrol(db, people_world, program, serial=500 + i, referred_on=date(2024, 12, 1))
        factory.start_term(db, p, seats[i].id, factory.TermIn(participant_id=x.id, start=start))
    db.commit()
    cal = {s.title: st for s, st in factory.calendar(db, p, program, TODAY)}
    first = cal["Miljövärd 1"]
    assert first.frees_on == date(2026, 7, 1) and first.recruit_from == date(2026, 4, 1)
    assert first.recruit == "due" and first.in_transition
    assert cal["Miljövärd 4"].frees_on == date(2027, 4, 1)
    assert cal["Miljövärd 4"].recruit == "later" and not cal["Miljövärd 4"].in_transition
    assert cal["Miljövärd 5"].term is None and cal["Miljövärd 5"].recruit == "overdue"
    y = _enrol(db, people_world, program, serial=520, referred_on=date(2025, 1, 2))
    with pytest.raises(Conflict) as err:
        factory.start_term(
            db, p, seats[0].id, factory.TermIn(participant_id=y.id, start=date(2026, 1, 1))
        )
    assert err.value.field == "start"
    db.rollback()


def test_the_hit_rate_per_cohort_and_too_few_under_five(
    db: Session, people_world: Caseworkers
) -> None:
    p = people_world.principals["handlaggare"]
    program = _factory(db, people_world)
    seats = [factory.add_seat(db, p, program, factory.SeatIn(title=f"Plats {i}")) for i in range(6)]
    # Cohort 2022: six terms ended 2023-07-01 or -08-01; four found a job within 6 months.
    jobs = [
        date(2023, 9, 1),
        date(2023, 12, 1),
        None,
        date(2024, 6, 1),
        date(2023, 8, 1),
        date(2023, 7, 15),
    ]
    for i, job in enumerate(jobs):
        x = _enrol(db, people_world, program, serial=600 + i, referred_on=date(2021, 12, 1))
        start = date(2022, 1 + (i % 2), 1)
        t = factory.start_term(db, p, seats[i].id, factory.TermIn(participant_id=x.id, start=start))
        factory.end_term(db, p, t.id, factory.TermEndIn(ended_on=t.planned_end, job_on=job))
    # Cohort 2024: two terms only.
    for i in range(2):
        x = _enrol(db, people_world, program, serial=610 + i, referred_on=date(2023, 12, 1))
        t = factory.start_term(
            db, p, seats[i].id, factory.TermIn(participant_id=x.id, start=date(2024, 1, 1))
        )
        factory.end_term(db, p, t.id, factory.TermEndIn(ended_on=t.planned_end))
    db.commit()
    rates = {r.group: r for r in factory.hit_rates(db, p, program, TODAY)}
    r22 = rates[2022]
    assert (r22.n, r22.k, r22.too_few) == (6, 4, False)
    assert r22.rate == pytest.approx(4 / 6)
    assert r22.ci_low is not None and r22.ci_low < 4 / 6 < (r22.ci_high or 0)
    assert rates[2024].too_few and rates[2024].rate is None and rates[2024].ci_low is None
    with pytest.raises(Invalid):
        factory.end_term(db, p, t.id, factory.TermEndIn(job_on=date(2020, 1, 1)))
    db.rollback()


def test_a_successor_booked_from_the_planned_end_ends_the_term_nobody_ended(
    db: Session, people_world: Caseworkers
) -> None:
    """The holder's term was never marked as ended; a successor takes the seat from its planned
    end. The calendar shows one holder a day (no error), and the first term counts as ended
    when the successor began, for the hit rate too."""
    p = people_world.principals["handlaggare"]
    program = _factory(db, people_world)
    seat = factory.add_seat(db, p, program, factory.SeatIn(title="Miljövärd 1"))
    first = _enrol(db, people_world, program, serial=530, referred_on=date(2024, 1, 2))
    factory.start_term(
        db, p, seat.id, factory.TermIn(participant_id=first.id, start=date(2024, 2, 1))
    )
    second = _enrol(db, people_world, program, serial=531, referred_on=date(2025, 6, 2))
    factory.start_term(
        db, p, seat.id, factory.TermIn(participant_id=second.id, start=date(2025, 8, 1))
    )
    db.commit()
    ((_seat, status),) = factory.calendar(db, p, program, TODAY)
    assert status.term is not None and status.term.start == date(2025, 8, 1)
    assert status.frees_on == date(2027, 2, 1)
    rates = {r.group: r for r in factory.hit_rates(db, p, program, TODAY, "cohort")}
    assert (rates[2024].n, rates[2024].k, rates[2024].pending) == (1, 0, 0)  # ended, no job
