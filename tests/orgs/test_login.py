"""Logging in and out through the real form: CSRF, generic errors, throttling, audit."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.core.models import AuditEvent
from samverkan.orgs.models import WebSession
from tests.conftest import PASSWORD, World


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, "no CSRF token in the form"
    return m.group(1)


def login(client: TestClient, email: str, password: str, next_: str = "/"):
    page = client.get("/login")
    return client.post(
        "/login",
        data={
            "email": email,
            "password": password,
            "next": next_,
            "csrf_token": csrf_of(page.text),
        },
        follow_redirects=False,
    )


def audit(db: Session, subject: str) -> list[tuple[str, str]]:
    db.expire_all()
    rows = db.scalars(
        select(AuditEvent).where(AuditEvent.subject == subject).order_by(AuditEvent.id)
    )
    return [(e.action, e.outcome) for e in rows]


def test_it_logs_in_with_a_fresh_session_and_lands_on_the_start_page(
    world: World, client: TestClient, db: Session
) -> None:
    client.cookies.set("samverkan_session", "planted-by-an-attacker")
    r = login(client, "sara@linkoping.test", PASSWORD)
    assert r.status_code == 303 and r.headers["location"] == "/"
    cookie = r.headers["set-cookie"]
    assert "samverkan_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "planted-by-an-attacker" not in cookie
    start = client.get("/")
    assert start.status_code == 200
    assert "Välkommen, Sara" in start.text and "Skäggetorp" in start.text
    assert audit(db, "sara@linkoping.test")[-1] == ("login", "ok")


def test_a_wrong_password_gets_a_generic_message_and_is_audited(
    world: World, client: TestClient, db: Session
) -> None:
    r = login(client, "sara@linkoping.test", "fel-lösenord-1")
    unknown = login(client, "nobody@linkoping.test", "fel-lösenord-1")
    assert r.status_code == unknown.status_code == 401
    assert "Fel e-post eller lösenord." in r.text and "Fel e-post eller lösenord." in unknown.text
    assert "samverkan_session" not in r.headers.get("set-cookie", "")
    assert audit(db, "sara@linkoping.test") == [("login", "failed")]
    assert audit(db, "nobody@linkoping.test") == [("login", "failed")]


def test_it_throttles_after_five_failures_even_with_the_right_password(
    world: World, client: TestClient, db: Session
) -> None:
    for _ in range(5):
        assert login(client, "tove@stangastaden.test", "gissning-123").status_code == 401
    r = login(client, "tove@stangastaden.test", PASSWORD)
    assert r.status_code == 429
    assert "För många misslyckade försök" in r.text
    assert audit(db, "tove@stangastaden.test")[-1] == ("login", "throttled")
    # Another account is not affected.
    assert login(client, "petra@polisen.test", PASSWORD).status_code == 303


def test_a_form_without_the_csrf_token_is_refused(world: World, client: TestClient) -> None:
    client.get("/login")
    r = client.post(
        "/login",
        data={"email": "sara@linkoping.test", "password": PASSWORD},
        follow_redirects=False,
    )
    assert r.status_code == 403
    assert "samverkan_session" not in r.headers.get("set-cookie", "")
    r = client.post(
        "/login",
        data={"email": "sara@linkoping.test", "password": PASSWORD, "csrf_token": "guess"},
        follow_redirects=False,
    )
    assert r.status_code == 403


def test_a_disabled_user_cannot_log_in(world: World, client: TestClient, db: Session) -> None:
    user = world.personas["forening"].user
    user.is_active = False
    db.commit()
    assert login(client, user.email, PASSWORD).status_code == 401


def test_logout_ends_the_session_on_the_server(world: World, db: Session) -> None:
    p = world.personas["rapportor"]
    assert p.client.get("/", follow_redirects=False).status_code == 200
    r = p.client.post("/logout", data={"csrf_token": p.csrf}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"
    db.expire_all()
    open_sessions = db.scalars(
        select(WebSession).where(WebSession.user_id == p.user.id, WebSession.ended_at.is_(None))
    ).all()
    assert open_sessions == []


def test_after_login_it_follows_next_but_only_to_local_paths(
    world: World, client: TestClient
) -> None:
    r = login(client, "sara@linkoping.test", PASSWORD, next_="/stadsdelar")
    assert r.headers["location"] == "/stadsdelar"
    client.cookies.clear()
    r = login(client, "sara@linkoping.test", PASSWORD, next_="https://evil.example/")
    assert r.headers["location"] == "/"
    client.cookies.clear()
    r = login(client, "sara@linkoping.test", PASSWORD, next_="//evil.example/")
    assert r.headers["location"] == "/"


def test_anonymous_pages_redirect_to_login_with_next(client: TestClient) -> None:
    r = client.get("/stadsdelar", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/stadsdelar"
