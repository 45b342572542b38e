"""A working day's load: 50 reporters and 10 readers of the lägesbild for 60 s, on SQLite and
on PostgreSQL.

Figure: ``python -m samverkan serve`` (one uvicorn worker, as shipped) on 127.0.0.1 and a free
port, over the Linköping demo made by ``samverkan demo --no-serve`` (areas, users, the EST
group and about two years of synthetic reports). The load generator is one asyncio process
with ``httpx``:

- 50 reporters, each with an API token of its organisation (Stångåstaden, the police, the
  municipality in turn), posting a report in Skäggetorp (``POST /api/v1/incidents``, a unique
  ``external_id``, a time in the last two weeks) at intervals drawn uniformly from 2–5 s:
  about 14 reports a second in all;
- 10 readers, each opening the lägesbild every 4–8 s, in turn as JSON
  (``GET /api/v1/lagesbild`` with a token of Linköpings kommun) and as the page
  (``GET /lagesbild``, each reader logged in through the login form as the samordnare).
  Every report changes the weekly totals, so nearly every read builds a fresh picture.

Open loop: each request has a due time and its latency runs from then, so a server that falls
behind is charged for the wait (no coordinated omission). A failure is any answer but 2xx, a
transport error or no answer within 30 s; the failure ratio is failures over requests (goal:
under 1 %). p50/p95/p99 per kind of request. After the load the database must hold one
incident per 201 answer. PostgreSQL runs when ``SAMVERKAN_PG_URL`` (or
``SAMVERKAN_TEST_DATABASE_URL``) names a server, in a database of its own that is dropped
afterwards; else its rows say "skipped: no PostgreSQL". ``SAMVERKAN_BENCH_LOAD_S`` shortens
the load for a smoke run. The documented run used the throw-away server of ``.ci/postgres.sh``
(Debian's PostgreSQL with ``fsync=off``, on the same two cores): ``source .ci/postgres.sh &&
make bench``.

Peer: the same three requests one at a time on the same server just before the load, 20 of
each (a report, then the two reads, so that each read too finds the picture changed): what
the load adds to a request.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from benchmarks import Result
from benchmarks.bench_serve import _healthy, free_port

DURATION_S = float(os.environ.get("SAMVERKAN_BENCH_LOAD_S", "60"))
REPORTERS = 50
READERS = 10
REPORT_EVERY_S = (2.0, 5.0)
READ_EVERY_S = (4.0, 8.0)
IDLE_ROUNDS = 20
REQUEST_TIMEOUT_S = 30.0
START_TIMEOUT_S = 60.0
CLI_TIMEOUT_S = 300.0
GOAL_FAILED_PCT = 1.0
REPORTER_ORGS = ("Stångåstaden", "Polisen lokalpolisområde Linköping", "Linköpings kommun")
READER_ORG = "Linköpings kommun"
READER_EMAIL = "samordnare@linkoping.demo"
SKAGGETORP = (58.4275, 15.5830)  # lat, lon
JITTER = 0.002
KINDS = ("POST /api/v1/incidents", "GET /api/v1/lagesbild", "GET /lagesbild")
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Kind:
    """What one kind of request saw."""

    latencies_ms: list[float] = field(default_factory=list)  # answered requests, from due time
    requests: int = 0
    failed: int = 0
    created: int = 0  # 201 answers
    failures: Counter[str] = field(default_factory=Counter)

    def pct(self, q: float) -> float:
        xs = sorted(self.latencies_ms)
        if not xs:
            return float("nan")
        return xs[min(len(xs) - 1, max(0, round(q / 100 * len(xs)) - 1))]


@dataclass
class Outcome:
    engine: str
    load: dict[str, Kind]
    idle: dict[str, Kind]
    stored: int  # incidents added during the run, by a count in the database
    wall_s: float

    @property
    def requests(self) -> int:
        return sum(k.requests for k in self.load.values())

    @property
    def failed(self) -> int:
        return sum(k.failed for k in self.load.values())

    @property
    def created(self) -> int:
        return sum(k.created for k in self.load.values()) + sum(
            k.created for k in self.idle.values()
        )


def _env() -> dict[str, str]:
    # the command line names the database; nothing else of this shell's settings applies
    return {k: v for k, v in os.environ.items() if not k.startswith("SAMVERKAN_")}


def _cli(args: list[str], log: Path) -> str:
    with log.open("ab") as err:
        out = subprocess.run(
            [sys.executable, "-m", "samverkan", *args],
            stdout=subprocess.PIPE,
            stderr=err,
            env=_env(),
            check=False,
            timeout=CLI_TIMEOUT_S,
        )
    if out.returncode != 0:
        raise RuntimeError(
            f"samverkan {' '.join(args[:2])} exited with {out.returncode}: "
            + log.read_text(errors="replace")[-500:]
        )
    return out.stdout.decode("utf-8", errors="replace")


def _tokens(url: str) -> tuple[list[str], str]:
    """An API token per reporter (of the reporting organisations in turn) and one to read."""
    from samverkan.core.runtime import open_runtime
    from samverkan.orgs import queries as org_queries
    from samverkan.orgs import service as org_service

    rt = open_runtime(url, upgrade=False)
    try:
        with rt.sessionmaker() as s:
            orgs = {}
            for name in {*REPORTER_ORGS, READER_ORG}:
                org = org_queries.org_by_name(s, name)
                if org is None:
                    raise RuntimeError(f"the demo has no organisation {name!r}")
                orgs[name] = org.id
            reporters = [
                org_service.create_token(
                    s, None, orgs[REPORTER_ORGS[n % len(REPORTER_ORGS)]], f"load reporter {n}"
                )[1]
                for n in range(REPORTERS)
            ]
            reader = org_service.create_token(s, None, orgs[READER_ORG], "load readers")[1]
            s.commit()
    finally:
        rt.engine.dispose()
    return reporters, reader


def _count_incidents(url: str) -> int:
    from sqlalchemy import text

    from samverkan.core.db import make_engine

    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///")
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return int(conn.execute("SELECT count(*) FROM incident").fetchone()[0])
        finally:
            conn.close()
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.scalar(text("SELECT count(*) FROM incident")) or 0)
    finally:
        engine.dispose()


@contextmanager
def _serving(url: str, log: Path) -> Iterator[str]:
    """``samverkan serve`` until the block ends; yields its base URL."""
    port = free_port()
    argv = [sys.executable, "-m", "samverkan", "serve", "--db", url]
    argv += ["--host", "127.0.0.1", "--port", str(port)]
    base = f"http://127.0.0.1:{port}"
    with log.open("ab") as err:
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err, env=_env())
    try:
        start = time.perf_counter()
        while not _healthy(base + "/healthz"):
            if proc.poll() is not None:
                raise RuntimeError(
                    f"samverkan serve exited with {proc.returncode}: "
                    + log.read_text(errors="replace")[-500:]
                )
            if time.perf_counter() - start > START_TIMEOUT_S:
                raise RuntimeError(f"no answer from {base}/healthz after {START_TIMEOUT_S:.0f} s")
            time.sleep(0.05)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _report(rnd: random.Random, run: str, n: int) -> dict[str, object]:
    when = datetime.now(UTC) - timedelta(minutes=rnd.randint(5, 60 * 24 * 14))
    return {
        "category": rnd.choice(("klotter", "skadegorelse", "nedskrapning", "ordningsstorning")),
        "occurred_at": when.isoformat(timespec="seconds"),
        "lat": round(SKAGGETORP[0] + rnd.uniform(-JITTER, JITTER), 6),
        "lon": round(SKAGGETORP[1] + rnd.uniform(-JITTER, JITTER), 6),
        "external_id": f"load-{run}-{n}",
        "description": f"Rapport {n} från lasttestet.",
    }


async def _login(client: httpx.AsyncClient) -> None:
    """Log in through the form, as a browser does (the CSRF token from the page)."""
    page = await client.get("/login")
    found = CSRF.search(page.text)
    if page.status_code != 200 or not found:
        raise RuntimeError(f"GET /login: {page.status_code}, no CSRF token")
    from samverkan.demo.data import DEMO_PASSWORD

    r = await client.post(
        "/login",
        data={
            "email": READER_EMAIL,
            "password": DEMO_PASSWORD,
            "next": "/",
            "csrf_token": found.group(1),
        },
    )
    if r.status_code != 303:
        raise RuntimeError(f"POST /login answered {r.status_code}: {r.text[:200]}")


async def _send(
    client: httpx.AsyncClient,
    kind: Kind,
    due: float,
    method: str,
    url: str,
    **kw: object,
) -> None:
    kind.requests += 1
    try:
        r = await client.request(method, url, **kw)  # type: ignore[arg-type]
    except httpx.HTTPError as exc:
        kind.failed += 1
        kind.failures[type(exc).__name__] += 1
        return
    kind.latencies_ms.append((time.perf_counter() - due) * 1000)
    kind.created += r.status_code == 201
    if not 200 <= r.status_code < 300:
        kind.failed += 1
        kind.failures[f"{r.status_code} {r.text[:80]}"] += 1


async def _drive(base: str, reporter_tokens: list[str], reader_token: str, run: str) -> Outcome:
    rnd = random.Random(run)
    # kept-alive connections are dropped by the client before uvicorn would (5 s idle), so that
    # none is reused just as the server closes it
    limits = httpx.Limits(
        max_connections=REPORTERS, max_keepalive_connections=REPORTERS, keepalive_expiry=2.0
    )
    common: dict[str, object] = {
        "base_url": base,
        "timeout": REQUEST_TIMEOUT_S,
        "trust_env": False,
        "follow_redirects": False,
    }
    load = {k: Kind() for k in KINDS}
    idle = {k: Kind() for k in KINDS}
    api_read = {"Authorization": f"Bearer {reader_token}"}
    async with httpx.AsyncClient(limits=limits, **common) as shared:  # type: ignore[arg-type]
        browsers = [
            httpx.AsyncClient(
                limits=httpx.Limits(max_connections=2, keepalive_expiry=2.0),
                **common,  # type: ignore[arg-type]
            )
            for _ in range(READERS)
        ]
        try:
            for b in browsers:
                await _login(b)
            # the peer: one request at a time on the idle server
            for i in range(IDLE_ROUNDS):
                due = time.perf_counter()
                await _send(
                    shared,
                    idle[KINDS[0]],
                    due,
                    "POST",
                    "/api/v1/incidents",
                    json=_report(rnd, run, -1 - i),
                    headers={"Authorization": f"Bearer {reporter_tokens[0]}"},
                )
                due = time.perf_counter()
                await _send(
                    shared, idle[KINDS[1]], due, "GET", "/api/v1/lagesbild", headers=api_read
                )
                due = time.perf_counter()
                await _send(browsers[0], idle[KINDS[2]], due, "GET", "/lagesbild")

            t0 = time.perf_counter()
            end = t0 + DURATION_S

            async def reporter(n: int) -> None:
                headers = {"Authorization": f"Bearer {reporter_tokens[n]}"}
                due = t0 + rnd.uniform(0, REPORT_EVERY_S[1])  # not all at once
                k = 0
                while due < end:
                    delay = due - time.perf_counter()
                    if delay > 0:
                        await asyncio.sleep(delay)
                    body = _report(rnd, run, n * 100_000 + k)
                    await _send(
                        shared,
                        load[KINDS[0]],
                        due,
                        "POST",
                        "/api/v1/incidents",
                        json=body,
                        headers=headers,
                    )
                    k += 1
                    due += rnd.uniform(*REPORT_EVERY_S)

            async def reader(n: int) -> None:
                due = t0 + rnd.uniform(0, READ_EVERY_S[1])
                k = n  # half the readers start with the page, half with the JSON
                while due < end:
                    delay = due - time.perf_counter()
                    if delay > 0:
                        await asyncio.sleep(delay)
                    if k % 2:
                        await _send(browsers[n], load[KINDS[2]], due, "GET", "/lagesbild")
                    else:
                        await _send(
                            shared,
                            load[KINDS[1]],
                            due,
                            "GET",
                            "/api/v1/lagesbild",
                            headers=api_read,
                        )
                    k += 1
                    due += rnd.uniform(*READ_EVERY_S)

            await asyncio.gather(
                *(reporter(n) for n in range(REPORTERS)), *(reader(n) for n in range(READERS))
            )
            wall = time.perf_counter() - t0
        finally:
            for b in browsers:
                await b.aclose()
    return Outcome("", load, idle, 0, wall)


def _measure(engine: str, url: str, work: Path) -> Outcome:
    log = work / f"{engine}.log"
    _cli(["demo", "--db", url, "--no-serve"], log)
    reporter_tokens, reader_token = _tokens(url)
    before = _count_incidents(url)
    run = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    with _serving(url, log) as base:
        outcome = asyncio.run(_drive(base, reporter_tokens, reader_token, run))
    outcome.engine = engine
    outcome.stored = _count_incidents(url) - before
    return outcome


def _pg_base() -> str:
    return os.environ.get("SAMVERKAN_PG_URL") or os.environ.get("SAMVERKAN_TEST_DATABASE_URL", "")


@contextmanager
def _pg_database(base: str) -> Iterator[str]:
    """A new empty database on the server of ``base``, dropped afterwards."""
    from sqlalchemy import text

    from samverkan.core.db import make_engine
    from samverkan.core.settings import normalise_database_url

    admin_url = normalise_database_url(base)
    name = f"samverkan_load_{uuid.uuid4().hex[:10]}"
    admin = make_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield admin_url.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _results(o: Outcome) -> list[Result]:
    ratio = 100 * o.failed / o.requests if o.requests else float("nan")
    consistent = o.stored == o.created
    setup = (
        f"{REPORTERS} reporters (one report every {REPORT_EVERY_S[0]:g}–{REPORT_EVERY_S[1]:g} s "
        f"each) and {READERS} readers (every {READ_EVERY_S[0]:g}–{READ_EVERY_S[1]:g} s, JSON and "
        f"page in turn) for {DURATION_S:g} s on {o.engine}, one uvicorn worker"
    )
    failures = Counter[str]()
    for k in o.load.values():
        failures += k.failures
    out = [
        Result(
            benchmark="load",
            name=f"load {DURATION_S:g} s, {REPORTERS} reporters + {READERS} readers, "
            f"{o.engine}: failed requests",
            value=ratio,
            unit="%",
            peer="goal",
            peer_value=GOAL_FAILED_PCT,
            ratio=ratio / GOAL_FAILED_PCT,
            ratio_text=f"{o.failed} of {o.requests} requests",
            goal=f"< {GOAL_FAILED_PCT:g} %, one stored incident per 201",
            ok=ratio < GOAL_FAILED_PCT and consistent,
            notes=f"{setup}; {o.requests} requests in {o.wall_s:.1f} s; {o.created} × 201 and "
            f"{o.stored} incidents stored"
            + (f"; failures: {dict(failures.most_common(3))}" if failures else ""),
        )
    ]
    for name in KINDS:
        k, idle = o.load[name], o.idle[name]
        p99, idle_p50 = k.pct(99), idle.pct(50)
        out.append(
            Result(
                benchmark="load",
                name=f"{name} p99 under that load, {o.engine}",
                value=p99,
                unit="ms",
                peer="the same request alone on the idle server (median of 20)",
                peer_value=idle_p50,
                ratio=p99 / idle_p50,
                ratio_text=f"{p99 / idle_p50:.1f}× the idle median",
                goal="(for information)",
                ok=None,
                notes=f"{k.requests} requests, {k.failed} failed; p50 {k.pct(50):.1f} ms, "
                f"p95 {k.pct(95):.1f} ms, p99 {p99:.1f} ms; idle p50 {idle_p50:.1f} ms, "
                f"idle max {idle.pct(100):.1f} ms",
            )
        )
    return out


def _skipped(engine: str, why: str) -> Result:
    return Result(
        benchmark="load",
        name=f"load {DURATION_S:g} s, {REPORTERS} reporters + {READERS} readers, "
        f"{engine}: failed requests",
        value=float("nan"),
        unit="%",
        peer="goal",
        peer_value=GOAL_FAILED_PCT,
        ratio=float("nan"),
        ratio_text=why,
        goal=f"< {GOAL_FAILED_PCT:g} %",
        ok=None,
        notes=why,
    )


def run() -> list[Result]:
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="samverkan-bench-load-") as tmp:
        work = Path(tmp)
        results += _results(_measure("SQLite", f"sqlite:///{work / 'load.db'}", work))
        base = _pg_base()
        if not base:
            results.append(_skipped("PostgreSQL", "skipped: no PostgreSQL (set SAMVERKAN_PG_URL)"))
        else:
            with _pg_database(base) as url:
                results += _results(_measure("PostgreSQL", url, work))
    for r in results:  # the table leaves out the notes: the percentiles are there
        print(f"bench load: {r.name}: {r.notes}", file=sys.stderr)
    return results
