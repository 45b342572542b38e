"""The demo's "En väg in" as of a fixed day: three framework agreements of Linköpings kommun,
30 contracts at every point of their trial, the decisions due and overdue on the dashboard,
the conversion rates, and Stångåstaden's case worker seeing only its own 20 flats."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverkan.demo import housing_bosocial
from samverkan.demo.service import seed
from samverkan.housing import bosocial_present as present
from samverkan.housing import bosocial_queries as queries
from samverkan.housing.bosocial_models import BosocialAgreement, BosocialContract
from samverkan.orgs import queries as org_queries

DAY = date(2026, 11, 25)


def test_the_demo_has_30_contracts_at_every_point_of_their_trial(db: Session) -> None:
    seed(db, DAY, incidents=False, people=False, employment=False, housing=False)
    housing_bosocial.seed(db, DAY)
    db.commit()
    assert db.scalar(select(func.count()).select_from(BosocialAgreement)) == 3
    contracts = list(db.scalars(select(BosocialContract)))
    assert len(contracts) == 30
    statuses = Counter(c.status for c in contracts)
    assert statuses == {"trial": 23, "taken_over": 5, "terminated": 2}
    assert sum(1 for c in contracts if len(c.decisions) == 1 and c.status == "trial") == 3
    assert all(c.start_on <= DAY for c in contracts)
    assert all(x.month <= DAY for c in contracts for x in c.payments)
    assert all(v.on <= DAY for c in contracts for v in c.visits)
    unit = housing_bosocial._principal(db, housing_bosocial.UNIT)
    assert unit is not None
    found = queries.contracts(db, unit)
    board = present.dashboard(db, found, present.people_of(db, found), DAY)
    assert len(board.due) == 5 and len(board.overdue) == 3
    assert board.conversion and all(r.too_few or r.rate is not None for r in board.conversion)
    landlord = housing_bosocial._principal(db, housing_bosocial.LANDLORD)
    assert landlord is not None
    own = queries.contracts(db, landlord)
    stanga = org_queries.org_by_name(db, "Stångåstaden")
    assert stanga is not None
    assert len(own) == 20 and {c.agreement.landlord_org_id for c in own} == {stanga.id}
    assert all(queries.view_of(landlord, c.agreement) == "landlord" for c in own)
