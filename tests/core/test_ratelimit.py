"""Rate limits on ``/api/v1``: a token bucket per API token, or per client address.

The app under test gets a low limit (3 a minute, so one request back every 20 s) and a clock
the test moves by hand: nothing sleeps.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from samverkan.core.ratelimit import RateLimiter
from samverkan.core.settings import Settings, load_settings
from tests.conftest import SECRET, World


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def limited(
    settings: Settings,
    engine: Engine,
    session_factory: sessionmaker[Session],
    world: World,
    clock: Clock,
) -> Iterator[Callable[..., object]]:
    """``call(token=None, path=...)`` on an app allowing 3 requests a minute, burst 3."""
    from samverkan.web.app import create_app

    app = create_app(
        settings.model_copy(update={"api_rate_per_minute": 3, "api_rate_burst": 3}), engine
    )
    app.state.sessionmaker = session_factory
    app.state.rate_limiter.clock = clock
    with TestClient(app, base_url="http://testserver") as client:

        def call(token: str | None = None, path: str = "/api/v1/me"):
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            return client.get(path, headers=headers)

        yield call


def test_a_token_over_its_limit_gets_429_with_retry_after_and_others_go_on(
    limited, world: World, clock: Clock
) -> None:
    mine, theirs = world.personas["rapportor"].token, world.personas["polis"].token
    assert [limited(mine).status_code for _ in range(3)] == [200, 200, 200]
    refused = limited(mine)
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "20"
    assert refused.headers["content-type"] == "application/json"
    assert "at most 3 a minute" in refused.json()["detail"]
    assert refused.headers["x-content-type-options"] == "nosniff"  # the usual headers too
    assert limited(theirs).status_code == 200  # another token has its own bucket

    clock.now += 10
    again = limited(mine)
    assert again.status_code == 429 and again.headers["retry-after"] == "10"
    clock.now += 10  # one request back every 20 s
    assert limited(mine).status_code == 200
    assert limited(mine).status_code == 429
    clock.now += 60  # a quiet minute fills the bucket again
    assert [limited(mine).status_code for _ in range(4)] == [200, 200, 200, 429]


def test_without_a_token_the_client_address_is_limited(limited, world: World) -> None:
    assert [limited().status_code for _ in range(4)] == [401, 401, 401, 429]
    assert limited(world.personas["polis"].token).status_code == 200


def test_a_made_up_token_is_limited_like_any_other(limited) -> None:
    assert [limited("made-up").status_code for _ in range(4)] == [401, 401, 401, 429]


def test_pages_and_the_health_check_are_not_limited(limited) -> None:
    assert all(limited(path="/healthz").status_code == 200 for _ in range(10))


def test_zero_turns_the_limit_off(
    settings: Settings, engine: Engine, session_factory: sessionmaker[Session], world: World
) -> None:
    from samverkan.web.app import create_app

    app = create_app(settings.model_copy(update={"api_rate_per_minute": 0}), engine)
    app.state.sessionmaker = session_factory
    assert not hasattr(app.state, "rate_limiter")
    token = world.personas["polis"].token
    with TestClient(app, base_url="http://testserver") as client:
        codes = {
            client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code
            for _ in range(20)
        }
    assert codes == {200}


def test_settings_default_and_check() -> None:
    s = load_settings(database_url="sqlite://", secret_key=SECRET)
    assert (s.api_rate_per_minute, s.api_rate_burst) == (6000, 0)
    for bad in (-1, "many"):
        with pytest.raises(Exception, match="SAMVERKAN_API_RATE_PER_MINUTE"):
            load_settings(database_url="sqlite://", secret_key=SECRET, api_rate_per_minute=bad)


# --- the bucket itself ------------------------------------------------------------------------


def test_the_default_lets_the_api_benchmark_through_at_any_speed(clock: Clock) -> None:
    """bench_api: 200 + 4 000 reports from one token as fast as they go, then 64 a second."""
    limiter = RateLimiter(6000, 0, clock=clock)
    assert all(limiter.take("t:bench") == 0.0 for _ in range(4200))
    for _ in range(15 * 64):  # the paced phase, 64 a second for 15 s
        clock.now += 1 / 64
        assert limiter.take("t:bench") == 0.0


def test_a_bucket_refills_at_its_rate_up_to_its_burst(clock: Clock) -> None:
    limiter = RateLimiter(60, 5, clock=clock)  # one a second, five at once
    assert [limiter.take("k") for _ in range(5)] == [0.0] * 5
    assert limiter.take("k") == pytest.approx(1.0)
    clock.now += 0.25
    assert limiter.take("k") == pytest.approx(0.75)
    clock.now += 3600
    assert sum(limiter.take("k") == 0.0 for _ in range(10)) == 5


def test_buckets_are_bounded_and_the_least_recently_used_goes(clock: Clock) -> None:
    limiter = RateLimiter(60, 1, clock=clock, max_keys=3)
    for key in ("a", "b", "c"):
        limiter.take(key)
    clock.now += 0.5
    limiter.take("a")  # a is used again: b is now the oldest
    limiter.take("d")
    assert limiter.take("c") > 0  # remembered, and empty
    assert limiter.take("b") == 0.0  # forgotten, so full again


def test_threads_never_get_more_than_the_burst(clock: Clock) -> None:
    limiter = RateLimiter(60, 1000, clock=clock)
    allowed: list[int] = []

    def hammer() -> None:
        allowed.append(sum(limiter.take("shared") == 0.0 for _ in range(500)))

    threads = [threading.Thread(target=hammer) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(allowed) == 1000


def test_per_minute_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        RateLimiter(0)
