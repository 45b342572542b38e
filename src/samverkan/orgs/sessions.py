"""Logging in and out: web sessions with idle and absolute timeouts, throttled failures."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from samverkan.core import audit
from samverkan.core.db import utcnow
from samverkan.core.settings import Settings
from samverkan.orgs import queries
from samverkan.orgs.models import User, WebSession
from samverkan.orgs.security import burn_time, digest, verify_password

TOUCH_EVERY = timedelta(seconds=60)


class LoginFailed(Exception):
    """Wrong e-mail or password, or a disabled account (the caller is not told which)."""


class LoginThrottled(LoginFailed):
    """Too many failures for this e-mail lately; try again later."""


@dataclass
class Login:
    user: User
    web_session: WebSession
    secret: str


def login(session: Session, settings: Settings, email: str, password: str, ip: str | None) -> Login:
    """Check the credentials and open a new session (a fresh id at every login)."""
    email = email.strip().lower()[:320]
    since = utcnow() - timedelta(minutes=settings.login_lockout_minutes)
    if queries.recent_login_failures(session, email, since) >= settings.login_max_failures:
        burn_time(password)
        audit.record(session, "login", subject=email, outcome="throttled", ip=ip)
        raise LoginThrottled(email)
    user = queries.user_by_email(session, email)
    if user is None:
        burn_time(password)
        ok = False
    else:
        ok = verify_password(user.password_hash, password) and user.is_active
    if not ok or user is None:
        audit.record(
            session,
            "login",
            subject=email,
            outcome="failed",
            ip=ip,
            user_id=user.id if user else None,
            org_id=queries.primary_org_id(session, user.id) if user else None,
            detail={"reason": "unknown" if user is None else "password_or_disabled"},
        )
        raise LoginFailed(email)
    secret = secrets.token_urlsafe(32)
    ws = WebSession(id_hash=digest(secret), user_id=user.id, ip=ip)
    session.add(ws)
    session.flush()
    audit.record(
        session,
        "login",
        subject=email,
        ip=ip,
        user_id=user.id,
        org_id=queries.primary_org_id(session, user.id),
        object_type="user",
        object_id=user.id,
        detail={"session": ws.id},
    )
    return Login(user=user, web_session=ws, secret=secret)


@dataclass
class Check:
    """What a cookie is worth: the open session and its user, or nothing; and what to write
    back (end an expired session, or note that it was seen), which the caller does."""

    web_session: WebSession | None
    user: User | None
    end: bool = False
    touch: bool = False


def current(session: Session, settings: Settings, secret: str) -> Check:
    """Check a session cookie without writing anything (reads stay read-only)."""
    if not secret or len(secret) > 200:
        return Check(None, None)
    ws = session.scalar(select(WebSession).where(WebSession.id_hash == digest(secret)))
    if ws is None or ws.ended_at is not None:
        return Check(None, None)
    now = utcnow()
    idle = now - ws.last_seen_at > timedelta(minutes=settings.session_idle_minutes)
    too_old = now - ws.created_at > timedelta(hours=settings.session_max_hours)
    user = session.get(User, ws.user_id)
    if idle or too_old or user is None or not user.is_active:
        return Check(ws, None, end=True)
    return Check(ws, user, touch=now - ws.last_seen_at > TOUCH_EVERY)


def write_back(session: Session, check: Check) -> None:
    """End an expired session or record that it was seen (in a writing transaction)."""
    if check.web_session is None or not (check.end or check.touch):
        return
    column = "ended_at" if check.end else "last_seen_at"
    session.execute(
        update(WebSession).where(WebSession.id == check.web_session.id).values({column: utcnow()})
    )


def logout(session: Session, ws: WebSession, actor: audit.Actor | None) -> None:
    ws.ended_at = utcnow()
    audit.record(session, "logout", actor=actor, object_type="user", object_id=ws.user_id)
