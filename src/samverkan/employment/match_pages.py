"""Matching for the owning organisation's coaches (``/sysselsattning/matchning``): ask for the
best proposal for everyone looking (one opening each, each opening at most its free places),
each proposal with its score and its reasons in words; confirm or reject it; pair someone the
proposal did not (an override, marked as such); record whether a confirmed match led to a hire.

Every participant named on the page is a logged read; what the caller may not see is 404.
Thin: parse → :mod:`.matches` → render; the employers and openings are on
:mod:`.network_pages`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.core.deps import SessionDep
from samverkan.core.errors import N_, DomainError, Invalid, NotFound
from samverkan.core.templating import render
from samverkan.employment import matches, network, queries
from samverkan.employment.models import Match, Opening, Participant
from samverkan.employment.network_schemas import (
    DecisionIn,
    MatchOut,
    OutcomeIn,
    OverrideIn,
    ProposeIn,
)
from samverkan.employment.page_kit import (
    day,
    errors,
    form,
    gettext,
    org_of,
    people_of,
    status_of,
    use,
)
from samverkan.orgs.deps import CsrfDep, UserDep
from samverkan.orgs.policy import Principal
from samverkan.people import reads

router = APIRouter(prefix="/sysselsattning", include_in_schema=False)

HISTORY = 50  # decided matches shown, latest first
Form = dict[str, str]

# The names of the matching page's own fields in refusals (``Domain(fields=...)``).
FIELD_LABELS = {"min_score": N_("lowest score")}


@dataclass(frozen=True)
class Board:
    """The matches of an organisation as the page groups them."""

    proposed: list[MatchOut]
    confirmed: list[MatchOut]  # outcome still pending
    decided: list[MatchOut]  # rejected, or confirmed with an outcome


def board(request: Request, db: Session, p: Principal, org_id: int) -> tuple[Board, set[int]]:
    """The organisation's matches (shown in the caller's language) and their participants."""
    tr = gettext(request)
    openings = {o.id for o in network.openings(db, p, org_id=org_id)}
    found = [x for x in matches.matches(db, p, limit=2000) if x.opening_id in openings]
    decided = sorted(
        (x for x in found if x.status == "rejected" or x.outcome != "pending"),
        key=lambda x: (x.decided_at is not None, x.decided_at, x.id),
        reverse=True,
    )[:HISTORY]
    shown: list[Match] = [
        *(x for x in found if x.status == "proposed"),
        *(x for x in found if x.status == "confirmed" and x.outcome == "pending"),
        *decided,
    ]
    out = {x.id: matches.match_out(db, x, tr) for x in shown}
    groups = Board(
        proposed=[out[x.id] for x in found if x.status == "proposed"],
        confirmed=[out[x.id] for x in found if x.status == "confirmed" and x.outcome == "pending"],
        decided=[out[x.id] for x in decided],
    )
    return groups, {x.participant_id for x in shown}


def _looking(db: Session, org_id: int) -> list[Participant]:
    """The organisation's participants who may be matched (the override's choice)."""
    q = select(Participant).where(
        Participant.org_id == org_id, Participant.stage.in_(matches.LOOKING)
    )
    return list(db.scalars(q.order_by(Participant.id)))


def _page(
    request: Request, db: Session, p: Principal, org_id: int, on: date, **extra: Any
) -> HTMLResponse:
    status_code = extra.pop("status", 200)
    groups, named = board(request, db, p, org_id)
    looking = _looking(db, org_id)
    persons = people_of(db, named | {x.id for x in looking})
    reads.log(request, db, p, list({x.id: x for x in persons.values()}.values()), "search")
    open_ = network.openings(db, p, org_id=org_id, status="open")
    held = network.taken(db, [o.id for o in open_])
    ctx = {
        "org_id": org_id,
        "on": on,
        "board": groups,
        "looking": sorted(
            ((x, persons[x.id]) for x in looking if x.id in persons), key=lambda t: t[1].name
        ),
        "openings": [(o, o.places - held.get(o.id, 0)) for o in open_],
        "programs": [pr for pr in queries.programs(db, p) if pr.org_id == org_id],
        "form": {},
        **extra,
    }
    return render(request, "employment/matching.html", ctx, status_code)


def _back(org_id: int, anchor: str) -> RedirectResponse:
    return RedirectResponse(f"/sysselsattning/matchning?org={org_id}#{anchor}", status_code=303)


def _refused(
    request: Request, db: Session, p: Principal, org_id: int, exc: Any, f: dict[str, str]
) -> HTMLResponse:
    on = day(f.get("dag", ""))
    extra = {"errors": errors(request, exc), "form": f, "status": status_of(exc)}
    return _page(request, db, p, org_id, on, **extra)


def _match_org(db: Session, p: Principal, match_id: int) -> int:
    """The organisation of a match the caller may decide on (404 otherwise)."""
    found = db.get(Match, match_id)
    o = db.get(Opening, found.opening_id) if found else None
    if o is None or network.opening(db, p, o.id) is None:
        raise NotFound(N_("match %(id)s not found"), id=match_id)
    return o.org_id


@router.get("/matchning", response_class=HTMLResponse)
def matching_page(
    request: Request, db: SessionDep, p: UserDep, org: str = "", dag: str = ""
) -> HTMLResponse:
    use(p)
    return _page(request, db, p, org_of(p, org), day(dag))


@router.post("/matchning/forslag", dependencies=[CsrfDep])
async def propose(request: Request, db: SessionDep, p: UserDep) -> Response:
    """Replace the open proposals with the best assignment now; back at the best of them."""
    use(p)
    f = await form(request)
    org_id = org_of(p, f.get("org"))
    try:
        data = ProposeIn(program_id=f.get("program_id") or None, min_score=f.get("min_score") or 40)
        found = matches.propose(db, p, org_id, data)
    except (ValidationError, DomainError) as exc:
        return _refused(request, db, p, org_id, exc, f)
    return _back(org_id, f"matchning-{found[0].id}" if found else "forslag")


@router.post("/matchning/egen", dependencies=[CsrfDep])
async def override(request: Request, db: SessionDep, p: UserDep) -> Response:
    """The coach pairs a participant with an opening of their choice."""
    use(p)
    f = await form(request)
    org_id = org_of(p, f.get("org"))
    try:
        if not f.get("participant_id"):
            raise Invalid(N_("choose a participant"), field="participant_id")
        if not f.get("opening_id"):
            raise Invalid(N_("choose an opening"), field="opening_id")
        data = OverrideIn(
            participant_id=f.get("participant_id", ""),
            opening_id=f.get("opening_id", ""),
            on=f.get("on") or None,
        )
        found = matches.override(db, p, data)
    except (ValidationError, DomainError) as exc:
        return _refused(request, db, p, org_id, exc, f)
    return _back(org_id, f"matchning-{found.id}")


async def _on_match(
    request: Request, db: Session, p: Principal, match_id: int, change: Callable[[Form], object]
) -> Response:
    """A coach's change to one match from its form: back at its row, or the page again with
    the refusal (nothing changed)."""
    use(p)
    org_id = _match_org(db, p, match_id)
    f = await form(request)
    try:
        change(f)
    except (ValidationError, DomainError) as exc:
        return _refused(request, db, p, org_id, exc, f)
    return _back(org_id, f"matchning-{match_id}")


@router.post("/matchning/{match_id}/beslut", dependencies=[CsrfDep])
async def decide(request: Request, db: SessionDep, p: UserDep, match_id: int) -> Response:
    """Confirm (the participant moves to "matched" on the day given) or reject a proposal."""

    def change(f: Form) -> object:
        data = DecisionIn(status=f.get("status", ""), on=f.get("on") or None)
        return matches.decide(db, p, match_id, data)

    return await _on_match(request, db, p, match_id, change)


@router.post("/matchning/{match_id}/utfall", dependencies=[CsrfDep])
async def outcome(request: Request, db: SessionDep, p: UserDep, match_id: int) -> Response:
    """Hired (the participant is placed in employment) or not hired (looked for again)."""

    def change(f: Form) -> object:
        data = OutcomeIn(outcome=f.get("outcome", ""), on=f.get("on") or None)
        return matches.record_outcome(db, p, match_id, data)

    return await _on_match(request, db, p, match_id, change)
