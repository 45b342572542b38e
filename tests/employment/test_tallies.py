"""The dashboard's stored tallies: after every kind of write (enrolment, moves dated back, two
moves on one day, a spell across a month's end, an exit and its follow-ups recorded early and
late, a participant changing district, rows written straight through the ORM, an erasure) the
tallies equal a recount from the rows, every stage change's ``left_on`` is the day of the next,
and the dashboard made from the tallies equals the one made from the rows alone (the window
query it replaced, kept in ``old_dashboard``) on days before, inside and after each month."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from samverkan.core import migrate
from samverkan.core.db import make_engine
from samverkan.employment import reports, service, tallies
from samverkan.employment.models import Participant, SpellTally, StageChange
from samverkan.employment.schemas import (
    FollowUpIn,
    ParticipantData,
    ParticipantIn,
    ProgramIn,
    StageIn,
)
from samverkan.people import service as people_service
from samverkan.people.models import Person
from samverkan.people.schemas import BasisIn, PersonIn
from tests.conftest import PG_URL, _fresh_postgres_database, drop_postgres_database
from tests.employment import old_dashboard
from tests.people.conftest import Caseworkers, number

D = date
DAYS = [
    D(2026, 1, 27), D(2026, 1, 31), D(2026, 2, 1), D(2026, 2, 3), D(2026, 3, 10),
    D(2026, 3, 31), D(2026, 4, 30), D(2026, 6, 15), D(2026, 6, 30), D(2026, 12, 31),
    D(2027, 7, 1),
]  # fmt: skip


@pytest.fixture(autouse=True)
def _fresh() -> None:
    reports.clear_cache()


def _agree(db: Session, cw: Caseworkers, programs: list[int]) -> None:
    """The tallies are a recount; each dashboard the one made from the rows alone."""
    db.flush()
    conn = db.connection()
    assert tallies.stored(conn) == tallies.recount(conn)
    p = cw.principals["handlaggare"]
    for program in programs:
        for on in DAYS:
            got = reports.dashboard(db, p, program, on=on, cached=False)
            assert got == old_dashboard.dashboard(db, p, program, on), (program, on)


def _ends(db: Session, participant_id: int) -> list[tuple[str, date, date | None]]:
    rows = db.execute(
        select(StageChange.stage, StageChange.entered_on, StageChange.left_on)
        .where(StageChange.participant_id == participant_id)
        .order_by(StageChange.entered_on, StageChange.id)
    )
    return [tuple(r) for r in rows]  # type: ignore[misc]


def _enrol(db, cw, program, serial, referred, district=None, gender="woman", age="25-29"):
    data = ParticipantIn(
        person=PersonIn(
            pnr=number(serial),
            name=f"Deltagare {serial}",
            basis=BasisIn(purpose="employment", basis="consent", since=D(2025, 1, 1)),
        ),
        referral="af",
        entry_status="long_term_unemployed",
        age_band=age,
        gender=gender,
        education="isced_0_2",
        district_id=cw.ids[district] if district else None,
        referred_on=referred,
    )
    return service.enrol(db, cw.principals["handlaggare"], program, data)


def _move(db, cw, x, stage, on, kind=None):
    extra = {"placement": kind} if stage == "placed" else {}
    extra |= {"exit_reason": kind} if stage == "exited" else {}
    return service.move(
        db, cw.principals["handlaggare"], x.id, StageIn(stage=stage, on=on, **extra)
    )


def test_the_tallies_follow_every_write_and_the_dashboard_stays_exact(
    db: Session, people_world: Caseworkers
) -> None:
    cw, p = people_world, people_world.principals["handlaggare"]
    org = cw.ids["kommun_org"]
    one = service.create_program(db, p, ProgramIn(name="Linkstep", kind="coaching"), org).id
    two = service.create_program(db, p, ProgramIn(name="Annat", kind="other"), org).id
    a = _enrol(db, cw, one, 601, D(2026, 1, 5), "skaggetorp")
    b = _enrol(db, cw, one, 602, D(2026, 1, 28), "ryd", "man", "18-24")
    c = _enrol(db, cw, two, 603, D(2026, 1, 10), "skaggetorp", "other", "30-54")
    _agree(db, cw, [one, two])
    # a's pathway into June first, then b's moves dated back into months already tallied
    _move(db, cw, a, "intake", D(2026, 3, 10))
    _move(db, cw, a, "mapped", D(2026, 3, 10))  # twice on one day: a spell of 0 days
    _move(db, cw, a, "placed", D(2026, 6, 2), "employment")
    _agree(db, cw, [one, two])
    _move(db, cw, b, "intake", D(2026, 2, 3))  # referred 28 January: a spell across the month
    _move(db, cw, b, "active", D(2026, 2, 28))
    _move(db, cw, c, "intake", D(2026, 1, 31))
    _agree(db, cw, [one, two])
    assert _ends(db, a.id) == [
        ("referred", D(2026, 1, 5), D(2026, 3, 10)),
        ("intake", D(2026, 3, 10), D(2026, 3, 10)),
        ("mapped", D(2026, 3, 10), D(2026, 6, 2)),
        ("placed", D(2026, 6, 2), None),
    ]
    # exits plan follow-ups: one recorded before it is due, one after, none for the other
    _move(db, cw, b, "exited", D(2026, 4, 30), "job")
    _move(db, cw, a, "exited", D(2026, 6, 20), "studies")
    service.record_followup(db, p, b.id, 1, FollowUpIn(done_on=D(2026, 5, 20), status="employed"))
    service.record_followup(db, p, b.id, 6, FollowUpIn(done_on=D(2026, 12, 1), status="studies"))
    service.record_followup(db, p, a.id, 1, FollowUpIn(done_on=D(2026, 8, 1), status="unknown"))
    _agree(db, cw, [one, two])
    # b moves to another district: every count of theirs moves with them
    data = ParticipantData.model_validate(
        {
            "referral": "af",
            "entry_status": "long_term_unemployed",
            "age_band": "25-29",
            "gender": "man",
            "education": "isced_0_2",
            "district_id": None,
        }
    )
    service.update(db, p, b.id, data)
    _agree(db, cw, [one, two])
    # rows written straight through the ORM keep the tallies too
    person = Person(org_id=org, pnr="x", pnr_hash="h-orm", name="x")
    db.add(person)
    db.flush()
    x = Participant(
        org_id=org, program_id=one, person_id=person.id, referral="af",
        entry_status="unemployed", age_band="30-54", gender="woman", education="isced_3_4",
        district_id=cw.ids["ryd"], stage="exited", stage_since=D(2026, 3, 1),
        referred_on=D(2026, 1, 1), intake_on=D(2026, 1, 15), placement="studies",
        placed_on=D(2026, 2, 1), exit_reason="moved", exited_on=D(2026, 3, 1),
    )  # fmt: skip
    x.changes.append(StageChange(stage="referred", entered_on=D(2026, 1, 1)))
    x.changes.append(StageChange(stage="exited", entered_on=D(2026, 3, 1)))
    db.add(x)
    _agree(db, cw, [one, two])
    assert _ends(db, x.id)[0][2] == D(2026, 3, 1)
    x.changes[-1].entered_on = D(2026, 2, 20)  # redated: the spell before it ends then
    _agree(db, cw, [one, two])
    assert _ends(db, x.id)[0][2] == D(2026, 2, 20)
    db.delete(x)  # and deleted through the ORM, its changes with it
    _agree(db, cw, [one, two])
    # an erased person leaves the tallies with their rows
    people_service.erase(db, p, a.person_id)
    _agree(db, cw, [one, two])
    db.commit()
    got = reports.dashboard(db, p, one, on=D(2026, 6, 30), cached=False)
    assert got.participants == 1 and got.outcomes.exits == {"job": 1}


def test_a_tally_wrong_by_one_is_caught_and_a_rebuild_mends_it(
    db: Session, people_world: Caseworkers
) -> None:
    cw, p = people_world, people_world.principals["handlaggare"]
    program = service.create_program(
        db, p, ProgramIn(name="Linkstep", kind="coaching"), cw.ids["kommun_org"]
    ).id
    x = _enrol(db, cw, program, 611, D(2026, 1, 5), "ryd")
    _move(db, cw, x, "intake", D(2026, 2, 10))
    _agree(db, cw, [program])
    db.execute(update(SpellTally).values(n=SpellTally.n + 1))
    conn = db.connection()
    assert tallies.stored(conn) != tallies.recount(conn)
    on = D(2026, 6, 30)
    assert reports.dashboard(db, p, program, on=on, cached=False) != old_dashboard.dashboard(
        db, p, program, on
    )
    db.execute(update(StageChange).values(left_on=None))
    assert tallies.rebuild(conn) == 2
    assert _ends(db, x.id) == [
        ("referred", D(2026, 1, 5), D(2026, 2, 10)),
        ("intake", D(2026, 2, 10), None),
    ]
    _agree(db, cw, [program])


@pytest.fixture
def empty_url(tmp_path: Path) -> Iterator[str]:
    if PG_URL:
        url = _fresh_postgres_database(PG_URL)
        yield url
        drop_postgres_database(PG_URL, url)
    else:
        yield "sqlite:///" + str(tmp_path / "empty.db")


def test_the_migration_counts_the_rows_already_stored(empty_url: str) -> None:
    engine = make_engine(empty_url)
    try:
        migrate.upgrade(engine, "0014")
        with engine.begin() as conn:
            for sql in _OLD_ROWS:
                conn.execute(text(sql))
        migrate.upgrade(engine)
        with engine.begin() as conn:
            counted = tallies.stored(conn)
            assert counted and counted == tallies.recount(conn)
            ends = conn.execute(
                text(
                    "SELECT participant_id, stage, left_on, program_id FROM "
                    "employment_stage_change ORDER BY participant_id, entered_on, id"
                )
            ).all()
            assert [(r[0], r[1], r[2] and str(r[2]), r[3]) for r in ends] == [
                (1, "referred", "2026-02-03", 1),
                (1, "intake", "2026-02-03", 1),
                (1, "mapped", "2026-04-01", 1),
                (1, "exited", None, 1),
                (2, "referred", None, 1),
            ]
        command.downgrade(migrate.alembic_config(empty_url), "0014")
        with engine.connect() as conn:
            assert conn.scalar(text("SELECT count(*) FROM employment_stage_change")) == 5
    finally:
        engine.dispose()


_OLD_ROWS = [
    "INSERT INTO organisation (id, name, kind, created_at) VALUES (1, 'K', 'kommun', '2026-01-01')",
    "INSERT INTO person (id, org_id, pnr, pnr_hash, name, created_at, last_entry_at) VALUES "
    "(1, 1, 'x', 'h1', 'x', '2026-01-01', '2026-01-01'), "
    "(2, 1, 'x', 'h2', 'x', '2026-01-01', '2026-01-01')",
    "INSERT INTO employment_program (id, org_id, name, kind, term_months, recruit_months, "
    "transition_months, success_months, created_at) VALUES (1, 1, 'L', 'coaching', 18, 3, 3, 6, "
    "'2026-01-01')",
    "INSERT INTO employment_participant (id, org_id, program_id, person_id, referral, "
    "entry_status, age_band, gender, education, languages, licence, occupations, skills, stage, "
    "stage_since, referred_on, intake_on, exit_reason, exited_on, created_at) VALUES "
    "(1, 1, 1, 1, 'af', 'unemployed', '18-24', 'man', 'isced_0_2', '[]', false, '[]', '[]', "
    "'exited', '2026-04-01', '2026-01-28', '2026-02-03', 'job', '2026-04-01', '2026-01-01'), "
    "(2, 1, 1, 2, 'af', 'unemployed', '30-54', 'woman', 'isced_0_2', '[]', false, '[]', '[]', "
    "'referred', '2026-03-01', '2026-03-01', NULL, NULL, NULL, '2026-01-01')",
    "INSERT INTO employment_stage_change (id, participant_id, stage, entered_on, at) VALUES "
    "(1, 1, 'referred', '2026-01-28', '2026-01-01'), (2, 1, 'intake', '2026-02-03', '2026-01-01'), "
    "(3, 1, 'mapped', '2026-02-03', '2026-01-01'), (4, 1, 'exited', '2026-04-01', '2026-01-01'), "
    "(5, 2, 'referred', '2026-03-01', '2026-01-01')",
    "INSERT INTO employment_followup (participant_id, months, due_on, done_on, status) VALUES "
    "(1, 1, '2026-05-01', '2026-04-20', 'employed'), (1, 6, '2026-10-01', NULL, NULL), "
    "(1, 12, '2027-04-01', NULL, NULL)",
]
