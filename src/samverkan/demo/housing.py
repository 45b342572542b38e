"""The demo's housing safety, as of the seed's day ``until`` (nothing after it): Stångåstaden's
disturbance cases at several steps (:mod:`.housing_cases`), its rent-arrears list and the early
contacts (:mod:`.housing_eviction`), a year of safety walks with their findings and work orders
(:mod:`.housing_walks`), its safety plans (:mod:`.housing_plans`), and the 30 bosocial contracts
of "En väg in" at different points of their trial (:mod:`.housing_bosocial`).

Everything goes through the housing services, so it is encrypted, checked and audited like real
entries; the tenants are test people (test personnummer, names that say they are made up)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from samverkan.demo import (
    housing_bosocial,
    housing_cases,
    housing_eviction,
    housing_plans,
    housing_walks,
)


def seed_housing(session: Session, until: date) -> None:
    """The housing-safety demo as of ``until`` (nothing when the demo's organisations or users
    are missing)."""
    housing_cases.seed(session, until)
    housing_eviction.seed(session, until)
    housing_walks.seed(session, until)
    housing_plans.seed(session, until)
    housing_bosocial.seed(session, until)
