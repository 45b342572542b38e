"""Disturbance cases and Jordabalken 12 kap.: a termination is refused until the warning and
the notice to the social welfare board are recorded (25 §), unless the path of very serious
disturbance (42 §) is chosen with its reason; the notice goes with a warning, never before it;
a closed case takes no step; nothing is half-saved; another organisation sees no case; notes
are redacted, the flat encrypted at rest, and the person's export and erasure cover the cases."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from samverkan.core.errors import Conflict, Invalid, NotFound
from samverkan.core.models import AuditEvent
from samverkan.housing import queries, service
from samverkan.housing.models import CaseStep, DisturbanceCase
from samverkan.housing.schemas import CaseIn, OutcomeIn, StepIn, TerminationIn
from samverkan.orgs import queries as org_queries
from samverkan.orgs.models import Organisation
from samverkan.orgs.policy import Principal
from samverkan.people import export
from samverkan.people import service as people_service
from samverkan.people.schemas import BasisIn, PersonIn
from samverkan.people.service import NoBasis
from tests.conftest import World, make_user
from tests.people.conftest import Caseworkers, number

DAY = date(2026, 3, 2)


@pytest.fixture
def bolag(db: Session, world: World) -> Principal:
    """A case worker of Stångåstaden's safety department."""
    org = db.get(Organisation, world.ids["bolag_org"])
    assert org is not None
    user = make_user(db, "tina@stangastaden.test", org, "handlaggare")
    db.commit()
    return org_queries.principal_for_user(db, user)


def _open(db: Session, p: Principal, world: World, serial: int = 601, **kw: object):
    data = {
        "person": PersonIn(
            pnr=number(serial),
            name="Hyresgäst Syntetisk",
            basis=BasisIn(purpose="housing", basis="legal_obligation", since=date(2026, 1, 1)),
        ),
        "flat": "Skäggetorpsvägen 3, lgh 1102",
        "area_id": world.ids["skaggetorp"],
        "opened_on": DAY,
        "source": "neighbour",
        "note": "Hög musik nattetid enligt grannen.",
        **kw,
    }
    case = service.open_case(db, p, world.ids["bolag_org"], CaseIn(**data))
    db.commit()
    return case


def _step(db: Session, p: Principal, case_id: int, kind: str, on: date, **kw: object):
    step = service.add_step(db, p, case_id, StepIn(kind=kind, on=on, **kw))
    db.commit()
    return step


def _steps(db: Session, case_id: int) -> list[str]:
    db.expire_all()
    return list(
        db.scalars(select(CaseStep.kind).where(CaseStep.case_id == case_id).order_by(CaseStep.id))
    )


def test_a_termination_needs_the_warning_and_the_notice_first(
    db: Session, world: World, bolag: Principal, people_world: Caseworkers
) -> None:
    case = _open(db, bolag, world)
    assert case.status == "open" and _steps(db, case.id) == ["complaint"]
    with pytest.raises(Invalid) as refused:
        service.terminate(db, bolag, case.id, TerminationIn(on=date(2026, 4, 1)))
    assert refused.value.field == "very_serious" and "25 §" in refused.value.text()
    db.rollback()
    _step(db, bolag, case.id, "contact", date(2026, 3, 4), contact="call")
    _step(db, bolag, case.id, "warning", date(2026, 3, 9), rectify_by=date(2026, 3, 30))
    assert db.get(DisturbanceCase, case.id).status == "warned"
    # a warning alone is not enough: the notice to the social welfare board goes with it
    with pytest.raises(Invalid):
        service.terminate(db, bolag, case.id, TerminationIn(on=date(2026, 4, 1)))
    db.rollback()
    _step(db, bolag, case.id, "social_notice", date(2026, 3, 9))
    _step(db, bolag, case.id, "complaint", date(2026, 4, 2), source="on_call")
    # not dated before the notice
    with pytest.raises(Invalid) as early:
        service.terminate(db, bolag, case.id, TerminationIn(on=date(2026, 3, 8)))
    assert early.value.field == "on"
    db.rollback()
    service.terminate(db, bolag, case.id, TerminationIn(on=date(2026, 4, 6)))
    db.commit()
    found = db.get(DisturbanceCase, case.id)
    assert (found.status, found.terminated_on, found.very_serious) == (
        "terminated",
        date(2026, 4, 6),
        False,
    )
    assert _steps(db, case.id) == [
        "complaint", "contact", "warning", "social_notice", "complaint", "termination",
    ]  # fmt: skip
    with pytest.raises(Conflict):
        service.terminate(db, bolag, case.id, TerminationIn(on=date(2026, 4, 7)))
    db.rollback()
    service.close(db, bolag, case.id, OutcomeIn(outcome="rent_tribunal", on=date(2026, 4, 20)))
    db.commit()
    with pytest.raises(Conflict):
        service.add_step(
            db, bolag, case.id, StepIn(kind="contact", on=date(2026, 5, 1), contact="letter")
        )
    db.rollback()
    actions = db.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.object_type == "disturbance_case")
        .order_by(AuditEvent.id)
    ).all()
    assert actions == ["disturbance.open"] + ["disturbance.step"] * 4 + [
        "disturbance.terminate",
        "disturbance.close",
    ]


