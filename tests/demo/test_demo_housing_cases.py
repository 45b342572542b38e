"""The demo's disturbance cases and safety plans as of a fixed day: Stångåstaden's eight cases at
their steps (a termination on the 42 § path with its reason, one taken to the rent tribunal, a
deadline passed), the tenants test people; two safety plans with an overdue review and measure."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.demo import housing_cases, housing_plans
from samverkan.demo.people import TEST_YEAR
from samverkan.demo.service import seed
from samverkan.housing import plan_queries, service
from samverkan.housing.models import DisturbanceCase
from samverkan.orgs import queries as org_queries
from samverkan.people.models import Person

DAY = date(2026, 11, 25)


def _caseworker(db: Session):  # type: ignore[no-untyped-def]
    user = org_queries.user_by_email(db, housing_cases.CASEWORKER)
    assert user is not None
    return org_queries.principal_for_user(db, user)


def test_the_demo_cases_stand_at_their_steps(db: Session) -> None:
    seed(db, DAY, incidents=False, people=False, employment=False, housing=False)
    housing_cases.seed(db, DAY)
    db.commit()
    cases = list(db.scalars(select(DisturbanceCase).order_by(DisturbanceCase.id)))
    assert len(cases) == 8
    assert Counter(c.status for c in cases) == {
        "open": 3,
        "warned": 2,
        "terminated": 1,
        "closed": 2,
    }
    assert {c.outcome for c in cases if c.status == "closed"} == {"rent_tribunal", "resolved"}
    serious = [c for c in cases if c.very_serious]
    assert len(serious) == 1 and "42 §" in (serious[0].very_serious_reason or "")
    assert all(s.on <= DAY for c in cases for s in c.steps)
    placed = [c for c in cases if c.place]
    assert len(placed) == 1 and placed[0].place == "Trapphus Bergsrådsvägen 12 A"
    people = [db.get(Person, c.person_id) for c in cases]
    assert all(p is not None and p.name.startswith("Provgranne") for p in people)
    assert all(p.pnr.startswith(str(TEST_YEAR)) for p in people if p)
    due = service.deadlines(db, _caseworker(db), DAY)
    assert any(d.rectify_by < DAY for d in due)  # the warning whose day has passed


def test_the_demo_plans_have_an_overdue_review_and_measure(db: Session) -> None:
    seed(db, DAY, incidents=False, people=False, employment=False, housing=False)
    housing_plans.seed(db, DAY)
    db.commit()
    p = _caseworker(db)
    plans = plan_queries.plans(db, p)
    assert sorted(x.title.split()[1] for x in plans) == ["Ryd", "Skäggetorp"]
    assert sum(len(x.risks) for x in plans) == 5
    assert sum(len(x.measures) for x in plans) == 5
    assert len(plan_queries.overdue_reviews(db, p, DAY)) == 1
    overdue = plan_queries.overdue_measures(db, p, DAY)
    assert {m.what for m in overdue} == {
        "Brandsäkra soprum och flytta brännbart material",
        "Kamera och bättre belysning i garagen",
    }
