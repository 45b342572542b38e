"""The health check answers for the process and the database."""

from __future__ import annotations

from fastapi.testclient import TestClient

from samverkan.core.db import make_engine
from samverkan.core.settings import load_settings
from samverkan.web.app import create_app


def test_it_reports_ok(client: TestClient) -> None:
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "database": "ok"}


def test_it_answers_503_when_the_database_is_away() -> None:
    settings = load_settings(database_url="postgresql://x:y@127.0.0.1:1/none", secret_key="k" * 40)
    app = create_app(settings, make_engine(settings.database_url, pool_pre_ping=False))
    with TestClient(app) as c:
        r = c.get("/healthz")
    assert r.status_code == 503
    assert r.json() == {"status": "error", "database": "unreachable"}
