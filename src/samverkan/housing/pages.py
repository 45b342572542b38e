"""Pages of housing safety for a housing company's case workers: the start page ``/boende``
(every part with its link, counts for the disturbance cases and safety plans) and the
disturbance cases under ``/boende/storningsarenden``: the list (a status filter, the deadlines
passed or coming up on top), opening a case (a tenant of the register or a new person), and the
case page: its steps as a timeline with a form for each, the EST place and the incidents the
case worker may see there, the termination (the 42 § path ticked with its reason) and the
outcome.

Every page that shows a case shows its tenant: the read is logged. What the caller may not see
is 404; a refused form answers 422 with the page again, the reason in words and what was typed,
and nothing saved."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError
from sqlalchemy import select

from samverkan.core.deps import SessionDep
from samverkan.core.errors import N_, Conflict, Invalid, NotFound
from samverkan.core.forms import errors, form
from samverkan.core.templating import render
from samverkan.core.timeutil import today
from samverkan.geo import queries as geo_queries
from samverkan.housing import case_views, plan_queries, queries, service
from samverkan.housing.models import CONTACTS, OUTCOMES, SOURCES, STATUSES, DisturbanceCase
from samverkan.housing.schemas import STEP_KINDS, CaseIn, OutcomeIn, PlaceIn, StepIn, TerminationIn
from samverkan.orgs import policy
from samverkan.orgs.deps import CsrfDep, UserDep
from samverkan.orgs.models import Organisation
from samverkan.orgs.policy import Principal
from samverkan.people import present as people_present
from samverkan.people import queries as people_queries
from samverkan.people import reads
from samverkan.people.models import BASES, LegalBasis, Person

router = APIRouter(prefix="/boende", include_in_schema=False)
REFUSED = (ValidationError, Invalid, Conflict)
BASE = "/boende/storningsarenden"

# The parts of housing safety on the start page: (key, link, title, what it is). A part built
# later adds its line here; ``counts`` fills in the figures of the parts that have them.
PARTS: tuple[tuple[str, str, str, str], ...] = (
    ("cases", BASE, N_("Disturbance cases"), N_("Complaints, warnings and terminations")),
    ("arrears", "/boende/hyresskulder", N_("Rent arrears"), N_("Eviction prevention")),
    ("walks", "/boende/ronderingar", N_("Safety walks"), N_("Checklists and findings")),
    ("orders", "/boende/arbetsordrar", N_("Work orders"), N_("From the safety walks' findings")),
    ("plans", "/boende/trygghetsplaner", N_("Safety plans"), N_("Risks, measures and reviews")),
    ("bosocial", "/boende/en-vag-in", N_("En väg in"), N_("Bosocial contracts")),
)


def _use(p: Principal) -> None:
    if not policy.can_use_housing(p):
        raise NotFound(N_("page not found"))


def _int(raw: str | None) -> int | None:
    try:
        return int(raw) if raw else None
    except ValueError:
        return None


def _float(raw: str | None, field: str) -> float | None:
    if not raw:
        return None
    try:
        return float(raw.replace(",", "."))
    except ValueError:
        raise Invalid(N_("expected a number like 58.41"), field=field) from None


@router.get("", response_class=HTMLResponse)
def index(request: Request, db: SessionDep, p: UserDep) -> Any:
    """The start page: each part with its link; counts for the cases and the plans."""
    if not (policy.can_use_housing(p) or policy.plan_org_ids(p)):
        raise NotFound(N_("page not found"))
    day = today()
    counts: dict[str, dict[str, int]] = {"plans": plan_queries.counts(db, p, day)}
    if policy.can_use_housing(p):
        found = queries.cases(db, p)
        counts["cases"] = {
            "open": sum(1 for c in found if c.status != "closed"),
            "overdue": sum(1 for c in found if case_views.overdue(c, day)),
        }
    return render(request, "housing/index.html", {"parts": PARTS, "counts": counts})


# --- the list ------------------------------------------------------------------------------


@router.get("/storningsarenden", response_class=HTMLResponse)
def cases(request: Request, db: SessionDep, p: UserDep, status: str = "") -> Any:
    _use(p)
    day = today()
    status = status if status in STATUSES else ""
    found = queries.cases(db, p, status=status or None)
    due = service.deadlines(db, p, day)
    people = {c.person_id: db.get(Person, c.person_id) for c in [*found, *due]}
    reads.log(request, db, p, [x for x in people.values() if x is not None], "list")
    names = {k: (v.name if v else "") for k, v in people.items()}
    context = {
        "cases": found,
        "due": due,
        "names": names,
        "status": status,
        "statuses": STATUSES,
        "today": day,
    }
    return render(request, "housing/cases.html", context)


# --- opening a case --------------------------------------------------------------------------


def _with_basis(db: Any, p: Principal, q: str) -> list[Person]:
    """The people of the caller's housing registers matching ``q`` held for ``housing``."""
    orgs = policy.housing_org_ids(p)
    found = [x for x in people_queries.search(db, p, q) if x.org_id in orgs]
    if not found:
        return []
    held = set(
        db.scalars(
            select(LegalBasis.person_id).where(
                LegalBasis.person_id.in_([x.id for x in found]),
                LegalBasis.purpose == service.PURPOSE,
                LegalBasis.withdrawn_on.is_(None),
            )
        )
    )
    return [x for x in found if x.id in held]


