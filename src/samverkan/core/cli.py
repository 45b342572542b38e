"""Core commands: ``db upgrade``/``revision``, ``backup``, ``restore`` and ``retention run``."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from sqlalchemy.engine import make_url

from samverkan.core import migrate
from samverkan.core.errors import N_, Conflict, Invalid, NotFound
from samverkan.core.runtime import open_runtime

console = Console()
app = typer.Typer()
db_app = typer.Typer(help="The database schema.", no_args_is_help=True)
retention_app = typer.Typer(help="How long data is kept.", no_args_is_help=True)

DbOpt = Annotated[
    str | None,
    typer.Option("--db", help="Database URL or SQLite file (default SAMVERKAN_DATABASE_URL)."),
]
HostOpt = Annotated[str, typer.Option(help="Address to listen on.")]
PortOpt = Annotated[int, typer.Option(help="Port to listen on.")]


@db_app.command("upgrade")
def db_upgrade(db: DbOpt = None) -> None:
    """Bring the database schema to this version (creates it when empty)."""
    rt = open_runtime(db)
    console.print(f"Databasen är uppdaterad till version {migrate.current_revision(rt.engine)}.")


@db_app.command("revision")
def db_revision(
    message: Annotated[str, typer.Option("--message", "-m", help="What the change is.")],
) -> None:
    """(Developers) autogenerate a migration from the models, against a scratch database."""
    import tempfile

    from alembic import command

    from samverkan.core.db import make_engine

    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/scratch.db")
        migrate.upgrade(engine)
        cfg = migrate.alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.revision(cfg, message=message, autogenerate=True)
        engine.dispose()
    console.print(
        "Review the new file in src/samverkan/core/migrations/versions/ before committing."
    )


@app.command()
def backup(file: Path, db: DbOpt = None) -> None:
    """Write a consistent copy of the database to FILE (SQLite file or pg_dump -Fc)."""
    rt = open_runtime(db, upgrade=False)
    if file.exists():
        raise Conflict(N_("%(file)s exists already; choose a new file name"), file=str(file))
    path = rt.settings.sqlite_path
    if path is not None:
        src = sqlite3.connect(path)
        dst = sqlite3.connect(file)
        with dst:
            src.backup(dst)
        dst.close()
        src.close()
    elif rt.settings.is_sqlite:
        raise Invalid(N_("an in-memory database cannot be backed up"))
    else:
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            raise Invalid(N_("pg_dump was not found on PATH; install postgresql-client"))
        url = make_url(rt.settings.database_url).set(drivername="postgresql")
        subprocess.run(  # noqa: S603 - fixed argv, no shell
            [pg_dump, "-Fc", "-f", str(file), url.render_as_string(hide_password=False)],
            check=True,
        )
    console.print(f"Säkerhetskopia skriven till {file}.")


SQLITE_HEADER = b"SQLite format 3\x00"


@app.command()
def restore(
    file: Path,
    db: DbOpt = None,
    force: Annotated[
        bool, typer.Option("--force", help="replace a database that already holds data")
    ] = False,
) -> None:
    """Put a copy made by ``backup`` back: the database becomes that copy, then is migrated."""
    if not file.is_file():
        raise NotFound(N_("%(file)s: no such file"), file=str(file))
    rt = open_runtime(db, upgrade=False)
    path = rt.settings.sqlite_path
    if path is not None:
        with file.open("rb") as fh:
            if fh.read(16) != SQLITE_HEADER:
                raise Invalid(
                    N_("%(file)s is not a SQLite backup (made by samverkan backup)"), file=str(file)
                )
        src = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
        try:
            check = src.execute("PRAGMA integrity_check").fetchone()[0]
            if check != "ok":
                raise Invalid(
                    N_("%(file)s fails SQLite's integrity check: %(check)s"),
                    file=str(file),
                    check=check,
                )
            if not force and _holds_data(path):
                raise Conflict(
                    N_("%(path)s holds data already; add --force to replace it"), path=str(path)
                )
            rt.engine.dispose()
            dst = sqlite3.connect(path)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
    elif rt.settings.is_sqlite:
        raise Invalid(N_("an in-memory database cannot be restored into"))
    else:
        pg_restore = shutil.which("pg_restore")
        if pg_restore is None:
            raise Invalid(N_("pg_restore was not found on PATH; install postgresql-client"))
        url = make_url(rt.settings.database_url).set(drivername="postgresql")
        target = url.render_as_string(hide_password=False)
        options = ["--clean", "--if-exists", "--no-owner", "--single-transaction"]
        subprocess.run(  # noqa: S603 - fixed argv, no shell
            [pg_restore, *options, "-d", target, str(file)], check=True
        )
    rt.engine.dispose()
    migrate.upgrade(open_runtime(db, upgrade=False).engine)  # a copy from an older version
    console.print(f"Databasen är återställd från {file}.")


def _holds_data(path: Path) -> bool:
    """The SQLite file exists and has at least one organisation or incident."""
    if not path.exists() or path.stat().st_size == 0:
        return False
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        return any(
            conn.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone()  # noqa: S608 - fixed names
            for t in ("organisation", "incident")
            if t in tables
        )
    finally:
        conn.close()


@retention_app.command("run")
def retention_run(
    db: DbOpt = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="only count what would be deleted")
    ] = False,
) -> None:
    """Delete what is older than its retention period (SAMVERKAN_RETENTION_*_DAYS)."""
    from rich.table import Table

    from samverkan.core import retention
    from samverkan.core.db import session_scope

    days = retention.periods()  # a bad setting stops here, naming it
    rt = open_runtime(db)
    with session_scope(rt.sessionmaker, write=not dry_run) as session:
        outcomes = retention.run(session, days, dry_run=dry_run)
    table = Table(title="Retention" + (" (dry run: nothing deleted)" if dry_run else ""))
    for name in ("data", "kept for", "older than", "would delete" if dry_run else "deleted"):
        table.add_column(name, justify="right" if name not in ("data",) else "left")
    for o in outcomes:
        table.add_row(
            o.what,
            f"{o.days} days" if o.before else "for ever",
            f"{o.before:%Y-%m-%d %H:%M} UTC" if o.before else "-",
            str(o.count),
        )
    console.print(table)
