"""Rate limits on the JSON API: a token bucket per API token, or per client address.

Each caller has a bucket holding up to ``burst`` requests that refills at ``per_minute / 60``
a second; a request takes one, and when none is left it is answered 429 with ``Retry-After``
(whole seconds until one is back). All in memory of the one process, O(1) per request, no
database: the bucket of a token is found by a digest of the secret the caller sent, before the
token is checked. Requests without a token count against their client address (behind a proxy
every anonymous caller shares the proxy's). What this is for: one caller overusing its token,
and floods without one. A made-up token gets a bucket of its own (and a 401 after one indexed
lookup); a flood from many tokens or addresses is for the firewall or the reverse proxy.

Settings: ``SAMVERKAN_API_RATE_PER_MINUTE`` (0 = no limit) and ``SAMVERKAN_API_RATE_BURST``
(0 = a minute's worth).
"""

from __future__ import annotations

import hashlib
import json
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from starlette.types import ASGIApp, Receive, Scope, Send

MAX_KEYS = 50_000  # buckets kept; the least recently used goes first (it is the fullest anyway)


class RateLimiter:
    """Token buckets by key (thread-safe). ``clock`` gives seconds; tests hand in their own."""

    def __init__(
        self,
        per_minute: int,
        burst: int = 0,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = MAX_KEYS,
    ) -> None:
        if per_minute <= 0:
            raise ValueError("per_minute must be positive")
        self.per_minute = per_minute
        self.rate = per_minute / 60.0  # requests a second
        self.capacity = float(burst or per_minute)
        self.clock = clock
        self.max_keys = max_keys
        self._buckets: OrderedDict[str, list[float]] = OrderedDict()  # key → [left, when]
        self._lock = threading.Lock()

    def _bucket(self, key: str, now: float) -> list[float]:
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= self.max_keys:
                self._buckets.popitem(last=False)
            bucket = self._buckets[key] = [self.capacity, now]
        else:
            self._buckets.move_to_end(key)
            bucket[0] = min(self.capacity, bucket[0] + (now - bucket[1]) * self.rate)
            bucket[1] = now
        return bucket

    def take(self, key: str) -> float:
        """Take one request from ``key``'s bucket: 0.0 when there was one, else the seconds
        until there will be (nothing is taken then)."""
        with self._lock:
            bucket = self._bucket(key, self.clock())
            if bucket[0] >= 1.0:
                bucket[0] -= 1.0
                return 0.0
            return (1.0 - bucket[0]) / self.rate


def _token(scope: Scope) -> bytes:
    """The secret the caller sent: a Bearer header, or ``?token=`` (calendar programs)."""
    for name, value in scope["headers"]:
        if name == b"authorization":
            scheme, _, secret = value.partition(b" ")
            if scheme.lower() == b"bearer" and secret.strip():
                return secret.strip()
            break
    query: bytes = scope.get("query_string", b"")
    if b"token=" in query:
        for part in query.split(b"&"):
            if part.startswith(b"token=") and len(part) > 6:
                return part[6:]
    return b""


class RateLimit:
    """ASGI middleware applying ``limiter`` to the paths under ``prefix`` (see the module)."""

    def __init__(self, app: ASGIApp, limiter: RateLimiter, prefix: str = "/api/v1/") -> None:
        self.app = app
        self.limiter = limiter
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefix):
            await self.app(scope, receive, send)
            return
        secret = _token(scope)
        if secret:
            key = "t:" + hashlib.blake2b(secret, digest_size=16).hexdigest()
        else:
            client = scope.get("client")
            key = "a:" + (client[0] if client else "?")
        wait = self.limiter.take(key)
        if wait:
            await self._refuse(wait, send)
            return
        await self.app(scope, receive, send)

    async def _refuse(self, wait: float, send: Send) -> None:
        seconds = max(1, math.ceil(wait))
        body = json.dumps(
            {
                "detail": f"too many requests: at most {self.limiter.per_minute} a minute; "
                f"try again in {seconds} s"
            }
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 429,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"retry-after", str(seconds).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