def _new_page(request: Request, db: Any, p: Principal, f: dict[str, str], **ctx: Any) -> Any:
    status = ctx.pop("status", 200)
    q = f.get("q", "")
    found = _with_basis(db, p, q) if q else []
    reads.log(request, db, p, found, "search")
    orgs = [db.get(Organisation, o) for o in sorted(policy.housing_org_ids(p))]
    context = {
        "form": f,
        "found": [people_present.brief(x) for x in found],
        "orgs": orgs,
        "areas": geo_queries.visible_areas(db, p),
        "sources": SOURCES,
        "bases": BASES,
        "c": None,
        "today": today().isoformat(),
        **ctx,
    }
    return render(request, "housing/case_new.html", context, status)


def _case_in(f: dict[str, str]) -> CaseIn:
    out: dict[str, Any] = {
        "flat": f.get("flat", ""),
        "area_id": _int(f.get("area_id")),
        "opened_on": f.get("opened_on", ""),
        "source": f.get("source", ""),
        "note": f.get("note") or None,
        "place": f.get("place") or None,
        "place_lat": _float(f.get("place_lat"), "place_lat"),
        "place_lon": _float(f.get("place_lon"), "place_lon"),
    }
    if f.get("person_id"):
        out["person_id"] = f["person_id"]
    elif f.get("pnr") or f.get("name"):
        out["person"] = {
            "pnr": f.get("pnr", ""),
            "name": f.get("name", ""),
            "phone": f.get("phone") or None,
            "basis": {
                "purpose": service.PURPOSE,
                "basis": f.get("basis", ""),
                "since": f.get("since", ""),
                "note": f.get("basis_note") or None,
            },
        }
    else:
        raise Invalid(N_("choose a person of the register or fill in a new person"), field="person")
    return CaseIn(**out)


@router.get("/storningsarenden/ny", response_class=HTMLResponse)
def new(request: Request, db: SessionDep, p: UserDep, q: str = "") -> Any:
    _use(p)
    return _new_page(request, db, p, {"q": q.strip(), "opened_on": today().isoformat()})


@router.post("/storningsarenden/ny", dependencies=[CsrfDep])
async def open_case(request: Request, db: SessionDep, p: UserDep) -> Response:
    _use(p)
    f = await form(request)
    orgs = sorted(policy.housing_org_ids(p))
    try:
        org_id = _int(f.get("org_id")) or orgs[0]
        case = service.open_case(db, p, org_id, _case_in(f))
    except REFUSED as exc:
        db.rollback()
        return _new_page(request, db, p, f, errors=errors(request, exc), status=422)
    return RedirectResponse(f"{BASE}/{case.id}", status_code=303)


# --- the case page ---------------------------------------------------------------------------


def _case(db: Any, p: Principal, case_id: int) -> DisturbanceCase:
    _use(p)
    found = queries.case(db, p, case_id)
    if found is None:
        raise NotFound(N_("disturbance case %(id)s not found"), id=case_id)
    return found


