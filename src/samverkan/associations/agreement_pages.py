"""Pages of an association's agreement (``/foreningar/avtal``): the form that makes one (a
supporter's case workers and admins, with the LOK-stöd rules as a preset), and the agreement's
follow-up on a day (``?dag=``): each commitment's delivery against its pace with the activities
that did not count and why, the reach by age band, gender and district, the activities by kind
and one by one, the payment periods. The association reports an activity from the page and
says when a period's report is in; the supporter releases a period's payment once it is.

An agreement the caller may not see is 404 (another association's, another supporter's); the
supporter reporting an activity, or the association releasing its own payment, is 403. A
refused form re-renders the page with the field named beside it (422), nothing saved."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError
from sqlalchemy.orm import Session

from samverkan.associations import page_forms, present, queries, service
from samverkan.associations.models import AGE_BANDS, GENDERS, UNITS, Agreement
from samverkan.associations.pages import (
    area_names,
    association_of,
    common,
    districts,
    org_names,
    supporting,
    use,
)
from samverkan.associations.schemas import FollowupOut
from samverkan.core import numbers
from samverkan.core.deps import SessionDep
from samverkan.core.errors import N_, DomainError, NotFound, PermissionDenied
from samverkan.core.forms import day, gettext, status_of
from samverkan.core.pace import WARNED
from samverkan.core.templating import render
from samverkan.core.timeutil import today
from samverkan.orgs import policy
from samverkan.orgs.deps import CsrfDep, UserDep
from samverkan.orgs.policy import Principal

router = APIRouter(prefix="/foreningar/avtal", include_in_schema=False)

BASE = "/foreningar/avtal"
BEHIND = N_(
    "%(description)s: %(delivered)s of %(required)s delivered by %(on)s, where the "
    "agreement's pace expects %(expected)s. %(days)s days of the period are left."
)
ENDED_SHORT = N_(
    "%(description)s: the period ended on %(end)s with %(delivered)s of %(required)s delivered."
)


# --- a new agreement --------------------------------------------------------------------------


def _new_page(
    request: Request, db: Session, p: Principal, association_id: int | None, **extra: Any
) -> HTMLResponse:
    status_code = extra.pop("status", 200)
    orgs = supporting(p)
    chosen = association_of(db, p, association_id) if association_id else None
    names = org_names(db, orgs)
    ctx = common(
        supporters=[(o, names.get(o, "")) for o in orgs],
        chosen=chosen,
        associations=[] if chosen else queries.associations(db, p),
        units=UNITS,
        rows=page_forms.ROWS,
        lok=page_forms.LOK,
        commitment_districts=chosen.districts if chosen else districts(db, p),
    )
    ctx.update(extra)
    return render(request, "associations/agreement_new.html", ctx, status_code)


@router.get("/ny", response_class=HTMLResponse)
def new_agreement_page(
    request: Request, db: SessionDep, p: UserDep, forening: str = "", lok: str = ""
) -> HTMLResponse:
    """The form of a new agreement (with an association the caller sees); ``?lok=1`` fills in
    the LOK-stöd rules."""
    chosen = int(forening) if forening.isdigit() else None
    f: dict[str, Any] = {"association_id": str(chosen or ""), "payment_periods": "2"}
    if lok:
        f.update(page_forms.LOK)
    return _new_page(request, db, p, chosen, form=f)


@router.post("/ny", dependencies=[CsrfDep])
async def create_agreement(request: Request, db: SessionDep, p: UserDep) -> Response:
    """Make the agreement; its follow-up follows."""
    supporting(p)
    f = await page_forms.read(request)
    raw = f.get("association_id", "")
    chosen = int(raw) if raw.isdigit() and queries.association(db, p, int(raw)) else None
    try:
        agreement = service.create_agreement(db, p, page_forms.agreement_in(f))
    except NotFound:
        raise
    except (ValidationError, DomainError) as exc:
        extra = page_forms.refusal(request, exc, f)
        return _new_page(request, db, p, chosen, status=status_of(exc), **extra)
    return RedirectResponse(f"{BASE}/{agreement.id}", status_code=303)


# --- one agreement's follow-up ----------------------------------------------------------------


def agreement_of(db: Session, p: Principal, agreement_id: int) -> Agreement:
    use(p)
    found = queries.agreement(db, p, agreement_id)
    if found is None:
        raise NotFound(service.AGREEMENT_NOT_FOUND, id=agreement_id)
    return found


def warnings(request: Request, f: FollowupOut, end: date) -> list[str]:
    """Each commitment behind its pace (or ended short), in words with its numbers."""
    tr = gettext(request)
    lang = getattr(request.state, "lang", "sv")
    out = []
    for c in f.commitments:
        params = {"description": c.description, "delivered": c.delivered, "required": c.required}
        if c.status == "ended_short":
            out.append(tr(ENDED_SHORT) % {**params, "end": end.isoformat()})
        elif c.status == "behind":
            expected = numbers.decimal(c.expected, lang, 1)
            words = {**params, "on": f.on.isoformat(), "expected": expected, "days": c.days_left}
            out.append(tr(BEHIND) % words)
    return out


def _followup_page(
    request: Request, db: Session, p: Principal, agreement_id: int, on: date, **extra: Any
) -> HTMLResponse:
    status_code = extra.pop("status", 200)
    a = agreement_of(db, p, agreement_id)
    f = present.followup(db, a, on)
    can_report = policy.can_report_activities(p, a.association.org_id)
    activities = queries.activities(db, agreement_ids=[a.id])
    district_ids = {d.id for d in a.association.districts} | set(f.by_district)
    district_ids |= {x.district_id for x in activities}
    last = min(a.period_end, today())
    shown = on if a.period_start <= on <= last else last
    ctx = common(
        on=on,
        a=a,
        f=f,
        warnings=warnings(request, f, a.period_end),
        activities=[present.activity_out(x, a) for x in activities],
        district_names=area_names(db, district_ids),
        can_report=can_report,
        can_release=policy.can_support(p, a.supporter_org_id),
        today=today(),
        gender_total={g: f.by_gender.get(g, 0) for g in GENDERS},
        band_total={b: f.by_age_band.get(b, 0) for b in AGE_BANDS},
        warned=WARNED,
        activity_action=f"{BASE}/{a.id}/aktiviteter",
        activity_districts=[(d.id, d.name) for d in a.association.districts],
        activity_period=(a.period_start, a.period_end),
    )
    ctx["form"] = {"held_on": shown.isoformat()}
    ctx.update(extra)
    return render(request, "associations/agreement.html", ctx, status_code)


@router.get("/{agreement_id}", response_class=HTMLResponse)
def followup_page(
    request: Request, db: SessionDep, p: UserDep, agreement_id: int, dag: str = ""
) -> HTMLResponse:
    """The agreement's follow-up on the day shown (today when not given)."""
    return _followup_page(request, db, p, agreement_id, day(dag))


