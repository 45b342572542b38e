"""Pages of the person register (Personer) for handläggare: search by name or personnummer,
adding a person with a legal basis (a second record of a personnummer proposes the merge), a
person's page with legal bases and access log, the export (JSON and PDF), the erasure (asked
first) with its receipt, and the organisation admin's retention period. Every read is logged;
what the caller may not see is 404."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from pydantic import ValidationError

from samverkan.core.db import utcnow
from samverkan.core.deps import SessionDep
from samverkan.core.errors import N_, DomainError, Invalid, NotFound
from samverkan.core.i18n import translations
from samverkan.core.templating import pdf_response, render
from samverkan.core.timeutil import today
from samverkan.core.validation import label, readable
from samverkan.geo import queries as geo_queries
from samverkan.orgs import policy
from samverkan.orgs import queries as org_queries
from samverkan.orgs.deps import CsrfDep, UserDep
from samverkan.orgs.policy import Principal
from samverkan.people import export, present, queries, reads, service
from samverkan.people.models import BASES, PURPOSES
from samverkan.people.retention import DATA_CLASS
from samverkan.people.schemas import BasisIn, PersonFields, PersonIn, RetentionIn

router = APIRouter(prefix="/personer", include_in_schema=False)
PERSON_FIELDS = ("name", "phone", "email", "address", "district_id")


def _gettext(request: Request) -> Any:
    return translations(getattr(request.state, "lang", "sv")).gettext


def _register(p: Principal) -> None:
    if not policy.can_use_people(p):
        raise NotFound(N_("page not found"))


async def _form(request: Request) -> dict[str, str]:
    return {k: str(v).strip() for k, v in (await request.form()).items() if isinstance(v, str)}


def _basis(f: dict[str, str]) -> dict[str, Any]:
    return {
        "purpose": f.get("purpose", ""),
        "basis": f.get("basis", ""),
        "since": f.get("since", "") or None,
        "note": f.get("note") or None,
    }


def _person_in(f: dict[str, str]) -> PersonIn:
    data: dict[str, Any] = {k: f.get(k) or None for k in PERSON_FIELDS}
    data["name"] = f.get("name", "")
    data["pnr"] = f.get("pnr", "")
    data["basis"] = _basis(f)
    return PersonIn(**data)


def _choices(db: Any, p: Principal) -> dict[str, Any]:
    orgs = {o.id: o for o in org_queries.visible_orgs(db, p)}
    return {
        "districts": [a for a in geo_queries.visible_areas(db, p) if a.kind == "stadsdel"],
        "purposes": PURPOSES,
        "bases": BASES,
        "orgs": [orgs[o] for o in sorted(policy.people_org_ids(p)) if o in orgs],
        "today": today().isoformat(),
    }


def _errors(request: Request, exc: ValidationError | DomainError) -> list[dict[str, str]]:
    tr = _gettext(request)
    if isinstance(exc, ValidationError):
        return readable(exc.errors(), tr)
    name = label(exc.field)
    return [{"field": tr(name) if name else "", "message": exc.text(tr)}]


def _person(db: Any, p: Principal, person_id: int) -> Any:
    found = queries.person(db, p, person_id)
    if found is None:
        raise NotFound(N_("person %(id)s not found"), id=person_id)
    return found


@router.get("", response_class=HTMLResponse)
def index(request: Request, db: SessionDep, p: UserDep, q: str = "") -> HTMLResponse:
    _register(p)
    found = queries.search(db, p, q) if q.strip() else []
    reads.log(request, db, p, found, "search")
    ctx = {
        "q": q,
        "found": [present.brief(x) for x in found],
        "erasures": queries.erasures(db, p, 10),
        "admin_orgs": [o for o in _choices(db, p)["orgs"] if policy.can_admin_people(p, o.id)],
    }
    return render(request, "people/index.html", ctx)


@router.get("/ny", response_class=HTMLResponse)
def new(request: Request, db: SessionDep, p: UserDep) -> HTMLResponse:
    _register(p)
    return render(request, "people/new.html", {**_choices(db, p), "form": {}})


@router.post("/ny", dependencies=[CsrfDep])
async def create(request: Request, db: SessionDep, p: UserDep) -> Response:
    _register(p)
    f = await _form(request)
    ctx: dict[str, Any] = {**_choices(db, p), "form": f}
    try:
        org_id = int(f["org_id"]) if f.get("org_id", "").isdigit() else None
        person = service.create_person(db, p, _person_in(f), org_id)
    except service.DuplicatePerson as exc:
        ctx.update(existing=exc.existing_id, errors=_errors(request, exc))
        return render(request, "people/new.html", ctx, 409)
    except (ValidationError, DomainError) as exc:
        ctx["errors"] = _errors(request, exc)
        return render(request, "people/new.html", ctx, 422)
    return RedirectResponse(f"/personer/{person.id}", status_code=303)


@router.get("/radering/{receipt}", response_class=HTMLResponse)
def receipt_page(request: Request, db: SessionDep, p: UserDep, receipt: str) -> HTMLResponse:
    found = queries.erasure(db, p, receipt)
    if found is None:
        raise NotFound(N_("receipt not found"))
    return render(request, "people/receipt.html", {"e": present.erasure_out(db, found)})


@router.get("/radering/{receipt}/json")
def receipt_json(db: SessionDep, p: UserDep, receipt: str) -> JSONResponse:
    found = queries.erasure(db, p, receipt)
    if found is None:
        raise NotFound(N_("receipt not found"))
    return JSONResponse(present.erasure_out(db, found).model_dump(mode="json"))


@router.get("/lagring/{org_id}", response_class=HTMLResponse)
def retention_page(request: Request, db: SessionDep, p: UserDep, org_id: int) -> HTMLResponse:
    if not policy.can_admin_people(p, org_id):
        raise NotFound(N_("page not found"))
    ctx = {
        "org_id": org_id,
        "days": queries.retention_days(db, org_id),
        "default_days": DATA_CLASS.default_days,
        "setting": DATA_CLASS.setting,
        "count": service.count_people(db, org_id),
    }
    return render(request, "people/retention.html", ctx)


@router.post("/lagring/{org_id}", dependencies=[CsrfDep])
async def retention_set(request: Request, db: SessionDep, p: UserDep, org_id: int) -> Response:
    if not policy.can_admin_people(p, org_id):
        raise NotFound(N_("page not found"))
    f = await _form(request)
    raw = f.get("days", "")
    try:
        days = None if not raw else RetentionIn(days=int(raw)).days
    except (ValueError, ValidationError):
        raise Invalid(N_("must be a whole number of days from 0 to 36600"), field="days") from None
    service.set_retention(db, p, org_id, days)
    return RedirectResponse(f"/personer/lagring/{org_id}", status_code=303)


def _page(request: Request, db: Any, p: Principal, person: Any, **extra: Any) -> HTMLResponse:
    status = extra.pop("status", 200)
    ctx = {
        **_choices(db, p),
        "x": present.person_out(db, person),
        "access": queries.access_log(db, p, person),
        "can_admin": policy.can_admin_people(p, person.org_id),
        "form": {},
        **extra,
    }
    return render(request, "people/person.html", ctx, status)


@router.get("/{person_id}", response_class=HTMLResponse)
def person_page(request: Request, db: SessionDep, p: UserDep, person_id: int) -> HTMLResponse:
    person = _person(db, p, person_id)
    reads.log(request, db, p, [person], "page")
    return _page(request, db, p, person)


@router.post("/{person_id}", dependencies=[CsrfDep])
async def update(request: Request, db: SessionDep, p: UserDep, person_id: int) -> Response:
    person = _person(db, p, person_id)
    f = await _form(request)
    try:
        fields: dict[str, Any] = {k: f.get(k) or None for k in PERSON_FIELDS}
        data = PersonFields(**{**fields, "name": f.get("name", "")})
        service.update_person(db, p, person_id, data)
    except (ValidationError, DomainError) as exc:
        return _page(request, db, p, person, errors=_errors(request, exc), form=f, status=422)
    return RedirectResponse(f"/personer/{person_id}", status_code=303)


@router.post("/{person_id}/sammanfoga", dependencies=[CsrfDep])
async def merge(request: Request, db: SessionDep, p: UserDep, person_id: int) -> Response:
    """The proposal of a second record, taken into this one (the form the 409 page shows)."""
    _person(db, p, person_id)
    f = await _form(request)
    try:
        service.merge_into(db, p, person_id, _person_in(f))
    except (ValidationError, DomainError) as exc:
        ctx = {**_choices(db, p), "form": f, "errors": _errors(request, exc)}
        return render(request, "people/new.html", ctx, 422)
    return RedirectResponse(f"/personer/{person_id}?sammanfogad=1", status_code=303)


@router.post("/{person_id}/grund", dependencies=[CsrfDep])
async def add_basis(request: Request, db: SessionDep, p: UserDep, person_id: int) -> Response:
    person = _person(db, p, person_id)
    f = await _form(request)
    try:
        basis = service.add_basis(db, p, person_id, BasisIn(**_basis(f)))
    except (ValidationError, DomainError) as exc:
        return _page(request, db, p, person, errors=_errors(request, exc), form=f, status=422)
    return RedirectResponse(f"/personer/{person_id}#grund-{basis.id}", status_code=303)


@router.post("/{person_id}/grund/{basis_id}/aterkalla", dependencies=[CsrfDep])
def withdraw(db: SessionDep, p: UserDep, person_id: int, basis_id: int) -> Response:
    person = _person(db, p, person_id)
    if all(b.id != basis_id for b in person.bases):
        raise NotFound(N_("legal basis not found"))
    service.withdraw_basis(db, p, basis_id)
    return RedirectResponse(f"/personer/{person_id}#grunder", status_code=303)


@router.get("/{person_id}/export.json")
def export_json(request: Request, db: SessionDep, p: UserDep, person_id: int) -> JSONResponse:
    person = _person(db, p, person_id)
    reads.log(request, db, p, [person], "export_json")
    body = export.as_json(export.collect(db, p, person, utcnow()), _gettext(request))
    name = f"registerutdrag-{person_id}.json"
    return JSONResponse(body, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/{person_id}/export.pdf")
def export_pdf(request: Request, db: SessionDep, p: UserDep, person_id: int) -> Response:
    person = _person(db, p, person_id)
    reads.log(request, db, p, [person], "export_pdf")
    ctx = {"export": export.collect(db, p, person, utcnow()), "x": present.person_out(db, person)}
    return pdf_response(request, "people/export_print.html", ctx, f"registerutdrag-{person_id}.pdf")


@router.post("/{person_id}/radera", dependencies=[CsrfDep])
async def erase(request: Request, db: SessionDep, p: UserDep, person_id: int) -> Response:
    """Erase on request; the form asks first (a disclosure and a box to tick)."""
    person = _person(db, p, person_id)
    f = await _form(request)
    if f.get("confirm") != "ja":
        exc = Invalid(N_("tick the box to confirm the erasure"), field="confirm")
        return _page(request, db, p, person, errors=_errors(request, exc), status=422)
    receipt = service.erase(db, p, person_id)
    return RedirectResponse(f"/personer/radering/{receipt.receipt}", status_code=303)