def _page(request: Request, db: Any, p: Principal, case_id: int, **ctx: Any) -> Any:
    """The case page (a read of the tenant, logged); after a refusal, the form's values and
    which form to show unfolded (``open``)."""
    status = ctx.pop("status", 200)
    case = _case(db, p, case_id)
    person = db.get(Person, case.person_id)
    if person is not None:
        reads.log(request, db, p, [person], "page")
    day = today()
    area = geo_queries.area(db, p, case.area_id) if case.area_id else None
    context = {
        "c": case,
        "person": people_present.brief(person) if person else None,
        "area": area,
        "areas": geo_queries.visible_areas(db, p),
        "incidents": case_views.incidents_at_place(db, p, case, day),
        "weeks": case_views.PLACE_WEEKS,
        "overdue": case_views.overdue(case, day),
        "kinds": STEP_KINDS,
        "sources": SOURCES,
        "contacts": CONTACTS,
        "outcomes": OUTCOMES,
        "today": day.isoformat(),
        "form": {},
        **ctx,
    }
    return render(request, "housing/case.html", context, status)


@router.get("/storningsarenden/{case_id}", response_class=HTMLResponse)
def case_page(request: Request, db: SessionDep, p: UserDep, case_id: int) -> Any:
    return _page(request, db, p, case_id)


def _refused(request: Request, db: Any, p: Principal, case_id: int, exc: Any, **ctx: Any) -> Any:
    db.rollback()
    return _page(request, db, p, case_id, errors=errors(request, exc), status=422, **ctx)


def _back(case_id: int, anchor: str) -> RedirectResponse:
    return RedirectResponse(f"{BASE}/{case_id}#{anchor}", status_code=303)


@router.post("/storningsarenden/{case_id}/steg", dependencies=[CsrfDep])
async def add_step(request: Request, db: SessionDep, p: UserDep, case_id: int) -> Response:
    _case(db, p, case_id)
    f = await form(request)
    try:
        keys = ("source", "contact", "rectify_by", "note")
        data = StepIn(
            kind=f.get("kind", ""), on=f.get("on", ""), **{k: f.get(k) or None for k in keys}
        )
        service.add_step(db, p, case_id, data)
    except REFUSED as exc:
        return _refused(request, db, p, case_id, exc, form=f, open="step")
    return _back(case_id, "steps")


@router.post("/storningsarenden/{case_id}/plats", dependencies=[CsrfDep])
async def set_place(request: Request, db: SessionDep, p: UserDep, case_id: int) -> Response:
    _case(db, p, case_id)
    f = await form(request)
    try:
        data = PlaceIn(
            area_id=_int(f.get("area_id")),
            place=f.get("place") or None,
            place_lat=_float(f.get("place_lat"), "place_lat"),
            place_lon=_float(f.get("place_lon"), "place_lon"),
        )
        service.set_place(db, p, case_id, data)
    except REFUSED as exc:
        return _refused(request, db, p, case_id, exc, form=f, open="place")
    return _back(case_id, "place")


@router.post("/storningsarenden/{case_id}/uppsagning", dependencies=[CsrfDep])
async def terminate(request: Request, db: SessionDep, p: UserDep, case_id: int) -> Response:
    _case(db, p, case_id)
    f = await form(request)
    try:
        data = TerminationIn(
            on=f.get("on", ""),
            very_serious=f.get("very_serious") == "1",
            reason=f.get("reason") or None,
        )
        service.terminate(db, p, case_id, data)
    except REFUSED as exc:
        return _refused(request, db, p, case_id, exc, form=f, open="termination")
    return _back(case_id, "steps")


@router.post("/storningsarenden/{case_id}/avslut", dependencies=[CsrfDep])
async def close(request: Request, db: SessionDep, p: UserDep, case_id: int) -> Response:
    _case(db, p, case_id)
    f = await form(request)
    try:
        service.close(db, p, case_id, OutcomeIn(outcome=f.get("outcome", ""), on=f.get("on", "")))
    except REFUSED as exc:
        return _refused(request, db, p, case_id, exc, form=f, open="outcome")
    return _back(case_id, "outcome")
