"""Making a presence plan does not hold the database's one writer while the solver thinks, and a
team changed meanwhile refuses the plan in words, with nothing kept. These run the real app over
a database of its own (not the rolled-back test connection), so transactions are real."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, delete, func, select

from samverkan.core import migrate
from samverkan.core.db import make_engine, make_sessionmaker, session_scope
from samverkan.core.settings import load_settings
from samverkan.core.timeutil import STOCKHOLM, current_week
from samverkan.demo.presence import seed_presence
from samverkan.demo.service import seed
from samverkan.orgs import queries as org_queries
from samverkan.orgs.models import User
from samverkan.presence.analysis import solver
from samverkan.presence.models import PresencePlan, TeamMember
from tests.conftest import (
    PG_URL,
    SECRET,
    _fresh_postgres_database,
    drop_postgres_database,
    login_client,
)


@dataclass
class Real:
    engine: Engine
    path: Path | None
    client: TestClient
    csrf: str
    group_id: int


@pytest.fixture
def real(tmp_path: Path) -> Iterator[Real]:
    """The demo's organisations, areas, group and teams (no incidents) in a database of their
    own, served in-process; the samordnare logged in."""
    path = None if PG_URL else tmp_path / "plan.db"
    url = _fresh_postgres_database(PG_URL) if PG_URL else f"sqlite:///{path}"
    engine = make_engine(url)
    try:
        migrate.upgrade(engine)
        factory = make_sessionmaker(engine)
        with session_scope(factory) as s:
            assert seed(s, incidents=False)
            assert seed_presence(s, datetime.now(STOCKHOLM).date()) > 0
        from samverkan.web.app import create_app

        settings = load_settings(database_url=url, secret_key=SECRET, language="sv")
        app = create_app(settings, engine)
        with session_scope(factory) as s:
            user = s.scalar(select(User).where(User.email == "samordnare@linkoping.demo"))
            assert user is not None
            client, csrf = login_client(app, s, user)
            group_id = org_queries.visible_groups(s, org_queries.principal_for_user(s, user))[0].id
        with client:
            yield Real(engine, path, client, csrf, group_id)
    finally:
        engine.dispose()
        if PG_URL:
            drop_postgres_database(PG_URL, url)


def _solving(monkeypatch: pytest.MonkeyPatch, during: Any) -> list[Any]:
    """Run ``during()`` while the solver works; returns what it gave back."""
    seen: list[Any] = []
    real_plan = solver.plan

    def plan(*args: Any, **kw: Any) -> Any:
        seen.append(during())
        return real_plan(*args, **kw)

    monkeypatch.setattr(solver, "plan", plan)
    return seen


def _make(real: Real, week: str) -> Any:
    return real.client.post(
        "/narvaro/plan",
        data={"group_id": real.group_id, "week": week, "csrf_token": real.csrf},
        follow_redirects=False,
    )


@pytest.mark.skipif(bool(PG_URL), reason="the one writer is SQLite's lock")
def test_another_writer_gets_its_turn_while_the_plan_is_solved(
    real: Real, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process takes SQLite's write lock during the solve, within 0.2 s: before the
    plan route read first, the request held ``BEGIN IMMEDIATE`` and this failed."""

    def write_elsewhere() -> str:
        con = sqlite3.connect(str(real.path), timeout=0.2, isolation_level=None)
        try:
            con.execute("BEGIN IMMEDIATE")
            con.execute("ROLLBACK")
            return "got the lock"
        except sqlite3.OperationalError as exc:
            return str(exc)
        finally:
            con.close()

    seen = _solving(monkeypatch, write_elsewhere)
    r = _make(real, str(current_week() + 2))
    assert r.status_code == 303, r.text
    assert seen == ["got the lock"]
    page = real.client.get(r.headers["location"])
    assert page.status_code == 200 and "Löst: optimal" in page.text


def test_a_member_removed_while_the_plan_is_solved_refuses_it_and_keeps_nothing(
    real: Real, monkeypatch: pytest.MonkeyPatch
) -> None:
    factory = make_sessionmaker(real.engine)

    def remove_a_member() -> int:
        with session_scope(factory, write=True) as s:
            victim = s.scalar(select(TeamMember.id).order_by(TeamMember.id).limit(1))
            s.execute(delete(TeamMember).where(TeamMember.id == victim))
            return int(victim or 0)

    seen = _solving(monkeypatch, remove_a_member)
    week = current_week() + 2
    r = _make(real, str(week))
    assert seen and seen[0] > 0
    assert r.status_code == 409, r.text
    assert "teamen ändrades medan planen togs fram: gör planen igen" in r.text
    with session_scope(factory) as s:
        kept = s.scalar(
            select(func.count()).select_from(PresencePlan).where(PresencePlan.week == week.monday)
        )
    assert kept == 0
    monkeypatch.undo()  # made again, the plan is kept without the member
    again = _make(real, str(week))
    assert again.status_code == 303, again.text
