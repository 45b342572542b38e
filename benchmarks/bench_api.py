"""Filing incidents through the API: ``POST /api/v1/incidents`` under 32 concurrent clients.

Figure: ``python -m samverkan serve --db <fresh SQLite file seeded by samverkan demo>`` on
127.0.0.1 and a free port (one uvicorn worker, as shipped), called with a token of
Stångåstaden made by ``samverkan token create``. The load generator is one asyncio process
with ``httpx.AsyncClient`` and 32 tasks over 32 kept-alive connections; each task posts valid
reports (category ``klotter``, a time in the past, a point in Skäggetorp with a little random
jitter, a unique ``external_id``, a short description) until the shared count is used up: 200
untimed warm-up requests, then 4 000 timed ones, within a hard limit of 60 s. Latency is taken
per request in the client (send to full response); requests/s is the timed count over the
timed wall clock. Every answer must be 201 and, once the server is stopped, the database must
hold exactly as many incidents as there were 201 answers.

Peer: a minimal FastAPI endpoint doing one insert, launched with ``python -c`` under uvicorn
the same way: it parses the same JSON body with a small Pydantic model and inserts one row into
a SQLite table (WAL, ``synchronous=FULL``, one ``sqlite3`` connection per worker thread) and
answers 201. Same client, same counts, same run. The client shares the machine's cores with
the server, for ours and the peer alike.
"""

from __future__ import annotations

import asyncio
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from benchmarks import Result
from benchmarks.bench_serve import _healthy, free_port

CONCURRENCY = 32
PACED_INTERVAL_S = 0.5  # each paced client sends one report every half second: 64 req/s offered
PACED_DURATION_S = 15.0
WARMUP = 200
REQUESTS = 4_000
TIME_LIMIT_S = 60.0
REQUEST_TIMEOUT_S = 30.0
START_TIMEOUT_S = 60.0
CLI_TIMEOUT_S = 120.0
GOAL_P99_MS = 100.0
ORG = "Stångåstaden"
SKAGGETORP = (58.4275, 15.5830)  # lat, lon
JITTER = 0.002  # degrees: about ±200 m north-south, ±100 m east-west