def test_very_serious_disturbance_terminates_without_a_warning_only_with_its_reason(
    db: Session, world: World, bolag: Principal, people_world: Caseworkers
) -> None:
    case = _open(db, bolag, world)
    for reason in (None, "hot"):
        with pytest.raises(Invalid) as refused:
            service.terminate(
                db, bolag, case.id, TerminationIn(on=DAY, very_serious=True, reason=reason)
            )
        assert refused.value.field == "reason"
        db.rollback()
    assert _steps(db, case.id) == ["complaint"]  # nothing half-saved
    why = "Hot mot grannar med kniv i trapphuset, polisanmält."
    service.terminate(db, bolag, case.id, TerminationIn(on=DAY, very_serious=True, reason=why))
    db.commit()
    db.expire_all()
    found = db.get(DisturbanceCase, case.id)
    assert found.status == "terminated" and found.very_serious
    assert found.very_serious_reason == why
    raw = db.execute(
        text("SELECT very_serious_reason, flat FROM housing_disturbance_case WHERE id = :i"),
        {"i": case.id},
    ).one()
    assert "kniv" not in raw[0] and "Skäggetorpsvägen" not in raw[1]  # encrypted at rest


def test_the_steps_are_checked_against_the_case(
    db: Session, world: World, bolag: Principal, people_world: Caseworkers
) -> None:
    case = _open(db, bolag, world)
    refusals = [
        (StepIn(kind="social_notice", on=date(2026, 3, 9)), "kind"),  # before any warning
        (StepIn(kind="warning", on=date(2026, 3, 9)), "rectify_by"),
        (StepIn(kind="warning", on=date(2026, 3, 9), rectify_by=date(2026, 3, 9)), "rectify_by"),
        (StepIn(kind="complaint", on=date(2026, 3, 9)), "source"),
        (StepIn(kind="contact", on=date(2026, 3, 9)), "contact"),
        (StepIn(kind="contact", on=date(2026, 3, 1), contact="call"), "on"),  # before opened
    ]
    for data, field in refusals:
        with pytest.raises(Invalid) as refused:
            service.add_step(db, bolag, case.id, data)
        assert refused.value.field == field, data
        db.rollback()
    _step(db, bolag, case.id, "warning", date(2026, 3, 9), rectify_by=date(2026, 3, 30))
    with pytest.raises(Invalid):  # the notice is not dated before the warning
        service.add_step(db, bolag, case.id, StepIn(kind="social_notice", on=date(2026, 3, 8)))
    db.rollback()
    with pytest.raises(Invalid):  # only a terminated case goes to the rent tribunal
        service.close(db, bolag, case.id, OutcomeIn(outcome="rent_tribunal", on=date(2026, 4, 1)))
    db.rollback()
    assert _steps(db, case.id) == ["complaint", "warning"]
    service.close(db, bolag, case.id, OutcomeIn(outcome="resolved", on=date(2026, 4, 1)))
    db.commit()
    assert db.get(DisturbanceCase, case.id).outcome == "resolved"


