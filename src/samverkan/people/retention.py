"""The person register in :mod:`samverkan.core.retention`.

- ``people`` (:data:`DATA_CLASS`): a person is erased when nothing has been written about them
  (``last_entry_at``, here or in a program module) for the period: the organisation's own
  (``people_retention``, set by its admin; 0 = kept for ever) or else
  ``SAMVERKAN_RETENTION_PEOPLE_DAYS`` (default five years). Each erasure is the same as one on
  request, with a receipt whose reason is ``retention``. With the setting at 0 the class is
  not run at all.
- ``people_access`` (:data:`ACCESS_CLASS`): entries of the access log older than
  ``SAMVERKAN_RETENTION_PEOPLE_ACCESS_DAYS`` (default five years), also those kept after an
  erasure.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from samverkan.core.retention import DataClass
from samverkan.people import service
from samverkan.people.models import PeopleRetention, Person, PersonAccess

FIVE_YEARS = 1826


def _due(session: Session, now: datetime, days: int) -> list[tuple[int, int]]:
    """(person id, organisation id) of the people whose organisation's period (or ``days``)
    has passed since their last entry (read without decrypting anything)."""
    own = dict(session.execute(select(PeopleRetention.org_id, PeopleRetention.days)).all())
    oldest_cut = now - timedelta(days=min([days, *(d for d in own.values() if d > 0)]))
    candidates = session.execute(
        select(Person.id, Person.org_id, Person.last_entry_at)
        .where(Person.last_entry_at < oldest_cut)
        .order_by(Person.id)
    )
    out = []
    for person_id, org_id, last in candidates:
        period = own.get(org_id, days)
        if period > 0 and last < now - timedelta(days=period):
            out.append((person_id, org_id))
    return out


def count_old(session: Session, now: datetime, days: int) -> int:
    return len(_due(session, now, days))


def erase_old(session: Session, now: datetime, days: int) -> int:
    due = _due(session, now, days)
    for person_id, org_id in due:
        service.erase_record(
            session, person_id, org_id, reason="retention", by_user_id=None, now=now
        )
    return len(due)


def count_access(session: Session, now: datetime, days: int) -> int:
    before = now - timedelta(days=days)
    return int(
        session.scalar(select(func.count(PersonAccess.id)).where(PersonAccess.at < before)) or 0
    )


def delete_access(session: Session, now: datetime, days: int) -> int:
    before = now - timedelta(days=days)
    result = session.connection().execute(delete(PersonAccess).where(PersonAccess.at < before))
    return int(result.rowcount or 0)


DATA_CLASS = DataClass(
    name="people",
    what="people with nothing written about them for the period (per organisation)",
    default_days=FIVE_YEARS,
    count=count_old,
    delete=erase_old,
)
ACCESS_CLASS = DataClass(
    name="people_access",
    what="entries of the people's access log",
    default_days=FIVE_YEARS,
    count=count_access,
    delete=delete_access,
)
