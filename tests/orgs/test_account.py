"""A user changes their own password; other sessions end."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.orgs.models import WebSession
from samverkan.orgs.security import verify_password
from tests.conftest import PASSWORD, World, login_client


def test_it_changes_the_password_and_ends_other_sessions(world: World, app, db: Session) -> None:
    p = world.personas["rapportor"]
    other, _ = login_client(app, db, p.user)
    db.commit()
    r = p.client.post(
        "/konto/losenord",
        data={
            "csrf_token": p.csrf,
            "current": PASSWORD,
            "new": "ett-nytt-långt-lösen",
            "repeat": "ett-nytt-långt-lösen",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/konto?saved=1"
    assert "Ditt lösenord är bytt" in p.client.get("/konto?saved=1").text
    db.expire_all()
    assert verify_password(p.user.password_hash, "ett-nytt-långt-lösen")
    assert other.get("/", follow_redirects=False).status_code == 303  # logged out
    open_ids = db.scalars(
        select(WebSession.id).where(WebSession.user_id == p.user.id, WebSession.ended_at.is_(None))
    ).all()
    assert len(open_ids) == 1


def test_it_names_what_is_wrong(world: World, db: Session) -> None:
    p = world.personas["rapportor"]
    wrong = p.client.post(
        "/konto/losenord",
        data={
            "csrf_token": p.csrf,
            "current": "inte-rätt-alls",
            "new": "ett-nytt-långt-lösen",
            "repeat": "ett-nytt-långt-lösen",
        },
    )
    assert wrong.status_code == 422 and "det nuvarande lösenordet är fel" in wrong.text
    short = p.client.post(
        "/konto/losenord",
        data={"csrf_token": p.csrf, "current": PASSWORD, "new": "kort", "repeat": "kort"},
    )
    assert short.status_code == 422 and "minst 10 tecken" in short.text
    differ = p.client.post(
        "/konto/losenord",
        data={
            "csrf_token": p.csrf,
            "current": PASSWORD,
            "new": "ett-nytt-långt-lösen",
            "repeat": "ett-annat-långt-lösen",
        },
    )
    assert differ.status_code == 422 and "skiljer sig åt" in differ.text
    db.expire_all()
    assert verify_password(p.user.password_hash, PASSWORD)
