"""Pages of the employment programs (Sysselsättning) for the case workers and coaches: the
caseload (the programs and their participants, filtered), a new program, enrolling a person of
the register (or a new one) with the ESF+ entry data, and the participant's page: the entry
data, the pathway as a timeline with the next step, coaching sessions, the individual plan and
the follow-ups after the exit.

Every read of a participant shows a person of the register and is logged; what the caller may
not see is 404 (the same policy as the API); every form is CSRF-checked, answers a redirect
when it is saved, and the page again with the refusal in words and what was typed when not.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from samverkan.core.deps import SessionDep
from samverkan.core.errors import N_, Conflict, DomainError, Invalid, NotFound
from samverkan.core.i18n import translations
from samverkan.core.templating import render
from samverkan.core.timeutil import today
from samverkan.core.validation import label, readable
from samverkan.employment import caseload, matches, queries, service, ssyk
from samverkan.employment import page_forms as forms
from samverkan.employment.models import (
    AGE_BANDS,
    EDUCATIONS,
    ENTRY_STATUSES,
    EXIT_REASONS,
    FOLLOWUP_STATUSES,
    GENDERS,
    PLACEMENTS,
    PROGRAM_KINDS,
    REFERRALS,
    STAGES,
)
from samverkan.employment.schemas import (
    CoachingIn,
    FollowUpIn,
    ParticipantData,
    PlanStepIn,
    ProgramIn,
    StageIn,
)
from samverkan.employment.timeline import participant_view
from samverkan.geo import queries as geo_queries
from samverkan.orgs import policy
from samverkan.orgs import queries as org_queries
from samverkan.orgs.deps import CsrfDep, UserDep
from samverkan.orgs.policy import Principal
from samverkan.people import present as people_present
from samverkan.people import reads
from samverkan.people.models import BASES, Person

router = APIRouter(prefix="/sysselsattning", include_in_schema=False)
# What a form answers with the page again and the reason in words; NotFound (404) and the
# rest go through.
REFUSED = (ValidationError, Invalid, Conflict)


def _use(p: Principal) -> None:
    if not policy.can_use_employment(p):
        raise NotFound(N_("page not found"))


def _errors(request: Request, exc: ValidationError | DomainError) -> list[dict[str, str]]:
    tr = translations(getattr(request.state, "lang", "sv")).gettext
    if isinstance(exc, ValidationError):
        return readable(exc.errors(), tr)
    name = label(exc.field)
    return [{"field": tr(name) if name else "", "message": exc.text(tr)}]


def _choices(db: Any, p: Principal) -> dict[str, Any]:
    return {
        "programs": queries.programs(db, p),
        "districts": [a for a in geo_queries.visible_areas(db, p) if a.kind == "stadsdel"],
        "referrals": REFERRALS,
        "entry_statuses": ENTRY_STATUSES,
        "age_bands": AGE_BANDS,
        "genders": GENDERS,
        "educations": EDUCATIONS,
        "stages": STAGES,
        "placements": PLACEMENTS,
        "exit_reasons": EXIT_REASONS,
        "followup_statuses": FOLLOWUP_STATUSES,
        "bases": BASES,
        "units": ssyk.units(),
        "today": today().isoformat(),
    }


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


# --- The caseload ------------------------------------------------------------------------


@router.get("", response_class=HTMLResponse)
def index(
    request: Request,
    db: SessionDep,
    p: UserDep,
    program: str = "",
    stage: str = "",
    district: str = "",
    coach: str = "",
    q: str = "",
    page: str = "1",
) -> HTMLResponse:
    """The programs and their participants, narrowed by the filters; the names shown are
    logged as read (as a search of the register is)."""
    _use(p)
    f = caseload.Filters(
        program_id=_int(program),
        stage=stage if stage in STAGES else None,
        district_id=_int(district),
        coach_id=_int(coach),
        q=q.strip(),
    )
    found = caseload.rows(db, p, f, today(), _int(page) or 1)
    reads.log(request, db, p, [r.person for r in found.rows], "search")
    query = {k: v for k, v in request.query_params.items() if k != "page" and v}

    def page_url(n: int) -> str:
        return "/sysselsattning?" + urlencode({**query, "page": n})

    return _index(request, db, p, found=found, filters=f, page_url=page_url)


def _index(request: Request, db: Any, p: Principal, **ctx: Any) -> HTMLResponse:
    status = ctx.pop("status", 200)
    programs = queries.programs(db, p)
    orgs = {o.id: o for o in org_queries.visible_orgs(db, p)}
    ctx.setdefault("found", caseload.Caseload([], 0, 1, 1))
    ctx.setdefault("filters", caseload.Filters())
    ctx.setdefault("form", {})
    return render(
        request,
        "employment/index.html",
        {
            **_choices(db, p),
            "counts": {x.id: queries.stage_counts(db, p, x.id) for x in programs},
            "coaches": caseload.coaches(db, p),
            "kinds": PROGRAM_KINDS,
            "orgs": [orgs[o] for o in sorted(policy.employment_org_ids(p)) if o in orgs],
            **ctx,
        },
        status,
    )


@router.post("/program", dependencies=[CsrfDep])
async def create_program(request: Request, db: SessionDep, p: UserDep) -> Response:
    _use(p)
    f, _ = await forms.read(request)
    org_id = _int(f.get("org_id")) or min(policy.employment_org_ids(p))
    try:
        data = ProgramIn(name=f.get("name", ""), kind=f.get("kind", ""))
        program = service.create_program(db, p, data, org_id)
    except REFUSED as exc:
        db.rollback()
        return _index(request, db, p, form=f, errors=_errors(request, exc), status=422)
    return RedirectResponse(f"/sysselsattning?program={program.id}", status_code=303)


# --- Enrolling ---------------------------------------------------------------------------


def _enrol_page(
    request: Request, db: Any, p: Principal, f: dict[str, str], occupations: list[str], **ctx: Any
) -> HTMLResponse:
    """The enrolment form; ``q`` lists the people of the register who may be held for the
    programs (their names are read: logged as a search)."""
    status = ctx.pop("status", 200)
    q = f.get("q", "")
    found = caseload.with_basis(db, p, q, service.PURPOSE) if q else []
    reads.log(request, db, p, found, "search")
    occupations = forms.pad(occupations)
    context = {
        **_choices(db, p),
        "form": f,
        "occupations": occupations,
        "found": [people_present.brief(x) for x in found],
        **ctx,
    }
    return render(request, "employment/enrol.html", context, status)


@router.get("/ny", response_class=HTMLResponse)
def new(request: Request, db: SessionDep, p: UserDep, q: str = "", program: str = "") -> Any:
    _use(p)
    f = {"q": q.strip(), "program_id": program, "referred_on": today().isoformat()}
    return _enrol_page(request, db, p, f, [])


@router.post("/ny", dependencies=[CsrfDep])
async def enrol(request: Request, db: SessionDep, p: UserDep) -> Response:
    _use(p)
    f, occupations = await forms.read(request)
    try:
        program_id = _int(f.get("program_id"))
        if program_id is None:
            raise Invalid(N_("choose the program"), field="program_id")
        x = service.enrol(db, p, program_id, forms.participant_in(f, occupations))
    except service.AlreadyParticipant as exc:
        db.rollback()
        errors = _errors(request, exc)
        return _enrol_page(
            request, db, p, f, occupations, errors=errors, existing=exc.existing_id, status=409
        )
    except REFUSED as exc:
        db.rollback()
        errors = _errors(request, exc)
        return _enrol_page(request, db, p, f, occupations, errors=errors, status=422)
    return RedirectResponse(f"/sysselsattning/deltagare/{x.id}", status_code=303)


# --- The participant's page --------------------------------------------------------------


def _participant(db: Any, p: Principal, participant_id: int) -> Any:
    _use(p)
    found = queries.participant(db, p, participant_id)
    if found is None:
        raise NotFound(N_("participant %(id)s not found"), id=participant_id)
    return found


def _page(request: Request, db: Any, p: Principal, participant_id: int, **ctx: Any) -> Any:
    """The participant's page (a read of the person, logged); after a refused form the
    refusal, the form's values and ``open`` (which form to show unfolded)."""
    status = ctx.pop("status", 200)
    x = _participant(db, p, participant_id)
    person = db.get(Person, x.person_id)
    if person is None:
        raise NotFound(N_("participant %(id)s not found"), id=participant_id)
    reads.log(request, db, p, [person], "page")
    view = participant_view(db, x, person, today())
    ctx.setdefault("form", {})
    ctx.setdefault("data_form", forms.data_form(x))
    named = [f"{c} {ssyk.name(c) or ''}".strip() for c in x.occupations or []]
    ctx["occupations"] = forms.pad(ctx.get("occupations", named))
    redacted = _int(request.query_params.get("maskade"))
    tr = translations(getattr(request.state, "lang", "sv")).gettext
    found = matches.matches(db, p, participant_id=x.id, limit=20)
    ctx["matches"] = [matches.match_out(db, m, tr) for m in found]
    context = {**_choices(db, p), "v": view, "x": x, "redacted": redacted, **ctx}
    return render(request, "employment/participant.html", context, status)