def _back(agreement_id: int, f: dict[str, Any], anchor: str) -> RedirectResponse:
    on = f.get("dag", "")
    query = f"?dag={on}" if on else ""
    return RedirectResponse(f"{BASE}/{agreement_id}{query}#{anchor}", status_code=303)


@router.post("/{agreement_id}/aktiviteter", dependencies=[CsrfDep])
async def report_activity(
    request: Request, db: SessionDep, p: UserDep, agreement_id: int
) -> Response:
    """An activity the association held under the agreement (its reporters only)."""
    a = agreement_of(db, p, agreement_id)
    f = await page_forms.read(request)
    try:
        data = page_forms.activity_in(f, a.id)
        service.report_activity(db, p, a.association_id, data, today())
    except (NotFound, PermissionDenied):
        raise
    except (ValidationError, DomainError) as exc:
        extra = page_forms.refusal(request, exc, f)
        on = day(f.get("dag", ""))
        return _followup_page(request, db, p, agreement_id, on, status=status_of(exc), **extra)
    return _back(agreement_id, f, "aktiviteter")


async def _period_action(
    request: Request, db: Session, p: Principal, agreement_id: int, number: int, release: bool
) -> Response:
    """A payment period's action; ``number`` is the period's place in the agreement (1 the
    first), as the page's rows count them."""
    a = agreement_of(db, p, agreement_id)
    if not 1 <= number <= len(a.periods):
        raise NotFound(service.AGREEMENT_NOT_FOUND, id=agreement_id)
    period_id = a.periods[number - 1].id
    f = await page_forms.read(request)
    try:
        if release:
            service.release_period(db, p, agreement_id, period_id)
        else:
            service.report_period(db, p, agreement_id, period_id, today())
    except (NotFound, PermissionDenied):
        raise
    except DomainError as exc:
        extra = page_forms.refusal(request, exc, {})
        on = day(f.get("dag", ""))
        return _followup_page(request, db, p, agreement_id, on, status=status_of(exc), **extra)
    return _back(agreement_id, f, f"period-{number}")


@router.post("/{agreement_id}/perioder/{number}/rapport", dependencies=[CsrfDep])
async def report_period(
    request: Request, db: SessionDep, p: UserDep, agreement_id: int, number: int
) -> Response:
    """The association says its report for the period is in (once the period has ended)."""
    return await _period_action(request, db, p, agreement_id, number, release=False)


@router.post("/{agreement_id}/perioder/{number}/frigor", dependencies=[CsrfDep])
async def release_period(
    request: Request, db: SessionDep, p: UserDep, agreement_id: int, number: int
) -> Response:
    """The supporter releases the period's payment (refused before its report is in)."""
    return await _period_action(request, db, p, agreement_id, number, release=True)
