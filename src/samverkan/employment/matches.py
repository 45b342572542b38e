"""Matching on stored data: the coach asks for proposals, confirms or rejects them, pairs
someone the proposal did not (an override), and records the outcome.

:func:`propose` takes the organisation's participants who are looking (mapped, active, or
matched without a live match) and its open openings with places left, scores every pair that
can reach the minimum with :mod:`.analysis.scoring` (the participant's place is their
district's centroid, the opening's its point or its district's centroid, both in SWEREF 99 TM)
and stores the assignment of greatest total score (:mod:`.analysis.assignment`): each
participant proposed for one opening, each opening for at most its free places. A pair the
coach has already decided on is never proposed again. A proposal keeps its score and reasons
as computed then.

Confirming a match (or an override) moves the participant to "matched"; a hire moves them to
"placed" (employment), by the pathway's own rules (:func:`.service.move`): a hire dated before
the intake is refused as any placement is. Every decision is audited with ids and codes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import shapely
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from samverkan.core import audit
from samverkan.core.db import utcnow
from samverkan.core.errors import N_, Conflict, Invalid, NotFound
from samverkan.core.timeutil import today
from samverkan.employment import network, queries, service
from samverkan.employment.analysis import assignment
from samverkan.employment.analysis import matching as m
from samverkan.employment.analysis.flows import STAGES
from samverkan.employment.models import Match, Opening, Participant
from samverkan.employment.network_schemas import (
    DecisionIn,
    MatchOut,
    OutcomeIn,
    OverrideIn,
    ProposeIn,
    ReasonOut,
)
from samverkan.employment.schemas import StageIn
from samverkan.geo.crs import to_sweref99tm
from samverkan.geo.models import Area
from samverkan.orgs import policy
from samverkan.orgs.policy import Principal
from samverkan.people.models import Person

LOOKING = ("mapped", "active", "matched")  # stages in which a participant is matched
LIVE = ("pending", "hired")  # a confirmed match with these outcomes holds its place


class _Places:
    """SWEREF 99 TM (easting, northing) of districts' centroids, each computed once."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.cache: dict[int, tuple[float, float] | None] = {}

    def district(self, area_id: int | None) -> tuple[float, float] | None:
        if area_id is None:
            return None
        if area_id not in self.cache:
            area = self.session.get(Area, area_id)
            if area is None:
                self.cache[area_id] = None
            else:
                c = shapely.from_wkb(area.geom_wkb).centroid
                self.cache[area_id] = _sweref(c.y, c.x)
        return self.cache[area_id]

    def opening(self, o: Opening) -> tuple[float, float] | None:
        if o.lat is not None and o.lon is not None:
            return _sweref(o.lat, o.lon)
        return self.district(o.district_id)


def _sweref(lat: float, lon: float) -> tuple[float, float]:
    n, e = to_sweref99tm(lat, lon)
    return float(e), float(n)


def candidate(x: Participant, places: _Places) -> m.Candidate:
    return m.Candidate(
        key=x.id,
        occupations=tuple(x.occupations or ()),
        skills=frozenset(x.skills or ()),
        languages=frozenset(x.languages or ()),
        licence=x.licence,
        xy=places.district(x.district_id),
    )


def as_opening(o: Opening, places: _Places, free: int) -> m.Opening:
    return m.Opening(
        key=o.id,
        occupation=o.ssyk,
        skills=frozenset(o.skills or ()),
        languages=frozenset(o.languages or ()),
        licence=o.licence,
        xy=places.opening(o),
        places=max(0, free),
    )


def _live(session: Session, participant_ids: list[int]) -> set[int]:
    """The participants who hold a live match (confirmed, not turned down)."""
    if not participant_ids:
        return set()
    return set(
        session.scalars(
            select(Match.participant_id).where(
                Match.participant_id.in_(participant_ids),
                Match.status == "confirmed",
                Match.outcome.in_(LIVE),
            )
        )
    )