@router.get("/deltagare/{participant_id}", response_class=HTMLResponse)
def participant_page(request: Request, db: SessionDep, p: UserDep, participant_id: int) -> Any:
    return _page(request, db, p, participant_id)


def _refused(
    request: Request, db: Any, p: Principal, participant_id: int, exc: Any, **ctx: Any
) -> Any:
    db.rollback()
    return _page(request, db, p, participant_id, errors=_errors(request, exc), status=422, **ctx)


def _back(participant_id: int, anchor: str, query: str = "") -> RedirectResponse:
    url = f"/sysselsattning/deltagare/{participant_id}{query}#{anchor}"
    return RedirectResponse(url, status_code=303)


@router.post("/deltagare/{participant_id}", dependencies=[CsrfDep])
async def update(request: Request, db: SessionDep, p: UserDep, participant_id: int) -> Response:
    """The entry data changed (the ESF+ categories at entry, what they can)."""
    _participant(db, p, participant_id)
    f, occupations = await forms.read(request)
    try:
        service.update(db, p, participant_id, ParticipantData(**forms.data(f, occupations)))
    except REFUSED as exc:
        return _refused(
            request, db, p, participant_id, exc, data_form=f, occupations=occupations, open="data"
        )
    return _back(participant_id, "uppgifter")


