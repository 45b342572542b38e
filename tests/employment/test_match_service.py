"""Matching on stored data: the proposal is the best assignment (checked against
``scipy.optimize.linear_sum_assignment`` on the same scores), the coach's decisions move the
pathway by its own rules, a decided pair is never proposed again, and an opening's places
hold."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from fastapi.testclient import TestClient
from scipy.optimize import linear_sum_assignment
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.core.errors import Conflict, Invalid
from samverkan.core.models import AuditEvent
from samverkan.employment import matches, network, queries
from samverkan.employment.analysis import matching
from samverkan.employment.models import Match
from samverkan.employment.network_schemas import (
    DecisionIn,
    EmployerIn,
    OpeningIn,
    OutcomeIn,
    OverrideIn,
    ProposeIn,
)
from tests.employment.test_pathway import _enrol, _move, _program
from tests.people.conftest import Caseworkers
from tests.people.test_personal_tokens import _make_own_token

DAY = date(2026, 3, 2)
ON = date(2026, 5, 4)


def _world(db: Session, cw: Caseworkers) -> dict[str, object]:
    """Five participants (four looking, one only referred) and three openings: cleaning with
    two places, painting (licence required) and a warehouse job."""
    program = _program(db, cw)
    people = {}
    spec = {
        "städ": (451, ["9111"], ["städning"], True, cw.ids["skaggetorp"]),
        "städ2": (452, ["91"], ["städning", "truckkort"], False, cw.ids["ryd"]),
        "målare": (453, ["7131"], ["måleri"], True, cw.ids["skaggetorp"]),
        "lager": (454, ["4322"], ["truckkort"], False, None),
        "ny": (455, ["9111"], ["städning"], True, cw.ids["skaggetorp"]),
    }
    for key, (serial, occ, skills, licence, district) in spec.items():
        x = _enrol(db, cw, program, serial=serial, district_id=district)
        x.occupations, x.skills, x.licence = occ, skills, licence
        db.commit()
        if key != "ny":
            _move(db, cw, x, "intake", date(2026, 3, 9))
            _move(db, cw, x, "active", date(2026, 3, 30))
        people[key] = x
    p = cw.principals["handlaggare"]
    org = cw.ids["kommun_org"]
    boss = network.create_employer(
        db, p, EmployerIn(name="Rent & Fint (demo)", kind="private"), org
    )
    db.flush()

    def opening(title: str, code: str, **kw: object) -> int:
        data = OpeningIn(employer_id=boss.id, title=title, ssyk=code, start_on=ON, **kw)
        return network.create_opening(db, p, data, org).id

    openings = {
        "städ": opening(
            "Lokalvårdare", "9111", skills=["städning"], places=2, district_id=cw.ids["skaggetorp"]
        ),
        "måleri": opening("Målare", "7131", skills=["måleri"], licence=True),
        "lager": opening("Lagerarbetare", "4322", skills=["truckkort"], lat=58.41, lon=15.62),
    }
    db.commit()
    return {"program": program, "people": people, "openings": openings}


def test_the_proposal_is_the_best_assignment_with_its_reasons(
    db: Session, people_world: Caseworkers
) -> None:
    w = _world(db, people_world)
    p = people_world.principals["handlaggare"]
    found = matches.propose(db, p, people_world.ids["kommun_org"], ProposeIn())
    db.commit()
    people, openings = w["people"], w["openings"]
    pairs = {(x.participant_id, x.opening_id) for x in found}
    assert people["ny"].id not in {a for a, _ in pairs}  # only referred: not looking yet
    assert (people["målare"].id, openings["måleri"]) in pairs
    assert (people["städ"].id, openings["städ"]) in pairs

    # the oracle: every pair scored the same way, a column per place, linear_sum_assignment
    looking = [people[k] for k in ("städ", "städ2", "målare", "lager")]
    places = matches._Places(db)
    cands = [matches.candidate(x, places) for x in looking]
    opens = [network.opening(db, p, openings[k]) for k in ("städ", "städ", "måleri", "lager")]
    w_ = np.array(
        [[matching.score(c, matches.as_opening(o, places, 1)).total for o in opens] for c in cands]
    )
    w_[w_ < matching.MIN_SCORE] = 0
    r, c = linear_sum_assignment(w_, maximize=True)
    assert sum(x.score for x in found) == pytest.approx(w_[r, c].sum(), abs=0.05)
    best = found[0]
    assert best.score == max(x.score for x in found) and best.reasons
    assert best.reasons[0][0].startswith("same occupation")
    assert queries.participant(db, p, people["städ"].id).stage == "active"  # nothing moved yet


def test_decisions_move_the_pathway_and_a_decided_pair_is_not_proposed_again(
    db: Session, people_world: Caseworkers
) -> None:
    w = _world(db, people_world)
    p = people_world.principals["handlaggare"]
    org = people_world.ids["kommun_org"]
    people, openings = w["people"], w["openings"]
    found = {(x.participant_id, x.opening_id): x for x in matches.propose(db, p, org, ProposeIn())}
    painter = found[(people["målare"].id, openings["måleri"])]
    matches.decide(db, p, painter.id, DecisionIn(status="rejected"))
    db.commit()
    again = matches.propose(db, p, org, ProposeIn())
    db.commit()
    assert (people["målare"].id, openings["måleri"]) not in {
        (x.participant_id, x.opening_id) for x in again
    }
    assert db.get(Match, painter.id).status == "rejected"  # kept, not replaced

    cleaner = next(x for x in again if x.participant_id == people["städ"].id)
    matches.decide(db, p, cleaner.id, DecisionIn(status="confirmed", on=date(2026, 4, 1)))
    db.commit()
    x = queries.participant(db, p, people["städ"].id)
    assert x.stage == "matched" and x.stage_since == date(2026, 4, 1)
    with pytest.raises(Conflict):
        matches.decide(db, p, cleaner.id, DecisionIn(status="rejected"))
    db.rollback()

    # the coach's own choice: the newly referred participant for the painting job
    over = matches.override(
        db, p, OverrideIn(participant_id=people["ny"].id, opening_id=openings["måleri"], on=ON)
    )
    db.commit()
    assert over.override and over.status == "confirmed" and over.score > 0
    assert queries.participant(db, p, people["ny"].id).stage == "matched"
    with pytest.raises(Conflict):  # its one place is taken now
        matches.override(
            db, p, OverrideIn(participant_id=people["lager"].id, opening_id=openings["måleri"])
        )
    db.rollback()

    # a hire dated before the intake is refused and changes nothing; then the hire
    with pytest.raises(Invalid) as err:
        matches.record_outcome(db, p, cleaner.id, OutcomeIn(outcome="hired", on=date(2026, 3, 1)))
    assert err.value.field == "on"
    db.rollback()
    assert db.get(Match, cleaner.id).outcome == "pending"
    matches.record_outcome(db, p, cleaner.id, OutcomeIn(outcome="hired", on=date(2026, 5, 4)))
    db.commit()
    x = queries.participant(db, p, people["städ"].id)
    assert x.stage == "placed" and x.placement == "employment"
    assert network.opening(db, p, openings["städ"]).status == "open"  # one of two places
    matches.record_outcome(db, p, over.id, OutcomeIn(outcome="hired", on=date(2026, 5, 4)))
    db.commit()
    assert network.opening(db, p, openings["måleri"]).status == "filled"
    actions = list(
        db.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.object_type == "match")
            .order_by(AuditEvent.id)
        )
    )
    assert actions.count("match.propose") == 2 and actions.count("match.outcome") == 2
    assert actions.count("match.decide") == 3


def test_the_api_proposes_in_words_and_keeps_matches_to_the_owner(
    app, db: Session, people_world: Caseworkers, world
) -> None:
    w = _world(db, people_world)
    secret, _ = _make_own_token(people_world)
    api = TestClient(app, headers={"Authorization": f"Bearer {secret}"})
    org = people_world.ids["kommun_org"]
    got = api.post(f"/api/v1/employment/matches/propose?org_id={org}", json={})
    assert got.status_code == 200, got.text
    rows = got.json()
    assert rows and all(r["status"] == "proposed" for r in rows)
    first = rows[0]
    assert (
        first["participant"] == "Deltagare Syntetisk" and first["employer"] == "Rent & Fint (demo)"
    )
    assert first["reasons"][0]["text"].startswith("samma yrke")
    listed = api.get("/api/v1/employment/matches?status=proposed").json()
    assert {r["id"] for r in listed} == {r["id"] for r in rows}
    decided = api.post(
        f"/api/v1/employment/matches/{first['id']}/decision", json={"status": "maybe"}
    )
    assert decided.status_code == 422
    org_token = world.personas["rapportor"].token
    other = TestClient(app, headers={"Authorization": f"Bearer {org_token}"})
    assert other.get("/api/v1/employment/matches").status_code == 404
    assert (
        other.post(
            f"/api/v1/employment/matches/{first['id']}/decision", json={"status": "confirmed"}
        ).status_code
        == 404
    )
    assert w["people"]