def propose(session: Session, p: Principal, org_id: int, data: ProposeIn) -> list[Match]:
    """Replace the organisation's open proposals with the best assignment now (see the
    module docstring); the new proposals, best first."""
    if not policy.can_work_employment(p, org_id):
        raise NotFound(N_("organisation not found"))
    if data.program_id is not None:
        program = queries.program(session, p, data.program_id)
        if program is None or program.org_id != org_id:
            raise NotFound(N_("program %(id)s not found"), id=data.program_id)
    q = select(Participant).where(Participant.org_id == org_id, Participant.stage.in_(LOOKING))
    if data.program_id is not None:
        q = q.where(Participant.program_id == data.program_id)
    people = list(session.scalars(q.order_by(Participant.id)))
    busy = _live(session, [x.id for x in people])
    people = [x for x in people if x.id not in busy]
    open_ = network.openings(session, p, org_id=org_id, status="open")
    held = network.taken(session, [o.id for o in open_])
    places = _Places(session)
    decided = {
        (a, b)
        for a, b in session.execute(
            select(Match.participant_id, Match.opening_id)
            .join(Opening, Opening.id == Match.opening_id)
            .where(Opening.org_id == org_id, Match.status != "proposed")
        )
    }
    found = assignment.propose(
        [candidate(x, places) for x in people],
        [as_opening(o, places, o.places - held.get(o.id, 0)) for o in open_],
        min_score=data.min_score,
        exclude=decided,
    )
    stale = select(Opening.id).where(Opening.org_id == org_id)
    session.execute(
        delete(Match)
        .where(Match.status == "proposed", Match.opening_id.in_(stale))
        .execution_options(synchronize_session="fetch")
    )
    rows = [
        Match(
            participant_id=f.candidate,
            opening_id=f.opening,
            score=round(f.score.total, 2),
            reasons=[[msgid, params] for msgid, params in f.score.reasons],
        )
        for f in found
    ]
    session.add_all(rows)
    session.flush()
    audit.record(
        session,
        "match.propose",
        actor=p,
        object_type="match",
        object_id=None,
        detail={"proposed": len(rows), "program": data.program_id, "org": org_id},
    )
    return rows


def matches(
    session: Session,
    p: Principal | None,
    *,
    status: str | None = None,
    participant_id: int | None = None,
    opening_id: int | None = None,
    limit: int = 500,
) -> list[Match]:
    """The matches of the caller's organisations' openings, best score first."""
    orgs = policy.employment_org_ids(p)
    if not orgs:
        return []
    q = select(Match).join(Opening, Opening.id == Match.opening_id).where(Opening.org_id.in_(orgs))
    if status:
        q = q.where(Match.status == status)
    if participant_id is not None:
        q = q.where(Match.participant_id == participant_id)
    if opening_id is not None:
        q = q.where(Match.opening_id == opening_id)
    return list(session.scalars(q.order_by(Match.score.desc(), Match.id).limit(limit)))


def match_out(session: Session, x: Match, tr: Callable[[str], str]) -> MatchOut:
    """A match as shown: the participant's name (the caller logs the read), the opening and
    its employer, and the reasons in the reader's language."""
    participant = session.get(Participant, x.participant_id)
    person = session.get(Person, participant.person_id) if participant else None
    o = session.get(Opening, x.opening_id)
    reasons = []
    for msgid, params in x.reasons or []:
        values = dict(params) if isinstance(params, dict) else {}
        reasons.append(ReasonOut(msgid=str(msgid), params=values, text=tr(str(msgid)) % values))
    return MatchOut(
        id=x.id,
        participant_id=x.participant_id,
        participant=person.name if person else "",
        opening_id=x.opening_id,
        opening=o.title if o else "",
        employer=o.employer.name if o else "",
        score=x.score,
        reasons=reasons,
        status=x.status,
        override=x.override,
        outcome=x.outcome,
        decided_at=x.decided_at.isoformat() if x.decided_at else None,
    )


def _match(session: Session, p: Principal, match_id: int) -> Match:
    found = session.get(Match, match_id)
    o = session.get(Opening, found.opening_id) if found else None
    if found is None or o is None or not policy.can_work_employment(p, o.org_id):
        raise NotFound(N_("match %(id)s not found"), id=match_id)
    return found


def _may_take(session: Session, x: Participant, o: Opening) -> None:
    """Refuse a confirmation the pathway or the opening cannot take, before any change."""
    if o.status != "open":
        raise Conflict(N_("the opening is %(status)s"), field="opening_id", status=o.status)
    if network.taken(session, [o.id]).get(o.id, 0) >= o.places:
        raise Conflict(N_("all the opening's places are taken"), field="opening_id")
    if STAGES.index(x.stage) > STAGES.index("matched"):
        raise Invalid(
            N_("the participant is already %(stage)s"), field="participant_id", stage=x.stage
        )
    if _live(session, [x.id]):
        raise Conflict(N_("the participant already has a confirmed match"), field="participant_id")


