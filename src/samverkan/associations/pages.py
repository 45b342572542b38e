"""Pages of the associations with counter-demands (``/foreningar``): the start page with the
associations and agreements the caller sees, each commitment's bar at the pace of its period;
registering an association; an association's page with its agreements, recent activities and,
for the association itself, a form to report an activity held outside an agreement.

Who sees what is :mod:`samverkan.orgs.policy.associations`' (through :mod:`.queries`): a
supporter's case workers and admins, and the association's own reporters; anybody else gets
404, as does an association the caller may not see. Refusals re-render the form with the
field named beside it (422), nothing saved. The agreements' pages are in
:mod:`.agreement_pages`."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.associations import page_forms, present, queries, service
from samverkan.associations.models import (
    AGE_BANDS,
    FORMS,
    GENDERS,
    KINDS,
    SHORTFALL_LABELS,
    Agreement,
    Association,
)
from samverkan.associations.schemas import FollowupOut
from samverkan.core.deps import SessionDep
from samverkan.core.errors import N_, DomainError, NotFound, PermissionDenied
from samverkan.core.forms import day, status_of
from samverkan.core.pace import STATUS_LABELS, WARNED
from samverkan.core.templating import render
from samverkan.core.timeutil import today
from samverkan.geo import queries as geo_queries
from samverkan.geo.models import Area
from samverkan.orgs import policy
from samverkan.orgs.deps import CsrfDep, UserDep
from samverkan.orgs.models import Organisation
from samverkan.orgs.policy import Principal

router = APIRouter(prefix="/foreningar", include_in_schema=False)

BASE = "/foreningar"
RECENT = 20  # activities on an association's page


def use(p: Principal) -> None:
    if not policy.can_use_associations(p):
        raise NotFound(N_("page not found"))


def supporting(p: Principal) -> list[int]:
    """The supporters the caller acts for; 404 for anybody who supports none."""
    use(p)
    orgs = sorted(policy.supporter_org_ids(p))
    if not orgs:
        raise NotFound(N_("page not found"))
    return orgs


def org_names(db: Session, ids: set[int] | list[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = db.execute(
        select(Organisation.id, Organisation.name).where(Organisation.id.in_(list(ids)))
    )
    return {oid: name for oid, name in rows}


def area_names(db: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return {i: n for i, n in db.execute(select(Area.id, Area.name).where(Area.id.in_(ids)))}


def districts(db: Session, p: Principal) -> list[Area]:
    """The districts the caller may name (register an association as active in)."""
    areas = geo_queries.visible_areas(db, p)
    return sorted((a for a in areas if a.kind in service.DISTRICT_KINDS), key=lambda a: a.name)


def association_of(db: Session, p: Principal, association_id: int) -> Association:
    use(p)
    found = queries.association(db, p, association_id)
    if found is None:
        raise NotFound(service.ASSOCIATION_NOT_FOUND, id=association_id)
    return found


def followups(db: Session, agreements: list[Agreement], on: date) -> dict[int, FollowupOut]:
    return present.followups(db, agreements, on)


def by_state(
    agreements: list[Agreement], seen: dict[int, FollowupOut], on: date
) -> dict[str, list[Agreement]]:
    """The agreements running on ``on`` (those behind their pace first), those still to come
    and those ended (the latest first)."""
    running = [a for a in agreements if a.period_start <= on <= a.period_end]
    running.sort(key=lambda a: (not seen[a.id].behind, a.association.name.casefold(), a.id))
    return {
        "running": running,
        "coming": sorted(
            (a for a in agreements if a.period_start > on), key=lambda a: a.period_start
        ),
        "ended": [a for a in agreements if a.period_end < on],
    }


def common(**extra: Any) -> dict[str, Any]:
    """What every page of the domain's templates uses."""
    return {
        "status_labels": STATUS_LABELS,
        "warned": WARNED,
        "shortfall_labels": SHORTFALL_LABELS,
        "kinds": KINDS,
        "forms": FORMS,
        "age_bands": AGE_BANDS,
        "genders": GENDERS,
        "form": {},
        "field_errors": {},
        **extra,
    }


def _query(on: str) -> str:
    return f"?dag={on}" if on else ""


# --- the start page ---------------------------------------------------------------------------


