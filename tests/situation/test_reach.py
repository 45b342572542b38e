"""The reader's reach is resolved once per picture: the areas their EST groups cover are looked
up once for the picture's reads (not once per read), and the picture is the same for it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, time

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from samverkan.core.timeutil import STOCKHOLM, IsoWeek
from samverkan.incidents import queries as incident_queries
from samverkan.incidents.models import Category, Incident
from samverkan.orgs import queries as org_queries
from samverkan.orgs.policy import Principal
from samverkan.situation import picture
from tests.conftest import World

WEEK = IsoWeek(2026, 46)


@pytest.fixture
def reported(db: Session, world: World) -> World:
    """Klotter in Skäggetorp in WEEK: two shared by the housing company, one it keeps to
    itself, one for the police only."""
    cat = db.scalars(select(Category).where(Category.code == "klotter")).one()
    when = datetime.combine(WEEK.monday, time(22), tzinfo=STOCKHOLM)
    for org, visibility in [
        ("bolag", "delad"),
        ("bolag", "delad"),
        ("bolag", "egen"),
        ("polis", "polis"),
    ]:
        db.add(
            Incident(
                org_id=world.ids[f"{org}_org"],
                category_id=cat.id,
                area_id=world.ids["skaggetorp"],
                occurred_at=when,
                precision="omrade",
                source="formular",
                visibility=visibility,
            )
        )
    db.flush()
    return world


def _principal(db: Session, world: World, persona: str) -> Principal:
    user = world.personas[persona].user
    assert user is not None
    return org_queries.principal_for_user(db, user)


@contextmanager
def _group_area_reads(db: Session) -> Iterator[list[str]]:
    """The statements that read which areas EST groups cover, while the block runs."""
    seen: list[str] = []

    def note(_conn: object, _cur: object, statement: str, *_args: object) -> None:
        if "est_group_area" in statement:
            seen.append(statement)

    engine = db.get_bind()
    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def test_a_picture_looks_up_the_covered_areas_once_for_its_reads(
    db: Session, reported: World
) -> None:
    p = _principal(db, reported, "forening")
    with _group_area_reads(db) as reads:
        pic = picture.build(db, p, WEEK)
    # one for the areas to show (choose_areas), one for what the reader may count
    assert len(reads) == 2
    seen = incident_queries.reach(db, p)
    with _group_area_reads(db) as reads:
        again = picture.build(db, p, WEEK, seen=seen)
    assert len(reads) == 1
    totals = [(a.area_id, a.total) for a in pic.areas]
    assert totals == [(a.area_id, a.total) for a in again.areas]
    assert (reported.ids["skaggetorp"], 2) in totals  # the shared two, not the rest


def test_the_reach_narrows_as_the_visibility_rule(db: Session, reported: World) -> None:
    """The clause of a reach is the rule of the incident list (``visible_clause``)."""
    for persona in ("forening", "polis", "outsider"):
        p = _principal(db, reported, persona)
        assert str(incident_queries.reach(db, p).clause()) == str(
            incident_queries.visible_clause(db, p)
        )
