"""Concurrency: 32 API clients post 20 000 reports at once to a live ``samverkan serve``.

One in ten posts repeats an external id that another post carries too (a client retrying a
report it is not sure arrived); half of those repeats are sent right behind the first, so that
both are in flight together and race for the unique ``(source, org_id, external_id)``. The
server is a subprocess (``samverkan serve``, one uvicorn worker, as shipped) over a SQLite file,
or over a fresh database on the PostgreSQL test server when ``SAMVERKAN_TEST_DATABASE_URL`` is
set; the clients are one asyncio loop with ``httpx.AsyncClient`` over 32 kept-alive
connections.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from samverkan.core.db import make_engine
from samverkan.incidents import queries
from samverkan.incidents.models import Incident
from tests.conftest import World
from tests.core.test_crash import (
    assert_totals,
    integrity,
    report_body,
    seeded_database,
    start_server,
    subprocess_env,
)
from tests.incidents.conftest import report

SEED = 4711
CLIENTS = 32
POSTS = 20_000
REPEATS = POSTS // 10
REQUEST_TIMEOUT_S = 120.0


def plan(rng: random.Random) -> list[str]:
    """The external ids in the order they are posted: every distinct id once, and REPEATS
    second posts of some of them, half right behind the first post and half anywhere."""
    distinct = [f"samtidig-{i}" for i in range(POSTS - REPEATS)]
    slots: list[tuple[float, str]] = [(float(i), ext) for i, ext in enumerate(distinct)]
    for k in range(REPEATS):
        i = rng.randrange(len(distinct))
        near = k % 2 == 0
        at = i + rng.uniform(0.1, CLIENTS / 2) if near else rng.uniform(0, len(distinct))
        slots.append((at, distinct[i]))
    slots.sort()
    return [ext for _at, ext in slots]


@dataclass
class Answers:
    """What came back, per external id and in all."""

    by_id: dict[str, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter[int] = field(default_factory=Counter)
    locked: list[str] = field(default_factory=list)  # answers that mention "database is locked"
    errors: Counter[str] = field(default_factory=Counter)  # transport errors
    failures: Counter[str] = field(default_factory=Counter)  # non-2xx answers, what they said


async def post_all(base_url: str, tokens: list[str], order: list[str], seed: int) -> Answers:
    """Each of the CLIENTS workers posts with a token of its own (as 32 integrations would;
    and each stays far below the API's rate limit per token)."""
    answers = Answers()
    # A kept-alive connection is dropped by the client before the server would close it
    # (uvicorn: after 5 s idle). With equal limits (httpx's default is 5 s too) a connection
    # left idle that long can be taken from the pool just as the server closes it: a
    # ReadError that no server could prevent.
    limits = httpx.Limits(
        max_connections=CLIENTS, max_keepalive_connections=CLIENTS, keepalive_expiry=2.0
    )
    queue = iter(order)
    async with httpx.AsyncClient(
        base_url=base_url,
        limits=limits,
        timeout=REQUEST_TIMEOUT_S,
        trust_env=False,
    ) as client:

        async def worker(token: str) -> None:
            headers = {"Authorization": f"Bearer {token}"}
            for ext in queue:  # shared: each id is taken by one worker
                # the same body for every post of an id, as a retry sends it
                body = report_body(ext, random.Random(f"{seed}-{ext}"))
                try:
                    r = await client.post("/api/v1/incidents", json=body, headers=headers)
                except httpx.HTTPError as exc:
                    answers.errors[f"{type(exc).__name__}: {exc}"[:120]] += 1
                    continue
                answers.statuses[r.status_code] += 1
                if "database is locked" in r.text:
                    answers.locked.append(f"{ext}: {r.status_code} {r.text[:200]}")
                if r.status_code in (200, 201):
                    answers.by_id[ext].append((r.status_code, int(r.json()["id"])))
                else:
                    answers.failures[f"{r.status_code} {r.text[:120]}"] += 1

        await asyncio.gather(*(worker(token) for token in tokens))
    return answers


@pytest.mark.xdist_group("concurrency")
def test_32_clients_posting_20000_reports_store_each_external_id_once(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Proves: under 32 concurrent writers nothing fails (no 5xx, no transport error, never
    "database is locked": on SQLite writers wait their turn at BEGIN IMMEDIATE), every
    external id is stored exactly once whichever of its posts arrived first (the first answer
    201, every other 200 with the same incident), the database holds exactly the distinct ids
    and nothing else, and the weekly totals equal a recount afterwards."""
    rng = random.Random(SEED)
    order = plan(rng)
    distinct = set(order)
    assert (len(order), len(distinct)) == (POSTS, POSTS - REPEATS)
    with seeded_database(tmp_path, "concurrency", tokens=CLIENTS) as target:
        served = start_server(target.url, tmp_path / "serve.log", subprocess_env(tmp_path_factory))
        try:
            t0 = time.monotonic()
            answers = asyncio.run(post_all(served.url, target.tokens, order, SEED))
            elapsed = time.monotonic() - t0
        finally:
            served.stop()
        log = (tmp_path / "serve.log").read_text(errors="replace")
        logged = [line for line in log.splitlines() if line[:1].isalpha()][:20]
        print(  # shown with -s
            f"\n{POSTS} posts by {CLIENTS} clients on {target.engine_name} in {elapsed:.1f} s "
            f"({POSTS / elapsed:.0f} req/s): {dict(answers.statuses)}"
        )

        assert not answers.errors, (answers.errors.most_common(5), logged)
        assert not answers.locked, answers.locked[:5]
        assert not answers.failures, (answers.failures.most_common(5), logged)
        assert "database is locked" not in log, logged
        assert answers.statuses == {201: len(distinct), 200: REPEATS}
        for ext, got in answers.by_id.items():
            assert [status for status, _ in got].count(201) == 1, (ext, got)
            assert len({i for _, i in got}) == 1, (ext, got)  # every answer names one incident
        answered = {ext: got[0][1] for ext, got in answers.by_id.items()}

        assert integrity(target) == "ok"
        engine = make_engine(target.url)
        try:
            with engine.connect() as conn:
                stored = {
                    str(ext): int(i)
                    for ext, i in conn.execute(
                        text(
                            "SELECT external_id, id FROM incident "
                            "WHERE source = 'api' AND org_id = :org"
                        ),
                        {"org": target.org_id},
                    )
                }
                total = int(conn.scalar(text("SELECT count(*) FROM incident")) or 0)
            assert len(stored) == total == len(distinct)
            assert stored == answered
            assert_totals(engine)
        finally:
            engine.dispose()


def test_a_post_that_loses_the_race_for_its_external_id_answers_with_the_winner(
    world: World, api, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race of the test above, made deterministic: the look-up before the insert misses a
    report stored meanwhile by a concurrent request, so the insert hits the unique constraint.
    Proves: the clash is caught inside a savepoint and answered 200 with the stored report
    (before, the incident was flushed outside the savepoint, the whole transaction was lost
    and the answer was a 500)."""
    call = api("rapportor")
    first = call("POST", "/api/v1/incidents", json=report(external_id="ST-kapplopning"))
    assert first.status_code == 201, first.text
    real = queries.by_external_id
    seen: list[str] = []

    def misses_once(*args, **kwargs):
        seen.append(args[-1])
        return None if len(seen) == 1 else real(*args, **kwargs)

    monkeypatch.setattr(queries, "by_external_id", misses_once)
    again = call("POST", "/api/v1/incidents", json=report(external_id="ST-kapplopning"))
    assert again.status_code == 200, again.text
    assert (again.json()["id"], again.json()["created"]) == (first.json()["id"], False)
    assert seen == ["ST-kapplopning", "ST-kapplopning"]  # missed, then found after the clash
    db.expire_all()
    stored = db.scalar(
        select(func.count(Incident.id)).where(Incident.external_id == "ST-kapplopning")
    )
    assert stored == 1
