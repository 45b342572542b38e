"""Helpers for incident tests: API calls as a persona's token."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session

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
