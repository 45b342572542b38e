"""A participant's pathway through a program: enrolment from the person register, the rules of
the stages (forward only, a placement after the intake, an exit with its reason), coaching
notes redacted of other people's personnummer, follow-ups planned at exit, the time in each
stage, and who may see any of it."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverkan.core.errors import Invalid, NotFound
from samverkan.employment import present, queries, service
from samverkan.employment.models import FollowUp, Participant, SeatTerm
from samverkan.employment.schemas import (
    CoachingIn,
    ParticipantIn,
    ProgramIn,
    StageIn,
)
from samverkan.people import export
from samverkan.people import service as people_service
from samverkan.people.models import PersonAccess
from samverkan.people.schemas import BasisIn, PersonIn
from tests.people.conftest import Caseworkers, number

DAY = date(2026, 3, 2)


def _program(db: Session, cw: Caseworkers) -> int:
    p = cw.principals["handlaggare"]
    program = service.create_program(
        db, p, ProgramIn(name="Linkstep", kind="coaching"), cw.ids["kommun_org"]
    )
    db.commit()
    return program.id


def _enrol(db: Session, cw: Caseworkers, program_id: int, serial: int = 401, **kw) -> Participant:
    data = ParticipantIn(
        person=PersonIn(
            pnr=number(serial),
            name="Deltagare Syntetisk",
            basis=BasisIn(purpose="employment", basis="consent", since=date(2026, 1, 5)),
        ),
        referral="af",
        entry_status="long_term_unemployed",
        age_band="25-29",
        gender="woman",
        education="isced_3_4",
        languages=["sv", "AR"],
        licence=True,
        occupations=[],
        skills=["Städning"],
        referred_on=kw.pop("referred_on", DAY),
        **kw,
    )
    x = service.enrol(db, cw.principals["handlaggare"], program_id, data)
    db.commit()
    return x


def _move(db, cw, x, stage, on, **kw):
    out = service.move(db, cw.principals["handlaggare"], x.id, StageIn(stage=stage, on=on, **kw))
    db.commit()
    return out


def test_a_participant_walks_the_pathway_and_the_days_in_each_stage_add_up(
    db: Session, people_world: Caseworkers
) -> None:
    program = _program(db, people_world)
    x = _enrol(db, people_world, program)
    assert x.languages == ["ar", "sv"] and x.skills == ["städning"] and x.stage == "referred"
    _move(db, people_world, x, "intake", date(2026, 3, 9))
    _move(db, people_world, x, "mapped", date(2026, 3, 30))
    _move(db, people_world, x, "active", date(2026, 4, 6))
    _move(db, people_world, x, "placed", date(2026, 9, 1), placement="employment")
    _move(db, people_world, x, "exited", date(2026, 10, 1), exit_reason="job")
    days = present.days_in_stage(x, date(2026, 12, 1))
    assert days == {"referred": 7, "intake": 21, "mapped": 7, "active": 148, "placed": 30}
    due = [f.due_on for f in queries.followups(db, x.id)]
    assert due == [date(2026, 11, 1), date(2027, 4, 1), date(2027, 10, 1)]
    assert x.placement == "employment" and x.exit_reason == "job"


@pytest.mark.parametrize(
    ("stage", "on", "extra", "field"),
    [
        ("placed", date(2026, 3, 5), {"placement": "internship"}, "on"),  # before the intake
        ("exited", date(2026, 4, 1), {}, "exit_reason"),  # an exit without a reason
        ("placed", date(2026, 4, 1), {}, "placement"),  # a placement without its kind
        ("referred", date(2026, 4, 1), {}, "stage"),  # going back
        ("active", date(2026, 3, 3), {}, "on"),  # before the current stage began
    ],
)
def test_the_pathway_refuses_what_cannot_be_and_keeps_nothing(
    db: Session, people_world: Caseworkers, stage, on, extra, field
) -> None:
    x = _enrol(db, people_world, _program(db, people_world))
    _move(db, people_world, x, "intake", date(2026, 3, 9))
    changes = len(x.changes)
    with pytest.raises(Invalid) as err:
        service.move(
            db, people_world.principals["handlaggare"], x.id, StageIn(stage=stage, on=on, **extra)
        )
    db.rollback()
    assert err.value.field == field
    again = queries.participant(db, people_world.principals["handlaggare"], x.id)
    assert again is not None and again.stage == "intake" and len(again.changes) == changes
    assert db.scalar(select(func.count(FollowUp.id))) == 0


def test_a_second_participant_of_the_same_personnummer_is_refused(
    db: Session, people_world: Caseworkers
) -> None:
    program = _program(db, people_world)
    first = _enrol(db, people_world, program)
    with pytest.raises(service.AlreadyParticipant) as err:
        _enrol(db, people_world, program)
    db.rollback()
    assert err.value.existing_id == first.id
    assert db.scalar(select(func.count(Participant.id))) == 1


def test_coaching_notes_lose_other_people_s_numbers_but_keep_the_participant_s_own(
    db: Session, people_world: Caseworkers
) -> None:
    x = _enrol(db, people_world, _program(db, people_world))
    own, other = number(401), number(402)
    row, removed = service.log_coaching(
        db,
        people_world.principals["handlaggare"],
        x.id,
        CoachingIn(
            held_on=DAY,
            minutes=45,
            notes=f"Har {own} i CV:t. Grannen {other[2:]} ringde, tel 013-20 00 00.",
        ),
    )
    db.commit()
    assert removed == 1
    assert own in (row.notes or "") and other[9:] not in (row.notes or "")
    assert "[borttaget]" in (row.notes or "") and "013-20 00 00" in (row.notes or "")


def test_nobody_but_the_organisation_s_case_workers_sees_a_participant(
    db: Session, people_world: Caseworkers
) -> None:
    program = _program(db, people_world)
    x = _enrol(db, people_world, program)
    for who in ("samordnare_only", "lasare", "nkpg_handlaggare", "rapportor", "polis"):
        p = people_world.principals[who]
        assert queries.participant(db, p, x.id) is None, who
        assert queries.participants(db, p, program) == [], who
        with pytest.raises(NotFound):
            service.move(db, p, x.id, StageIn(stage="intake", on=DAY))
        db.rollback()


def test_the_api_answers_the_case_worker_s_own_token_logs_the_read_and_404s_the_rest(
    app, db: Session, people_world: Caseworkers, world
) -> None:
    from tests.people.test_personal_tokens import _make_own_token

    program = _program(db, people_world)
    x = _enrol(db, people_world, program)
    secret, _ = _make_own_token(people_world)
    api = TestClient(app, headers={"Authorization": f"Bearer {secret}"})
    got = api.get(f"/api/v1/employment/participants/{x.id}")
    assert got.status_code == 200, got.text
    body = got.json()
    assert body["name"] == "Deltagare Syntetisk" and body["stage"] == "referred"
    logged = db.scalar(
        select(func.count(PersonAccess.id)).where(
            PersonAccess.person_id == x.person_id, PersonAccess.view == "api"
        )
    )
    assert logged == 1
    moved = api.post(
        f"/api/v1/employment/participants/{x.id}/stage",
        json={"stage": "placed", "on": "2026-03-05", "placement": "studies"},
    )
    assert moved.status_code == 422, moved.text
    assert "intag" in moved.text or "intake" in moved.text
    org_token = world.personas["rapportor"].token
    other = TestClient(app, headers={"Authorization": f"Bearer {org_token}"})
    assert other.get(f"/api/v1/employment/participants/{x.id}").status_code == 404
    assert "Deltagare" not in other.get(f"/api/v1/employment/participants/{x.id}").text


def test_erasing_the_person_removes_the_participant_and_keeps_the_term_anonymous(
    db: Session, people_world: Caseworkers
) -> None:
    from samverkan.employment.models import Seat

    program = _program(db, people_world)
    x = _enrol(db, people_world, program)
    seat = Seat(program_id=program, title="Miljövärd 1")
    db.add(seat)
    db.flush()
    db.add(SeatTerm(seat_id=seat.id, participant_id=x.id, start=DAY, planned_end=date(2027, 9, 2)))
    db.commit()
    p = people_world.principals["handlaggare"]
    person = people_service._person(db, p, x.person_id)
    dump = export.collect(db, p, person, people_service.utcnow())
    rows = dict((s.key, r) for s, r in dump.sections)["employment"]
    assert rows and rows[0]["status at entry"] == "long_term_unemployed"
    receipt = people_service.erase(db, p, x.person_id)
    db.commit()
    assert receipt.what["employment"] == 1
    assert db.scalar(select(func.count(Participant.id))) == 0
    term = db.scalar(select(SeatTerm))
    assert term is not None and term.participant_id is None
