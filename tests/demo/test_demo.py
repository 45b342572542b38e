"""The Linköping demo: seeded once, reused on the second run, accounts printed."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverkan.demo import associations_data, data
from samverkan.demo.service import seed
from samverkan.geo import queries as geo_queries
from samverkan.geo.models import Area
from samverkan.orgs import queries as org_queries
from samverkan.orgs.models import Organisation, User
from samverkan.orgs.security import verify_password
from tests.core.test_settings import run_cli


def test_it_seeds_linkoping_once(db: Session) -> None:
    assert seed(db) is True
    assert seed(db) is False
    names = set(db.scalars(select(Organisation.name)))
    # the partners, and every association of the register as an organisation of its own
    # (Hemgårdarnas BK and Läxhjälpen are partners already)
    associations = {row[0] for row in associations_data.ASSOCIATIONS}
    assert names == {n for n, _ in data.ORGANISATIONS} | associations
    assert len(associations) == 40
    areas = {a.name: a for a in db.scalars(select(Area))}
    assert {"Skäggetorp", "Ryd", "Berga", data.TOWN, data.MUNICIPALITY} == set(areas)
    assert all(a.approximate for a in areas.values())
    assert db.scalar(select(func.count(User.id))) == len(data.USERS)


def test_the_demo_points_fall_in_the_right_districts(db: Session) -> None:
    seed(db, incidents=False)
    index = geo_queries.area_index(db)
    ids = {a.name: a.id for a in db.scalars(select(Area))}
    assert index.lookup_one(15.5830, 58.4275) == ids["Skäggetorp"]  # Skäggetorp centre
    assert index.lookup_one(15.5600, 58.4080) == ids["Ryd"]
    assert index.lookup_one(15.6400, 58.3920) == ids["Berga"]
    assert index.lookup_one(15.6216, 58.4105) == ids[data.TOWN]  # Stora torget
    assert index.lookup_one(15.40, 58.30) == ids[data.MUNICIPALITY]  # countryside
    assert index.lookup_one(18.06, 59.33) is None  # Stockholm


def test_every_demo_user_logs_in_with_the_demo_password_and_sees_linkoping(db: Session) -> None:
    seed(db, incidents=False)
    for email, *_ in data.USERS:
        user = org_queries.user_by_email(db, email)
        assert verify_password(user.password_hash, data.DEMO_PASSWORD)
        principal = org_queries.principal_for_user(db, user)
        names = {a.name for a in geo_queries.visible_areas(db, principal)}
        assert "Skäggetorp" in names, email


def test_the_cli_seeds_prints_accounts_and_reuses_the_database(tmp_path: Path) -> None:
    db = str(tmp_path / "demo.db")
    first = run_cli("demo", "--db", db, "--no-serve")
    assert first.returncode == 0, first.stderr
    assert "Demodata för Linköping skapad." in first.stdout
    assert "samordnare@linkoping.demo" in first.stdout and "samverkan-demo" in first.stdout
    assert "handlaggare@linkoping.demo" in first.stdout  # the person register's account
    second = run_cli("demo", "--db", db, "--no-serve")
    assert second.returncode == 0 and "finns redan" in second.stdout
    assert (tmp_path / "demo.db.secret").exists()
    assert (tmp_path / "demo.db.datakey").exists()  # the key of the demo's people, kept
