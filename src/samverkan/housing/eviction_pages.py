"""Pages of eviction prevention (``/boende/hyresskulder``): the monthly lists with the upload
form, a month's list with each tenant's standing (window days left, consent, outcome), a
tenant's case with its steps and forms (step, payment plan kept/broken, notice, consent,
outcome), and the monthly meeting's list (page and CSV) of consenting tenants only.

The housing company's case workers and admins only; anybody else 404. A refused upload lists
every bad line (line, field, reason) and stores nothing; a refused form re-renders the page
with the field named (422)."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from samverkan.core.deps import SessionDep
from samverkan.core.errors import N_, DomainError, Invalid, NotFound
from samverkan.core.forms import errors, form, gettext, status_of
from samverkan.core.templating import render
from samverkan.core.timeutil import today
from samverkan.housing import eviction_present as present
from samverkan.housing import eviction_service as service
from samverkan.housing.eviction_import import parse_amount
from samverkan.housing.eviction_models import (
    OUTCOME_LABELS,
    OUTCOMES,
    PLAN_STATE_LABELS,
    STEP_LABELS,
    STEPS,
    ArrearsList,
)
from samverkan.housing.eviction_schemas import ConsentIn, NoticeIn, OutcomeIn, StepIn
from samverkan.orgs import policy
from samverkan.orgs import queries as org_queries
from samverkan.orgs.deps import CsrfDep, UserDep
from samverkan.orgs.policy import Principal
from samverkan.people import reads
from samverkan.people.models import Person

router = APIRouter(prefix="/boende", include_in_schema=False)
BASE = "/boende/hyresskulder"
LABELS = {
    "step_labels": STEP_LABELS,
    "outcome_labels": OUTCOME_LABELS,
    "plan_labels": PLAN_STATE_LABELS,
}


def _use(p: Principal) -> None:
    if not policy.can_use_housing(p):
        raise NotFound(N_("page not found"))


def _orgs(db: Session, p: Principal) -> list[Any]:
    found = [org_queries.org(db, p, o) for o in sorted(policy.housing_org_ids(p))]
    return [o for o in found if o is not None]


def _index(request: Request, db: Session, p: Principal, **extra: Any) -> HTMLResponse:
    status_code = extra.pop("status", 200)
    orgs = _orgs(db, p)
    lists = [(o, service.lists(db, p, o.id), service.outcomes_per_month(db, p, o.id)) for o in orgs]
    ctx = {**LABELS, "orgs": orgs, "lists": lists, "form": {}, "errors": [], **extra}
    return render(request, "housing/eviction.html", ctx, status_code)


@router.get("/hyresskulder", response_class=HTMLResponse)
def index(request: Request, db: SessionDep, p: UserDep) -> HTMLResponse:
    """The monthly lists and the upload form."""
    _use(p)
    return _index(request, db, p)


@router.post("/hyresskulder", dependencies=[CsrfDep])
async def upload(request: Request, db: SessionDep, p: UserDep) -> Response:
    """A month's list from the landlord's CSV file; every bad line is listed, nothing stored."""
    _use(p)
    raw = await request.form()
    f = {k: str(v).strip() for k, v in raw.items() if isinstance(v, str)}
    upload_file = raw.get("file")
    data = await upload_file.read() if isinstance(upload_file, UploadFile) else b""
    if not data.strip():  # or the rows pasted into the text field, header first
        data = f.get("rows", "").encode()
    tr = gettext(request)
    try:
        org_id = int(f.get("org_id") or 0)
        try:
            month = date.fromisoformat(f"{f.get('month', '')[:7]}-01")
        except ValueError:
            raise Invalid(N_("a month as YYYY-MM"), field="month") from None
        listing = service.import_list(db, p, org_id, month, data, today())
    except service.ImportRejected as exc:
        db.rollback()
        lines = [
            {
                "field": tr(N_("line %(line)s")) % {"line": e.line}
                + (f", {e.field}" if e.field else ""),
                "message": tr(e.reason) % e.params,
            }
            for e in exc.errors
        ]
        return _index(request, db, p, errors=lines, form=f, status=422)
    except ValueError:
        raise NotFound(N_("organisation not found")) from None
    except NotFound:
        raise
    except DomainError as exc:
        db.rollback()  # nothing half-saved
        return _index(request, db, p, errors=errors(request, exc), form=f, status=422)
    first = listing.entries[0].episode_id
    return RedirectResponse(f"{BASE}/listor/{listing.id}#arende-{first}", status_code=303)


@router.get("/hyresskulder/listor/{list_id}", response_class=HTMLResponse)
def month_list(request: Request, db: SessionDep, p: UserDep, list_id: int) -> HTMLResponse:
    """A month's list with each tenant's standing."""
    _use(p)
    listing = db.get(ArrearsList, list_id)
    if listing is None or not policy.can_work_housing(p, listing.org_id):
        raise NotFound(N_("page not found"))
    on = today()
    rows = [(e, present.episode_out(db, e.episode, on)) for e in listing.entries]
    people = [db.get(Person, e.episode.person_id) for e in listing.entries]
    reads.log(request, db, p, [x for x in people if x is not None], "page")
    ctx = {**LABELS, "listing": listing, "rows": rows, "month": listing.month.isoformat()[:7]}
    return render(request, "housing/eviction_list.html", ctx)


def _case(request: Request, db: Session, p: Principal, ep_id: int, **extra: Any) -> HTMLResponse:
    status_code = extra.pop("status", 200)
    ep = service.episode(db, p, ep_id)
    person = db.get(Person, ep.person_id)
    if person is not None:
        reads.log(request, db, p, [person], "page")
    ctx = {
        **LABELS,
        "ep": present.episode_out(db, ep, today()),
        "steps": STEPS,
        "outcomes": OUTCOMES,
        "today": today().isoformat(),
        "errors": [],
        "form": {},
        **extra,
    }
    return render(request, "housing/eviction_case.html", ctx, status_code)


@router.get("/hyresskulder/arenden/{ep_id}", response_class=HTMLResponse)
def case(request: Request, db: SessionDep, p: UserDep, ep_id: int) -> HTMLResponse:
    """A tenant's arrears case: steps, the notice and its window, consent, outcome."""
    _use(p)
    return _case(request, db, p, ep_id)


