"""The employer network's page for the owning organisation's case workers and coaches
(``/sysselsattning/arbetsgivare``): the employers (contractors and others) with their contacts
and open openings, the openings with their SSYK 2012 occupation, start, place and places taken,
adding an employer or an opening, changing an employer's contact, and closing or reopening an
opening. Matching the openings is on :mod:`.match_pages`.

The network holds no resident's personal data (an employer's contact is a business contact);
what the caller may not see is 404. Thin: parse → :mod:`.network` → render."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError
from sqlalchemy.orm import Session

from samverkan.core.deps import SessionDep
from samverkan.core.errors import N_, DomainError, NotFound
from samverkan.core.templating import render
from samverkan.employment import network, ssyk
from samverkan.employment.models import EMPLOYER_KINDS, OPENING_STATUSES
from samverkan.employment.network_schemas import EmployerIn, OpeningIn
from samverkan.employment.page_forms import occupation_code
from samverkan.employment.page_kit import errors, form, org_of, status_of, use, words
from samverkan.geo import queries as geo_queries
from samverkan.orgs.deps import CsrfDep, UserDep
from samverkan.orgs.policy import Principal

router = APIRouter(prefix="/sysselsattning", include_in_schema=False)

OPENING_STATUS_LABELS = {
    "open": N_("open"),
    "filled": N_("filled"),
    "closed": N_("closed"),
}
EMPLOYER_FIELDS = (
    "name",
    "kind",
    "orgnr",
    "contact_name",
    "contact_phone",
    "contact_email",
    "note",
)


def _page(request: Request, db: Session, p: Principal, org_id: int, **extra: Any) -> HTMLResponse:
    status_code = extra.pop("status", 200)
    found = network.employers(db, p, org_id)
    counts = network.opening_counts(db, [x.id for x in found])
    openings = network.openings(db, p, org_id=org_id)
    held = network.taken(db, [o.id for o in openings])
    areas = {a.id: a for a in geo_queries.visible_areas(db, p)}
    ctx = {
        "org_id": org_id,
        "employers": [(x, counts.get(x.id, 0)) for x in found],
        "openings": [(o, held.get(o.id, 0), ssyk.name(o.ssyk) or "") for o in openings],
        "areas": areas,
        "districts": [a for a in areas.values() if a.kind in ("stadsdel", "delomrade")],
        "kinds": EMPLOYER_KINDS,
        "statuses": OPENING_STATUSES,
        "units": ssyk.units(),
        "form": {},
        "form_kind": "",
        **extra,
    }
    return render(request, "employment/network.html", ctx, status_code)


def _back(org_id: int, anchor: str) -> RedirectResponse:
    return RedirectResponse(f"/sysselsattning/arbetsgivare?org={org_id}#{anchor}", status_code=303)


def _refused(
    request: Request,
    db: Session,
    p: Principal,
    org_id: int,
    exc: ValidationError | DomainError,
    f: dict[str, str],
    kind: str,
) -> HTMLResponse:
    """The page again with the refusal named by field and the form as it was sent."""
    return _page(
        request,
        db,
        p,
        org_id,
        errors=errors(request, exc),
        form=f,
        form_kind=kind,
        status=status_of(exc),
    )


def _employer_in(f: dict[str, str]) -> dict[str, Any]:
    return {k: f.get(k) or None for k in EMPLOYER_FIELDS} | {
        "name": f.get("name", ""),
        "kind": f.get("kind", ""),
    }


def _opening_in(f: dict[str, str]) -> dict[str, Any]:
    return {
        "employer_id": f.get("employer_id", ""),
        "title": f.get("title", ""),
        "ssyk": occupation_code(f.get("ssyk", "")),
        "skills": words(f.get("skills", "")),
        "languages": [w.lower() for w in words(f.get("languages", ""))],
        "licence": f.get("licence") == "ja",
        "start_on": f.get("start_on", ""),
        "district_id": f.get("district_id") or None,
        "places": f.get("places") or 1,
    }


@router.get("/arbetsgivare", response_class=HTMLResponse)
def network_page(request: Request, db: SessionDep, p: UserDep, org: str = "") -> HTMLResponse:
    use(p)
    return _page(request, db, p, org_of(p, org))


@router.post("/arbetsgivare", dependencies=[CsrfDep])
async def add_employer(request: Request, db: SessionDep, p: UserDep) -> Response:
    use(p)
    f = await form(request)
    org_id = org_of(p, f.get("org"))
    try:
        x = network.create_employer(db, p, EmployerIn(**_employer_in(f)), org_id)
    except (ValidationError, DomainError) as exc:
        return _refused(request, db, p, org_id, exc, f, "employer")
    return _back(org_id, f"arbetsgivare-{x.id}")


@router.post("/arbetsgivare/{employer_id}", dependencies=[CsrfDep])
async def change_employer(
    request: Request, db: SessionDep, p: UserDep, employer_id: int
) -> Response:
    """A new contact (or name, kind, note) for an employer: the record checked again whole."""
    use(p)
    found = network.employer(db, p, employer_id)
    if found is None:
        raise NotFound(N_("employer %(id)s not found"), id=employer_id)
    f = await form(request)
    try:
        network.update_employer(db, p, found.id, _employer_in(f))
    except (ValidationError, DomainError) as exc:
        return _refused(request, db, p, found.org_id, exc, f, f"employer-{found.id}")
    return _back(found.org_id, f"arbetsgivare-{found.id}")


@router.post("/tjanster", dependencies=[CsrfDep])
async def add_opening(request: Request, db: SessionDep, p: UserDep) -> Response:
    use(p)
    f = await form(request)
    org_id = org_of(p, f.get("org"))
    try:
        o = network.create_opening(db, p, OpeningIn(**_opening_in(f)), org_id)
    except (ValidationError, DomainError) as exc:
        return _refused(request, db, p, org_id, exc, f, "opening")
    return _back(org_id, f"tjanst-{o.id}")


@router.post("/tjanster/{opening_id}/status", dependencies=[CsrfDep])
async def opening_status(request: Request, db: SessionDep, p: UserDep, opening_id: int) -> Response:
    """Close an opening (no more proposals for it) or open it again."""
    use(p)
    found = network.opening(db, p, opening_id)
    if found is None:
        raise NotFound(N_("opening %(id)s not found"), id=opening_id)
    f = await form(request)
    try:
        network.update_opening(db, p, found.id, {"status": f.get("status", "")})
    except (ValidationError, DomainError) as exc:
        return _refused(request, db, p, found.org_id, exc, f, f"opening-{found.id}")
    return _back(found.org_id, f"tjanst-{found.id}")