def _confirm(session: Session, p: Principal, x: Participant, match: Match, on: date) -> None:
    if x.stage != "matched":
        service.move(session, p, x.id, StageIn(stage="matched", on=on))
    match.status, match.decided_by_user_id, match.decided_at = "confirmed", p.user_id, utcnow()
    session.execute(
        delete(Match)
        .where(Match.participant_id == x.id, Match.status == "proposed", Match.id != match.id)
        .execution_options(synchronize_session="fetch")
    )


def decide(session: Session, p: Principal, match_id: int, data: DecisionIn) -> Match:
    """The coach confirms or rejects a proposed match."""
    match = _match(session, p, match_id)
    if match.status != "proposed":
        raise Conflict(N_("the match is already %(status)s"), field="status", status=match.status)
    if data.status == "confirmed":
        x = queries.participant(session, p, match.participant_id)
        o = session.get(Opening, match.opening_id)
        if x is None or o is None:
            raise NotFound(N_("match %(id)s not found"), id=match_id)
        on = data.on or today()
        _may_take(session, x, o)
        _confirm(session, p, x, match, on)
    else:
        match.status, match.decided_by_user_id, match.decided_at = (
            "rejected",
            p.user_id,
            utcnow(),
        )
    audit.record(
        session,
        "match.decide",
        actor=p,
        object_type="match",
        object_id=match.id,
        detail={"status": data.status, "override": False},
    )
    return match


def override(session: Session, p: Principal, data: OverrideIn) -> Match:
    """The coach pairs a participant with an opening of their choice: stored as confirmed and
    marked as an override, with the pair's score and reasons computed all the same."""
    x = queries.participant(session, p, data.participant_id)
    if x is None:
        raise NotFound(N_("participant %(id)s not found"), id=data.participant_id)
    o = network.opening(session, p, data.opening_id)
    if o is None or o.org_id != x.org_id:
        raise Invalid(N_("no such opening in the organisation's network"), field="opening_id")
    existing = session.scalar(
        select(Match).where(Match.participant_id == x.id, Match.opening_id == o.id)
    )
    if existing is not None and existing.status == "confirmed":
        raise Conflict(N_("the match is already %(status)s"), field="status", status="confirmed")
    on = data.on or today()
    _may_take(session, x, o)
    places = _Places(session)
    s = m.score(candidate(x, places), as_opening(o, places, 1))
    match = existing or Match(participant_id=x.id, opening_id=o.id)
    match.score = round(s.total, 2)
    match.reasons = [[msgid, params] for msgid, params in s.reasons]
    match.override = True
    if existing is None:
        session.add(match)
        session.flush()
    _confirm(session, p, x, match, on)
    audit.record(
        session,
        "match.decide",
        actor=p,
        object_type="match",
        object_id=match.id,
        detail={"status": "confirmed", "override": True},
    )
    return match


def record_outcome(session: Session, p: Principal, match_id: int, data: OutcomeIn) -> Match:
    """Whether a confirmed match led to a hire. A hire places the participant (employment)
    and fills the opening when its places are all hired; "not hired" frees the place and the
    participant is looked for again."""
    match = _match(session, p, match_id)
    if match.status != "confirmed":
        raise Conflict(N_("only a confirmed match has an outcome"), field="outcome")
    if match.outcome != "pending":
        raise Conflict(
            N_("the outcome is already recorded: %(outcome)s"),
            field="outcome",
            outcome=match.outcome,
        )
    if data.outcome == "hired":
        x = queries.participant(session, p, match.participant_id)
        if x is not None and STAGES.index(x.stage) < STAGES.index("placed"):
            move = StageIn(stage="placed", on=data.on or today(), placement="employment")
            service.move(session, p, x.id, move)
    match.outcome = data.outcome
    session.flush()
    o = session.get(Opening, match.opening_id)
    if o is not None and data.outcome == "hired":
        hired = session.scalars(
            select(Match.id).where(Match.opening_id == o.id, Match.outcome == "hired")
        ).all()
        if len(hired) >= o.places:
            o.status = "filled"
    audit.record(
        session,
        "match.outcome",
        actor=p,
        object_type="match",
        object_id=match.id,
        detail={"outcome": data.outcome},
    )
    return match
