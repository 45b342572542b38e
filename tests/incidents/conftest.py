"""Helpers for incident tests: API calls as a persona's token."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverkan.core.runtime import Runtime, open_runtime
from samverkan.demo.service import seed
from samverkan.incidents import counts
from samverkan.incidents.bulk import ImportSummary, import_file
from samverkan.incidents.models import Incident
from samverkan.orgs import queries as org_queries
from samverkan.orgs import service as org_service
from tests.conftest import World

SKAGG = {"lat": 58.43, "lon": 15.58}  # inside the test world's Skäggetorp
RYD = {"lat": 58.405, "lon": 15.56}
NAVESTAD = {"lat": 58.57, "lon": 16.21}


def report(**kw: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"category": "klotter", "occurred_at": "2026-11-20T22:15:00", **SKAGG}
    body.update(kw)
    return body


@pytest.fixture
def api(world: World, db: Session):
    """``api(persona)`` → a function (method, url, **kw) calling with that persona's token."""
    tokens = {k: p.token for k, p in world.personas.items() if p.token}
    for key in ("samordnare", "forening"):
        _tok, secret = org_service.create_token(db, None, world.personas[key].org.id, f"{key} api")
        tokens[key] = secret
    db.commit()

    def for_persona(key: str):
        client = world.personas["anonymous"].client

        def call(method: str, url: str, **kw: Any):
            headers = dict(kw.pop("headers", {}))
            if key in tokens:
                headers["Authorization"] = f"Bearer {tokens[key]}"
            return client.request(method, url, headers=headers, **kw)

        return call

    return for_persona


# --- File and police imports: a seeded Linköping demo database in a file of its own -----------


@dataclass(frozen=True)
class Stored:
    """One stored incident, as the import tests look at it."""

    org: str
    category: str
    area: str | None
    precision: str
    occurred_at: datetime
    time_band: str | None
    lat: float | None
    lon: float | None
    place_name: str
    description: str
    redacted: int
    visibility: str
    source: str
    external_id: str | None
    url: str


@dataclass
class ImportDb:
    """A copy of the seeded demo database, opened as the CLI opens it."""

    path: Path
    rt: Runtime

    @property
    def url(self) -> str:
        return f"sqlite:///{self.path}"

    def org_id(self, name: str) -> int:
        with self.rt.sessionmaker() as s:
            found = org_queries.org_by_name(s, name)
            assert found is not None, name
            return found.id

    def run(self, file: Path, org: str = "Stångåstaden", **kw: Any) -> ImportSummary:
        return import_file(self.rt.sessionmaker, file, org_id=self.org_id(org), **kw)

    def assert_totals(self) -> None:
        """The weekly totals equal a recount of what is stored (none of it lost or doubled)."""
        with self.rt.engine.connect() as conn:
            assert counts.stored(conn) == +counts.recount(conn)
            assert sum(counts.stored(conn).values()) > 0

    def count(self) -> int:
        with self.rt.sessionmaker() as s:
            return int(s.scalar(select(func.count(Incident.id))) or 0)

    def incidents(self) -> list[Stored]:
        with self.rt.sessionmaker() as s:
            return [
                Stored(
                    org=i.org.name,
                    category=i.category.code,
                    area=i.area.name if i.area else None,
                    precision=i.precision,
                    occurred_at=i.occurred_at,
                    time_band=i.time_band,
                    lat=i.lat,
                    lon=i.lon,
                    place_name=i.place_name,
                    description=i.description,
                    redacted=i.redacted_count,
                    visibility=i.visibility,
                    source=i.source,
                    external_id=i.external_id,
                    url=i.url,
                )
                for i in s.scalars(select(Incident).order_by(Incident.id))
            ]


@pytest.fixture(scope="session")
def seeded_db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated and seeded with the Linköping demo (made once, copied per test)."""
    path = tmp_path_factory.mktemp("seeded") / "linkoping.db"
    rt = open_runtime(f"sqlite:///{path}")
    with rt.sessionmaker() as s:
        assert seed(s, incidents=False)  # the tests count what they import
        s.commit()
    rt.engine.dispose()
    return path


@pytest.fixture
def import_db(tmp_path: Path, seeded_db_file: Path) -> Iterator[ImportDb]:
    path = tmp_path / "samverkan.db"
    for suffix in ("", "-wal", "-shm", ".secret"):
        src = seeded_db_file.with_name(seeded_db_file.name + suffix)
        if src.exists():
            shutil.copy(src, path.with_name(path.name + suffix))
    rt = open_runtime(f"sqlite:///{path}")
    yield ImportDb(path, rt)
    rt.engine.dispose()


def rejects_of(path: Path) -> dict[int, str]:
    """Line number → reason, from a rejects file (``rad;orsak;innehåll``)."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    assert rows[0] == ["rad", "orsak", "innehåll"]
    return {int(r[0]): r[1] for r in rows[1:]}


def cli_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAMVERKAN_")}
    env.update(COLUMNS="200", **extra)
    return env


def run_cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "samverkan", *args],
        capture_output=True,
        text=True,
        env=cli_env(**env),
        timeout=180,
        check=False,
    )


def run_main(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str
) -> tuple[int, str, str]:
    """The real ``samverkan`` entry point in this process: (exit code, stdout, stderr)."""
    from samverkan.cli import main

    monkeypatch.setattr(sys, "argv", ["samverkan", *args])
    capsys.readouterr()
    code: int | str | None = 0
    try:
        main()
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return int(code or 0), out, err
