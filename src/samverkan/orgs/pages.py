"""Login, logout and the user's own account page."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from samverkan.core.deps import SessionDep, SettingsDep
from samverkan.core.errors import N_, DomainError, Invalid, NotFound
from samverkan.core.links import safe_next
from samverkan.core.templating import render
from samverkan.orgs import queries, service, sessions
from samverkan.orgs.deps import SESSION_COOKIE, CsrfDep, UserDep, WebDep
from samverkan.orgs.policy import Principal
from samverkan.orgs.schemas import PasswordChangeIn

router = APIRouter()


def client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None


@router.get("/login", include_in_schema=False)
def login_page(request: Request, principal: WebDep, next: str = "/") -> Response:
    if principal is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return render(request, "orgs/login.html", {"next": safe_next(next), "email": ""})


@router.post("/login", include_in_schema=False, dependencies=[CsrfDep])
def login_submit(
    request: Request,
    db: SessionDep,
    settings: SettingsDep,
    email: Annotated[str, Form(max_length=320)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    try:
        done = sessions.login(db, settings, email, password, client_ip(request))
    except sessions.LoginThrottled:
        db.commit()
        return render(
            request,
            "orgs/login.html",
            {"next": safe_next(next), "email": email, "error": "throttled"},
            429,
        )
    except sessions.LoginFailed:
        db.commit()
        return render(
            request,
            "orgs/login.html",
            {"next": safe_next(next), "email": email, "error": "failed"},
            401,
        )
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        done.secret,
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
        max_age=settings.session_max_hours * 3600,
        path="/",
    )
    return response


@router.post("/logout", include_in_schema=False, dependencies=[CsrfDep])
def logout(request: Request, db: SessionDep, principal: WebDep) -> Response:
    ws = getattr(request.state, "web_session", None)
    if ws is not None:
        sessions.logout(db, ws, principal)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def _account(
    request: Request, db: Session, principal: Principal, status: int = 200, **extra: Any
) -> Response:
    orgs = {o.id: o for o in queries.visible_orgs(db, principal)}
    roles = sorted(
        (orgs[o].name if o in orgs else str(o), role)
        for o, rs in principal.roles.items()
        for role in rs
    )
    context = {
        "roles": roles,
        "my_orgs": sorted((orgs[o] for o in principal.roles if o in orgs), key=lambda o: o.name),
        "tokens": queries.personal_tokens(db, principal),
        **extra,
    }
    return render(request, "orgs/account.html", context, status)


@router.get("/konto", include_in_schema=False)
def account(request: Request, db: SessionDep, principal: UserDep, saved: int = 0) -> Response:
    return _account(request, db, principal, saved=bool(saved))


@router.post("/konto/nycklar", include_in_schema=False, dependencies=[CsrfDep])
def personal_token_create(
    request: Request,
    db: SessionDep,
    principal: UserDep,
    org_id: Annotated[str, Form(max_length=20)] = "",
    name: Annotated[str, Form(max_length=1024)] = "",
) -> Response:
    """A personal API token: the secret is shown on this page once (never in a URL)."""
    if not org_id.isdigit():
        raise Invalid(N_("choose an organisation"), field="org_id")
    token, secret = service.create_token(
        db, principal, int(org_id), name, user_id=principal.user_id
    )
    return _account(request, db, principal, new_token=token, new_secret=secret)


@router.post("/konto/nycklar/{token_id}/aterkalla", include_in_schema=False, dependencies=[CsrfDep])
def personal_token_revoke(db: SessionDep, principal: UserDep, token_id: int) -> Response:
    """Revoke one of the caller's own personal tokens (an organisation's admin revokes others
    on the organisation's page)."""
    if token_id not in {t.id for t in queries.personal_tokens(db, principal)}:
        raise NotFound(N_("token not found"))
    service.revoke_token(db, principal, token_id)
    return RedirectResponse("/konto#nycklar", status_code=303)


@router.post("/konto/losenord", include_in_schema=False, dependencies=[CsrfDep])
def change_password(
    request: Request,
    db: SessionDep,
    principal: UserDep,
    current: Annotated[str, Form(max_length=1024)] = "",
    new: Annotated[str, Form(max_length=1024)] = "",
    repeat: Annotated[str, Form(max_length=1024)] = "",
) -> Response:
    error: str | None = None
    field: str | None = None
    try:
        data = PasswordChangeIn(current=current, new=new, repeat=repeat)
        ws = request.state.web_session
        service.change_own_password(db, principal, data, current_session_id=ws.id)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = str(err["loc"][0])
        error = "password_rule"
    except DomainError as exc:
        db.commit()  # keep the audit of a failed attempt
        field, error = exc.field, exc.message
    if error:
        return _account(request, db, principal, 422, error=error, error_field=field)
    return RedirectResponse("/konto?saved=1", status_code=303)
