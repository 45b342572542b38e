"""Incidents in the retention of :mod:`samverkan.core.retention` (:data:`DATA_CLASS`).

An incident goes when it happened (``occurred_at``) longer ago than
``SAMVERKAN_RETENTION_INCIDENTS_DAYS``. With it go its rows in tables that belong to it (an
action's link to it), and references that may be empty are emptied (a duplicate's pointer to
it: the duplicate stays a duplicate); every table in the models that refers to an incident is
handled, whichever domain it belongs to, so nothing fails on a foreign key. The weekly totals
lose what the deleted incidents added (:func:`counts.apply` with negative counts), so that they
still equal a recount of the incidents that remain: the totals are derived data, and keeping
totals of deleted reports would make the picture disagree with every list and export and be
lost at the next ``lagesbild rebuild``. The lägesbild looks back three years, within the default
five.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Column, Table, delete, func, select, update
from sqlalchemy.orm import Session

from samverkan.core import retention
from samverkan.core.db import Base
from samverkan.incidents import counts
from samverkan.incidents.models import Incident

CHUNK = 1000  # incidents per round: ids go into IN (...) lists


def _referrers() -> Iterator[tuple[Table, Column[Any]]]:
    """Every (table, column) with a foreign key to ``incident.id`` (the composition root has
    loaded every domain's models before retention runs)."""
    incident_id = Incident.__table__.c.id
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column is incident_id:
                yield table, fk.parent


def count_old(session: Session, now: datetime, days: int) -> int:
    before = now - timedelta(days=days)
    return int(
        session.scalar(select(func.count(Incident.id)).where(Incident.occurred_at < before)) or 0
    )


def delete_old(session: Session, now: datetime, days: int) -> int:
    """Delete the incidents that happened more than ``days`` before ``now``, in rounds of
    :data:`CHUNK`."""
    before = now - timedelta(days=days)
    conn = session.connection()
    cols = [getattr(Incident, f) for f in counts.KEY_FIELDS]
    referrers = list(_referrers())
    deleted = 0
    while True:
        rows = conn.execute(
            select(Incident.id, *cols, Incident.status)
            .where(Incident.occurred_at < before)
            .order_by(Incident.id)
            .limit(CHUNK)
        ).all()
        if not rows:
            break
        ids = [r[0] for r in rows]
        for table, column in referrers:
            if column.nullable and not column.primary_key:
                conn.execute(update(table).where(column.in_(ids)).values({column.name: None}))
            else:
                conn.execute(delete(table).where(column.in_(ids)))
        conn.execute(delete(Incident).where(Incident.id.in_(ids)))
        lost: Counter[counts.Key] = Counter(
            {k: -n for k, n in counts.count_rows(tuple(r[1:]) for r in rows).items()}
        )
        counts.apply(conn, lost)
        deleted += len(ids)
    if deleted:
        session.expire_all()  # objects loaded before may have been deleted or changed
    return deleted


DATA_CLASS = retention.DataClass(
    name="incidents",
    what="incidents (by when they happened)",
    default_days=1826,
    count=count_old,
    delete=delete_old,
)
