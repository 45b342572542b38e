"""Migrations: an empty database reaches head on this engine and agrees with the models."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from samverkan.core import migrate
from samverkan.core.db import Base, import_all_models, make_engine
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
    import_all_models()
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
