"""Schema migrations with Alembic: upgrade to head, and refuse a database from a newer version."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).with_name("migrations")


class SchemaTooNew(Exception):
    """The database was written by a newer samverkan than this one."""


def alembic_config(url: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("path_separator", "os")
    cfg.set_main_option("version_locations", str(MIGRATIONS / "versions"))
    cfg.set_main_option("file_template", "%%(year)d%%(month).2d%%(day).2d_%%(rev)s_%%(slug)s")
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head() or ""


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def check_not_newer(engine: Engine) -> None:
    """Raise :class:`SchemaTooNew` when the database's revision is unknown to this version."""
    rev = current_revision(engine)
    if rev is None:
        return
    script = ScriptDirectory.from_config(alembic_config())
    known = {s.revision for s in script.walk_revisions()}
    if rev not in known:
        raise SchemaTooNew(
            f"the database is at schema revision {rev!r}, written by a newer samverkan; "
            f"this version knows up to {script.get_current_head()!r}. Upgrade samverkan."
        )


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to ``revision`` (head by default)."""
    check_not_newer(engine)
    cfg = alembic_config()
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        if sqlite and raw is not None:
            # A migration that copies a table (Alembic's batch mode) drops the old one: with
            # foreign keys enforced that would cascade to the rows pointing at it. They are off
            # while migrating, and checked before the commit instead.
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"the migration broke foreign keys: {broken[:5]}")
        finally:
            if sqlite and raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")