@router.post("/deltagare/{participant_id}/steg", dependencies=[CsrfDep])
async def move(request: Request, db: SessionDep, p: UserDep, participant_id: int) -> Response:
    """The next step on the pathway; the service refuses a placement before the intake or an
    exit without its reason, and the page says so."""
    _participant(db, p, participant_id)
    f, _ = await forms.read(request)
    try:
        data = StageIn(
            stage=f.get("stage", ""),
            on=f.get("on", ""),
            placement=(f.get("placement") or None) if f.get("stage") == "placed" else None,
            exit_reason=(f.get("exit_reason") or None) if f.get("stage") == "exited" else None,
            note=f.get("note") or None,
        )
        service.move(db, p, participant_id, data)
    except REFUSED as exc:
        return _refused(request, db, p, participant_id, exc, form=f, open="stage")
    return _back(participant_id, "forlopp")


@router.post("/deltagare/{participant_id}/coachning", dependencies=[CsrfDep])
async def log_coaching(
    request: Request, db: SessionDep, p: UserDep, participant_id: int
) -> Response:
    """A coaching session; the page then says how many other people's personnummer were
    taken out of the notes."""
    _participant(db, p, participant_id)
    f, _ = await forms.read(request)
    try:
        data = CoachingIn(
            held_on=f.get("held_on", ""),
            minutes=f.get("minutes") or None,
            notes=f.get("notes") or None,
        )
        _, removed = service.log_coaching(db, p, participant_id, data)
    except REFUSED as exc:
        return _refused(request, db, p, participant_id, exc, form=f, open="coaching")
    return _back(participant_id, "coachning", f"?maskade={removed}" if removed else "")


@router.post("/deltagare/{participant_id}/plan", dependencies=[CsrfDep])
async def add_step(request: Request, db: SessionDep, p: UserDep, participant_id: int) -> Response:
    _participant(db, p, participant_id)
    f, _ = await forms.read(request)
    try:
        data = PlanStepIn(text=f.get("text", ""), due_on=f.get("due_on") or None)
        step = service.add_step(db, p, participant_id, data)
    except REFUSED as exc:
        return _refused(request, db, p, participant_id, exc, form=f, open="plan")
    return _back(participant_id, f"plan-{step.id}")


@router.post("/deltagare/{participant_id}/plan/{step_id}/klar", dependencies=[CsrfDep])
def complete_step(db: SessionDep, p: UserDep, participant_id: int, step_id: int) -> Response:
    x = _participant(db, p, participant_id)
    if all(s.id != step_id for s in queries.plan(db, x.id)):
        raise NotFound(N_("plan step not found"))
    service.complete_step(db, p, step_id, today())
    return _back(participant_id, f"plan-{step_id}")


@router.post("/deltagare/{participant_id}/uppfoljning/{months}", dependencies=[CsrfDep])
async def record_followup(
    request: Request, db: SessionDep, p: UserDep, participant_id: int, months: int
) -> Response:
    """What the follow-up 1, 6 or 12 months after the exit found."""
    _participant(db, p, participant_id)
    f, _ = await forms.read(request)
    try:
        data = FollowUpIn(
            status=f.get("status", ""), done_on=f.get("done_on", ""), note=f.get("note") or None
        )
        service.record_followup(db, p, participant_id, months, data)
    except REFUSED as exc:
        return _refused(request, db, p, participant_id, exc, form=f, open=f"followup-{months}")
    return _back(participant_id, "uppfoljning")
