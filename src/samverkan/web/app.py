"""The application: every domain (from the composition root), static files, security headers,
error pages."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import xstatic.pkg.leaflet as xleaflet
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from sqlalchemy.exc import DataError
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from samverkan import __version__, domains
from samverkan.core import audit, crypto, retention
from samverkan.core.db import make_engine, make_sessionmaker, session_scope
from samverkan.core.errors import N_, DomainError
from samverkan.core.i18n import translations
from samverkan.core.ratelimit import RateLimit, RateLimiter
from samverkan.core.settings import Settings, SettingsError
from samverkan.core.templating import render
from samverkan.core.validation import readable
from samverkan.orgs.deps import CSRF_COOKIE, LoginRequired
from samverkan.web import tiles

log = logging.getLogger(__name__)
STATIC = Path(__file__).with_name("static")


def content_security_policy(settings: Settings) -> str:
    """No inline script, no framing; images from the configured tile server if any."""
    img = "'self' data:"
    if settings.tile_url:
        parts = urlsplit(settings.tile_url.replace("{s}", "a"))
        host = parts.netloc.replace("a.", "*.", 1) if "{s}" in settings.tile_url else parts.netloc
        img += f" {parts.scheme}://{host}"
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        f"img-src {img}; connect-src 'self'; font-src 'self'; object-src 'none'; "
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )


MAX_BODY_BYTES = 16 * 1024 * 1024


class SecurityHeaders:
    """Security headers on every response, and the anonymous CSRF cookie when one was made.

    A plain ASGI middleware (not ``BaseHTTPMiddleware``): it only edits the headers of the
    ``http.response.start`` message and passes everything else through untouched. The routes
    leave the anonymous CSRF cookie in ``request.state``, which is ``scope["state"]``.
    """

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.csp = content_security_policy(settings)
        self.secure = settings.secure_cookies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = next((v for k, v in scope["headers"] if k == b"content-length"), b"")
        if length.isdigit() and int(length) > MAX_BODY_BYTES:
            too_big = JSONResponse(
                {
                    "detail": f"request body of {int(length)} bytes is over the limit of "
                    f"{MAX_BODY_BYTES} bytes"
                },
                status_code=413,
            )
            await too_big(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        static = scope["path"].startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                h = MutableHeaders(scope=message)
                h.setdefault("Content-Security-Policy", self.csp)
                h["X-Content-Type-Options"] = "nosniff"
                h["X-Frame-Options"] = "DENY"
                h["Referrer-Policy"] = "same-origin"
                h["Permissions-Policy"] = "geolocation=(self), camera=(), microphone=()"
                if self.secure:
                    h["Strict-Transport-Security"] = "max-age=31536000"
                if not static:
                    h.setdefault("Cache-Control", "no-store")
                anon = state.get("set_csrf_cookie")
                if anon:
                    cookie = Response()
                    cookie.set_cookie(
                        CSRF_COOKIE,
                        anon,
                        httponly=True,
                        samesite="lax",
                        secure=self.secure,
                        path="/",
                    )
                    h.raw.extend(kv for kv in cookie.raw_headers if kv[0] == b"set-cookie")
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith(("/api/", "/open311/", "/healthz")) or path == "/openapi.json"


def _audit_denied(request: Request, status: int) -> None:
    """Record a refused request of a known caller (403, or 404 from the policy)."""
    principal = getattr(request.state, "principal", None)
    if principal is None or status not in (403, 404):
        return
    try:
        with session_scope(request.app.state.sessionmaker, write=True) as s:
            audit.record(
                s,
                "access.denied",
                actor=principal,
                outcome="denied",
                object_type="route",
                object_id=f"{request.method} {request.url.path}"[:64],
                ip=request.client.host if request.client else None,
                detail={"status": status},
            )
    except Exception:  # auditing must not turn a 403 into a 500
        log.exception("could not audit a denied request")


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(
            f"/login?next={target}" if target != "/" else "/login", status_code=303
        )

    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> Response:
        _audit_denied(request, exc.status)
        if _wants_json(request):
            body: dict[str, object] = {"detail": exc.text()}
            if exc.field:
                body["field"] = exc.field
            return JSONResponse(body, status_code=exc.status)
        return _error_page(request, exc.status, exc.message, exc.params)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        if exc.status_code == 403:
            _audit_denied(request, 403)
        if _wants_json(request):
            return JSONResponse(
                {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
            )
        return _error_page(request, exc.status_code, None, {})

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = [
            {
                "field": ".".join(str(p) for p in e["loc"][1:]) or str(e["loc"][0]),
                "message": str(e["msg"]),
                "type": e["type"],
            }
            for e in exc.errors()
        ]
        if _wants_json(request):
            return JSONResponse({"detail": errors}, status_code=422)
        gettext = translations(getattr(request.state, "lang", "sv")).gettext
        return _error_page(request, 422, None, {}, readable(exc.errors(), gettext))

    @app.exception_handler(OverflowError)
    @app.exception_handler(DataError)
    async def _unstorable(request: Request, exc: Exception) -> Response:
        # a value the database cannot take (a number past its integers, a NUL character in
        # PostgreSQL text): the caller's mistake, not a server error
        log.warning(
            "refused a value the database cannot take on %s %s: %s",
            request.method,
            request.url.path,
            exc.__class__.__name__,
        )
        message = N_("a value in the request is out of range or contains a character not allowed")
        if _wants_json(request):
            return JSONResponse({"detail": message}, status_code=422)
        return _error_page(request, 422, message, {})

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        if _wants_json(request):
            return JSONResponse({"detail": "internal error; it has been logged"}, status_code=500)
        return _error_page(request, 500, None, {})


def _error_page(
    request: Request,
    status: int,
    message: str | None,
    params: dict[str, object],
    errors: list[dict[str, str]] | None = None,
) -> Response:
    try:
        return render(
            request,
            "web/error.html",
            {
                "status": status,
                "message": message,
                "params": params,
                "errors": errors or [],
                "back": _back(request),
            },
            status,
        )
    except Exception:  # the error page itself must never fail
        log.exception("error page failed")
        return Response(f"{status}", status_code=status, media_type="text/plain")


def _back(request: Request) -> str | None:
    """The page the refused form was on (same site only), for a way back to it."""
    referer = request.headers.get("referer", "")
    if not referer:
        return None
    try:
        url = urlsplit(referer)
    except ValueError:
        return None
    if url.netloc != request.url.netloc or url.path == request.url.path or not url.path:
        return None
    return url.path + (f"?{url.query}" if url.query else "")


ERROR_SCHEMAS: dict[str, Any] = {
    # what the error handlers above answer, in place of FastAPI's default shapes
    "ValidationError": {
        "title": "ValidationError",
        "type": "object",
        "required": ["field", "message", "type"],
        "properties": {
            "field": {"type": "string"},
            "message": {"type": "string"},
            "type": {"type": "string"},
        },
    },
    "HTTPValidationError": {
        "title": "HTTPValidationError",
        "type": "object",
        "required": ["detail"],
        "properties": {
            "detail": {
                "anyOf": [
                    {"type": "array", "items": {"$ref": "#/components/schemas/ValidationError"}},
                    {"type": "string"},
                ]
            },
            "field": {"type": "string"},
        },
    },
    "Error": {
        "title": "Error",
        "type": "object",
        "required": ["detail"],
        "properties": {"detail": {"type": "string"}, "field": {"type": "string"}},
    },
}


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document with the errors as this app answers them: the 422 body of the error
    handlers, and on ``/api/v1`` the Bearer token with its 401 and the rate limit's 429."""
    if app.openapi_schema is not None:
        return app.openapi_schema
    doc = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    components = doc.setdefault("components", {})
    components.setdefault("schemas", {}).update(ERROR_SCHEMAS)
    components["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, operations in doc.get("paths", {}).items():
        if not path.startswith("/api/v1/"):
            continue
        for op in operations.values():
            op["security"] = [{"bearer": []}]
            op["responses"].setdefault(
                "401", {"description": "missing, invalid or revoked token", "content": error}
            )
            op["responses"].setdefault(
                "429", {"description": "too many requests; see Retry-After", "content": error}
            )
    app.openapi_schema = doc
    return doc


def create_app(settings: Settings, engine: Engine | None = None) -> FastAPI:
    """Build the application for ``settings`` (an engine may be handed in by tests)."""
    domains.wire()
    retention.periods()  # a bad retention setting stops the server at start, naming it
    crypto.configure(crypto.KeyRing.from_settings(settings))  # personal data at rest
    app = FastAPI(
        title="samverkan",
        version=__version__,
        description="EST — Effektiv samordning för trygghet. JSON API (Bearer token).",
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.tiles = None
    if settings.tiles_file:
        try:  # a file that is not MBTiles stops the server at start, naming it
            app.state.tiles = tiles.TileSet.open(settings.tiles_file)
        except tiles.NotMBTiles as exc:
            raise SettingsError(f"SAMVERKAN_TILES_FILE: {exc}") from None
    app.state.engine = engine or make_engine(settings.database_url)
    app.state.sessionmaker = make_sessionmaker(app.state.engine)
    if settings.api_rate_per_minute:
        app.state.rate_limiter = RateLimiter(settings.api_rate_per_minute, settings.api_rate_burst)
        app.add_middleware(RateLimit, limiter=app.state.rate_limiter)  # inside SecurityHeaders
    app.add_middleware(SecurityHeaders, settings=settings)
    _install_error_handlers(app)
    app.mount("/static/leaflet", StaticFiles(directory=xleaflet.BASE_DIR), name="leaflet")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    domains.include_routers(app)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app
