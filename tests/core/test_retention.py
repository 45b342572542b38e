"""Retention: ``samverkan retention run [--dry-run]`` deletes incidents and audit events older
than their periods, keeps the weekly totals equal to a recount, and audits what it did.

Runs on the test database (SQLite or PostgreSQL), where foreign keys are enforced: an old
incident linked to an action, an old original with a recent duplicate and an old duplicate of
a recent original are all deleted without a foreign-key error.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from samverkan.actions.models import Action, action_incident
from samverkan.core import retention
from samverkan.core.models import AuditEvent
from samverkan.core.settings import SettingsError
from samverkan.incidents import counts, service
from samverkan.incidents.models import Incident
from samverkan.incidents.schemas import IncidentIn
from samverkan.orgs import queries as org_queries
from tests.conftest import World
from tests.core.test_settings import run_cli

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
OLD = NOW - timedelta(days=1826 + 30)  # past the default five years
RECENT = NOW - timedelta(days=400)


def _file(db: Session, world: World, when: datetime, **kw: object) -> Incident:
    token = world.personas["polis"].token
    found = org_queries.principal_for_token(db, token)
    assert found is not None
    data = IncidentIn(category="klotter", occurred_at=when, lat=58.43, lon=15.58, **kw)
    return service.file_incident(db, found[0], data, source="api").incident


@pytest.fixture
def history(world: World, db: Session) -> dict[str, int]:
    """Old and recent incidents and audit events, with links to the old ones."""
    ids: dict[str, int] = {}
    old = [_file(db, world, OLD - timedelta(days=i), description=f"gammal {i}") for i in range(3)]
    recent = [_file(db, world, RECENT + timedelta(hours=i)) for i in range(2)]
    db.flush()
    old_dup = _file(db, world, OLD, description="gammal dubblett")
    recent_dup = _file(db, world, RECENT, description="ny dubblett")
    db.flush()
    old_dup.status, old_dup.duplicate_of_id = "dubblett", recent[0].id  # old copy of a recent one
    recent_dup.status, recent_dup.duplicate_of_id = "dubblett", old[0].id  # recent copy of old
    action = Action(
        group_id=world.ids["est_group"],
        type="annan",
        title="Sanering",
        owner_org_id=world.ids["polis_org"],
        due_on=date(2021, 12, 1),
    )
    db.add(action)
    db.flush()
    db.execute(
        insert(action_incident),
        [{"action_id": action.id, "incident_id": i.id} for i in (old[0], recent[0])],
    )
    db.add_all(
        [
            AuditEvent(action="test.old", at=NOW - timedelta(days=731)),
            AuditEvent(action="test.old", at=NOW - timedelta(days=2000)),
            AuditEvent(action="test.recent", at=NOW - timedelta(days=729)),
        ]
    )
    db.commit()
    ids.update(
        action=action.id,
        recent_dup=recent_dup.id,
        old_dup=old_dup.id,
        recent0=recent[0].id,
        recent1=recent[1].id,
        old0=old[0].id,
    )
    return ids


def _state(db: Session) -> tuple[int, int, int, object]:
    db.expire_all()
    conn = db.connection()
    return (
        db.scalar(select(func.count(Incident.id))) or 0,
        db.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action.like("test.%"))) or 0,
        db.scalar(select(func.count()).select_from(action_incident)) or 0,
        counts.stored(conn),
    )


def test_a_dry_run_counts_and_changes_nothing(db: Session, history: dict[str, int]) -> None:
    before = _state(db)
    outcomes = {o.name: o for o in retention.run(db, dry_run=True, now=NOW)}
    assert (outcomes["incidents"].count, outcomes["audit"].count) == (4, 2)
    assert outcomes["incidents"].days == 1826 and outcomes["audit"].days == 730
    db.commit()
    assert _state(db) == before
    runs = select(func.count(AuditEvent.id)).where(AuditEvent.action == "retention.run")
    assert db.scalar(runs) == 0


def test_old_data_goes_recent_stays_and_totals_equal_a_recount(
    db: Session, history: dict[str, int]
) -> None:
    stored_before = counts.stored(db.connection())
    outcomes = {o.name: o for o in retention.run(db, now=NOW)}
    db.commit()
    assert (outcomes["incidents"].count, outcomes["audit"].count) == (4, 2)

    db.expire_all()
    left = {i.id: i for i in db.scalars(select(Incident))}
    assert set(left) == {history[k] for k in ("recent0", "recent1", "recent_dup")}
    dup = left[history["recent_dup"]]
    assert dup.duplicate_of_id is None and dup.status == "dubblett"  # original gone, still a dup
    links = db.execute(select(action_incident.c.incident_id)).scalars().all()
    assert links == [history["recent0"]]  # the action stays, linked to what remains
    assert db.get(Action, history["action"]) is not None
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.action.like("test.%")))
    assert list(actions) == ["test.recent"]

    conn = db.connection()
    assert counts.stored(conn) == +counts.recount(conn)
    assert sum(counts.stored(conn).values()) == 2  # the recent ones (the duplicate not counted)
    assert sum(stored_before.values()) == 5

    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "retention.run")).one()
    assert event.outcome == "ok" and event.detail is not None
    assert event.detail["incidents"]["deleted"] == 4 and event.detail["audit"]["deleted"] == 2
    assert event.detail["incidents"]["days"] == 1826

    again = {o.name: o.count for o in retention.run(db, now=NOW)}
    assert (again["incidents"], again["audit"]) == (0, 0)  # the run's own event is new


def test_zero_days_keeps_a_class_for_ever(db: Session, history: dict[str, int]) -> None:
    before = _state(db)
    outcomes = retention.run(db, {dc.name: 0 for dc in retention.registered()}, now=NOW)
    assert all(o.before is None and o.count == 0 for o in outcomes)
    db.commit()
    assert _state(db) == before


def test_the_periods_are_each_class_s_own_settings_with_defaults() -> None:
    days = retention.periods({})
    assert (days["incidents"], days["audit"]) == (1826, 730)
    names = {dc.name: dc.setting for dc in retention.registered()}
    assert names["audit"] == "SAMVERKAN_RETENTION_AUDIT_DAYS"
    assert names["incidents"] == "SAMVERKAN_RETENTION_INCIDENTS_DAYS"
    assert retention.periods({"SAMVERKAN_RETENTION_AUDIT_DAYS": "90"})["audit"] == 90
    for bad in ("-1", "ett år", "1.5", str(retention.MAX_DAYS + 1)):
        with pytest.raises(SettingsError, match="SAMVERKAN_RETENTION_AUDIT_DAYS"):
            retention.periods({"SAMVERKAN_RETENTION_AUDIT_DAYS": bad})


def test_cli_retention_run_with_dry_run_then_for_real(tmp_path: Path) -> None:
    db = str(tmp_path / "ret.db")
    assert run_cli("org", "add", "Motala kommun", "--kind", "kommun", "--db", db).returncode == 0
    dry = run_cli("retention", "run", "--dry-run", "--db", db)
    assert dry.returncode == 0, dry.stderr
    assert "dry run" in dry.stdout and "would delete" in dry.stdout
    assert "1826 days" in dry.stdout and "730 days" in dry.stdout
    real = run_cli("retention", "run", "--db", db, env={"SAMVERKAN_RETENTION_AUDIT_DAYS": "0"})
    assert real.returncode == 0, real.stderr
    assert "deleted" in real.stdout and "for ever" in real.stdout
    bad = run_cli("retention", "run", "--db", db, env={"SAMVERKAN_RETENTION_AUDIT_DAYS": "-1"})
    assert bad.returncode == 2 and "SAMVERKAN_RETENTION_AUDIT_DAYS" in bad.stderr
