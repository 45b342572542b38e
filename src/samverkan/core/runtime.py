"""Opening the product's database from the command line: settings, engine, schema check.

Every problem here is one line for the operator and exit code 2 (see ``cli.fail``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from samverkan.core import crypto, migrate
from samverkan.core.db import make_engine, make_sessionmaker
from samverkan.core.settings import Settings, SettingsError, load_settings, safe_url


@dataclass
class Runtime:
    settings: Settings
    engine: Engine

    @property
    def sessionmaker(self):
        return make_sessionmaker(self.engine)


def open_runtime(db: str | None = None, *, upgrade: bool = True) -> Runtime:
    """Read settings (``db`` overrides the URL), connect, and bring the schema to head."""
    settings = load_settings(database_url=db)
    crypto.configure(crypto.KeyRing.from_settings(settings))  # personal data at rest
    path = settings.sqlite_path
    if path is not None and not path.parent.exists():
        raise SettingsError(
            f"database {settings.database_url!r}: folder {str(path.parent)!r} does not exist"
        )
    engine = make_engine(settings.database_url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else exc.__class__.__name__
        raise SettingsError(
            f"cannot open database {safe_url(settings.database_url)!r}: {reason}"
        ) from None
    except SQLAlchemyError as exc:
        raise SettingsError(
            f"cannot open database {safe_url(settings.database_url)!r}: {exc.__class__.__name__}"
        ) from None
    try:
        if upgrade:
            migrate.upgrade(engine)
        else:
            migrate.check_not_newer(engine)
    except migrate.SchemaTooNew as exc:
        raise SettingsError(str(exc)) from None
    return Runtime(settings, engine)
