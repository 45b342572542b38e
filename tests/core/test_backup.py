"""Backup and restore: a copy taken while reports are being written restores to a database
that passes SQLite's integrity check, whose weekly totals equal a recount of its incidents.
On PostgreSQL the same with ``pg_dump -Fc`` and ``pg_restore`` into a new database."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from samverkan.core.db import make_engine
from samverkan.core.runtime import open_runtime
from samverkan.demo.service import seed
from samverkan.geo.models import Area
from samverkan.incidents import counts
from samverkan.incidents.models import Category, Incident
from samverkan.orgs.models import Organisation
from tests.conftest import PG_URL, _fresh_postgres_database, drop_postgres_database
from tests.incidents.conftest import cli_env


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "samverkan", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=cli_env(),
    )


@pytest.fixture
def urls(tmp_path: Path) -> Iterator[tuple[str, str, Path]]:
    """The live database, the one to restore into, and the backup file, on the suite's engine."""
    if PG_URL:
        live, restored = _fresh_postgres_database(PG_URL), _fresh_postgres_database(PG_URL)
        yield live, restored, tmp_path / "copy.dump"
        for url in (live, restored):
            drop_postgres_database(PG_URL, url)
    else:
        yield (
            f"sqlite:///{tmp_path / 'live.db'}",
            f"sqlite:///{tmp_path / 'restored.db'}",
            tmp_path / "copy.db",
        )


def _total(url: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.scalar(text("SELECT count(*) FROM incident")) or 0)
    finally:
        engine.dispose()


def test_a_backup_taken_during_writes_restores_whole(urls: tuple[str, str, Path]) -> None:
    live, restored, copy = urls
    rt = open_runtime(live)
    with rt.sessionmaker() as s:
        seed(s, incidents=False)
        s.commit()
        org = s.scalar(select(Organisation.id).where(Organisation.kind == "bostadsbolag"))
        area = s.scalar(select(Area.id).where(Area.name == "Skäggetorp"))
        cat = s.scalar(select(Category.id).where(Category.code == "klotter"))
    stop = threading.Event()
    written: list[int] = []

    def writer() -> None:  # reports one by one, each its own committed transaction
        n = 0
        while not stop.is_set():
            with rt.sessionmaker() as s:
                s.add(
                    Incident(
                        org_id=org,
                        category_id=cat,
                        area_id=area,
                        occurred_at=datetime.now(UTC) - timedelta(hours=n % 500),
                        precision="omrade",
                        source="api",
                        external_id=f"w{n}",
                    )
                )
                s.commit()
            n += 1
            written.append(n)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(written) < 50:
            time.sleep(0.01)
        before = len(written)
        out = _cli("backup", str(copy), "--db", live)
        after = len(written)
    finally:
        stop.set()
        thread.join(timeout=30)
    assert out.returncode == 0, out.stderr
    assert after > before  # the writes went on while the copy was made

    out = _cli("restore", str(copy), "--db", restored)
    assert out.returncode == 0, out.stderr
    if not PG_URL:
        with sqlite3.connect(make_url(restored).database or "") as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    n = _total(restored)
    assert before <= n <= after + 1  # a consistent moment between the two
    assert _total(live) >= n
    rt2 = open_runtime(restored, upgrade=False)
    with rt2.engine.connect() as conn:
        assert counts.stored(conn) == +counts.recount(conn)  # totals match the incidents
        assert sum(counts.stored(conn).values()) == n
    with rt2.sessionmaker() as s:
        assert s.scalar(select(func.count(Organisation.id))) > 0
    rt2.engine.dispose()
    rt.engine.dispose()


def test_restore_refuses_to_overwrite_data_and_non_backups(tmp_path: Path) -> None:
    live = tmp_path / "live.db"
    rt = open_runtime(f"sqlite:///{live}")
    with rt.sessionmaker() as s:
        seed(s, incidents=False)
        s.commit()
    rt.engine.dispose()
    copy = tmp_path / "copy.db"
    assert _cli("backup", str(copy), "--db", str(live)).returncode == 0
    again = _cli("backup", str(copy), "--db", str(live))
    assert again.returncode == 2 and "finns redan; välj ett nytt filnamn" in again.stderr
    out = _cli("restore", str(copy), "--db", str(live))
    assert out.returncode == 2 and "--force" in out.stderr
    assert _cli("restore", str(copy), "--db", str(live), "--force").returncode == 0
    junk = tmp_path / "junk.db"
    junk.write_text("inte en databas")
    out = _cli("restore", str(junk), "--db", str(tmp_path / "new.db"))
    assert out.returncode == 2 and "är ingen SQLite-säkerhetskopia" in out.stderr
    out = _cli("restore", str(tmp_path / "none.db"), "--db", str(tmp_path / "new.db"))
    assert out.returncode == 2 and "filen finns inte" in out.stderr