PEER_APP = """
import sqlite3
import sys
import threading
from datetime import datetime

import uvicorn
from fastapi import FastAPI
from pydantic import BaseModel, Field

DB = sys.argv[2]
local = threading.local()


def connection():
    conn = getattr(local, "conn", None)
    if conn is None:
        conn = sqlite3.connect(DB, isolation_level=None, check_same_thread=False, timeout=10)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA busy_timeout=10000")
        local.conn = conn
    return conn


setup = sqlite3.connect(DB)
setup.execute("PRAGMA journal_mode=WAL")
setup.execute(
    "CREATE TABLE IF NOT EXISTS incident (id INTEGER PRIMARY KEY, category TEXT NOT NULL, "
    "occurred_at TEXT NOT NULL, lat REAL, lon REAL, external_id TEXT UNIQUE, description TEXT)"
)
setup.commit()
setup.close()


class IncidentIn(BaseModel):
    category: str = Field(min_length=1, max_length=40)
    occurred_at: datetime
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    external_id: str | None = Field(default=None, max_length=120)
    description: str = Field(default="", max_length=4000)


app = FastAPI()


@app.get("/healthz")
def healthz():
    return {"status": "ok"}


@app.post("/api/v1/incidents", status_code=201)
def create(data: IncidentIn):
    cur = connection().execute(
        "INSERT INTO incident (category, occurred_at, lat, lon, external_id, description) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (data.category, data.occurred_at.isoformat(), data.lat, data.lon, data.external_id,
         data.description),
    )
    return {"id": cur.lastrowid, "external_id": data.external_id}


uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


@dataclass
class Load:
    """What one timed phase saw."""

    latencies_ms: list[float] = field(default_factory=list)
    created: int = 0  # 201 answers, warm-up included
    non_2xx: int = 0
    errors: int = 0
    timed_2xx: int = 0
    wall_s: float = 0.0
    timed_out: bool = False
    failures: Counter[str] = field(default_factory=Counter)  # what went wrong, how often

    @property
    def rps(self) -> float:
        """Successful (2xx) timed answers per second."""
        return self.timed_2xx / self.wall_s if self.wall_s else 0.0

    def pct(self, q: float) -> float:
        xs = sorted(self.latencies_ms)
        if not xs:
            return float("nan")
        return xs[min(len(xs) - 1, max(0, round(q / 100 * len(xs)) - 1))]


def body(run: str, n: int, rnd: random.Random) -> dict[str, object]:
    when = datetime.now(UTC) - timedelta(minutes=rnd.randint(5, 60 * 24 * 30))
    return {
        "category": "klotter",
        "occurred_at": when.isoformat(timespec="seconds"),
        "lat": round(SKAGGETORP[0] + rnd.uniform(-JITTER, JITTER), 6),
        "lon": round(SKAGGETORP[1] + rnd.uniform(-JITTER, JITTER), 6),
        "external_id": f"bench-{run}-{n}",
        "description": f"Klotter på fasaden, rapport {n} från lasttestet.",
    }


async def _phase(
    client: httpx.AsyncClient, run: str, start_n: int, count: int, load: Load, timed: bool
) -> None:
    """``count`` posts by CONCURRENCY tasks; the latencies are kept when ``timed``."""
    next_n = start_n
    end_n = start_n + count
    deadline = time.perf_counter() + TIME_LIMIT_S
    rnd = random.Random(start_n)

    async def worker() -> None:
        nonlocal next_n
        while next_n < end_n:
            if time.perf_counter() > deadline:
                load.timed_out = True
                return
            n = next_n
            next_n += 1
            payload = body(run, n, rnd)
            t0 = time.perf_counter()
            try:
                r = await client.post("/api/v1/incidents", json=payload)
            except httpx.HTTPError as exc:
                load.errors += 1
                what = f"{type(exc).__name__}: {str(exc)[:80]}" if str(exc) else type(exc).__name__
                load.failures[what] += 1
                continue
            elapsed_ms = (time.perf_counter() - t0) * 1000
            if r.status_code == 201:
                load.created += 1
            if not 200 <= r.status_code < 300:
                load.non_2xx += 1
                load.failures[f"{r.status_code} {r.text[:80]}"] += 1
            if timed:
                load.latencies_ms.append(elapsed_ms)
                load.timed_2xx += 200 <= r.status_code < 300

    t0 = time.perf_counter()
    tasks = [asyncio.create_task(worker()) for _ in range(CONCURRENCY)]
    try:
        await asyncio.wait_for(asyncio.gather(*tasks), TIME_LIMIT_S + REQUEST_TIMEOUT_S + 5)
    except TimeoutError:
        load.timed_out = True
    if timed:
        load.wall_s = time.perf_counter() - t0


async def _paced(client: httpx.AsyncClient, run: str, start_n: int, load: Load) -> None:
    """CONCURRENCY clients, each sending one report every PACED_INTERVAL_S for
    PACED_DURATION_S. Latency runs from the moment a request was due, not when it was sent,
    so a server that falls behind is charged for the wait (no coordinated omission)."""
    per_client = int(PACED_DURATION_S / PACED_INTERVAL_S)
    rnd = random.Random(start_n)
    t0 = time.perf_counter()

    async def worker(k: int) -> None:
        due = t0 + PACED_INTERVAL_S * k / CONCURRENCY  # spread the clients over one interval
        for i in range(per_client):
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            payload = body(run, start_n + k * per_client + i, rnd)
            try:
                r = await client.post("/api/v1/incidents", json=payload)
            except httpx.HTTPError as exc:
                load.errors += 1
                load.failures[type(exc).__name__] += 1
            else:
                load.latencies_ms.append((time.perf_counter() - due) * 1000)
                load.created += r.status_code == 201
                load.timed_2xx += 200 <= r.status_code < 300
                if not 200 <= r.status_code < 300:
                    load.non_2xx += 1
                    load.failures[f"{r.status_code} {r.text[:80]}"] += 1
            due += PACED_INTERVAL_S

    await asyncio.gather(*(worker(k) for k in range(CONCURRENCY)))
    load.wall_s = time.perf_counter() - t0


async def _drive(port: int, token: str | None, run: str) -> tuple[Load, Load]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    load = Load()
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{port}",
        headers=headers,
        limits=limits,
        timeout=REQUEST_TIMEOUT_S,
        trust_env=False,
    ) as client:
        await _phase(client, run, 0, WARMUP, load, timed=False)
        await _phase(client, run, WARMUP, REQUESTS, load, timed=True)
        paced = Load()
        await _paced(client, run, WARMUP + REQUESTS, paced)
    return load, paced


def _cli(args: list[str], log: Path) -> str:
    argv = [sys.executable, "-m", "samverkan", *args]
    with log.open("ab") as err:
        out = subprocess.run(
            argv, stdout=subprocess.PIPE, stderr=err, check=False, timeout=CLI_TIMEOUT_S
        )
    if out.returncode != 0:
        raise RuntimeError(
            f"samverkan {' '.join(args[:2])} exited with {out.returncode}: "
            + log.read_text(errors="replace")[-500:]
        )
    return out.stdout.decode("utf-8", errors="replace")


def _serve_and_load(
    argv: list[str], port: int, log: Path, token: str | None, run: str
) -> tuple[Load, Load]:
    """Launch ``argv``, wait for /healthz, drive the load, and always stop the server."""
    url = f"http://127.0.0.1:{port}/healthz"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAMVERKAN_")}
    with log.open("ab") as err:
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err, env=env)
        try:
            start = time.perf_counter()
            while not _healthy(url):
                if proc.poll() is not None:
                    raise RuntimeError(
                        f"{' '.join(argv[:4])} exited with {proc.returncode}: "
                        + log.read_text(errors="replace")[-500:]
                    )
                if time.perf_counter() - start > START_TIMEOUT_S:
                    raise RuntimeError(f"no answer from {url} after {START_TIMEOUT_S:.0f} s")
                time.sleep(0.05)
            return asyncio.run(_drive(port, token, run))
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _stored(db: Path, sql: str, params: tuple[object, ...]) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return int(conn.execute(sql, params).fetchone()[0])
    finally:
        conn.close()


def _ours(work: Path, run: str) -> tuple[Load, Load, int]:
    db = work / "samverkan.db"
    url = f"sqlite:///{db}"
    log = work / "samverkan.log"
    _cli(["demo", "--db", url, "--no-serve"], log)
    out = _cli(["token", "create", "--org", ORG, "--name", "bench-api", "--db", url], log)
    token = out.strip().splitlines()[-1].strip()
    before = _stored(db, "SELECT count(*) FROM incident", ())
    port = free_port()
    argv = [sys.executable, "-m", "samverkan", "serve", "--db", url]
    argv += ["--host", "127.0.0.1", "--port", str(port)]
    load, paced = _serve_and_load(argv, port, log, token, run)
    stored = _stored(
        db,
        "SELECT count(*) FROM incident WHERE source = 'api' AND external_id LIKE ?",
        (f"bench-{run}-%",),
    )
    after = _stored(db, "SELECT count(*) FROM incident", ())
    if after - before != stored:
        stored = -1  # something else was stored: count it as a mismatch
    return load, paced, stored


def _peer(work: Path, run: str) -> tuple[Load, Load, int]:
    db = work / "peer.db"
    port = free_port()
    argv = [sys.executable, "-c", PEER_APP, str(port), str(db)]
    load, paced = _serve_and_load(argv, port, work / "peer.log", None, run)
    stored = _stored(
        db, "SELECT count(*) FROM incident WHERE external_id LIKE ?", (f"bench-{run}-%",)
    )
    return load, paced, stored


def _commit_ms(work: Path, n: int = 200) -> float:
    """Milliseconds of one single-row commit with WAL and ``synchronous=FULL`` in ``work``."""
    conn = sqlite3.connect(work / "fsync.db", isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT)")
        start = time.perf_counter()
        for _ in range(n):
            conn.execute("INSERT INTO t (x) VALUES ('x')")
        return (time.perf_counter() - start) / n * 1000
    finally:
        conn.close()


def _clean(load: Load, stored: int) -> bool:
    return (
        load.non_2xx == 0
        and load.errors == 0
        and not load.timed_out
        and len(load.latencies_ms) == REQUESTS
        and stored == load.created
    )


def _paced_clean(load: Load) -> bool:
    expected = CONCURRENCY * int(PACED_DURATION_S / PACED_INTERVAL_S)
    return load.non_2xx == 0 and load.errors == 0 and len(load.latencies_ms) == expected


def _describe(who: str, load: Load, stored: int) -> str:
    text = (
        f"{who}: {len(load.latencies_ms)} of {REQUESTS} timed requests answered in "
        f"{load.wall_s:.1f} s; with the warm-up: {load.created} × 201, {load.non_2xx} non-2xx, "
        f"{load.errors} transport errors, {stored} stored"
    )
    if load.timed_out:
        text += f", stopped by the {TIME_LIMIT_S:.0f} s limit"
    if load.failures:
        text += "; " + ", ".join(f"{n} × {what}" for what, n in load.failures.most_common(3))
    return text


def run() -> list[Result]:
    run_id = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    with tempfile.TemporaryDirectory(prefix="samverkan-bench-api-") as tmp:
        work = Path(tmp)
        ours, ours_paced, ours_all = _ours(work, run_id)
        peer, peer_paced, peer_all = _peer(work, run_id)
        commit_ms = _commit_ms(work)

    # the paced phase's reports are in the same database: what is left is the saturated phase's
    ours_stored = ours_all - ours_paced.created if ours_all >= 0 else ours_all
    peer_stored = peer_all - peer_paced.created
    ok = _clean(ours, ours_stored)
    peer_ok = _clean(peer, peer_stored)
    paced_ok = _paced_clean(ours_paced)
    if not ok or not peer_ok:
        print("bench api: " + _describe("samverkan", ours, ours_stored), file=sys.stderr)
        print("bench api: " + _describe("peer", peer, peer_stored), file=sys.stderr)
    p50, p99 = ours.pct(50), ours.pct(99)
    peer_p50, peer_p99 = peer.pct(50), peer.pct(99)
    peer_name = "minimal FastAPI endpoint doing one SQLite insert"
    paced_rate = CONCURRENCY / PACED_INTERVAL_S
    setup = (
        f"{CONCURRENCY} concurrent clients, {REQUESTS} timed requests after {WARMUP} warm-up, "
        "SQLite (WAL, synchronous=FULL), one uvicorn worker"
    )
    counts = _describe("ours", ours, ours_stored) + "; " + _describe("peer", peer, peer_stored)
    floor = (
        f"one single-row commit (synchronous=FULL) takes {commit_ms:.1f} ms on this disk and "
        f"SQLite has one writer at a time, so at most {1000 / commit_ms:.0f} commits/s and "
        f"{CONCURRENCY} waiting clients average at least {CONCURRENCY * commit_ms:.0f} ms"
    )
    return [
        Result(
            benchmark="api",
            name="POST /api/v1/incidents p99, 32 clients",
            value=p99,
            unit="ms",
            peer=peer_name,
            peer_value=peer_p99,
            ratio=p99 / peer_p99,
            ratio_text=f"{p99 / peer_p99:.1f}× the peer's p99",
            goal=f"< {GOAL_P99_MS:.0f} ms, every answer 201 and stored",
            ok=ok and p99 < GOAL_P99_MS,
            notes=f"{setup}; {counts}; {floor}",
        ),
        Result(
            benchmark="api",
            name="POST /api/v1/incidents p50, 32 clients",
            value=p50,
            unit="ms",
            peer=peer_name,
            peer_value=peer_p50,
            ratio=p50 / peer_p50,
            ratio_text=f"{p50 / peer_p50:.1f}× the peer's p50",
            goal="(for information)",
            ok=None,
        ),
        Result(
            benchmark="api",
            name="POST /api/v1/incidents throughput, 32 clients",
            value=ours.rps,
            unit="req/s",
            peer=peer_name,
            peer_value=peer.rps,
            ratio=ours.rps / peer.rps if peer.rps else float("nan"),
            ratio_text=f"{ours.rps / peer.rps:.2f}× the peer's rate" if peer.rps else "–",
            goal="(for information)",
            ok=None,
            notes="timed 2xx answers over the wall clock of the timed phase; the latencies "
            "above include every answered request (a failure too), not transport errors",
        ),
        Result(
            benchmark="api",
            name=f"POST /api/v1/incidents p99, 32 clients at {paced_rate:.0f} req/s",
            value=ours_paced.pct(99),
            unit="ms",
            peer=peer_name,
            peer_value=peer_paced.pct(99),
            ratio=ours_paced.pct(99) / peer_paced.pct(99),
            ratio_text=f"{ours_paced.pct(99) / peer_paced.pct(99):.1f}× the peer's p99",
            goal=f"< {GOAL_P99_MS:.0f} ms, every answer 2xx",
            ok=paced_ok and ours_paced.pct(99) < GOAL_P99_MS,
            notes=f"{CONCURRENCY} clients each sending one report every "
            f"{PACED_INTERVAL_S:g} s for {PACED_DURATION_S:g} s ({paced_rate:.0f} req/s offered, "
            "far above any municipality's reporting) after the saturated phase, same server; "
            "latency counted from when each request was due; "
            f"ours p50 {ours_paced.pct(50):.1f} ms, peer p50 {peer_paced.pct(50):.1f} ms; "
            f"{len(ours_paced.latencies_ms)} answered, {ours_paced.non_2xx} non-2xx, "
            f"{ours_paced.errors} transport errors",
        ),
    ]
