"""Encryption at rest: after people are stored and committed, the SQLite file and its WAL, and
a pg_dump of PostgreSQL, hold no personnummer in clear (12 or 10 digits, with or without the
dash) and no name."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from samverkan.core import migrate
from samverkan.core.db import make_engine, make_sessionmaker
from samverkan.orgs import queries as org_queries
from samverkan.orgs import service as org_service
from samverkan.orgs.schemas import OrgIn
from samverkan.people import queries, service
from samverkan.people.schemas import BasisIn, PersonIn
from tests.conftest import PG_URL, _fresh_postgres_database, drop_postgres_database, make_user
from tests.people.conftest import number

SERIALS = (311, 312, 313)
NAMES = ("Klartext Klartextsson", "Ingen Läcka", "Synlig Aldrig")


def _store(engine: Engine) -> None:
    migrate.upgrade(engine)
    with make_sessionmaker(engine)() as db:
        org = org_service.create_org(db, None, OrgIn(name="Vreta kommun", kind="kommun"))
        user = make_user(db, "hl@vreta.test", org, "handlaggare")
        p = org_queries.principal_for_user(db, user)
        for serial, name in zip(SERIALS, NAMES, strict=True):
            basis = BasisIn(purpose="casework", basis="public_task", since=date(2026, 1, 2))
            service.create_person(
                db, p, PersonIn(pnr=number(serial), name=name, address="Storgatan 1", basis=basis)
            )
        db.commit()
        # the numbers are found again by their keyed hash, without decrypting
        assert queries.search(db, p, number(SERIALS[0]))[0].name == NAMES[0]


def _forms(serial: int) -> list[bytes]:
    twelve = number(serial)
    ten = twelve[2:]
    return [s.encode() for s in (twelve, twelve.replace("-", ""), ten, ten.replace("-", ""))]


def _assert_nothing_in_clear(raw: bytes) -> None:
    for serial in SERIALS:
        for form in _forms(serial):
            assert form not in raw, f"{form!r} is stored in clear"
    for name in NAMES:
        assert name.encode() not in raw and name.encode("utf-16-le") not in raw
    assert b"Storgatan" not in raw


def test_the_sqlite_file_and_its_wal_hold_no_personnummer_in_clear(tmp_path: Path) -> None:
    path = tmp_path / "register.db"
    engine = make_engine(f"sqlite:///{path}")
    try:
        _store(engine)
        wal = path.with_name(path.name + "-wal")
        raw = path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
        assert len(raw) > 4096 and b"person_basis" in raw  # the file is what was read
        _assert_nothing_in_clear(raw)
    finally:
        engine.dispose()


@pytest.mark.skipif(not PG_URL, reason="PostgreSQL: set SAMVERKAN_TEST_DATABASE_URL")
def test_a_pg_dump_holds_no_personnummer_in_clear() -> None:
    pg_dump = shutil.which("pg_dump")
    assert pg_dump, "pg_dump is needed for this test (postgresql-client)"
    url = _fresh_postgres_database(PG_URL)
    engine = make_engine(url)
    try:
        _store(engine)
        plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        dump = subprocess.run([pg_dump, plain], capture_output=True, check=True, timeout=120).stdout
        assert b"COPY public.person " in dump
        _assert_nothing_in_clear(dump)
    finally:
        engine.dispose()
        drop_postgres_database(PG_URL, url)


def test_the_check_would_see_a_number_in_clear(db: Session) -> None:
    """The check itself: a planted number in clear is found."""
    with pytest.raises(AssertionError):
        _assert_nothing_in_clear(b"xx" + _forms(SERIALS[1])[2] + b"yy")
