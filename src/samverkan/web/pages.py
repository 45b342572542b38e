"""The start page (the user's areas on a map) and the language switch."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from samverkan.core.deps import SessionDep
from samverkan.core.i18n import LANGUAGES
from samverkan.core.links import safe_next
from samverkan.core.templating import render
from samverkan.geo import queries as geo_queries
from samverkan.geo.schemas import feature_collection
from samverkan.orgs import policy
from samverkan.orgs import queries as org_queries
from samverkan.orgs.deps import LANG_COOKIE, UserDep

router = APIRouter(include_in_schema=False)


@router.get("/")
def start(request: Request, db: SessionDep, p: UserDep) -> Response:
    areas = geo_queries.visible_areas(db, p)
    groups = org_queries.visible_groups(db, p)
    return render(
        request,
        "web/start.html",
        {
            "areas": areas,
            "geojson": feature_collection(areas),
            "groups": groups,
            "can_report": policy.can_report(p),
        },
    )


@router.get("/karta/{z}/{x}/{y}")
def tile(request: Request, z: int, x: int, y: str) -> Response:
    """A basemap tile of ``SAMVERKAN_TILES_FILE`` (``y`` may end in ``.png``); 404 where the
    file has none, or when no file is set. Public, as the map's other static files are."""
    tileset = request.app.state.tiles
    row = y.split(".", 1)[0]
    data = tileset.tile(z, x, int(row)) if tileset is not None and row.isdigit() else None
    if data is None:
        return Response(status_code=404)
    return Response(
        data, media_type=tileset.media_type, headers={"Cache-Control": "public, max-age=86400"}
    )


@router.get("/sprak/{code}")
def switch_language(request: Request, code: str, next: str = "/") -> Response:
    target = safe_next(next)
    response = RedirectResponse(target, status_code=303)
    if code in LANGUAGES:
        response.set_cookie(
            LANG_COOKIE,
            code,
            max_age=365 * 86400,
            samesite="lax",
            httponly=True,
            secure=request.app.state.settings.secure_cookies,
        )
    return response