@router.get("", response_class=HTMLResponse)
def start_page(
    request: Request, db: SessionDep, p: UserDep, dag: str = "", stadsdel: str = ""
) -> HTMLResponse:
    """The associations the caller sees (a supporter may narrow them to a district) and the
    agreements, each commitment's delivery against its pace on the day shown."""
    use(p)
    on = day(dag)
    district_id = int(stadsdel) if stadsdel.isdigit() else None
    found = queries.associations(db, p, district_id)
    shown = {a.id for a in found}
    agreements = [a for a in queries.agreements(db, p) if a.association_id in shown]
    supporter = bool(policy.supporter_org_ids(p))
    seen = followups(db, agreements, on)
    groups = by_state(agreements, seen, on)
    ctx = common(
        on=on,
        associations=found,
        agreements=agreements,
        groups=groups,
        behind=sum(1 for a in groups["running"] if seen[a.id].behind),
        followups=seen,
        supporter=supporter,
        reporter_orgs=policy.association_org_ids(p),
        districts=districts(db, p) if supporter else [],
        district_id=district_id,
    )
    return render(request, "associations/index.html", ctx)


# --- registering an association ---------------------------------------------------------------


def _register_page(request: Request, db: Session, p: Principal, **extra: Any) -> HTMLResponse:
    status_code = extra.pop("status", 200)
    orgs = supporting(p)
    names = org_names(db, orgs)
    ctx = common(supporters=[(o, names.get(o, "")) for o in orgs], districts=districts(db, p))
    ctx.update(extra)
    return render(request, "associations/register.html", ctx, status_code)


@router.get("/ny", response_class=HTMLResponse)
def register_page(request: Request, db: SessionDep, p: UserDep) -> HTMLResponse:
    """The form that registers an association (a supporter's case workers and admins)."""
    return _register_page(request, db, p)


@router.post("/ny", dependencies=[CsrfDep])
async def register(request: Request, db: SessionDep, p: UserDep) -> Response:
    """Register an association; its page follows."""
    supporting(p)
    f = await page_forms.read(request)
    try:
        org_id = int(f["org_id"]) if f.get("org_id", "").isdigit() else None
        assoc = service.register(db, p, page_forms.association_in(f), org_id)
    except NotFound:
        raise
    except (ValidationError, DomainError) as exc:
        extra = page_forms.refusal(request, exc, f)
        return _register_page(request, db, p, status=status_of(exc), **extra)
    return RedirectResponse(f"{BASE}/{assoc.id}", status_code=303)


# --- one association --------------------------------------------------------------------------


def association_page(
    request: Request, db: Session, p: Principal, association_id: int, **extra: Any
) -> HTMLResponse:
    """An association: who it is, its agreements the caller sees and its recent activities."""
    status_code = extra.pop("status", 200)
    assoc = association_of(db, p, association_id)
    on = today()
    agreements = queries.agreements(db, p, assoc.id)
    visible = {a.id: a for a in agreements}
    recent = queries.activities(db, association_id=assoc.id)[-RECENT:][::-1]
    activities = [
        (a, present.activity_out(a, visible[a.agreement_id]) if a.agreement_id in visible else None)
        for a in recent
        if a.agreement_id is None or a.agreement_id in visible
    ]
    ctx = common(
        on=on,
        a=assoc,
        agreements=agreements,
        followups=followups(db, agreements, on),
        activities=activities,
        district_names={d.id: d.name for d in assoc.districts},
        can_report=policy.can_report_activities(p, assoc.org_id),
        supporter=bool(policy.supporter_org_ids(p)),
        creator=org_names(db, {assoc.created_by_org_id} if assoc.created_by_org_id else set()),
        activity_action=f"{BASE}/{assoc.id}/aktiviteter",
        activity_districts=[(d.id, d.name) for d in assoc.districts],
        activity_period=None,
    )
    ctx["form"] = {"held_on": on.isoformat()}
    ctx.update(extra)
    return render(request, "associations/association.html", ctx, status_code)


@router.get("/{association_id}", response_class=HTMLResponse)
def association_view(
    request: Request, db: SessionDep, p: UserDep, association_id: int
) -> HTMLResponse:
    return association_page(request, db, p, association_id)


@router.post("/{association_id}/aktiviteter", dependencies=[CsrfDep])
async def report_own_activity(
    request: Request, db: SessionDep, p: UserDep, association_id: int
) -> Response:
    """An activity the association held outside its agreements (its reporters only)."""
    association_of(db, p, association_id)
    f = await page_forms.read(request)
    try:
        service.report_activity(db, p, association_id, page_forms.activity_in(f, None), today())
    except (NotFound, PermissionDenied):
        raise
    except (ValidationError, DomainError) as exc:
        extra = page_forms.refusal(request, exc, f)
        return association_page(request, db, p, association_id, status=status_of(exc), **extra)
    return RedirectResponse(f"{BASE}/{association_id}#aktiviteter", status_code=303)
