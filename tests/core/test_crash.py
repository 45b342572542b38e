"""Crash safety: a writer killed with SIGKILL at a random moment loses nothing it acknowledged
and leaves nothing half-written behind.

Two writers, 25 kills each, all on one database per scenario so that damage would pile up:

- the server (``samverkan serve`` in a subprocess) while four clients post reports to
  ``POST /api/v1/incidents``; after each kill the database passes ``PRAGMA integrity_check``,
  every report that was answered 2xx (acknowledged) is stored under the id the answer gave,
  nothing is stored that no client sent, and the weekly totals equal a recount;
- the file import (``samverkan incidents import``) of a 10 000-row CSV (two batches); after
  each kill the database passes the integrity check and holds whole batches of the file only,
  and running the import again to completion ends with exactly the file's rows, with totals
  equal to a recount.

The moments are drawn from ``random.Random(SEED)``, so a failure names a round that can be
replayed (the timing of a shared machine still varies). On SQLite the database is a file in
``tmp_path``; when the suite runs on PostgreSQL (``SAMVERKAN_TEST_DATABASE_URL``) both
scenarios run against a fresh database on that server instead, where the integrity check is
PostgreSQL's own business and is skipped.

The helpers at the top (a seeded database, a token, a served subprocess) are also used by
``tests/incidents/test_concurrency.py``.
"""

from __future__ import annotations

import csv
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, text

from samverkan.core.db import make_engine
from samverkan.core.runtime import open_runtime
from samverkan.demo.service import seed
from samverkan.incidents import counts
from samverkan.incidents.bulk import BATCH
from samverkan.orgs import queries as org_queries
from samverkan.orgs import service as org_service
from tests.conftest import PG_URL, _fresh_postgres_database, drop_postgres_database

SEED = 20261127
SERVER_KILLS = 25
IMPORT_KILLS = 25
KILLS_PER_FILE = 5
IMPORT_ROWS = 3 * BATCH  # three batches: a kill after the first falls inside the file
CLIENTS = 4
ORG = "Stångåstaden"
SKAGGETORP = (58.4275, 15.5830)  # lat, lon; inside the demo's Skäggetorp
CATEGORIES = ("klotter", "skadegorelse", "nedskrapning", "brand")
START_TIMEOUT_S = 60.0
CRASH = pytest.mark.xdist_group("crash")


# --- helpers: a seeded database, a token, a served subprocess ----------------------------------


@dataclass
class Target:
    """A migrated database seeded with the Linköping demo (no incidents): a SQLite file, or a
    fresh database on the PostgreSQL test server."""

    url: str
    path: Path | None  # the SQLite file; None on PostgreSQL
    org_id: int
    tokens: list[str]  # API tokens of Stångåstaden

    @property
    def token(self) -> str:
        return self.tokens[0]

    @property
    def engine_name(self) -> str:
        return "SQLite" if self.path is not None else "PostgreSQL"


@contextmanager
def seeded_database(folder: Path, name: str, tokens: int = 1) -> Iterator[Target]:
    """A new seeded database with ``tokens`` API tokens of Stångåstaden; a PostgreSQL one is
    dropped when the block ends."""
    path: Path | None = None
    if PG_URL:
        url = _fresh_postgres_database(PG_URL)
    else:
        path = folder / f"{name}.db"
        url = f"sqlite:///{path}"
    try:
        rt = open_runtime(url)  # migrates to head
        with rt.sessionmaker() as s:
            assert seed(s, incidents=False)
            org = org_queries.org_by_name(s, ORG)
            assert org is not None
            secrets = [
                org_service.create_token(s, None, org.id, f"{name} test {n}")[1]
                for n in range(tokens)
            ]
            org_id = org.id
            s.commit()
        rt.engine.dispose()
        yield Target(url, path, org_id, secrets)
    finally:
        if PG_URL:
            drop_postgres_database(PG_URL, url)


def subprocess_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of the product's subprocesses: none of the SAMVERKAN_ settings of the
    test run (the command line names the database), and a bytecode cache of their own when
    this environment forbids writing one (else every start compiles the whole package)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAMVERKAN_")}
    env["COLUMNS"] = "200"
    if env.pop("PYTHONDONTWRITEBYTECODE", None) and "PYTHONPYCACHEPREFIX" not in env:
        env["PYTHONPYCACHEPREFIX"] = str(tmp_path_factory.getbasetemp() / "pycache")
    return env


@pytest.fixture
def child_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return subprocess_env(tmp_path_factory)


def free_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def kill_group(proc: subprocess.Popen[Any]) -> None:
    """SIGKILL the process and everything it started (it leads its own process group)."""
    if proc.poll() is None:
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


