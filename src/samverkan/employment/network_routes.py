"""The employer network and matching API, under ``/api/v1/employment`` (Bearer token): the
owning organisation's case workers and admins, through their personal token; anyone else 404.

A change (PATCH) sends only the fields to change; the record is checked again as a whole and
refused (422, naming the field) for the same reasons as a new one."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from samverkan.core.deps import SessionDep
from samverkan.core.errors import N_, NotFound
from samverkan.core.i18n import DEFAULT_LANGUAGE, translations
from samverkan.employment import matches, network
from samverkan.employment.models import Participant
from samverkan.employment.network_schemas import (
    DecisionIn,
    EmployerIn,
    EmployerOut,
    MatchOut,
    OpeningIn,
    OpeningOut,
    OutcomeIn,
    OverrideIn,
    ProposeIn,
)
from samverkan.orgs import policy
from samverkan.orgs.deps import ApiDep
from samverkan.orgs.policy import Principal
from samverkan.people import reads
from samverkan.people.models import Person

api = APIRouter(prefix="/api/v1/employment", tags=["employment"])

Changes = dict[str, Any]


def _use(p: Principal) -> None:
    if not policy.can_use_employment(p):
        raise NotFound(N_("not found"))


def _checked(change: Any) -> Any:
    """Run a change, a refused value answered as a refused request (422, the field named)."""
    try:
        return change()
    except ValidationError as exc:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]
        ) from exc


def _opening_out(db: Any, o: Any) -> OpeningOut:
    return network.opening_out(o, network.taken(db, [o.id]).get(o.id, 0))


@api.get("/employers", response_model=list[EmployerOut], summary="The employer network")
def employers(db: SessionDep, p: ApiDep, org_id: int | None = None) -> list[EmployerOut]:
    _use(p)
    found = network.employers(db, p, org_id)
    counts = network.opening_counts(db, [x.id for x in found])
    return [network.employer_out(x, counts.get(x.id, 0)) for x in found]


@api.post("/employers", status_code=201, response_model=EmployerOut)
def create_employer(db: SessionDep, p: ApiDep, body: EmployerIn, org_id: int) -> EmployerOut:
    _use(p)
    return network.employer_out(network.create_employer(db, p, body, org_id))


@api.get("/employers/{employer_id}", response_model=EmployerOut)
def employer(db: SessionDep, p: ApiDep, employer_id: int) -> EmployerOut:
    _use(p)
    found = network.employer(db, p, employer_id)
    if found is None:
        raise NotFound(N_("employer %(id)s not found"), id=employer_id)
    return network.employer_out(found, network.opening_counts(db, [found.id]).get(found.id, 0))


@api.patch("/employers/{employer_id}", response_model=EmployerOut)
def update_employer(
    db: SessionDep, p: ApiDep, employer_id: int, body: Changes = Body()
) -> EmployerOut:
    _use(p)
    x = _checked(lambda: network.update_employer(db, p, employer_id, body))
    return network.employer_out(x)


@api.get("/openings", response_model=list[OpeningOut], summary="Openings, soonest first")
def openings(
    db: SessionDep,
    p: ApiDep,
    status: str | None = None,
    employer_id: int | None = None,
    org_id: int | None = None,
) -> list[OpeningOut]:
    _use(p)
    found = network.openings(db, p, org_id=org_id, status=status, employer_id=employer_id)
    held = network.taken(db, [o.id for o in found])
    return [network.opening_out(o, held.get(o.id, 0)) for o in found]


@api.post("/openings", status_code=201, response_model=OpeningOut)
def create_opening(db: SessionDep, p: ApiDep, body: OpeningIn, org_id: int) -> OpeningOut:
    """An opening needs its occupation: a known SSYK 2012 unit group (4 digits)."""
    _use(p)
    return _opening_out(db, network.create_opening(db, p, body, org_id))


@api.get("/openings/{opening_id}", response_model=OpeningOut)
def opening(db: SessionDep, p: ApiDep, opening_id: int) -> OpeningOut:
    _use(p)
    found = network.opening(db, p, opening_id)
    if found is None:
        raise NotFound(N_("opening %(id)s not found"), id=opening_id)
    return _opening_out(db, found)


@api.patch("/openings/{opening_id}", response_model=OpeningOut)
def update_opening(
    db: SessionDep, p: ApiDep, opening_id: int, body: Changes = Body()
) -> OpeningOut:
    _use(p)
    return _opening_out(db, _checked(lambda: network.update_opening(db, p, opening_id, body)))


def _out(request: Request, db: Any, p: Principal, found: list[Any]) -> list[MatchOut]:
    """Matches as shown, each participant's name read (and the reads logged)."""
    people = [db.get(Participant, x.participant_id) for x in found]
    persons = [db.get(Person, x.person_id) for x in people if x is not None]
    reads.log(request, db, p, [x for x in persons if x is not None], "api")
    tr = translations(getattr(request.state, "lang", DEFAULT_LANGUAGE)).gettext
    return [matches.match_out(db, x, tr) for x in found]


@api.post("/matches/propose", response_model=list[MatchOut], summary="Propose matches")
def propose(
    request: Request, db: SessionDep, p: ApiDep, org_id: int, body: ProposeIn | None = None
) -> list[MatchOut]:
    """Replace the organisation's open proposals with the best assignment now: each looking
    participant for at most one opening, each opening for at most its free places."""
    _use(p)
    return _out(request, db, p, matches.propose(db, p, org_id, body or ProposeIn()))


@api.get("/matches", response_model=list[MatchOut])
def list_matches(
    request: Request,
    db: SessionDep,
    p: ApiDep,
    status: str | None = None,
    participant_id: int | None = None,
    opening_id: int | None = None,
) -> list[MatchOut]:
    _use(p)
    found = matches.matches(
        db, p, status=status, participant_id=participant_id, opening_id=opening_id
    )
    return _out(request, db, p, found)


@api.post("/matches/override", status_code=201, response_model=MatchOut)
def override(request: Request, db: SessionDep, p: ApiDep, body: OverrideIn) -> MatchOut:
    """Pair a participant with an opening the proposal did not (confirmed, marked override)."""
    _use(p)
    return _out(request, db, p, [matches.override(db, p, body)])[0]


@api.post("/matches/{match_id}/decision", response_model=MatchOut)
def decide(
    request: Request, db: SessionDep, p: ApiDep, match_id: int, body: DecisionIn
) -> MatchOut:
    _use(p)
    return _out(request, db, p, [matches.decide(db, p, match_id, body)])[0]


@api.post("/matches/{match_id}/outcome", response_model=MatchOut)
def outcome(
    request: Request, db: SessionDep, p: ApiDep, match_id: int, body: OutcomeIn
) -> MatchOut:
    """Hired (places the participant, fills the opening when all its places are hired) or not."""
    _use(p)
    return _out(request, db, p, [matches.record_outcome(db, p, match_id, body)])[0]