def test_the_deadlines_are_the_warned_cases_whose_day_to_stop_by_comes(
    db: Session, world: World, bolag: Principal, people_world: Caseworkers
) -> None:
    soon = _open(db, bolag, world, serial=611)
    later = _open(db, bolag, world, serial=612)
    _open(db, bolag, world, serial=613)  # not warned
    _step(db, bolag, soon.id, "warning", date(2026, 3, 9), rectify_by=date(2026, 3, 20))
    _step(db, bolag, later.id, "warning", date(2026, 3, 9), rectify_by=date(2026, 5, 1))
    assert [c.id for c in service.deadlines(db, bolag, date(2026, 3, 10))] == [soon.id]
    assert [c.id for c in service.deadlines(db, bolag, date(2026, 4, 20))] == [soon.id, later.id]
    assert service.deadlines(db, people_world.principals["handlaggare"], date(2026, 4, 20)) == []


def test_another_organisation_sees_no_case(
    db: Session, world: World, bolag: Principal, people_world: Caseworkers
) -> None:
    case = _open(db, bolag, world)
    for who in ("handlaggare", "nkpg_handlaggare", "samordnare", "polis", "rapportor", "lasare"):
        p = people_world.principals[who]
        assert queries.case(db, p, case.id) is None and queries.cases(db, p) == [], who
        with pytest.raises(NotFound):
            service.add_step(db, p, case.id, StepIn(kind="contact", on=DAY, contact="call"))
        with pytest.raises(NotFound):
            service.terminate(db, p, case.id, TerminationIn(on=DAY))
        with pytest.raises(NotFound):
            service.open_case(
                db,
                p,
                world.ids["bolag_org"],
                CaseIn(person_id=case.person_id, flat="x", opened_on=DAY, source="other"),
            )
        db.rollback()
    assert [c.id for c in queries.cases(db, bolag)] == [case.id]


def test_a_tenant_needs_the_purpose_housing_and_notes_are_redacted(
    db: Session, world: World, bolag: Principal, people_world: Caseworkers
) -> None:
    person = people_service.create_person(
        db,
        bolag,
        PersonIn(
            pnr=number(621),
            name="Annan Syntetisk",
            basis=BasisIn(purpose="employment", basis="consent", since=date(2026, 1, 1)),
        ),
        world.ids["bolag_org"],
    )
    db.commit()
    before = db.scalar(select(func.count()).select_from(DisturbanceCase))
    with pytest.raises(NoBasis):
        service.open_case(
            db,
            bolag,
            world.ids["bolag_org"],
            CaseIn(person_id=person.id, flat="lgh 1", opened_on=DAY, source="caretaker"),
        )
    db.rollback()
    assert db.scalar(select(func.count()).select_from(DisturbanceCase)) == before
    other = number(622)
    case = _open(
        db, bolag, world, note=f"Grannen {other} klagar; hyresgästen {number(601)} svarar inte."
    )
    note = db.scalar(select(CaseStep.note).where(CaseStep.case_id == case.id))
    assert other not in note and number(601) in note  # the tenant's own number stays


def test_the_person_export_and_erasure_cover_the_cases(
    db: Session, world: World, bolag: Principal, people_world: Caseworkers
) -> None:
    case = _open(db, bolag, world)
    _step(db, bolag, case.id, "warning", date(2026, 3, 9), rectify_by=date(2026, 3, 30))
    person = db.get(DisturbanceCase, case.id).person_id
    from samverkan.people.models import Person

    found = export.collect(db, bolag, db.get(Person, person), datetime.now(UTC))
    rows = dict((s.key, r) for s, r in found.sections)["housing"]
    assert rows[0]["flat"] == "Skäggetorpsvägen 3, lgh 1102"
    assert (
        "2026-03-09 warning" in rows[0]["steps"]
        and rows[0]["disturbance to stop by"] == "2026-03-30"
    )
    people_service.erase(db, bolag, person)
    db.commit()
    assert db.scalar(select(func.count()).select_from(DisturbanceCase)) == 0
    assert db.scalar(select(func.count()).select_from(CaseStep)) == 0
