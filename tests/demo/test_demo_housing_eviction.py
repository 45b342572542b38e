"""The demo's eviction prevention as of a fixed day: Stångåstaden's two monthly lists, steps at
different points, the window running for some and overdue for one, consenting tenants on the
meeting list only, outcomes; the tenants test people."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.demo import housing_eviction
from samverkan.demo.people import TEST_YEAR
from samverkan.demo.service import seed
from samverkan.housing import eviction_service as service
from samverkan.housing.eviction_models import ArrearsEpisode, ArrearsList
from samverkan.orgs import queries as org_queries
from samverkan.people.models import Person

DAY = date(2026, 11, 25)


def test_the_demo_arrears(db: Session) -> None:
    seed(db, DAY, incidents=False, people=False, employment=False, housing=False)
    housing_eviction.seed(db, DAY)
    db.commit()
    lists = list(db.scalars(select(ArrearsList).order_by(ArrearsList.month)))
    assert [x.month for x in lists] == [date(2026, 10, 1), date(2026, 11, 1)]
    assert [len(x.entries) for x in lists] == [20, 24]
    eps = list(db.scalars(select(ArrearsEpisode)))
    assert len(eps) == 28
    for ep in eps:
        person = db.get(Person, ep.person_id)
        assert person is not None and person.name.startswith("Provhyresgäst")
        assert person.pnr.startswith(str(TEST_YEAR))
        assert all(s.on <= DAY for s in ep.steps) and (ep.closed_on or DAY) <= DAY
    windows = [service.the_window(e, DAY) for e in eps if e.notified_on and not e.closed_on]
    assert any(w and w.overdue for w in windows) and any(w and not w.overdue for w in windows)
    assert Counter(e.outcome for e in eps if e.outcome)["avoided"] == 3
    user = org_queries.user_by_email(db, housing_eviction.CASEWORKER)
    assert user is not None
    p = org_queries.principal_for_user(db, user)
    meeting = service.meeting_list(db, p, lists[0].org_id)
    assert meeting and all(e.consent for e in meeting)
    assert len(meeting) < len([e for e in eps if e.closed_on is None])
