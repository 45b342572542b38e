"""Hardening promised in docs/security.md that no other test shows: session timeouts, cookie
flags over HTTPS, the session id kept only as a digest, reuse of an ended session, input that
tries to set what the caller may not (mass assignment), the audit of an export, and the
limit on the size of a request."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from samverkan.core.db import utcnow
from samverkan.core.models import AuditEvent
from samverkan.core.settings import Settings
from samverkan.incidents.models import Incident
from samverkan.orgs import sessions
from samverkan.orgs.models import User, WebSession
from samverkan.orgs.security import digest
from tests.conftest import PASSWORD, World, login_client
from tests.incidents.conftest import report
from tests.orgs.test_login import login

# --- sessions --------------------------------------------------------------------------------


def _session_of(db: Session, user: User) -> WebSession:
    db.expire_all()
    return db.scalars(
        select(WebSession).where(WebSession.user_id == user.id).order_by(WebSession.id.desc())
    ).first()


def _ended(db: Session, settings: Settings, client: TestClient) -> bool:
    """The server ends the session (the request writes that aside, in a transaction of its
    own, which the test's shared connection cannot show: asked directly here)."""
    check = sessions.current(db, settings, client.cookies["samverkan_session"])
    return check.end and check.user is None


def test_an_idle_session_ends(world: World, app, db: Session, settings: Settings) -> None:
    user = world.personas["rapportor"].user
    client, _ = login_client(app, db, user)
    ws = _session_of(db, user)
    almost = utcnow() - timedelta(minutes=settings.session_idle_minutes - 1)
    db.execute(update(WebSession).where(WebSession.id == ws.id).values(last_seen_at=almost))
    db.commit()
    assert client.get("/", follow_redirects=False).status_code == 200
    idle = utcnow() - timedelta(minutes=settings.session_idle_minutes + 1)
    db.execute(update(WebSession).where(WebSession.id == ws.id).values(last_seen_at=idle))
    db.commit()
    r = client.get("/", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"
    assert _ended(db, settings, client)


def test_a_session_ends_after_its_absolute_lifetime_however_busy(
    world: World, app, db: Session, settings: Settings
) -> None:
    user = world.personas["rapportor"].user
    client, _ = login_client(app, db, user)
    ws = _session_of(db, user)
    born = utcnow() - timedelta(hours=settings.session_max_hours, minutes=1)
    db.execute(
        update(WebSession)
        .where(WebSession.id == ws.id)
        .values(created_at=born, last_seen_at=utcnow())
    )
    db.commit()
    assert client.get("/", follow_redirects=False).status_code == 303
    assert _ended(db, settings, client)


def test_the_server_keeps_only_a_digest_of_the_session_id(
    world: World, client: TestClient, db: Session
) -> None:
    r = login(client, "sara@linkoping.test", PASSWORD)
    secret = client.cookies["samverkan_session"]
    assert r.status_code == 303 and len(secret) >= 40
    ws = _session_of(db, world.personas["samordnare"].user)
    assert ws.id_hash == digest(secret) and secret not in ws.id_hash


def test_a_logged_out_cookie_cannot_be_used_again(world: World, db: Session) -> None:
    p = world.personas["rapportor"]
    secret = p.client.cookies["samverkan_session"]
    p.client.post("/logout", data={"csrf_token": p.csrf}, follow_redirects=False)
    replay = TestClient(p.client.app, base_url="http://testserver")
    replay.cookies.set("samverkan_session", secret)
    assert replay.get("/", follow_redirects=False).status_code == 303


def test_a_bearer_token_opens_no_page(world: World) -> None:
    anon = world.personas["anonymous"].client
    token = world.personas["polis"].token
    r = anon.get("/", headers={"Authorization": f"Bearer {token}"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"


# --- cookies over HTTPS ----------------------------------------------------------------------


def _https_app(settings: Settings, engine: Engine, session_factory: sessionmaker[Session]):
    from samverkan.web.app import create_app

    app = create_app(settings.model_copy(update={"base_url": "https://samverkan.example"}), engine)
    app.state.sessionmaker = session_factory
    return app


def test_cookies_are_secure_and_hsts_is_sent_when_served_over_https(
    world: World, settings: Settings, engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    app = _https_app(settings, engine, session_factory)
    with TestClient(app, base_url="https://testserver") as client:
        page = client.get("/login")
        assert page.headers["strict-transport-security"].startswith("max-age=")
        csrf_cookie = page.headers["set-cookie"]
        assert "samverkan_csrf=" in csrf_cookie and "Secure" in csrf_cookie
        r = login(client, "sara@linkoping.test", PASSWORD)
        cookie = r.headers["set-cookie"]
        assert r.status_code == 303 and "samverkan_session=" in cookie
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie


def test_over_plain_http_no_hsts(world: World, client: TestClient) -> None:
    page = client.get("/login")
    assert "strict-transport-security" not in page.headers


# --- mass assignment -------------------------------------------------------------------------


def _as_reporter(world: World, method: str, url: str, **kw: object):
    """A call with Stångåstaden's API token (the rapportör's organisation)."""
    token = world.personas["rapportor"].token
    client = world.personas["anonymous"].client
    return client.request(method, url, headers={"Authorization": f"Bearer {token}"}, **kw)


def _stored(db: Session) -> int:
    db.expire_all()
    return db.scalar(select(func.count(Incident.id))) or 0


def test_a_report_cannot_name_its_organisation_reporter_or_status(
    world: World, db: Session
) -> None:
    before = _stored(db)
    for field, value in [
        ("org_id", world.ids["norrkoping_org"]),
        ("reporter_user_id", world.ids["samordnare_user"]),
        ("status", "granskad"),
        ("source", "polisen"),
        ("id", 1),
        ("redacted_count", 0),
    ]:
        r = _as_reporter(world, "POST", "/api/v1/incidents", json=report(**{field: value}))
        assert r.status_code == 422, (field, r.text)
        assert r.json()["detail"][0]["field"] == field
        assert r.json()["detail"][0]["type"] == "extra_forbidden"
    assert _stored(db) == before


def test_a_change_cannot_move_a_report_to_another_organisation(world: World, db: Session) -> None:
    created = _as_reporter(world, "POST", "/api/v1/incidents", json=report())
    assert created.status_code == 201
    incident_id = created.json()["id"]
    for field, value in [("org_id", world.ids["norrkoping_org"]), ("source", "open311")]:
        r = _as_reporter(world, "PATCH", f"/api/v1/incidents/{incident_id}", json={field: value})
        assert r.status_code == 422 and r.json()["detail"][0]["field"] == field
    db.expire_all()
    inc = db.get(Incident, incident_id)
    assert inc is not None and inc.org_id == world.ids["bolag_org"] and inc.source == "api"


def test_a_change_cannot_empty_what_a_report_must_have(world: World, db: Session) -> None:
    """``null`` for a field that cannot be empty is refused by name (it was a 500)."""
    incident_id = _as_reporter(world, "POST", "/api/v1/incidents", json=report()).json()["id"]
    for field in ("category", "occurred_at", "severity", "suspected", "visibility"):
        r = _as_reporter(world, "PATCH", f"/api/v1/incidents/{incident_id}", json={field: None})
        assert r.status_code == 422, (field, r.text)
        assert r.json()["detail"][0]["field"] == field
    url = f"/api/v1/incidents/{incident_id}"
    ok = _as_reporter(world, "PATCH", url, json={"people_count": None})
    assert ok.status_code == 200


def test_an_admin_form_cannot_make_a_platform_administrator(world: World, db: Session) -> None:
    p = world.personas["samordnare"]
    r = p.client.post(
        "/admin/anvandare",
        data={
            "csrf_token": p.csrf,
            "email": "ny@linkoping.test",
            "display_name": "Ny Person",
            "password": "ett-långt-lösenord",
            "org_id": str(world.ids["kommun_org"]),
            "role": "lasare",
            "is_superadmin": "1",
            "is_active": "1",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    db.expire_all()
    user = db.scalars(select(User).where(User.email == "ny@linkoping.test")).one()
    assert user.is_superadmin is False
    assert {m.role for m in user.memberships} == {"lasare"}


def test_an_admin_cannot_give_themselves_a_role_in_another_organisation(
    world: World, db: Session
) -> None:
    """The org admin of Linköpings kommun tries to join the police as samordnare."""
    p = world.personas["samordnare"]
    r = p.client.post(
        f"/admin/anvandare/{p.user.id}/roller",
        data={"csrf_token": p.csrf, "org_id": str(world.ids["polis_org"]), "role": "samordnare"},
    )
    assert r.status_code in (403, 404, 422)
    db.expire_all()
    orgs = {m.org_id for m in db.get(User, p.user.id).memberships}
    assert orgs == {world.ids["kommun_org"]}


def test_a_user_cannot_change_their_own_account_beyond_the_password(
    world: World, db: Session
) -> None:
    p = world.personas["rapportor"]
    r = p.client.post(
        "/konto/losenord",
        data={
            "csrf_token": p.csrf,
            "current": PASSWORD,
            "new": "ett-nytt-långt-lösen",
            "repeat": "ett-nytt-långt-lösen",
            "is_superadmin": "1",
            "email": "annan@example.test",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    db.expire_all()
    user = db.get(User, p.user.id)
    assert user.is_superadmin is False and user.email == "tove@stangastaden.test"


# --- audit of sensitive reads ----------------------------------------------------------------


def test_an_export_of_incidents_is_audited_with_who_and_what(world: World, db: Session) -> None:
    p = world.personas["samordnare"]
    r = p.client.get("/handelser/export.csv?category=klotter")
    assert r.status_code == 200
    db.expire_all()
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "incidents.export")).one()
    assert event.user_id == p.user.id and event.org_id == world.ids["kommun_org"]
    assert event.detail is not None and event.detail["filters"]["category"] == "klotter"
    refused = world.personas["rapportor"].client.get("/handelser/export.csv")
    assert refused.status_code == 403
    db.expire_all()
    denied = db.scalars(select(AuditEvent).where(AuditEvent.action == "access.denied")).all()
    assert [e.user_id for e in denied] == [world.personas["rapportor"].user.id]


def test_a_body_over_16_mib_is_refused_before_it_is_read(world: World) -> None:
    from samverkan.web.app import MAX_BODY_BYTES

    token = world.personas["rapportor"].token
    r = world.personas["anonymous"].client.post(
        "/api/v1/incidents",
        content=b" " * (MAX_BODY_BYTES + 1),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    assert r.status_code == 413 and "over the limit" in r.json()["detail"]
