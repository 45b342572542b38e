"""Who is calling: the principal behind a session cookie or an API token, and CSRF checks.

Pages depend on :data:`UserDep` (redirect to the login page when anonymous), the API on
:data:`ApiDep` (401 without a valid token). Forms that change something depend on
:func:`csrf_protect`.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from samverkan.core.db import session_scope, utcnow
from samverkan.core.deps import SessionDep, SettingsDep, writes
from samverkan.core.i18n import pick_language
from samverkan.core.settings import Settings
from samverkan.orgs import queries, sessions
from samverkan.orgs.policy import Principal
from samverkan.orgs.security import csrf_token, same

log = logging.getLogger(__name__)
SESSION_COOKIE = "samverkan_session"
CSRF_COOKIE = "samverkan_csrf"
LANG_COOKIE = "samverkan_lang"


class LoginRequired(Exception):
    """An anonymous browser asked for a page; it is sent to the login page."""


def write_aside(request: Request, session: Session, write: Callable[[Session], object]) -> None:
    """A small write (a session seen, a token used) made by a request that otherwise reads.

    A reading request's transaction must not turn into a writing one (on SQLite that can fail
    with "database is locked"), so the write gets its own short writing transaction; a writing
    request already holds the writer's turn and does it in its own transaction.
    """
    if writes(request):
        write(session)
        return
    try:
        with session_scope(request.app.state.sessionmaker, write=True) as aside:
            write(aside)
    except SQLAlchemyError:  # a bookkeeping write must never fail a read
        log.warning("could not record session/token use", exc_info=True)


def load_web_principal(request: Request, session: Session, settings: Settings) -> Principal | None:
    """Resolve the session cookie once per request and remember what was found."""
    if hasattr(request.state, "principal"):
        return request.state.principal
    principal = None
    request.state.user = None
    request.state.web_session = None
    secret = request.cookies.get(SESSION_COOKIE, "")
    check = sessions.current(session, settings, secret) if secret else sessions.Check(None, None)
    if check.end or check.touch:
        write_aside(request, session, lambda s: sessions.write_back(s, check))
    if check.user is not None and check.web_session is not None:
        ws, user = check.web_session, check.user
        principal = queries.principal_for_user(session, user)
        request.state.user = user
        request.state.web_session = ws
        request.state.csrf_token = csrf_token(settings.secret_key, secret)
    else:
        anon = request.cookies.get(CSRF_COOKIE, "")
        if not anon or len(anon) > 100:
            anon = secrets.token_urlsafe(24)
            request.state.set_csrf_cookie = anon
        request.state.csrf_token = anon
    request.state.principal = principal
    request.state.lang = pick_language(
        request.cookies.get(LANG_COOKIE),
        request.state.user.language if request.state.user else None,
        settings.language,
    )
    return principal


def web_principal(request: Request, session: SessionDep, settings: SettingsDep) -> Principal | None:
    return load_web_principal(request, session, settings)


def require_user(request: Request, session: SessionDep, settings: SettingsDep) -> Principal:
    principal = load_web_principal(request, session, settings)
    if principal is None:
        raise LoginRequired()
    return principal


async def csrf_protect(request: Request, session: SessionDep, settings: SettingsDep) -> None:
    """Refuse a form whose ``csrf_token`` does not match this browser's token (403)."""
    load_web_principal(request, session, settings)
    form = await request.form()
    sent = form.get("csrf_token")
    expected = getattr(request.state, "csrf_token", "")
    if getattr(request.state, "set_csrf_cookie", None) or not isinstance(sent, str) or not expected:
        raise HTTPException(403, "CSRF token missing or invalid; reload the page and try again")
    if not same(sent, expected):
        raise HTTPException(403, "CSRF token missing or invalid; reload the page and try again")


def api_principal(request: Request, session: SessionDep) -> Principal:
    """The principal of the ``Authorization: Bearer <token>`` header; 401 otherwise."""
    header = request.headers.get("authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise HTTPException(401, "missing bearer token", headers={"WWW-Authenticate": "Bearer"})
    found = queries.principal_for_token(session, secret.strip())
    if found is None:
        raise HTTPException(401, "invalid or revoked token", headers={"WWW-Authenticate": "Bearer"})
    principal, token = found
    now = utcnow()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        token_id = token.id
        write_aside(request, session, lambda s: queries.touch_token(s, token_id, now))
    request.state.principal = principal
    # Held for the request so that its organisation, loaded with it, stays in the session's
    # identity map: the answer names the organisation without reading it again.
    request.state.api_token = token
    return principal


WebDep = Annotated[Principal | None, Depends(web_principal)]
UserDep = Annotated[Principal, Depends(require_user)]
ApiDep = Annotated[Principal, Depends(api_principal)]
CsrfDep = Depends(csrf_protect)
