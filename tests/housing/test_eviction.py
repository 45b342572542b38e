"""Eviction prevention: an arrears list imported all-or-nothing (every bad line reported,
nothing saved), re-importing a month keeps the steps, early-contact steps and payment plans,
the notice and its three-week window, the meeting list of consenting tenants only, outcomes;
another organisation sees nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverkan.core.errors import Invalid, NotFound
from samverkan.housing import eviction_service as svc
from samverkan.housing.eviction_models import ArrearsEntry, ArrearsEpisode, ArrearsList
from samverkan.orgs import queries as org_queries
from samverkan.orgs.models import Organisation
from samverkan.orgs.policy import Principal
from samverkan.people.models import Person, PersonAccess
from tests.conftest import World, make_user
from tests.people.conftest import Caseworkers, number

TODAY = date(2026, 11, 25)
NOV = date(2026, 11, 1)
SAMPLE = Path(__file__).parent / "data" / "arrears_sample.csv"


@pytest.fixture
def bolag(db: Session, world: World) -> Principal:
    org = db.get(Organisation, world.ids["bolag_org"])
    assert org is not None
    user = make_user(db, "tina@stangastaden.test", org, "handlaggare")
    db.commit()
    return org_queries.principal_for_user(db, user)


def _csv(*lines: str) -> bytes:
    return ("personnummer;namn;lägenhet;hyresskuld\n" + "\n".join(lines) + "\n").encode()


def _import(db: Session, p: Principal, world: World, data: bytes, month: date = NOV):
    listing = svc.import_list(db, p, world.ids["bolag_org"], month, data, TODAY)
    db.commit()
    return listing


def test_the_sample_file_imports_with_swedish_amounts(
    db: Session, world: World, bolag: Principal, people_world: Caseworkers
) -> None:
    listing = _import(db, bolag, world, SAMPLE.read_bytes())
    amounts = [e.amount_ore for e in listing.entries]
    assert amounts[:3] == [1_200_050, 123_400, 980_000]
    people = db.scalars(select(Person).where(Person.org_id == world.ids["bolag_org"])).all()
    assert len(people) == len(listing.entries)


def test_a_bad_line_saves_nothing_and_every_line_is_reported(
    db: Session, world: World, bolag: Principal, people_world: Caseworkers
) -> None:
    data = _csv(
        f"{number(701)};Testa Ett;1101;12 000,50 kr",
        f"{number(702)};Testa Två;1102;abc",
        f"{number(703)};Testa Tre;1103;12,345,67",
    )
    with pytest.raises(svc.ImportRejected) as err:
        svc.import_list(db, bolag, world.ids["bolag_org"], NOV, data, TODAY)
    db.rollback()
    assert [(e.line, e.field) for e in err.value.errors] == [(3, "hyresskuld"), (4, "hyresskuld")]
    assert db.scalar(select(func.count()).select_from(ArrearsList)) == 0
    assert db.scalar(select(func.count()).select_from(ArrearsEpisode)) == 0
    assert (
        db.scalar(
            select(func.count()).select_from(Person).where(Person.org_id == world.ids["bolag_org"])
        )
        == 0
    )


def test_unknown_columns_reject_the_file(
    db: Session, world: World, bolag: Principal, people_world: Caseworkers
) -> None:
    data = f"personnummer;namn;hyresskuld;telefon\n{number(701)};A B;100;070\n".encode()
    with pytest.raises(svc.ImportRejected) as err:
        svc.import_list(db, bolag, world.ids["bolag_org"], NOV, data, TODAY)
    assert err.value.errors[0].field == "telefon"
    assert "hyresskuld" in err.value.errors[0].params["allowed"]


def test_reimporting_a_month_replaces_the_list_and_keeps_the_steps(
    db: Session, world: World, bolag: Principal, people_world: Caseworkers
) -> None:
    first = _import(db, bolag, world, _csv(f"{number(701)};Testa Ett;1101;5 000"))
    ep_id = first.entries[0].episode_id
    svc.add_step(db, bolag, ep_id, svc.StepData(kind="letter", on=date(2026, 11, 3)))
    db.commit()
    again = _import(
        db,
        bolag,
        world,
        _csv(f"{number(701)};Testa Ett;1101;4 000", f"{number(702)};Testa Två;1102;800"),
    )
    assert db.scalar(select(func.count()).select_from(ArrearsList)) == 1
    assert db.scalar(select(func.count()).select_from(ArrearsEntry)) == 2
    assert again.entries[0].episode_id == ep_id and again.entries[0].amount_ore == 400_000
    assert [s.kind for s in svc.episode(db, bolag, ep_id).steps] == ["letter"]


def test_steps_plan_notice_window_and_outcome(
    db: Session, world: World, bolag: Principal, people_world: Caseworkers
) -> None:
    listing = _import(db, bolag, world, _csv(f"{number(701)};Testa Ett;1101;5 000"))
    ep_id = listing.entries[0].episode_id
    with pytest.raises(Invalid) as err:
        svc.add_step(db, bolag, ep_id, svc.StepData(kind="payment_plan", on=date(2026, 11, 5)))
    assert err.value.field == "plan_monthly"
    note = f"Ringde, {number(701)} bekräftade, och grannen {number(799)} hörde."
    svc.add_step(db, bolag, ep_id, svc.StepData(kind="call", on=date(2026, 11, 4), note=note))
    plan = svc.add_step(
        db,
        bolag,
        ep_id,
        svc.StepData(
            kind="payment_plan",
            on=date(2026, 11, 5),
            plan_monthly_ore=50_000,
            plan_start=date(2026, 12, 1),
        ),
    )
    with pytest.raises(Invalid):
        svc.close(db, bolag, ep_id, "plan_kept", date(2026, 11, 20))
    with pytest.raises(Invalid):
        svc.close(db, bolag, ep_id, "eviction", date(2026, 11, 20))
    ep = svc.notify(db, bolag, ep_id, date(2026, 11, 10), date(2026, 11, 10))
    w = svc.the_window(ep, TODAY)
    assert w is not None and w.last_day == date(2026, 12, 1) and w.days_left == 6
    assert svc.the_window(ep, date(2026, 12, 2)).overdue  # type: ignore[union-attr]
    with pytest.raises(Invalid):
        svc.notify(db, bolag, ep_id, date(2026, 11, 10), date(2026, 11, 9))
    svc.set_plan_state(db, bolag, ep_id, plan.id, "kept")
    svc.close(db, bolag, ep_id, "plan_kept", date(2026, 11, 24))
    db.commit()
    ep = svc.episode(db, bolag, ep_id)
    assert ep.outcome == "plan_kept"
    stored = ep.steps[0].note or ""
    assert number(799) not in stored
    assert svc.outcomes_per_month(db, bolag, world.ids["bolag_org"]) == {
        "2026-11": {"plan_kept": 1}
    }


def test_the_meeting_list_has_only_consenting_tenants(
    db: Session, world: World, bolag: Principal, people_world: Caseworkers
) -> None:
    listing = _import(
        db,
        bolag,
        world,
        _csv(f"{number(701)};Testa Ett;1101;5 000", f"{number(702)};Testa Två;1102;800"),
    )
    yes, no = (e.episode_id for e in listing.entries)
    svc.set_consent(db, bolag, yes, True, date(2026, 11, 6))
    db.commit()
    assert [e.id for e in svc.meeting_list(db, bolag, world.ids["bolag_org"])] == [yes]
    svc.set_consent(db, bolag, yes, False, date(2026, 11, 7))
    assert svc.meeting_list(db, bolag, world.ids["bolag_org"]) == []
    assert db.scalar(select(func.count()).select_from(PersonAccess)) >= 1
    assert no != yes


def test_another_organisation_sees_nothing(
    db: Session, world: World, bolag: Principal, people_world: Caseworkers
) -> None:
    listing = _import(db, bolag, world, _csv(f"{number(701)};Testa Ett;1101;5 000"))
    ep_id = listing.entries[0].episode_id
    for who in ("handlaggare", "nkpg_handlaggare", "samordnare", "polis", "rapportor", "lasare"):
        p = people_world.principals[who]
        with pytest.raises(NotFound):
            svc.episode(db, p, ep_id)
        with pytest.raises(NotFound):
            svc.meeting_list(db, p, world.ids["bolag_org"])
        with pytest.raises(NotFound):
            svc.import_list(db, p, world.ids["bolag_org"], NOV, _csv(), TODAY)
        with pytest.raises(NotFound):
            svc.add_step(db, p, ep_id, svc.StepData(kind="letter", on=TODAY))
        db.rollback()


def test_the_person_export_and_erasure_cover_the_arrears(
    db: Session, world: World, bolag: Principal, people_world: Caseworkers
) -> None:
    from datetime import UTC, datetime

    from samverkan.housing.eviction_models import EvictionStep
    from samverkan.people import export
    from samverkan.people import service as people_service

    listing = _import(db, bolag, world, _csv(f"{number(701)};Testa Ett;1101;5 000"))
    ep_id = listing.entries[0].episode_id
    svc.add_step(db, bolag, ep_id, svc.StepData(kind="visit", on=date(2026, 11, 4), note="Hemma."))
    svc.notify(db, bolag, ep_id, date(2026, 11, 10), None)
    db.commit()
    person_id = svc.episode(db, bolag, ep_id).person_id
    found = export.collect(db, bolag, db.get(Person, person_id), datetime.now(UTC))
    rows = dict((s.key, r) for s, r in found.sections)["housing_arrears"]
    assert rows[0]["notified for non-payment on"] == "2026-11-10"
    assert "2026-11-04 visit: Hemma." in rows[0]["steps"]
    people_service.erase(db, bolag, person_id)
    db.commit()
    assert db.scalar(select(func.count()).select_from(ArrearsEpisode)) == 0
    assert db.scalar(select(func.count()).select_from(EvictionStep)) == 0
    assert db.scalar(select(func.count()).select_from(ArrearsEntry)) == 0