@dataclass
class Served:
    """``samverkan serve --db URL`` on 127.0.0.1 and a free port, in its own process group."""

    proc: subprocess.Popen[bytes]
    url: str
    log: Path

    def kill(self) -> None:
        kill_group(self.proc)

    def stop(self) -> None:
        """A normal stop (SIGTERM), then SIGKILL if it lingers."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            with suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=15)
        self.kill()


def start_server(db_url: str, log: Path, env: dict[str, str]) -> Served:
    """Start the server and wait until ``/healthz`` answers 200; fail loudly if it does not."""
    port = free_port()
    argv = [sys.executable, "-m", "samverkan", "serve", "--db", db_url]
    argv += ["--host", "127.0.0.1", "--port", str(port)]
    with log.open("ab") as err:
        proc = subprocess.Popen(
            argv, stdout=subprocess.DEVNULL, stderr=err, env=env, start_new_session=True
        )
    served = Served(proc, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        try:
            if httpx.get(served.url + "/healthz", timeout=1.0, trust_env=False).status_code == 200:
                return served
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            served.kill()
            tail = log.read_text(errors="replace")[-800:]
            raise RuntimeError(f"samverkan serve did not start (exit {proc.returncode}): {tail}")
        time.sleep(0.05)


def report_body(external_id: str, rnd: random.Random) -> dict[str, Any]:
    """A valid report in Skäggetorp, some time in the last two months."""
    when = datetime.now(UTC) - timedelta(minutes=rnd.randint(10, 60 * 24 * 60))
    return {
        "category": rnd.choice(CATEGORIES),
        "occurred_at": when.isoformat(timespec="seconds"),
        "lat": round(SKAGGETORP[0] + rnd.uniform(-0.002, 0.002), 6),
        "lon": round(SKAGGETORP[1] + rnd.uniform(-0.002, 0.002), 6),
        "visibility": rnd.choice(("delad", "delad", "egen")),
        "external_id": external_id,
        "description": f"Rapport {external_id}",
    }


def integrity(target: Target) -> str:
    """``PRAGMA integrity_check`` of the SQLite file (opened as a fresh process would, so a
    left-over WAL is recovered first); on PostgreSQL "ok" once the database answers."""
    if target.path is None:
        engine = make_engine(target.url)
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT count(*) FROM incident"))
        finally:
            engine.dispose()
        return "ok"
    conn = sqlite3.connect(target.path, timeout=30)
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
        fk = conn.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        conn.close()
    result = "\n".join(str(r[0]) for r in rows)
    return result if not fk else f"{result}\nforeign key violations: {fk[:5]}"


def assert_totals(engine: Engine) -> None:
    """The weekly totals, by slot and by week, equal a recount of the stored incidents."""
    with engine.connect() as conn:
        recounted = +counts.recount(conn)
        assert counts.stored(conn) == recounted, "slot totals differ from a recount"
        weeks: Counter[tuple[Any, ...]] = Counter()
        for k, n in recounted.items():
            weeks[(k.week, k.area_id, k.category_id, k.org_id, k.visibility)] += n
        assert counts.stored_weeks(conn) == +weeks, "week totals differ from a recount"


# --- (a) the server, killed while clients post ----------------------------------------------


@dataclass
class Round:
    """What the clients saw in one round: acknowledged reports, everything sent, and every
    failure that came before the kill (there must be none)."""

    acked: dict[str, int] = field(default_factory=dict)  # external id -> id in the answer
    sent: set[str] = field(default_factory=set)
    early_failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _post_until_killed(
    served: Served, token: str, prefix: str, rnd: random.Random, state: Round, kill: list[float]
) -> None:
    n = 0
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(
        base_url=served.url, headers=headers, timeout=30.0, trust_env=False
    ) as client:
        while not kill:
            ext = f"{prefix}-{n}"
            n += 1
            with state.lock:
                state.sent.add(ext)
            try:
                r = client.post("/api/v1/incidents", json=report_body(ext, rnd))
            except httpx.TransportError as exc:
                failed_at = time.monotonic()
                if not kill or failed_at < kill[0]:
                    with state.lock:
                        state.early_failures.append(f"{ext}: {type(exc).__name__} {exc}")
                return
            with state.lock:
                if r.status_code in (200, 201):
                    state.acked[ext] = int(r.json()["id"])
                else:  # an answer comes from a living server: it must be a success
                    state.early_failures.append(f"{ext}: {r.status_code} {r.text[:200]}")


def _stored_api_reports(engine: Engine, org_id: int) -> dict[str, int]:
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT external_id, id FROM incident WHERE source = 'api' AND org_id = :org"),
            {"org": org_id},
        )
        return {str(ext): int(i) for ext, i in rows}


@CRASH
def test_the_server_killed_at_random_moments_keeps_every_acknowledged_report(
    tmp_path: Path, child_env: dict[str, str]
) -> None:
    """25 × SIGKILL of ``samverkan serve`` while four clients post reports, on one database.

    Proves: an answered report survives the server's death (the commit is durable before the
    answer: WAL with ``synchronous=FULL``), the file is never corrupted, no report is stored
    that no client sent, and the weekly totals never drift from the incidents (they change in
    the same transaction, so a kill between the two cannot happen)."""
    rng = random.Random(SEED)
    acked: dict[str, int] = {}
    sent: set[str] = set()
    killed_with_answers = 0
    with seeded_database(tmp_path, "serve") as target:
        log = tmp_path / "serve.log"
        for rnd_no in range(SERVER_KILLS):
            served = start_server(target.url, log, child_env)
            state = Round()
            kill: list[float] = []
            threads = [
                threading.Thread(
                    target=_post_until_killed,
                    args=(
                        served,
                        target.token,
                        f"r{rnd_no}-c{c}",
                        random.Random(rng.random()),
                        state,
                        kill,
                    ),
                    daemon=True,
                )
                for c in range(CLIENTS)
            ]
            try:
                for t in threads:
                    t.start()
                time.sleep(rng.uniform(0.05, 1.2))
                kill.append(time.monotonic())
                served.kill()
            finally:
                served.kill()
                for t in threads:
                    t.join(timeout=60)
            assert not any(t.is_alive() for t in threads), f"round {rnd_no}: a client hangs"
            assert served.proc.returncode == -signal.SIGKILL, f"round {rnd_no}: not killed"
            assert not state.early_failures, f"round {rnd_no}: {state.early_failures[:5]}"
            acked |= state.acked
            sent |= state.sent
            killed_with_answers += bool(state.acked)

            assert integrity(target) == "ok", f"round {rnd_no}"
            engine = make_engine(target.url)
            try:
                stored = _stored_api_reports(engine, target.org_id)
                lost = {e: i for e, i in acked.items() if stored.get(e) != i}
                assert not lost, f"round {rnd_no}: acknowledged but not stored as answered: {lost}"
                assert set(stored) <= sent, f"round {rnd_no}: stored what no client sent"
                assert_totals(engine)
            finally:
                engine.dispose()
    # the kills must have hit a server at work, not only idle ones
    assert killed_with_answers >= SERVER_KILLS // 2, killed_with_answers
    assert len(acked) >= 2 * SERVER_KILLS, len(acked)


# --- (b) the file import, killed and run again ---------------------------------------------

HEADER = ["Datum", "Tid", "Kategori", "Plats", "Beskrivning", "Latitud", "Longitud"]
SUMMARY = re.compile(r"Importerade: (\d+)\s+Dubbletter: (\d+)\s+Avvisade: (\d+)")


def _write_file(path: Path, tag: str, rows: int) -> list[str]:
    """A CSV as a housing company exports it; returns the descriptions in file order (each
    unique, so that the description names the row)."""
    descriptions = []
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADER)
        for i in range(rows):
            desc = f"{tag} rad {i}"
            descriptions.append(desc)
            if i % 5 == 0:  # a place name instead of a point
                writer.writerow(["2026-11-19", f"{i % 24:02d}:10", "brand", "Berga", desc, "", ""])
            else:
                lat, lon = f"58,{4200 + i % 150}", f"15,{5700 + i % 300}"
                writer.writerow(
                    ["2026-11-18", f"{i % 24:02d}:15", "klotter", f"Gård {i}", desc, lat, lon]
                )
    return descriptions


def _import_argv(target: Target, file: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "samverkan",
        "incidents",
        "import",
        str(file),
        "--org",
        ORG,
        "--db",
        target.url,
    ]


def _import_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(text("SELECT count(*) FROM incident WHERE source = 'import'")) or 0)


def _stored_descriptions(engine: Engine, org_id: int) -> list[str]:
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT description FROM incident WHERE source = 'import' AND org_id = :org"),
            {"org": org_id},
        )
        return [str(d) for (d,) in rows]


@CRASH
def test_an_import_killed_at_random_moments_and_run_again_stores_exactly_the_files_rows(
    tmp_path: Path, child_env: dict[str, str]
) -> None:
    """25 × SIGKILL of ``samverkan incidents import`` (five files, five kills each, then a run
    to completion), all into one database. The first kill of a file waits until the file's
    first batch is committed and strikes while the next one is written; the others come at
    any moment from start-up to the end of the run.

    Proves: a kill never corrupts the database, an import commits whole batches or nothing
    (after a kill a file's stored rows are its first k × BATCH rows), a re-run picks up where
    the killed one stopped without storing anything twice, earlier files are never touched,
    and after each file's last run the weekly totals equal a recount (a batch's totals are
    written in the batch's transaction, so a kill cannot leave them behind or ahead)."""
    rng = random.Random(SEED + 1)
    log = tmp_path / "import.log"
    warm = subprocess.run(  # untimed: fills the bytecode cache, if it is ours to fill
        [sys.executable, "-m", "samverkan", "incidents", "import", "--help"],
        capture_output=True,
        env=child_env,
    )
    assert warm.returncode == 0, warm.stderr[-2000:]
    with seeded_database(tmp_path, "import") as target:
        complete: list[str] = []  # the rows of every file imported to completion so far

        def check(current: list[str], label: str, *, totals: bool = False) -> int:
            """The state after a kill: an intact database, whole batches of ``current``
            besides the complete files (and, when asked, totals equal to a recount); returns
            how many rows of ``current`` are stored."""
            assert integrity(target) == "ok", label
            engine = make_engine(target.url)
            try:
                stored = _stored_descriptions(engine, target.org_id)
                if totals:
                    assert_totals(engine)
            finally:
                engine.dispose()
            assert len(stored) == len(set(stored)), f"{label}: a row stored twice"
            mine = {d for d in stored if d.startswith(current[0].split(" rad ")[0] + " rad ")}
            assert set(stored) - mine == set(complete), f"{label}: earlier files changed"
            batches = [set(current[: k * BATCH]) for k in range(len(current) // BATCH + 2)]
            assert mine in batches, f"{label}: {len(mine)} rows stored, not whole batches"
            return len(mine)

        kills = partial = finished_early = attempts = file_no = 0
        first_batch_s = 0.0  # launch to the first batch's commit, as last seen
        while kills < IMPORT_KILLS:
            file = tmp_path / f"fil-{file_no}.csv"
            rows = _write_file(file, f"fil-{file_no}", IMPORT_ROWS)
            kills_here = 0
            done_here = False  # a run of this file finished before its kill
            while kills_here < KILLS_PER_FILE and kills < IMPORT_KILLS:
                attempts += 1
                assert attempts < 2 * IMPORT_KILLS, "the import keeps finishing before the kill"
                label = f"file {file_no}, kill {kills_here + 1}"
                targeted = kills_here == 0 and not done_here
                watch = make_engine(target.url)
                try:
                    baseline = _import_count(watch)
                    with log.open("w") as err:
                        launched = time.monotonic()
                        proc = subprocess.Popen(
                            _import_argv(target, file),
                            stdout=subprocess.DEVNULL,
                            stderr=err,
                            env=child_env,
                            start_new_session=True,
                        )
                    try:
                        if targeted:
                            deadline = launched + 120
                            while proc.poll() is None and time.monotonic() < deadline:
                                if _import_count(watch) - baseline >= BATCH:
                                    first_batch_s = time.monotonic() - launched
                                    break
                                time.sleep(0.02)
                            time.sleep(rng.uniform(0.0, 0.1))  # inside the second batch
                        else:  # from inside the start-up to about the end of the run
                            t1 = first_batch_s or 2.0
                            time.sleep(rng.uniform(0.4 * t1, 1.4 * t1))
                    finally:
                        kill_group(proc)
                finally:
                    watch.dispose()
                # The exit status, not a poll before the kill, tells whether the kill struck: the
                # run can end between that poll and the signal (CI saw it), and then it exits 0.
                if proc.returncode != -signal.SIGKILL:  # it finished first: a whole run; the
                    # next runs of this file find every row stored and are killed while they check
                    assert proc.returncode == 0, f"{label}: {log.read_text()[-2000:]}"
                    finished_early += 1
                    done_here = True
                    if targeted:  # the file is whole: a fresh one gives the next targeted kill
                        break
                    continue
                kills += 1
                kills_here += 1
                n = check(rows, label)
                partial += 0 < n < len(rows)
            before = check(rows, f"file {file_no}, before the last run")
            done = subprocess.run(
                _import_argv(target, file), capture_output=True, text=True, env=child_env
            )
            assert done.returncode == 0, done.stderr[-2000:]
            found = SUMMARY.search(done.stdout)
            assert found, done.stdout
            assert tuple(map(int, found.groups())) == (IMPORT_ROWS - before, before, 0)
            assert check(rows, f"file {file_no}, run to completion", totals=True) == len(rows)
            complete += rows
            file_no += 1

        engine = make_engine(target.url)
        try:
            assert sorted(_stored_descriptions(engine, target.org_id)) == sorted(complete)
        finally:
            engine.dispose()
    print(  # shown with -s: where the kills landed
        f"\nimport kills on {target.engine_name}: {kills} kills over {file_no} files, "
        f"{partial} left a file half-imported (whole batches), {finished_early} runs finished "
        f"before their kill; first batch committed {first_batch_s:.2f} s after launch"
    )
    assert partial >= 3, "the kills did not land between two batches of a file"
