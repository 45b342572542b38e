"""The database: declarative base, engines for SQLite and PostgreSQL, sessions.

SQLite runs in WAL mode with ``synchronous=FULL`` (an acknowledged write survives a crash),
foreign keys on and a busy timeout, and with transactions begun explicitly so that
SAVEPOINTs and rollbacks behave as on PostgreSQL.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import CheckConstraint, DateTime, Engine, MetaData, create_engine, event
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.pool import StaticPool
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SQLITE_BUSY_TIMEOUT_MS = 10_000


class Base(DeclarativeBase):
    """Base of every table; constraint names are stable so migrations agree on both engines."""

    metadata = MetaData(naming_convention=NAMING)


def code_in(column: str, codes: tuple[str, ...], *, nullable: bool = False) -> CheckConstraint:
    """The check that a coded column holds one of ``codes`` (or NULL when ``nullable``), named
    after the column."""
    allowed = f"{column} IN {codes!r}"
    return CheckConstraint(f"{column} IS NULL OR {allowed}" if nullable else allowed, name=column)


def utcnow() -> datetime:
    """Now, as an aware UTC datetime (the only kind stored)."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored as naive UTC on both engines and read back as aware UTC."""

    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def _sqlite_on_connect(dbapi_conn: Any, _record: Any) -> None:
    # Let SQLAlchemy (not the driver) decide when transactions begin.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cur.close()


WRITE = {"sqlite_immediate": True}
"""Execution options for a transaction that will write: on SQLite it takes the write lock at
``BEGIN`` (``BEGIN IMMEDIATE``), waiting its turn, instead of failing with "database is locked"
when it upgrades from reading to writing while another writer commits."""

WRITER_WAIT_S = 30.0


class _WriterQueue:
    """One writer at a time per engine, in arrival order: SQLite allows one writer anyway, and
    a Python lock queues waiters fairly where SQLite's busy handler would sleep and retry."""

    def __init__(self) -> None:
        self.lock = threading.Lock()

    def begin(self, conn: Any) -> None:
        if conn.get_execution_options().get("sqlite_immediate"):
            # A timeout, not a deadlock, if a holder ever failed to release: SQLite's own
            # busy timeout then takes over.
            conn.info["holds_writer"] = self.lock.acquire(timeout=WRITER_WAIT_S)
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")

    def end(self, conn: Any) -> None:
        if conn.info.pop("holds_writer", False):
            self.lock.release()


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url`` with the project's SQLite pragmas or PostgreSQL pool settings."""
    if url.startswith("sqlite"):
        connect_args = {"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        if ":memory:" in url or url in {"sqlite://", "sqlite:///"}:
            kwargs.setdefault("poolclass", StaticPool)
        engine = create_engine(url, connect_args=connect_args, **kwargs)
        queue = _WriterQueue()
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", queue.begin)
        event.listen(engine, "commit", queue.end)
        event.listen(engine, "rollback", queue.end)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 20)
    return create_engine(url, **kwargs)


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit (routes render after writing)."""
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def session_scope(factory: sessionmaker[Session], *, write: bool = False) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error; ``write`` takes the
    writer's turn at the start (see :data:`WRITE`)."""
    session = factory()
    if write:
        session.connection(execution_options=WRITE)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
