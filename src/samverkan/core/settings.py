"""Settings read from the environment (prefix ``SAMVERKAN_``) and checked at start.

A bad value is a :class:`SettingsError` with one line that names the setting and what was
expected; the CLI prints it and exits with code 2.
"""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from samverkan.core import crypto

log = logging.getLogger(__name__)

DEFAULT_DATABASE_URL = "sqlite:///samverkan.db"
DEFAULT_TILE_URL = ""


class SettingsError(Exception):
    """A setting has a value the product cannot start with."""


def normalise_database_url(value: str) -> str:
    """Return a SQLAlchemy URL for ``value``; a plain path means a SQLite file."""
    value = value.strip()
    if not value:
        raise SettingsError("SAMVERKAN_DATABASE_URL is empty: expected a path or a database URL")
    if "://" not in value:
        return "sqlite:///" + str(Path(value).expanduser())
    try:
        url = make_url(value)
    except ArgumentError:
        raise SettingsError(
            f"database URL {value!r} cannot be parsed: expected e.g. sqlite:///samverkan.db "
            "or postgresql://user@host/db"
        ) from None
    backend = url.get_backend_name()
    if backend == "sqlite":
        return url.render_as_string(hide_password=False)
    if backend in {"postgresql", "postgres"}:
        url = url.set(drivername="postgresql+psycopg")
        return url.render_as_string(hide_password=False)
    raise SettingsError(
        f"database URL {safe_url(value)!r} uses {backend!r}: expected sqlite or postgresql"
    )


def safe_url(value: str) -> str:
    """The URL with any password masked, for messages."""
    try:
        return make_url(value).render_as_string(hide_password=True)
    except ArgumentError:
        return value