def _kronor(text: str) -> int | None:
    if not text:
        return None
    try:
        return parse_amount(text)
    except ValueError as exc:
        raise Invalid(str(exc), field="plan_monthly") from None


@router.post("/hyresskulder/arenden/{ep_id}/{what}", dependencies=[CsrfDep])
async def act(request: Request, db: SessionDep, p: UserDep, ep_id: int, what: str) -> Response:
    """One of the case's forms: ``atgard`` (a step), ``plan`` (kept/broken), ``underrattelse``
    (the notice), ``samtycke`` (consent), ``utfall`` (the outcome)."""
    _use(p)
    service.episode(db, p, ep_id)
    f = await form(request)
    try:
        if what == "atgard":
            data = StepIn.model_validate(
                {
                    "kind": f.get("kind"),
                    "on": f.get("on"),
                    "note": f.get("note") or None,
                    "plan_monthly_ore": _kronor(f.get("plan_monthly", "")),
                    "plan_start": f.get("plan_start") or None,
                }
            )
            service.add_step(db, p, ep_id, service.StepData(**data.model_dump()))
        elif what == "plan":
            service.set_plan_state(db, p, ep_id, int(f.get("step_id") or 0), f.get("state", ""))
        elif what == "underrattelse":
            n = NoticeIn.model_validate(
                {
                    "notified_on": f.get("notified_on"),
                    "social_notified_on": f.get("social_notified_on") or None,
                }
            )
            service.notify(db, p, ep_id, n.notified_on, n.social_notified_on)
        elif what == "samtycke":
            c = ConsentIn.model_validate({"consent": f.get("consent") == "1", "on": f.get("on")})
            service.set_consent(db, p, ep_id, c.consent, c.on)
        elif what == "utfall":
            o = OutcomeIn.model_validate({"outcome": f.get("outcome"), "on": f.get("on")})
            service.close(db, p, ep_id, o.outcome, o.on)
        else:
            raise NotFound(N_("page not found"))
    except NotFound:
        raise
    except (ValidationError, DomainError) as exc:
        db.rollback()
        extra = {"errors": errors(request, exc), "form": f, "status": status_of(exc)}
        return _case(request, db, p, ep_id, **extra)
    return RedirectResponse(f"{BASE}/arenden/{ep_id}", status_code=303)


@router.get("/hyresskulder/mote", response_class=HTMLResponse)
def meeting(
    request: Request, db: SessionDep, p: UserDep, org: int = 0, format: str = ""
) -> Response:
    """The monthly meeting's list: consenting tenants only, what the meeting needs."""
    _use(p)
    orgs = _orgs(db, p)
    org_id = org or (orgs[0].id if orgs else 0)
    rows = present.meeting_out(db, service.meeting_list(db, p, org_id), today())
    if format == "csv":
        out = io.StringIO()
        w = csv.writer(out, delimiter=";")
        w.writerow(["namn", "hyresskuld_kr", "underrättad", "sista_dag", "åtgärder"])
        for r in rows:
            amount = f"{(r.amount_ore or 0) / 100:.2f}".replace(".", ",")
            w.writerow(
                [r.name, amount, r.notified_on or "", r.window_last_day or "", " ".join(r.steps)]
            )
        return Response(
            out.getvalue(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="moteslista.csv"'},
        )
    ctx = {**LABELS, "rows": rows, "org_id": org_id, "orgs": orgs}
    return render(request, "housing/eviction_meeting.html", ctx)
