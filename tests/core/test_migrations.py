"""Migrations: an empty database reaches head on this engine and agrees with the models."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, text
from sqlalchemy.exc import IntegrityError

from samverkan import domains
from samverkan.core import migrate
from samverkan.core.db import Base, make_engine
from samverkan.core.runtime import open_runtime
from samverkan.core.settings import SettingsError
from tests.conftest import PG_URL, _fresh_postgres_database, drop_postgres_database


@pytest.fixture
def empty_url(tmp_path: Path):
    if PG_URL:
        url = _fresh_postgres_database(PG_URL)
        yield url
        drop_postgres_database(PG_URL, url)
    else:
        yield "sqlite:///" + str(tmp_path / "empty.db")


def test_it_migrates_an_empty_database_to_head_matching_the_models(empty_url: str) -> None:
    domains.load_models()
    engine = make_engine(empty_url)
    assert migrate.current_revision(engine) is None
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head()
    with engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
        )
    engine.dispose()
    assert diff == [], f"models and migrations disagree: {diff}"


def test_it_is_idempotent(empty_url: str) -> None:
    engine = make_engine(empty_url)
    migrate.upgrade(engine)
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head()
    engine.dispose()


def test_it_refuses_a_database_from_a_newer_version(empty_url: str, monkeypatch) -> None:
    engine = make_engine(empty_url)
    migrate.upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    with pytest.raises(migrate.SchemaTooNew, match="newer samverkan"):
        migrate.upgrade(engine)
    engine.dispose()
    monkeypatch.setenv("SAMVERKAN_SECRET_KEY", "k" * 40)
    with pytest.raises(SettingsError, match="9999_future"):
        open_runtime(empty_url)


def test_sqlite_runs_with_wal_full_sync_and_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine("sqlite:///" + str(tmp_path / "p.db"))
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
    engine.dispose()


def _org_and_group(conn: Connection) -> None:
    """One organisation and its EST group, written as the older schema has them."""
    conn.execute(
        text(
            "INSERT INTO organisation (name, kind, created_at) VALUES ('K', 'kommun', '2026-01-01')"
        )
    )
    conn.execute(
        text(
            "INSERT INTO est_group (name, owner_org_id, cadence, created_at) VALUES "
            "('G', (SELECT id FROM organisation), 'weekly', '2026-01-01')"
        )
    )


def test_adding_the_team_to_actions_keeps_their_history(empty_url: str) -> None:
    """0009 copies the action table on SQLite (batch mode); its history must not cascade away."""
    engine = make_engine(empty_url)
    try:
        migrate.upgrade(engine, "0008")
        with engine.begin() as conn:
            _org_and_group(conn)
            conn.execute(
                text(
                    "INSERT INTO action (group_id, type, title, description, place_name, "
                    "owner_org_id, due_on, status, prompted_by, category_codes, created_at, "
                    "updated_at) VALUES ((SELECT id FROM est_group), 'belysning', 'Lampor', '', "
                    "'', (SELECT id FROM organisation), '2026-12-01', 'planerad', '', '', "
                    "'2026-11-01', '2026-11-01')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO action_event (action_id, at, to_status, note) "
                    "VALUES ((SELECT id FROM action), '2026-11-01', 'planerad', '')"
                )
            )
        migrate.upgrade(engine)
        with engine.connect() as conn:
            assert conn.scalar(text("SELECT count(*) FROM action_event")) == 1
            assert conn.scalar(text("SELECT team_id FROM action")) is None
            if engine.dialect.name == "sqlite":
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        engine.dispose()


def test_twin_meetings_made_before_0010_are_kept_a_minute_apart(empty_url: str) -> None:
    """0010 adds a unique index on (group, day, start); twins made before it keep their
    minutes and decisions, each later one starting at the next free minute."""
    engine = make_engine(empty_url)
    try:
        migrate.upgrade(engine, "0009")
        with engine.begin() as conn:
            _org_and_group(conn)
            for minutes, starts in [("a", "09:00"), ("b", "09:00"), ("c", "09:01"), ("d", "09:00")]:
                conn.execute(
                    text(
                        "INSERT INTO meeting (group_id, held_on, starts, title, minutes, "
                        "created_at) VALUES ((SELECT id FROM est_group), '2026-11-24', :s, '', "
                        ":m, '2026-11-24')"
                    ),
                    {"s": starts, "m": minutes},
                )
        migrate.upgrade(engine)
        with engine.connect() as conn:
            got = conn.execute(text("SELECT minutes, starts FROM meeting ORDER BY id")).all()
        assert [tuple(r) for r in got] == [
            ("a", "09:00"),
            ("b", "09:02"),  # 09:01 is taken by c
            ("c", "09:01"),
            ("d", "09:03"),
        ]
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO meeting (group_id, held_on, starts, title, minutes, created_at) "
                    "VALUES ((SELECT id FROM est_group), '2026-11-24', '09:00', '', '', "
                    "'2026-11-24')"
                )
            )
    finally:
        engine.dispose()


def test_the_totals_made_by_0004_count_the_incidents_stored_before_it(empty_url: str) -> None:
    """0004 counts the incidents already stored with its own fixed copy of the rule; on them it
    agrees with today's recount: a duplicate and an unplaced report do not count, the band of
    an untimed report is its Stockholm hour's (here across the autumn clock change)."""
    engine = make_engine(empty_url)
    try:
        migrate.upgrade(engine, "0003")
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO organisation (name, kind, created_at) "
                    "VALUES ('K', 'kommun', '2026-01-01')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO area (name, kind, geom_wkb, min_lon, min_lat, max_lon, max_lat, "
                    "approximate, created_at, updated_at) VALUES ('A', 'stadsdel', :g, 15, 58, "
                    "16, 59, false, '2026-01-01', '2026-01-01')"
                ),
                {"g": b"\x00"},
            )
            for at, band, area, status in [
                ("2026-10-24 21:30:00", None, True, "mottagen"),  # Sat 23:30 local: kväll
                ("2026-10-25 01:30:00", None, True, "granskad"),  # Sun 02:30 local: natt
                ("2026-10-25 05:30:00", None, True, "mottagen"),  # Sun 06:30 local: morgon
                ("2026-10-25 23:30:00", None, True, "mottagen"),  # Mon 00:30 local, next week
                ("2026-10-26 12:00:00", "kvall", True, "mottagen"),  # the band given wins
                ("2026-10-26 12:00:00", None, True, "dubblett"),
                ("2026-10-26 12:00:00", None, False, "mottagen"),
            ]:
                conn.execute(
                    text(
                        "INSERT INTO incident (org_id, category_id, area_id, occurred_at, "
                        "time_band, reported_at, precision, place_name, place_detail, "
                        "description, severity, suspected, police_report_filed, "
                        "police_report_ref, visibility, status, source, url, redacted_count, "
                        "updated_at) VALUES ((SELECT id FROM organisation), 1, "
                        + ("(SELECT id FROM area)" if area else "NULL")
                        + ", :at, :band, :at, 'omrade', '', '', '', 1, false, false, '', "
                        "'delad', :status, 'formular', '', 0, :at)"
                    ),
                    {"at": at, "band": band, "status": status},
                )
        migrate.upgrade(engine)
        from samverkan.incidents import counts

        with engine.connect() as conn:
            stored = counts.stored(conn)
            assert stored == counts.recount(conn)
            assert sorted((k.week.isoformat(), k.weekday, k.band) for k in stored) == [
                ("2026-10-19", 5, "kvall"),
                ("2026-10-19", 6, "morgon"),
                ("2026-10-19", 6, "natt"),
                ("2026-10-26", 0, "kvall"),
                ("2026-10-26", 0, "natt"),
            ]
            assert sum(counts.stored_weeks(conn).values()) == 5
    finally:
        engine.dispose()