class Settings(BaseSettings):
    """Every setting of the product; each can be set as ``SAMVERKAN_<NAME>``."""

    model_config = SettingsConfigDict(env_prefix="SAMVERKAN_", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL
    secret_key: str = Field(default="", repr=False)
    # The key that encrypts personal data at rest (core.crypto): 32 random bytes in base64;
    # old keys, comma-separated, are only read (after a rotation, `samverkan people rotate-key`).
    data_key: str = Field(default="", repr=False)
    data_keys_old: str = Field(default="", repr=False)
    base_url: str = "http://127.0.0.1:8000"
    language: Literal["sv", "en"] = "sv"
    environment: Literal["development", "production"] = "development"
    tile_url: str = DEFAULT_TILE_URL
    tile_attribution: str = ""
    # An MBTiles file of raster tiles that the application serves itself (web.tiles), the
    # basemap when no tile server is set
    tiles_file: str = ""
    session_idle_minutes: int = Field(default=120, ge=5, le=24 * 60)
    session_max_hours: int = Field(default=12, ge=1, le=24 * 14)
    login_max_failures: int = Field(default=5, ge=1, le=100)
    login_lockout_minutes: int = Field(default=15, ge=1, le=24 * 60)
    # API requests per token (or client address) and minute, 0 = no limit; the burst is how
    # many may come at once (0 = a minute's worth). See core.ratelimit.
    api_rate_per_minute: int = Field(default=6000, ge=0, le=10_000_000)
    api_rate_burst: int = Field(default=0, ge=0, le=10_000_000)
    # How long data is kept is each retention class's own setting, SAMVERKAN_RETENTION_*_DAYS
    # (core.retention.periods), declared by the domain that holds the data.
    # E-mail (off unless smtp_host is set): who is told when an action is assigned or overdue
    smtp_host: str = ""
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_starttls: bool = True
    smtp_user: str = ""
    smtp_password: str = Field(default="", repr=False)
    mail_from: str = "samverkan@localhost"
    # The trial period of a bosocial contract ("En väg in") unless the contract names its own:
    # after it the tenant may take over the lease (housing.bosocial_service)
    bosocial_trial_months: int = Field(default=18, ge=1, le=60)

    @field_validator("database_url")
    @classmethod
    def _db(cls, value: str) -> str:
        return normalise_database_url(value)

    @field_validator("base_url")
    @classmethod
    def _base(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("expected a URL starting with http:// or https://")
        return value.rstrip("/")

    @field_validator("tile_url")
    @classmethod
    def _tiles(cls, value: str) -> str:
        if value and not all(k in value for k in ("{z}", "{x}", "{y}")):
            raise ValueError("expected a tile URL template with {z}, {x} and {y}, or empty")
        return value

    @property
    def is_sqlite(self) -> bool:
        return make_url(self.database_url).get_backend_name() == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        """The SQLite file, or None for PostgreSQL or an in-memory database."""
        url: URL = make_url(self.database_url)
        if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
            return None
        return Path(url.database)

    @property
    def secure_cookies(self) -> bool:
        return self.base_url.startswith("https://")


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment with ``overrides`` on top; one clear error if bad."""
    clean = {k: v for k, v in overrides.items() if v is not None}
    try:
        settings = Settings(**clean)  # type: ignore[arg-type]
    except ValidationError as exc:
        err = exc.errors()[0]
        name = str(err["loc"][0]) if err["loc"] else "?"
        ctx_error = (err.get("ctx") or {}).get("error")
        if isinstance(ctx_error, SettingsError):
            raise SettingsError(str(ctx_error)) from None
        value = err.get("input")
        msg = str(err["msg"]).removeprefix("Value error, ")
        raise SettingsError(f"invalid setting SAMVERKAN_{name.upper()}={value!r}: {msg}") from None
    except SettingsError:
        raise
    explicit_secret = bool(settings.secret_key)
    return ensure_data_key(ensure_secret_key(settings), explicit_secret=explicit_secret)


def ensure_secret_key(settings: Settings) -> Settings:
    """Fill in the secret key: required in production, else kept beside the SQLite file."""
    if settings.secret_key:
        if len(settings.secret_key) < 32:
            raise SettingsError(
                "SAMVERKAN_SECRET_KEY is too short: expected at least 32 characters"
            )
        return settings
    if settings.environment == "production":
        raise SettingsError(
            "SAMVERKAN_SECRET_KEY is required when SAMVERKAN_ENVIRONMENT=production"
        )
    path = settings.sqlite_path
    if path is None:
        log.info("no SAMVERKAN_SECRET_KEY: using a random key for this process only")
        return settings.model_copy(update={"secret_key": secrets.token_urlsafe(48)})
    if not path.parent.is_dir():
        raise SettingsError(
            f"database {settings.database_url!r}: folder {str(path.parent)!r} does not exist"
        )
    key_file = path.with_name(path.name + ".secret")
    if key_file.exists():
        key = key_file.read_text(encoding="utf-8").strip()
    else:
        key = secrets.token_urlsafe(48)
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(key + "\n")
    return settings.model_copy(update={"secret_key": key})


def ensure_data_key(settings: Settings, *, explicit_secret: bool = True) -> Settings:
    """Check the data key, or fill one in outside production: kept beside the SQLite file,
    else derived from an explicitly set secret key, else random for this process only."""
    olds = [("SAMVERKAN_DATA_KEYS_OLD", v) for v in settings.data_keys_old.split(",")]
    for name, value in [("SAMVERKAN_DATA_KEY", settings.data_key), *olds]:
        if value.strip():
            try:
                crypto.parse_key(value)
            except ValueError as exc:
                raise SettingsError(f"{name} is not a data key: {exc}") from None
    if settings.data_key:
        return settings
    if settings.environment == "production":
        raise SettingsError("SAMVERKAN_DATA_KEY is required when SAMVERKAN_ENVIRONMENT=production")
    path = settings.sqlite_path
    if path is not None and path.parent.is_dir():
        key_file = path.with_name(path.name + ".datakey")
        if key_file.exists():
            key = key_file.read_text(encoding="utf-8").strip()
        else:
            key = crypto.new_key()
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(key + "\n")
    elif explicit_secret:
        key = crypto.encode_key(crypto.derive_key(settings.secret_key))
    else:
        log.info("no SAMVERKAN_DATA_KEY: personal data stored now is unreadable after a restart")
        key = crypto.new_key()
    return settings.model_copy(update={"data_key": key})
