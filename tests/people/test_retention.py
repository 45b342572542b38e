"""Retention of the person register on the suite's engine (SQLite, or PostgreSQL with
SAMVERKAN_TEST_DATABASE_URL): people with nothing written about them for their organisation's
period are erased with a receipt; the access log goes after its own period; a dry run changes
nothing. The clock is fixed: nothing here depends on today."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverkan.core import retention
from samverkan.core.models import AuditEvent
from samverkan.people import service
from samverkan.people.models import Person, PersonAccess, PersonErasure
from samverkan.people.schemas import BasisIn, PersonIn
from tests.people.conftest import Caseworkers, number

NOW = datetime(2031, 6, 1, 10, 0, tzinfo=UTC)


def _add(db: Session, p, serial: int, last: datetime) -> Person:
    basis = BasisIn(purpose="casework", basis="public_task", since=date(2025, 1, 1))
    x = service.create_person(
        db, p, PersonIn(pnr=number(serial), name=f"Gallra {serial}", basis=basis)
    )
    x.last_entry_at = last
    db.flush()
    return x


def test_people_past_their_period_are_erased_with_a_receipt(
    db: Session, people_world: Caseworkers
) -> None:
    pr = people_world.principals
    old = _add(db, pr["handlaggare"], 401, NOW - timedelta(days=1900))
    recent = _add(db, pr["handlaggare"], 402, NOW - timedelta(days=100))
    # Norrköping keeps its people one year only
    nkpg_org = people_world.ids["norrkoping_org"]
    service.set_retention(db, pr["outsider"], nkpg_org, 365)
    nkpg = _add(db, pr["nkpg_handlaggare"], 403, NOW - timedelta(days=400))
    service.log_read(db, pr["handlaggare"], [old], "page", now=NOW - timedelta(days=1900))
    db.flush()

    dry = {o.name: o.count for o in retention.run(db, {"people": 1826}, dry_run=True, now=NOW)}
    assert dry["people"] == 2 and db.get(Person, old.id) is not None

    outcomes = {o.name: o.count for o in retention.run(db, {"people": 1826}, now=NOW)}
    assert outcomes["people"] == 2 and outcomes["people_access"] == 1
    db.expire_all()
    remaining = set(db.scalars(select(Person.id)))
    assert recent.id in remaining and old.id not in remaining and nkpg.id not in remaining
    receipts = db.scalars(select(PersonErasure).where(PersonErasure.reason == "retention")).all()
    assert {r.person_ref for r in receipts} == {old.id, nkpg.id}
    assert all(r.erased_at == NOW and r.erased_by_user_id is None for r in receipts)
    assert db.scalar(select(func.count(PersonAccess.id))) == 0  # older than its five years
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "retention.run"))
    assert event is not None and event.detail["people"]["deleted"] == 2  # type: ignore[index]


def test_an_organisation_may_keep_its_people_for_ever(
    db: Session, people_world: Caseworkers
) -> None:
    pr = people_world.principals
    kommun = people_world.ids["kommun_org"]
    service.set_retention(db, pr["kommun_admin"], kommun, 0)
    x = _add(db, pr["handlaggare"], 404, NOW - timedelta(days=4000))
    assert {o.name: o.count for o in retention.run(db, {"people": 1826}, now=NOW)}["people"] == 0
    assert db.get(Person, x.id) is not None


def test_only_the_organisations_admin_sets_its_period(
    db: Session, people_world: Caseworkers
) -> None:
    import pytest

    from samverkan.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        service.set_retention(
            db, people_world.principals["handlaggare"], people_world.ids["kommun_org"], 10
        )
